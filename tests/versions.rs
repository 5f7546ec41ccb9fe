//! Kubernetes version lists from the official AKS REST examples (`../shared/fixtures`), the
//! seed's `az aks get-versions -o table`, the new table and hand-written edge cases; golden
//! output (`UPDATE_EXPECT=1 cargo test --test versions`).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fmt::Write as _;

use amlattach::support::Plan;
use amlattach::versions::{check_version, parse_versions};
use expect_test::{expect, Expect};

const AKS: &str = "containerservice/resource-manager/Microsoft.ContainerService";

/// The response body of an official example file, as `az` or a REST call prints it.
fn example_body(relative: &str) -> String {
    let example: serde_json::Value =
        serde_json::from_str(&common::rest_example(&format!("{AKS}/{relative}"))).unwrap();
    serde_json::to_string_pretty(&example["responses"]["200"]["body"]).unwrap()
}

/// The list as a table, then each check.
fn check(text: &str, versions: &[&str], expect: Expect) {
    let parsed = parse_versions(text);
    let mut out = String::new();
    for d in &parsed.diagnostics {
        writeln!(
            out,
            "{}{d}",
            d.line.map(|l| format!("{l}: ")).unwrap_or_default()
        )
        .unwrap();
    }
    let Some(list) = parsed.list else {
        expect.assert_eq(&out);
        return;
    };
    writeln!(out, "format: {:?}", list.format).unwrap();
    for v in &list.versions {
        let upgrades: Vec<String> = v
            .upgrades
            .iter()
            .map(|u| format!("{}{}", u.version, if u.is_preview { "(p)" } else { "" }))
            .collect();
        writeln!(
            out,
            "{}{}{} -> [{}] {}",
            v.version,
            if v.is_preview { " preview" } else { "" },
            if v.is_default { " DEFAULT" } else { "" },
            upgrades.join(", "),
            v.support_plan.join("+")
        )
        .unwrap();
    }
    writeln!(out, "default: {:?}", list.default_version).unwrap();
    writeln!(out, "window: {}", list.supported_minors.join(", ")).unwrap();
    let minors: Vec<String> = list
        .minors
        .iter()
        .map(|m| {
            format!(
                "{}{}{}{}{}",
                m.minor,
                if m.in_window { " ga" } else { "" },
                if m.is_preview { " preview" } else { "" },
                if m.is_lts { " lts" } else { "" },
                if m.is_default { " default" } else { "" }
            )
        })
        .collect();
    writeln!(out, "minors: {}", minors.join(" | ")).unwrap();
    if let Some(current) = &list.current {
        writeln!(out, "current: {current}").unwrap();
    }
    for version in versions {
        let c = check_version(&list, version, Plan::default(), common::now());
        writeln!(
            out,
            "check {version}: ok={} version={:?} listed={} supported={} upgrades=[{}] blobfuse={}",
            c.ok,
            c.version,
            c.listed,
            c.supported,
            c.upgrades
                .iter()
                .map(|u| format!("{}{}", u.version, if u.crosses_blobfuse { "!" } else { "" }))
                .collect::<Vec<_>>()
                .join(", "),
            c.blobfuse_crossing
        )
        .unwrap();
        for d in &c.diagnostics {
            writeln!(out, "  {d}").unwrap();
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn official_kubernetes_versions_list() {
    check(
        &example_body("aks/stable/2025-10-01/examples/KubernetesVersions_List.json"),
        &["1.24", "1.23.12", "1.26.0", "1.22.4", "v1.25.5"],
        expect![[r#"
            format: KubernetesVersions
            1.26.0 preview -> [] KubernetesOfficial
            1.25.5 -> [1.26.0(p)] KubernetesOfficial
            1.25.4 -> [1.25.5, 1.26.0(p)] KubernetesOfficial
            1.24.9 DEFAULT -> [1.25.4, 1.25.5] KubernetesOfficial
            1.24.6 -> [1.24.9, 1.25.4, 1.25.5] KubernetesOfficial
            1.23.15 -> [1.24.6, 1.24.9] KubernetesOfficial
            1.23.12 -> [1.23.15, 1.24.6, 1.24.9] KubernetesOfficial
            default: Some("1.24.9")
            window: 1.25, 1.24, 1.23
            minors: 1.26 preview | 1.25 ga | 1.24 ga default | 1.23 ga
            check 1.24: ok=true version=Some("1.24.9") listed=true supported=true upgrades=[1.25.4, 1.25.5] blobfuse=false
            check 1.23.12: ok=true version=Some("1.23.12") listed=true supported=true upgrades=[1.23.15, 1.24.6, 1.24.9] blobfuse=false
            check 1.26.0: ok=true version=Some("1.26.0") listed=true supported=true upgrades=[] blobfuse=false
              version: warning[kubernetes-version-preview]: 1.26.0 is a preview: it can be attached, with no SLA; use a GA version for production
            check 1.22.4: ok=false version=Some("1.22.4") listed=false supported=false upgrades=[] blobfuse=false
              version: error[kubernetes-version-not-listed]: 1.22.4 is not in this list (supported minors: 1.25, 1.24, 1.23): attach accepts only the versions AKS offers in the region
            check v1.25.5: ok=true version=Some("1.25.5") listed=true supported=true upgrades=[1.26.0] blobfuse=false
        "#]],
    );
}

#[test]
fn official_orchestrators_list_ignores_other_orchestrators() {
    check(
        &example_body("stable/2019-08-01/examples/ContainerServiceListOrchestrators.json"),
        &["1.9.10", "1.8"],
        expect![[r#"
            format: Orchestrators
            1.14.0 preview -> [] 
            1.13.5 -> [1.14.0(p)] 
            1.12.7 DEFAULT -> [1.13.5] 
            1.12.6 -> [1.12.7, 1.13.5] 
            1.11.9 -> [1.12.6, 1.12.7] 
            1.11.8 -> [1.11.9, 1.12.6, 1.12.7] 
            1.10.13 -> [1.11.8, 1.11.9] 
            1.10.12 -> [1.10.13, 1.11.8, 1.11.9] 
            1.9.11 -> [1.10.12, 1.10.13] 
            1.9.10 -> [1.9.11, 1.10.12, 1.10.13] 
            1.8.1 -> [1.8.2, 1.8.4] 
            default: Some("1.12.7")
            window: 1.13, 1.12, 1.11
            minors: 1.14 preview | 1.13 ga | 1.12 ga default | 1.11 ga | 1.10 | 1.9 | 1.8
            check 1.9.10: ok=false version=Some("1.9.10") listed=true supported=false upgrades=[1.9.11, 1.10.12, 1.10.13] blobfuse=false
              version: error[kubernetes-version-unsupported]: Kubernetes 1.9.10 is outside the supported versions (1.11, 1.12, 1.13): from an unsupported version AKS lets the cluster go straight to the lowest supported minor (an unsupported recovery path, as a full cluster upgrade, not the control plane alone): upgrade to 1.11 (`az aks upgrade --resource-group RG --name NAME --kubernetes-version 1.11`), before attaching
            check 1.8: ok=false version=Some("1.8.1") listed=true supported=false upgrades=[1.8.2, 1.8.4] blobfuse=false
              version: error[kubernetes-version-unsupported]: Kubernetes 1.8.1 is outside the supported versions (1.11, 1.12, 1.13): from an unsupported version AKS lets the cluster go straight to the lowest supported minor (an unsupported recovery path, as a full cluster upgrade, not the control plane alone): upgrade to 1.11 (`az aks upgrade --resource-group RG --name NAME --kubernetes-version 1.11`), before attaching
        "#]],
    );
}

#[test]
fn official_upgrade_profile() {
    check(
        &example_body("aks/stable/2025-10-01/examples/ManagedClustersGetUpgradeProfile.json"),
        &["1.7.7"],
        expect![[r#"
            format: UpgradeProfile
            1.7.11 -> [] 
            1.7.9 preview -> [] 
            1.7.7 -> [1.7.9(p), 1.7.11] 
            default: None
            window: 1.7
            minors: 1.7 ga
            current: 1.7.7
            check 1.7.7: ok=true version=Some("1.7.7") listed=true supported=true upgrades=[1.7.9, 1.7.11] blobfuse=false
        "#]],
    );
}

#[test]
fn the_old_cli_json_flattens_properties() {
    let body: serde_json::Value = serde_json::from_str(&example_body(
        "stable/2019-08-01/examples/ContainerServiceListOrchestrators.json",
    ))
    .unwrap();
    let flattened = serde_json::json!({ "orchestrators": body["properties"]["orchestrators"] });
    let parsed = parse_versions(&flattened.to_string());
    // 11 Kubernetes entries; the DCOS, Swarm and DockerCE ones are left out.
    assert_eq!(parsed.list.unwrap().versions.len(), 11);
}

#[test]
fn the_seed_table_and_the_blobfuse_crossing() {
    check(
        "KubernetesVersion    Upgrades
-------------------  ----------------------------------------
1.18.6(preview)      None available
1.18.4(preview)      1.18.6(preview)
1.17.9               1.18.4(preview), 1.18.6(preview)
1.17.7               1.17.9, 1.18.4(preview), 1.18.6(preview)
1.16.13              1.17.7, 1.17.9
1.16.10              1.16.13, 1.17.7, 1.17.9
1.15.12              1.16.10, 1.16.13
1.15.11              1.15.12, 1.16.10, 1.16.13
",
        &["1.16.13", "1.16.10", "1.15", "1.18.6", "1.14.1", "1.x"],
        expect![[r#"
            format: Table
            1.18.6 preview -> [] 
            1.18.4 preview -> [1.18.6(p)] 
            1.17.9 -> [1.18.4(p), 1.18.6(p)] 
            1.17.7 -> [1.17.9, 1.18.4(p), 1.18.6(p)] 
            1.16.13 -> [1.17.7, 1.17.9] 
            1.16.10 -> [1.16.13, 1.17.7, 1.17.9] 
            1.15.12 -> [1.16.10, 1.16.13] 
            1.15.11 -> [1.15.12, 1.16.10, 1.16.13] 
            default: None
            window: 1.17, 1.16, 1.15
            minors: 1.18 preview | 1.17 ga | 1.16 ga | 1.15 ga
            check 1.16.13: ok=true version=Some("1.16.13") listed=true supported=true upgrades=[1.17.7!, 1.17.9!] blobfuse=true
              upgrades: warning[blobfuse-crossing]: upgrading 1.16.13 to 1.17 or later replaces the blobfuse FlexVolume driver with the Blob CSI driver: redeploy or update v1 web services afterwards
            check 1.16.10: ok=true version=Some("1.16.10") listed=true supported=true upgrades=[1.16.13, 1.17.7!, 1.17.9!] blobfuse=true
              upgrades: warning[blobfuse-crossing]: upgrading 1.16.10 to 1.17 or later replaces the blobfuse FlexVolume driver with the Blob CSI driver: redeploy or update v1 web services afterwards
            check 1.15: ok=true version=Some("1.15.12") listed=true supported=true upgrades=[1.16.10, 1.16.13] blobfuse=false
            check 1.18.6: ok=true version=Some("1.18.6") listed=true supported=true upgrades=[] blobfuse=false
              version: warning[kubernetes-version-preview]: 1.18.6 is a preview: it can be attached, with no SLA; use a GA version for production
            check 1.14.1: ok=false version=Some("1.14.1") listed=false supported=false upgrades=[] blobfuse=false
              version: error[kubernetes-version-not-listed]: 1.14.1 is not in this list (supported minors: 1.17, 1.16, 1.15): attach accepts only the versions AKS offers in the region
            check 1.x: ok=false version=None listed=false supported=false upgrades=[] blobfuse=false
              version: error[kubernetes-version-invalid]: invalid minor version at column 3
        "#]],
    );
}

#[test]
fn the_new_table_with_preview_and_lts_columns() {
    check(
        "KubernetesVersion    IsPreview    Upgrades                 SupportPlan
-------------------  -----------  -----------------------  ---------------------------------------
1.33.0               True         None available           KubernetesOfficial
1.32.5                            1.33.0                   KubernetesOfficial
1.31.9                            1.32.5                   KubernetesOfficial
1.30.14                           1.31.9                   KubernetesOfficial
1.29.15                           1.30.14                  KubernetesOfficial, AKSLongTermSupport
1.27.102                          1.28.100                 AKSLongTermSupport
",
        &["1.29.15", "1.27.102", "1.33", "1.30"],
        expect![[r#"
            format: Table
            1.33.0 preview -> [] KubernetesOfficial
            1.32.5 -> [1.33.0] KubernetesOfficial
            1.31.9 -> [1.32.5] KubernetesOfficial
            1.30.14 -> [1.31.9] KubernetesOfficial
            1.29.15 -> [1.30.14] KubernetesOfficial+AKSLongTermSupport
            1.27.102 -> [1.28.100] AKSLongTermSupport
            default: None
            window: 1.32, 1.31, 1.30
            minors: 1.33 preview | 1.32 ga | 1.31 ga | 1.30 ga | 1.29 lts | 1.27 lts
            check 1.29.15: ok=true version=Some("1.29.15") listed=true supported=false upgrades=[1.30.14] blobfuse=false
              version: warning[kubernetes-version-lts]: Kubernetes 1.29.15 is past AKS community support (supported minors: 1.30, 1.31, 1.32) and AKS supports it only under long-term support (the Premium tier with the AKSLongTermSupport plan); whether this cluster has it is not known (`az aks show --resource-group RG --name NAME --query "{tier: sku.tier, plan: supportPlan}"` tells): without it the cluster is out of support: upgrade to 1.30 (`az aks upgrade --resource-group RG --name NAME --kubernetes-version 1.30`)
            check 1.27.102: ok=true version=Some("1.27.102") listed=true supported=false upgrades=[1.28.100] blobfuse=false
              version: warning[kubernetes-version-lts]: Kubernetes 1.27.102 is past AKS community support (supported minors: 1.30, 1.31, 1.32) and AKS supports it only under long-term support (the Premium tier with the AKSLongTermSupport plan); whether this cluster has it is not known (`az aks show --resource-group RG --name NAME --query "{tier: sku.tier, plan: supportPlan}"` tells): without it the cluster is out of support: upgrade to 1.30 (`az aks upgrade --resource-group RG --name NAME --kubernetes-version 1.30`)
            check 1.33: ok=true version=Some("1.33.0") listed=true supported=true upgrades=[] blobfuse=false
              version: warning[kubernetes-version-preview]: 1.33.0 is a preview: it can be attached, with no SLA; use a GA version for production
            check 1.30: ok=true version=Some("1.30.14") listed=true supported=true upgrades=[1.31.9] blobfuse=false
        "#]],
    );
}

#[test]
fn broken_inputs_are_reported_not_panicked_on() {
    check(
        "",
        &[],
        expect![[r#"
        (document): error[versions-unreadable]: no Kubernetes versions found: paste the output of `az aks get-versions -l REGION` (table or JSON), or of `az aks get-upgrades`
    "#]],
    );
    check(
        "hello: world",
        &[],
        expect![[r#"
        (document): error[versions-unreadable]: no Kubernetes versions found: paste the output of `az aks get-versions -l REGION` (table or JSON), or of `az aks get-upgrades`
    "#]],
    );
    check(
        "{ values: [ {version: 1.x, patchVersions: {1.x.1: {upgrades: [1.2.3]}}} ] }",
        &["1.2"],
        expect![[r#"
            1: values[0].version: warning[kubernetes-version-invalid]: skipped: invalid minor version at column 3
            1: values[0].patchVersions: warning[kubernetes-version-invalid]: skipped: invalid minor version at column 3
            format: KubernetesVersions
            default: None
            window: 
            minors: 
            check 1.2: ok=false version=Some("1.2") listed=false supported=false upgrades=[] blobfuse=false
              version: error[kubernetes-version-not-listed]: 1.2 is not in this list: attach accepts only the versions AKS offers in the region
        "#]],
    );
    check(
        "KubernetesVersion  Upgrades\n-----  -----\nbanana  1.2.3, x\n1.20.1  1.21.0, 1.x\n",
        &[],
        expect![[r#"
            3: line 3: warning[kubernetes-version-invalid]: skipped: invalid major version at column 1
            4: line 4: warning[kubernetes-version-invalid]: an upgrade was skipped: invalid minor version at column 4
            format: Table
            1.20.1 -> [1.21.0] 
            default: None
            window: 1.20
            minors: 1.20 ga
        "#]],
    );
}

/// The real `kubernetesVersions` answer Azure CLI recorded in westus2
/// (`../shared/fixtures/arm-recordings/aks-kubernetes-versions-westus2-200.json`), and the same
/// shape a year on, when 1.27 is offered under long-term support only: the minor is judged by
/// the cluster's own plan, and never called supported on a guess.
#[test]
fn a_long_term_only_minor_is_judged_by_the_clusters_plan() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let recorded = std::fs::read_to_string(
        root.join("../shared/fixtures/arm-recordings/aks-kubernetes-versions-westus2-200.json"),
    )
    .unwrap();
    let list = parse_versions(&recorded).list.unwrap();
    assert_eq!(list.supported_minors, ["1.28", "1.27", "1.26"]);
    let lts: Vec<_> = list.minors.iter().filter(|m| m.is_lts).collect();
    assert_eq!(lts.len(), 1);
    assert_eq!((lts[0].minor.as_str(), lts[0].is_lts_only), ("1.27", false));
    let check = check_version(&list, "1.27", Plan::default(), common::now());
    assert!(check.supported && check.diagnostics.is_empty());

    let later = r#"{"values": [
      {"version": "1.30", "capabilities": {"supportPlan": ["KubernetesOfficial", "AKSLongTermSupport"]}, "patchVersions": {"1.30.3": {"upgrades": []}}},
      {"version": "1.29", "isDefault": true, "capabilities": {"supportPlan": ["KubernetesOfficial", "AKSLongTermSupport"]}, "patchVersions": {"1.29.7": {"upgrades": ["1.30.3"]}}},
      {"version": "1.28", "capabilities": {"supportPlan": ["KubernetesOfficial", "AKSLongTermSupport"]}, "patchVersions": {"1.28.12": {"upgrades": ["1.29.7"]}}},
      {"version": "1.27", "capabilities": {"supportPlan": ["AKSLongTermSupport"]}, "patchVersions": {"1.27.101": {"upgrades": ["1.28.12"]}}}
    ]}"#;
    let list = parse_versions(later).list.unwrap();
    assert_eq!(
        list.supported_minors,
        ["1.30", "1.29", "1.28"],
        "1.27 is not in the window"
    );
    let minor = list.minors.iter().find(|m| m.minor == "1.27").unwrap();
    assert!(minor.is_lts_only && !minor.in_window);

    let at = |plan: Plan| check_version(&list, "1.27", plan, common::now());
    let unknown = at(Plan::default());
    assert!(
        !unknown.supported,
        "no plan given: not supported on a guess"
    );
    assert_eq!(
        unknown.diagnostics[0].code.as_str(),
        "kubernetes-version-lts"
    );
    let community = at(Plan::of(Some("Standard"), Some("KubernetesOfficial")));
    assert!(!community.ok && !community.supported);
    assert!(
        community.diagnostics[0]
            .message
            .contains("upgrade to 1.28 (`az aks upgrade --resource-group RG --name NAME --kubernetes-version 1.28`)"),
        "{}",
        community.diagnostics[0].message
    );
    let long_term = at(Plan::of(Some("Premium"), Some("AKSLongTermSupport")));
    assert!(long_term.ok && long_term.supported);
    assert!(
        long_term.diagnostics[0].message.contains("not documented"),
        "Azure ML is silent on LTS: a warning, {}",
        long_term.diagnostics[0].message
    );
}

/// Parts of the output people copy instead of the whole (one minor out of `values`, a
/// `patchVersions` map, an element with its trailing comma as copied out of an editor, the
/// `controlPlaneProfile` of `az aks get-upgrades`): each says what it is and what to paste.
#[test]
fn a_fragment_says_to_paste_the_whole_output() {
    let recorded = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/arm-recordings/aks-kubernetes-versions-westus2-200.json"),
    )
    .unwrap();
    let whole: serde_json::Value = serde_json::from_str(&recorded).unwrap();
    let one_minor = serde_json::to_string_pretty(&whole["values"][0]).unwrap();
    let cut = format!("{},", one_minor.replace('\n', "\n    "));
    let patches = serde_json::to_string(&whole["values"][0]["patchVersions"]).unwrap();
    let profile = r#"{"kubernetesVersion": "1.29.7", "name": null, "osType": "Linux", "upgrades": [{"isPreview": null, "kubernetesVersion": "1.30.3"}]}"#;
    for (text, part) in [
        (
            one_minor.as_str(),
            "one minor version out of the `values` list",
        ),
        (cut.as_str(), "a piece of the JSON, cut out of the whole"),
        (patches.as_str(), "the `patchVersions` of one minor version"),
        (
            profile,
            "the `controlPlaneProfile` part of an upgrade profile",
        ),
    ] {
        let parsed = parse_versions(text);
        assert!(parsed.list.is_none(), "{text}");
        let d = &parsed.diagnostics[0];
        assert_eq!(d.code.as_str(), "versions-fragment", "{text}");
        assert!(d.message.contains(part), "{}", d.message);
        assert!(
            d.message.contains("paste everything it prints"),
            "{}",
            d.message
        );
    }
    assert!(
        parse_versions(&recorded).list.is_some(),
        "the whole answer reads"
    );
    let words = parse_versions("hello");
    assert_eq!(words.diagnostics[0].code.as_str(), "versions-unreadable");
}

/// Issue 18 (item 7): a version wider than its column is an error naming the row, not a version
/// cut at the column's edge (`1.30.1234…` was read as `1.30.12345678901234`, listed and
/// supported); so is text left of the first column or run into the next one.
#[test]
fn a_value_across_a_column_edge_is_an_error_not_a_made_up_version() {
    check(
        "KubernetesVersion  Upgrades
-----------------  --------
1.31.2             None available
1.30.123456789012345678  1.31.2
1.30.5             1.31.2
 1.29.8            1.30.5
",
        &["1.30.12345678901234", "1.30"],
        expect![[r#"
            4: line 4: error[versions-table-misaligned]: line 4 was not read: its `KubernetesVersion` value runs into the `Upgrades` column, which starts at character 20 in the header; paste the table as `az aks get-versions --output table` prints it, or use `--output json`
            format: Table
            1.31.2 -> [] 
            1.30.5 -> [1.31.2] 
            1.29.8 -> [1.30.5] 
            default: None
            window: 1.31, 1.30, 1.29
            minors: 1.31 ga | 1.30 ga | 1.29 ga
            check 1.30.12345678901234: ok=false version=Some("1.30.12345678901234") listed=false supported=false upgrades=[] blobfuse=false
              version: error[kubernetes-version-not-listed]: 1.30.12345678901234 is not in this list (supported minors: 1.31, 1.30, 1.29): attach accepts only the versions AKS offers in the region
            check 1.30: ok=true version=Some("1.30.5") listed=true supported=true upgrades=[1.31.2] blobfuse=false
        "#]],
    );
    check(
        "KubernetesVersion    IsPreview    Upgrades                 SupportPlan
-------------------  -----------  -----------------------  ---------------------------------------
1.33.0               True         None available           KubernetesOfficial
1.32.5                            1.33.0                   KubernetesOfficial
1.31.9                            1.32.5, 1.32.6, 1.33.0, 1.33.1  KubernetesOfficial
  KubernetesVersion    IsPreview
1.30.14
",
        &[],
        expect![[r#"
            5: line 5: error[versions-table-misaligned]: line 5 was not read: its `Upgrades` value runs into the `SupportPlan` column, which starts at character 60 in the header; paste the table as `az aks get-versions --output table` prints it, or use `--output json`
            6: line 6: warning[kubernetes-version-invalid]: skipped: invalid major version at column 1
            format: Table
            1.33.0 preview -> [] KubernetesOfficial
            1.32.5 -> [1.33.0] KubernetesOfficial
            1.30.14 -> [] 
            default: None
            window: 1.32, 1.30
            minors: 1.33 preview | 1.32 ga | 1.30 ga
        "#]],
    );
    check(
        "  KubernetesVersion    Upgrades\n  -----------------    --------\n  1.30.14              None available\n1.29.10                1.30.14\n",
        &[],
        expect![[r#"
            format: Table
            1.30.14 -> [] 
            1.29.10 -> [1.30.14] 
            default: None
            window: 1.30, 1.29
            minors: 1.30 ga | 1.29 ga
        "#]],
    );
    check(
        "  KubernetesVersion    IsPreview    Upgrades\n  1.30.14                           None available\n1.29.10                1.30.14\n",
        &[],
        expect![[r#"
            3: line 3: error[versions-table-misaligned]: line 3 was not read: it has text at character 1, left of where the header's `KubernetesVersion` column starts (character 3); paste the table as `az aks get-versions --output table` prints it, or use `--output json`
            format: Table
            1.30.14 -> [] 
            default: None
            window: 1.30
            minors: 1.30 ga
        "#]],
    );
}

/// Issue 18 (item 7): text past the cap is refused before anything reads it (a 1M-entry JSON
/// list took 3.5 GB before its error), and the diagnostic names the cap.
#[test]
fn text_past_the_cap_is_refused_before_it_is_read() {
    let rows: String = (0..60_000)
        .map(|i| format!("1.{}.{}  None available\n", i / 3, i % 3))
        .collect();
    let table = format!("KubernetesVersion  Upgrades\n{rows}");
    let list = format!(
        "[{}]",
        (0..40_000)
            .map(|i| format!("{{\"orchestratorVersion\": \"1.{i}.0\"}}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for text in [table, list] {
        assert!(text.len() > 1 << 20);
        let parsed = parse_versions(&text);
        assert!(parsed.list.is_none());
        let messages: Vec<String> = parsed.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [format!(
                "(document): error[versions-too-large]: the text is {} bytes long; `az aks get-versions` prints a few to tens of kilobytes, and at most 1048576 bytes (1 MiB) are read: paste the output of one command",
                text.len()
            )]
        );
    }
    // Under the cap, too many values is said as such, not taken for a piece of the output.
    let many = format!("[{}]", "{\"upgrades\": 1},".repeat(60_000));
    let parsed = parse_versions(&many);
    assert_eq!(
        parsed.diagnostics[0].to_string(),
        "(document): error[parse-error]: the document holds more than 100000 values, more than is read"
    );
}

/// A long table in the worst order (oldest first, every minor its own) is read whole, newest
/// first, with the window at the newest minors; the reading is linear and the sort n log n
/// (issue 18, item 7: an insertion sort and a scan of the minors per row made it quadratic).
#[test]
fn a_long_table_oldest_first_is_read_newest_first() {
    let rows: String = (0..5_000)
        .map(|i| format!("1.{}.{}  None available\n", i / 2, i % 2))
        .collect();
    let parsed = parse_versions(&format!("KubernetesVersion  Upgrades\n{rows}"));
    assert!(parsed.diagnostics.is_empty());
    let list = parsed.list.unwrap();
    assert_eq!(list.versions.len(), 5_000);
    assert_eq!(list.versions[0].version, "1.2499.1");
    assert_eq!(list.versions[4_999].version, "1.0.0");
    assert_eq!(list.supported_minors, ["1.2499", "1.2498", "1.2497"]);
    assert_eq!(list.minors.len(), 2_500);
}
