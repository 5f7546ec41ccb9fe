//! The Azure ML extension's generators: every target for every valid case of
//! `tests/cases/extension/` in both shells, compared with `tests/golden/extension--CASE.txt`
//! (`UPDATE_EXPECT=1` rewrites them); the `az k8s-extension create` and `update` lines run in
//! real bash against a stub `az` that records its argv, which must be the spec's settings
//! exactly, hostile paths and secrets included; the secrets never in any output; the PEM
//! files checked through the secret decoder; and arbitrary documents never panic the reader.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fmt::Write as _;
use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use amlattach::extension::{validate_extension, ExtensionSpec};
use amlattach::generate::{extension_targets, generate_extension, ExtensionTarget, Shell};
use amlattach::request::{self, Given, PemFiles};
use amlattach::spec::{Context, Workspace};
use amlattach::Code;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn valid(text: &str) -> ExtensionSpec {
    let checked = validate_extension(text, &Context::default(), common::now());
    checked
        .spec
        .unwrap_or_else(|| panic!("{:#?}", checked.report))
}

#[test]
fn every_target_of_every_valid_case_matches_its_golden_file() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for path in common::yml_files(&root().join("cases/extension")) {
        let text = fs::read_to_string(&path).unwrap();
        if path.to_string_lossy().ends_with(".context.yml") {
            continue;
        }
        let Some(spec) = validate_extension(&text, &Context::default(), common::now()).spec else {
            continue;
        };
        count += 1;
        let mut out = String::new();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        record_for_parsers(&stem, &spec);
        for info in extension_targets() {
            for shell in [Shell::Bash, Shell::Pwsh] {
                let documents = [
                    ExtensionTarget::ArmJson,
                    ExtensionTarget::Bicep,
                    ExtensionTarget::Terraform,
                ];
                if shell == Shell::Pwsh && documents.contains(&info.target) {
                    continue;
                }
                let output = generate_extension(&spec, info.target, shell);
                writeln!(
                    out,
                    "===== {} ({}) {}",
                    info.id,
                    shell.id(),
                    output.filename
                )
                .unwrap();
                out.push_str(&output.text);
            }
        }
        let golden = root().join(format!("golden/extension--{stem}.txt"));
        let expected = fs::read_to_string(&golden).unwrap_or_default();
        if expected != out {
            if update {
                fs::write(&golden, &out).unwrap();
            } else {
                failures.push(golden.display().to_string());
            }
        }
    }
    assert!(count >= 4, "only {count} valid extension cases");
    assert!(
        failures.is_empty(),
        "differ (UPDATE_EXPECT=1 to accept): {failures:?}"
    );
}

/// Records the Bicep and Terraform of `spec` for tests/parsers/ (tree-sitter's Bicep grammar and
/// python-hcl2), with what their settings must hold: the arm-json target's body, where a
/// `<…>` placeholder stands for an expression of the document's own (the region, a file's
/// base64, a secret).
fn record_for_parsers(stem: &str, spec: &ExtensionSpec) {
    let corpus = std::env::var_os("AMLATTACH_GENERATED_CORPUS")
        .map_or_else(|| root().join("../target/generated"), PathBuf::from)
        .join("extension");
    fs::create_dir_all(&corpus).unwrap();
    let body: serde_json::Value =
        serde_json::from_str(&generate_extension(spec, ExtensionTarget::ArmJson, Shell::Bash).text)
            .unwrap();
    let mut lines = String::new();
    for (target, language) in [
        (ExtensionTarget::Bicep, "bicep"),
        (ExtensionTarget::Terraform, "hcl"),
    ] {
        let output = generate_extension(spec, target, Shell::Bash);
        let file = format!("{stem}.{}", if language == "hcl" { "tf" } else { "bicep" });
        fs::write(corpus.join(&file), &output.text).unwrap();
        let record = serde_json::json!({
            "file": format!("extension/{file}"),
            "language": language,
            "kind": spec.cluster.kind.extension_cluster_type(),
            "cluster": spec.cluster.to_string(),
            "name": spec.name,
            "properties": body["properties"],
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    fs::write(corpus.join(format!("{stem}.jsonl")), lines).unwrap();
}

const STUB: &str = r#"#!/bin/bash
n=$(ls "$AMLATTACH_ARGV_DIR" | wc -l)
printf '%s\0' "$(basename "$0")" "$@" > "$AMLATTACH_ARGV_DIR/$(printf %03d "$n").argv"
"#;

/// Runs `script` in bash with stub `az`, `kubectl` and `jq`; the argv each received.
fn run_bash(script: &str, env: &[(&str, &str)]) -> Vec<Vec<String>> {
    let (output, argv) = try_bash(script, env);
    assert!(
        output.status.success(),
        "bash failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    argv
}

/// [`run_bash`] whether or not the script succeeds: its output and the argv each stub received.
fn try_bash(script: &str, env: &[(&str, &str)]) -> (std::process::Output, Vec<Vec<String>>) {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("extension-argv-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    let (bin, record, cwd) = (work.join("bin"), work.join("record"), work.join("cwd"));
    for dir in [&bin, &record, &cwd] {
        fs::create_dir_all(dir).unwrap();
    }
    for name in ["az", "kubectl", "jq"] {
        fs::write(bin.join(name), STUB).unwrap();
        fs::set_permissions(bin.join(name), fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut command = Command::new("bash");
    command
        .arg("-c")
        .arg(script)
        .current_dir(&cwd)
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("AMLATTACH_ARGV_DIR", &record)
        .stdin(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().unwrap();
    let leftovers: Vec<_> = fs::read_dir(&cwd).unwrap().collect();
    assert!(leftovers.is_empty(), "the script left files: {leftovers:?}");
    let mut files: Vec<PathBuf> = fs::read_dir(&record)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let argv = files
        .iter()
        .map(|f| {
            let bytes = fs::read(f).unwrap();
            let mut parts: Vec<String> = bytes
                .split(|b| *b == 0)
                .map(|p| String::from_utf8(p.to_vec()).unwrap())
                .collect();
            parts.pop();
            parts
        })
        .collect();
    fs::remove_dir_all(&work).unwrap();
    (output, argv)
}

/// A value every shell treats specially.
const HOSTILE: &str = "./it's \"my\" $(touch PWNED) `id` !! ~ *.pem";
const SECRET: &str =
    "Endpoint=sb://relay/;SharedAccessKeyName=azureml_rw;SharedAccessKey=s3cr3t'\"$(id)";

#[test]
fn the_install_and_update_lines_carry_every_setting_exactly() {
    let arc = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/edge-1";
    let text = serde_json::json!({
        "cluster": arc,
        "config": {
            "enableTraining": true,
            "enableInference": true,
            "inferenceRouterServiceType": "nodePort",
            "sslCname": "ml.contoso.com",
            "nginxIngress.controller": HOSTILE,
        },
        "config_protected": {
            "sslCertPemFile": HOSTILE,
            "sslKeyPemFile": "key file.pem",
            "relayServerConnectionString": "$AML_RELAY_SERVER_CONNECTION_STRING",
        }
    })
    .to_string();
    let spec = valid(&text);
    for target in [ExtensionTarget::AzCreate, ExtensionTarget::AzUpdate] {
        let output = generate_extension(&spec, target, Shell::Bash);
        assert!(!output.text.contains(SECRET));
        let ran = run_bash(
            &output.text,
            &[("AML_RELAY_SERVER_CONNECTION_STRING", SECRET)],
        );
        assert_eq!(ran.len(), 2, "{ran:?}");
        let argv = &ran[0];
        let verb = if target == ExtensionTarget::AzCreate {
            "create"
        } else {
            "update"
        };
        assert_eq!(argv[..3], ["az", "k8s-extension", verb]);
        let after = |flag: &str| {
            argv.iter()
                .position(|a| a == flag)
                .map(|i| argv[i + 1].clone())
        };
        assert_eq!(
            after("--cluster-type").as_deref(),
            Some("connectedClusters")
        );
        assert_eq!(after("--cluster-name").as_deref(), Some("edge-1"));
        assert_eq!(
            after("--subscription").as_deref(),
            Some("00000000-0000-0000-0000-000000000000")
        );
        let config_at = argv.iter().position(|a| a == "--config").unwrap();
        let protected_at = argv.iter().position(|a| a == "--config-protected").unwrap();
        assert_eq!(
            argv[config_at + 1..protected_at],
            [
                "enableTraining=True".to_owned(),
                "enableInference=True".to_owned(),
                "inferenceRouterServiceType=nodePort".to_owned(),
                "sslCname=ml.contoso.com".to_owned(),
                format!("nginxIngress.controller={HOSTILE}"),
            ]
        );
        assert_eq!(
            argv[protected_at + 1..],
            [
                format!("sslCertPemFile={HOSTILE}"),
                "sslKeyPemFile=key file.pem".to_owned(),
                format!("relayServerConnectionString={SECRET}"),
            ]
        );
        assert_eq!(ran[1][..3], ["az", "k8s-extension", "show"]);
    }
}

#[test]
fn a_secret_written_in_the_spec_reaches_no_output() {
    let text = format!(
        "cluster: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/edge-1\nconfig:\n  enableTraining: true\nconfig_protected:\n  relayServerConnectionString: '{}'\n",
        SECRET.replace('\'', "''")
    );
    let checked = request::validate_extension(
        Given::Text(&text),
        None,
        &Workspace::default(),
        None,
        common::now(),
    );
    let spec = checked.spec.clone().unwrap();
    assert!(checked
        .report
        .diagnostics
        .iter()
        .any(|d| d.code == Code::ExtensionSecretInSpec));
    let mut everything = format!("{:?}{}{:?}", checked.report, spec.normalized(), spec);
    for info in extension_targets() {
        for shell in [Shell::Bash, Shell::Pwsh] {
            everything.push_str(&generate_extension(&spec, info.target, shell).text);
        }
    }
    assert!(!everything.contains("s3cr3t"), "the secret leaked");
    assert!(everything.contains("AML_RELAY_SERVER_CONNECTION_STRING"));
}

#[test]
fn pem_files_are_checked_against_the_cname() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("extension-pem-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let key = dir.join("key.pem");
    let cert = dir.join("cert.pem");
    common::openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "30",
        "-subj",
        "/CN=other.contoso.com",
        "-addext",
        "subjectAltName=DNS:other.contoso.com",
        "-keyout",
        key.to_str().unwrap(),
        "-out",
        cert.to_str().unwrap(),
    ]);
    let (cert_text, key_text) = (
        fs::read_to_string(&cert).unwrap(),
        fs::read_to_string(&key).unwrap(),
    );
    fs::remove_dir_all(&dir).unwrap();
    let spec = "cluster: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.ContainerService/managedClusters/aks-prod\nconfig:\n  enableInference: true\n  inferenceRouterServiceType: loadBalancer\n  sslCname: ml.contoso.com\nconfig_protected:\n  sslCertPemFile: cert.pem\n  sslKeyPemFile: key.pem\n";
    let checked = request::validate_extension(
        Given::Text(spec),
        None,
        &Workspace::default(),
        Some(PemFiles {
            cert: &cert_text,
            key: &key_text,
        }),
        common::now(),
    );
    let cname = checked
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::CertCnameMismatch);
    assert!(
        cname
            .is_some_and(|d| d.path == "config_protected.sslCertPemFile"
                && d.message.contains("ml.contoso.com")),
        "{:#?}",
        checked.report
    );
    assert!(!checked.report.ok && checked.spec.is_none());
    let printed = format!("{:?}", checked.report);
    assert!(!printed.contains("PRIVATE KEY") && !printed.contains(&key_text[40..80]));
}

#[test]
fn targets_have_unique_ids_that_read_back() {
    let ids: Vec<&str> = extension_targets().iter().map(|t| t.id).collect();
    for info in extension_targets() {
        assert_eq!(ExtensionTarget::from_id(info.id), Some(info.target));
    }
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
    /// No document panics the extension's reader, and a spec it accepts generates every target.
    #[test]
    fn no_document_panics(doc in "(cluster|config|config_protected|name|version|auto_upgrade|release_train|enableTraining|enableInference|inferenceRouterServiceType|sslCname|sslSecret|nodeSelector|:|\n|  |- |true|false|[a-zA-Z./{}\"']{0,8}| ){0,60}") {
        let checked = validate_extension(&doc, &Context::default(), common::now());
        if let Some(spec) = checked.spec {
            for info in extension_targets() {
                let _ = generate_extension(&spec, info.target, Shell::Pwsh);
            }
        }
    }
}

/// `amlattach extension`: the exit codes of `validate` and `generate` (0 clean, 1 errors, 2
/// unreadable), the same diagnostics as the core, and the list of targets.
#[test]
fn the_cli_answers_as_validate_and_generate_do() {
    let cases = root().join("cases/extension");
    let ok = cases.join("training-ok.yml");
    let bad = cases.join("no-workload.yml");
    let (code, out, _) = common::run_cli(
        &[
            "extension",
            "validate",
            ok.to_str().unwrap(),
            "--output",
            "json",
        ],
        "",
    );
    assert_eq!(code, 0, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["normalized"]["config"]["enableTraining"], "True");
    let (code, out, _) = common::run_cli(&["extension", "validate", bad.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(out.contains("extension-no-workload"), "{out}");
    let (code, _, err) = common::run_cli(&["extension", "validate", "-"], "{ not: [yaml");
    assert_eq!(code, 2, "{err}");
    let (code, out, _) = common::run_cli(
        &[
            "extension",
            "generate",
            ok.to_str().unwrap(),
            "-t",
            "az-create",
            "--shell",
            "pwsh",
        ],
        "",
    );
    assert_eq!(code, 0);
    assert!(out.contains("az k8s-extension create `"), "{out}");
    let (code, _, err) = common::run_cli(
        &[
            "extension",
            "generate",
            bad.to_str().unwrap(),
            "-t",
            "bicep",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert!(err.contains("nothing generated"), "{err}");
    let (code, out, _) = common::run_cli(&["extension", "generate", "--list-targets"], "");
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), extension_targets().len());
    let (code, _, err) = common::run_cli(
        &["extension", "generate", ok.to_str().unwrap(), "-t", "nope"],
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("az-create"), "{err}");
    // `generate --extension`: the runbook installs it; its problems are labelled with its file.
    let compute = root().join("cases/v2/ok-minimal.yml");
    let (code, out, _) = common::run_cli(
        &[
            "generate",
            compute.to_str().unwrap(),
            "-t",
            "prepare",
            "--extension",
            ok.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("as the extension spec says"), "{out}");
    let (code, _, err) = common::run_cli(
        &[
            "generate",
            compute.to_str().unwrap(),
            "-t",
            "prepare",
            "--extension",
            bad.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with(bad.to_str().unwrap()) && l.contains("extension-no-workload")),
        "{err}"
    );
    let (code, _, err) = common::run_cli(
        &[
            "extension",
            "generate",
            ok.to_str().unwrap(),
            "-t",
            "az-create",
            "--extension",
            ok.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 2, "{err}");
}

/// The runbooks that install the extension (prepare, reattach) install the user's extension spec
/// with the same command as the extension's own `az-create`, secrets checked inside the step;
/// a spec for another cluster leaves the training default with a note; a spec with errors stops
/// them, each problem under `extension.`; other targets ignore it.
#[test]
fn the_runbooks_install_the_extension_spec() {
    let arc = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/edge-1";
    let compute =
        format!("name: edge-train\ntype: kubernetes\nresource_id: {arc}\nnamespace: default\n");
    let extension = fs::read_to_string(root().join("cases/extension/arc-relay-ok.yml")).unwrap();
    let secret = [("AML_RELAY_SERVER_CONNECTION_STRING", SECRET)];
    let own = generate_extension(&valid(&extension), ExtensionTarget::AzCreate, Shell::Bash);
    let own_create = run_bash(&own.text, &secret).remove(0);
    assert!(own_create.contains(&"enableInference=True".to_owned()));
    let ask = |target, extension: Option<&str>| {
        request::generate(
            Given::Text(&compute),
            None,
            extension.map(Given::Text),
            &Workspace::default(),
            target,
            Shell::Bash,
            common::now(),
        )
    };
    for target in [
        amlattach::generate::Target::Prepare,
        amlattach::generate::Target::Reattach,
    ] {
        let runbook = ask(target, Some(&extension)).unwrap().text;
        // Comments wrap: read them as one line.
        assert!(
            runbook.replace("\n# ", " ").contains(
                "as the extension spec says: training and inference (router nodePort, HTTP)"
            ),
            "{runbook}"
        );
        assert!(!runbook.contains(SECRET));
        let ran = run_bash(&runbook, &secret);
        let creates: Vec<_> = ran
            .iter()
            .filter(|argv| argv[..3] == ["az", "k8s-extension", "create"])
            .collect();
        assert_eq!(creates, [&own_create], "{target}");
        // Without the secret the step stops before the install, naming the variable.
        let (without, ran) = try_bash(&runbook, &[]);
        assert!(!without.status.success());
        assert!(String::from_utf8_lossy(&without.stderr).contains(
            "set AML_RELAY_SERVER_CONNECTION_STRING to relayServerConnectionString first"
        ));
        assert!(!ran
            .iter()
            .any(|argv| argv[..3] == ["az", "k8s-extension", "create"]));
    }
    // Another cluster's spec: the training default, and a note that says why.
    let other = extension.replace("connectedClusters/edge-1", "connectedClusters/edge-2");
    let runbook = ask(amlattach::generate::Target::Prepare, Some(&other))
        .unwrap()
        .text;
    assert!(runbook
        .replace("\n# ", " ")
        .contains("The extension spec is for the cluster edge-2, not this one"));
    assert!(
        runbook.contains("--config enableTraining=True\n"),
        "{runbook}"
    );
    // A spec with errors stops the runbooks, not the other targets.
    let broken = extension.replace("nodePort", "ingress");
    let Err(error) = ask(amlattach::generate::Target::Prepare, Some(&broken)) else {
        panic!("a broken extension spec generated a runbook");
    };
    let report = error.report().unwrap();
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.path == "extension.config.inferenceRouterServiceType"),
        "{report:#?}"
    );
    assert!(ask(amlattach::generate::Target::AzV2, Some(&broken)).is_ok());
}
