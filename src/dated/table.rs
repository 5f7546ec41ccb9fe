//! The table of every dated fact, rule, client version and api-version, worded as of a day:
//! what `amlattach facts` prints.

use super::{Now, API_VERSIONS, FACTS, RELEASES, RULES};

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
