//! Whether a Kubernetes minor is supported where the compute will run: its place in the region's
//! community and long-term support windows, judged by the cluster's own support plan, with the
//! upgrade path that AKS's rules allow and what Azure ML documents. The validator (cluster facts
//! from a context or the pre-flight) and `versions --check` (a pasted version list) both ask
//! [`judge`]; the rules and their dates are in [`crate::dated`].

use crate::dated::{self, Now};
use crate::diagnostic::{Code, Severity};
use crate::resource_id::{ClusterId, ClusterKind};

/// A minor version, `(1, 31)`.
pub type Minor = (u64, u64);

/// The AKS support plan that long-term support needs.
pub const LONG_TERM_PLAN: &str = "AKSLongTermSupport";

/// The cluster's own support plan, as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Plan {
    /// The cluster has long-term support (`AKSLongTermSupport`, which needs the Premium tier);
    /// `None` when not known.
    pub long_term: Option<bool>,
}

impl Plan {
    /// The plan from the managed cluster's `sku.tier` (`Free`, `Standard`, `Premium`) and
    /// `properties.supportPlan` (`KubernetesOfficial`, `AKSLongTermSupport`), either unknown.
    /// AKS refuses the long-term plan below the Premium tier, so a Free or Standard cluster has
    /// none; a Premium cluster whose plan is not known is not assumed to have it.
    pub fn of(tier: Option<&str>, support_plan: Option<&str>) -> Plan {
        let long_term = match support_plan.map(str::trim).filter(|p| !p.is_empty()) {
            Some(plan) => Some(plan.eq_ignore_ascii_case(LONG_TERM_PLAN)),
            None => tier
                .map(str::trim)
                .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("premium"))
                .map(|_| false),
        };
        Plan { long_term }
    }
}

/// The minors a region supports, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Windows {
    /// Minors with community support (`KubernetesOfficial`).
    pub community: Vec<Minor>,
    /// Minors offered under long-term support (`AKSLongTermSupport`).
    pub long_term: Vec<Minor>,
}

impl Windows {
    /// The windows from minor texts (`1.31`, `1.31.2`); what is not a version is left out.
    pub fn of<'a>(
        community: impl IntoIterator<Item = &'a str>,
        long_term: impl IntoIterator<Item = &'a str>,
    ) -> Windows {
        let read = |texts: &mut dyn Iterator<Item = &'a str>| {
            let mut minors: Vec<Minor> = texts.filter_map(minor_of).collect();
            minors.sort_unstable();
            minors.dedup();
            minors
        };
        Windows {
            community: read(&mut community.into_iter()),
            long_term: read(&mut long_term.into_iter()),
        }
    }

    fn is_empty(&self) -> bool {
        self.community.is_empty() && self.long_term.is_empty()
    }
}

/// What is wrong with a version, or worth knowing about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The diagnostic code.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// The sentence, starting with "Kubernetes VERSION".
    pub message: String,
    /// An attach on this cluster is supported by AKS (long-term support counts only when the
    /// cluster has it).
    pub supported: bool,
}

/// `1.30.4`, `v1.30`, `1.28.5+k3s1` → (1, 30).
pub fn minor_of(text: &str) -> Option<Minor> {
    crate::version::parse_version(text)
        .ok()
        .map(|(v, _)| (v.major, v.minor))
}

/// Judges `version` (as the user or ARM wrote it; its minor is `minor`) on a cluster of `kind`
/// (`cluster` when its id is known, for the commands) against the region's `windows`, by the
/// cluster's `plan`, as of `now`. `None` when it is in the community window or nothing is known.
pub fn judge(
    version: &str,
    minor: Minor,
    windows: &Windows,
    plan: Plan,
    kind: ClusterKind,
    cluster: Option<&ClusterId>,
    now: Now,
) -> Option<Finding> {
    if windows.is_empty() || windows.community.contains(&minor) {
        return None;
    }
    let community = list(&windows.community);
    let lowest = windows.community.first().map(|m| text(*m));
    let newest = windows
        .community
        .iter()
        .chain(&windows.long_term)
        .max()
        .copied();
    if newest.is_some_and(|newest| minor > newest) {
        return Some(Finding {
            code: Code::KubernetesVersionUnsupported,
            severity: Severity::Error,
            message: format!(
                "Kubernetes {version} is outside the supported versions ({community}): it is newer than any the region supports"
            ),
            supported: false,
        });
    }
    let (rg, name) = match cluster {
        Some(id) => (id.resource_group.as_str(), id.name.as_str()),
        None => ("RG", "NAME"),
    };
    let upgrade_to = |target: &str| {
        format!(
            "`az aks upgrade --resource-group {rg} --name {name} --kubernetes-version {target}`"
        )
    };
    let long_term_only = windows.long_term.contains(&minor) && kind == ClusterKind::Aks;
    let mut finding = if long_term_only {
        let past = format!(
            "Kubernetes {version} is past AKS community support (supported minors: {community}) and AKS supports it only under long-term support (the Premium tier with the {LONG_TERM_PLAN} plan)"
        );
        let lowest_step = lowest.as_deref().map_or_else(String::new, |lowest| {
            format!(" upgrade to {lowest} ({})", upgrade_to(lowest))
        });
        match plan.long_term {
            Some(true) => Finding {
                code: Code::KubernetesVersionLts,
                severity: Severity::Warning,
                message: format!(
                    "{past}, which this cluster has; Azure ML documents an N-2 window aligned with AKS and says nothing about long-term support versions, so its extension's support for {version} is not documented: to stay within that window,{lowest_step}; on long-term support the cluster may skip minors to a higher long-term support minor"
                ),
                supported: true,
            },
            Some(false) => Finding {
                code: Code::KubernetesVersionUnsupported,
                severity: Severity::Error,
                message: format!(
                    "{past}, which this cluster does not have: it is out of support; from an unsupported version AKS lets the cluster go straight to the lowest supported minor (an unsupported recovery path, as a full cluster upgrade, not the control plane alone):{lowest_step}; or enable long-term support (`az aks update --resource-group {rg} --name {name} --tier premium --k8s-support-plan {LONG_TERM_PLAN}`), which Azure ML's documentation does not cover"
                ),
                supported: false,
            },
            None => Finding {
                code: Code::KubernetesVersionLts,
                severity: Severity::Warning,
                message: format!(
                    "{past}; whether this cluster has it is not known (`az aks show --resource-group {rg} --name {name} --query \"{{tier: sku.tier, plan: supportPlan}}\"` tells): without it the cluster is out of support:{lowest_step}"
                ),
                supported: false,
            },
        }
    } else {
        let how = match (kind, lowest.as_deref()) {
            (ClusterKind::Arc, _) => "upgrade the cluster with its distribution's tooling, one minor version at a time, before attaching".to_owned(),
            (ClusterKind::Aks, Some(lowest)) => {
                let long_term = if windows.long_term.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", or to a long-term support minor ({}) with the Premium tier and the {LONG_TERM_PLAN} plan",
                        list(&windows.long_term)
                    )
                };
                format!(
                    "from an unsupported version AKS lets the cluster go straight to the lowest supported minor (an unsupported recovery path, as a full cluster upgrade, not the control plane alone): upgrade to {lowest} ({}){long_term}, before attaching",
                    upgrade_to(lowest)
                )
            }
            (ClusterKind::Aks, None) => "upgrade the cluster (`az aks get-upgrades` lists where it can go) before attaching".to_owned(),
        };
        Finding {
            code: Code::KubernetesVersionUnsupported,
            severity: Severity::Error,
            message: format!(
                "Kubernetes {version} is outside the supported versions ({community}): {how}"
            ),
            supported: false,
        }
    };
    for rule in [&dated::AKS_UPGRADE_PATHS, &dated::AML_KUBERNETES_WINDOW] {
        if let Some(caveat) = rule.caveat(now) {
            finding.message.push_str(&caveat);
            break;
        }
    }
    Some(finding)
}

fn text((major, minor): Minor) -> String {
    format!("{major}.{minor}")
}

fn list(minors: &[Minor]) -> String {
    if minors.is_empty() {
        return "none listed".to_owned();
    }
    minors
        .iter()
        .map(|m| text(*m))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dated::{Day, TEST_NOW};

    fn windows() -> Windows {
        // A region as the AKS calendar of 2026-12-02 gives it: 1.35–1.37 community, and every
        // minor from 1.32 offered under long-term support.
        Windows::of(
            ["1.35", "1.36", "1.37"],
            ["1.32", "1.33", "1.34", "1.35", "1.36", "1.37"],
        )
    }

    fn at(version: &str, plan: Plan, kind: ClusterKind) -> Option<Finding> {
        let minor = minor_of(version).unwrap();
        judge(version, minor, &windows(), plan, kind, None, TEST_NOW)
    }

    #[test]
    fn plans_are_read_from_tier_and_support_plan() {
        assert_eq!(Plan::of(None, None).long_term, None);
        assert_eq!(Plan::of(Some("Premium"), None).long_term, None);
        assert_eq!(Plan::of(Some("Standard"), None).long_term, Some(false));
        assert_eq!(Plan::of(Some("free"), None).long_term, Some(false));
        assert_eq!(
            Plan::of(Some("Premium"), Some("aksLongTermSupport")).long_term,
            Some(true)
        );
        assert_eq!(
            Plan::of(Some("Premium"), Some("KubernetesOfficial")).long_term,
            Some(false)
        );
        assert_eq!(Plan::of(None, Some(" ")).long_term, None);
    }

    #[test]
    fn a_community_minor_is_fine_and_nothing_known_says_nothing() {
        assert_eq!(at("1.36.2", Plan::default(), ClusterKind::Aks), None);
        let none = Windows::default();
        assert_eq!(
            judge(
                "1.2",
                (1, 2),
                &none,
                Plan::default(),
                ClusterKind::Aks,
                None,
                TEST_NOW
            ),
            None
        );
    }

    #[test]
    fn a_long_term_only_minor_is_judged_by_the_clusters_plan() {
        let lts = at(
            "1.33.4",
            Plan {
                long_term: Some(true),
            },
            ClusterKind::Aks,
        )
        .unwrap();
        assert_eq!(
            (lts.code, lts.severity, lts.supported),
            (Code::KubernetesVersionLts, Severity::Warning, true)
        );
        assert!(
            lts.message.contains("which this cluster has"),
            "{}",
            lts.message
        );
        assert!(lts.message.contains("not documented"), "{}", lts.message);
        assert!(lts.message.contains("upgrade to 1.35"), "{}", lts.message);

        let without = at(
            "1.33.4",
            Plan {
                long_term: Some(false),
            },
            ClusterKind::Aks,
        )
        .unwrap();
        assert_eq!(
            (without.code, without.severity, without.supported),
            (Code::KubernetesVersionUnsupported, Severity::Error, false)
        );
        assert!(
            without
                .message
                .contains("--tier premium --k8s-support-plan AKSLongTermSupport"),
            "{}",
            without.message
        );
        assert!(without.message.contains("--kubernetes-version 1.35"));

        let unknown = at("1.33", Plan::default(), ClusterKind::Aks).unwrap();
        assert_eq!(
            (unknown.severity, unknown.supported),
            (Severity::Warning, false),
            "never called supported on a guess"
        );
        assert!(unknown.message.contains("not known"), "{}", unknown.message);
    }

    #[test]
    fn an_out_of_support_cluster_may_go_straight_to_the_lowest_supported_minor() {
        let old = at("1.29.9", Plan::default(), ClusterKind::Aks).unwrap();
        assert_eq!(old.severity, Severity::Error);
        assert!(old.message.contains("upgrade to 1.35"), "{}", old.message);
        assert!(
            old.message.contains("unsupported recovery path"),
            "{}",
            old.message
        );
        assert!(
            old.message.contains("long-term support minor (1.32"),
            "{}",
            old.message
        );

        let arc = at(
            "1.33",
            Plan {
                long_term: Some(true),
            },
            ClusterKind::Arc,
        )
        .unwrap();
        assert_eq!(
            arc.code,
            Code::KubernetesVersionUnsupported,
            "LTS is AKS's only"
        );
        assert!(
            arc.message.contains("one minor version at a time"),
            "{}",
            arc.message
        );

        let newer = at("1.40", Plan::default(), ClusterKind::Aks).unwrap();
        assert!(
            newer.message.contains("newer than any"),
            "{}",
            newer.message
        );
    }

    #[test]
    fn commands_name_the_cluster_when_known() {
        let id = crate::resource_id::parse_cluster_id(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod",
        )
        .unwrap()
        .id;
        let finding = judge(
            "1.33",
            (1, 33),
            &windows(),
            Plan {
                long_term: Some(false),
            },
            ClusterKind::Aks,
            Some(&id),
            TEST_NOW,
        )
        .unwrap();
        assert!(
            finding
                .message
                .contains("az aks upgrade --resource-group rg-aks --name aks-prod"),
            "{}",
            finding.message
        );
    }

    #[test]
    fn the_advice_asks_to_check_the_rules_once_they_were_read_long_ago() {
        let judge_at = |day: Day| {
            judge(
                "1.29",
                (1, 29),
                &windows(),
                Plan::default(),
                ClusterKind::Aks,
                None,
                Now::start_of(day),
            )
            .unwrap()
            .message
        };
        let checked = dated::AKS_UPGRADE_PATHS.checked;
        assert!(!judge_at(checked.plus_days(365)).contains("over a year ago"));
        assert!(judge_at(checked.plus_days(366)).contains("over a year ago"));
    }
}
