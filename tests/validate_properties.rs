//! Property tests: whatever text or YAML shape arrives, the validator answers with diagnostics
//! and never panics (a panic would kill the page's wasm instance).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

mod common;

use proptest::prelude::*;

use amlattach::document;
use amlattach::request::{self, Given};
use amlattach::spec::Context;
use amlattach::spec::Workspace;
use amlattach::validate::{parse_context, validate};

/// Keys the validator knows, so generated mappings reach deep into the rules.
const KEYS: &[&str] = &[
    "name",
    "type",
    "resource_id",
    "namespace",
    "identity",
    "type",
    "user_assigned_identities",
    "tags",
    "properties",
    "location",
    "action",
    "resource_group",
    "cluster_name",
    "cluster_purpose",
    "load_balancer_type",
    "load_balancer_subnet",
    "ssl",
    "cname",
    "cert",
    "cert_file",
    "key",
    "key_file",
    "leaf_domain_label",
    "overwrite_existing_domain",
    "renew",
    "agent_count",
    "vm_size",
    "vnet",
    "service_cidr",
    "dns_service_ip",
    "docker_bridge_cidr",
    "workspace",
    "cluster",
    "node_pools",
    "count",
    "vcpus",
    "existing_computes",
    "supported_kubernetes_versions",
    "kubernetes_version",
    "$schema",
];

/// Scalars that hit the interesting branches: types, ids, CIDRs, casing, junk.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("kubernetes".to_owned()),
        Just("aks".to_owned()),
        Just("attach".to_owned()),
        Just("create".to_owned()),
        Just("user_assigned".to_owned()),
        Just("InternalLoadBalancer".to_owned()),
        Just("10.0.0.0/16".to_owned()),
        Just("10.0.0.10".to_owned()),
        Just("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks".to_owned()),
        Just("'quoted: text'".to_owned()),
        Just("~".to_owned()),
        Just("-1".to_owned()),
        Just("3".to_owned()),
        Just("true".to_owned()),
        "[a-zA-Z0-9_./-]{0,30}",
        any::<String>().prop_map(|s| format!("{s:?}")),
    ]
}

/// A YAML value as text, nested up to a few levels, in flow style.
fn yaml_value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|entries| {
                let body: Vec<String> =
                    entries.iter().map(|(k, v)| format!("{k:?}: {v}")).collect();
                format!("{{{}}}", body.join(", "))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let validation = validate(&text, &Context::default(), common::now());
        prop_assert!(validation.report.ok == validation.spec.is_some());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = validate(&text, &Context::default(), common::now());
    }

    #[test]
    fn arbitrary_yaml_specs_and_contexts_never_panic(spec in yaml_value(), context in yaml_value()) {
        let answer = request::validate(
            Given::Text(&spec),
            Some(Given::Text(&context)),
            &Workspace::default(),
            common::now(),
        );
        // Every diagnostic names a code and a non-empty message.
        for d in &answer.report.diagnostics {
            prop_assert!(!d.message.is_empty());
        }
        prop_assert_eq!(answer.report.ok, answer.spec.is_some());
        if let Ok(node) = document::parse(&context) {
            let _ = parse_context(&node);
        }
    }
}

/// Every prefix of every real case file (a spec cut off mid-way, as while typing) is answered.
#[test]
fn every_prefix_of_every_case_is_answered() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut stack = vec![root];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue; // not-utf8.yml
            };
            for (at, _) in text.char_indices().step_by(3) {
                let validation = validate(&text[..at], &Context::default(), common::now());
                assert_eq!(
                    validation.report.ok,
                    validation.spec.is_some(),
                    "{}: {:?}\n{:#?}",
                    path.display(),
                    &text[..at],
                    validation.report.diagnostics
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000);
}
