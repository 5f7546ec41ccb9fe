//! Kubernetes versions as `az aks get-versions` and the AKS REST API print them (old and new
//! tables, the orchestrators JSON, the kubernetesVersions JSON, an upgrade profile), read into
//! one normalised list, with the default version, the supported GA window (N-2) and answers to
//! "can I attach X?" and "where can X upgrade to?" (azure-facts §4.5, §6). `table.rs` reads
//! the tables, `json.rs` the JSON shapes, `list.rs` makes the normal form, `check.rs` answers.
//! Text longer than [`MAX_INPUT_BYTES`] is refused before anything reads it.

mod check;
mod json;
mod list;
mod render;
mod table;

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::document::{self, DocumentError, Node, Value};

pub use crate::version::{parse_version, Version, VersionError};
pub use check::check_version;
use json::{flag, get, items, read_json, text_of};
use list::{normalise, RawList};
pub use render::{render_check, render_list};
use table::read_table;

/// How many GA minor versions AKS supports at once (N-2), as [`crate::dated`] keeps it.
pub const SUPPORTED_MINORS: usize = crate::dated::AKS_COMMUNITY_MINORS;

/// Longest text read, in bytes. `az aks get-versions` prints a few kilobytes as a table and
/// tens of kilobytes as JSON (the old orchestrators list, every version with its upgrades);
/// this is some twenty times that, and keeps the memory a list takes bounded.
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// Which of the shapes the list was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Format {
    /// `az aks get-versions -o table`, old (`Upgrades`) or new (`IsPreview`, `SupportPlan`).
    Table,
    /// The orchestrators API (`orchestrators` or `properties.orchestrators`).
    Orchestrators,
    /// The kubernetesVersions API (`values[].patchVersions`).
    KubernetesVersions,
    /// A cluster's upgrade profile (`controlPlaneProfile`).
    UpgradeProfile,
}

/// One upgrade target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Upgrade {
    /// The target version.
    pub version: String,
    /// The target is a preview.
    pub is_preview: bool,
}

/// One available version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionEntry {
    /// `1.30.4` (or a minor, when the source gives no patches).
    pub version: String,
    /// A preview version (no SLA).
    pub is_preview: bool,
    /// The version AKS picks when none is given.
    pub is_default: bool,
    /// Where it can upgrade to, oldest first.
    pub upgrades: Vec<Upgrade>,
    /// `KubernetesOfficial`, `AKSLongTermSupport`, when the source says.
    pub support_plan: Vec<String>,
}

/// One minor version, for the support-window picture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MinorSummary {
    /// `1.30`.
    pub minor: String,
    /// Every patch of it is a preview.
    pub is_preview: bool,
    /// Long-term support is offered (`AKSLongTermSupport`).
    pub is_lts: bool,
    /// It is offered under long-term support only: past its community support.
    pub is_lts_only: bool,
    /// The default version is in this minor.
    pub is_default: bool,
    /// One of the [`SUPPORTED_MINORS`] newest GA minors.
    pub in_window: bool,
    /// Its versions, newest first.
    pub patches: Vec<String>,
}

/// The normalised list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionList {
    /// Which shape it was read from.
    pub format: Format,
    /// Every version, newest first.
    pub versions: Vec<VersionEntry>,
    /// The default version, when the source marks one.
    pub default_version: Option<String>,
    /// The GA minors in the supported window, newest first.
    pub supported_minors: Vec<String>,
    /// Every minor, newest first.
    pub minors: Vec<MinorSummary>,
    /// The cluster's current version (upgrade profiles only).
    pub current: Option<String>,
}

/// What [`parse_versions`] gives: the list (when the text had one) and every problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedVersions {
    /// The list; `None` when nothing could be read.
    pub list: Option<VersionList>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
}

/// One upgrade of the checked version, with the blobfuse question answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeStep {
    /// The target version.
    pub version: String,
    /// The target is a preview.
    pub is_preview: bool,
    /// Upgrading crosses 1.16 → 1.17: v1 web services must be redeployed.
    pub crosses_blobfuse: bool,
}

/// The answer to "is X supported for attach in this list, and where can it upgrade to?".
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionCheck {
    /// True when no diagnostic is an error.
    pub ok: bool,
    /// The version as found in the list (a minor resolves to its newest GA patch); the input
    /// when not found; `None` when the input is not a version.
    pub version: Option<String>,
    /// The version is in the list.
    pub listed: bool,
    /// It is a preview.
    pub is_preview: bool,
    /// Its minor is in the GA window.
    pub in_window: bool,
    /// Attach accepts it: listed, and in the window, on long-term support or a preview.
    pub supported: bool,
    /// Where it can upgrade to.
    pub upgrades: Vec<UpgradeStep>,
    /// Some upgrade crosses 1.16 → 1.17.
    pub blobfuse_crossing: bool,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `az aks get-versions` output (table, JSON or YAML) or an AKS REST response.
pub fn parse_versions(text: &str) -> ParsedVersions {
    let mut diagnostics = Vec::new();
    if text.len() > MAX_INPUT_BYTES {
        diagnostics.push(Diagnostic::new(
            Code::VersionsTooLarge,
            Severity::Error,
            "",
            format!(
                "the text is {} bytes long; `az aks get-versions` prints a few to tens of kilobytes, and at most {MAX_INPUT_BYTES} bytes ({} MiB) are read: paste the output of one command",
                text.len(),
                MAX_INPUT_BYTES >> 20
            ),
        ));
        return ParsedVersions {
            list: None,
            diagnostics,
        };
    }
    let text = text.trim_start_matches('\u{feff}');
    let trimmed = text.trim();
    let raw = if trimmed.is_empty() {
        None
    } else if let Some(table) = read_table(text, &mut diagnostics) {
        Some(table)
    } else {
        match document::parse(trimmed) {
            Ok(node) => {
                let raw = read_json(&node, &mut diagnostics);
                if raw.is_none() {
                    if let Some(part) = fragment_of(&node) {
                        diagnostics.push(fragment(part));
                        return ParsedVersions {
                            list: None,
                            diagnostics,
                        };
                    }
                }
                raw
            }
            Err(error) => {
                // A piece cut out of the JSON does not parse; say what it is rather than where
                // the parser stopped.
                let part = match error {
                    DocumentError::Syntax { .. } => fragment_in_text(trimmed),
                    _ => None,
                };
                diagnostics.push(match part {
                    Some(part) => fragment(part),
                    None => error.diagnostic(),
                });
                return ParsedVersions {
                    list: None,
                    diagnostics,
                };
            }
        }
    };
    let list = match raw {
        Some(raw) => Some(normalise(raw)),
        None => {
            diagnostics.push(Diagnostic::new(
                Code::VersionsUnreadable,
                Severity::Error,
                "",
                "no Kubernetes versions found: paste the output of `az aks get-versions -l REGION` (table or JSON), or of `az aks get-upgrades`",
            ));
            None
        }
    };
    ParsedVersions { list, diagnostics }
}

/// Which part of a version list a document that is not a whole one looks like, by its keys.
fn fragment_of(node: &Node) -> Option<&'static str> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    let has = |key: &str| get(node, key).is_some();
    if has("patchVersions") || (has("version") && has("capabilities")) {
        Some("one minor version out of the `values` list")
    } else if has("orchestratorVersion") {
        Some("one entry out of the `orchestrators` list")
    } else if has("kubernetesVersion") && (has("upgrades") || has("osType")) {
        Some(UPGRADE_PROFILE_PART)
    } else if !entries.is_empty()
        && entries
            .iter()
            .all(|e| parse_version(&e.key).is_ok() && get(&e.value, "upgrades").is_some())
    {
        Some("the `patchVersions` of one minor version")
    } else {
        None
    }
}

/// The same for text that does not parse: the key names that only version lists use.
fn fragment_in_text(text: &str) -> Option<&'static str> {
    const KEYS: &[&str] = &[
        "\"patchVersions\"",
        "\"orchestratorVersion\"",
        "\"supportPlan\"",
        "\"kubernetesVersion\"",
        "\"upgrades\"",
    ];
    KEYS.iter()
        .any(|key| text.contains(key))
        .then_some("a piece of the JSON, cut out of the whole")
}

const UPGRADE_PROFILE_PART: &str = "the `controlPlaneProfile` part of an upgrade profile";

/// The diagnostic for a pasted part of the output.
fn fragment(part: &str) -> Diagnostic {
    let (what, command) = if part == UPGRADE_PROFILE_PART {
        (
            "where the cluster can upgrade to",
            "az aks get-upgrades --resource-group RG --name NAME --output json",
        )
    } else {
        (
            "the supported versions and the default",
            "az aks get-versions --location REGION --output json",
        )
    };
    Diagnostic::new(
        Code::VersionsFragment,
        Severity::Error,
        "",
        format!(
            "this is only part of the output ({part}): {what} can be told only from all of it; run `{command}` (or `--output table`) and paste everything it prints, from the first line to the last"
        ),
    )
}

/// Reads back a [`VersionList`] as serialized (camelCase, e.g. handed back from JS): only the
/// versions are read; the minors, window and default are derived again. `None` when the value
/// has no `versions` list.
pub fn list_from_node(node: &Node) -> Option<VersionList> {
    let Value::Seq(list) = &get(node, "versions")?.value else {
        return None;
    };
    let mut entries = Vec::new();
    for item in list {
        let Some((version, _)) = text_of(item, "version").and_then(|t| parse_version(t).ok())
        else {
            continue;
        };
        let upgrades = items(get(item, "upgrades"))
            .iter()
            .filter_map(|u| {
                let (to, preview) = parse_version(text_of(u, "version")?).ok()?;
                Some(Upgrade {
                    version: to.to_string(),
                    is_preview: preview || flag(u, "isPreview"),
                })
            })
            .collect();
        let support_plan = items(get(item, "supportPlan"))
            .iter()
            .filter_map(|p| match &p.value {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        entries.push((
            version,
            VersionEntry {
                version: version.to_string(),
                is_preview: flag(item, "isPreview"),
                is_default: flag(item, "isDefault"),
                upgrades,
                support_plan,
            },
        ));
    }
    let format = match text_of(node, "format") {
        Some("orchestrators") => Format::Orchestrators,
        Some("kubernetesVersions") => Format::KubernetesVersions,
        Some("upgradeProfile") => Format::UpgradeProfile,
        _ => Format::Table,
    };
    Some(normalise(RawList {
        format,
        entries,
        default_minor: None,
        current: text_of(node, "current").map(str::to_owned),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_with_positions_in_errors() {
        let ok = |text: &str| {
            let (version, preview) = parse_version(text).unwrap();
            format!("{version}{}", if preview { " preview" } else { "" })
        };
        assert_eq!(ok("1.30"), "1.30");
        assert_eq!(ok(" v1.30.4 "), "1.30.4");
        assert_eq!(ok("1.18.6(preview)"), "1.18.6 preview");
        assert_eq!(ok("1.18.6 (Preview)"), "1.18.6 preview");
        let error = |text: &str| parse_version(text).unwrap_err().to_string();
        assert_eq!(error("1.x"), "invalid minor version at column 3");
        assert_eq!(error("1."), "invalid minor version at column 3");
        assert_eq!(error("1"), "invalid minor version at column 2");
        assert_eq!(error("x.1"), "invalid major version at column 1");
        assert_eq!(error("v"), "invalid major version at column 2");
        assert_eq!(error("1.2.x"), "invalid patch version at column 5");
        assert!(error("1.2.3.4").starts_with("unexpected text at column 6"));
        assert!(error("1-2").starts_with("unexpected text at column 2"));
        assert_eq!(ok("1.28.5+k3s1"), "1.28.5");
        assert_eq!(ok("v1.29.2-gke.1"), "1.29.2");
        assert!(error("1.30-rc").starts_with("unexpected text at column 5"));
        assert!(error("1.30.4-").starts_with("unexpected text at column 7"));
        assert!(error("1.30.4+a b").starts_with("unexpected text at column 7"));
        assert_eq!(error("  "), "the version is empty");
        assert_eq!(
            error("99999999999999999999.1"),
            "invalid major version at column 1"
        );
        assert!(parse_version("é.1").is_err());
        assert!(parse_version("(preview)").is_err());
    }

    #[test]
    fn blobfuse_boundary() {
        let v = |t: &str| parse_version(t).unwrap().0;
        assert!(v("1.16.13").uses_flexvolume());
        assert!(!v("1.17.0").uses_flexvolume());
        assert!(v("0.9").uses_flexvolume());
        assert!(!v("2.0").uses_flexvolume());
    }
}
