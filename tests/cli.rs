//! The native command-line tool as a user runs it: arguments in, output and exit code out.
#![cfg(not(target_arch = "wasm32"))]
// A failed unwrap is a failed test, which is what these helpers want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write as _;
use std::process::{Command, Stdio};

use expect_test::{expect, Expect};

/// Runs `amlattach ARGS` with `stdin` as standard input and renders it like [`check`].
fn check_stdin(args: &[&str], stdin: &str, expect: Expect) {
    let (code, stdout, stderr) = common::run_cli(args, stdin);
    let code = if code < 0 {
        "signal".to_owned()
    } else {
        code.to_string()
    };
    expect.assert_eq(&format!(
        "exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}"
    ));
}

/// Runs `amlattach ARGS` and renders its exit code, stdout and stderr for a golden comparison.
fn check(args: &[&str], expect: Expect) {
    let output = Command::new(env!("CARGO_BIN_EXE_amlattach"))
        .args(args)
        .output()
        .expect("the amlattach binary runs");
    let actual = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output
            .status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string()),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    expect.assert_eq(&actual);
}

#[test]
fn validate_name_accepts_a_good_name() {
    check(
        &["validate-name", "myaks"],
        expect![[r#"
            exit: 0
            --- stdout
            'myaks' is a valid compute name
            --- stderr
        "#]],
    );
}

#[test]
fn validate_name_rejects_an_underscore() {
    check(
        &["validate-name", "a_b"],
        expect![[r#"
            exit: 1
            --- stdout
            name: error[name-invalid-char]: only ASCII letters, digits and '-' are allowed; found '_' at position 2
            1 error
            --- stderr
        "#]],
    );
}

#[test]
fn validate_name_reports_every_problem_and_warnings() {
    check(
        &["validate-name", "1-"],
        expect![[r#"
            exit: 1
            --- stdout
            name: error[name-first-char]: must start with a letter, not '1'
            name: error[name-last-char]: must end with a letter or digit, not '-'
            name: error[name-too-short]: must have at least 3 characters, has 2
            3 errors
            --- stderr
        "#]],
    );
    check(
        &["validate-name", "aks-westeurope-prod"],
        expect![[r#"
            exit: 0
            --- stdout
            name: warning[name-long]: has 19 characters: accepted today, but older Azure Machine Learning releases allowed at most 16
            'aks-westeurope-prod' is a valid compute name, 1 warning
            --- stderr
        "#]],
    );
}

#[test]
fn a_name_starting_with_a_hyphen_is_checked_not_taken_for_a_flag() {
    check(
        &["validate-name", "-aks"],
        expect![[r#"
            exit: 1
            --- stdout
            name: error[name-first-char]: must start with a letter, not '-'
            1 error
            --- stderr
        "#]],
    );
}

#[test]
fn validate_name_prints_json_for_scripts() {
    check(
        &["validate-name", "--output", "json", "1abc"],
        expect![[r#"
            exit: 1
            --- stdout
            {
              "ok": false,
              "diagnostics": [
                {
                  "code": "name-first-char",
                  "severity": "error",
                  "path": "name",
                  "message": "must start with a letter, not '1'",
                  "source": "learn.microsoft.com/azure/machine-learning/v1/how-to-create-attach-kubernetes"
                }
              ]
            }
            --- stderr
        "#]],
    );
}

#[test]
fn a_missing_name_is_a_usage_error() {
    check(
        &["validate-name"],
        expect![[r#"
            exit: 2
            --- stdout
            --- stderr
            error: the following required arguments were not provided:
              <NAME>

            Usage: amlattach validate-name <NAME>

            For more information, try '--help'.
        "#]],
    );
}

#[test]
fn generate_prints_the_command_for_a_valid_spec() {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/v2/ok-minimal.yml");
    check(
        &[
            "generate",
            "--target",
            "az-v2",
            "--workspace-name",
            "ws-ml",
            "--resource-group",
            "rg",
            spec,
        ],
        expect![[r#"
            exit: 0
            --- stdout
            #!/usr/bin/env bash
            set -euo pipefail

            # Attach the cluster as a Kubernetes compute (v2).
            az ml compute attach \
              --resource-group rg \
              --workspace-name ws-ml \
              --type Kubernetes \
              --name k8s-prod \
              --resource-id /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.ContainerService/managedClusters/aks-prod \
              --namespace default

            # Check the result: provisioning_state should be Succeeded.
            az ml compute show \
              --resource-group rg \
              --workspace-name ws-ml \
              --name k8s-prod \
              --query '{name: name, state: provisioning_state, type: type}'
            --- stderr
        "#]],
    );
}

#[test]
fn generate_refuses_a_spec_with_errors() {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/v2/name-null.yml");
    let output = Command::new(env!("CARGO_BIN_EXE_amlattach"))
        .args(["generate", "--target", "az-v2", spec])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("name: error[wrong-type]"));
}

#[test]
fn generate_names_unknown_targets() {
    check(
        &["generate", "--target", "nope", "-"],
        expect![[r#"
            exit: 2
            --- stdout
            --- stderr
            amlattach: unknown target `nope`; targets: prepare, az-v2, yaml-v2, python-v2, az-v1, python-v1, arm-json, arm-az-rest, arm-curl, bicep, terraform, kubectl, grant, detach, reattach
        "#]],
    );
}

#[test]
fn secret_writes_both_files_byte_for_byte_and_the_key_0600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::secret_fixtures("cli");
    let case = dir.join("rsa2048-pkcs1");
    let out = dir.join("out-rsa2048-pkcs1");
    // A key file that exists with a wide mode is narrowed, not kept.
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("key.pem"), "old").unwrap();
    std::fs::set_permissions(out.join("key.pem"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_amlattach"))
        .args([
            "secret",
            case.join("secret-crlf.yaml").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--cname",
            "www.contoso.com",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    for (name, mode) in [("cert.pem", None), ("key.pem", Some(0o600))] {
        let written = std::fs::read(out.join(name)).unwrap();
        assert_eq!(written, std::fs::read(case.join(name)).unwrap(), "{name}");
        if let Some(mode) = mode {
            let actual = std::fs::metadata(out.join(name))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(actual, mode, "{name}");
        }
    }
    assert!(
        stdout.contains("key: RSA 2048 (PKCS#1), matches the leaf certificate"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("wrote {}", out.join("key.pem").display())),
        "{stdout}"
    );
    // Nothing of the key reaches the terminal, in text or JSON.
    let key = std::fs::read_to_string(case.join("key.pem")).unwrap();
    let body_line = key.lines().nth(1).unwrap();
    assert!(!stdout.contains(body_line));
    let json = Command::new(env!("CARGO_BIN_EXE_amlattach"))
        .args([
            "secret",
            "--output",
            "json",
            case.join("secret.json").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["keyMatchesCertificate"], true);
    assert_eq!(json["key"]["type"], "rsa");
    assert_eq!(json["certificates"].as_array().unwrap().len(), 2);
    assert!(json.get("keyPem").is_none() && !json.to_string().contains(body_line));
}

/// A `kubernetes.io/tls` secret as `kubectl create secret tls` makes it (tls.crt, tls.key):
/// `--out` still writes cert.pem and key.pem, and says where each came from.
#[test]
fn secret_writes_cert_and_key_pem_from_a_tls_secret() {
    let dir = common::secret_fixtures("cli");
    let case = dir.join("p256-sec1");
    let out = dir.join("out-tls");
    let (code, stdout, _) = common::run_cli(
        &[
            "secret",
            case.join("tls.yaml").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{stdout}");
    for (name, entry) in [("cert.pem", "tls.crt"), ("key.pem", "tls.key")] {
        let written = std::fs::read(out.join(name)).unwrap();
        assert_eq!(written, std::fs::read(case.join(name)).unwrap(), "{name}");
        let line = format!(
            "wrote {} (from the secret's {entry})",
            out.join(name).display()
        );
        assert!(stdout.contains(&line), "{stdout}");
    }
    assert!(stdout.contains("warning[secret-tls-keys]"), "{stdout}");
    let key = std::fs::read_to_string(case.join("key.pem")).unwrap();
    let body_line = key.lines().nth(1).unwrap();
    assert!(!stdout.contains(body_line));
    let (code, json, _) = common::run_cli(
        &[
            "secret",
            "--output",
            "json",
            case.join("tls.json").to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["entries"], "tls");
    assert_eq!(json["keyMatchesCertificate"], true);
    assert_eq!(json["keyCertificate"], 0);
    assert_eq!(json["diagnostics"][0]["code"], "secret-tls-keys");
    assert!(!json.to_string().contains(body_line));
}

/// A chain pasted leaf-last: the leaf is named and the order given.
#[test]
fn secret_names_the_leaf_of_a_leaf_last_chain() {
    let dir = common::secret_fixtures("cli");
    let (code, stdout, _) = common::run_cli(
        &[
            "secret",
            dir.join("leaf-last-3/secret.yaml").to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 1);
    assert!(
        stdout.contains("certificate 3 (leaf): CN=www.contoso.com"),
        "{stdout}"
    );
    assert!(
        stdout.contains("matches certificate 3, which must come first"),
        "{stdout}"
    );
    assert!(stdout.contains("error[cert-leaf-not-first]"), "{stdout}");
    assert!(stdout.contains("order them 3, 2, 1"), "{stdout}");
}

#[test]
fn secret_reports_a_mismatched_pair_with_exit_1() {
    let dir = common::secret_fixtures("cli");
    let output = Command::new(env!("CARGO_BIN_EXE_amlattach"))
        .args([
            "secret",
            dir.join("mismatched/secret.yaml").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout.contains("key.pem: error[key-mismatch]"), "{stdout}");
}

#[test]
fn secret_explains_input_it_cannot_read() {
    check_stdin(
        &["secret"],
        "apiVersion: v1\nkind: Secret\ndata:\n  cert.pem: LS0t!LS1\n",
        expect![[r#"
            exit: 1
            --- stdout
            <stdin>:4: cert.pem: error[secret-base64-invalid]: `cert.pem` is not valid base64: unexpected character at offset 4
            <stdin>: key.pem: error[secret-not-found]: the secret has no `key.pem`: Azure ML needs both `cert.pem` and `key.pem`
            2 errors
            --- stderr
        "#]],
    );
    check_stdin(
        &["secret", "--output", "json"],
        "kind: ConfigMap\n",
        expect![[r#"
            exit: 1
            --- stdout
            {
              "ok": false,
              "entries": null,
              "certificates": [],
              "key": null,
              "keyMatchesCertificate": null,
              "keyCertificate": null,
              "chainInOrder": true,
              "diagnostics": [
                {
                  "code": "secret-not-found",
                  "severity": "error",
                  "path": "",
                  "message": "no `cert.pem` or `key.pem` (nor `tls.crt` or `tls.key`) found: paste the output of `kubectl get secret azuremlfessl -o yaml` (or -o json), its `data:` map, one base64 value, or the PEM text",
                  "source": "learn.microsoft.com/azure/machine-learning/v1/how-to-create-attach-kubernetes#update-azure-machine-learning-components-in-aks"
                }
              ],
              "written": []
            }
            --- stderr
        "#]],
    );
}

/// What `secret --out` leaves in a directory: its entries' names, sorted.
fn entries_of(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Issue 18 (item 1): `secret --out DIR` wrote through links: a `key.pem` or `cert.pem` that was
/// a symbolic or a hard link had its target overwritten with the key (and set to 0600), and
/// when `key.pem` was a directory, `cert.pem` had already been written. Now each such target is
/// refused by name, with what to do, before anything is written; the victim is untouched.
#[test]
fn secret_out_refuses_links_and_directories_and_writes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;
    let dir = common::secret_fixtures("cli");
    let secret = dir.join("rsa2048-pkcs8/secret.yaml");
    type Setup = fn(&Path, &Path);
    let cases: [(&str, Setup, &str, &str); 4] = [
        (
            "symlink-key",
            |out, victim| std::os::unix::fs::symlink(victim, out.join("key.pem")).unwrap(),
            "key.pem",
            "it is a symbolic link",
        ),
        (
            "symlink-cert",
            |out, victim| std::os::unix::fs::symlink(victim, out.join("cert.pem")).unwrap(),
            "cert.pem",
            "it is a symbolic link",
        ),
        (
            "hardlink-key",
            |out, victim| std::fs::hard_link(victim, out.join("key.pem")).unwrap(),
            "key.pem",
            "it has other names (hard links)",
        ),
        (
            "directory-key",
            |out, _| std::fs::create_dir(out.join("key.pem")).unwrap(),
            "key.pem",
            "it is not a regular file",
        ),
    ];
    for (name, setup, target, reason) in cases {
        let out = dir.join(format!("out-{name}"));
        let victim = dir.join(format!("victim-{name}"));
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(&victim, "victim\n").unwrap();
        std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
        setup(&out, &victim);
        let before = entries_of(&out);
        let (code, stdout, stderr) = common::run_cli(
            &[
                "secret",
                secret.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
            "",
        );
        assert_eq!(code, 2, "{name}: {stdout}{stderr}");
        let expected = format!(
            "amlattach: refusing to write {}: {reason}",
            out.join(target).display()
        );
        assert!(stderr.starts_with(&expected), "{name}: {stderr}");
        assert!(
            stderr.contains("or choose another --out directory (nothing was written)"),
            "{name}: {stderr}"
        );
        // The victim keeps its content and mode; nothing else appeared, not even the other file.
        assert_eq!(
            std::fs::read_to_string(&victim).unwrap(),
            "victim\n",
            "{name}"
        );
        let mode = std::fs::metadata(&victim).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{name}");
        assert_eq!(entries_of(&out), before, "{name}");
    }
}

/// `--out` over files the user wrote before: each is replaced by a new file (the key 0600 from
/// its creation), nothing is left beside them, and a file another user owns is refused (tested
/// when the tests run as root, who can make one; the owner rule itself is unit-tested in
/// src/bin/amlattach/files.rs).
#[test]
fn secret_out_replaces_own_files_and_refuses_another_users() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = common::secret_fixtures("cli");
    let case = dir.join("p256-pkcs8");
    let out = dir.join("out-replace");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    for name in ["cert.pem", "key.pem"] {
        std::fs::write(out.join(name), "old\n").unwrap();
        std::fs::set_permissions(out.join(name), std::fs::Permissions::from_mode(0o666)).unwrap();
    }
    let secret = case.join("secret.yaml");
    let args = [
        "secret",
        secret.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let (code, stdout, stderr) = common::run_cli(&args, "");
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(entries_of(&out), ["cert.pem", "key.pem"]);
    for name in ["cert.pem", "key.pem"] {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(case.join(name)).unwrap(),
            "{name}"
        );
    }
    let mode = |name: &str| {
        std::fs::metadata(out.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("key.pem"), 0o600);
    assert_eq!(
        mode("cert.pem") & 0o022,
        0,
        "cert.pem is writable by others"
    );
    // Another user's key.pem: refused, and left as it was.
    std::fs::write(out.join("key.pem"), "theirs\n").unwrap();
    if std::os::unix::fs::chown(out.join("key.pem"), Some(65534), Some(65534)).is_ok() {
        let (code, _, stderr) = common::run_cli(&args, "");
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("key.pem: it belongs to another user"),
            "{stderr}"
        );
        let metadata = std::fs::metadata(out.join("key.pem")).unwrap();
        assert_eq!(metadata.uid(), 65534);
        assert_eq!(
            std::fs::read_to_string(out.join("key.pem")).unwrap(),
            "theirs\n"
        );
        assert_eq!(entries_of(&out), ["cert.pem", "key.pem"]);
    } else {
        eprintln!("not root: another user's key.pem is checked by the unit test only");
    }
}

/// Issue 18 (item 2): a `cert.pem` holding the certificate and the private key together (a
/// combined PEM) was reported as an error, but written to `cert.pem`, mode 0644, key included.
/// Now `cert.pem` gets the certificates only; the key goes to `key.pem`, and when the secret
/// has no `key.pem`, the key found in `cert.pem` is the one written there.
#[test]
fn secret_out_never_writes_a_private_key_into_cert_pem() {
    let dir = common::secret_fixtures("cli");
    for (case, key_from) in [("combined", "key.pem"), ("combined-no-key", "cert.pem")] {
        let source = dir.join(case);
        let out = dir.join(format!("out-{case}"));
        let _ = std::fs::remove_dir_all(&out);
        let (code, stdout, stderr) = common::run_cli(
            &[
                "secret",
                source.join("secret.yaml").to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
            "",
        );
        assert_eq!(code, 1, "{case}: {stdout}{stderr}");
        let cert = std::fs::read_to_string(out.join("cert.pem")).unwrap();
        let chain = std::fs::read_to_string(source.join("chain-1.pem")).unwrap()
            + &std::fs::read_to_string(source.join("chain-2.pem")).unwrap();
        assert_eq!(cert, chain, "{case}");
        assert!(!cert.contains("PRIVATE KEY"), "{case}");
        assert_eq!(
            std::fs::read(out.join("key.pem")).unwrap(),
            std::fs::read(source.join("key.pem")).unwrap(),
            "{case}"
        );
        assert!(
            stdout.contains("cert.pem: error[ssl-pem-invalid]: holds a `PRIVATE KEY` block"),
            "{case}: {stdout}"
        );
        let wrote = out.join("key.pem").display().to_string();
        if key_from == "key.pem" {
            assert!(
                stdout.contains(&format!("wrote {wrote}\n")),
                "{case}: {stdout}"
            );
        } else {
            assert!(
                stdout.contains(&format!("wrote {wrote} (from the secret's cert.pem)")),
                "{case}: {stdout}"
            );
        }
    }
}

const SEED_TABLE: &str = "KubernetesVersion    Upgrades
-------------------  ----------------------------------------
1.18.6(preview)      None available
1.17.9               1.18.6(preview)
1.16.13              1.17.9
1.15.12              1.16.13
";

#[test]
fn versions_lists_and_checks_a_version() {
    check_stdin(
        &["versions", "--check", "1.16"],
        SEED_TABLE,
        expect![[r#"
            exit: 0
            --- stdout
            VERSION      PREVIEW  DEFAULT  SUPPORT PLAN                       UPGRADES
            1.18.6       yes                                                  none
            1.17.9                                                            1.18.6(preview)
            1.16.13                                                           1.17.9
            1.15.12                                                           1.16.13
            supported GA minors (N-2): 1.17, 1.16, 1.15
            check 1.16.13: can be attached
              upgrades to: 1.17.9 (blobfuse → Blob CSI)
            <stdin>: upgrades: warning[blobfuse-crossing]: upgrading 1.16.13 to 1.17 or later replaces the blobfuse FlexVolume driver with the Blob CSI driver: redeploy or update v1 web services afterwards
            <stdin>: no errors, 1 warning
            --- stderr
        "#]],
    );
    check_stdin(
        &["versions", "-", "--check", "1.14.2"],
        SEED_TABLE,
        expect![[r#"
            exit: 1
            --- stdout
            VERSION      PREVIEW  DEFAULT  SUPPORT PLAN                       UPGRADES
            1.18.6       yes                                                  none
            1.17.9                                                            1.18.6(preview)
            1.16.13                                                           1.17.9
            1.15.12                                                           1.16.13
            supported GA minors (N-2): 1.17, 1.16, 1.15
            check 1.14.2: cannot be attached
            <stdin>: version: error[kubernetes-version-not-listed]: 1.14.2 is not in this list (supported minors: 1.17, 1.16, 1.15): attach accepts only the versions AKS offers in the region
            1 error
            --- stderr
        "#]],
    );
}

#[test]
fn versions_reads_the_official_rest_example_as_json() {
    let example: serde_json::Value = serde_json::from_str(&common::rest_example(
        "containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2025-10-01/examples/KubernetesVersions_List.json",
    ))
    .unwrap();
    let body = example["responses"]["200"]["body"].to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_amlattach"))
        .args(["versions", "--output", "json", "--check", "1.24"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["list"]["defaultVersion"], "1.24.9");
    assert_eq!(
        json["list"]["supportedMinors"],
        serde_json::json!(["1.25", "1.24", "1.23"])
    );
    assert_eq!(json["check"]["version"], "1.24.9");
    assert_eq!(json["check"]["supported"], true);
}

/// Issue 18 (9): a reader that closes the pipe early (`amlattach … | head`) does not crash the
/// command (it panicked with exit 101, "failed printing to stdout: Broken pipe"); the command
/// still exits with its own verdict.
#[test]
fn a_closed_stdout_is_not_a_crash() {
    use std::process::{Command, Stdio};
    for args in [
        &["facts"][..],
        &["facts", "--output", "json"],
        &["validate-name", "gpu-compute"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_amlattach"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // A failing verdict survives the closed pipe too.
    let mut child = Command::new(env!("CARGO_BIN_EXE_amlattach"))
        .args(["validate-name", "-bad-"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
}

/// Writes an endless stream (up to 64 times `cap`) to `amlattach ARGS` and returns its exit
/// code, standard output and error, and how many bytes it took before closing the stream.
fn endless_stdin(args: &[&str], cap: usize) -> (Option<i32>, Vec<u8>, String, usize) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_amlattach"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = "x\n".repeat(32 * 1024);
        let mut written = 0usize;
        while written < 64 * cap {
            match stdin.write_all(chunk.as_bytes()) {
                Ok(()) => written += chunk.len(),
                Err(_) => break,
            }
        }
        written
    });
    let output = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), output.stdout, stderr, written)
}

/// Issue 18 (item 8): `explain` reads at most its cap (plus a few bytes, so the cut is seen)
/// from a stream that never ends, instead of reading it all before cutting (`yes x | amlattach
/// explain` never returned), and the note that only the first bytes were read is then true.
#[test]
fn explain_stops_reading_an_endless_stream_at_its_cap() {
    let cap = amlattach::explain::MAX_INPUT_BYTES;
    let (code, stdout, _, written) = endless_stdin(&["explain", "--output", "json"], cap);
    // 1: nothing known matched this text.
    assert_eq!(code, Some(1));
    // What the pipe holds and one chunk may be written beyond what the command read.
    assert!(
        written < 3 * cap,
        "{written} bytes were taken from the stream"
    );
    let json: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(json["input"]["truncated"], true);
    assert!(json["notes"][0]
        .as_str()
        .unwrap()
        .contains(&format!("only the first {cap} bytes")));
}

/// Issue 18 ("caps on every input kind, enforced while reading"): every other command refuses
/// an input past its core's cap without reading the rest, and says the cap.
#[test]
fn every_command_refuses_an_endless_stream_at_its_cap() {
    let cases: [(&[&str], usize); 4] = [
        (&["validate"], amlattach::document::MAX_TEXT_BYTES),
        (
            &["generate", "--target", "az-v2"],
            amlattach::document::MAX_TEXT_BYTES,
        ),
        (&["secret"], amlattach::secret::MAX_INPUT_BYTES),
        (&["versions"], amlattach::versions::MAX_INPUT_BYTES),
    ];
    for (args, cap) in cases {
        let (code, _, stderr, written) = endless_stdin(args, cap);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(written < 3 * cap, "{args:?}: {written} bytes were taken");
        assert!(
            stderr.contains(&format!("larger than {cap} bytes")),
            "{args:?}: {stderr}"
        );
    }
}

/// Issue 18 (item 10): the workspace named by flags gets the checks a context's `workspace`
/// gets (the page's and the npm package's path): `-w ws` was accepted by the CLI while the wasm
/// edge rejected it.
#[test]
fn workspace_flags_are_checked_as_a_context_is() {
    let spec = "type: kubernetes\nname: gpu-compute\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks\n";
    let code_of = |args: &[&str]| {
        let (code, stdout, stderr) = common::run_cli(args, spec);
        (
            code,
            (stdout + &stderr).contains("error[workspace-name-invalid]"),
        )
    };
    assert_eq!(code_of(&["validate", "-", "-w", "ws"]), (1, true));
    assert_eq!(code_of(&["validate", "-", "-w", "ws-ml"]), (0, false));
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("workspace-flags");
    std::fs::create_dir_all(&dir).unwrap();
    let context = dir.join("context.yml");
    std::fs::write(&context, "workspace:\n  name: ws\n").unwrap();
    let context = context.to_str().unwrap();
    assert_eq!(code_of(&["validate", "-", "--context", context]), (1, true));
    // Without a spec (explain's context), a bad workspace stops the command.
    let (code, _, stderr) = common::run_cli(&["explain", "-w", "ws", "-g", "rg"], "");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("workspace-name-invalid"), "{stderr}");
}

// ---- validate: a file or standard input, a context, the workspace flags, JSON, exit codes.
// Paths are relative to the crate's root, where cargo runs the tests, so outputs name them as
// given.

/// `amlattach validate --now NOW ARGS` with `stdin`: exit code, stdout, stderr.
fn validate_cli(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut all = vec!["validate", "--now", common::NOW_TEXT];
    all.extend_from_slice(args);
    common::run_cli(&all, stdin)
}

/// The codes of a text report's diagnostics, in order (`error[code]` or `warning[code]`).
fn codes_of(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let start = line.find("error[").or_else(|| line.find("warning["))?;
            let rest = &line[start..];
            Some(rest[rest.find('[')? + 1..rest.find(']')?].to_owned())
        })
        .collect()
}

#[test]
fn validate_a_file_exits_0_without_errors_and_1_with_every_error_by_line() {
    check(
        &[
            "validate",
            "--now",
            common::NOW_TEXT,
            "tests/cases/v2/ok-minimal.yml",
        ],
        expect![[r#"
            exit: 0
            --- stdout
            tests/cases/v2/ok-minimal.yml: no errors
            --- stderr
        "#]],
    );
    check(
        &[
            "validate",
            "--now",
            common::NOW_TEXT,
            "tests/cases/v2/name-null.yml",
        ],
        expect![[r#"
            exit: 1
            --- stdout
            tests/cases/v2/name-null.yml:2: name: error[wrong-type]: is empty (null): give a value or remove the key
            tests/cases/v2/name-null.yml:5: namespace: warning[namespace-not-created]: attach neither creates nor checks the namespace, and jobs in a missing one stay queued: create it first with `kubectl create namespace team-a`, or without kubectl access as an AKS managed namespace through ARM (`az aks namespace add`, the arm-az-rest target, or the page's live section)
            1 error, 1 warning
            --- stderr
        "#]],
    );
}

#[test]
fn validate_reads_standard_input_with_a_dash_or_no_file() {
    let path = "tests/cases/v2/name-null.yml";
    let text = std::fs::read_to_string(path).unwrap();
    let (code, from_file, _) = validate_cli(&[path], "");
    assert_eq!(code, 1);
    for args in [&["-"][..], &[][..]] {
        let (code, stdout, stderr) = validate_cli(args, &text);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert_eq!(stdout, from_file.replace(path, "<stdin>"), "{args:?}");
        assert_eq!(stderr, "", "{args:?}");
    }
    let ok = std::fs::read_to_string("tests/cases/v2/ok-minimal.yml").unwrap();
    assert_eq!(
        validate_cli(&["-"], &ok),
        (0, "<stdin>: no errors\n".to_owned(), String::new())
    );
}

#[test]
fn validate_with_a_context_file_runs_its_checks() {
    let spec = "tests/cases/context/v2-name-clash.yml";
    let context = "tests/cases/context/v2-name-clash.context.yml";
    let (code, stdout, _) = validate_cli(&[spec], "");
    assert_eq!(
        (code, codes_of(&stdout)),
        (0, vec!["namespace-not-created".to_owned()])
    );
    // The context's existing computes: the name is taken.
    let (code, stdout, stderr) = validate_cli(&["--context", context, spec], "");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(codes_of(&stdout), ["name-clash", "namespace-not-created"]);
    assert!(
        stdout.starts_with(&format!(
            "{spec}:3: name: error[name-clash]: a compute named `K8S-Compute` already exists"
        )),
        "{stdout}"
    );
    // The same with the spec on standard input.
    let text = std::fs::read_to_string(spec).unwrap();
    let (code, from_stdin, _) = validate_cli(&["--context", context, "-"], &text);
    assert_eq!((code, from_stdin), (1, stdout.replace(spec, "<stdin>")));
    // A context's own mistakes are reported under `context.`, and count.
    let (code, stdout, _) = validate_cli(
        &[
            "--context",
            "tests/cases/context/v2-context-wrong-types.context.yml",
            "tests/cases/context/v2-context-wrong-types.yml",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert!(stdout.contains(": context."), "{stdout}");
}

#[test]
fn validate_workspace_flags_run_the_workspace_checks_and_win_over_the_context() {
    let spec = "tests/cases/context/v2-cross-subscription.yml";
    let context = "tests/cases/context/v2-cross-subscription.context.yml";
    let other = "11111111-1111-1111-1111-111111111111";
    let same = "00000000-0000-0000-0000-000000000000";
    let run = |args: &[&str]| {
        let (code, stdout, stderr) = validate_cli(args, "");
        assert_eq!(stderr, "", "{args:?}");
        (code, codes_of(&stdout))
    };
    let quiet = (0, vec!["namespace-not-created".to_owned()]);
    let crossed = (
        0,
        vec![
            "cross-subscription".to_owned(),
            "namespace-not-created".to_owned(),
        ],
    );
    assert_eq!(run(&[spec]), quiet);
    // The cluster is in subscription 0000…: a workspace in another one is a warning.
    assert_eq!(run(&["--subscription", other, spec]), crossed);
    assert_eq!(run(&["--context", context, spec]), crossed);
    assert_eq!(
        run(&["-w", "ws-ml", "-g", "rg-ml", "--subscription", same, spec]),
        quiet
    );
    // The flags name the workspace over the context's.
    assert_eq!(
        run(&["--context", context, "--subscription", same, spec]),
        quiet
    );
    // The workspace's region against a v1 create's.
    let create = "tests/cases/v1/create-location-differs.yml";
    assert_eq!(
        run(&["--workspace-location", "eastus", create]),
        (0, vec!["v1-end-of-support".to_owned()])
    );
    assert_eq!(
        run(&["--workspace-location", "westeurope", create]),
        (
            0,
            vec![
                "v1-end-of-support".to_owned(),
                "location-differs".to_owned()
            ]
        )
    );
    // Flags get the checks a context's workspace gets, under the same paths.
    let (code, stdout, _) = validate_cli(
        &[
            "--subscription",
            "not-a-guid",
            "-g",
            "bad/rg",
            "-w",
            "ws",
            "tests/cases/v2/ok-minimal.yml",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert_eq!(
        codes_of(&stdout),
        [
            "subscription-id-invalid",
            "resource-group-invalid",
            "workspace-name-invalid"
        ]
    );
    assert!(stdout.contains(": context.workspace.subscription_id: error[subscription-id-invalid]: `not-a-guid` is not a subscription id"), "{stdout}");
}

#[test]
fn validate_prints_the_report_as_json() {
    let json = |args: &[&str], stdin: &str| {
        let (code, stdout, stderr) = validate_cli(args, stdin);
        let value: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {stdout}{stderr}"));
        (code, value)
    };
    let (code, report) = json(
        &[
            "--output",
            "json",
            "--context",
            "tests/cases/context/v2-name-clash.context.yml",
            "tests/cases/context/v2-name-clash.yml",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert_eq!(report["ok"], false);
    assert_eq!(report["normalized"], serde_json::Value::Null);
    let first = &report["diagnostics"][0];
    assert_eq!(
        (
            &first["code"],
            &first["severity"],
            &first["path"],
            &first["line"]
        ),
        (
            &serde_json::json!("name-clash"),
            &serde_json::json!("error"),
            &serde_json::json!("name"),
            &serde_json::json!(3)
        )
    );
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 2);
    // Accepted: the spec in its canonical shape, defaults filled in.
    let text = std::fs::read_to_string("tests/cases/v2/ok-minimal.yml").unwrap();
    let (code, report) = json(&["--output", "json", "-"], &text);
    assert_eq!(code, 0);
    assert_eq!(report["ok"], true);
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    assert_eq!(report["normalized"]["name"], "k8s-prod");
    assert_eq!(report["normalized"]["namespace"], "default");
    // Text that is not YAML: the parse error as a diagnostic, exit 2.
    let (code, report) = json(&["--output", "json"], "a: [\n");
    assert_eq!(code, 2);
    assert_eq!(report["diagnostics"][0]["code"], "parse-error");
}

/// Exit 2 when the spec or the context cannot be read: a missing file, a folder, bytes that are
/// not UTF-8, text that is not YAML or JSON, a document that is not a mapping. Nothing is judged.
#[test]
fn validate_exits_2_when_the_spec_or_the_context_cannot_be_read() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("validate-unreadable");
    std::fs::create_dir_all(&dir).unwrap();
    let not_utf8 = dir.join("latin1.yml");
    std::fs::write(&not_utf8, b"name: caf\xe9\n").unwrap();
    let not_yaml = dir.join("broken.yml");
    std::fs::write(&not_yaml, "a: [\n").unwrap();
    let (not_utf8, not_yaml) = (not_utf8.to_str().unwrap(), not_yaml.to_str().unwrap());
    let spec = "tests/cases/v2/ok-minimal.yml";
    let missing = "tests/cases/v2/no-such-file.yml";

    // Unreadable spec files: the reason on stderr, nothing on stdout.
    for (args, says) in [
        (
            vec![missing],
            "cannot read tests/cases/v2/no-such-file.yml: ",
        ),
        (vec!["tests/cases"], "cannot read tests/cases: "),
        (vec![not_utf8], "not UTF-8 text"),
    ] {
        let (code, stdout, stderr) = validate_cli(&args, "");
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert_eq!(stdout, "", "{args:?}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    let (code, _, stderr) = validate_cli(&["-"], "name: caf\u{e9}\n");
    assert_eq!(
        code, 1,
        "the same text in UTF-8 is read and judged: {stderr}"
    );
    // Text that is not a spec document: reported as a diagnostic, still exit 2.
    for (text, says) in [
        ("a: [\n", "error[parse-error]"),
        ("- a\n- b\n", "error[not-a-mapping]"),
    ] {
        let (code, stdout, stderr) = validate_cli(&["-"], text);
        assert_eq!(code, 2, "{text:?}: {stdout}{stderr}");
        assert!(stdout.contains(says), "{text:?}: {stdout}");
    }
    let (code, stdout, _) = validate_cli(&[not_yaml], "");
    assert_eq!(code, 2);
    assert!(stdout.contains("error[parse-error]"), "{stdout}");

    // Unreadable contexts: the context's path and the reason on stderr, the spec not judged.
    for (context, says) in [
        (missing, "cannot read tests/cases/v2/no-such-file.yml: "),
        ("tests/cases", "cannot read tests/cases: "),
        (not_utf8, "not UTF-8 text"),
        (not_yaml, "not valid YAML or JSON"),
    ] {
        let (code, stdout, stderr) = validate_cli(&["--context", context, spec], "");
        assert_eq!(code, 2, "{context}: {stdout}{stderr}");
        assert_eq!(stdout, "", "{context}");
        assert!(
            stderr.contains(context) && stderr.contains(says),
            "{context}: {stderr}"
        );
    }
}
