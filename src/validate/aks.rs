//! Legacy v1 AKS inference cluster (`type: aks`): attach or create, with the rules of
//! `AksCompute.validate_configuration` plus those the v1 documents state but the SDK leaves to
//! the service (capacity, internal load balancer and certificate, VNet ranges).

use super::cluster::{check_cluster, check_cluster_id, Version};
use super::reader::{lenient, suggest, Field, Fields, Sink};
use super::{read_name, read_text};
use crate::dated::Now;
use crate::diagnostic::{excerpt, Code};
use crate::network::{overlaps, parse_cidr, parse_ipv4};
use crate::resource_id::{check_aks_cluster_name, check_resource_group, ClusterKind};
use crate::spec::{
    AksAction, AksCompute, AksCreate, ClusterPurpose, ClusterRef, Context, LoadBalancer, Pem, Ssl,
    Vnet,
};
use crate::vm_size::{vcpus, V1_DEFAULT_AGENT_COUNT, V1_DEFAULT_VM_SIZE};

const KEYS: &[&str] = &[
    "name",
    "type",
    "description",
    "action",
    "resource_id",
    "resource_group",
    "cluster_name",
    "cluster_purpose",
    "load_balancer_type",
    "load_balancer_subnet",
    "ssl",
    "agent_count",
    "vm_size",
    "location",
    "vnet",
];
const ATTACH_ONLY: &[&str] = &["resource_id", "resource_group", "cluster_name"];
const CREATE_ONLY: &[&str] = &["agent_count", "vm_size", "location", "vnet"];
const SSL_KEYS: &[&str] = &[
    "cname",
    "cert_file",
    "cert",
    "key_file",
    "key",
    "leaf_domain_label",
    "overwrite_existing_domain",
    "renew",
];
const VNET_KEYS: &[&str] = &[
    "resource_group",
    "name",
    "subnet",
    "service_cidr",
    "dns_service_ip",
    "docker_bridge_cidr",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Attach,
    Create,
}

/// Keys only a v2 Kubernetes compute takes: a v1 spec that has them was meant to be v2.
const V2_ONLY: &[&str] = &["namespace", "identity"];

pub(super) fn read(
    mut fields: Fields<'_>,
    context: &Context,
    now: Now,
    sink: &mut Sink,
) -> Option<AksCompute> {
    sink.warning(
        Code::V1EndOfSupport,
        "type",
        fields.line_of("type"),
        format!(
            "v1 is legacy: {}; attach the cluster as a v2 Kubernetes compute (`type: kubernetes`) unless you must keep v1 web services",
            crate::dated::v1_support(now)
        ),
    );
    let name = read_name(&mut fields, context, sink);
    let description = read_text(&mut fields, "description", sink);
    let action = read_action(&mut fields, sink);

    if let Some(action) = action {
        let (wrong, why) = match action {
            Action::Attach => (CREATE_ONLY, "is for creating a cluster; an attach takes the cluster as it is"),
            Action::Create => (ATTACH_ONLY, "names an existing cluster, which is for `action: attach`; a create makes a new one"),
        };
        for key in wrong {
            if fields.has(key) {
                let line = fields.node(key, sink).map_or(0, |f| f.line);
                sink.error(
                    Code::FieldNotForAction,
                    &fields.path_of(key),
                    line,
                    format!("`{key}` {why}"),
                );
            }
        }
    }

    let target = match action {
        Some(Action::Attach) => read_target(&mut fields, context, sink),
        _ => None,
    };
    let create = match action {
        Some(Action::Create) => Some(read_create(&mut fields, context, sink)),
        _ => None,
    };
    let purpose = read_purpose(&mut fields, sink);
    let load_balancer = read_load_balancer(&mut fields, sink);
    let ssl = read_ssl(&mut fields, sink);
    let v2_keys: Vec<String> = V2_ONLY
        .iter()
        .filter(|key| fields.has(key))
        .map(|key| format!("`{key}`"))
        .collect();
    if !v2_keys.is_empty() {
        let (them, belong) = if v2_keys.len() == 1 {
            ("it", "belongs")
        } else {
            ("them", "belong")
        };
        sink.warning(
            Code::TypeLooksV2,
            "type",
            fields.line_of("type"),
            format!(
                "{} {belong} to a v2 Kubernetes compute, and `type: aks` is the legacy v1 inference cluster, which ignores {them}: did you mean `type: kubernetes`?",
                v2_keys.join(" and ")
            ),
        );
    }
    fields.finish(&lenient(KEYS), sink);

    // Rules across fields.
    if let (Some(Some(LoadBalancer::Internal { .. })), Some(ssl)) = (&load_balancer, &ssl) {
        match ssl {
            Some(Ssl::Microsoft { .. }) => sink.error(
                Code::IlbMicrosoftCertificate,
                "ssl.leaf_domain_label",
                0,
                "an internal load balancer cannot use the Microsoft certificate (leaf_domain_label): give your own certificate with `cname`, `cert_file` and `key_file`",
            ),
            None => sink.info(
                Code::IlbNeedsCustomCertificate,
                "load_balancer_type",
                0,
                "with an internal load balancer, TLS is only possible with your own certificate (`ssl.cname`, `ssl.cert_file`, `ssl.key_file`)",
            ),
            Some(Ssl::Custom { .. }) => {}
        }
    }
    if let Some(purpose) = &purpose {
        let purpose = purpose.unwrap_or(ClusterPurpose::FastProd);
        match action {
            Some(Action::Create) => {
                if let Some((create, _)) = &create {
                    check_create_capacity(purpose, create, sink);
                }
            }
            Some(Action::Attach) => check_attach_capacity(purpose, context, sink),
            None => {}
        }
    }
    if action == Some(Action::Attach) {
        let id = match &target {
            Some(ClusterRef::ResourceId(id)) => Some(id),
            _ => None,
        };
        check_cluster(ClusterKind::Aks, id, None, Version::V1, context, now, sink);
    }

    let action = match action? {
        Action::Attach => AksAction::Attach(target?),
        Action::Create => match create? {
            (create, true) => AksAction::Create(create),
            (_, false) => return None,
        },
    };
    Some(AksCompute {
        name: name?,
        description,
        action,
        cluster_purpose: purpose?,
        load_balancer: load_balancer?,
        ssl: ssl?,
    })
}

fn read_action(fields: &mut Fields<'_>, sink: &mut Sink) -> Option<Action> {
    if let Some(field) = fields.string("action", sink) {
        return match field.value.to_ascii_lowercase().as_str() {
            "attach" => Some(Action::Attach),
            "create" => Some(Action::Create),
            _ => {
                sink.error(
                    Code::ActionInvalid,
                    &field.path,
                    field.line,
                    format!("{} is not an action: use `attach` for an existing AKS cluster or `create` for a new one", excerpt(&field.value)),
                );
                None
            }
        };
    }
    if fields.has("action") {
        return None;
    }
    let (action, why) = if ATTACH_ONLY.iter().any(|k| fields.has(k)) {
        (
            Action::Attach,
            "attach, since the spec names an existing cluster",
        )
    } else {
        (
            Action::Create,
            "create, since the spec names no existing cluster",
        )
    };
    sink.info(
        Code::ActionInferred,
        "action",
        fields.line(),
        format!("`action` is not given; treated as {why}"),
    );
    Some(action)
}

fn read_target(fields: &mut Fields<'_>, context: &Context, sink: &mut Sink) -> Option<ClusterRef> {
    let resource_id = fields.string("resource_id", sink);
    let group = fields.string("resource_group", sink);
    let cluster = fields.string("cluster_name", sink);
    match (resource_id, group, cluster) {
        (Some(id), group, cluster) if group.is_some() || cluster.is_some() => {
            sink.error(
                Code::AksTargetConflict,
                &id.path,
                id.line,
                "give either `resource_id` or `resource_group` with `cluster_name`, not both",
            );
            None
        }
        (Some(id), ..) => {
            check_cluster_id(&id, Version::V1, context, sink).map(ClusterRef::ResourceId)
        }
        (None, Some(group), Some(cluster)) => {
            let mut ok = true;
            if let Err(message) = check_resource_group(&group.value) {
                sink.error(Code::ResourceGroupInvalid, &group.path, group.line, message);
                ok = false;
            }
            if let Err(message) = check_aks_cluster_name(&cluster.value) {
                sink.error(
                    Code::ClusterNameInvalid,
                    &cluster.path,
                    cluster.line,
                    message,
                );
                ok = false;
            }
            ok.then_some(ClusterRef::Name {
                resource_group: group.value,
                cluster_name: cluster.value,
            })
        }
        (None, Some(only), None) | (None, None, Some(only)) => {
            let missing = if only.path == "resource_group" {
                "cluster_name"
            } else {
                "resource_group"
            };
            sink.error(
                Code::AksTargetIncomplete,
                missing,
                only.line,
                format!("`{missing}` is required with `{}`, or give the cluster's `resource_id` instead", only.path),
            );
            None
        }
        (None, None, None) => {
            if !ATTACH_ONLY.iter().any(|k| fields.has(k)) {
                sink.error(
                    Code::ResourceIdRequired,
                    "resource_id",
                    fields.line(),
                    "an attach needs the cluster: give `resource_id`, or `resource_group` and `cluster_name`; this prints the id: `az aks show --resource-group RG --name NAME --query id --output tsv`",
                );
            }
            None
        }
    }
}

/// `Some(None)` when not given, `None` when invalid.
fn read_purpose(fields: &mut Fields<'_>, sink: &mut Sink) -> Option<Option<ClusterPurpose>> {
    let Some(field) = fields.string("cluster_purpose", sink) else {
        return (!fields.has("cluster_purpose")).then_some(None);
    };
    if let Some(&(purpose, _)) = ClusterPurpose::ALL
        .iter()
        .find(|(_, text)| *text == field.value)
    {
        return Some(Some(purpose));
    }
    let names: Vec<&str> = ClusterPurpose::ALL.iter().map(|(_, t)| *t).collect();
    let hint =
        suggest(&field.value, &names).map_or(String::new(), |s| format!("; did you mean `{s}`?"));
    sink.error(
        Code::ClusterPurposeInvalid,
        &field.path,
        field.line,
        format!("{} is not a cluster purpose: use `FastProd` (production, the default) or `DevTest`{hint}", excerpt(&field.value)),
    );
    None
}

/// `Some(None)` when not given, `None` when invalid.
fn read_load_balancer(fields: &mut Fields<'_>, sink: &mut Sink) -> Option<Option<LoadBalancer>> {
    let kind = fields.string("load_balancer_type", sink);
    let kind_given = fields.has("load_balancer_type");
    let subnet = fields.string("load_balancer_subnet", sink);
    let subnet_bad = subnet.is_none() && fields.has("load_balancer_subnet");
    let kind = match kind {
        Some(field) => match field.value.as_str() {
            "PublicIp" => Some((false, field)),
            "InternalLoadBalancer" => Some((true, field)),
            _ => {
                let hint = suggest(&field.value, &["PublicIp", "InternalLoadBalancer"])
                    .map_or(String::new(), |s| {
                        format!("; did you mean `{s}`? (the value is case-sensitive)")
                    });
                sink.error(
                    Code::LoadBalancerTypeInvalid,
                    &field.path,
                    field.line,
                    format!("{} is not a load balancer type: use `PublicIp` or `InternalLoadBalancer`{hint}", excerpt(&field.value)),
                );
                return None;
            }
        },
        None if kind_given => return None,
        None => None,
    };
    if subnet_bad {
        return None;
    }
    match (kind, subnet) {
        (Some((false, _)), Some(subnet)) => {
            sink.error(
                Code::LoadBalancerSubnetWithoutIlb,
                &subnet.path,
                subnet.line,
                "a load balancer subnet applies only to `load_balancer_type: InternalLoadBalancer`; remove it or switch to the internal load balancer",
            );
            None
        }
        (None, Some(subnet)) => {
            sink.error(
                Code::LoadBalancerSubnetWithoutIlb,
                &subnet.path,
                subnet.line,
                "a load balancer subnet needs `load_balancer_type: InternalLoadBalancer` beside it",
            );
            None
        }
        (Some((true, _)), subnet) => Some(Some(LoadBalancer::Internal {
            subnet: subnet.map(|s| s.value),
        })),
        (Some((false, _)), None) => Some(Some(LoadBalancer::PublicIp)),
        (None, None) => Some(None),
    }
}

/// `Some(None)` when no TLS is asked for, `None` when invalid.
fn read_ssl(fields: &mut Fields<'_>, sink: &mut Sink) -> Option<Option<Ssl>> {
    let Some(mut ssl) = fields.map("ssl", sink) else {
        return (!fields.has("ssl")).then_some(None);
    };
    let mut ok = true;
    let cname = ssl.string("cname", sink);
    let cert = read_pem(&mut ssl, "cert", PemKind::Certificate, sink, &mut ok);
    let key = read_pem(&mut ssl, "key", PemKind::Key, sink, &mut ok);
    let leaf = ssl.string("leaf_domain_label", sink);
    let overwrite = ssl.bool("overwrite_existing_domain", sink);
    let renew = ssl.bool("renew", sink);
    // A field present but of the wrong type was reported by its getter.
    let unread = |key: &str, read: bool| ssl.has(key) && !read;
    if unread("cname", cname.is_some())
        || unread("leaf_domain_label", leaf.is_some())
        || unread("overwrite_existing_domain", overwrite.is_some())
        || unread("renew", renew.is_some())
    {
        ok = false;
    }
    let overwrite_on = overwrite.as_ref().is_some_and(|f| f.value);
    let renew_on = renew.as_ref().is_some_and(|f| f.value);
    // Presence, not validity: a key given but malformed is reported once, not also as missing.
    let given = |keys: &[&str]| keys.iter().any(|k| ssl.has(k));
    let cname_given = given(&["cname"]);
    let cert_given = given(&["cert", "cert_file"]);
    let key_given = given(&["key", "key_file"]);
    let custom_given = cname_given || cert_given || key_given;
    let path = ssl.path().to_owned();
    let line = ssl.line();

    if let Some(cname) = &cname {
        if let Err(problem) = check_dns_name(&cname.value) {
            sink.error(
                Code::SslCnameInvalid,
                &cname.path,
                cname.line,
                format!("{} is not a DNS name: {problem}", excerpt(&cname.value)),
            );
            ok = false;
        }
    }
    if let Some(leaf) = &leaf {
        if let Err(problem) = check_leaf_label(&leaf.value) {
            sink.error(Code::SslLeafLabelInvalid, &leaf.path, leaf.line, problem);
            ok = false;
        }
    }
    if custom_given {
        let mut missing = Vec::new();
        if !cname_given {
            missing.push("`cname`");
        }
        if !cert_given {
            missing.push("`cert_file` (or `cert`)");
        }
        if !key_given {
            missing.push("`key_file` (or `key`)");
        }
        if !missing.is_empty() {
            sink.error(
                Code::SslIncomplete,
                &path,
                line,
                format!("your own certificate needs the CNAME, the certificate and the key together; missing {}", missing.join(" and ")),
            );
            ok = false;
        }
        if let Some(leaf) = &leaf {
            sink.error(
                Code::SslConflict,
                &leaf.path,
                leaf.line,
                "give either your own certificate (`cname`, `cert_file`, `key_file`) or a Microsoft certificate (`leaf_domain_label`), not both",
            );
            ok = false;
        }
    }
    if leaf.is_none() {
        if let Some(f) = overwrite.as_ref().filter(|f| f.value) {
            sink.error(
                Code::SslOverwriteWithoutLeaf,
                &f.path,
                f.line,
                "`overwrite_existing_domain` applies only to a Microsoft certificate: add `leaf_domain_label` or remove it",
            );
            ok = false;
        }
        if let Some(f) = renew.as_ref().filter(|f| f.value) {
            sink.error(
                Code::SslRenewWithoutLeaf,
                &f.path,
                f.line,
                "`renew` renews a Microsoft certificate: it needs `leaf_domain_label`; a custom certificate is renewed by giving the new files",
            );
            ok = false;
        }
    }
    ssl.finish(&lenient(SSL_KEYS), sink);
    if !ok {
        return None;
    }
    Some(match (cname, cert, key, leaf) {
        (Some(cname), Some(cert), Some(key), None) => Some(Ssl::Custom {
            cname: cname.value,
            cert,
            key,
        }),
        (None, None, None, Some(leaf)) => Some(Ssl::Microsoft {
            leaf_domain_label: leaf.value,
            overwrite_existing_domain: overwrite_on,
            renew: renew_on,
        }),
        _ => None,
    })
}

#[derive(Clone, Copy)]
enum PemKind {
    Certificate,
    Key,
}

/// `{stem}_file` (a path) or `{stem}` (PEM text); inline text is checked without ever being echoed.
fn read_pem(
    ssl: &mut Fields<'_>,
    stem: &str,
    kind: PemKind,
    sink: &mut Sink,
    ok: &mut bool,
) -> Option<Pem> {
    let file_key = format!("{stem}_file");
    let file = ssl.string(&file_key, sink);
    let inline = ssl.string(stem, sink);
    if (ssl.has(&file_key) && file.is_none()) || (ssl.has(stem) && inline.is_none()) {
        *ok = false;
        return None;
    }
    match (file, inline) {
        (Some(file), Some(_)) => {
            sink.error(
                Code::SslSourceConflict,
                &file.path,
                file.line,
                format!("give `{file_key}` (a path) or `{stem}` (the PEM text), not both"),
            );
            *ok = false;
            None
        }
        (Some(file), None) => {
            if file.value.trim().is_empty() {
                sink.error(
                    Code::SslPemInvalid,
                    &file.path,
                    file.line,
                    "the path is empty",
                );
                *ok = false;
                return None;
            }
            Some(Pem::File(file.value))
        }
        (None, Some(text)) => {
            let problem = match kind {
                PemKind::Certificate if !text.value.contains("-----BEGIN CERTIFICATE-----") => Some((
                    Code::SslPemInvalid,
                    "is not a PEM certificate: it should start with -----BEGIN CERTIFICATE----- and hold the whole chain",
                )),
                PemKind::Key if text.value.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.value.contains("Proc-Type: 4,ENCRYPTED") => Some((
                    Code::SslKeyEncrypted,
                    "is protected by a passphrase, which Azure ML cannot use: export it without one (`openssl pkey -in key.pem -out key-plain.pem`)",
                )),
                PemKind::Key if !(text.value.contains("-----BEGIN") && text.value.contains("PRIVATE KEY-----")) => Some((
                    Code::SslPemInvalid,
                    "is not a PEM private key: it should start with -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY)",
                )),
                _ => None,
            };
            if let Some((code, message)) = problem {
                sink.error(code, &text.path, text.line, format!("`{stem}` {message}"));
                *ok = false;
                return None;
            }
            Some(Pem::Inline(text.value))
        }
        (None, None) => None,
    }
}

/// The create settings that read cleanly (for the capacity checks), and whether all did.
fn read_create(fields: &mut Fields<'_>, context: &Context, sink: &mut Sink) -> (AksCreate, bool) {
    let mut ok = true;
    let agent_count = match fields.int("agent_count", sink) {
        Some(field) => match field.value {
            n if n < 0 => {
                sink.error(
                    Code::AgentCountInvalid,
                    &field.path,
                    field.line,
                    format!("{n} nodes: the node count must be positive"),
                );
                ok = false;
                None
            }
            0 => {
                sink.info(
                    Code::AgentCountInvalid,
                    &field.path,
                    field.line,
                    format!("0 means unset: the default of {V1_DEFAULT_AGENT_COUNT} nodes is used"),
                );
                None
            }
            n if n > 1000 => {
                sink.error(
                    Code::AgentCountInvalid,
                    &field.path,
                    field.line,
                    format!("{n} nodes: an AKS node pool has at most 1000"),
                );
                ok = false;
                None
            }
            n => u32::try_from(n).ok(),
        },
        None => {
            ok &= !fields.has("agent_count");
            None
        }
    };
    let vm_size = fields.string("vm_size", sink).map(|f| f.value);
    ok &= vm_size.is_some() || !fields.has("vm_size");
    let location = match fields.string("location", sink) {
        Some(field) => {
            if check_location(&field, sink) {
                if let Some(workspace) = context
                    .workspace
                    .as_ref()
                    .and_then(|w| w.location.as_deref())
                {
                    if !workspace.eq_ignore_ascii_case(&field.value) {
                        sink.warning(
                            Code::LocationDiffers,
                            &field.path,
                            field.line,
                            format!("the cluster would be in {} and the workspace is in {}: expect more latency and data-transfer cost", excerpt(&field.value), excerpt(workspace)),
                        );
                    }
                }
                Some(field.value)
            } else {
                ok = false;
                None
            }
        }
        None => {
            ok &= !fields.has("location");
            None
        }
    };
    let vnet = match fields.map("vnet", sink) {
        Some(vnet) => {
            let v = read_vnet(vnet, sink);
            ok &= v.is_some();
            v
        }
        None => {
            ok &= !fields.has("vnet");
            None
        }
    };
    let create = AksCreate {
        agent_count,
        vm_size,
        location,
        vnet,
    };
    (create, ok)
}

fn check_location(field: &Field<String>, sink: &mut Sink) -> bool {
    let value = &field.value;
    if !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return true;
    }
    let suggestion: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    sink.error(
        Code::LocationInvalid,
        &field.path,
        field.line,
        format!(
            "{} is not a region name: write it as `az account list-locations` does, such as {}",
            excerpt(value),
            excerpt(&suggestion)
        ),
    );
    false
}

fn read_vnet(mut vnet: Fields<'_>, sink: &mut Sink) -> Option<Vnet> {
    let path = vnet.path().to_owned();
    let line = vnet.line();
    let mut values: Vec<Option<Field<String>>> =
        VNET_KEYS.iter().map(|k| vnet.string(k, sink)).collect();
    let mut ok = VNET_KEYS
        .iter()
        .zip(&values)
        .all(|(k, v)| v.is_some() || !vnet.has(k));
    vnet.finish(&lenient(VNET_KEYS), sink);
    let missing: Vec<String> = VNET_KEYS
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| format!("`{k}`"))
        .collect();
    if !missing.is_empty() {
        sink.error(
            Code::VnetIncomplete,
            &path,
            line,
            format!(
                "an existing VNet needs all six settings; missing {}",
                missing.join(", ")
            ),
        );
        ok = false;
    }

    let take = |values: &mut Vec<Option<Field<String>>>, i: usize| {
        values.get_mut(i).and_then(Option::take)
    };
    let docker = take(&mut values, 5);
    let dns = take(&mut values, 4);
    let service = take(&mut values, 3);
    let service_net = parse_net(service.as_ref(), sink);
    let docker_net = parse_net(docker.as_ref(), sink);
    ok &= service_net.is_some() == service.is_some() && docker_net.is_some() == docker.is_some();
    let dns_ip = dns.as_ref().and_then(|f| match parse_ipv4(&f.value) {
        Ok(ip) => Some((ip, f)),
        Err(message) => {
            sink.error(Code::IpInvalid, &f.path, f.line, message);
            None
        }
    });
    ok &= dns_ip.is_some() == dns.is_some();

    if let Some((net, field)) = &service_net {
        if net.prefix_len() <= 12 {
            sink.error(
                Code::ServiceCidrTooLarge,
                &field.path,
                field.line,
                format!("/{} is too large a service range: AKS needs it smaller than /12 (a prefix length above 12, such as /16)", net.prefix_len()),
            );
            ok = false;
        }
        if let Some((ip, dns_field)) = &dns_ip {
            let network = net.trunc();
            if !network.contains(ip) {
                sink.error(
                    Code::DnsIpOutsideServiceCidr,
                    &dns_field.path,
                    dns_field.line,
                    format!("{ip} is outside the service range {network}: pick an address inside it, conventionally the .10 one"),
                );
                ok = false;
            } else {
                let first = u32::from(network.network());
                let value = u32::from(*ip);
                let reason = if value == first {
                    Some("the range's network address")
                } else if value == first.wrapping_add(1) {
                    Some("the first address, which the kubernetes service takes")
                } else if *ip == network.broadcast() {
                    Some("the range's broadcast address")
                } else {
                    None
                };
                if let Some(reason) = reason {
                    sink.error(
                        Code::DnsIpReserved,
                        &dns_field.path,
                        dns_field.line,
                        format!("{ip} is {reason}; use another address in {network}, conventionally the .10 one"),
                    );
                    ok = false;
                }
            }
        }
        if let Some((docker, docker_field)) = &docker_net {
            if overlaps(net, docker) {
                sink.error(
                    Code::DockerBridgeOverlap,
                    &docker_field.path,
                    docker_field.line,
                    format!("the Docker bridge range {} overlaps the service range {}: choose ranges that do not overlap", excerpt(&docker_field.value), net.trunc()),
                );
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let field =
        |values: &mut Vec<Option<Field<String>>>, i: usize| take(values, i).map(|f| f.value);
    Some(Vnet {
        resource_group: field(&mut values, 0)?,
        name: field(&mut values, 1)?,
        subnet: field(&mut values, 2)?,
        service_cidr: service_net?.0,
        dns_service_ip: dns_ip?.0,
        docker_bridge_cidr: docker_net?.0,
    })
}

fn parse_net<'f>(
    field: Option<&'f Field<String>>,
    sink: &mut Sink,
) -> Option<(ipnet::Ipv4Net, &'f Field<String>)> {
    field.and_then(|f| match parse_cidr(&f.value) {
        Ok(net) => Some((net, f)),
        Err(message) => {
            sink.error(Code::CidrInvalid, &f.path, f.line, message);
            None
        }
    })
}

/// A DNS name: labels of 1–63 letters, digits and '-' (not at either end), 253 characters in all.
pub(crate) fn check_dns_name(name: &str) -> Result<(), String> {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() || name.len() > 253 {
        return Err("a DNS name has 1 to 253 characters".to_owned());
    }
    if !name.contains('.') {
        return Err("give the full name clients use, such as ml.contoso.com".to_owned());
    }
    for label in name.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err("each part between dots has 1 to 63 characters".to_owned());
        }
        if !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err("only letters, digits, '-' and '.' are allowed".to_owned());
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("no part may start or end with '-'".to_owned());
        }
    }
    Ok(())
}

/// The label becomes `<label><6 characters>.<region>.cloudapp.azure.com`.
fn check_leaf_label(label: &str) -> Result<(), String> {
    if label.is_empty() || label.len() > 57 {
        return Err(format!("a leaf domain label has 1 to 57 characters (6 more are appended to it); this one has {}", label.chars().count()));
    }
    if !label
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || !label.starts_with(|c: char| c.is_ascii_lowercase())
    {
        return Err(format!("{} is not a leaf domain label: lowercase letters, digits and '-', starting with a letter", excerpt(label)));
    }
    Ok(())
}

/// What is known of a cluster's size (its vCPUs only when every VM size is known).
struct Size {
    nodes: u32,
    vcpus: Option<u32>,
}

fn check_create_capacity(purpose: ClusterPurpose, create: &AksCreate, sink: &mut Sink) {
    let nodes = create.agent_count.unwrap_or(V1_DEFAULT_AGENT_COUNT);
    let size = create.vm_size.as_deref().unwrap_or(V1_DEFAULT_VM_SIZE);
    let per_node = vcpus(size);
    if per_node.is_none() {
        sink.info(
            Code::VmSizeUnknown,
            "vm_size",
            0,
            format!("{} is not in the offline table, so its vCPUs are not counted; the service checks them", excerpt(size)),
        );
    }
    let capacity = Size {
        nodes,
        vcpus: per_node.map(|v| v * nodes),
    };
    check_capacity(purpose, &capacity, "agent_count", "vm_size", sink);
}

fn check_attach_capacity(purpose: ClusterPurpose, context: &Context, sink: &mut Sink) {
    let Some(cluster) = context
        .cluster
        .as_ref()
        .filter(|c| !c.node_pools.is_empty())
    else {
        return;
    };
    let mut nodes = 0u32;
    let mut total = Some(0u32);
    for (index, pool) in cluster.node_pools.iter().enumerate() {
        nodes = nodes.saturating_add(pool.count);
        let per_node = pool
            .vcpus
            .or_else(|| pool.vm_size.as_deref().and_then(vcpus));
        if per_node.is_none() {
            sink.info(
                Code::VmSizeUnknown,
                &format!("context.cluster.node_pools[{index}].vm_size"),
                0,
                match pool.vm_size.as_deref() {
                    Some(size) => format!(
                        "{} is not in the offline table, so its vCPUs are not counted; give `vcpus` for this pool",
                        excerpt(size)
                    ),
                    None => "this pool's size is not given, so its vCPUs are not counted; give `vcpus` for this pool".to_owned(),
                },
            );
        }
        total = match (total, per_node) {
            (Some(t), Some(v)) => Some(t.saturating_add(v.saturating_mul(pool.count))),
            _ => None,
        };
    }
    if cluster.node_pools.len() > 1 {
        let first = &cluster.node_pools[0];
        sink.info(
            Code::SecondaryNodePools,
            "context.cluster.node_pools",
            0,
            format!(
                "v1 deploys only to the first node pool ({}, {} nodes); secondary pools are not used for v1 web services",
                first.name.as_deref().map_or_else(|| "unnamed".to_owned(), |name| excerpt(name).to_string()),
                first.count
            ),
        );
    }
    let capacity = Size {
        nodes,
        vcpus: total,
    };
    check_capacity(
        purpose,
        &capacity,
        "context.cluster.node_pools",
        "context.cluster.node_pools",
        sink,
    );
}

fn check_capacity(
    purpose: ClusterPurpose,
    capacity: &Size,
    nodes_path: &str,
    vcpus_path: &str,
    sink: &mut Sink,
) {
    let minimum = purpose.minimum();
    match purpose {
        ClusterPurpose::FastProd | ClusterPurpose::DenseProd => {
            if capacity.nodes < minimum.nodes {
                sink.error(
                    Code::CapacityNodes,
                    nodes_path,
                    0,
                    format!("a {purpose} cluster needs at least {} nodes and has {} (the service answers \"At least {} machine(s) are required for cluster with purpose '{purpose}'\"): add nodes or set `cluster_purpose: DevTest`", minimum.nodes, capacity.nodes, minimum.nodes),
                );
            }
            if let Some(vcpus) = capacity.vcpus.filter(|v| *v < minimum.vcpus) {
                sink.error(
                    Code::CapacityVcpus,
                    vcpus_path,
                    0,
                    format!("a {purpose} cluster needs at least {} vCPUs and has {vcpus} (the service answers \"Cluster should have at least {} cores\"): use larger or more nodes, or set `cluster_purpose: DevTest`", minimum.vcpus, minimum.vcpus),
                );
            }
        }
        ClusterPurpose::DevTest => {
            if capacity.nodes < minimum.nodes {
                sink.error(
                    Code::CapacityNodes,
                    nodes_path,
                    0,
                    format!("a DevTest cluster needs at least {} node", minimum.nodes),
                );
            }
            if let Some(vcpus) = capacity.vcpus.filter(|v| *v < minimum.vcpus) {
                sink.warning(
                    Code::CapacityVcpus,
                    vcpus_path,
                    0,
                    format!(
                        "a DevTest cluster should have at least {} vCPUs and has {vcpus}",
                        minimum.vcpus
                    ),
                );
            }
        }
    }
}
