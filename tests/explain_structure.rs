//! The troubleshooter reasoning from an error's structure: a denied action on any resource
//! type gets the role of that action at the scope the text names, a resource not found gets
//! the commands of its kind (AKS or Arc), the fix commands carry the text's own ids and names
//! (the spec and workspace win where they disagree, and a note says so), the answer agrees with
//! a rule the text states, and when nothing is known the facts read choose the checks. The
//! texts are ARM's documented shapes with this file's own names.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use amlattach::explain::{explain, Confidence, Explanation, ResourceKind};
use amlattach::spec::{AttachSpec, Context, Workspace};

const SUB: &str = "9b4c1b3e-0c1d-4d1e-8a3c-1f2e3d4c5b6a";
const OBJECT: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn denied(client: &str, action: &str, scope: &str) -> String {
    format!(
        r#"{{"error":{{"code":"AuthorizationFailed","message":"The client '{client}' with object id '{OBJECT}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials."}}}}"#
    )
}

fn commands(e: &Explanation) -> String {
    e.matches[0]
        .causes
        .iter()
        .flat_map(|c| c.fix.commands.iter().map(|c| c.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_denied_action_gets_the_role_of_that_action_on_the_resource_the_text_names() {
    let aks = format!("/subscriptions/{SUB}/resourceGroups/rg-k8s/providers/Microsoft.ContainerService/managedClusters/aks-train");
    let arc = format!("/subscriptions/{SUB}/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/edge-01");
    let cases = [
        (
            denied("ann@contoso.com", "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action", &aks),
            "Azure Kubernetes Service Cluster User Role",
            "User",
            aks.clone(),
        ),
        (
            denied("ann@contoso.com", "Microsoft.Kubernetes/connectedClusters/listClusterUserCredential/action", &arc),
            "Azure Arc Enabled Kubernetes Cluster User Role",
            "User",
            arc.clone(),
        ),
        (
            denied(
                "0a1b2c3d-0000-4000-8000-000000000001",
                "Microsoft.KubernetesConfiguration/extensions/write",
                &format!("{arc}/providers/Microsoft.KubernetesConfiguration/extensions/azureml"),
            ),
            "Kubernetes Extension Contributor",
            "ServicePrincipal",
            format!("{arc}/providers/Microsoft.KubernetesConfiguration/extensions/azureml"),
        ),
        (
            denied(
                "ann@contoso.com",
                "Microsoft.MachineLearningServices/workspaces/computes/write",
                &format!("/subscriptions/{SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-ml/computes/k8s-1"),
            ),
            "AzureML Compute Operator",
            "User",
            format!("/subscriptions/{SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-ml/computes/k8s-1"),
        ),
    ];
    for (text, role, principal_type, scope) in cases {
        let e = explain(&text, None, None, common::now());
        let first = &e.matches[0];
        assert_eq!(
            (first.id, first.confidence),
            ("authorization-failed", Confidence::High),
            "{text}"
        );
        assert!(
            first.causes[0].cause.contains(role),
            "{}",
            first.causes[0].cause
        );
        let commands = commands(&e);
        for wanted in [OBJECT, role, principal_type, scope.as_str()] {
            assert!(commands.contains(wanted), "{wanted} not in\n{commands}");
        }
        assert!(
            !commands.contains("<your-user-or-app-id>") && !commands.contains("<subscription-id>"),
            "{commands}"
        );
        assert_eq!(e.facts.denials[0].object_id.as_deref(), Some(OBJECT));
    }
}

#[test]
fn a_cluster_not_found_gets_the_commands_of_its_kind() {
    let arc = r#"{"error":{"code":"ResourceNotFound","message":"The Resource 'Microsoft.Kubernetes/connectedClusters/edge-01' under resource group 'rg-edge' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"}}"#;
    let e = explain(arc, None, None, common::now());
    assert_eq!(
        (e.matches[0].id, e.matches[0].confidence),
        ("resource-not-found", Confidence::High)
    );
    let c = commands(&e);
    assert!(
        c.contains("az connectedk8s show")
            && c.contains("--name edge-01")
            && c.contains("--resource-group rg-edge"),
        "{c}"
    );
    assert!(!c.contains("az aks "), "{c}");
    // The other kind is named as a cause: an AKS cluster written with Arc's type.
    assert!(e.matches[0].causes.iter().any(|c| c
        .cause
        .contains("Microsoft.ContainerService/managedClusters/edge-01")));

    let aks = arc.replace(
        "Microsoft.Kubernetes/connectedClusters",
        "Microsoft.ContainerService/managedClusters",
    );
    let c = commands(&explain(&aks, None, None, common::now()));
    assert!(
        c.contains("az aks show") && !c.contains("connectedk8s"),
        "{c}"
    );
}

/// ARM's 404 for a child resource interleaves types and names (recorded:
/// `../shared/fixtures/arm-recordings/ml-endpoint-get-404.json`); the parents it names are there,
/// only the last is missing, and the fix commands take the workspace and group from it.
#[test]
fn a_child_not_found_names_its_parents_and_the_fix_uses_them() {
    let text = r#"{"error": {"code": "ResourceNotFound", "message": "The Resource 'Microsoft.MachineLearningServices/workspaces/ws-team/computes/k8s-train' under resource group 'rg-ml' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"}}"#;
    let e = explain(text, None, None, common::now());
    let workspace = e
        .facts
        .first(ResourceKind::Workspace)
        .expect("the workspace");
    assert_eq!(
        (
            workspace.name.as_str(),
            workspace.resource_group.as_deref(),
            workspace.missing
        ),
        ("ws-team", Some("rg-ml"), false)
    );
    let compute = e.facts.first(ResourceKind::Compute).expect("the compute");
    assert_eq!(
        (compute.name.as_str(), compute.missing),
        ("k8s-train", true)
    );
    assert_eq!(e.matches[0].id, "resource-not-found");
    let c = commands(&e);
    assert!(
        c.contains("--workspace-name ws-team") && c.contains("--resource-group rg-ml"),
        "{c}"
    );
}

#[test]
fn every_fix_uses_the_texts_values_where_no_spec_is_given() {
    // The extension's own name, the Arc cluster and its group, from the user's command line.
    let text = "$ az k8s-extension create --cluster-type connectedClusters --cluster-name edge-01 -g rg-edge --name ml-ext --extension-type Microsoft.AzureML.Kubernetes --scope namespace\nERROR: Invalid scope 'namespace'.  This extension can be installed only at 'cluster' scope.";
    let e = explain(text, None, None, common::now());
    assert_eq!(e.matches[0].id, "extension-namespace-scope");
    let c = commands(&e);
    assert!(
        c.contains("--cluster-type connectedClusters")
            && c.contains("--cluster-name edge-01")
            && c.contains("--resource-group rg-edge"),
        "{c}"
    );
    assert!(
        !c.contains("<cluster-name>") && !c.contains("<cluster-resource-group>"),
        "{c}"
    );
    assert!(e
        .facts
        .resources
        .iter()
        .any(|r| r.kind == ResourceKind::Extension && r.name == "ml-ext"));
}

#[test]
fn the_spec_and_workspace_win_over_the_text_and_a_note_says_so() {
    let spec = amlattach::validate::validate(
        "name: k8s-compute\ntype: kubernetes\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod\nnamespace: ml-team\n",
        &Context::default(),
        common::now(),
    )
    .spec
    .unwrap();
    let workspace = Workspace {
        subscription_id: Some(SUB.into()),
        resource_group: Some("rg-ml".into()),
        name: Some("ws-ml".into()),
        ..Workspace::default()
    };
    let text = r#"{"error":{"code":"ResourceNotFound","message":"The Resource 'Microsoft.Kubernetes/connectedClusters/edge-01' under resource group 'rg-edge' was not found."}}"#;
    let e = explain(text, Some(&spec), Some(&workspace), common::now());
    assert!(
        e.notes.iter().any(|n| n.contains("cluster `edge-01`")
            && n.contains("`aks-prod`")
            && n.contains("use yours")),
        "{:?}",
        e.notes
    );
    assert!(matches!(spec, AttachSpec::Kubernetes(_)));
}

#[test]
fn the_answer_states_the_rule_the_text_states() {
    // The v1 path's rule (DP100's lab output): 2–16 characters, not the v2 rule of 3–24.
    let v1 = "ComputeTargetException: Compute name is invalid. It can include letters, digits and dashes. It must start with a letter, end with a letter or digit, and be between 2 and 16 characters in length.";
    let e = explain(v1, None, None, common::now());
    assert_eq!(e.matches[0].id, "compute-name-invalid");
    let cause = &e.matches[0].causes[0].cause;
    assert!(
        cause.contains("2 to 16 characters") && cause.contains("v1"),
        "{cause}"
    );
    assert!(!cause.starts_with("the name is not 3–24"), "{cause}");
    let v2 = v1.replace("between 2 and 16", "between 3 and 24");
    let cause = &explain(&v2, None, None, common::now()).matches[0].causes[0]
        .cause
        .clone();
    assert!(
        cause.contains("3 to 24 characters") && cause.contains("v2 rule"),
        "{cause}"
    );
}

#[test]
fn with_no_known_failure_the_facts_read_choose_the_checks() {
    let text = format!("(SomethingNew) The operation on '/subscriptions/{SUB}/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/edge-01' did not complete.");
    let e = explain(&text, None, None, common::now());
    assert!(
        e.matches.iter().all(|m| m.confidence == Confidence::Low),
        "{:?}",
        e.matches.iter().map(|m| m.id).collect::<Vec<_>>()
    );
    assert!(
        e.read_from_text.iter().any(|r| r.contains("SomethingNew")),
        "{:?}",
        e.read_from_text
    );
    assert!(
        e.read_from_text
            .iter()
            .any(|r| r.contains("Arc-enabled Kubernetes cluster edge-01")),
        "{:?}",
        e.read_from_text
    );
    let first = &e.generic_checks[0];
    assert!(
        first.text.contains("connectivity")
            && first.commands[0].text.contains("az connectedk8s show"),
        "{first:?}"
    );
    let all: String = e
        .generic_checks
        .iter()
        .flat_map(|f| f.commands.iter().map(|c| c.text.clone()))
        .collect();
    assert!(
        all.contains("--cluster-type connectedClusters") && !all.contains("az aks get-credentials"),
        "{all}"
    );
}

#[test]
fn a_general_tools_message_about_other_software_is_left_alone() {
    // Helm and the scheduler say the same words for every chart; without Azure ML in the text
    // none of it is claimed above low.
    for text in [
        "Error: INSTALLATION FAILED: cannot re-use a name that is still in use",
        "Warning  FailedScheduling  default-scheduler  0/3 nodes are available: 3 Insufficient cpu.",
        "Failed to pull image \"docker.io/library/nginx:1.99\": rpc error: code = NotFound desc = manifest unknown",
    ] {
        let e = explain(text, None, None, common::now());
        assert!(e.matches.iter().all(|m| m.confidence == Confidence::Low), "{text}: {:?}", e.matches.iter().map(|m| (m.id, m.confidence)).collect::<Vec<_>>());
    }
}

#[test]
fn a_masked_object_id_falls_back_to_the_client_the_text_names() {
    // Users often mask the object id before posting; the user name still assigns the role.
    let text = "(AuthorizationFailed) The client 'ann@contoso.com' with object id 'xxxxxxxx' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action' over scope '/subscriptions/9b4c1b3e-0c1d-4d1e-8a3c-1f2e3d4c5b6a/resourceGroups/rg-k8s/providers/Microsoft.ContainerService/managedClusters/aks-train'.";
    let c = commands(&explain(text, None, None, common::now()));
    assert!(c.contains("--assignee ann@contoso.com"), "{c}");
    assert!(
        !c.contains("xxxxxxxx") && !c.contains("--assignee-object-id"),
        "{c}"
    );
}

#[test]
fn a_cli_extension_that_fails_to_load_is_reinstalled_by_its_own_name() {
    let text = "ERROR: Error loading command module 'k8s-extension'\nTraceback (most recent call last):\n  File \"/root/.azure/cliextensions/k8s-extension/azext_k8s_extension/__init__.py\", line 7, in <module>\nModuleNotFoundError: No module named 'kubernetes'";
    let e = explain(text, None, None, common::now());
    assert_eq!(e.matches[0].id, "cli-extension-load-failed");
    assert_eq!(e.facts.cli_extensions, ["k8s-extension"]);
    let all: String = e.matches[0]
        .causes
        .iter()
        .flat_map(|c| c.fix.commands.iter().map(|c| c.text.clone()))
        .collect();
    assert!(all.contains("--name k8s-extension"), "{all}");
    // Not the ml extension's v1/v2 clash first: the text is about k8s-extension.
    assert!(
        !e.matches[0].causes[0].cause.contains("azure-cli-ml"),
        "{}",
        e.matches[0].causes[0].cause
    );
}

#[test]
fn a_policy_denial_about_tags_puts_the_named_policies_before_public_ips() {
    let text = r#"{"error":{"code":"RequestDisallowedByPolicy","target":"aks-team","message":"Resource 'aks-team' was disallowed by policy. Policy identifiers: '[{\"policyAssignment\":{\"name\":\"Require a cost-center tag\",\"id\":\"/subscriptions/9b4c1b3e-0c1d-4d1e-8a3c-1f2e3d4c5b6a/providers/Microsoft.Authorization/policyAssignments/require-tag\"}}]'.","additionalInfo":[{"type":"PolicyViolation","info":{"policyAssignmentDisplayName":"Require a cost-center tag","policyAssignmentName":"require-tag"}}]}}"#;
    let e = explain(text, None, None, common::now());
    let m = e.matches.iter().find(|m| m.id == "policy-denied").unwrap();
    assert!(
        m.causes[0].cause.contains("Require a cost-center tag"),
        "{}",
        m.causes[0].cause
    );
    assert!(
        !m.causes[0].cause.contains("public IP"),
        "{}",
        m.causes[0].cause
    );
    let list = &m.causes[0].fix.commands[0].text;
    assert!(
        list.contains("--scope /subscriptions/9b4c1b3e-0c1d-4d1e-8a3c-1f2e3d4c5b6a"),
        "{list}"
    );
}
