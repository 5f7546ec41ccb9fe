//! The extension's install and update workflow against the official examples of
//! `Microsoft.KubernetesConfiguration/extensions` 2025-03-01 (CreateExtension, PatchExtension,
//! GetExtension, GetExtensionAsyncOperationStatus), and the plan the page sends.

use super::tests::{answer, drive, example};
use super::*;
use crate::resource_id::{ClusterId, ClusterKind};

/// The examples' cluster (their subscription id, `subId1`, is no GUID: built, not parsed).
fn cluster() -> ClusterId {
    ClusterId {
        subscription: "subId1".to_owned(),
        resource_group: "rg1".to_owned(),
        name: "clusterName1".to_owned(),
        kind: ClusterKind::Arc,
    }
}

fn body() -> serde_json::Value {
    serde_json::json!({ "properties": { "extensionType": "Microsoft.AzureML.Kubernetes" } })
}

/// The operation status example, answered as it ended (`Succeeded`) or still going.
fn operation(status: &str) -> Response {
    let (_, mut response) = example("GetExtensionAsyncOperationStatus.json", "200");
    response.body = response
        .body
        .replace("\"Succeeded\"", &format!("\"{status}\""));
    response
}

#[test]
fn an_install_gets_first_puts_follows_the_operation_and_reads_the_extension_back() {
    let (flow, first) = InstallExtension::start(
        &Cloud::public(),
        &cluster(),
        "ClusterMonitor",
        body(),
        ExtensionWrite::Install,
        RetryPolicy::default(),
    );
    let (_, created) = example("CreateExtension.json", "201");
    let (_, got) = example("GetExtension.json", "200");
    let (sent, step) = drive(
        flow,
        first,
        vec![
            answer(
                404,
                &[],
                r#"{"error":{"code":"ResourceNotFound","message":"not found"}}"#,
            ),
            created,
            operation("InProgress"),
            operation("Succeeded"),
            got,
        ],
    );
    let methods: Vec<Method> = sent.iter().map(|(m, _)| *m).collect();
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
    assert!(sent[1].1.ends_with("/providers/Microsoft.Kubernetes/connectedClusters/clusterName1/providers/Microsoft.KubernetesConfiguration/extensions/ClusterMonitor?api-version=2025-03-01"), "{}", sent[1].1);
    assert!(
        sent[2].1.contains("/extensions/ClusterMonitor/operations/"),
        "{}",
        sent[2].1
    );
    match step {
        Step::Done(ExtensionOutcome::Installed { extension }) => {
            assert_eq!(extension.provisioning_state, "Succeeded");
            assert_eq!(extension.name, "ClusterMonitor");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_install_never_puts_over_an_extension_and_an_update_needs_one() {
    let (_, got) = example("GetExtension.json", "200");
    let (flow, first) = InstallExtension::start(
        &Cloud::public(),
        &cluster(),
        "ClusterMonitor",
        body(),
        ExtensionWrite::Install,
        RetryPolicy::default(),
    );
    let (sent, step) = drive(flow, first, vec![got]);
    assert_eq!(sent.len(), 1);
    assert!(
        matches!(step, Step::Done(ExtensionOutcome::AlreadyInstalled { .. })),
        "{step:?}"
    );
    let (flow, first) = InstallExtension::start(
        &Cloud::public(),
        &cluster(),
        "azureml",
        body(),
        ExtensionWrite::Update,
        RetryPolicy::default(),
    );
    let (_, step) = drive(
        flow,
        first,
        vec![answer(
            404,
            &[],
            r#"{"error":{"code":"ResourceNotFound","message":"not found"}}"#,
        )],
    );
    assert!(
        matches!(step, Step::Done(ExtensionOutcome::NotInstalled)),
        "{step:?}"
    );
}

#[test]
fn an_update_patches_and_a_failed_install_ends_with_its_statuses() {
    let (_, got) = example("GetExtension.json", "200");
    let (_, accepted) = example("PatchExtension.json", "202");
    let mut failed: serde_json::Value = serde_json::from_str(&got.body).unwrap();
    failed["properties"]["provisioningState"] = "Failed".into();
    failed["properties"]["statuses"] = serde_json::json!([{ "code": "InstallationFailed", "level": "Error", "message": "pre-install: pod healthcheck failed ErrorCode: E40002 ErrorMessage: Insufficient healthy node" }]);
    let failed = answer(200, &[], &failed.to_string());
    let (flow, first) = InstallExtension::start(
        &Cloud::public(),
        &cluster(),
        "ClusterMonitor",
        body(),
        ExtensionWrite::Update,
        RetryPolicy::default(),
    );
    let (sent, step) = drive(
        flow,
        first,
        vec![got, accepted, operation("Failed"), failed],
    );
    assert_eq!(sent[1].0, Method::Patch);
    match step {
        Step::Done(ExtensionOutcome::Failed { extension }) => {
            assert_eq!(extension.statuses.len(), 1);
            assert!(
                extension.statuses[0].contains("E40002"),
                "{:?}",
                extension.statuses
            );
            assert_eq!(
                extension.installed.statuses[0].code.as_deref(),
                Some("InstallationFailed")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_plan_fills_the_region_and_the_files_and_refuses_a_secret() {
    use crate::request::{extension_plan, Given, PemFiles};
    let now = crate::dated::Now::parse("2026-12-03").unwrap();
    let aks = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks";
    let spec = format!("cluster: {aks}\nconfig:\n  enableInference: true\n  inferenceRouterServiceType: loadBalancer\n  sslCname: ml.contoso.com\nconfig_protected:\n  sslCertPemFile: cert.pem\n  sslKeyPemFile: key.pem\n");
    let missing = extension_plan(
        Given::Text(&spec),
        None,
        Some("westeurope"),
        None,
        true,
        now,
    )
    .unwrap_err();
    assert_eq!(missing.code(), "needs-input");
    assert!(missing.to_string().contains("sslCertPemFile"), "{missing}");
    // A real certificate for the CNAME, valid now, and its key (openssl, as the secret tests do).
    let dir = std::env::temp_dir().join(format!("amlattach-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (cert_path, key_path) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "90",
            "-subj",
            "/CN=ml.contoso.com",
            "-addext",
            "subjectAltName=DNS:ml.contoso.com",
            "-keyout",
        ])
        .arg(&key_path)
        .arg("-out")
        .arg(&cert_path)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let (cert, key) = (
        std::fs::read_to_string(&cert_path).unwrap(),
        std::fs::read_to_string(&key_path).unwrap(),
    );
    std::fs::remove_dir_all(&dir).unwrap();
    // A day after the certificate was made, whenever the test runs.
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as f64;
    let now = crate::dated::Now::from_unix_millis(millis + 86_400_000.0).unwrap();
    let plan = extension_plan(
        Given::Text(&spec),
        None,
        Some("westeurope"),
        Some(PemFiles {
            cert: &cert,
            key: &key,
        }),
        true,
        now,
    )
    .unwrap();
    use base64ct::{Base64, Encoding};
    let protected = &plan.body["properties"]["configurationProtectedSettings"];
    assert_eq!(
        protected["scoringFe.sslCert"],
        Base64::encode_string(cert.as_bytes())
    );
    assert_eq!(
        protected["scoringFe.sslKey"],
        Base64::encode_string(key.as_bytes())
    );
    let settings = &plan.body["properties"]["configurationSettings"];
    assert_eq!(settings["location"], "westeurope");
    assert_eq!(settings["domain"], "westeurope.cloudapp.azure.com");
}

#[test]
fn the_plan_needs_the_region_and_takes_no_secret() {
    use crate::request::{extension_plan, Given};
    let now = crate::dated::Now::parse("2026-12-03").unwrap();
    let arc = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/edge";
    let spec = format!("cluster: {arc}\nconfig:\n  enableTraining: true\nconfig_protected:\n  relayServerConnectionString: $AML_RELAY\n");
    let no_region = extension_plan(Given::Text(&spec), None, None, None, true, now).unwrap_err();
    assert!(no_region.to_string().contains("region"), "{no_region}");
    let secret =
        extension_plan(Given::Text(&spec), None, Some("eastus"), None, true, now).unwrap_err();
    assert_eq!(secret.code(), "needs-input");
    assert!(
        secret
            .to_string()
            .contains("relayserver.relayConnectionString"),
        "{secret}"
    );
    let training = format!("cluster: {arc}\nconfig:\n  enableTraining: true\n");
    let plan = extension_plan(
        Given::Text(&training),
        None,
        Some("eastus"),
        None,
        true,
        now,
    )
    .unwrap();
    assert_eq!(plan.body["identity"]["type"], "SystemAssigned");
    assert_eq!(
        plan.body["properties"]["scope"]["cluster"]["releaseNamespace"],
        "azureml"
    );
    assert_eq!(
        plan.body["properties"]["configurationSettings"]["jobSchedulerLocation"],
        "eastus"
    );
}
