//! The client against real ARM answers: the bodies recorded from live Azure in
//! `../shared/fixtures/arm-recordings/` (their statuses and headers as its `INDEX.md` lists them),
//! each read by the parser it is for, and attach, detach and the pre-flight run on real sequences,
//! with the operation headers visible and hidden. Unwraps are assertions: a recording that does
//! not read as it should is a failed test.

use std::path::PathBuf;

use super::tests::{answer, run};
use super::*;
use crate::resource_id::{parse_cluster_id, WorkspaceId};

fn recordings() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/arm-recordings")
}

/// A recorded body.
fn body(name: &str) -> String {
    let path = recordings().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A recorded body with the status and headers `INDEX.md` gives it.
fn recorded(name: &str, status: u16, headers: &[(&str, &str)]) -> Response {
    answer(status, headers, &body(name))
}

/// A recorded body as a 200 without headers.
fn recording(name: &str) -> Response {
    recorded(name, 200, &[])
}

const WS: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/000000000000000/providers/Microsoft.MachineLearningServices/workspaces/nthandetest";

fn workspace() -> WorkspaceId {
    WorkspaceId::parse(WS).unwrap()
}

/// Azure ML's status URL as recorded: another api-version than the request's, and `service=new`.
const ML_STATUS: &str = "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/f6b867f4-0000-0000-0000-000000000000?api-version=2022-10-01-preview&service=new";

/// What every recording is read as, so that none is left out: the file and what its answer
/// must give.
#[test]
fn every_recording_is_read_by_the_parser_it_is_for() {
    let checks: &[(&str, fn())] = &[
        ("ml-compute-put-201.json", || {
            let c = parse_compute(&recorded("ml-compute-put-201.json", 201, &[])).unwrap();
            assert_eq!(
                (c.name.as_str(), c.provisioning_state.as_str()),
                ("testcomp007cc1", "Creating")
            );
        }),
        ("ml-compute-put-existing-201.json", || {
            // A PUT over an existing compute: 201 and `Creating`, not `Updating`.
            let c = parse_compute(&recorded("ml-compute-put-existing-201.json", 201, &[])).unwrap();
            assert_eq!(c.provisioning_state, "Creating");
        }),
        ("ml-compute-get-200.json", || {
            let c = parse_compute(&recording("ml-compute-get-200.json")).unwrap();
            assert_eq!(
                (c.compute_type.as_str(), c.provisioning_state.as_str()),
                ("AmlCompute", "Succeeded")
            );
        }),
        ("ml-compute-list-200.json", || {
            let page = parse_computes(&recording("ml-compute-list-200.json")).unwrap();
            assert_eq!(page.items.len(), 3);
            assert_eq!(page.next_link, None);
        }),
        ("ml-compute-operation-inprogress-200.json", || {
            // `{"status": "InProgress"}` and no Retry-After: polled again after the default 5 s.
            let step = lro_status(
                &recording("ml-compute-operation-inprogress-200.json"),
                ML_STATUS,
                false,
            )
            .unwrap();
            assert_eq!(
                step,
                LroStep::Poll {
                    url: ML_STATUS.into(),
                    after_secs: 5,
                    status: "InProgress".into()
                }
            );
        }),
        ("ml-compute-operation-succeeded-200.json", || {
            let step = lro_status(
                &recording("ml-compute-operation-succeeded-200.json"),
                ML_STATUS,
                false,
            )
            .unwrap();
            assert_eq!(step, LroStep::Finished(LroStatus::Succeeded));
        }),
        ("ml-mfe-operation-succeeded-200.json", || {
            let step = lro_status(
                &recording("ml-mfe-operation-succeeded-200.json"),
                ML_STATUS,
                false,
            )
            .unwrap();
            assert_eq!(step, LroStep::Finished(LroStatus::Succeeded));
        }),
        ("ml-compute-put-400-usererror.json", || {
            // Azure ML's own envelope: the code and message are read, the extra fields ignored.
            let error = ArmError::from_response(&recorded(
                "ml-compute-put-400-usererror.json",
                400,
                &[("x-ms-response-type", "error")],
            ));
            assert_eq!(error.code, "UserError");
            assert_eq!(
                error.message,
                "Provided EnableNodePublicIp 'False' requires workspace private endpoint."
            );
            assert_eq!(error.target, None);
            assert!(error.details.is_empty() && error.additional_info.is_empty());
        }),
        ("ml-endpoint-get-404.json", || {
            let error = parse_compute(&recorded(
                "ml-endpoint-get-404.json",
                404,
                &[("x-ms-failure-cause", "gateway")],
            ))
            .unwrap_err();
            assert_eq!(
                (error.status, error.code.as_str()),
                (404, "ResourceNotFound")
            );
        }),
        ("ml-workspace-get-404.json", || {
            let error = parse_workspace(&recorded(
                "ml-workspace-get-404.json",
                404,
                &[("x-ms-failure-cause", "gateway")],
            ))
            .unwrap_err();
            assert_eq!(error.code, "ResourceNotFound");
        }),
        ("ml-workspace-get-200.json", || {
            let w = parse_workspace(&recording("ml-workspace-get-200.json")).unwrap();
            assert_eq!(w.identity_type.as_deref(), Some("SystemAssigned"));
            assert_eq!(w.identity_principal(), w.principal_id.as_deref());
            assert!(w.identity_principal().is_some());
        }),
        ("ml-workspace-uai-get-200.json", || {
            let w = parse_workspace(&recording("ml-workspace-uai-get-200.json")).unwrap();
            assert_eq!(w.user_assigned.len(), 2);
            assert_eq!(
                w.identity_principal(),
                Some("0a390e3a-8a74-4a63-b4b1-358a6da87aac")
            );
        }),
        ("aks-managedcluster-private-get-200.json", || {
            let c = parse_cluster(&recording("aks-managedcluster-private-get-200.json")).unwrap();
            assert_eq!(c.name, "cliakstest000001");
        }),
        ("aks-managedcluster-public-get-200.json", || {
            parse_cluster(&recording("aks-managedcluster-public-get-200.json")).unwrap();
        }),
        (
            "aks-managedcluster-authorized-ips-creating-200.json",
            || {
                parse_cluster(&recording(
                    "aks-managedcluster-authorized-ips-creating-200.json",
                ))
                .unwrap();
            },
        ),
        (
            "aks-managedcluster-disable-local-accounts-put-201.json",
            || {
                parse_cluster(&recorded(
                    "aks-managedcluster-disable-local-accounts-put-201.json",
                    201,
                    &[],
                ))
                .unwrap();
            },
        ),
        ("aks-operation-inprogress-200.json", || {
            let url = "https://management.azure.com/subscriptions/0/providers/Microsoft.ContainerService/locations/westus2/operations/06f621c4?api-version=2016-03-30";
            assert!(matches!(
                lro_status(&recording("aks-operation-inprogress-200.json"), url, false),
                Ok(LroStep::Poll { after_secs: 5, .. })
            ));
        }),
        ("aks-operation-succeeded-200.json", || {
            assert_eq!(
                lro_status(&recording("aks-operation-succeeded-200.json"), "u", false),
                Ok(LroStep::Finished(LroStatus::Succeeded))
            );
        }),
        ("aks-kubernetes-versions-westus2-200.json", || {
            // Azure CLI's test_aks_get_version_table recording (westus2): 1.27 is offered under
            // both plans, the others under the community plan only.
            let region =
                parse_supported_versions(&recording("aks-kubernetes-versions-westus2-200.json"))
                    .unwrap();
            assert_eq!(region.community, ["1.28", "1.27", "1.26"]);
            assert_eq!(region.long_term, ["1.27"]);
        }),
        ("ext-list-200.json", || {
            // An explicit `"nextLink": null` is the last page.
            let page = parse_extensions(&recording("ext-list-200.json")).unwrap();
            assert_eq!(page.next_link, None);
            assert_eq!(page.items[0].extension_type, "microsoft.dapr");
        }),
        ("ext-dapr-put-201.json", || {
            // Azure-AsyncOperation on ARM wins over a Location on the resource provider's host.
            let put = recorded("ext-dapr-put-201.json", 201, &[
                ("azure-asyncoperation", "https://management.azure.com/subscriptions/0/resourceGroups/rg/providers/Microsoft.Kubernetes/ConnectedClusters/arc-cluster/providers/Microsoft.KubernetesConfiguration/extensions/dapr/operations/f069e821?api-Version=2021-09-01"),
                ("location", "https://eastus.rp.kubernetesconfiguration.azure.com/subscriptions/0/extensions/dapr"),
            ]);
            assert!(
                matches!(lro_start(&put), LroStart::Poll { location: false, after_secs: 5, ref url } if url.starts_with("https://management.azure.com/"))
            );
        }),
        ("authz-role-assignments-list-200.json", || {
            let page =
                parse_role_assignments(&recording("authz-role-assignments-list-200.json")).unwrap();
            assert!(!page.items.is_empty());
            assert!(page.items.iter().all(|a| !a.principal_id.is_empty()
                && a.role_definition_id.contains("/roleDefinitions/")));
        }),
        ("graph-query-skiptoken-200.json", || {
            let page = parse_graph(&recording("graph-query-skiptoken-200.json")).unwrap();
            assert_eq!((page.rows.len(), page.total_records), (3, 2876));
            assert!(page.skip_token.is_some());
            assert_eq!(
                graph_skip_token(&recording("graph-query-skiptoken-200.json")),
                page.skip_token
            );
        }),
        ("graph-query-table-200.json", || {
            // The table format becomes rows keyed by column.
            let page = parse_graph(&recording("graph-query-table-200.json")).unwrap();
            assert!(!page.rows.is_empty());
            assert!(page
                .rows
                .iter()
                .all(|row| row.as_object().is_some_and(|r| !r.is_empty())));
        }),
        ("graph-query-error-400.json", || {
            // The parse failure's position is kept and said.
            let error = parse_graph(&recorded("graph-query-error-400.json", 400, &[])).unwrap_err();
            assert_eq!(error.code, "BadRequest");
            let failure = &error.details[1];
            assert_eq!(failure.code, "ParserFailure");
            assert_eq!(
                failure.position,
                Some(QueryPosition {
                    line: 1,
                    character: 11,
                    token: Some("<EOF>".into())
                })
            );
            let sentence = error.to_string();
            assert!(sentence.contains("ParserFailure: the query could not be read at line 1, character 11, at the end of the query"), "{sentence}");
            assert!(
                !sentence.contains("ParserFailure: ParserFailure"),
                "{sentence}"
            );
            // And in the JSON every front end reads.
            let json = serde_json::to_value(&error).unwrap();
            assert_eq!(
                json["details"][1]["position"],
                serde_json::json!({"line": 1, "character": 11, "token": "<EOF>"})
            );
            assert_eq!(json["sentence"], serde_json::json!(sentence));
        }),
        ("arm-403-authorizationfailed.json", || {
            let error = ArmError::from_response(&recorded(
                "arm-403-authorizationfailed.json",
                403,
                &[("x-ms-failure-cause", "gateway")],
            ));
            assert_eq!(
                (error.kind, error.code.as_str()),
                (ArmErrorKind::Service, "AuthorizationFailed")
            );
        }),
        ("arm-429-subscription-throttled.json", || {
            let error =
                ArmError::from_response(&recorded("arm-429-subscription-throttled.json", 429, &[]));
            assert_eq!(
                (error.kind, error.code.as_str()),
                (ArmErrorKind::Throttled, "SubscriptionRequestsThrottled")
            );
            // Without Retry-After, the retry backs off on its own.
            let decision = RetryPolicy::default().after_response(
                &recorded("arm-429-subscription-throttled.json", 429, &[]),
                1,
                Renewals::default(),
                0.0,
            );
            assert_eq!(decision, Decision::Retry { delay_ms: 250 });
        }),
    ];
    let mut files: Vec<String> = std::fs::read_dir(recordings())
        .expect("the recordings are missing: shared/ must sit beside the project")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    let covered: Vec<&str> = checks.iter().map(|(name, _)| *name).collect();
    let missing: Vec<&String> = files
        .iter()
        .filter(|f| !covered.contains(&f.as_str()))
        .collect();
    assert!(missing.is_empty(), "recordings no test reads: {missing:?}");
    for (name, check) in checks {
        assert!(
            files.iter().any(|f| f == name),
            "{name} is not among the recordings"
        );
        check();
    }
}

/// A cluster created with a service principal, and one with a system-assigned identity.
#[test]
fn recorded_clusters_give_their_identity_and_support_plan() {
    // A cluster created with a service principal (no identity block), a Free tier.
    let sp = parse_cluster(&recording(
        "aks-managedcluster-authorized-ips-creating-200.json",
    ))
    .unwrap()
    .facts;
    assert_eq!(sp.managed_identity, Some(false));
    assert_eq!(sp.tier.as_deref(), Some("Free"));
    assert_eq!(sp.support_plan, None);
    // System-assigned identity; the recorder replaced the `msi` client id with a GUID, and the
    // identity block still tells.
    let mi = parse_cluster(&recording("aks-managedcluster-public-get-200.json"))
        .unwrap()
        .facts;
    assert_eq!(mi.managed_identity, Some(true));
    assert_eq!(mi.support_plan.as_deref(), Some("KubernetesOfficial"));
    let plan = crate::support::Plan::of(mi.tier.as_deref(), mi.support_plan.as_deref());
    assert_eq!(plan.long_term, Some(false));
}

/// The user-assigned workspace, with its identities in either order: the primary is chosen by
/// `primaryUserAssignedIdentity` (spelled `resourcegroups`, its key `resourceGroups`), never by
/// the order of the keys.
#[test]
fn the_primary_user_assigned_identity_is_the_workspace_identity_whatever_the_order() {
    let recorded: serde_json::Value =
        serde_json::from_str(&body("ml-workspace-uai-get-200.json")).unwrap();
    let primary = "0a390e3a-8a74-4a63-b4b1-358a6da87aac";
    let other = "35341706-b4e3-4b8e-ab6f-b818a9cebaec";
    // The same answer with the identities listed the other way round.
    let mut swapped = recorded.clone();
    let ids = swapped["identity"]["userAssignedIdentities"]
        .as_object()
        .unwrap()
        .clone();
    let reversed: serde_json::Map<String, serde_json::Value> = ids.into_iter().rev().collect();
    swapped["identity"]["userAssignedIdentities"] = serde_json::Value::Object(reversed);
    for workspace in [&recorded, &swapped] {
        let info = parse_workspace(&answer(200, &[], &workspace.to_string())).unwrap();
        assert_eq!(info.identity_principal(), Some(primary));
        assert_eq!(info.identity_problem(), None);
    }
    let first = parse_workspace(&answer(200, &[], &swapped.to_string())).unwrap();
    assert_eq!(first.user_assigned[0].principal_id.as_deref(), Some(other));

    // Two identities and no primary named: which one acts is unknown, and said.
    let mut unnamed = recorded.clone();
    unnamed["properties"]["primaryUserAssignedIdentity"] = serde_json::Value::Null;
    let info = parse_workspace(&answer(200, &[], &unnamed.to_string())).unwrap();
    assert_eq!(info.identity_principal(), None);
    assert!(info
        .identity_problem()
        .unwrap()
        .contains("2 user-assigned identities and names none"));
    // A primary that is not among them.
    let mut stray = recorded.clone();
    stray["properties"]["primaryUserAssignedIdentity"] = serde_json::json!(
        "/subscriptions/0/resourceGroups/x/providers/Microsoft.ManagedIdentity/userAssignedIdentities/gone"
    );
    let info = parse_workspace(&answer(200, &[], &stray.to_string())).unwrap();
    assert_eq!(info.identity_principal(), None);
    assert!(info
        .identity_problem()
        .unwrap()
        .contains("(gone) is not among"));
    // One identity, no primary named: that one.
    let mut single = recorded;
    single["properties"]["primaryUserAssignedIdentity"] = serde_json::Value::Null;
    let only = single["identity"]["userAssignedIdentities"]
        .as_object()
        .unwrap()
        .iter()
        .next_back()
        .map(|(k, v)| (k.clone(), v.clone()))
        .unwrap();
    single["identity"]["userAssignedIdentities"] = serde_json::json!({ only.0: only.1 });
    let info = parse_workspace(&answer(200, &[], &single.to_string())).unwrap();
    assert_eq!(info.identity_principal(), Some(other));
}

/// The pre-flight reads the roles of the primary identity, and says so when it cannot tell
/// which identity acts.
#[test]
fn the_preflight_reads_the_roles_of_the_primary_identity() {
    let cluster = parse_cluster_id("/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/cli-rg/providers/Microsoft.ContainerService/managedClusters/cliakstest000001").unwrap().id;
    let preflight = |workspace_body: String| {
        let (mut read, first) = PreflightRead::start(
            &Cloud::custom("https://management.azure.com"),
            &workspace(),
            &cluster,
            RetryPolicy::default(),
        );
        run(
            first,
            |r| read.on_response(r, 0.5),
            |request| {
                let url = &request.url;
                if url.contains("/workspaces/nthandetest?") {
                    answer(200, &[], &workspace_body)
                } else if url.contains("/managedClusters/cliakstest000001?") {
                    recording("aks-managedcluster-private-get-200.json")
                } else if url.contains("/kubernetesVersions?") {
                    recording("aks-kubernetes-versions-westus2-200.json")
                } else if url.contains("/roleAssignments?") {
                    recording("authz-role-assignments-list-200.json")
                } else if url.contains("/extensions?") {
                    recording("ext-list-200.json")
                } else if url.contains("/computes?") {
                    recording("ml-compute-list-200.json")
                } else {
                    answer(200, &[], r#"{"value": []}"#)
                }
            },
        )
    };
    let (sent, result) = preflight(body("ml-workspace-uai-get-200.json"));
    let roles: Vec<&Request> = sent
        .iter()
        .filter(|r| r.url.contains("/roleAssignments?"))
        .collect();
    assert_eq!(roles.len(), 1);
    assert!(
        roles[0]
            .url
            .contains("0a390e3a-8a74-4a63-b4b1-358a6da87aac"),
        "{}",
        roles[0].url
    );
    assert!(result.notes.is_empty(), "{:?}", result.notes);
    assert!(result.facts.role_assignments.is_some());
    assert_eq!(result.facts.computes.len(), 3);

    let mut unnamed: serde_json::Value =
        serde_json::from_str(&body("ml-workspace-uai-get-200.json")).unwrap();
    unnamed["properties"]["primaryUserAssignedIdentity"] = serde_json::Value::Null;
    let (sent, result) = preflight(unnamed.to_string());
    assert!(!sent.iter().any(|r| r.url.contains("/roleAssignments?")));
    assert_eq!(result.facts.role_assignments, None);
    let note = result
        .notes
        .iter()
        .find(|n| n.what == "the workspace identity's roles on the cluster")
        .expect("a note on the roles not read");
    assert!(
        note.error.message.contains("names none as primary"),
        "{}",
        note.error
    );
}

/// A 200 of the wrong shape (here a real answer to another request) is an error the pre-flight
/// notes, and the facts it would have given stay unknown: never "no extensions", "no roles".
#[test]
fn an_answer_of_the_wrong_shape_is_noted_never_read_as_empty() {
    let workspace_body = recording("ml-workspace-get-200.json");
    for (parse, name) in [
        (parse_extensions(&workspace_body).err(), "extension list"),
        (
            parse_role_assignments(&workspace_body).err(),
            "role assignment list",
        ),
        (parse_computes(&workspace_body).err(), "compute list"),
        (parse_workspaces(&workspace_body).err(), "workspace list"),
        (
            parse_subscriptions(&workspace_body).err(),
            "subscription list",
        ),
        (parse_graph(&workspace_body).err(), "Resource Graph answer"),
        (
            parse_supported_versions(&workspace_body).err(),
            "Kubernetes version list",
        ),
    ] {
        let error = parse.unwrap_or_else(|| panic!("a workspace read as a {name}"));
        assert_eq!(error.kind, ArmErrorKind::Malformed, "{name}");
        assert!(
            error
                .message
                .starts_with(&format!("the {name} ARM sent is not of the shape expected")),
            "{error}"
        );
    }
    // A list in place of one resource.
    let list = recording("ml-compute-list-200.json");
    assert_eq!(
        parse_compute(&list).unwrap_err().kind,
        ArmErrorKind::Malformed
    );
    assert_eq!(
        parse_workspace(&list).unwrap_err().kind,
        ArmErrorKind::Malformed
    );
    // An item that is not an object, a role assignment without properties.
    let error = parse_extensions(&answer(200, &[], r#"{"value": [{}, 3]}"#)).unwrap_err();
    assert!(
        error
            .message
            .contains("item 2 of its `value` is not an object"),
        "{error}"
    );
    let error =
        parse_role_assignments(&answer(200, &[], r#"{"value": [{"id": "x"}]}"#)).unwrap_err();
    assert!(
        error
            .message
            .contains("item 1 of its `value` has no `properties`"),
        "{error}"
    );

    let cluster = parse_cluster_id("/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/cli-rg/providers/Microsoft.ContainerService/managedClusters/cliakstest000001").unwrap().id;
    let (mut read, first) = PreflightRead::start(
        &Cloud::custom("https://management.azure.com"),
        &WorkspaceId::parse("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/00000/providers/Microsoft.MachineLearningServices/workspaces/ws").unwrap(),
        &cluster,
        RetryPolicy::default(),
    );
    let (_, result) = run(
        first,
        |r| read.on_response(r, 0.5),
        |request| {
            let url = &request.url;
            if url.contains("/workspaces/ws?") {
                recording("ml-workspace-get-200.json")
            } else if url.contains("/managedClusters/cliakstest000001?") {
                recording("aks-managedcluster-private-get-200.json")
            } else {
                // Every list answers with a workspace.
                recording("ml-workspace-get-200.json")
            }
        },
    );
    assert_eq!(result.facts.extensions, None);
    assert_eq!(result.facts.role_assignments, None);
    let noted: Vec<&str> = result.notes.iter().map(|n| n.what.as_str()).collect();
    for what in [
        "the cluster's extensions",
        "the workspace identity's roles on the cluster",
        "the workspace's computes",
        "the region's Kubernetes versions",
    ] {
        assert!(noted.contains(&what), "{what} not noted: {noted:?}");
    }
    let context = result.facts.context();
    assert_eq!(context.cluster.unwrap().aml_extension_installed, None);
}

/// How a workflow went: every request, and each wait before one.
struct Trace {
    sent: Vec<(Method, String)>,
    waits: Vec<u32>,
}

/// Drives `workflow` with `respond` until it ends.
fn drive<W: Workflow>(
    workflow: &mut W,
    first: Step<W::Output>,
    mut respond: impl FnMut(&Request, usize) -> Response,
) -> (Trace, Result<W::Output, ArmError>) {
    let mut trace = Trace {
        sent: Vec::new(),
        waits: Vec::new(),
    };
    let mut step = first;
    loop {
        let request = match step {
            Step::Send(request) | Step::RefreshToken { request, .. } => request,
            Step::Wait { ms, request, .. } => {
                trace.waits.push(ms);
                request
            }
            Step::Done(value) => return (trace, Ok(value)),
            Step::Failed(error) => return (trace, Err(error)),
        };
        let response = respond(&request, trace.sent.len());
        trace.sent.push((request.method, request.url.clone()));
        assert!(trace.sent.len() < 50, "runaway workflow");
        step = workflow.on_response(&response, 0.5);
    }
}

/// The compute's GET as recorded, in another provisioning state.
fn compute_in(state: &str) -> Response {
    let mut compute: serde_json::Value =
        serde_json::from_str(&body("ml-compute-get-200.json")).unwrap();
    compute["properties"]["provisioningState"] = serde_json::json!(state);
    answer(200, &[], &compute.to_string())
}

/// The 404 of a resource that is not there, as recorded (the gateway's).
fn not_found() -> Response {
    recorded(
        "ml-endpoint-get-404.json",
        404,
        &[("x-ms-failure-cause", "gateway")],
    )
}

#[test]
fn attach_on_the_recorded_sequence_with_the_headers_visible_and_hidden() {
    let body = serde_json::json!({"properties": {"computeType": "AmlCompute"}});
    for visible in [true, false] {
        let (mut attach, first) = Attach::start(
            &Cloud::public(),
            &workspace(),
            "testcomp007cc1",
            body.clone(),
            RetryPolicy::default(),
        );
        let (mut put, mut polls, mut reads) = (false, 0, 0);
        let (trace, outcome) = drive(&mut attach, first, |request, _| {
            match request.method {
                Method::Put => {
                    put = true;
                    // Azure-AsyncOperation and nothing else of note: no Location, no Retry-After.
                    let headers: &[(&str, &str)] = if visible {
                        &[
                            ("azure-asyncoperation", ML_STATUS),
                            ("x-ms-ratelimit-remaining-subscription-writes", "1193"),
                        ]
                    } else {
                        &[]
                    };
                    recorded("ml-compute-put-201.json", 201, headers)
                }
                Method::Get if request.url.contains("computeOperationsStatus") => {
                    polls += 1;
                    if polls == 1 {
                        recording("ml-compute-operation-inprogress-200.json")
                    } else {
                        recording("ml-compute-operation-succeeded-200.json")
                    }
                }
                // The name check: free.
                Method::Get if !put => not_found(),
                // The compute: still being created at the first read when it is polled itself.
                Method::Get => {
                    reads += 1;
                    if !visible && reads == 1 {
                        compute_in("Creating")
                    } else {
                        recording("ml-compute-get-200.json")
                    }
                }
                other => panic!("unexpected {other:?}"),
            }
        });
        let outcome = outcome.unwrap_or_else(|e| panic!("visible={visible}: {e}"));
        assert!(
            matches!(&outcome, Outcome::Attached { compute } if compute.provisioning_state == "Succeeded"),
            "visible={visible}: {outcome:?}"
        );
        // With no Retry-After, every poll waits the default 5 s.
        assert!(
            trace.waits.iter().all(|ms| *ms == 5_000),
            "{:?}",
            trace.waits
        );
        let methods: Vec<Method> = trace.sent.iter().map(|(m, _)| *m).collect();
        if visible {
            assert_eq!(
                methods,
                [
                    Method::Get,
                    Method::Put,
                    Method::Get,
                    Method::Get,
                    Method::Get
                ]
            );
            // The status URL is followed as given, with its own api-version.
            assert_eq!(trace.sent[2].1, ML_STATUS);
        } else {
            assert_eq!(
                methods,
                [Method::Get, Method::Put, Method::Get, Method::Get]
            );
            assert!(trace
                .sent
                .iter()
                .all(|(_, url)| !url.contains("computeOperationsStatus")));
        }
    }
}

#[test]
fn detach_on_the_recorded_sequence_ends_detached_with_the_headers_visible_and_hidden() {
    for visible in [true, false] {
        let (mut detach, first) = Attach::detach(
            &Cloud::public(),
            &workspace(),
            "testcomp007cc1",
            RetryPolicy::default(),
        );
        let mut reads = 0;
        let (trace, outcome) = drive(&mut detach, first, |request, _| match request.method {
            // 202, an empty body, Azure-AsyncOperation only (no Location, no Retry-After).
            Method::Delete => {
                let headers: &[(&str, &str)] = if visible {
                    &[
                        ("azure-asyncoperation", ML_STATUS),
                        ("content-length", "0"),
                        ("x-ms-ratelimit-remaining-subscription-deletes", "14999"),
                    ]
                } else {
                    &[("content-length", "0")]
                };
                answer(202, headers, "")
            }
            Method::Get if request.url.contains("computeOperationsStatus") => {
                recording("ml-compute-operation-succeeded-200.json")
            }
            // Polled itself: being deleted, then gone (the gateway's 404).
            Method::Get => {
                reads += 1;
                if reads == 1 {
                    compute_in("Deleting")
                } else {
                    not_found()
                }
            }
            other => panic!("unexpected {other:?}"),
        });
        assert_eq!(
            outcome.unwrap_or_else(|e| panic!("visible={visible}: {e}")),
            Outcome::Detached
        );
        assert!(
            trace.waits.iter().all(|ms| *ms == 5_000),
            "{:?}",
            trace.waits
        );
        assert!(trace.sent[0].1.contains("underlyingResourceAction=Detach"));
        assert_eq!(trace.sent.len(), if visible { 2 } else { 3 });
    }

    // Hidden headers, and a compute that stays `Succeeded`: the detach did not happen, and the
    // workflow says so in the end rather than calling it detached or attached.
    let (mut detach, first) = Attach::detach(
        &Cloud::public(),
        &workspace(),
        "testcomp007cc1",
        RetryPolicy::default(),
    );
    let mut step = first;
    let mut sent = 0;
    let error = loop {
        match step {
            Step::Failed(error) => break error,
            Step::Done(outcome) => panic!("{outcome:?}"),
            _ => {}
        }
        sent += 1;
        let response = if sent == 1 {
            answer(202, &[], "")
        } else {
            recording("ml-compute-get-200.json")
        };
        step = detach.on_response(&response, 0.5);
        assert!(sent < 1000, "runaway");
    };
    assert_eq!(error.kind, ArmErrorKind::Timeout);
    assert!(
        error
            .message
            .contains("compute testcomp007cc1 is still there (Succeeded)"),
        "{error}"
    );

    // And a detach that fails shows the compute's state.
    let (mut detach, first) = Attach::detach(
        &Cloud::public(),
        &workspace(),
        "testcomp007cc1",
        RetryPolicy::default(),
    );
    let (_, outcome) = drive(&mut detach, first, |request, _| match request.method {
        Method::Delete => answer(202, &[], ""),
        _ => compute_in("Failed"),
    });
    assert!(
        matches!(outcome, Ok(Outcome::ComputeFailed { .. })),
        "{outcome:?}"
    );
}
