//! Failures of the knowledge base recognised by what the text is about rather than by one of
//! their sentences: each concept asks for independent things together (the subject, such as a
//! compute name, an instance type, a CLI extension's Python code, an Arc cluster's agents; and
//! what happened to it, such as "already exists", an import error, no response), or for a
//! structural fact (a stated limit, a Kubernetes version, a missing compute, a code that names
//! one failure), so that messages worded by other tools, versions and users still find their
//! failure. Words are one signal among the facts; every concept stays at medium confidence.
//! [`CONCEPTS`] holds those that are words alone, as data; the rest read facts.

use super::facts::{Facts, ResourceKind};
use super::reason::{Found, Reasoned};
use super::Confidence;

/// A failure recognised when the text holds a word of each group.
struct Concept {
    /// The knowledge base's failure.
    id: &'static str,
    /// Groups of words (lowercase): one of each must be in the text.
    groups: &'static [&'static [&'static str]],
}

/// The concepts that are words alone.
const CONCEPTS: &[Concept] = &[
    // A compute's name that is taken.
    Concept {
        id: "compute-name-taken",
        groups: &[
            &["compute", "computetarget"],
            &[
                "already exists",
                "already in use",
                "alreadyexists",
                "already exist",
                "be unique",
                "is already taken",
            ],
        ],
    },
    // Python failing inside an Azure CLI extension, or the CLI failing to install one.
    Concept {
        id: "cli-extension-load-failed",
        groups: &[
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
        ],
    },
    // A volume a job could not mount.
    Concept {
        id: "storage-mount-failed",
        groups: &[&[
            "blobfuse",
            "mountvolume",
            "mount failed",
            "failed to mount",
            "unable to mount",
            "unable to attach or mount",
            "mount error",
            "/fuse",
            "fuse device",
        ]],
    },
    // A datastore a job was refused.
    Concept {
        id: "storage-mount-failed",
        groups: &[
            &["datastore", "data store", "blob container"],
            &[
                "denied",
                "unauthorized",
                "authentication",
                "forbidden",
                "permission",
                "authorizationfailure",
                "not authorized",
            ],
        ],
    },
    // An instance type the compute does not have, or that no node can hold.
    Concept {
        id: "instance-type-invalid",
        groups: &[
            &["instance type", "instancetype", "instance_type"],
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
        ],
    },
    // Pods that no node can hold: what the job or deployment requests does not fit.
    Concept {
        id: "instance-type-invalid",
        groups: &[
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
            &["node", "replica", "pod", "instance"],
        ],
    },
    // The extension's health check that failed.
    Concept {
        id: "extension-healthcheck-failed",
        groups: &[
            &["healthcheck", "health check", "health-check"],
            &["failed", "error", "critical", "\"e4", "e40", "e45"],
            &["azureml", "extension", "amlarc", "pre-install"],
        ],
    },
    // The extension installed (or asked for) at namespace scope.
    Concept {
        id: "extension-namespace-scope",
        groups: &[
            &[
                "scope 'namespace'",
                "scope namespace",
                "--scope namespace",
                "\"namespace\": {",
                "namespace scope",
                "scope: namespace",
            ],
            &[
                "azureml",
                "microsoft.azureml.kubernetes",
                "arcml",
                "extension",
            ],
        ],
    },
    // An image that could not be pulled.
    Concept {
        id: "image-pull-failed",
        groups: &[
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
        ],
    },
    // Azure Policy for Kubernetes (Gatekeeper's admission webhook) refusing a pod or resource.
    Concept {
        id: "policy-denied",
        groups: &[
            &["gatekeeper", "azurepolicy-"],
            &["denied", "not allowed", "has not been allowed", "violation"],
        ],
    },
    // Azure ML's bare internal error on an attach or a compute (superseded by throttling).
    Concept {
        id: "internal-server-error",
        groups: &[
            &[
                "internal server error",
                "internal error",
                "internalservererror",
                "internalerror",
            ],
            &["attach", "compute", "kubernetes", "aks", "cluster"],
        ],
    },
    // The inference router or the extension's ingress without a load balancer address: the
    // cluster cannot give it one (the health check's E40001).
    Concept {
        id: "healthcheck-load-balancer",
        groups: &[
            &["azureml-fe", "azureml-ingress", "inferencerouter"],
            &[
                "loadbalancer ip",
                "load balancer ip",
                "external-ip",
                "external ip",
                "loadbalancer",
            ],
            &["none", "pending", "failed to get", "no ", "not support"],
        ],
    },
];

/// Any of `words` in the (lowercase) text.
fn any(lower: &str, words: &[&str]) -> Option<String> {
    words
        .iter()
        .find(|w| lower.contains(*w))
        .map(|w| (*w).to_owned())
}

fn found(id: &'static str, shown_by: Vec<String>) -> Reasoned {
    Reasoned {
        found: Found::Known(id, Confidence::Medium),
        shown_by,
    }
}

/// Every knowledge-base failure the text is about.
pub(super) fn reason(facts: &Facts, lower: &str) -> Vec<Reasoned> {
    let rules: [fn(&Facts, &str) -> Option<Reasoned>; 7] = [
        throttled,
        compute_missing,
        azureml_fe_conflict,
        compute_name_rule,
        kubernetes_version,
        arc_agents,
        job_identity,
    ];
    let mut out: Vec<Reasoned> = rules.iter().filter_map(|rule| rule(facts, lower)).collect();
    for concept in CONCEPTS {
        let words: Option<Vec<String>> = concept.groups.iter().map(|g| any(lower, g)).collect();
        if let Some(words) = words {
            if !out
                .iter()
                .any(|r| matches!(r.found, Found::Known(id, _) if id == concept.id))
            {
                out.push(found(concept.id, words));
            }
        }
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
    Some(found("compute-name-invalid", shown))
}

/// A Kubernetes version and a refusal, or an API the cluster's version no longer serves.
fn kubernetes_version(facts: &Facts, lower: &str) -> Option<Reasoned> {
    let version = facts.kubernetes_versions.first().cloned().or_else(|| {
        any(
            lower,
            &["kubernetes version", "k8s version", "kubernetesversion"],
        )
    });
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
        (Some(v), Some(r)) => Some(found("kubernetes-version-unsupported", vec![v, r])),
        // The chart is older than the cluster: its API was removed.
        _ if lower.contains("no matches for kind") && lower.contains("v1beta1") => Some(found(
            "kubernetes-version-unsupported",
            vec!["no matches for kind".to_owned()],
        )),
        _ => None,
    }
}

/// An Arc cluster's agents that do not answer, are not connected or were not installed.
fn arc_agents(facts: &Facts, lower: &str) -> Option<Reasoned> {
    if let Some(status) = any(lower, &["connectivitystatus", "connectivity status"]) {
        if let Some(state) = any(lower, &["offline", "connecting", "expired"]) {
            return Some(found("arc-agents-offline", vec![status, state]));
        }
    }
    let arc = facts.first(ResourceKind::ArcCluster).is_some()
        || lower.contains("extension agents")
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
    if !arc {
        return None;
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
    Some(found("arc-agents-offline", vec![agents, silent]))
}

/// A managed identity that cannot get a token inside a job or an endpoint.
fn job_identity(_: &Facts, lower: &str) -> Option<Reasoned> {
    // The workstation's own sign-in chain is `default-credential-failed`, which names its other
    // credentials; pasted here, a managed identity's failure alone is the job's or endpoint's.
    if lower.contains("azureclicredential") || lower.contains("environmentcredential") {
        return None;
    }
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
    Some(found("job-identity-failed", vec![identity, failed]))
}

/// ARM's 429, by its status, its codes or its words, about Azure.
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
    let shown = code
        .or_else(|| (facts.status == Some(429)).then(|| "429".to_owned()))
        .or_else(|| any(lower, &["too many requests"]))?;
    let azure = any(
        lower,
        &["azure", "/subscriptions/", "subscription", "az ", "aks"],
    )?;
    Some(found("throttled", vec![shown, azure]))
}

/// The health check's E45005 (AZUREML_FE_DEPLOYMENT_CONFLICT): an older inference router in the
/// way. Its sibling E45004 is shared with a job's error, so only E45005 goes by its code.
fn azureml_fe_conflict(facts: &Facts, _: &str) -> Option<Reasoned> {
    facts
        .has_code("E45005")
        .then(|| found("legacy-azureml-fe", vec!["E45005".to_owned()]))
}

/// A compute the text says is missing: Azure ML's own "cannot find the compute" failure (the
/// structural `resource-not-found` comes with it, for the listing commands).
fn compute_missing(facts: &Facts, _: &str) -> Option<Reasoned> {
    let compute = facts
        .resources
        .iter()
        .find(|r| r.kind == ResourceKind::Compute && r.missing)?;
    Some(found("compute-not-found", vec![compute.name.clone()]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::knowledge::FAILURES;

    #[test]
    fn every_concept_names_a_known_failure_in_lowercase_words() {
        for concept in CONCEPTS {
            assert!(
                FAILURES.iter().any(|f| f.id == concept.id),
                "{}",
                concept.id
            );
            assert!(!concept.groups.is_empty(), "{}", concept.id);
            for word in concept.groups.iter().flat_map(|g| g.iter()) {
                assert!(
                    !word.is_empty() && word.to_lowercase() == *word,
                    "{}: {word}",
                    concept.id
                );
            }
        }
    }

    #[test]
    fn a_concept_needs_a_word_of_every_group() {
        let facts = Facts::default();
        let ids = |text: &str| -> Vec<&'static str> {
            reason(&facts, &text.to_lowercase())
                .into_iter()
                .filter_map(|r| match r.found {
                    Found::Known(id, _) => Some(id),
                    Found::Own(_) => None,
                })
                .collect()
        };
        assert!(ids("the compute 'k8s-1' already exists").contains(&"compute-name-taken"));
        assert!(!ids("the file already exists").contains(&"compute-name-taken"));
        assert!(
            ids("ModuleNotFoundError in /root/.azure/cliextensions/ml/azext_mlv2")
                .contains(&"cli-extension-load-failed")
        );
        assert!(!ids("ModuleNotFoundError: No module named 'numpy'")
            .contains(&"cli-extension-load-failed"));
    }
}
