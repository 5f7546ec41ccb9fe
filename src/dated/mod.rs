//! Dated facts: every fact that depends on a date (ends of support, retirements, enforcement
//! dates, the documented rules that change over time, api-versions), once, with its date and its
//! public source; and the clock ([`Now`]) the caller passes in, from which every sentence that
//! depends on one of them takes its tense and its advice.
//!
//! The core reads no clock: the CLI passes `--now` or the system time, the wasm edge a `now`
//! option or `Date.now()`. No other file writes a dated sentence as a literal; they ask the fact
//! here ([`DatedFact::sentence`], [`DatedFact::has_passed`]).

mod clock;
mod table;

pub use clock::{Day, Now, NowError};
pub use table::{facts_as_of, render_facts, FactRow, FactsAsOf};

/// Which side of its date a fact is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// Something ends with its date, the last day it holds ("support ends on D"); it has passed
    /// from the next day on.
    Ends,
    /// Something starts on its date ("enforced from D"); it holds from that day on.
    Starts,
}

/// A fact with a date: what happens, when, and who says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatedFact {
    /// A stable id (`sdk-v1-end-of-support`), for JS and for tests.
    pub id: &'static str,
    /// What it is about, as the start of a sentence: "SDK v1 (azureml-core) support".
    pub subject: &'static str,
    /// The verb before the date, while it is ahead: "ends on".
    pub ahead: &'static str,
    /// The verb before the date, once it has passed: "ended on".
    pub passed: &'static str,
    /// Whether the date is the last day or the first.
    pub turn: Turn,
    /// The date.
    pub date: Day,
    /// The public source that gives the date.
    pub source: &'static str,
    /// The day the source was last read for this fact.
    pub checked: Day,
}

impl DatedFact {
    /// The fact holds on `now`'s day: a support that [`Turn::Ends`] is over, an enforcement that
    /// [`Turn::Starts`] has begun.
    pub fn has_passed(&self, now: Now) -> bool {
        match self.turn {
            Turn::Ends => now.today() > self.date,
            Turn::Starts => now.today() >= self.date,
        }
    }

    /// "support for SDK v1 (azureml-core) ends on 2026-06-30" or "… ended on 2026-06-30", as of
    /// `now`.
    pub fn sentence(&self, now: Now) -> String {
        format!("{} {}", self.subject, self.predicate(now))
    }

    /// The sentence without its subject, for a clause about it: "ended on 2026-06-30".
    pub fn predicate(&self, now: Now) -> String {
        let verb = if self.has_passed(now) {
            self.passed
        } else {
            self.ahead
        };
        format!("{verb} {}", self.date)
    }

    /// [`DatedFact::sentence`] with the time to go when the date is near: "… ends on 2026-06-30
    /// (in 12 days)", "… ends on 2026-06-30 (today)".
    pub fn sentence_with_countdown(&self, now: Now) -> String {
        let sentence = self.sentence(now);
        let days = now.today().days_until(self.date);
        match (self.has_passed(now), days) {
            (false, 0) => format!("{sentence} (today)"),
            (false, 1) => format!("{sentence} (tomorrow)"),
            (false, 2..=90) => format!("{sentence} (in {days} days)"),
            _ => sentence,
        }
    }
}

/// The v1 CLI extension's end of support.
pub const CLI_V1_END: DatedFact = DatedFact {
    id: "cli-v1-end-of-support",
    subject: "the v1 CLI extension (azure-cli-ml)",
    ahead: "reaches end of support on",
    passed: "reached end of support on",
    turn: Turn::Ends,
    date: Day::new(2025, 9, 30),
    source: "https://learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-anywhere",
    checked: Day::new(2026, 12, 2),
};

/// SDK v1's deprecation (the start of its last support period).
pub const SDK_V1_DEPRECATED: DatedFact = DatedFact {
    id: "sdk-v1-deprecated",
    subject: "SDK v1 (azureml-core)",
    ahead: "is deprecated from",
    passed: "has been deprecated since",
    turn: Turn::Starts,
    date: Day::new(2025, 3, 31),
    source: "https://learn.microsoft.com/azure/machine-learning/concept-v2",
    checked: Day::new(2026, 12, 2),
};

/// SDK v1's end of support.
pub const SDK_V1_END: DatedFact = DatedFact {
    id: "sdk-v1-end-of-support",
    subject: "support for SDK v1 (azureml-core)",
    ahead: "ends on",
    passed: "ended on",
    turn: Turn::Ends,
    date: Day::new(2026, 6, 30),
    source: "https://learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-anywhere",
    checked: Day::new(2026, 12, 2),
};

/// The Basic Load Balancer's retirement: AKS no longer supports it.
pub const BASIC_LB_RETIRED: DatedFact = DatedFact {
    id: "basic-load-balancer-retirement",
    subject: "the Basic load balancer",
    ahead: "retires on",
    passed: "was retired on",
    turn: Turn::Ends,
    date: Day::new(2025, 9, 30),
    source: "https://learn.microsoft.com/azure/aks/upgrade-basic-load-balancer-on-aks",
    checked: Day::new(2026, 12, 2),
};

/// Mandatory multifactor authentication for Azure Resource Manager writes by users (phase 2).
pub const ARM_MFA_ENFORCED: DatedFact = DatedFact {
    id: "arm-mfa-enforcement",
    subject: "multifactor authentication for Azure Resource Manager create, update and delete operations by users",
    ahead: "is enforced from",
    passed: "has been enforced since",
    turn: Turn::Starts,
    date: Day::new(2025, 10, 1),
    source: "https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication",
    checked: Day::new(2026, 12, 2),
};

/// Every dated fact, for the closing table, the JS export and the tests.
pub const FACTS: &[&DatedFact] = &[
    &CLI_V1_END,
    &SDK_V1_DEPRECATED,
    &SDK_V1_END,
    &BASIC_LB_RETIRED,
    &ARM_MFA_ENFORCED,
];

/// A documented rule that can change: what the documentation says, where, and as of when. Advice
/// that rests on one says so once the reading is old ([`DatedRule::caveat`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatedRule {
    /// A stable id.
    pub id: &'static str,
    /// The rule, in one sentence.
    pub rule: &'static str,
    /// The page that states it.
    pub source: &'static str,
    /// The page's own date (`ms.date`) when it was read.
    pub documented: Day,
    /// The day the page was last read for it.
    pub checked: Day,
}

/// How long a reading of a rule is taken as current.
const RULE_FRESH_DAYS: i64 = 365;

impl DatedRule {
    /// Nothing while the reading is under a year old; after that, a clause asking the reader to
    /// confirm the rule: "; AKS's rule as read on 2026-12-02, over a year ago: check …".
    pub fn caveat(&self, now: Now) -> Option<String> {
        (self.checked.days_until(now.today()) > RULE_FRESH_DAYS).then(|| {
            format!(
                "; this rests on the documentation as read on {}, over a year ago: check {}",
                self.checked, self.source
            )
        })
    }
}

/// How many GA minor versions AKS supports at once (its community window, N-2).
pub const AKS_COMMUNITY_MINORS: usize = 3;

/// AKS's community support window.
pub const AKS_SUPPORT_WINDOW: DatedRule = DatedRule {
    id: "aks-support-window",
    rule: "AKS supports three GA minor versions (N-2) with community support, and one more (N-3) with platform support only",
    source: "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions",
    documented: Day::new(2026, 8, 5),
    checked: Day::new(2026, 12, 2),
};

/// AKS long-term support.
pub const AKS_LONG_TERM_SUPPORT: DatedRule = DatedRule {
    id: "aks-long-term-support",
    rule: "long-term support adds a year to a minor's community support (about two years from GA) and needs the Premium tier with the AKSLongTermSupport plan",
    source: "https://learn.microsoft.com/azure/aks/long-term-support",
    documented: Day::new(2026, 8, 5),
    checked: Day::new(2026, 12, 2),
};

/// AKS's upgrade paths.
pub const AKS_UPGRADE_PATHS: DatedRule = DatedRule {
    id: "aks-upgrade-paths",
    rule: "a supported non-LTS cluster upgrades one minor at a time; an LTS cluster may skip to a higher LTS minor; an unsupported cluster may go straight to the lowest supported minor or to an LTS minor, which AKS calls an unsupported recovery path",
    source: "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions#can-i-skip-multiple-aks-versions-during-a-cluster-upgrade",
    documented: Day::new(2026, 8, 5),
    checked: Day::new(2026, 12, 2),
};

/// The Azure ML extension's Kubernetes versions.
pub const AML_KUBERNETES_WINDOW: DatedRule = DatedRule {
    id: "azureml-kubernetes-window",
    rule: "the Azure ML extension supports an N-2 window aligned with AKS's and says nothing about AKS long-term support versions",
    source: "https://learn.microsoft.com/azure/machine-learning/reference-kubernetes#supported-kubernetes-version-and-region",
    documented: Day::new(2025, 2, 10),
    checked: Day::new(2026, 12, 2),
};

/// ARM's request budgets (the token buckets in `crate::arm::budget`).
pub const ARM_THROTTLING: DatedRule = DatedRule {
    id: "arm-throttling",
    rule: "since 2024 ARM throttles per region with token buckets: per subscription and principal, reads 250 refilled at 25 a second, writes and deletes 200 refilled at 10; a global subscription bucket 15 times larger for all principals; tenants alike",
    source: "https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling",
    documented: Day::new(2024, 3, 13),
    checked: Day::new(2026, 12, 3),
};

/// Resource Graph's per-user quota.
pub const GRAPH_THROTTLING: DatedRule = DatedRule {
    id: "resource-graph-throttling",
    rule: "Resource Graph allows each user a number of queries per window (15 per 5 seconds by default) and says in x-ms-user-quota-remaining and x-ms-user-quota-resets-after how many are left and when the window starts again",
    source: "https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests",
    // The page's ms.date was not in the text read: the day it was read.
    documented: Day::new(2026, 12, 3),
    checked: Day::new(2026, 12, 3),
};

/// Every dated rule.
pub const RULES: &[&DatedRule] = &[
    &AKS_SUPPORT_WINDOW,
    &AKS_LONG_TERM_SUPPORT,
    &AKS_UPGRADE_PATHS,
    &AML_KUBERNETES_WINDOW,
    &ARM_THROTTLING,
    &GRAPH_THROTTLING,
];

/// A client release that first handles something (the MFA claims challenge): the version to
/// have, when it shipped, and where that is said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Release {
    /// A stable id (`azure-cli-claims`).
    pub id: &'static str,
    /// The tool.
    pub tool: &'static str,
    /// The first version with it.
    pub version: &'static str,
    /// The day it was released, when the source gives it.
    pub released: Option<Day>,
    /// The release notes or documentation.
    pub source: &'static str,
}

/// The first Azure CLI whose `az login --claims-challenge` answers ARM's MFA claims challenge.
pub const AZURE_CLI_CLAIMS: Release = Release {
    id: "azure-cli-claims",
    tool: "Azure CLI",
    version: "2.76.0",
    released: Some(Day::new(2025, 8, 5)),
    source: "https://learn.microsoft.com/cli/azure/release-notes-azure-cli#august-05-2025",
};

/// The first Azure PowerShell whose `Connect-AzAccount -ClaimsChallenge` answers it.
pub const AZURE_POWERSHELL_CLAIMS: Release = Release {
    id: "azure-powershell-claims",
    tool: "Azure PowerShell",
    version: "14.3.0 (Az.Accounts 5.2.0)",
    released: None,
    source: "https://learn.microsoft.com/powershell/azure/release-notes-azureps#1430---august-2025",
};

/// The first Azure CLI with `az aks namespace add` in its core (managed namespaces, GA).
pub const AZURE_CLI_MANAGED_NAMESPACES: Release = Release {
    id: "azure-cli-managed-namespaces",
    tool: "Azure CLI",
    version: "2.80.0",
    released: None,
    source: "https://learn.microsoft.com/azure/aks/managed-namespaces#prerequisites",
};

/// The Azure CLI the Azure ML extension's documentation asks for (2.24.0 until its 2026-01-28
/// revision).
pub const AZURE_CLI_AML_EXTENSION: Release = Release {
    id: "azure-cli-aml-extension",
    tool: "Azure CLI",
    version: "2.51.0",
    released: None,
    source: "https://learn.microsoft.com/azure/machine-learning/how-to-deploy-kubernetes-extension#prerequisites (2026-01-28)",
};

/// The `k8s-extension` Azure CLI extension the Azure ML extension's documentation asks for.
pub const K8S_EXTENSION_AML: Release = Release {
    id: "k8s-extension-aml",
    tool: "k8s-extension",
    version: "1.2.3",
    released: None,
    source: "https://learn.microsoft.com/azure/machine-learning/how-to-deploy-kubernetes-extension#prerequisites (2026-01-28)",
};

/// Every release the tool names.
pub const RELEASES: &[&Release] = &[
    &AZURE_CLI_CLAIMS,
    &AZURE_POWERSHELL_CLAIMS,
    &AZURE_CLI_MANAGED_NAMESPACES,
    &AZURE_CLI_AML_EXTENSION,
    &K8S_EXTENSION_AML,
];

/// `text` with each `{id}` of a dated fact replaced by its sentence as of `now`, and each `{id}`
/// of a release by "tool version": how static text (the troubleshooter's knowledge) names a
/// dated fact without writing its date. An unknown `{…}` is left as it is.
pub fn expand(text: &str, now: Now) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let id = after.find('}').map(|close| &after[..close]);
        let replacement = id.and_then(|id| {
            FACTS
                .iter()
                .find(|f| f.id == id)
                .map(|f| f.sentence(now))
                .or_else(|| {
                    RELEASES
                        .iter()
                        .find(|r| r.id == id)
                        .map(|r| format!("{} {}", r.tool, r.version))
                })
        });
        match (id, replacement) {
            (Some(id), Some(replacement)) => {
                out.push_str(&replacement);
                rest = &after[id.len() + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where v1 (the `azure-cli-ml` CLI extension and SDK v1, `azureml-core`) stands on `now`'s day,
/// as one clause: "the v1 CLI extension (azure-cli-ml) reached end of support on 2025-09-30 and
/// support for SDK v1 (azureml-core) ends on 2026-06-30 (in 20 days)"; once SDK v1's support has
/// ended, that v1 gets no more fixes or support although existing v1 workflows keep running.
pub fn v1_support(now: Now) -> String {
    let mut text = format!(
        "{} and {}",
        CLI_V1_END.sentence(now),
        SDK_V1_END.sentence_with_countdown(now)
    );
    if SDK_V1_END.has_passed(now) {
        text.push_str(
            ": v1 gets no more fixes or support from Microsoft, although existing v1 workflows keep running",
        );
    }
    text
}

/// An ARM api-version: the date is the version; one per resource provider, used everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiVersion {
    /// The resource provider (and resource type, where versions differ by type).
    pub provider: &'static str,
    /// The api-version.
    pub version: &'static str,
    /// The REST specification it comes from.
    pub source: &'static str,
    /// The day the source was last read for it.
    pub checked: Day,
}

#[cfg(test)]
const SPECS: &str = "https://github.com/Azure/azure-rest-api-specs/tree/main/specification";

macro_rules! api_versions {
    ($( $(#[$doc:meta])* $name:ident = $provider:literal, $version:literal, $path:literal; )*) => {
        $(
            $(#[$doc])*
            pub const $name: ApiVersion = ApiVersion {
                provider: $provider,
                version: $version,
                source: concat!("https://github.com/Azure/azure-rest-api-specs/tree/main/specification/", $path),
                checked: Day::new(2026, 12, 2),
            };
        )*
        /// Every api-version the tool sends.
        pub const API_VERSIONS: &[&ApiVersion] = &[ $( &$name, )* ];
    };
}

api_versions! {
    /// Azure Machine Learning workspaces and computes.
    ML_API = "Microsoft.MachineLearningServices", "2025-12-01", "machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-12-01";
    /// AKS managed clusters, their versions, upgrade profiles and managed namespaces.
    AKS_API = "Microsoft.ContainerService", "2025-10-01", "containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2025-10-01";
    /// Azure Arc-enabled Kubernetes clusters.
    ARC_API = "Microsoft.Kubernetes", "2024-01-01", "hybridkubernetes/resource-manager/Microsoft.Kubernetes/stable/2024-01-01";
    /// Cluster extensions (the Azure ML extension).
    EXTENSIONS_API = "Microsoft.KubernetesConfiguration/extensions", "2025-03-01", "kubernetesconfiguration/resource-manager/Microsoft.KubernetesConfiguration/extensions/stable/2025-03-01";
    /// Resource Graph queries.
    GRAPH_API = "Microsoft.ResourceGraph", "2024-04-01", "resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01";
    /// VM sizes (resource SKUs).
    SKUS_API = "Microsoft.Compute/skus", "2021-07-01", "compute/resource-manager/Microsoft.Compute/Skus/stable/2021-07-01";
    /// Subscriptions.
    SUBSCRIPTIONS_API = "Microsoft.Resources/subscriptions", "2022-12-01", "resources/resource-manager/Microsoft.Resources/stable/2022-12-01";
    /// Role assignments.
    AUTHORIZATION_API = "Microsoft.Authorization/roleAssignments", "2022-04-01", "authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01";
}

/// The clock of the crate's unit tests: the day issue 17 was written (golden outputs are written
/// as of it; each dated fact is also tested on both sides of its date).
#[cfg(test)]
pub(crate) const TEST_NOW: Now = Now::start_of(Day::new(2026, 12, 2));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fact_reads_both_sides_of_its_date() {
        for fact in FACTS {
            let (before, on, after) = (
                Now::start_of(fact.date.plus_days(-1)),
                Now::start_of(fact.date),
                Now::start_of(fact.date.plus_days(1)),
            );
            let date = fact.date.to_string();
            assert!(!fact.has_passed(before), "{}", fact.id);
            assert!(fact.has_passed(after), "{}", fact.id);
            assert_eq!(
                fact.has_passed(on),
                fact.turn == Turn::Starts,
                "{}",
                fact.id
            );
            assert_eq!(
                fact.sentence(before),
                format!("{} {} {date}", fact.subject, fact.ahead)
            );
            assert_eq!(
                fact.sentence(after),
                format!("{} {} {date}", fact.subject, fact.passed)
            );
            assert!(fact.source.starts_with("https://"), "{}", fact.id);
        }
        let ids: std::collections::HashSet<_> = FACTS.iter().map(|f| f.id).collect();
        assert_eq!(ids.len(), FACTS.len(), "ids are unique");
    }

    #[test]
    fn countdown_only_near_the_date() {
        let fact = SDK_V1_END;
        let day = |offset| Now::start_of(fact.date.plus_days(offset));
        assert!(fact.sentence_with_countdown(day(0)).ends_with("(today)"));
        assert!(fact
            .sentence_with_countdown(day(-1))
            .ends_with("(tomorrow)"));
        assert!(fact
            .sentence_with_countdown(day(-30))
            .ends_with("(in 30 days)"));
        assert_eq!(
            fact.sentence_with_countdown(day(-91)),
            fact.sentence(day(-91))
        );
        assert_eq!(fact.sentence_with_countdown(day(1)), fact.sentence(day(1)));
    }

    #[test]
    fn a_rule_asks_to_be_confirmed_once_its_reading_is_a_year_old() {
        for rule in RULES {
            let fresh = Now::start_of(rule.checked.plus_days(RULE_FRESH_DAYS));
            let stale = Now::start_of(rule.checked.plus_days(RULE_FRESH_DAYS + 1));
            assert_eq!(rule.caveat(fresh), None, "{}", rule.id);
            let caveat = rule.caveat(stale).unwrap_or_default();
            assert!(caveat.contains(rule.source), "{}: {caveat}", rule.id);
            assert!(caveat.contains(&rule.checked.to_string()), "{caveat}");
            assert!(rule.documented <= rule.checked, "{}", rule.id);
        }
    }

    #[test]
    fn v1_support_reads_both_sides_of_both_dates() {
        let at = |y, m, d| v1_support(Now::start_of(Day::new(y, m, d)));
        assert!(at(2025, 9, 30).contains("reaches end of support on 2025-09-30"));
        assert!(at(2025, 10, 1).contains("reached end of support on 2025-09-30"));
        let before = at(2026, 6, 29);
        assert!(before.contains("ends on 2026-06-30 (tomorrow)"), "{before}");
        assert!(!before.contains("no more fixes"), "{before}");
        let after = at(2026, 7, 1);
        assert!(
            after.contains("ended on 2026-06-30: v1 gets no more fixes"),
            "{after}"
        );
    }

    #[test]
    fn expand_names_facts_and_releases_and_leaves_the_rest() {
        let text = "{arm-mfa-enforcement}; use {azure-cli-claims} or later; {unknown} {";
        let before = expand(text, Now::start_of(Day::new(2025, 9, 30)));
        assert!(before.starts_with("multifactor authentication for Azure Resource Manager create, update and delete operations by users is enforced from 2025-10-01;"), "{before}");
        assert!(
            before.ends_with("use Azure CLI 2.76.0 or later; {unknown} {"),
            "{before}"
        );
        let after = expand(text, Now::start_of(Day::new(2025, 10, 1)));
        assert!(
            after.contains("has been enforced since 2025-10-01"),
            "{after}"
        );
    }

    #[test]
    fn api_versions_are_dates_with_sources() {
        for api in API_VERSIONS {
            assert!(Day::parse(api.version).is_some(), "{}", api.provider);
            assert!(api.source.starts_with(SPECS), "{}", api.provider);
            assert!(api.source.contains(api.version), "{}", api.provider);
        }
    }
}
