//! Unit tests of the troubleshooter: every knowledge-base entry is recognised from its own
//! quoted message, patterns are fragments of those messages, and hostile input is harmless.

use super::*;
use crate::dated::TEST_NOW;

#[test]
fn every_failure_matches_its_own_source_messages() {
    for failure in FAILURES {
        let mut seen = false;
        for source in failure.sources {
            let explanation = explain(source.message, None, None, TEST_NOW);
            if explanation.matches.iter().any(|m| m.id == failure.id) {
                seen = true;
            }
        }
        assert!(seen, "{} is not recognised from its sources", failure.id);
    }
}

#[test]
fn ids_are_unique_kebab_case_and_every_failure_has_a_source_and_a_cause() {
    let mut ids: Vec<&str> = FAILURES.iter().map(|f| f.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), FAILURES.len());
    for failure in FAILURES {
        assert!(failure
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        assert!(!failure.sources.is_empty(), "{}", failure.id);
        assert!(!failure.causes.is_empty(), "{}", failure.id);
        // Found from its words, or by a reasoner from the text's structure.
        let reasoned = failure.id == reason::settings::SETTING_REFUSED;
        assert!(
            !failure.messages.is_empty()
                || !failure.codes.is_empty()
                || !failure.hints.is_empty()
                || reasoned,
            "{}",
            failure.id
        );
        for source in failure.sources {
            assert!(source.url.starts_with("https://"), "{}", failure.id);
        }
    }
    assert!(FAILURES.len() >= 25);
}

#[test]
fn every_message_pattern_is_quoted_in_a_source() {
    // Patterns are fragments of real messages, never invented: each one appears (normalized) in
    // one of the failure's quoted source messages. Hints may be symptoms quoted the same way.
    for failure in FAILURES {
        let quoted: Vec<String> = failure
            .sources
            .iter()
            .map(|s| Normalized::new(s.message).text)
            .collect();
        for pattern in failure.messages.iter().chain(failure.hints) {
            let needle = Normalized::new(pattern).text;
            let squeezed: String = needle.chars().filter(|c| *c != ' ').collect();
            assert!(
                quoted.iter().any(|q| q.contains(&needle)
                    || q.chars()
                        .filter(|c| *c != ' ')
                        .collect::<String>()
                        .contains(&squeezed)),
                "{}: {pattern:?} is not in its sources",
                failure.id
            );
        }
    }
}

#[test]
fn evidence_points_at_the_line_and_column() {
    let text = "first line\n  Code: BadRequest\n  Message: AKS role check failed for user assigned identity. Please check";
    let explanation = explain(text, None, None, TEST_NOW);
    let m = &explanation.matches[0];
    assert_eq!(m.id, "aks-role-check-failed");
    assert_eq!(m.confidence, Confidence::High);
    let message = m
        .evidence
        .iter()
        .find(|e| e.kind == SignalKind::Message)
        .unwrap();
    assert_eq!((message.line, message.column), (3, 12));
    assert_eq!(&text[message.offset..message.offset + 3], "AKS");
}

#[test]
fn wrapped_messages_match_across_line_breaks_and_inside_words() {
    let text = "Getting static credential is not allowed because this cluster is set to disa\nble local accounts.";
    let explanation = explain(text, None, None, TEST_NOW);
    assert_eq!(explanation.matches[0].id, "local-accounts-disabled");
    let text = "AKS role check failed\n   for user assigned\n identity.";
    assert_eq!(
        explain(text, None, None, TEST_NOW).matches[0].id,
        "aks-role-check-failed"
    );
}

#[test]
fn codes_match_as_whole_words_only() {
    assert!(!explain("xComputeNotFoundy", None, None, TEST_NOW).matched);
    assert!(explain("ComputeNotFound.", None, None, TEST_NOW).matched);
    assert!(!explain("E400012", None, None, TEST_NOW).matched);
}

#[test]
fn hostile_input_never_panics() {
    let long_a = "a".repeat(MAX_INPUT_BYTES + 10);
    let explanation = explain(&long_a, None, None, TEST_NOW);
    assert!(explanation.input.truncated);
    let multibyte = "é".repeat(MAX_INPUT_BYTES / 2 + 3);
    assert!(explain(&multibyte, None, None, TEST_NOW).input.truncated);
    for text in [
        "",
        "\\",
        "\\u",
        "\\u00",
        "{",
        "[{\"error\":",
        "{\"error\":{\"code\":null,\"details\":[[[[{}]]]]}}",
        "eyJ",
        "Bearer",
        "Authorization:",
        "AccountKey=",
        "sig=",
        "-----BEGIN PRIVATE KEY-----",
        "-----BEGIN",
        "\u{0130}\u{0130}extension not installed",
        "ﬀ\u{1F600}\r\n\t",
    ] {
        let _ = render_text(&explain(text, None, None, TEST_NOW));
    }
}

#[test]
fn special_lowercase_does_not_break_positions() {
    // U+0130 lowercases to two characters: offsets must still land on the source text.
    let text = "\u{0130}x extension not installed \u{0130}";
    let explanation = explain(text, None, None, TEST_NOW);
    let e = &explanation.matches[0].evidence[0];
    assert_eq!(&text[e.offset..e.offset + "extension".len()], "extension");
}

#[test]
fn documents_are_validated_and_a_spec_with_errors_is_not_used() {
    use crate::request::{self, Given};
    let text = "extension not installed";
    let spec = "name: k8s\ntype: kubernetes\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.Kubernetes/connectedClusters/arc-1\n";
    let context = Given::Text("workspace:\n  name: ws-ml\n  resource_group: rg-ml\n");
    let none = crate::spec::Workspace::default();
    let explained = request::explain(
        text,
        Some(Given::Text(spec)),
        Some(context),
        &none,
        Shell::Pwsh,
        TEST_NOW,
    )
    .unwrap();
    let explanation = explained.explanation;
    assert!(explanation.notes.is_empty());
    let install = &explanation.matches[0].causes[1].fix.commands[1];
    assert_eq!(install.language, "powershell");
    assert!(
        install.text.contains("--cluster-type connectedClusters `"),
        "{}",
        install.text
    );
    assert!(
        install.text.contains("--cluster-name arc-1"),
        "{}",
        install.text
    );

    let bad = Given::Text("name: 1bad\ntype: kubernetes\n");
    let explanation =
        request::explain(text, Some(bad), Some(context), &none, Shell::Bash, TEST_NOW)
            .unwrap()
            .explanation;
    assert_eq!(explanation.notes.len(), 1);
    assert!(explanation.placeholders);
}

#[test]
fn a_v1_spec_gets_a_devtest_attach() {
    let spec = crate::validate::validate(
        "name: aks-v1\ntype: aks\naction: attach\nresource_group: rg-aks\ncluster_name: aks-small\n",
        &crate::spec::Context::default(),
        TEST_NOW,
    );
    let spec = spec.spec.unwrap();
    let explanation = explain(
        "At least 3 machine(s) are required for cluster with purpose 'FastProd'. Available machine(s) : 2",
        Some(&spec),
        None,
        TEST_NOW,
    );
    let fix = &explanation.matches[0].causes[0].fix;
    assert_eq!(fix.commands[0].language, "python");
    assert!(
        fix.commands[0].text.contains("DEV_TEST"),
        "{}",
        fix.commands[0].text
    );
}

/// The pre-flight's facts for a small cluster with local accounts disabled and no Trusted Access
/// binding, the extension installed, and a workspace identity holding only Reader.
fn preflight_facts() -> Context {
    use crate::spec::{ClusterFacts, NodePool};
    Context {
        cluster: Some(ClusterFacts {
            node_pools: vec![NodePool {
                name: Some("sys".into()),
                count: 2,
                vm_size: Some("Standard_D2s_v3".into()),
                ..NodePool::default()
            }],
            local_accounts_disabled: Some(true),
            private_cluster: Some(false),
            trusted_access: Some(false),
            aml_extension_installed: Some(true),
            workspace_identity_roles: Some(vec!["acdd72a7-3385-48ef-bd42-f606fba81ae7".into()]),
            ..ClusterFacts::default()
        }),
        ..Context::default()
    }
}

fn explain_in(text: &str, context: &Context) -> Explanation {
    explain_with(
        text,
        &Options {
            context: Some(context),
            ..Options::at(TEST_NOW)
        },
    )
}

fn cause<'a>(explanation: &'a Explanation, id: &str, starts: &str) -> &'a Cause {
    explanation
        .matches
        .iter()
        .find(|m| m.id == id)
        .and_then(|m| m.causes.iter().find(|c| c.cause.starts_with(starts)))
        .unwrap_or_else(|| panic!("no {id} cause starting {starts:?}"))
}

#[test]
fn preflight_facts_confirm_and_rule_out_causes() {
    let facts = preflight_facts();
    let text = "extension not installed\nAt least 3 machine(s) are required for cluster with purpose 'FastProd'. Available machine(s) : 2";
    let explanation = explain_in(text, &facts);

    let roles = cause(
        &explanation,
        "extension-not-installed",
        "the workspace uses",
    );
    assert_eq!(roles.verdict, Some(Verdict::Confirmed));
    let finding = roles.checks[0].finding.as_ref().map(|f| f.fact.as_str());
    assert_eq!(
        finding,
        Some("the workspace's identity lacks Kubernetes Extension Contributor, Azure Kubernetes Service Cluster Admin Role on the cluster")
    );
    let extension = cause(
        &explanation,
        "extension-not-installed",
        "the Azure ML extension",
    );
    assert_eq!(extension.verdict, Some(Verdict::RuledOut));

    let small = cause(&explanation, "fastprod-node-count", "the cluster has fewer");
    assert_eq!(small.verdict, Some(Verdict::Confirmed));
    assert!(small.checks[0]
        .finding
        .as_ref()
        .is_some_and(|f| f.fact.contains("2 node(s) and 4 vCPUs")));
}

#[test]
fn enough_capacity_and_all_roles_rule_causes_out() {
    let mut facts = preflight_facts();
    let cluster = facts.cluster.as_mut().expect("facts have a cluster");
    cluster.node_pools[0].count = 3;
    cluster.node_pools[0].vm_size = Some("Standard_D4s_v3".into());
    // Contributor covers every role the workspace's identity needs.
    cluster.workspace_identity_roles = Some(vec!["b24988ac-6180-42a0-ab88-20f7382dd24c".into()]);
    let explanation = explain_in(
        "extension not installed\nAt least 3 machine(s) are required for cluster with purpose 'FastProd'",
        &facts,
    );
    assert_eq!(
        cause(
            &explanation,
            "extension-not-installed",
            "the workspace uses"
        )
        .verdict,
        Some(Verdict::RuledOut)
    );
    assert_eq!(
        cause(&explanation, "fastprod-node-count", "the cluster has fewer").verdict,
        Some(Verdict::RuledOut)
    );
}

#[test]
fn without_facts_no_cause_is_judged() {
    let explanation = explain("extension not installed", None, None, TEST_NOW);
    assert!(explanation.matches[0]
        .causes
        .iter()
        .all(|c| c.verdict.is_none() && c.checks.iter().all(|check| check.finding.is_none())));
    // Facts that say nothing about a check leave it alone.
    let explanation = explain_in("extension not installed", &Context::default());
    assert!(explanation.matches[0]
        .causes
        .iter()
        .all(|c| c.verdict.is_none()));
}
