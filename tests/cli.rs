//! The native command-line tool as a user runs it: arguments in, output and exit code out.
#![cfg(not(target_arch = "wasm32"))]
// A failed unwrap is a failed test, which is what these helpers want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use expect_test::{expect, Expect};

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
            "ws",
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
              --workspace-name ws \
              --type Kubernetes \
              --name k8s-prod \
              --resource-id /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.ContainerService/managedClusters/aks-prod \
              --namespace default

            # Check the result: provisioning_state should be Succeeded.
            az ml compute show \
              --resource-group rg \
              --workspace-name ws \
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
        amlattach: unknown target 'nope'; targets: az-v2, yaml-v2, python-v2, az-v1, python-v1, arm-json, arm-az-rest, arm-curl, bicep, terraform, kubectl, detach, reattach
    "#]],
    );
}
