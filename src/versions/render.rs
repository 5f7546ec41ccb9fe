//! The text a person reads for a version list and a version check: a table newest first, the
//! default, the supported window, then the check's verdict and upgrade path.

use std::fmt::Write;

use super::{VersionCheck, VersionList};

/// The versions as a table, then the default, the supported GA minors, the minors under
/// long-term support only and the cluster's own version.
pub fn render_list(list: &VersionList) -> String {
    let mut text = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        text,
        "{:<12} {:<8} {:<8} {:<34} UPGRADES",
        "VERSION", "PREVIEW", "DEFAULT", "SUPPORT PLAN"
    );
    for v in &list.versions {
        let upgrades: Vec<String> = v
            .upgrades
            .iter()
            .map(|u| {
                format!(
                    "{}{}",
                    u.version,
                    if u.is_preview { "(preview)" } else { "" }
                )
            })
            .collect();
        let _ = writeln!(
            text,
            "{:<12} {:<8} {:<8} {:<34} {}",
            v.version,
            if v.is_preview { "yes" } else { "" },
            if v.is_default { "default" } else { "" },
            v.support_plan.join(", "),
            if upgrades.is_empty() {
                "none".to_owned()
            } else {
                upgrades.join(", ")
            }
        );
    }
    if let Some(default) = &list.default_version {
        let _ = writeln!(text, "default version: {default}");
    }
    let _ = writeln!(
        text,
        "supported GA minors (N-2): {}",
        list.supported_minors.join(", ")
    );
    let long_term_only: Vec<&str> = list
        .minors
        .iter()
        .filter(|m| m.is_lts_only && !m.is_preview)
        .map(|m| m.minor.as_str())
        .collect();
    if !long_term_only.is_empty() {
        let _ = writeln!(
            text,
            "long-term support only (Premium tier, AKSLongTermSupport plan): {}",
            long_term_only.join(", ")
        );
    }
    if let Some(current) = &list.current {
        let _ = writeln!(text, "cluster version: {current}");
    }
    text
}

/// Whether the checked version can be attached, and where it can upgrade to (marking previews
/// and the step that crosses from blobfuse to the Blob CSI driver); empty when no version was
/// read.
pub fn render_check(check: &VersionCheck) -> String {
    let mut text = String::new();
    let Some(version) = &check.version else {
        return text;
    };
    let verdict = if check.supported {
        "can be attached"
    } else {
        "cannot be attached"
    };
    let _ = writeln!(text, "check {version}: {verdict}");
    if !check.upgrades.is_empty() {
        let steps: Vec<String> = check
            .upgrades
            .iter()
            .map(|u| {
                format!(
                    "{}{}{}",
                    u.version,
                    if u.is_preview { " (preview)" } else { "" },
                    if u.crosses_blobfuse {
                        " (blobfuse → Blob CSI)"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        let _ = writeln!(text, "  upgrades to: {}", steps.join(", "));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dated::TEST_NOW;
    use crate::support::Plan;
    use crate::versions::{check_version, parse_versions};
    use expect_test::expect;

    /// `az aks get-versions -o table` as the CLI prints it (columns as in its output).
    const TABLE: &str = "\
KubernetesVersion    Upgrades                            SupportPlan
-------------------  ----------------------------------  --------------------------------------
1.33.2               None available                      KubernetesOfficial
1.32.6               1.33.2                              KubernetesOfficial
1.31.10              1.32.6                              KubernetesOfficial
1.30.14              1.31.10                             KubernetesOfficial, AKSLongTermSupport
";

    #[test]
    fn a_table_read_and_written_again() {
        let list = parse_versions(TABLE).list.expect("the table is read");
        expect![[r#"
            VERSION      PREVIEW  DEFAULT  SUPPORT PLAN                       UPGRADES
            1.33.2                         KubernetesOfficial                 none
            1.32.6                         KubernetesOfficial                 1.33.2
            1.31.10                        KubernetesOfficial                 1.32.6
            1.30.14                        KubernetesOfficial, AKSLongTermSupport 1.31.10
            supported GA minors (N-2): 1.33, 1.32, 1.31
        "#]]
        .assert_eq(&render_list(&list));
    }

    #[test]
    fn a_check_says_whether_and_where_to() {
        let list = parse_versions(TABLE).list.expect("the table is read");
        let check = check_version(&list, "1.31", Plan::of(None, None), TEST_NOW);
        expect![[r#"
            check 1.31.10: can be attached
              upgrades to: 1.32.6
        "#]]
        .assert_eq(&render_check(&check));
        let nothing = check_version(&list, "not a version", Plan::of(None, None), TEST_NOW);
        assert_eq!(render_check(&nothing), "");
    }
}
