//! Kubernetes versions as `az aks get-versions` and the AKS REST API print them (old and new
//! tables, the orchestrators JSON, the kubernetesVersions JSON, an upgrade profile), read into
//! one normalised list, with the default version, the supported GA window (N-2) and answers to
//! "can I attach X?" and "where can X upgrade to?" (azure-facts §4.5, §6).

use std::fmt;

use serde::Serialize;

use crate::dated::Now;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::document::{self, Node, Value};
use crate::resource_id::ClusterKind;
use crate::support::{judge, Plan, Windows};

/// How many GA minor versions AKS supports at once (N-2), as [`crate::dated`] keeps it.
pub const SUPPORTED_MINORS: usize = crate::dated::AKS_COMMUNITY_MINORS;

/// A Kubernetes version: `1.30` or `1.30.4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The major version.
    pub major: u64,
    /// The minor version.
    pub minor: u64,
    /// The patch version, absent for a minor alias such as `1.30`.
    pub patch: Option<u64>,
}

impl Version {
    /// The minor this version belongs to (`1.30.4` → `1.30`).
    pub fn minor_version(self) -> Version {
        Version {
            patch: None,
            ..self
        }
    }

    /// Whether the version is at most 1.16 (blobfuse FlexVolume) rather than 1.17 or later
    /// (Blob CSI driver).
    fn uses_flexvolume(self) -> bool {
        (self.major, self.minor) <= (1, 16)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.patch {
            Some(patch) => write!(f, "{}.{}.{patch}", self.major, self.minor),
            None => write!(f, "{}.{}", self.major, self.minor),
        }
    }
}

/// Why a version string is not a version; positions are 1-based columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionError {
    /// Nothing to read.
    Empty,
    /// The major version is not a number.
    Major {
        /// Where it should start.
        column: usize,
    },
    /// The minor version is missing or not a number.
    Minor {
        /// Where it should start.
        column: usize,
    },
    /// The patch version is not a number.
    Patch {
        /// Where it should start.
        column: usize,
    },
    /// Something follows the version.
    Trailing {
        /// Where it starts.
        column: usize,
    },
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionError::Empty => f.write_str("the version is empty"),
            VersionError::Major { column } => write!(f, "invalid major version at column {column}"),
            VersionError::Minor { column } => write!(f, "invalid minor version at column {column}"),
            VersionError::Patch { column } => write!(f, "invalid patch version at column {column}"),
            VersionError::Trailing { column } => write!(
                f,
                "unexpected text at column {column}: a version is X.Y or X.Y.Z, optionally with a leading `v`, a `-…` or `+…` suffix after the patch (`1.28.5+k3s1`) and a `(preview)` suffix"
            ),
        }
    }
}

/// Reads `1.30`, `1.30.4`, `v1.30.4`, `1.28.5+k3s1` or `1.30.4(preview)`; the flag says whether
/// `(preview)` was there.
pub fn parse_version(text: &str) -> Result<(Version, bool), VersionError> {
    let leading = text.len() - text.trim_start().len();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(VersionError::Empty);
    }
    let (body, preview) = match trimmed
        .len()
        .checked_sub("(preview)".len())
        .filter(|&at| trimmed.is_char_boundary(at))
        .map(|at| trimmed.split_at(at))
    {
        Some((body, suffix)) if suffix.eq_ignore_ascii_case("(preview)") => (body.trim_end(), true),
        _ => (trimmed, false),
    };
    let bytes = body.as_bytes();
    let mut at = usize::from(matches!(bytes.first(), Some(b'v' | b'V')));
    let column =
        |at: usize| leading + text[leading..].get(..at).map_or(at, |s| s.chars().count()) + 1;
    let number = |at: &mut usize| -> Option<u64> {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        body.get(start..*at).filter(|d| !d.is_empty())?.parse().ok()
    };
    let major_at = at;
    let major = number(&mut at).ok_or(VersionError::Major {
        column: column(major_at),
    })?;
    if bytes.get(at) != Some(&b'.') {
        return Err(match bytes.get(at) {
            None => VersionError::Minor { column: column(at) },
            Some(_) => VersionError::Trailing { column: column(at) },
        });
    }
    at += 1;
    let minor_at = at;
    let minor = number(&mut at).ok_or(VersionError::Minor {
        column: column(minor_at),
    })?;
    let mut patch = None;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        let patch_at = at;
        patch = Some(number(&mut at).ok_or(VersionError::Patch {
            column: column(patch_at),
        })?);
    }
    // A semver pre-release or build suffix after the patch, as Arc reports for k3s
    // (`1.28.5+k3s1`) and distributions for their builds (`1.29.2-gke.1`): not part of the version.
    if patch.is_some() && matches!(bytes.get(at), Some(b'-' | b'+')) {
        let suffix = &body[at + 1..];
        if !suffix.is_empty()
            && suffix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'))
        {
            at = bytes.len();
        }
    }
    if at < bytes.len() {
        return Err(VersionError::Trailing { column: column(at) });
    }
    Ok((
        Version {
            major,
            minor,
            patch,
        },
        preview,
    ))
}

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
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    let raw = if trimmed.is_empty() {
        None
    } else if let Some(table) = read_table(trimmed, &mut diagnostics) {
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
                diagnostics.push(match fragment_in_text(trimmed) {
                    Some(part) => fragment(part),
                    None => crate::validate::document_error(&error),
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

/// Checks `version` against `list`: listed, preview, in the window (a minor past community
/// support judged by the cluster's support `plan`, `crate::support`), upgrades and the blobfuse
/// crossing (azure-facts §6.3, §6.4), as of `now`.
pub fn check_version(list: &VersionList, version: &str, plan: Plan, now: Now) -> VersionCheck {
    let mut check = check_version_inner(list, version, plan, now);
    check.ok = check
        .diagnostics
        .iter()
        .all(|d| d.severity < Severity::Error);
    check
}

fn check_version_inner(list: &VersionList, version: &str, plan: Plan, now: Now) -> VersionCheck {
    let mut check = VersionCheck {
        ok: false,
        version: None,
        listed: false,
        is_preview: false,
        in_window: false,
        supported: false,
        upgrades: Vec::new(),
        blobfuse_crossing: false,
        diagnostics: Vec::new(),
    };
    let (wanted, _) = match parse_version(version) {
        Ok(parsed) => parsed,
        Err(error) => {
            check.diagnostics.push(Diagnostic::new(
                Code::KubernetesVersionInvalid,
                Severity::Error,
                "version",
                error.to_string(),
            ));
            return check;
        }
    };
    check.version = Some(wanted.to_string());
    let entries: Vec<(Version, &VersionEntry)> = list
        .versions
        .iter()
        .filter_map(|e| Some((parse_version(&e.version).ok()?.0, e)))
        .collect();
    let found = match wanted.patch {
        Some(_) => entries.iter().find(|(v, _)| *v == wanted),
        // A minor alias resolves to its newest GA patch (list is newest first), else its newest.
        None => entries
            .iter()
            .filter(|(v, _)| v.minor_version() == wanted)
            .min_by_key(|(_, e)| e.is_preview),
    };
    let minor = wanted.minor_version().to_string();
    let Some((found_version, entry)) = found else {
        let window = if list.supported_minors.is_empty() {
            String::new()
        } else {
            format!(" (supported minors: {})", list.supported_minors.join(", "))
        };
        check.diagnostics.push(Diagnostic::new(
            Code::KubernetesVersionNotListed,
            Severity::Error,
            "version",
            format!("{wanted} is not in this list{window}: attach accepts only the versions AKS offers in the region"),
        ));
        return check;
    };
    check.version = Some(entry.version.clone());
    check.listed = true;
    check.is_preview = entry.is_preview;
    check.in_window = list.supported_minors.contains(&minor);
    // Previews can be attached, with no SLA (azure-facts §6.4).
    check.supported = check.in_window || entry.is_preview;
    if entry.is_preview {
        check.diagnostics.push(Diagnostic::new(
            Code::KubernetesVersionPreview,
            Severity::Warning,
            "version",
            format!(
                "{} is a preview: it can be attached, with no SLA; use a GA version for production",
                entry.version
            ),
        ));
    } else if !check.in_window {
        let windows = Windows::of(
            list.minors
                .iter()
                .filter(|m| m.in_window)
                .map(|m| m.minor.as_str()),
            list.minors
                .iter()
                .filter(|m| m.is_lts && !m.is_preview)
                .map(|m| m.minor.as_str()),
        );
        let minor = (found_version.major, found_version.minor);
        if let Some(finding) = judge(
            &entry.version,
            minor,
            &windows,
            plan,
            ClusterKind::Aks,
            None,
            now,
        ) {
            check.supported = finding.supported;
            check.diagnostics.push(Diagnostic::new(
                finding.code,
                finding.severity,
                "version",
                finding.message,
            ));
        }
    }
    for upgrade in &entry.upgrades {
        let crosses = parse_version(&upgrade.version)
            .is_ok_and(|(to, _)| found_version.uses_flexvolume() && !to.uses_flexvolume());
        check.blobfuse_crossing |= crosses;
        check.upgrades.push(UpgradeStep {
            version: upgrade.version.clone(),
            is_preview: upgrade.is_preview,
            crosses_blobfuse: crosses,
        });
    }
    if check.blobfuse_crossing {
        check.diagnostics.push(Diagnostic::new(
            Code::BlobfuseCrossing,
            Severity::Warning,
            "upgrades",
            format!("upgrading {} to 1.17 or later replaces the blobfuse FlexVolume driver with the Blob CSI driver: redeploy or update v1 web services afterwards", entry.version),
        ));
    }
    check
}

/// A list as read, before sorting and summarising.
struct RawList {
    format: Format,
    entries: Vec<(Version, VersionEntry)>,
    /// The default minor of the kubernetesVersions API, whose default patch is not given.
    default_minor: Option<Version>,
    current: Option<String>,
}

/// The old (`KubernetesVersion  Upgrades`) and new (`… IsPreview … SupportPlan`) tables.
fn read_table(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<RawList> {
    let lines: Vec<&str> = text.lines().collect();
    let header_index = lines
        .iter()
        .position(|l| l.trim_start().starts_with("KubernetesVersion"))?;
    let header: Vec<char> = lines[header_index].chars().collect();
    let mut columns: Vec<(usize, String)> = Vec::new();
    for (index, c) in header.iter().enumerate() {
        if !c.is_whitespace() && (index == 0 || header[index - 1].is_whitespace()) {
            let name: String = header[index..]
                .iter()
                .take_while(|c| !c.is_whitespace())
                .collect();
            columns.push((index, name));
        }
    }
    let mut entries = Vec::new();
    for (offset, line) in lines.iter().enumerate().skip(header_index + 1) {
        let line_number = offset + 1;
        if line.trim().is_empty() || line.trim().chars().all(|c| c == '-' || c == ' ') {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let cell = |name: &str| -> String {
            let Some(i) = columns.iter().position(|(_, n)| n == name) else {
                return String::new();
            };
            let start = columns[i].0.min(chars.len());
            let end = columns
                .get(i + 1)
                .map_or(chars.len(), |c| c.0)
                .min(chars.len());
            chars[start..end]
                .iter()
                .collect::<String>()
                .trim()
                .to_owned()
        };
        // Old tables are separated by at least two spaces; fall back to that when the columns
        // do not line up (a pasted table whose leading spaces were lost).
        let version_cell = cell("KubernetesVersion");
        let (version_text, upgrades_text) = if version_cell.contains(' ') || version_cell.is_empty()
        {
            let trimmed = line.trim();
            match trimmed.split_once("  ") {
                Some((v, rest)) => (v.trim().to_owned(), rest.trim().to_owned()),
                None => (trimmed.to_owned(), String::new()),
            }
        } else {
            (version_cell, cell("Upgrades"))
        };
        let (version, suffix_preview) = match parse_version(&version_text) {
            Ok(parsed) => parsed,
            Err(error) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::KubernetesVersionInvalid,
                        Severity::Warning,
                        format!("line {line_number}"),
                        format!("skipped: {error}"),
                    )
                    .at_line(line_number),
                );
                continue;
            }
        };
        let is_preview = suffix_preview || cell("IsPreview").eq_ignore_ascii_case("true");
        let upgrades = read_upgrade_list(&upgrades_text, line_number, diagnostics);
        let support_plan = cell("SupportPlan")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        entries.push((
            version,
            VersionEntry {
                version: version.to_string(),
                is_preview,
                is_default: false,
                upgrades,
                support_plan,
            },
        ));
    }
    Some(RawList {
        format: Format::Table,
        entries,
        default_minor: None,
        current: None,
    })
}

/// `1.17.7, 1.18.4(preview)` or `None available`.
fn read_upgrade_list(text: &str, line: usize, diagnostics: &mut Vec<Diagnostic>) -> Vec<Upgrade> {
    if text.eq_ignore_ascii_case("none available") || text.is_empty() {
        return Vec::new();
    }
    let mut upgrades = Vec::new();
    for part in text.split(',') {
        match parse_version(part) {
            Ok((version, is_preview)) => upgrades.push(Upgrade {
                version: version.to_string(),
                is_preview,
            }),
            Err(error) => diagnostics.push(
                Diagnostic::new(
                    Code::KubernetesVersionInvalid,
                    Severity::Warning,
                    format!("line {line}"),
                    format!("an upgrade was skipped: {error}"),
                )
                .at_line(line),
            ),
        }
    }
    upgrades
}

fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| &e.value),
        _ => None,
    }
}

fn text_of<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    match &get(node, key)?.value {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

fn flag(node: &Node, key: &str) -> bool {
    matches!(get(node, key).map(|n| &n.value), Some(Value::Bool(true)))
}

fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// JSON or YAML in any of the API shapes (the CLI flattens `properties`, REST does not).
fn read_json(node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Option<RawList> {
    let body = get(node, "properties").unwrap_or(node);
    if let Value::Seq(list) = &node.value {
        let first = list.first()?;
        return if get(first, "patchVersions").is_some() {
            Some(read_kubernetes_versions(list, "", diagnostics))
        } else if get(first, "orchestratorVersion").is_some() {
            Some(read_orchestrators(list, "", diagnostics))
        } else {
            None
        };
    }
    if let Some(Value::Seq(values)) = get(node, "values").map(|n| &n.value) {
        return Some(read_kubernetes_versions(values, "values", diagnostics));
    }
    if let Some(Value::Seq(list)) = get(body, "orchestrators").map(|n| &n.value) {
        return Some(read_orchestrators(list, "orchestrators", diagnostics));
    }
    let profile = get(body, "controlPlaneProfile")?;
    let path = "controlPlaneProfile";
    let current = text_of(profile, "kubernetesVersion").and_then(|t| {
        version_or_warn(
            t,
            &format!("{path}.kubernetesVersion"),
            get(profile, "kubernetesVersion"),
            diagnostics,
        )
    });
    let mut upgrades = Vec::new();
    let mut entries = Vec::new();
    for (index, upgrade) in items(get(profile, "upgrades")).iter().enumerate() {
        let field = format!("{path}.upgrades[{index}].kubernetesVersion");
        let Some(version) = text_of(upgrade, "kubernetesVersion")
            .and_then(|t| version_or_warn(t, &field, Some(upgrade), diagnostics))
        else {
            continue;
        };
        let is_preview = flag(upgrade, "isPreview");
        upgrades.push(Upgrade {
            version: version.0.to_string(),
            is_preview: is_preview || version.1,
        });
        entries.push((
            version.0,
            VersionEntry {
                version: version.0.to_string(),
                is_preview: is_preview || version.1,
                is_default: false,
                upgrades: Vec::new(),
                support_plan: Vec::new(),
            },
        ));
    }
    let current_version = current.map(|(v, _)| v);
    if let Some((version, preview)) = current {
        entries.push((
            version,
            VersionEntry {
                version: version.to_string(),
                is_preview: preview,
                is_default: false,
                upgrades,
                support_plan: Vec::new(),
            },
        ));
    }
    Some(RawList {
        format: Format::UpgradeProfile,
        entries,
        default_minor: None,
        current: current_version.map(|v| v.to_string()),
    })
}

fn version_or_warn(
    text: &str,
    path: &str,
    node: Option<&Node>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Version, bool)> {
    match parse_version(text) {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::KubernetesVersionInvalid,
                    Severity::Warning,
                    path,
                    format!("skipped: {error}"),
                )
                .at_line(node.map_or(0, |n| n.line)),
            );
            None
        }
    }
}

fn read_orchestrators(list: &[Node], path: &str, diagnostics: &mut Vec<Diagnostic>) -> RawList {
    let mut entries = Vec::new();
    for (index, item) in list.iter().enumerate() {
        let kind = text_of(item, "orchestratorType").unwrap_or("Kubernetes");
        if !kind.eq_ignore_ascii_case("kubernetes") {
            continue;
        }
        let field = format!("{path}[{index}].orchestratorVersion");
        let Some((version, suffix)) = text_of(item, "orchestratorVersion")
            .and_then(|t| version_or_warn(t, &field, Some(item), diagnostics))
        else {
            continue;
        };
        let mut upgrades = Vec::new();
        for (u, upgrade) in items(get(item, "upgrades")).iter().enumerate() {
            let field = format!("{path}[{index}].upgrades[{u}].orchestratorVersion");
            if let Some((to, preview)) = text_of(upgrade, "orchestratorVersion")
                .and_then(|t| version_or_warn(t, &field, Some(upgrade), diagnostics))
            {
                upgrades.push(Upgrade {
                    version: to.to_string(),
                    is_preview: preview || flag(upgrade, "isPreview"),
                });
            }
        }
        sort_small(&mut upgrades, |a, b| {
            parse_version(&a.version).ok().map(|(v, _)| v)
                > parse_version(&b.version).ok().map(|(v, _)| v)
        });
        entries.push((
            version,
            VersionEntry {
                version: version.to_string(),
                is_preview: suffix || flag(item, "isPreview"),
                is_default: flag(item, "default"),
                upgrades,
                support_plan: Vec::new(),
            },
        ));
    }
    RawList {
        format: Format::Orchestrators,
        entries,
        default_minor: None,
        current: None,
    }
}

fn read_kubernetes_versions(
    list: &[Node],
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> RawList {
    let mut entries = Vec::new();
    let mut default_minor = None;
    for (index, item) in list.iter().enumerate() {
        let prefix = if path.is_empty() {
            format!("[{index}]")
        } else {
            format!("{path}[{index}]")
        };
        let is_preview = flag(item, "isPreview");
        let support_plan: Vec<String> = get(item, "capabilities")
            .map(|c| {
                items(get(c, "supportPlan"))
                    .iter()
                    .filter_map(|p| match &p.value {
                        Value::Str(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let minor = text_of(item, "version").and_then(|t| {
            version_or_warn(t, &format!("{prefix}.version"), Some(item), diagnostics)
        });
        if flag(item, "isDefault") {
            default_minor = minor.map(|(v, _)| v.minor_version());
        }
        let patches = match get(item, "patchVersions").map(|n| &n.value) {
            Some(Value::Map(patches)) => patches.as_slice(),
            _ => &[],
        };
        if patches.is_empty() {
            // No patches: the minor itself is the entry.
            if let Some((version, _)) = minor {
                entries.push((
                    version,
                    VersionEntry {
                        version: version.to_string(),
                        is_preview,
                        is_default: false,
                        upgrades: Vec::new(),
                        support_plan: support_plan.clone(),
                    },
                ));
            }
        }
        for patch in patches {
            let field = format!("{prefix}.patchVersions");
            let Some((version, _)) =
                version_or_warn(&patch.key, &field, Some(&patch.value), diagnostics)
            else {
                continue;
            };
            let mut upgrades = Vec::new();
            for (u, upgrade) in items(get(&patch.value, "upgrades")).iter().enumerate() {
                let Value::Str(text) = &upgrade.value else {
                    continue;
                };
                let field = format!("{field}.{}.upgrades[{u}]", patch.key);
                if let Some((to, preview)) =
                    version_or_warn(text, &field, Some(upgrade), diagnostics)
                {
                    upgrades.push(Upgrade {
                        version: to.to_string(),
                        is_preview: preview,
                    });
                }
            }
            entries.push((
                version,
                VersionEntry {
                    version: version.to_string(),
                    is_preview,
                    is_default: false,
                    upgrades,
                    support_plan: support_plan.clone(),
                },
            ));
        }
    }
    // Upgrade targets inherit the preview flag of their own minor when it is listed.
    let preview_minors: Vec<Version> = entries
        .iter()
        .filter(|(_, e)| e.is_preview)
        .map(|(v, _)| v.minor_version())
        .collect();
    for (_, entry) in &mut entries {
        for upgrade in &mut entry.upgrades {
            if let Ok((v, _)) = parse_version(&upgrade.version) {
                upgrade.is_preview |= preview_minors.contains(&v.minor_version());
            }
        }
    }
    RawList {
        format: Format::KubernetesVersions,
        entries,
        default_minor,
        current: None,
    }
}

/// A stable insertion sort: `after(a, b)` says `a` goes after `b`. Lists here hold tens of
/// versions, and this is a few hundred bytes of wasm where `sort_by` costs kilobytes.
fn sort_small<T>(items: &mut [T], after: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && after(&items[j - 1], &items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sorts newest first, picks the default and the window, summarises the minors.
fn normalise(raw: RawList) -> VersionList {
    let RawList {
        format,
        mut entries,
        default_minor,
        current,
    } = raw;
    sort_small(&mut entries, |a, b| a.0 < b.0);
    entries.dedup_by(|a, b| a.0 == b.0);
    // New API: the newest GA patch of the default minor (azure-facts §4.5).
    if let Some(minor) = default_minor {
        let pick = entries
            .iter()
            .position(|(v, e)| v.minor_version() == minor && !e.is_preview)
            .or_else(|| entries.iter().position(|(v, _)| v.minor_version() == minor));
        if let Some(index) = pick {
            entries[index].1.is_default = true;
        }
    }
    let default_version = entries
        .iter()
        .find(|(_, e)| e.is_default)
        .map(|(_, e)| e.version.clone());
    let mut minors: Vec<(Version, MinorSummary)> = Vec::new();
    for (version, entry) in &entries {
        let minor = version.minor_version();
        let lts = entry
            .support_plan
            .iter()
            .any(|p| p.eq_ignore_ascii_case(crate::support::LONG_TERM_PLAN));
        // Without support plans (older shapes) every minor counts as a community one.
        let community = entry.support_plan.is_empty()
            || entry
                .support_plan
                .iter()
                .any(|p| p.eq_ignore_ascii_case("KubernetesOfficial"));
        match minors.iter_mut().find(|(m, _)| *m == minor) {
            Some((_, summary)) => {
                summary.is_preview &= entry.is_preview;
                summary.is_lts |= lts;
                summary.is_lts_only &= lts && !community;
                summary.is_default |= entry.is_default;
                summary.patches.push(entry.version.clone());
            }
            None => minors.push((
                minor,
                MinorSummary {
                    minor: minor.to_string(),
                    is_preview: entry.is_preview,
                    is_lts: lts,
                    is_lts_only: lts && !community,
                    is_default: entry.is_default,
                    in_window: false,
                    patches: vec![entry.version.clone()],
                },
            )),
        }
    }
    let mut supported_minors = Vec::new();
    for (_, summary) in minors
        .iter_mut()
        .filter(|(_, s)| !s.is_preview && !s.is_lts_only)
        .take(SUPPORTED_MINORS)
    {
        summary.in_window = true;
        supported_minors.push(summary.minor.clone());
    }
    VersionList {
        format,
        versions: entries.into_iter().map(|(_, e)| e).collect(),
        default_version,
        supported_minors,
        minors: minors.into_iter().map(|(_, s)| s).collect(),
        current,
    }
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
