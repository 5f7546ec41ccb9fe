//! The rules between the extension's settings (what inference needs, TLS, the internal load
//! balancer), and against the cluster's facts when the context gives them (node count for the
//! router's three replicas, vCPUs for the extension's own components).

use crate::diagnostic::Code;
use crate::resource_id::ClusterKind;
use crate::spec::Context;
use crate::validate::reader::Sink;
use crate::vm_size;

use super::read::Written;
use super::{Inference, RouterService, Tls};

/// The fewest nodes the inference router's three replicas spread over.
pub const ROUTER_HA_NODES: u32 = 3;
/// The documented minimum of a production cluster, in vCPUs.
pub const PRODUCTION_MIN_VCPUS: u32 = 4;

/// What the extension's own components request, before any workload (the reference's resource
/// plan, "test" totals: requests; production sizes its nodes for the limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capacity {
    /// CPU in millicores.
    pub cpu_millis: u32,
    /// Memory in MiB.
    pub memory_mib: u32,
}

/// The requests of the components installed for these workloads.
pub fn capacity_needed(training: bool, inference: bool) -> Capacity {
    let (cpu_millis, memory_mib) = match (training, inference) {
        (true, true) => (1910, 2884),
        (false, true) => (1780, 2440),
        _ => (410, 1492),
    };
    Capacity {
        cpu_millis,
        memory_mib,
    }
}

/// What the settings mean, once read.
pub(super) struct Facts {
    pub training: bool,
    pub inference: Option<Inference>,
}

fn is_true(w: &Written) -> bool {
    w.value.eq_ignore_ascii_case("true")
}

/// Checks the settings against each other and the cluster's facts.
pub(super) fn check(
    written: &[Written],
    kind: Option<ClusterKind>,
    has_config: bool,
    context: &Context,
    sink: &mut Sink,
) -> Facts {
    // The last documented entry of a key (a key in the wrong list does not count).
    let get = |key: &str| {
        written.iter().rev().find(|w| {
            w.key == key
                && w.setting
                    .is_some_and(|s| s.place != super::settings::Place::Protected || w.protected)
        })
    };
    let training = get("enableTraining").is_some_and(is_true);
    let inference_on = get("enableInference").is_some_and(is_true);
    if !training && !inference_on && has_config {
        let (path, line) = get("enableTraining")
            .or_else(|| get("enableInference"))
            .map_or(("config".to_owned(), 0), |w| (w.path.clone(), w.line));
        sink.error(
            Code::ExtensionNoWorkload,
            &path,
            line,
            "enable training, inference or both (`enableTraining: true`, `enableInference: true`): the CLI refuses an extension for neither",
        );
    }
    let inference_keys = [
        "inferenceRouterServiceType",
        "internalLoadBalancerProvider",
        "allowInsecureConnections",
        "sslSecret",
        "sslCname",
        "sslCertPemFile",
        "sslKeyPemFile",
        "inferenceRouterHA",
    ];
    if !inference_on {
        for key in inference_keys {
            if let Some(w) = get(key) {
                sink.warning(
                    Code::ExtensionInferenceUnused,
                    &w.path,
                    w.line,
                    format!("`{key}` sets up inference, which is off: add `enableInference: true`, or remove it"),
                );
            }
        }
        check_capacity(training, false, context, sink);
        return Facts {
            training,
            inference: None,
        };
    }
    let anchor =
        get("enableInference").map_or(("config".to_owned(), 0), |w| (w.path.clone(), w.line));
    let router = match get("inferenceRouterServiceType") {
        Some(w) => RouterService::parse(&w.value),
        None => {
            // At the missing setting's path (where a form asks for it), on the line that turned
            // inference on (where a document needs it added).
            sink.error(
                Code::ExtensionRouterRequired,
                "config.inferenceRouterServiceType",
                anchor.1,
                "inference needs `inferenceRouterServiceType`: `loadBalancer` (a cloud load balancer; add `internalLoadBalancerProvider: azure` on AKS for an internal one), `nodePort` or `clusterIP`",
            );
            None
        }
    };
    let ilb = get("internalLoadBalancerProvider");
    if let (Some(ilb), Some(router)) = (ilb, router) {
        match router {
            RouterService::NodePort => sink.error(
                Code::ExtensionInternalLoadBalancer,
                &ilb.path,
                ilb.line,
                "an internal load balancer needs `inferenceRouterServiceType: loadBalancer`; with `nodePort` the CLI refuses it: remove one of them",
            ),
            RouterService::ClusterIp => sink.warning(
                Code::ExtensionInternalLoadBalancer,
                &ilb.path,
                ilb.line,
                "has no effect with `inferenceRouterServiceType: clusterIP`, which makes no load balancer: use `loadBalancer` for an internal one, or remove this",
            ),
            RouterService::LoadBalancer => {}
        }
    }
    if router == Some(RouterService::LoadBalancer)
        && kind == Some(ClusterKind::Arc)
        && ilb.is_none()
    {
        if let Some(w) = get("inferenceRouterServiceType") {
            sink.info(
                Code::ExtensionValueInvalid,
                &w.path,
                w.line,
                "`loadBalancer` on an Arc cluster needs a load balancer the cluster provides (MetalLB on most on-premises clusters); without one the install fails with E40001 LOAD_BALANCER_NOT_SUPPORT: use `nodePort` or `clusterIP` there",
            );
        }
    }
    let tls = check_tls(&get, &anchor, sink);
    let ha = get("inferenceRouterHA");
    check_router_ha(
        ha,
        &anchor,
        written.iter().any(|w| w.key.starts_with("nodeSelector.")),
        context,
        sink,
    );
    check_capacity(training, true, context, sink);
    let inference = match (router, tls) {
        (Some(router), Some(tls)) => Some(Inference {
            router,
            internal_load_balancer: ilb.is_some(),
            router_ha: ha.map(is_true),
            tls,
        }),
        _ => None,
    };
    Facts {
        training,
        inference,
    }
}

impl RouterService {
    /// The service a value names, in any case.
    pub fn parse(value: &str) -> Option<RouterService> {
        [
            RouterService::LoadBalancer,
            RouterService::NodePort,
            RouterService::ClusterIp,
        ]
        .into_iter()
        .find(|r| r.as_str().eq_ignore_ascii_case(value))
    }
}

/// HTTPS needs a certificate and its name; plain HTTP must be asked for.
fn check_tls<'w>(
    get: &dyn Fn(&str) -> Option<&'w Written>,
    anchor: &(String, usize),
    sink: &mut Sink,
) -> Option<Tls> {
    let insecure = get("allowInsecureConnections").filter(|w| is_true(w));
    let secret = get("sslSecret");
    let cname = get("sslCname");
    let cert = get("sslCertPemFile");
    let key = get("sslKeyPemFile");
    if let (Some(one), None) | (None, Some(one)) = (cert, key) {
        let missing = if one.key == "sslCertPemFile" {
            "sslKeyPemFile"
        } else {
            "sslCertPemFile"
        };
        sink.error(
            Code::ExtensionPemPair,
            &one.path,
            one.line,
            format!(
                "the certificate and its key go together: add `{missing}` to `config_protected`"
            ),
        );
    }
    let files = cert.zip(key);
    if let (Some(_), Some(secret)) = (files, secret) {
        sink.warning(
            Code::ExtensionTlsBoth,
            &secret.path,
            secret.line,
            "give the certificate one way: the CLI uses the PEM files and ignores `sslSecret`; remove one",
        );
    }
    let material = files.is_some() || secret.is_some();
    if let Some(insecure) = insecure {
        if material {
            sink.warning(
                Code::ExtensionTlsUnused,
                &insecure.path,
                insecure.line,
                "plain HTTP is asked for, and a certificate is given too: remove `allowInsecureConnections` to serve HTTPS, or the certificate settings to serve HTTP",
            );
        } else {
            sink.info(
                Code::ExtensionInsecure,
                &insecure.path,
                insecure.line,
                "the inference endpoints will serve plain HTTP: scoring requests and their keys cross the network unencrypted",
            );
            return Some(Tls::Insecure);
        }
    } else if !material {
        sink.error(
            Code::ExtensionTlsRequired,
            &anchor.0,
            anchor.1,
            "inference serves HTTPS unless told otherwise, and no certificate is given: add `sslSecret` (a secret in the azureml namespace with cert.pem and key.pem) or `sslCertPemFile` and `sslKeyPemFile` under `config_protected`, each with `sslCname`; or set `allowInsecureConnections: true` for plain HTTP",
        );
        return None;
    }
    let Some(cname) = cname else {
        let at = files.map(|(c, _)| c).or(secret)?;
        sink.error(
            Code::ExtensionCnameRequired,
            &at.path,
            at.line,
            "a certificate needs `sslCname`, the DNS name the endpoints are reached by, which the certificate must name",
        );
        return None;
    };
    let cname = cname.value.clone();
    match (files, secret) {
        (Some((cert, key)), _) => Some(Tls::Files {
            cert: cert.value.clone(),
            key: key.value.clone(),
            cname,
        }),
        (None, Some(secret)) => Some(Tls::Secret {
            name: secret.value.clone(),
            cname,
        }),
        (None, None) => None,
    }
}

/// The router's three replicas spread over three nodes; on fewer, the install fails (E40002).
fn check_router_ha(
    ha: Option<&Written>,
    anchor: &(String, usize),
    node_selector: bool,
    context: &Context,
    sink: &mut Sink,
) {
    let Some(cluster) = &context.cluster else {
        return;
    };
    if cluster.node_pools.is_empty() {
        return;
    }
    let nodes: u32 = cluster.node_pools.iter().map(|p| p.count).sum();
    let selector = if node_selector {
        " (and `nodeSelector` may leave fewer)"
    } else {
        ""
    };
    match ha {
        Some(w) if is_true(w) && nodes < ROUTER_HA_NODES => sink.error(
            Code::ExtensionRouterHaNodes,
            &w.path,
            w.line,
            format!("three inference routers need three nodes, and the cluster has {nodes}: the healthcheck fails the install with E40002 INSUFFICIENT_NODE; set `inferenceRouterHA: false`, or add nodes"),
        ),
        None if nodes < ROUTER_HA_NODES => sink.warning(
            Code::ExtensionRouterHaNodes,
            &anchor.0,
            anchor.1,
            format!("the cluster has {nodes} node(s){selector} and the router runs three replicas by default: `az k8s-extension create` turns that off itself on fewer than three nodes, but ARM, Bicep and Terraform do not; set `inferenceRouterHA: false` so every install agrees"),
        ),
        Some(w) if is_true(w) && node_selector => sink.info(
            Code::ExtensionRouterHaNodes,
            &w.path,
            w.line,
            format!("three inference routers need three nodes that match `nodeSelector`; the cluster has {nodes} in all"),
        ),
        _ => {}
    }
}

/// The cluster's vCPUs against the extension's own requests, when every pool's size is known.
fn check_capacity(training: bool, inference: bool, context: &Context, sink: &mut Sink) {
    let Some(cluster) = &context.cluster else {
        return;
    };
    if cluster.node_pools.is_empty() {
        return;
    }
    let mut total = 0u32;
    for pool in &cluster.node_pools {
        let Some(vcpus) = pool
            .vcpus
            .or_else(|| pool.vm_size.as_deref().and_then(vm_size::vcpus))
        else {
            return;
        };
        total = total.saturating_add(pool.count.saturating_mul(vcpus));
    }
    let need = capacity_needed(training, inference);
    let what = match (training, inference) {
        (true, true) => "training and inference",
        (false, true) => "inference",
        _ => "training",
    };
    let path = "context.cluster.node_pools";
    if total.saturating_mul(1000) < need.cpu_millis {
        sink.error(
            Code::ExtensionCapacity,
            path,
            0,
            format!(
                "the extension's own components for {what} request {} vCPU and {} MiB before any job, and the cluster has {total} vCPU: add nodes or use a larger VM size",
                fmt_millis(need.cpu_millis),
                need.memory_mib
            ),
        );
    } else if total < PRODUCTION_MIN_VCPUS {
        sink.warning(
            Code::ExtensionCapacity,
            path,
            0,
            format!("the cluster has {total} vCPU: enough to try the extension, under the {PRODUCTION_MIN_VCPUS} vCPU and 14 GB Azure ML documents for production"),
        );
    }
}

/// `1910` → `1.91`.
fn fmt_millis(millis: u32) -> String {
    let whole = millis / 1000;
    let frac = millis % 1000;
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{}", format!("{frac:03}").trim_end_matches('0'))
    }
}
