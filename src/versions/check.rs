//! "Can I attach X, and where can it upgrade to?" against a version list: listed, preview, in
//! the window or on long-term support (`crate::support` judges), upgrades and the blobfuse
//! crossing.

use super::{parse_version, UpgradeStep, Version, VersionCheck, VersionEntry, VersionList};
use crate::dated::Now;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::resource_id::ClusterKind;
use crate::support::{judge, Plan, Windows};

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
