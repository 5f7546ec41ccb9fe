//! The request layer answers each question one way, whatever form the documents come in.

use super::*;
use crate::arm::Cloud;
use crate::dated::TEST_NOW;

const SPEC: &str = "name: k8s-prod\ntype: kubernetes\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks\nnamespace: team-a\n";
const CONTEXT: &str = "workspace:\n  subscription_id: 11111111-1111-1111-1111-111111111111\n  resource_group: rg-ml\n  name: ws-ml\n";
const WS_ID: &str = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-ml";

fn none() -> Workspace {
    Workspace::default()
}

/// YAML text as the JSON value a JS object of the same shape becomes.
fn json(text: &str) -> serde_json::Value {
    let node = document::parse(text).unwrap();
    crate::validate::to_json(&node)
}

#[test]
fn text_and_json_documents_get_the_same_answer() {
    let spec = json(SPEC);
    let context = json(CONTEXT);
    let from_text = validate(
        Given::Text(SPEC),
        Some(Given::Text(CONTEXT)),
        &none(),
        TEST_NOW,
    );
    let from_json = validate(
        Given::Json(&spec),
        Some(Given::Json(&context)),
        &none(),
        TEST_NOW,
    );
    assert!(from_text.report.ok, "{:?}", from_text.report);
    assert_eq!(from_text.spec, from_json.spec);
    assert_eq!(from_text.context, from_json.context);
}

#[test]
fn an_unreadable_context_is_reported_and_the_spec_still_checked() {
    let checked = validate(
        Given::Text("name: 1x\ntype: kubernetes\n"),
        Some(Given::Text("workspace: [unclosed")),
        &none(),
        TEST_NOW,
    );
    assert!(checked.context_unreadable && !checked.spec_unreadable);
    let first = &checked.report.diagnostics[0];
    assert_eq!(
        (first.code, first.path.as_str()),
        (Code::ParseError, "context")
    );
    assert!(
        checked.report.diagnostics.iter().any(|d| d.path == "name"),
        "{:?}",
        checked.report
    );
}

#[test]
fn each_question_refuses_an_unreadable_context_with_the_same_code() {
    let bad = Some(Given::Text("workspace: [unclosed"));
    let generated = generate(
        Given::Text(SPEC),
        bad,
        None,
        &none(),
        Target::AzV2,
        Shell::Bash,
        TEST_NOW,
    );
    let explained = explain(
        "x",
        Some(Given::Text(SPEC)),
        bad,
        &none(),
        Shell::Bash,
        TEST_NOW,
    );
    let planned = attach_plan(Given::Text(SPEC), bad, WS_ID, TEST_NOW);
    for error in [
        generated.unwrap_err(),
        explained.unwrap_err(),
        planned.unwrap_err(),
    ] {
        assert_eq!(error.code(), "context-unreadable", "{error}");
        assert!(
            error
                .to_string()
                .starts_with("the context cannot be read: "),
            "{error}"
        );
        assert!(error.report().is_some_and(|r| !r.ok));
    }
}

#[test]
fn an_unreadable_spec_and_a_spec_with_errors_have_their_own_codes() {
    let unreadable = generate(
        Given::Text("name: [x"),
        None,
        None,
        &none(),
        Target::AzV2,
        Shell::Bash,
        TEST_NOW,
    );
    assert_eq!(unreadable.unwrap_err().code(), "spec-unreadable");
    let list = generate(
        Given::Text("- a\n- b\n"),
        None,
        None,
        &none(),
        Target::AzV2,
        Shell::Bash,
        TEST_NOW,
    );
    assert_eq!(list.unwrap_err().code(), "spec-unreadable");
    let invalid = generate(
        Given::Text("name: 1x\ntype: kubernetes\n"),
        None,
        None,
        &none(),
        Target::AzV2,
        Shell::Bash,
        TEST_NOW,
    )
    .unwrap_err();
    assert_eq!(invalid.code(), "invalid-spec");
    assert!(!invalid.is_unreadable());
    assert!(
        invalid.to_string().starts_with("the spec has errors: "),
        "{invalid}"
    );
}

#[test]
fn the_workspace_options_are_checked_and_win_over_the_context() {
    let flags = Workspace {
        name: Some("ws-other".to_owned()),
        ..Workspace::default()
    };
    let output = generate(
        Given::Text(SPEC),
        Some(Given::Text(CONTEXT)),
        None,
        &flags,
        Target::AzV2,
        Shell::Bash,
        TEST_NOW,
    )
    .unwrap();
    assert!(
        output.text.contains("ws-other") && !output.text.contains("ws-ml"),
        "{}",
        output.text
    );
    let bad = Workspace {
        subscription_id: Some("not-a-guid".to_owned()),
        ..Workspace::default()
    };
    let error = generate(
        Given::Text(SPEC),
        None,
        None,
        &bad,
        Target::AzV2,
        Shell::Bash,
        TEST_NOW,
    )
    .unwrap_err();
    assert_eq!(error.code(), "invalid-spec");
    assert!(error.report().unwrap().diagnostics[0]
        .path
        .starts_with("context.workspace."));
}

#[test]
fn explain_keeps_going_with_a_spec_it_cannot_use_and_says_why() {
    let explained = explain(
        "x",
        Some(Given::Text("name: 1x\ntype: kubernetes\n")),
        None,
        &none(),
        Shell::Bash,
        TEST_NOW,
    )
    .unwrap();
    assert_eq!(
        explained.spec_problems.as_ref().map(RequestError::code),
        Some("invalid-spec")
    );
    assert!(explained
        .explanation
        .notes
        .iter()
        .any(|n| n.contains("the spec has errors")));
    let unreadable = explain(
        "x",
        Some(Given::Text("name: [x")),
        None,
        &none(),
        Shell::Bash,
        TEST_NOW,
    )
    .unwrap();
    assert!(unreadable
        .explanation
        .notes
        .iter()
        .any(|n| n.contains("not valid YAML or JSON")));
}

#[test]
fn the_attach_plan_targets_the_workspace_of_its_id() {
    let plan = attach_plan(Given::Text(SPEC), None, WS_ID, TEST_NOW).unwrap();
    assert_eq!(
        (plan.workspace.name.as_str(), plan.name.as_str()),
        ("ws-ml", "k8s-prod")
    );
    assert_eq!(plan.body["properties"]["computeType"], "Kubernetes");
    assert_eq!(
        attach_plan(Given::Text(SPEC), None, "/subscriptions/x", TEST_NOW).unwrap_err(),
        RequestError::BadWorkspaceId
    );
}

#[test]
fn every_error_has_a_listed_code_and_the_typescript_union_lists_them_all() {
    let report = Report::new(Vec::new());
    let all = [
        RequestError::SpecUnreadable(report.clone()),
        RequestError::ContextUnreadable(report.clone()),
        RequestError::InvalidSpec(report),
        RequestError::UnknownTarget("x".to_owned(), vec!["az-v2"]),
        RequestError::UnknownShell("x".to_owned()),
        RequestError::BadNow("x".to_owned()),
        RequestError::NotJson,
        RequestError::BadOptions("{}"),
        RequestError::NotAVersionList,
        RequestError::BadWorkspaceId,
        RequestError::BadClusterId,
        RequestError::BadCloud,
        RequestError::NoTokenCallback,
        RequestError::NeedsInput("x".to_owned()),
        RequestError::Output("x".to_owned()),
    ];
    let codes: Vec<&str> = all.iter().map(RequestError::code).collect();
    assert_eq!(codes, RequestError::CODES);
    // The `.d.ts` the wasm edge declares: the same codes, in the same order.
    let edge = include_str!("../wasm/mod.rs");
    let union = edge
        .split("export type RequestErrorCode =")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .expect("the wasm edge declares RequestErrorCode");
    let declared: Vec<&str> = union
        .split('|')
        .map(|c| c.trim().trim_matches('"'))
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(declared, RequestError::CODES);
}

#[test]
fn names_and_codes_parse_through_one_function_each() {
    assert_eq!(target("az-v2"), Ok(Target::AzV2));
    assert_eq!(target("nope").unwrap_err().code(), "unknown-target");
    assert!(target("nope").unwrap_err().to_string().contains("az-v2"));
    assert_eq!(shell("pwsh"), Ok(Shell::Pwsh));
    assert_eq!(shell("zsh").unwrap_err().code(), "unknown-shell");
    assert_eq!(now("2026-13-40").unwrap_err().code(), "bad-now");
}

#[test]
fn a_cloud_is_a_preset_an_https_url_or_a_loopback_one() {
    assert_eq!(cloud(None), Ok(Cloud::public()));
    assert_eq!(
        cloud(Some("china")),
        Cloud::preset("china").ok_or(RequestError::BadCloud)
    );
    assert!(cloud(Some("https://management.example.com/")).is_ok());
    assert!(cloud(Some("http://127.0.0.1:8081")).is_ok());
    assert!(cloud(Some("http://localhost/")).is_ok());
    for refused in [
        "http://localhost.evil.example",
        "http://127.0.0.1.nip.io",
        "http://example.com",
        "ftp://x",
        "private",
    ] {
        assert_eq!(
            cloud(Some(refused)),
            Err(RequestError::BadCloud),
            "{refused}"
        );
    }
}

#[test]
fn ids_parse_through_one_function_each() {
    assert_eq!(workspace(WS_ID).unwrap().resource_group, "rg-ml");
    assert_eq!(workspace("/x").unwrap_err().code(), "bad-workspace-id");
    let aks = "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/aks";
    assert_eq!(cluster(aks).unwrap().name, "aks");
    assert_eq!(cluster("/x").unwrap_err().code(), "bad-cluster-id");
}

#[test]
fn the_users_context_wins_over_the_preflight_key_by_key() {
    let facts = serde_json::json!({
        "workspace": { "name": "ws-read", "location": "westeurope" },
        "cluster": { "kubernetes_version": "1.31.2", "node_pools": [{ "count": 3 }] },
        "existing_computes": [{ "name": "k8s-a" }],
    });
    let user = serde_json::json!({
        "workspace": { "name": "ws-typed" },
        "cluster": { "kubernetes_version": "1.32.0" },
    });
    let merged = merge_contexts(Some(&user), Some(&facts)).unwrap();
    assert_eq!(
        merged,
        serde_json::json!({
            "workspace": { "name": "ws-typed", "location": "westeurope" },
            "cluster": { "kubernetes_version": "1.32.0", "node_pools": [{ "count": 3 }] },
            "existing_computes": [{ "name": "k8s-a" }],
        })
    );
    assert_eq!(merge_contexts(None, Some(&facts)), Some(facts.clone()));
    assert_eq!(merge_contexts(Some(&user), None), Some(user.clone()));
    assert_eq!(merge_contexts(None, None), None);
    // A context that is not a mapping stays the user's, for the validator to report.
    let text = serde_json::json!("workspace: x");
    assert_eq!(merge_contexts(Some(&text), Some(&facts)), Some(text));
}
