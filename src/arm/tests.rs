//! The request builders and response parsers against ARM's official examples
//! (`../shared/fixtures/azure-rest-api-specs/`), and the flow decisions on made-up answers.

use crate::resource_id::WorkspaceId;
use std::path::PathBuf;

use super::*;
use crate::resource_id::parse_cluster_id;

fn fixtures() -> PathBuf {
    let root =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/azure-rest-api-specs");
    assert!(
        root.is_dir(),
        "the official examples are missing: {} (shared/ must sit beside the project)",
        root.display()
    );
    root
}

#[test]
fn long_term_only_minors_are_not_community_minors() {
    // The kubernetesVersions shape with a minor past community support still offered under
    // long-term support, as AKS lists them (capabilities.supportPlan per minor).
    let body = r#"{"values":[
        {"version":"1.33","capabilities":{"supportPlan":["AKSLongTermSupport"]},"patchVersions":{"1.33.5":{"upgrades":["1.34.1"]}}},
        {"version":"1.35","capabilities":{"supportPlan":["KubernetesOfficial","AKSLongTermSupport"]},"patchVersions":{"1.35.2":{"upgrades":[]}}},
        {"version":"1.36","isDefault":true,"capabilities":{"supportPlan":["KubernetesOfficial","AKSLongTermSupport"]},"patchVersions":{"1.36.1":{"upgrades":[]}}},
        {"version":"1.38","isPreview":true,"capabilities":{"supportPlan":["KubernetesOfficial"]},"patchVersions":{"1.38.0":{"upgrades":[]}}}
    ]}"#;
    let region = parse_supported_versions(&Response {
        status: 200,
        headers: Vec::new(),
        body: body.to_owned(),
    })
    .unwrap();
    assert_eq!(region.community, ["1.35", "1.36"]);
    assert_eq!(region.long_term, ["1.33", "1.35", "1.36"]);
}

/// The example file whose path ends with `tail`, answered with `status`.
pub(super) fn example(tail: &str, status: &str) -> (serde_json::Value, Response) {
    let mut stack = vec![fixtures()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(tail) {
                let json: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                let answer = &json["responses"][status];
                let headers = answer["headers"]
                    .as_object()
                    .map(|h| {
                        h.iter()
                            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                            .collect()
                    })
                    .unwrap_or_default();
                let body = if answer["body"].is_null() {
                    String::new()
                } else {
                    answer["body"].to_string()
                };
                let status = status.parse().unwrap();
                return (
                    json["parameters"].clone(),
                    Response {
                        status,
                        headers,
                        body,
                    },
                );
            }
        }
    }
    panic!("no example ending with {tail}");
}

#[test]
fn compute_put_get_list_and_delete_examples() {
    let (params, put) = example("Compute/createOrUpdate/KubernetesCompute.json", "201");
    assert_eq!(params["api-version"], ML_API);
    match lro_start(&put) {
        LroStart::Poll { url, location, .. } => {
            assert!(url.starts_with("https://"));
            assert!(!location);
        }
        other => panic!("{other:?}"),
    }
    let compute = parse_compute(&put).unwrap();
    assert_eq!(compute.compute_type, "Kubernetes");
    assert_eq!(compute.namespace.as_deref(), Some("default"));
    assert_eq!(compute.provisioning_state, "Creating");

    let (_, get) = example("Compute/get/AKSCompute.json", "200");
    let aks = parse_compute(&get).unwrap();
    assert_eq!(aks.compute_type, "AKS");

    let (_, list) = example("Compute/list.json", "200");
    let page = parse_computes(&list).unwrap();
    assert!(page.items.len() >= 2);
    assert!(page.next_link.is_some());

    let (_, delete) = example("Compute/delete.json", "202");
    assert!(matches!(
        lro_start(&delete),
        LroStart::Poll {
            location: false,
            ..
        }
    ));
    let (_, gone) = example("Compute/delete.json", "204");
    assert_eq!(lro_start(&gone), LroStart::Done);
}

#[test]
fn cluster_examples_give_the_validator_its_facts() {
    let (_, get) = example("ManagedClustersGet.json", "200");
    let cluster = parse_cluster(&get).unwrap();
    assert_eq!(cluster.name, "clustername1");
    assert_eq!(cluster.facts.node_pools[0].count, 3);
    assert_eq!(
        cluster.facts.node_pools[0].vm_size.as_deref(),
        Some("Standard_DS1_v2")
    );
    assert_eq!(cluster.facts.load_balancer_sku.as_deref(), Some("standard"));
    assert_eq!(cluster.kubernetes_version.as_deref(), Some("1.9.6"));
    assert!(cluster.cluster.is_some());

    let (_, private) = example("ManagedClustersCreate_PrivateClusterPublicFQDN.json", "200");
    let private = parse_cluster(&private).unwrap();
    assert_eq!(private.facts.private_cluster, Some(true));
    assert_eq!(private.facts.private_cluster_public_fqdn, Some(true));

    let (_, list) = example("ManagedClustersList.json", "200");
    assert!(!parse_clusters(&list).unwrap().items.is_empty());
}

#[test]
fn extensions_versions_skus_workspace_and_subscriptions() {
    let (_, list) = example("ListExtensions.json", "200");
    let extensions = parse_extensions(&list).unwrap().items;
    assert!(!extensions.is_empty());
    assert!(extensions.iter().all(|e| !e.extension_type.is_empty()));

    let (_, versions) = example("KubernetesVersions_List.json", "200");
    let region = parse_supported_versions(&versions).unwrap();
    assert_eq!(region.community, ["1.23", "1.24", "1.25"]);
    assert!(region.long_term.is_empty());

    let (_, skus) = example("ListAvailableResourceSkus.json", "200");
    let (vcpus, _) = parse_sku_vcpus(&skus).unwrap();
    assert!(!vcpus.is_empty());

    let (_, ws) = example("Workspace/get.json", "200");
    let ws = parse_workspace(&ws).unwrap();
    assert_eq!(ws.location, "eastus2euap");
    assert_eq!(
        ws.identity_type.as_deref(),
        Some("SystemAssigned,UserAssigned")
    );

    let (_, subs) = example("2022-12-01/GetSubscriptions.json", "200");
    let subs = parse_subscriptions(&subs).unwrap();
    assert_eq!(subs.items.len(), 2);
    assert_eq!(subs.next_link.as_deref(), Some("http://nextlink"));
}

#[test]
fn resource_graph_pages_by_skip_token() {
    let (params, first) = example("ResourcesFirstPageQuery.json", "200");
    let page = parse_graph(&first).unwrap();
    assert_eq!(page.total_records, 386);
    assert_eq!(page.rows.len(), 3);
    let token = page.skip_token.unwrap();
    let request = graph_query(
        &Cloud::public(),
        params["query"]["query"].as_str().unwrap_or("Resources"),
        &[],
        Some(&token),
    );
    assert_eq!(request.method, Method::Post);
    assert!(request
        .url
        .ends_with("/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01"));
    let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["options"]["$skipToken"], token);
    let (_, next) = example("ResourcesNextPageQuery.json", "200");
    assert!(parse_graph(&next).is_ok());
}

#[test]
fn request_urls_carry_api_versions_and_encoded_names() {
    let cloud = Cloud::custom("http://127.0.0.1:8765/");
    let ws = WorkspaceId {
        subscription: "s".into(),
        resource_group: "rg (eu)".into(),
        name: "ws".into(),
    };
    assert_eq!(
        detach_compute(&cloud, &ws, "k8s").url,
        "http://127.0.0.1:8765/subscriptions/s/resourceGroups/rg%20(eu)/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/k8s?underlyingResourceAction=Detach&api-version=2025-12-01"
    );
    let id = parse_cluster_id("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc").unwrap().id;
    assert!(list_extensions(&cloud, &id).url.contains("/connectedClusters/arc/providers/Microsoft.KubernetesConfiguration/extensions?api-version=2025-03-01"));
    assert!(list_skus(&cloud, "s", "westeurope")
        .url
        .contains("$filter=location%20eq%20%27westeurope%27&api-version=2021-07-01"));
    assert_eq!(
        Cloud::preset("usgov").unwrap().scope(),
        "https://management.usgovcloudapi.net/user_impersonation"
    );
}

pub(super) fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
    Response {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        body: body.to_owned(),
    }
}

#[test]
fn retries_follow_retry_after_then_back_off_then_give_up() {
    let policy = RetryPolicy::default();
    assert_eq!(
        policy.after_response(&answer(200, &[], "{}"), 1, Renewals::default(), 0.5),
        Decision::Accept
    );
    assert_eq!(
        policy.after_response(
            &answer(429, &[("Retry-After", "7")], ""),
            1,
            Renewals::default(),
            0.5
        ),
        Decision::Retry { delay_ms: 7000 }
    );
    assert_eq!(
        policy.after_response(
            &answer(503, &[("retry-after", "600")], ""),
            1,
            Renewals::default(),
            0.5
        ),
        Decision::Retry { delay_ms: 60_000 }
    );
    assert_eq!(
        policy.after_response(&answer(500, &[], ""), 1, Renewals::default(), 0.0),
        Decision::Retry { delay_ms: 250 }
    );
    assert_eq!(
        policy.after_response(&answer(500, &[], ""), 3, Renewals::default(), 1.0),
        Decision::Retry { delay_ms: 2000 }
    );
    match policy.after_response(&answer(500, &[], ""), 4, Renewals::default(), 0.0) {
        Decision::Fail(error) => assert_eq!(error.code, "Http500"),
        other => panic!("{other:?}"),
    }
    match policy.after_response(&answer(429, &[], ""), 4, Renewals::default(), 0.0) {
        Decision::Fail(error) => assert_eq!(error.kind, ArmErrorKind::Throttled),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        policy.after_response(&answer(401, &[], ""), 1, Renewals::default(), 0.0),
        Decision::RefreshToken { claims: None }
    );
    assert!(
        matches!(policy.after_response(&answer(401, &[], ""), 2, Renewals { fresh: true, claims: false }, 0.0), Decision::Fail(e) if e.kind == ArmErrorKind::Unauthorized)
    );
    assert!(matches!(
        policy.after_response(&answer(404, &[], ""), 1, Renewals::default(), 0.0),
        Decision::Fail(_)
    ));
    assert!(matches!(
        policy.after_no_answer(ArmError::network("reset"), 1, 0.0),
        Decision::Retry { .. }
    ));
    assert!(matches!(
        policy.after_no_answer(ArmError::timeout(30), 4, 0.0),
        Decision::Fail(_)
    ));
}

#[test]
fn error_envelopes_keep_everything_arm_said() {
    let body = r#"{"error": {"code": "RequestDisallowedByPolicy", "message": "Resource 'lb' was disallowed by policy.", "target": "lb",
        "additionalInfo": [{"type": "PolicyViolation", "info": {"policyDefinitionDisplayName": "Load Balancers should not have public IPs", "policyAssignmentName": "a1"}}]}}"#;
    let error = ArmError::from_response(&answer(403, &[], body));
    assert_eq!(error.kind, ArmErrorKind::PolicyDenied);
    assert_eq!(
        error.policies(),
        ["Load Balancers should not have public IPs"]
    );
    assert_eq!(
        error.to_string(),
        "RequestDisallowedByPolicy: Resource 'lb' was disallowed by policy. (target: lb); denied by the Azure Policy assignment Load Balancers should not have public IPs"
    );
    let nested = ArmError::from_response(&answer(
        400,
        &[],
        r#"{"error": {"error": {"code": "Old", "message": "nested"}}}"#,
    ));
    assert_eq!(nested.code, "Old");
    let bare = ArmError::from_response(&answer(502, &[], "<html>bad gateway</html>"));
    assert_eq!(bare.code, "Http502");
    assert!(!bare.message.contains("html"));
}

#[test]
fn long_running_operations_end_in_success_or_arm_errors() {
    let url = "https://management.azure.com/op/1?api-version=2025-12-01";
    let running = lro_status(
        &answer(200, &[("Retry-After", "10")], r#"{"status": "InProgress"}"#),
        url,
        false,
    )
    .unwrap();
    assert_eq!(
        running,
        LroStep::Poll {
            url: url.into(),
            after_secs: 10,
            status: "InProgress".into()
        }
    );
    assert_eq!(
        lro_status(&answer(200, &[], r#"{"status": "Succeeded"}"#), url, false).unwrap(),
        LroStep::Finished(LroStatus::Succeeded)
    );
    match lro_status(&answer(200, &[], r#"{"status": "Failed", "error": {"code": "BadArgument", "message": "At least 3 machine(s) are required"}}"#), url, false).unwrap() {
        LroStep::Finished(LroStatus::Failed(error)) => {
            assert_eq!(error.kind, ArmErrorKind::OperationFailed);
            assert_eq!(error.code, "BadArgument");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        lro_status(&answer(200, &[], r#"{"status": "Canceled"}"#), url, false).unwrap(),
        LroStep::Finished(LroStatus::Canceled)
    );
    assert!(matches!(
        lro_status(&answer(202, &[], ""), url, true).unwrap(),
        LroStep::Poll { .. }
    ));
    assert_eq!(
        lro_status(&answer(204, &[], ""), url, true).unwrap(),
        LroStep::Finished(LroStatus::Succeeded)
    );
    assert!(lro_status(&answer(500, &[], ""), url, false).is_err());
    assert!(
        matches!(lro_status(&answer(200, &[], "not json"), url, false), Err(e) if e.kind == ArmErrorKind::Malformed)
    );
    // Headers hidden by CORS: poll the compute itself.
    assert_eq!(
        lro_start(&answer(201, &[], "{}")),
        LroStart::PollResource { after_secs: 5 }
    );
}

#[test]
fn preflight_facts_become_the_validator_context() {
    let (_, cluster) = example("ManagedClustersGet.json", "200");
    let (_, skus) = example("ListAvailableResourceSkus.json", "200");
    let (mut vcpus, _) = parse_sku_vcpus(&skus).unwrap();
    vcpus.insert("standard_ds1_v2".into(), 1);
    let pre = Preflight {
        workspace_ref: Some(WorkspaceId {
            subscription: "00000000-0000-0000-0000-000000000000".into(),
            resource_group: "rg".into(),
            name: "ws-ml".into(),
        }),
        cluster: Some(parse_cluster(&cluster).unwrap()),
        extensions: Some(Vec::new()),
        sku_vcpus: vcpus,
        ..Preflight::default()
    };
    let context = pre.context();
    let facts = context.cluster.unwrap();
    assert_eq!(facts.node_pools[0].vcpus, Some(1));
    assert_eq!(facts.aml_extension_installed, Some(false));
    assert_eq!(context.workspace.unwrap().name.as_deref(), Some("ws-ml"));
}

/// Drives a workflow with scripted answers; returns the requests sent and the last step.
pub(super) fn drive<W: Workflow>(
    mut flow: W,
    first: Step<W::Output>,
    answers: Vec<Response>,
) -> (Vec<(Method, String)>, Step<W::Output>)
where
    W::Output: std::fmt::Debug,
{
    let mut sent = Vec::new();
    let mut step = first;
    for answer in answers {
        let request = match &step {
            Step::Send(r) | Step::RefreshToken { request: r, .. } => r.clone(),
            Step::Wait { request, .. } => request.clone(),
            Step::Done(_) | Step::Failed(_) => panic!("finished early: {step:?}"),
        };
        sent.push((request.method, request.url.clone()));
        step = flow.on_response(&answer, 0.5);
    }
    (sent, step)
}

fn flow() -> (Attach, Step<Outcome>) {
    let ws = WorkspaceId {
        subscription: "s".into(),
        resource_group: "rg".into(),
        name: "ws".into(),
    };
    Attach::start(
        &Cloud::custom("http://arm"),
        &ws,
        "k8s",
        serde_json::json!({"properties": {}}),
        RetryPolicy::default(),
    )
}

const OP: &str = "http://arm/op/1?api-version=2025-12-01";

#[test]
fn attach_checks_the_name_puts_follows_the_operation_and_reads_back() {
    let (flow, first) = flow();
    let (sent, last) = drive(
        flow,
        first,
        vec![
            answer(
                404,
                &[],
                r#"{"error": {"code": "NotFound", "message": "no"}}"#,
            ),
            answer(429, &[("Retry-After", "2")], ""),
            answer(
                201,
                &[("Azure-AsyncOperation", OP), ("Retry-After", "1")],
                r#"{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/k8s", "name": "k8s", "properties": {"computeType": "Kubernetes", "provisioningState": "Creating"}}"#,
            ),
            answer(200, &[], r#"{"status": "InProgress"}"#),
            answer(200, &[], r#"{"status": "Succeeded"}"#),
            answer(
                200,
                &[],
                r#"{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/k8s", "name": "k8s", "properties": {"computeType": "Kubernetes", "provisioningState": "Succeeded"}}"#,
            ),
        ],
    );
    let methods: Vec<Method> = sent.iter().map(|(m, _)| *m).collect();
    assert_eq!(
        methods,
        [
            Method::Get,
            Method::Put,
            Method::Put,
            Method::Get,
            Method::Get,
            Method::Get
        ]
    );
    assert_eq!(sent[3].1, OP);
    match last {
        Step::Done(Outcome::Attached { compute }) => {
            assert_eq!(compute.provisioning_state, "Succeeded")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn attach_never_puts_over_an_existing_compute() {
    let (flow, first) = flow();
    let (sent, last) = drive(
        flow,
        first,
        vec![answer(
            200,
            &[],
            r#"{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/k8s", "name": "k8s", "properties": {"computeType": "AKS"}}"#,
        )],
    );
    assert_eq!(sent.len(), 1);
    assert!(matches!(last, Step::Done(Outcome::AlreadyExists { .. })));
}

#[test]
fn a_failed_operation_ends_with_the_compute_s_provisioning_errors() {
    let (flow, first) = flow();
    let (_, last) = drive(
        flow,
        first,
        vec![
            answer(404, &[], ""),
            answer(201, &[("Azure-AsyncOperation", OP)], "{}"),
            answer(
                200,
                &[],
                r#"{"status": "Failed", "error": {"code": "InternalServerError", "message": "internal server error"}}"#,
            ),
            answer(
                200,
                &[],
                r#"{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/k8s", "name": "k8s", "properties": {"computeType": "Kubernetes", "provisioningState": "Failed",
            "provisioningErrors": [{"error": {"code": "BadArgument", "message": "extension not installed"}}]}}"#,
            ),
        ],
    );
    match last {
        Step::Done(Outcome::ComputeFailed { compute }) => {
            assert_eq!(
                compute.provisioning_errors[0]["message"],
                "extension not installed"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_401_asks_once_for_a_fresh_token() {
    let (flow, first) = flow();
    let (_, step) = drive(flow.clone(), first.clone(), vec![answer(401, &[], "")]);
    assert!(
        matches!(step, Step::RefreshToken { ref request, claims: None } if request.method == Method::Get)
    );
    let (_, step) = drive(
        flow,
        first,
        vec![answer(401, &[], ""), answer(401, &[], "")],
    );
    assert!(matches!(step, Step::Failed(ref e) if e.kind == ArmErrorKind::Unauthorized));
}

#[test]
fn hidden_operation_headers_fall_back_to_the_compute_state() {
    let (flow, first) = flow();
    let (sent, last) = drive(
        flow,
        first,
        vec![
            answer(404, &[], ""),
            answer(201, &[], "{}"),
            answer(
                200,
                &[],
                r#"{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/k8s", "name": "k8s", "properties": {"provisioningState": "Creating"}}"#,
            ),
            answer(
                200,
                &[],
                r#"{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/k8s", "name": "k8s", "properties": {"provisioningState": "Succeeded"}}"#,
            ),
        ],
    );
    assert!(sent[2].1.contains("/computes/k8s?api-version="));
    assert!(matches!(last, Step::Done(Outcome::Attached { .. })));
}

#[test]
fn detach_deletes_with_detach_and_follows_the_operation() {
    let ws = WorkspaceId {
        subscription: "s".into(),
        resource_group: "rg".into(),
        name: "ws".into(),
    };
    let (flow, first) = Attach::detach(
        &Cloud::custom("http://arm"),
        &ws,
        "k8s",
        RetryPolicy::default(),
    );
    let (sent, last) = drive(
        flow,
        first,
        vec![
            answer(
                202,
                &[("Azure-AsyncOperation", OP), ("Location", "http://arm/loc")],
                "",
            ),
            answer(200, &[], r#"{"status": "Succeeded"}"#),
        ],
    );
    assert_eq!(sent[0].0, Method::Delete);
    assert!(sent[0].1.contains("underlyingResourceAction=Detach"));
    assert_eq!(last, Step::Done(Outcome::Detached));
}

#[test]
fn no_answer_is_retried_then_reported() {
    let (mut flow, _) = flow();
    for _ in 1..RetryPolicy::default().max_attempts {
        assert!(matches!(
            flow.on_no_answer(ArmError::network("reset"), 0.1),
            Step::Wait { .. }
        ));
    }
    assert!(
        matches!(flow.on_no_answer(ArmError::network("reset"), 0.1), Step::Failed(ref e) if e.kind == ArmErrorKind::Network)
    );
}

/// Answers each request with `respond(request)` until the workflow ends.
pub(super) fn run<T, F: FnMut(&Request) -> Response>(
    first: Step<T>,
    mut on_response: impl FnMut(&Response) -> Step<T>,
    mut respond: F,
) -> (Vec<Request>, T) {
    let mut sent = Vec::new();
    let mut step = first;
    loop {
        let request = match step {
            Step::Send(r) | Step::RefreshToken { request: r, .. } => r,
            Step::Wait { request, .. } => request,
            Step::Done(value) => return (sent, value),
            Step::Failed(error) => panic!("{error}"),
        };
        let answer = respond(&request);
        sent.push(request);
        step = on_response(&answer);
        assert!(sent.len() < 100, "runaway workflow");
    }
}

fn graph_rows(rows: serde_json::Value, skip: Option<&str>) -> Response {
    let mut body = serde_json::json!({"totalRecords": 3, "count": 1, "resultTruncated": "false", "facets": [], "data": rows});
    if let Some(token) = skip {
        body["$skipToken"] = serde_json::json!(token);
    }
    answer(200, &[], &body.to_string())
}

#[test]
fn discovery_pages_three_graph_queries_and_joins_extensions_to_clusters() {
    let aks = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1";
    let (mut discovery, first) =
        Discovery::start(&Cloud::custom("http://arm"), RetryPolicy::default());
    let (sent, found) = run(
        first,
        |r| discovery.on_response(r, 0.5),
        |request| {
            let body: serde_json::Value =
                serde_json::from_str(request.body.as_deref().unwrap_or("{}")).unwrap();
            let query = body["query"].as_str().unwrap_or_default();
            let token = body["options"]["$skipToken"].as_str();
            if query.contains("managedclusters") && token.is_none() {
                graph_rows(
                    serde_json::json!([{"id": aks, "name": "aks1", "type": "microsoft.containerservice/managedclusters", "location": "westeurope", "properties": {"agentPoolProfiles": [{"name": "np", "count": 3, "vmSize": "Standard_D4s_v3"}]}}]),
                    Some("page2"),
                )
            } else if query.contains("managedclusters") {
                graph_rows(serde_json::json!([]), None)
            } else if query.contains("workspaces") {
                graph_rows(
                    serde_json::json!([{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws", "name": "ws", "location": "westeurope"}]),
                    None,
                )
            } else {
                graph_rows(
                    serde_json::json!([{"id": format!("{aks}/providers/Microsoft.KubernetesConfiguration/extensions/azureml"), "name": "azureml",
                "properties": {"ExtensionType": "microsoft.azureml.kubernetes", "ProvisioningState": "Succeeded"}}]),
                    None,
                )
            }
        },
    );
    assert_eq!(sent.len(), 4, "three queries, one of them on two pages");
    assert_eq!(found.clusters.len(), 1);
    assert!(found.clusters[0]
        .aml_extension
        .as_ref()
        .is_some_and(Extension::is_aml_ready));
    assert_eq!(found.workspaces[0].name, "ws");
    assert_eq!(found.requests, 4);
}

#[test]
fn discovery_falls_back_to_per_subscription_lists() {
    let (mut discovery, first) =
        Discovery::start(&Cloud::custom("http://arm"), RetryPolicy::default());
    let (sent, found) = run(
        first,
        |r| discovery.on_response(r, 0.5),
        |request| {
            if request.url.contains("ResourceGraph") {
                answer(
                    403,
                    &[],
                    r#"{"error": {"code": "AuthorizationFailed", "message": "no"}}"#,
                )
            } else if request.url.contains("/subscriptions?") {
                answer(
                    200,
                    &[],
                    r#"{"value": [{"subscriptionId": "s1"}, {"subscriptionId": "s2"}]}"#,
                )
            } else if request.url.contains("managedClusters") {
                answer(
                    200,
                    &[],
                    r#"{"value": [{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a", "name": "a", "location": "eastus"}]}"#,
                )
            } else {
                answer(200, &[], r#"{"value": []}"#)
            }
        },
    );
    assert_eq!(found.clusters.len(), 2);
    assert_eq!(
        sent.iter()
            .filter(|r| r.url.contains("ResourceGraph"))
            .count(),
        1
    );
    assert_eq!(sent.len(), 1 + 1 + 2 * 3);
    assert!(!found.notes.is_empty());
}

#[test]
fn preflight_reads_the_facts_and_notes_what_it_cannot_read() {
    let ws = WorkspaceId {
        subscription: "00000000-0000-0000-0000-000000000000".into(),
        resource_group: "rg".into(),
        name: "ws-ml".into(),
    };
    let cluster = parse_cluster_id("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks").unwrap().id;
    let (mut read, first) = PreflightRead::start(
        &Cloud::custom("http://arm"),
        &ws,
        &cluster,
        RetryPolicy::default(),
    );
    let (sent, result) = run(
        first,
        |r| read.on_response(r, 0.5),
        |request| {
            let url = &request.url;
            if url.contains("/extensions?") {
                answer(
                    403,
                    &[],
                    r#"{"error": {"code": "AuthorizationFailed", "message": "no read on extensions"}}"#,
                )
            } else if url.contains("/skus?") {
                answer(
                    200,
                    &[],
                    r#"{"value": [{"resourceType": "virtualMachines", "name": "Standard_D4s_v3", "capabilities": [{"name": "vCPUs", "value": "4"}]}]}"#,
                )
            } else if url.contains("/kubernetesVersions?") {
                answer(
                    200,
                    &[],
                    r#"{"values": [{"version": "1.31"}, {"version": "1.32"}, {"version": "1.33", "isPreview": true}]}"#,
                )
            } else if url.contains("/computes?") {
                answer(
                    200,
                    &[],
                    r#"{"value": [{"name": "old", "properties": {"computeType": "AKS", "resourceId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks"}}]}"#,
                )
            } else if url.contains("/managedClusters/aks?") {
                answer(
                    200,
                    &[],
                    r#"{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks", "name": "aks", "location": "westeurope", "properties": {"currentKubernetesVersion": "1.30.2", "agentPoolProfiles": [{"name": "np", "count": 2, "vmSize": "Standard_D4s_v3"}]}}"#,
                )
            } else if url.contains("/providers/Microsoft.MachineLearningServices/workspaces?") {
                // The subscription's workspaces: this one (skipped, any casing) and another.
                answer(
                    200,
                    &[],
                    r#"{"value": [
                        {"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/Microsoft.MachineLearningServices/workspaces/WS-ML", "name": "WS-ML", "location": "westeurope"},
                        {"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-team/providers/Microsoft.MachineLearningServices/workspaces/ws-team", "name": "ws-team", "location": "westeurope"}
                    ]}"#,
                )
            } else {
                answer(
                    200,
                    &[],
                    r#"{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws-ml", "name": "ws-ml", "location": "westeurope", "identity": {"type": "SystemAssigned"}}"#,
                )
            }
        },
    );
    // workspace, cluster, extensions, computes, the subscription's workspaces, SKUs, versions,
    // and the other workspace's computes.
    assert_eq!(
        sent.len(),
        8,
        "{:?}",
        sent.iter().map(|r| &r.url).collect::<Vec<_>>()
    );
    assert!(sent
        .iter()
        .any(|r| r.url.contains("/workspaces/ws-team/computes?")));
    assert!(!sent
        .iter()
        .any(|r| r.url.contains("/workspaces/WS-ML/computes?")));
    assert_eq!(result.notes.len(), 1);
    let context = result.facts.context();
    assert_eq!(
        context.existing_computes[1].workspace.as_deref(),
        Some("ws-team"),
        "the other workspace's attachment of the same cluster is in the context"
    );
    let facts = context.cluster.as_ref().unwrap();
    assert_eq!(facts.node_pools[0].vcpus, Some(4));
    assert_eq!(
        facts.aml_extension_installed, None,
        "unknown, not false: the read was refused"
    );
    assert_eq!(context.supported_kubernetes_versions, ["1.31", "1.32"]);
    assert_eq!(context.existing_computes[0].name, "old");
    // The facts feed the validator: one list covers the offline and the live checks.
    let spec = "name: aks-v1\ntype: aks\naction: attach\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks\n";
    let report = crate::validate::validate(spec, &context, crate::dated::TEST_NOW).report;
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"cluster-already-attached"), "{codes:?}");
    assert!(codes.contains(&"capacity-nodes"), "{codes:?}");
    assert!(codes.contains(&"capacity-vcpus"), "{codes:?}");
    assert!(
        codes.contains(&"kubernetes-version-unsupported"),
        "{codes:?}"
    );
}

#[test]
fn the_preflight_context_survives_a_round_trip_through_json() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases/context/v2-full.context.yml");
    let node = crate::document::parse(&std::fs::read_to_string(root).unwrap()).unwrap();
    let (context, problems) = crate::validate::parse_context(&node);
    assert!(problems.is_empty());
    let again = crate::document::from_json(&context.to_json()).unwrap();
    assert_eq!(crate::validate::parse_context(&again).0, context);
}

#[test]
fn reads_slow_down_when_the_remaining_quota_runs_low() {
    let (mut discovery, first) =
        Discovery::start(&Cloud::custom("http://arm"), RetryPolicy::default());
    assert!(matches!(first, Step::Send(_)));
    let graph = graph_rows(serde_json::json!([]), None);
    let low = Response {
        headers: vec![("x-ms-user-quota-remaining".to_owned(), "1".to_owned())],
        ..graph.clone()
    };
    match discovery.on_response(&low, 0.5) {
        Step::Wait { ms, reason, .. } => {
            // One query left and no reset time given: half of Resource Graph's default 5 s window.
            assert_eq!(ms, 2_500);
            assert_eq!(reason, crate::arm::Progress::Pacing);
        }
        other => panic!("expected a paced request, got {other:?}"),
    }
    // Plenty left: the next read goes at once.
    assert!(matches!(discovery.on_response(&graph, 0.5), Step::Send(_)));
}

/// ARM's refusal of a write for want of MFA, as Microsoft's own enforcement words it
/// (dsccommunity/Microsoft365DscWorkshop AzHelpers.Tests.ps1, S6 in the research notes).
const MFA_BY_AZURE: &str = r#"{"error": {"code": "RequestDisallowedByAzure", "target": "k8s", "message": "Resource 'k8s' was disallowed by Azure: You are receiving this error because you tried to create, update or delete Azure resources without authenticating through MFA. User accounts must be authenticated through MFA to manage your resources. To resolve this error, go to https://aka.ms/MFAforAzure."}}"#;

/// The self-enforcement policy's refusal of a delete (Azure CLI troubleshooting article, S1).
const MFA_BY_POLICY: &str = r#"{"error": {"code": "RequestDisallowedByPolicy", "target": "k8s", "message": "Resource 'k8s' was disallowed by policy. Reasons: 'MFA is required.'. See error details for policy resource IDs.",
    "additionalInfo": [{"type": "PolicyViolation", "info": {"policyDefinitionId": "/providers/Microsoft.Authorization/policyDefinitions/db4a9d17-db75-4f46-9fcb-9f9526604417",
      "policyDefinitionDisplayName": "[Preview]: Users must authenticate with multi-factor authentication to delete resources", "policyDefinitionEffect": "DenyAction"}}]}}"#;

/// A region restriction: the same code, nothing about MFA.
const REGION_BY_AZURE: &str = r#"{"error": {"code": "RequestDisallowedByAzure", "target": "k8s", "message": "Resource 'k8s' was disallowed by Azure: This policy maintains a set of best available regions where your subscription can deploy resources. The objective of this policy is to ensure that your subscription has full access to Azure services with optimal performance. Should you need additional or different regions, contact support."}}"#;

const CHALLENGE: &str = r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19""#;

fn created() -> Response {
    answer(
        201,
        &[("Azure-AsyncOperation", OP), ("Retry-After", "1")],
        r#"{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/k8s", "name": "k8s", "properties": {"computeType": "Kubernetes", "provisioningState": "Creating"}}"#,
    )
}

fn succeeded_compute() -> Response {
    answer(
        200,
        &[],
        r#"{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/k8s", "name": "k8s", "properties": {"computeType": "Kubernetes", "provisioningState": "Succeeded"}}"#,
    )
}

/// The claims the last step asked a token for, if it asked for a token.
fn claims_of(step: &Step<Outcome>) -> Option<Option<String>> {
    match step {
        Step::RefreshToken { claims, .. } => Some(claims.clone()),
        _ => None,
    }
}

#[test]
fn a_claims_challenge_on_the_put_asks_once_for_a_token_with_its_claims_then_attaches() {
    let (mut flow, _) = flow();
    assert!(
        matches!(flow.on_response(&answer(404, &[], ""), 0.5), Step::Send(ref r) if r.method == Method::Put)
    );
    let step = flow.on_response(
        &answer(401, &[("WWW-Authenticate", CHALLENGE)], MFA_BY_AZURE),
        0.5,
    );
    assert_eq!(claims_of(&step), Some(Some(MFA_CLAIMS.to_owned())));
    assert!(
        matches!(step, Step::RefreshToken { ref request, .. } if request.method == Method::Put)
    );
    assert!(matches!(
        flow.on_response(&created(), 0.5),
        Step::Wait { .. }
    ));
    assert!(matches!(
        flow.on_response(&answer(200, &[], r#"{"status": "Succeeded"}"#), 0.5),
        Step::Send(_)
    ));
    assert!(matches!(
        flow.on_response(&succeeded_compute(), 0.5),
        Step::Done(Outcome::Attached { .. })
    ));
}

#[test]
fn a_hidden_header_and_an_mfa_body_ask_for_the_standard_p1_claims() {
    let (flow, first) = flow();
    let (sent, step) = drive(
        flow,
        first,
        vec![answer(404, &[], ""), answer(401, &[], MFA_BY_AZURE)],
    );
    assert_eq!(sent.len(), 2);
    assert_eq!(claims_of(&step), Some(Some(MFA_CLAIMS.to_owned())));
    let error = ArmError::from_response(&answer(401, &[], MFA_BY_AZURE));
    assert_eq!(error.kind, ArmErrorKind::MfaRequired);
    assert_eq!(error.code, "RequestDisallowedByAzure");
    assert_eq!(error.mfa.as_ref().map(|m| m.source), Some(MfaSource::Body));
    // The header's own claims win over the standard ones when the browser may read it.
    let other = r#"{"access_token":{"acrs":{"essential":true,"values":["c7"]}}}"#;
    let header = format!(
        r#"Bearer error="insufficient_claims", claims="{}""#,
        encode_claims(other)
    );
    let error =
        ArmError::from_response(&answer(401, &[("www-authenticate", &header)], MFA_BY_AZURE));
    let mfa = error.mfa.unwrap();
    assert_eq!(
        (mfa.source, mfa.claims.as_str()),
        (MfaSource::Challenge, other)
    );
}

#[test]
fn the_policy_s_mfa_refusal_of_a_detach_is_retried_with_the_claims_then_detaches() {
    let ws = WorkspaceId {
        subscription: "s".into(),
        resource_group: "rg".into(),
        name: "ws".into(),
    };
    let (flow, first) = Attach::detach(
        &Cloud::custom("http://arm"),
        &ws,
        "k8s",
        RetryPolicy::default(),
    );
    let error = ArmError::from_response(&answer(401, &[], MFA_BY_POLICY));
    assert_eq!(error.kind, ArmErrorKind::MfaRequired);
    assert_eq!(error.policies(), ["[Preview]: Users must authenticate with multi-factor authentication to delete resources"]);
    let (sent, last) = drive(
        flow,
        first,
        vec![
            answer(401, &[], MFA_BY_POLICY),
            answer(202, &[("Azure-AsyncOperation", OP)], ""),
            answer(200, &[], r#"{"status": "Succeeded"}"#),
        ],
    );
    let methods: Vec<Method> = sent.iter().map(|(m, _)| *m).collect();
    assert_eq!(methods, [Method::Delete, Method::Delete, Method::Get]);
    assert_eq!(last, Step::Done(Outcome::Detached));
    // Only the policy's MFA definition says MFA here: the message may be any custom text.
    let custom = MFA_BY_POLICY
        .replace("MFA is required.", "Ask the platform team.")
        .replace("multi-factor", "strong");
    assert_eq!(
        ArmError::from_response(&answer(401, &[], &custom)).kind,
        ArmErrorKind::MfaRequired
    );
}

#[test]
fn a_region_restriction_with_the_same_code_is_not_an_mfa_refusal() {
    for status in [403, 401] {
        let error = ArmError::from_response(&answer(status, &[], REGION_BY_AZURE));
        assert_ne!(error.kind, ArmErrorKind::MfaRequired, "{status}");
        assert_eq!(error.mfa, None);
    }
    let (flow, first) = flow();
    let (sent, last) = drive(
        flow,
        first,
        vec![answer(404, &[], ""), answer(403, &[], REGION_BY_AZURE)],
    );
    assert_eq!(sent.len(), 2);
    match last {
        Step::Failed(error) => {
            assert_eq!(error.kind, ArmErrorKind::Service);
            assert_eq!(error.code, "RequestDisallowedByAzure");
        }
        other => panic!("{other:?}"),
    }
    // A 401 with it is a token problem at most: a fresh token, no claims.
    let (flow, first) = super::tests::flow();
    let (_, step) = drive(
        flow,
        first,
        vec![answer(404, &[], ""), answer(401, &[], REGION_BY_AZURE)],
    );
    assert_eq!(claims_of(&step), Some(None));
    // An ordinary policy denial (403, any policy) is not one either.
    let ordinary = r#"{"error": {"code": "RequestDisallowedByPolicy", "message": "Resource 'lb' was disallowed by policy.", "additionalInfo": [{"type": "PolicyViolation", "info": {"policyDefinitionDisplayName": "Load Balancers should not have public IPs"}}]}}"#;
    assert_eq!(
        ArmError::from_response(&answer(403, &[], ordinary)).kind,
        ArmErrorKind::PolicyDenied
    );
}

#[test]
fn a_second_refusal_stops_with_the_typed_mfa_error_and_its_advice() {
    let (flow, first) = flow();
    let flow = flow.with_tenant(Some("72f988bf-86f1-41af-91ab-2d7cd011db47"));
    let refusal = || answer(401, &[("WWW-Authenticate", CHALLENGE)], MFA_BY_AZURE);
    let (sent, last) = drive(
        flow,
        first,
        vec![answer(404, &[], ""), refusal(), refusal()],
    );
    let puts = sent.iter().filter(|(m, _)| *m == Method::Put).count();
    assert_eq!(puts, 2, "the same PUT once more, then no more");
    let error = match last {
        Step::Failed(error) => error,
        other => panic!("{other:?}"),
    };
    assert_eq!(error.kind, ArmErrorKind::MfaRequired);
    assert_eq!(error.status, 401);
    let mfa = error.mfa.clone().unwrap();
    assert_eq!(
        mfa.tenant.as_deref(),
        Some("72f988bf-86f1-41af-91ab-2d7cd011db47")
    );
    assert_eq!(mfa.azure_cli.commands[0], "az logout");
    assert_eq!(
        mfa.azure_cli.commands[1],
        format!("az login --tenant \"72f988bf-86f1-41af-91ab-2d7cd011db47\" --scope \"{AZ_LOGIN_SCOPE}\" --claims-challenge \"{}\"", mfa.claims_challenge)
    );
    // What crosses to JavaScript: a kind to branch on, ARM's code and message, the advice.
    let json = serde_json::to_value(&error).unwrap();
    assert_eq!(json["kind"], "mfa-required");
    assert_eq!(json["code"], "RequestDisallowedByAzure");
    assert_eq!(json["mfa"]["source"], "challenge");
    assert_eq!(json["mfa"]["claims"], MFA_CLAIMS);
    assert_eq!(
        json["mfa"]["claimsChallenge"],
        "eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19"
    );
    assert_eq!(json["mfa"]["enforcedSince"], "2025-10-01");
    assert_eq!(json["mfa"]["azureCli"]["minimumVersion"], "2.76.0");
    assert_eq!(json["mfa"]["azurePowershell"]["client"], "Azure PowerShell");
    assert!(error.to_string().starts_with("RequestDisallowedByAzure: Resource 'k8s' was disallowed by Azure: You are receiving this error"));
}

#[test]
fn no_token_with_the_claims_stops_at_once_with_the_mfa_error() {
    let (mut flow, _) = flow();
    flow.on_response(&answer(404, &[], ""), 0.5);
    let step = flow.on_response(&answer(401, &[], MFA_BY_AZURE), 0.5);
    assert_eq!(claims_of(&step), Some(Some(MFA_CLAIMS.to_owned())));
    match flow.on_no_token(ArmError::network("getToken failed"), 0.5) {
        Step::Failed(error) => {
            assert_eq!(error.kind, ArmErrorKind::MfaRequired);
            assert_eq!(error.code, "RequestDisallowedByAzure");
        }
        other => panic!("{other:?}"),
    }
    // Once the token with the claims was had (the request went out, unanswered), a later token
    // failure is no answer again.
    let (mut flow, _) = super::tests::flow();
    flow.on_response(&answer(404, &[], ""), 0.5);
    flow.on_response(&answer(401, &[], MFA_BY_AZURE), 0.5);
    assert!(matches!(
        flow.on_no_answer(ArmError::network("reset"), 0.5),
        Step::Wait { .. }
    ));
    assert!(matches!(
        flow.on_no_token(ArmError::network("getToken failed"), 0.5),
        Step::Wait { .. }
    ));
    // Any other token failure is no answer, retried.
    let (mut flow, _) = super::tests::flow();
    assert!(matches!(
        flow.on_no_token(ArmError::network("getToken failed"), 0.5),
        Step::Wait { .. }
    ));
}

#[test]
fn an_expired_token_then_an_mfa_refusal_renew_once_each() {
    let (flow, first) = flow();
    let (sent, step) = drive(
        flow.clone(),
        first.clone(),
        vec![
            answer(404, &[], ""),
            answer(
                401,
                &[],
                r#"{"error": {"code": "ExpiredAuthenticationToken", "message": "expired"}}"#,
            ),
        ],
    );
    assert_eq!((sent.len(), claims_of(&step)), (2, Some(None)));
    let (sent, step) = drive(
        flow,
        first,
        vec![
            answer(404, &[], ""),
            answer(
                401,
                &[],
                r#"{"error": {"code": "ExpiredAuthenticationToken", "message": "expired"}}"#,
            ),
            answer(401, &[], MFA_BY_AZURE),
            created(),
            answer(200, &[], r#"{"status": "Succeeded"}"#),
            succeeded_compute(),
        ],
    );
    assert_eq!(sent.len(), 6);
    assert!(matches!(step, Step::Done(Outcome::Attached { .. })));
    // A claims challenge without a body is still typed, with a code of ours.
    let bare = ArmError::from_response(&answer(401, &[("WWW-Authenticate", CHALLENGE)], ""));
    assert_eq!(
        (bare.kind, bare.code.as_str()),
        (ArmErrorKind::MfaRequired, "InsufficientClaims")
    );
}

#[test]
fn reads_answer_a_claims_challenge_once_and_note_a_second_one() {
    let (mut discovery, first) = Discovery::lane(
        &Cloud::custom("http://arm"),
        Lane::Clusters,
        RetryPolicy::default(),
    );
    assert!(matches!(first, Step::Send(_)));
    let challenged = answer(401, &[("WWW-Authenticate", CHALLENGE)], "");
    let step = discovery.on_response(&challenged, 0.5);
    assert!(matches!(step, Step::RefreshToken { claims: Some(ref c), .. } if c == MFA_CLAIMS));
    let step = discovery.on_response(&challenged, 0.5);
    match step {
        Step::Done(found) => assert_eq!(found.notes[0].error.kind, ArmErrorKind::MfaRequired),
        other => panic!("{other:?}"),
    }
}

// ---- The compute's namespace as an AKS managed namespace ----

fn aks_cluster() -> crate::resource_id::ClusterId {
    parse_cluster_id("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1")
        .unwrap()
        .id
}

const NS_URL: &str = "http://arm/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/managedNamespaces/namespace1?api-version=2025-10-01";

#[test]
fn the_namespace_is_created_after_a_404_and_followed_to_the_official_answer() {
    let (_, created) = example("ManagedNamespacesCreate_Update.json", "201");
    let (_, done) = example("ManagedNamespacesCreate_Update.json", "200");
    let (flow, first) = CreateNamespace::start(
        &Cloud::custom("http://arm"),
        &aks_cluster(),
        "namespace1",
        Some("eastus2"),
        RetryPolicy::default(),
    )
    .unwrap();
    let Step::Send(get) = &first else {
        panic!("{first:?}")
    };
    assert_eq!((get.method, get.url.as_str()), (Method::Get, NS_URL));
    let created = Response {
        headers: vec![("Azure-AsyncOperation".into(), OP.into())],
        ..created
    };
    let (sent, last) = drive(
        flow.clone(),
        first.clone(),
        vec![
            answer(
                404,
                &[],
                r#"{"error": {"code": "NotFound", "message": "no"}}"#,
            ),
            created,
            answer(200, &[], r#"{"status": "Succeeded"}"#),
            done.clone(),
        ],
    );
    assert_eq!(
        sent,
        [
            (Method::Get, NS_URL.to_owned()),
            (Method::Put, NS_URL.to_owned()),
            (Method::Get, OP.to_owned()),
            (Method::Get, NS_URL.to_owned()),
        ]
    );
    let Step::Done(NamespaceOutcome::Created { namespace }) = last else {
        panic!("{last:?}")
    };
    assert_eq!(
        (
            namespace.name.as_str(),
            namespace.provisioning_state.as_str()
        ),
        ("namespace1", "Succeeded")
    );

    // The PUT's body: no quota, open network policy, IfIdentical, Keep, the cluster's region.
    let put = put_managed_namespace(
        &Cloud::custom("http://arm"),
        &aks_cluster(),
        "namespace1",
        Some("eastus2"),
    );
    let body: serde_json::Value = serde_json::from_str(put.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "location": "eastus2",
            "properties": {
                "adoptionPolicy": "IfIdentical",
                "deletePolicy": "Keep",
                "defaultNetworkPolicy": {"ingress": "AllowAll", "egress": "AllowAll"}
            }
        })
    );
    assert!(body["properties"].get("defaultResourceQuota").is_none());

    // The official 201 carries no operation header: the namespace itself is followed.
    let (_, created) = example("ManagedNamespacesCreate_Update.json", "201");
    let (sent, last) = drive(flow, first, vec![answer(404, &[], ""), created, done]);
    assert_eq!(sent.len(), 3, "{sent:?}");
    assert!(
        matches!(last, Step::Done(NamespaceOutcome::Created { .. })),
        "{last:?}"
    );
}

#[test]
fn a_namespace_arm_manages_already_sends_nothing_and_arc_has_none() {
    let (_, existing) = example("ManagedNamespacesCreate_Update.json", "200");
    let (flow, first) = CreateNamespace::start(
        &Cloud::custom("http://arm"),
        &aks_cluster(),
        "namespace1",
        None,
        RetryPolicy::default(),
    )
    .unwrap();
    let (sent, last) = drive(flow, first, vec![existing]);
    assert_eq!(sent.len(), 1);
    let Step::Done(NamespaceOutcome::AlreadyManaged { namespace }) = last else {
        panic!("{last:?}")
    };
    assert_eq!(namespace.adoption_policy.as_deref(), Some("IfIdentical"));

    let arc = parse_cluster_id("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc1").unwrap().id;
    let error = CreateNamespace::start(
        &Cloud::custom("http://arm"),
        &arc,
        "team-a",
        None,
        RetryPolicy::default(),
    )
    .err()
    .unwrap();
    assert!(error.message.contains("kubectl"), "{}", error.message);
}

#[test]
fn a_failed_namespace_operation_stops_with_its_error() {
    let (flow, first) = CreateNamespace::start(
        &Cloud::custom("http://arm"),
        &aks_cluster(),
        "kube-system",
        None,
        RetryPolicy::default(),
    )
    .unwrap();
    let (_, last) = drive(
        flow,
        first,
        vec![
            answer(404, &[], ""),
            answer(
                201,
                &[("Azure-AsyncOperation", OP)],
                r#"{"name": "kube-system", "properties": {"provisioningState": "Creating"}}"#,
            ),
            answer(
                200,
                &[],
                r#"{"status": "Failed", "error": {"code": "InvalidParameter", "message": "system namespaces cannot be managed"}}"#,
            ),
        ],
    );
    let Step::Failed(error) = last else {
        panic!("{last:?}")
    };
    assert_eq!(error.code, "InvalidParameter");
}

/// The namespace's PUT is a write under mandatory MFA, handled as the attach's: refused with a
/// claims challenge, it is sent once more with a token for the claims; refused again, it stops
/// with `mfa-required`.
#[test]
fn the_namespace_put_answers_an_mfa_refusal_once() {
    let start = || {
        CreateNamespace::start(
            &Cloud::custom("http://arm"),
            &aks_cluster(),
            "namespace1",
            None,
            RetryPolicy::default(),
        )
        .unwrap()
    };
    let refused = || answer(401, &[("WWW-Authenticate", CHALLENGE)], MFA_BY_AZURE);
    let (_, done) = example("ManagedNamespacesCreate_Update.json", "200");
    let (flow, first) = start();
    let (sent, last) = drive(
        flow,
        first,
        vec![
            answer(404, &[], ""),
            refused(),
            answer(200, &[], &done.body),
            answer(200, &[], &done.body),
        ],
    );
    assert_eq!(
        sent.iter().map(|(m, _)| *m).collect::<Vec<_>>(),
        [Method::Get, Method::Put, Method::Put, Method::Get],
        "the same PUT, once more, then the namespace read back"
    );
    assert!(
        matches!(last, Step::Done(NamespaceOutcome::Created { .. })),
        "{last:?}"
    );

    let (flow, first) = start();
    let (sent, last) = drive(
        flow,
        first,
        vec![answer(404, &[], ""), refused(), refused()],
    );
    assert_eq!(sent.len(), 3);
    let Step::Failed(error) = last else {
        panic!("{last:?}")
    };
    assert_eq!(error.kind, ArmErrorKind::MfaRequired);
}

// ---- Discovery's rounds: the three queries at once, then the fallback when it is needed ----

/// Runs one lane of `discover` with scripted answers to its end.
fn run_lane(
    discover: &crate::arm::Discover,
    index: usize,
    first: Step<crate::arm::Discovered>,
    answers: Vec<Response>,
) -> Step<crate::arm::Discovered> {
    let lane = discover.lane(index).expect("the lane was started");
    let mut step = first;
    for answer in answers {
        assert!(!matches!(step, Step::Done(_) | Step::Failed(_)), "{step:?}");
        step = lane.borrow_mut().on_response(&answer, 0.5);
    }
    step
}

const EMPTY_GRAPH: &str =
    r#"{"totalRecords": 0, "count": 0, "data": [], "facets": [], "resultTruncated": "false"}"#;
const REFUSED: &str = r#"{"error": {"code": "AuthorizationFailed", "message": "The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.ResourceGraph/resources/read' over scope '/providers/Microsoft.ResourceGraph'."}}"#;

#[test]
fn discovery_runs_the_three_queries_at_once_and_no_fallback_when_graph_answers() {
    let mut discover =
        crate::arm::Discover::new(&Cloud::custom("http://arm"), RetryPolicy::default());
    let round = discover.next_round();
    assert_eq!(round.len(), 3);
    for (index, first) in round {
        assert!(matches!(&first, Step::Send(r) if r.url.contains("Microsoft.ResourceGraph")));
        let last = run_lane(&discover, index, first, vec![answer(200, &[], EMPTY_GRAPH)]);
        assert!(matches!(last, Step::Done(_)), "{last:?}");
        let so_far = discover.lane_finished(index);
        assert!(so_far.clusters.is_empty());
    }
    assert!(
        discover.next_round().is_empty(),
        "no fallback after Resource Graph answered"
    );
    assert!(discover.result().notes.is_empty());
}

#[test]
fn discovery_falls_back_to_the_subscriptions_when_graph_is_refused() {
    let mut discover =
        crate::arm::Discover::new(&Cloud::custom("http://arm"), RetryPolicy::default());
    for (index, first) in discover.next_round() {
        let reply = if index < 2 {
            answer(403, &[], REFUSED)
        } else {
            answer(200, &[], EMPTY_GRAPH)
        };
        let last = run_lane(&discover, index, first, vec![reply]);
        assert!(matches!(last, Step::Done(_)), "{last:?}");
        discover.lane_finished(index);
    }
    let round = discover.next_round();
    assert_eq!(round.len(), 1, "the fallback, alone");
    let (index, first) = round.into_iter().next().unwrap();
    assert!(
        matches!(&first, Step::Send(r) if r.url.contains("/subscriptions?")),
        "{first:?}"
    );
    let last = run_lane(
        &discover,
        index,
        first,
        vec![answer(200, &[], r#"{"value": []}"#)],
    );
    assert!(matches!(last, Step::Done(_)), "{last:?}");
    discover.lane_finished(index);
    assert!(discover.next_round().is_empty());
    // The refusals are the fallback's reason, not the result's notes.
    let result = discover.result();
    assert!(result.clusters.is_empty() && result.workspaces.is_empty());
}
