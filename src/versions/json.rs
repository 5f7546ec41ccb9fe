//! The JSON (or YAML) shapes: the orchestrators API, the kubernetesVersions API (`values[]` with
//! `patchVersions`) and a cluster's upgrade profile, as `az` prints them (`properties`
//! flattened) or as REST returns them.

use super::list::{sort_stable, RawList};
use super::{parse_version, Format, Upgrade, Version, VersionEntry};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::document::{Node, Value};

/// JSON or YAML in any of the API shapes (the CLI flattens `properties`, REST does not).
pub(super) fn read_json(node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Option<RawList> {
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
                upgrades.push((
                    to,
                    Upgrade {
                        version: to.to_string(),
                        is_preview: preview || flag(upgrade, "isPreview"),
                    },
                ));
            }
        }
        sort_stable(&mut upgrades, |a, b| a.0 < b.0);
        let upgrades = upgrades.into_iter().map(|(_, u)| u).collect();
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
    // Upgrade targets inherit the preview flag of their own minor when it is listed: the preview
    // minors sorted once, each looked up by halves.
    let mut preview_minors: Vec<Version> = entries
        .iter()
        .filter(|(_, e)| e.is_preview)
        .map(|(v, _)| v.minor_version())
        .collect();
    sort_stable(&mut preview_minors, |a, b| a < b);
    preview_minors.dedup();
    for (_, entry) in &mut entries {
        for upgrade in &mut entry.upgrades {
            if let Ok((v, _)) = parse_version(&upgrade.version) {
                upgrade.is_preview |= preview_minors.binary_search(&v.minor_version()).is_ok();
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

/// The value of `key` in a mapping (the last, when repeated).
pub(super) fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| &e.value),
        _ => None,
    }
}

pub(super) fn text_of<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    match &get(node, key)?.value {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

pub(super) fn flag(node: &Node, key: &str) -> bool {
    matches!(get(node, key).map(|n| &n.value), Some(Value::Bool(true)))
}

pub(super) fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}
