//! Dated facts: every fact that depends on a date (ends of support, retirements, enforcement
//! dates, the documented rules that change over time, api-versions), once, with its date and its
//! public source; and the clock ([`Now`]) the caller passes in, from which every sentence that
//! depends on one of them takes its tense and its advice.
//!
//! The core reads no clock: the CLI passes `--now` or the system time, the wasm edge a `now`
//! option or `Date.now()`. No other file writes a dated sentence as a literal; they ask the fact
//! here ([`DatedFact::sentence`], [`DatedFact::has_passed`]).

use std::fmt;

/// A calendar day (proleptic Gregorian, UTC), as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i64);

impl Day {
    /// The day `year-month-day`; the caller gives a real date (the tables below are checked by a
    /// test).
    pub const fn new(year: i64, month: i64, day: i64) -> Day {
        // Howard Hinnant's days_from_civil.
        let year = if month <= 2 { year - 1 } else { year };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month_index = (month + 9) % 12;
        let day_of_year = (153 * month_index + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        Day(era * 146_097 + day_of_era - 719_468)
    }

    /// The day a Unix time falls on.
    pub const fn of_unix_seconds(seconds: i64) -> Day {
        Day(seconds.div_euclid(SECONDS_PER_DAY))
    }

    /// Days since 1970-01-01.
    pub const fn days_since_epoch(self) -> i64 {
        self.0
    }

    /// The first second of the day, as Unix time.
    pub const fn unix_seconds(self) -> i64 {
        self.0 * SECONDS_PER_DAY
    }

    /// This day plus `days` (negative to go back).
    pub const fn plus_days(self, days: i64) -> Day {
        Day(self.0 + days)
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub const fn days_until(self, other: Day) -> i64 {
        other.0 - self.0
    }

    /// (year, month 1–12, day 1–31).
    pub const fn civil(self) -> (i64, i64, i64) {
        // The inverse of `new` (Howard Hinnant's civil_from_days).
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_index + 2) / 5 + 1;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        };
        let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
        (year, month, day)
    }

    /// Reads `YYYY-MM-DD` (four-digit year); `None` for anything else or a day that does not exist.
    pub fn parse(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = number(&bytes[0..4])?;
        let month = number(&bytes[5..7])?;
        let day = number(&bytes[8..10])?;
        let parsed = Day::new(year, month, day);
        (parsed.civil() == (year, month, day)).then_some(parsed)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.civil();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

const SECONDS_PER_DAY: i64 = 86_400;

fn number(digits: &[u8]) -> Option<i64> {
    digits.iter().try_fold(0i64, |value, &b| {
        b.is_ascii_digit().then(|| value * 10 + i64::from(b - b'0'))
    })
}

/// The moment of the run, as the caller gives it: the core reads no clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Now(i64);

impl Now {
    /// The moment `seconds` after 1970-01-01T00:00:00Z.
    pub const fn from_unix_seconds(seconds: i64) -> Now {
        Now(seconds)
    }

    /// The moment `millis` after the epoch (JS `Date.now()`); `None` when it is not a finite time
    /// within ±100,000,000 days of the epoch (JS `Date`'s own range).
    pub fn from_unix_millis(millis: f64) -> Option<Now> {
        const MAX_MILLIS: f64 = 8.64e15;
        (millis.is_finite() && millis.abs() <= MAX_MILLIS)
            // In range, so the conversion neither saturates nor loses whole seconds.
            .then(|| Now((millis / 1000.0).floor() as i64))
    }

    /// The first moment of `day`.
    pub const fn start_of(day: Day) -> Now {
        Now(day.unix_seconds())
    }

    /// Seconds since the epoch.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// The day it is, UTC.
    pub const fn today(self) -> Day {
        Day::of_unix_seconds(self.0)
    }

    /// Reads `2026-12-02`, `2026-12-02T10:30:00Z` or an RFC 3339 time with an offset
    /// (`2026-12-02T10:30:00+01:00`, fractions of a second ignored).
    pub fn parse(text: &str) -> Result<Now, NowError> {
        let text = text.trim();
        let bad = || NowError {
            excerpt: text.chars().take(40).collect(),
        };
        let day = text.get(..10).and_then(Day::parse).ok_or_else(bad)?;
        let rest = &text[10..];
        if rest.is_empty() {
            return Ok(Now::start_of(day));
        }
        let rest = rest
            .strip_prefix(['T', 't', ' '])
            .filter(|r| r.len() >= 8)
            .ok_or_else(bad)?;
        let clock = rest.as_bytes();
        if clock[2] != b':' || clock[5] != b':' {
            return Err(bad());
        }
        let (hour, minute, second) = (
            number(&clock[0..2]).ok_or_else(bad)?,
            number(&clock[3..5]).ok_or_else(bad)?,
            number(&clock[6..8]).ok_or_else(bad)?,
        );
        if hour > 23 || minute > 59 || second > 60 {
            return Err(bad());
        }
        let mut zone = &rest[8..];
        if let Some(fraction) = zone.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(bad());
            }
            zone = &fraction[digits..];
        }
        let offset = match zone.as_bytes() {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let hours = number(&[*h1, *h2]).ok_or_else(bad)?;
                let minutes = number(&[*m1, *m2]).ok_or_else(bad)?;
                if hours > 23 || minutes > 59 {
                    return Err(bad());
                }
                let offset = hours * 3600 + minutes * 60;
                if *sign == b'-' {
                    -offset
                } else {
                    offset
                }
            }
            _ => return Err(bad()),
        };
        Ok(Now(day.unix_seconds()
            + hour * 3600
            + minute * 60
            + second.min(59)
            - offset))
    }
}

/// A time that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NowError {
    /// The start of the text, at most 40 characters.
    pub excerpt: String,
}

impl fmt::Display for NowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a date: give YYYY-MM-DD or an RFC 3339 time such as 2026-12-02T10:30:00Z",
            self.excerpt
        )
    }
}

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

/// Every dated rule.
pub const RULES: &[&DatedRule] = &[
    &AKS_SUPPORT_WINDOW,
    &AKS_LONG_TERM_SUPPORT,
    &AKS_UPGRADE_PATHS,
    &AML_KUBERNETES_WINDOW,
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

/// Every release the tool names.
pub const RELEASES: &[&Release] = &[
    &AZURE_CLI_CLAIMS,
    &AZURE_POWERSHELL_CLAIMS,
    &AZURE_CLI_MANAGED_NAMESPACES,
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

/// Every dated fact, rule, release and api-version as of `now`: what the CLI's `facts` prints.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FactsAsOf {
    /// The day they are worded for.
    pub today: String,
    /// Facts with a date.
    pub facts: Vec<FactRow>,
    /// Documented rules, with the day they were read.
    pub rules: Vec<FactRow>,
    /// Client versions.
    pub releases: Vec<FactRow>,
    /// ARM api-versions.
    pub api_versions: Vec<FactRow>,
}

/// One row of [`FactsAsOf`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FactRow {
    /// A stable id.
    pub id: String,
    /// The date it turns on, or the page's own date for a rule, or the api-version.
    pub date: Option<String>,
    /// The sentence as of the day.
    pub sentence: String,
    /// Its public source.
    pub source: String,
}

/// The table of every dated fact, worded as of `now`.
pub fn facts_as_of(now: Now) -> FactsAsOf {
    FactsAsOf {
        today: now.today().to_string(),
        facts: FACTS
            .iter()
            .map(|f| FactRow {
                id: f.id.to_owned(),
                date: Some(f.date.to_string()),
                sentence: f.sentence_with_countdown(now),
                source: f.source.to_owned(),
            })
            .collect(),
        rules: RULES
            .iter()
            .map(|r| FactRow {
                id: r.id.to_owned(),
                date: Some(r.documented.to_string()),
                sentence: format!(
                    "{} (documented {}, read {}){}",
                    r.rule,
                    r.documented,
                    r.checked,
                    r.caveat(now).unwrap_or_default()
                ),
                source: r.source.to_owned(),
            })
            .collect(),
        releases: RELEASES
            .iter()
            .map(|r| FactRow {
                id: r.id.to_owned(),
                date: r.released.map(|d| d.to_string()),
                sentence: format!("{} {}", r.tool, r.version),
                source: r.source.to_owned(),
            })
            .collect(),
        api_versions: API_VERSIONS
            .iter()
            .map(|a| FactRow {
                id: a.provider.to_owned(),
                date: Some(a.version.to_owned()),
                sentence: format!("{} api-version {}", a.provider, a.version),
                source: a.source.to_owned(),
            })
            .collect(),
    }
}

/// [`facts_as_of`] as text: a section per kind, a fact a line with its source under it.
pub fn render_facts(now: Now) -> String {
    let table = facts_as_of(now);
    let mut out = format!("dated facts as of {}\n", table.today);
    for (title, rows) in [
        ("facts", &table.facts),
        ("rules", &table.rules),
        ("client versions", &table.releases),
        ("api-versions", &table.api_versions),
    ] {
        out.push_str(&format!("\n{title}:\n"));
        for row in rows {
            out.push_str(&format!("  {}\n    {}\n", row.sentence, row.source));
        }
    }
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

    fn at(text: &str) -> Now {
        match Now::parse(text) {
            Ok(now) => now,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn days_round_trip_across_eras_and_leap_days() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (1900, 3, 1),
            (2026, 12, 2),
            (2100, 2, 28),
            (1600, 1, 1),
        ] {
            let day = Day::new(y, m, d);
            assert_eq!(day.civil(), (y, m, d));
            assert_eq!(Day::parse(&day.to_string()), Some(day));
        }
        assert_eq!(Day::new(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(Day::new(2000, 3, 1).days_since_epoch(), 11_017);
    }

    #[test]
    fn day_parse_refuses_what_is_not_a_date() {
        for text in [
            "",
            "2026-2-1",
            "2026-02-30",
            "2026-13-01",
            "2025-02-29",
            "20260201",
            "2026-02-01x",
            "２０２６-02-01",
            "-026-02-01",
        ] {
            assert_eq!(Day::parse(text), None, "{text}");
        }
        assert_eq!(Day::parse("2024-02-29"), Some(Day::new(2024, 2, 29)));
    }

    #[test]
    fn now_reads_dates_and_rfc_3339_times() {
        assert_eq!(at("2026-12-02").today(), Day::new(2026, 12, 2));
        assert_eq!(at("2026-12-02T23:59:59Z").today(), Day::new(2026, 12, 2));
        assert_eq!(
            at("2026-12-02T23:30:00-01:00").today(),
            Day::new(2026, 12, 3)
        );
        assert_eq!(
            at("2026-12-02T00:30:00+01:00").today(),
            Day::new(2026, 12, 1)
        );
        assert_eq!(
            at("2026-12-02t10:30:00.123z").unix_seconds(),
            at("2026-12-02T10:30:00Z").unix_seconds()
        );
        assert_eq!(at(" 1970-01-01T00:00:01Z ").unix_seconds(), 1);
        for bad in [
            "yesterday",
            "2026-12-02T",
            "2026-12-02T25:00:00Z",
            "2026-12-02T10:30:00",
            "2026-12-02T10:30:00+0100",
            "2026-12-02T10:30:00.Z",
            "2026-12-02T1é:30:00Z",
        ] {
            let error = Now::parse(bad).err();
            assert!(error.is_some(), "{bad}");
        }
        let long = "x".repeat(10_000);
        let error = Now::parse(&long)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.len() < 200, "{error}");
    }

    #[test]
    fn millis_from_js_are_checked() {
        assert_eq!(
            Now::from_unix_millis(1_780_000_000_999.0),
            Some(Now::from_unix_seconds(1_780_000_000))
        );
        assert_eq!(
            Now::from_unix_millis(-1.0),
            Some(Now::from_unix_seconds(-1))
        );
        for bad in [f64::NAN, f64::INFINITY, 9e15] {
            assert_eq!(Now::from_unix_millis(bad), None);
        }
    }

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
