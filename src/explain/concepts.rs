//! Failures of the knowledge base recognised by what the text is about rather than by one of
//! their sentences: each rule asks for two independent things (the subject, such as a compute
//! name, an instance type, a CLI extension's Python code, an Arc cluster's agents; and what
//! happened to it, such as a stated rule, "already exists", an import error, no response),
//! or for a structural fact (a stated limit, a Kubernetes version), so that messages worded by
//! other tools, versions and users still find their failure. Words are one signal among the
//! facts; each rule stays at medium confidence unless the text also carries the failure's code.

use super::facts::{Facts, ResourceKind};
use super::reason::{Found, Reasoned};
use super::Confidence;

/// Any of `words` in the (lowercase) text.
fn any(lower: &str, words: &[&str]) -> Option<String> {
    words
        .iter()
        .find(|w| lower.contains(*w))
        .map(|w| (*w).to_owned())
}

fn found(id: &'static str, confidence: Confidence, shown_by: Vec<String>) -> Reasoned {
    Reasoned {
        found: Found::Known(id, confidence),
        shown_by,
    }
}

/// Every knowledge-base failure the text is about.
pub(super) fn reason(facts: &Facts, lower: &str) -> Vec<Reasoned> {
    let mut out = Vec::new();
    let rules: [fn(&Facts, &str) -> Option<Reasoned>; 18] = [
        throttled,
        compute_missing,
        router_without_address,
        internal_error,
        azureml_fe_conflict,
        image_pull,
        kubernetes_policy,
        resources_short,
        compute_name_rule,
        compute_name_taken,
        kubernetes_version,
        cli_extension,
        arc_agents,
        storage_mount,
        instance_type,
        healthcheck,
        namespace_scope,
        job_identity,
    ];
    for rule in rules {
        out.extend(rule(facts, lower));
    }
    out
}

/// A compute's name and a rule about names: a stated length, or the rule's own words.
fn compute_name_rule(facts: &Facts, lower: &str) -> Option<Reasoned> {
    let about = any(
        lower,
        &[
            "compute name",
            "name of the compute",
            "compute_name",
            "computename",
        ],
    )
    .or_else(|| {
        (lower.contains("compute") && lower.contains("name")).then(|| "compute".to_owned())
    })?;
    let limit = facts.limits.iter().any(|l| l.name);
    let rule = any(
        lower,
        &[
            "must start with",
            "must begin with",
            "must end with",
            "must not end with",
            "can include letters",
            "can only contain",
            "may only contain",
            "can only include",
            "invalid name",
            "name is invalid",
            "is not a valid name",
        ],
    );
    if !limit && rule.is_none() {
        return None;
    }
    let mut shown = vec![about];
    shown.extend(rule);
    Some(found("compute-name-invalid", Confidence::Medium, shown))
}

/// A compute's name that is taken.
fn compute_name_taken(_: &Facts, lower: &str) -> Option<Reasoned> {
    let about = any(lower, &["compute", "computetarget"])?;
    let taken = any(
        lower,
        &[
            "already exists",
            "already in use",
            "alreadyexists",
            "already exist",
            "be unique",
            "is already taken",
        ],
    )?;
    Some(found(
        "compute-name-taken",
        Confidence::Medium,
        vec![about, taken],
    ))
}

/// A Kubernetes version and a refusal.
fn kubernetes_version(facts: &Facts, lower: &str) -> Option<Reasoned> {
    let version = facts.kubernetes_versions.first().cloned().or_else(|| {
        any(
            lower,
            &["kubernetes version", "k8s version", "kubernetesversion"],
        )
    });
    // An API the cluster's version no longer serves (the chart is older than the cluster).
    let removed_api = lower.contains("no matches for kind") && lower.contains("v1beta1");
    let refused = any(
        lower,
        &[
            "not supported",
            "unsupported",
            "no longer supported",
            "not in the supported",
            "supported versions",
            "is not allowed",
            "out of support",
            "minimum supported",
            "only supports",
        ],
    );
    match (version, refused) {
        (Some(v), Some(r)) => Some(found(
            "kubernetes-version-unsupported",
            Confidence::Medium,
            vec![v, r],
        )),
        (_, _) if removed_api => Some(found(
            "kubernetes-version-unsupported",
            Confidence::Medium,
            vec!["no matches for kind".to_owned()],
        )),
        _ => None,
    }
}

/// Python failing to import inside an Azure CLI extension (or pip failing to install one).
fn cli_extension(_: &Facts, lower: &str) -> Option<Reasoned> {
    let python = any(
        lower,
        &[
            "no module named",
            "cannot import name",
            "traceback (most recent call last)",
            "the command failed with an unexpected error",
            "no matching extension",
            "failed to install",
            "importerror",
            "modulenotfounderror",
            "error loading command module",
            "pip failed",
            "failed to load",
            "unable to load extension",
            "not recognized",
            "no updates available",
            "attributeerror",
            "syntaxerror",
            "could not find a version that satisfies",
            "no matching distribution",
            "distutils",
        ],
    )?;
    let cli = any(
        lower,
        &[
            "azext_",
            "azcliextensions",
            "cliextensions",
            "az extension add",
            "az extension update",
            "azure-cli-ml",
            "command module 'ml'",
            "extension 'ml'",
            "extension ml",
            "--name ml",
            "k8s-extension",
            "connectedk8s",
            "/azure/cli/",
            "\\azure\\cli\\",
            "azure-cli",
        ],
    )?;
    Some(found(
        "cli-extension-load-failed",
        Confidence::Medium,
        vec![python, cli],
    ))
}

/// An Arc cluster's agents that do not answer or are not connected.
fn arc_agents(facts: &Facts, lower: &str) -> Option<Reasoned> {
    let arc = facts.first(ResourceKind::ArcCluster).is_some()
        || [
            "azure-arc",
            "connectedk8s",
            "arc-enabled",
            "azure arc",
            "connectedclusters",
            "clusterconnect",
            "onboarding",
            "diagnostic-checks",
        ]
        .iter()
        .any(|w| lower.contains(w));
    if let Some(status) = any(lower, &["connectivitystatus", "connectivity status"]) {
        if let Some(state) = any(lower, &["offline", "connecting", "expired"]) {
            return Some(found(
                "arc-agents-offline",
                Confidence::Medium,
                vec![status, state],
            ));
        }
    }
    let agents = any(
        lower,
        &[
            "agent",
            "azure-arc namespace",
            "kube-aad-proxy",
            "clusterconnect-agent",
            "helm release",
        ],
    )?;
    let silent = any(
        lower,
        &[
            "not able to connect",
            "unable to connect",
            "timed out",
            "timeout",
            "not reachable",
            "unreachable",
            "no response",
            "not connected",
            "connection refused",
            "unable to install",
            "failed to install",
            "install failed",
            "release failed",
            "couldn't install",
            "could not install",
        ],
    )?;
    (arc || lower.contains("extension agents")).then(|| {
        found(
            "arc-agents-offline",
            Confidence::Medium,
            vec![agents, silent],
        )
    })
}

/// A volume a job could not mount, or a datastore it was refused.
fn storage_mount(_: &Facts, lower: &str) -> Option<Reasoned> {
    if let Some(mount) = any(
        lower,
        &[
            "blobfuse",
            "mountvolume",
            "mount failed",
            "failed to mount",
            "unable to mount",
            "unable to attach or mount",
            "mount error",
            "/fuse",
            "fuse device",
        ],
    ) {
        return Some(found(
            "storage-mount-failed",
            Confidence::Medium,
            vec![mount],
        ));
    }
    let data = any(lower, &["datastore", "data store", "blob container"])?;
    let refused = any(
        lower,
        &[
            "denied",
            "unauthorized",
            "authentication",
            "forbidden",
            "permission",
            "authorizationfailure",
            "not authorized",
        ],
    )?;
    Some(found(
        "storage-mount-failed",
        Confidence::Medium,
        vec![data, refused],
    ))
}

/// An instance type the compute does not have, or that no node can hold.
fn instance_type(_: &Facts, lower: &str) -> Option<Reasoned> {
    let about = any(lower, &["instance type", "instancetype", "instance_type"])?;
    let wrong = any(
        lower,
        &[
            "not found",
            "invalid",
            "does not exist",
            "not exist",
            "not available",
            "exceed",
            "insufficient",
            "no nodes",
        ],
    )?;
    Some(found(
        "instance-type-invalid",
        Confidence::Medium,
        vec![about, wrong],
    ))
}

/// The extension's health check that failed.
fn healthcheck(_: &Facts, lower: &str) -> Option<Reasoned> {
    let check = any(lower, &["healthcheck", "health check", "health-check"])?;
    let failed = any(
        lower,
        &["failed", "error", "critical", "\"e4", "e40", "e45"],
    )?;
    let extension = any(lower, &["azureml", "extension", "amlarc", "pre-install"])?;
    Some(found(
        "extension-healthcheck-failed",
        Confidence::Medium,
        vec![check, failed, extension],
    ))
}

/// The extension installed (or asked for) at namespace scope.
fn namespace_scope(_: &Facts, lower: &str) -> Option<Reasoned> {
    let scope = any(
        lower,
        &[
            "scope 'namespace'",
            "scope namespace",
            "--scope namespace",
            "\"namespace\": {",
            "namespace scope",
            "scope: namespace",
        ],
    )?;
    let extension = any(
        lower,
        &[
            "azureml",
            "microsoft.azureml.kubernetes",
            "arcml",
            "extension",
        ],
    )?;
    Some(found(
        "extension-namespace-scope",
        Confidence::Medium,
        vec![scope, extension],
    ))
}

/// A managed identity that cannot get a token inside a job.
fn job_identity(_: &Facts, lower: &str) -> Option<Reasoned> {
    let identity = any(
        lower,
        &[
            "managedidentitycredential",
            "managed identity",
            "imds",
            "msi endpoint",
            "identity endpoint",
        ],
    )?;
    let failed = any(
        lower,
        &[
            "unavailable",
            "failed",
            "no managed identity endpoint",
            "could not",
            "unable",
            "error",
        ],
    )?;
    // Pasted here, a managed identity's failure is the job's or the endpoint's: the workstation's
    // own sign-in chain is `default-credential-failed`, which names its other credentials.
    if lower.contains("azureclicredential") || lower.contains("environmentcredential") {
        return None;
    }
    Some(found(
        "job-identity-failed",
        Confidence::Medium,
        vec![identity, failed],
    ))
}

/// ARM's 429, by its status or its codes, about Azure.
fn throttled(facts: &Facts, lower: &str) -> Option<Reasoned> {
    let code = [
        "TooManyRequests",
        "RequestThrottled",
        "SubscriptionRequestsThrottled",
        "TooManyRequestsReceived",
    ]
    .iter()
    .find(|c| facts.has_code(c))
    .map(|c| (*c).to_owned());
    let status = (facts.status == Some(429))
        .then(|| "429".to_owned())
        .or_else(|| any(lower, &["too many requests"]));
    let shown = code.or(status)?;
    let azure = any(
        lower,
        &["azure", "/subscriptions/", "subscription", "az ", "aks"],
    )?;
    Some(found("throttled", Confidence::Medium, vec![shown, azure]))
}

/// An image that could not be pulled: the pull, the image, and what went wrong.
fn image_pull(_: &Facts, lower: &str) -> Option<Reasoned> {
    let pull = any(
        lower,
        &[
            "imagepullbackoff",
            "errimagepull",
            "failedpullingimage",
            "failed to pull",
            "unable to pull",
            "pull access denied",
            "pulling image",
            "acrtokenexchange",
            "exchange acr token",
        ],
    )?;
    let wrong = any(
        lower,
        &[
            "unauthorized",
            "denied",
            "not found",
            "manifest unknown",
            "authentication required",
            "failed",
            "unable",
            "backoff",
        ],
    )?;
    Some(found(
        "image-pull-failed",
        Confidence::Medium,
        vec![pull, wrong],
    ))
}

/// Azure Policy for Kubernetes (Gatekeeper's admission webhook) refusing a pod or a resource.
fn kubernetes_policy(_: &Facts, lower: &str) -> Option<Reasoned> {
    let gatekeeper = any(lower, &["gatekeeper", "azurepolicy-"])?;
    let denied = any(
        lower,
        &["denied", "not allowed", "has not been allowed", "violation"],
    )?;
    Some(found(
        "policy-denied",
        Confidence::Medium,
        vec![gatekeeper, denied],
    ))
}

/// Pods that no node can hold: the resources the job (or deployment) requests do not fit.
fn resources_short(_: &Facts, lower: &str) -> Option<Reasoned> {
    let short = any(
        lower,
        &[
            "unschedulable",
            "resource insufficient",
            "insufficient cpu",
            "insufficient memory",
            "insufficient nvidia.com/gpu",
            "didn't have enough resource",
            "did not have enough resource",
            "nodes are available",
        ],
    )?;
    let pods = any(lower, &["node", "replica", "pod", "instance"])?;
    Some(found(
        "instance-type-invalid",
        Confidence::Medium,
        vec![short, pods],
    ))
}

/// The health check's E45005 (AZUREML_FE_DEPLOYMENT_CONFLICT): an older inference router in the
/// way. Its sibling E45004 is shared with a job's error, so only E45005 goes by its code.
fn azureml_fe_conflict(facts: &Facts, _: &str) -> Option<Reasoned> {
    facts.has_code("E45005").then(|| {
        found(
            "legacy-azureml-fe",
            Confidence::Medium,
            vec!["E45005".to_owned()],
        )
    })
}

/// Azure ML's bare internal error during an attach or on a compute: the workspace identity's
/// roles on the cluster are the documented first suspect.
fn internal_error(_: &Facts, lower: &str) -> Option<Reasoned> {
    let internal = any(
        lower,
        &[
            "internal server error",
            "internal error",
            "internalservererror",
            "internalerror",
        ],
    )?;
    let about = any(
        lower,
        &["attach", "compute", "kubernetes", "aks", "cluster"],
    )?;
    Some(found(
        "internal-server-error",
        Confidence::Medium,
        vec![internal, about],
    ))
}

/// A compute the text says is missing: Azure ML's own "cannot find the compute" failure (the
/// structural `resource-not-found` comes with it, for the listing commands).
fn compute_missing(facts: &Facts, _: &str) -> Option<Reasoned> {
    let compute = facts
        .resources
        .iter()
        .find(|r| r.kind == ResourceKind::Compute && r.missing)?;
    Some(found(
        "compute-not-found",
        Confidence::Medium,
        vec![compute.name.clone()],
    ))
}

/// The inference router (azureml-fe) or the extension's ingress without a load balancer
/// address: the cluster cannot give it one (the health check's E40001).
fn router_without_address(_: &Facts, lower: &str) -> Option<Reasoned> {
    let router = any(lower, &["azureml-fe", "azureml-ingress", "inferencerouter"])?;
    let address = any(
        lower,
        &[
            "loadbalancer ip",
            "load balancer ip",
            "external-ip",
            "external ip",
            "loadbalancer",
        ],
    )?;
    let missing = any(
        lower,
        &["none", "pending", "failed to get", "no ", "not support"],
    )?;
    Some(found(
        "healthcheck-load-balancer",
        Confidence::Medium,
        vec![router, address, missing],
    ))
}
