//! The fuzz targets' bodies, shared by the cargo-fuzz binaries in `fuzz/fuzz_targets/` and by
//! the corpus replay in `tests/fuzz_corpora.rs` (both include this file with `#[path]`), so the
//! replay runs exactly what the fuzzer ran. Each body takes raw bytes, calls the same public
//! crate functions the CLI and the wasm edge call, and checks the few invariants that hold for
//! every input; a panic or a failed `assert!` is a finding.
#![allow(dead_code)]

use std::sync::OnceLock;

use amlattach::arm::{self, ArmError, Response, RetryPolicy};
use amlattach::dated::{Day, Now};
use amlattach::document::{self, Node};
use amlattach::explain::{explain_with, render_text, Options as ExplainOptions};
use amlattach::generate::{generate, targets, Options, Shell};
use amlattach::portal::context_from_url;
use amlattach::request::{self, Given};
use amlattach::resource_id::{parse_cluster_id, parse_identity_id};
use amlattach::secret::{decode_secret, SecretOptions};
use amlattach::spec::{AttachSpec, Context, Workspace};
use amlattach::support::Plan;
use amlattach::validate::{parse_context, validate, validate_node};
use amlattach::versions::{check_version, parse_version, parse_versions};
use amlattach::x509::{read_certificate, read_private_key, KeyFormat};

/// A target's body: any bytes in; a panic is a finding.
pub type Body = fn(&[u8]);

/// Every target: its name (the cargo-fuzz binary and the `fuzz/corpus/<name>/` folder) and body.
pub const TARGETS: &[(&str, Body)] = &[
    ("attach_spec", attach_spec),
    ("secret", secret),
    ("versions", versions),
    ("resource_id", resource_id),
    ("arm_responses", arm_responses),
    ("portal_url", portal_url),
    ("explain", explain),
    ("context", context),
];

/// The attach spec, as the CLI's `validate` reads a file (text → `validate` with an empty and with
/// a full context, the context read as the CLI reads `--context`) and as the wasm `validate` reads
/// a JS object (JSON → `request::validate`). Every valid spec is
/// normalized and generated for every target and shell: generators cannot fail.
pub fn attach_spec(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let now = clock(data);
    checked(validate(text, &Context::default(), now), now);
    checked(validate(text, full_context(), now), now);
    let none = Workspace::default();
    // The input as its own context too: the context reader sees every shape the spec reader
    // does.
    answered(
        request::validate(Given::Text(text), Some(Given::Text(text)), &none, now),
        now,
    );
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
        answered(request::validate(Given::Json(&json), None, &none, now), now);
        if let Ok(node) = document::from_json(&json) {
            checked(validate_node(&node, full_context(), now), now);
        }
    }
}

/// The `azuremlfessl` decoder on text (kubectl YAML/JSON, a `data:` map, base64, PEM), and the
/// DER readers on the raw bytes (certificates and the three key formats). The private key's PEM
/// never appears in a diagnostic, and the certificates given back are certificate blocks only.
pub fn secret(data: &[u8]) {
    let _ = read_certificate(data);
    for format in [KeyFormat::Pkcs8, KeyFormat::Pkcs1, KeyFormat::Sec1] {
        let _ = read_private_key(format, data);
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for cname in [None, Some("www.contoso.com".to_owned())] {
        let decoded = decode_secret(
            text,
            &SecretOptions {
                cname,
                now_unix: 1_795_000_000,
            },
        );
        let _ = decoded.ok();
        // The certificates given back are certificate blocks only: never a key, in any block
        // or header line.
        if let Some(cert) = &decoded.cert_pem {
            assert!(
                cert.lines()
                    .all(|line| line == "-----BEGIN CERTIFICATE-----"
                        || line == "-----END CERTIFICATE-----"
                        || line
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))),
                "the certificates given back hold more than certificates"
            );
        }
        if let Some(key) = &decoded.key_pem {
            let key = key.expose().trim();
            // Only a key long enough to be a key (a one-line "PEM" is also the input's own text).
            if key.len() >= 64 {
                for diagnostic in &decoded.diagnostics {
                    assert!(
                        !diagnostic.message.contains(key),
                        "a diagnostic echoes the private key: {}",
                        diagnostic.code
                    );
                }
            }
        }
        let _ = serde_json::to_string(&decoded.certificates);
    }
}

/// `az aks get-versions` output (tables, JSON, YAML, REST answers) and single versions; each
/// listed version, the input itself and its first line are checked against the list.
pub fn versions(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_version(text);
    let parsed = parse_versions(text);
    let now = clock(data);
    // Each plan in turn across inputs: unknown, community, long-term.
    let plan = match data.len() % 3 {
        0 => Plan::default(),
        1 => Plan::of(Some("Standard"), None),
        _ => Plan::of(Some("Premium"), Some("AKSLongTermSupport")),
    };
    if let Some(list) = &parsed.list {
        let _ = serde_json::to_string(list);
        let first_line = text.lines().next().unwrap_or_default();
        let _ = check_version(list, text, plan, now);
        let _ = check_version(list, first_line, plan, now);
        for entry in list.versions.iter().take(8) {
            let _ = check_version(list, &entry.version, plan, now);
        }
        for minor in list.supported_minors.iter().take(4) {
            let _ = check_version(list, minor, plan, now);
        }
    }
}

/// Cluster and identity ids (and portal addresses holding one). What parses is written back
/// canonically, and the canonical form parses again to the same id with nothing to change.
pub fn resource_id(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(parsed) = parse_cluster_id(text) {
        let canonical = parsed.id.to_string();
        let again = parse_cluster_id(&canonical);
        assert!(
            matches!(&again, Ok(p) if p.id == parsed.id && p.changes.is_empty()),
            "a canonical cluster id does not read back as itself: {canonical:?} → {again:?}"
        );
    }
    if let Ok(parsed) = parse_identity_id(text) {
        let canonical = parsed.id.to_string();
        let again = parse_identity_id(&canonical);
        assert!(
            matches!(&again, Ok(p) if p.id == parsed.id && p.changes.is_empty()),
            "a canonical identity id does not read back as itself: {canonical:?} → {again:?}"
        );
    }
}

/// Every ARM response parser on one answer: the body as a success (each resource and list
/// parser, Resource Graph, the operation status, the next link) and as a failure (the error
/// envelope), with the retry, pacing and long-running-operation decisions. Headers come first
/// when the input has `Name: value` lines, then an empty line, then the body.
pub fn arm_responses(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (headers, body) = split_headers(text);
    // The WWW-Authenticate reader on every header value, and on the body as one.
    for value in headers.iter().map(|(_, v)| v.as_str()).chain([body]) {
        let _ = arm::parse_challenges(value);
        let _ = arm::claims_challenge(value);
        let _ = arm::decode_claims(value);
    }
    let answer = |status: u16| Response {
        status,
        headers: headers.clone(),
        body: body.to_owned(),
    };
    let ok = answer(200);
    let _ = arm::parse_subscriptions(&ok);
    let _ = arm::parse_cluster(&ok);
    let _ = arm::parse_clusters(&ok);
    let _ = arm::parse_extensions(&ok);
    let _ = arm::parse_sku_vcpus(&ok);
    let _ = arm::parse_supported_versions(&ok);
    let _ = arm::parse_workspace(&ok);
    let _ = arm::parse_workspaces(&ok);
    let _ = arm::parse_compute(&ok);
    let _ = arm::parse_computes(&ok);
    let _ = arm::parse_role_assignments(&ok);
    let _ = arm::graph_skip_token(&ok);
    let _ = arm::next_link(&ok);
    if let Ok(page) = arm::parse_graph(&ok) {
        let _ = arm::clusters_from_graph(&page.rows);
        let _ = arm::workspaces_from_graph(&page.rows);
        let _ = arm::clusters_with_aml_extension(&page.rows);
    }
    let policy = RetryPolicy::default();
    for status in [200, 201, 202, 204, 400, 401, 403, 404, 409, 429, 500, 503] {
        let response = answer(status);
        let _ = arm::lro_start(&response);
        let _ = arm::lro_status(&response, "https://management.azure.com/op", false);
        let _ = arm::lro_status(&response, "https://management.azure.com/op", true);
        let _ = arm::retry_after_secs(&response);
        let _ = arm::ratelimit_remaining(&response);
        let _ = policy.pacing_delay_ms(&response);
        for attempt in [1, 4] {
            for renewals in [
                arm::Renewals::default(),
                arm::Renewals {
                    fresh: true,
                    claims: true,
                },
            ] {
                let _ = policy.after_response(&response, attempt, renewals, 0.5);
            }
        }
        if !response.is_success() {
            let error = ArmError::from_response(&response);
            let _ = error.to_string();
            let _ = error.policies();
            // An MFA refusal's advice is the standard claims or a decoded JSON object.
            if let Some(mfa) = &error.mfa {
                assert!(
                    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&mfa.claims)
                        .is_ok()
                );
                assert_eq!(
                    arm::decode_claims(&mfa.claims_challenge).as_deref(),
                    Some(mfa.claims.as_str())
                );
            }
        }
    }
}

/// A portal or studio address: the cluster and workspace it shows. A cluster found is a
/// canonical cluster id.
pub fn portal_url(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let context = context_from_url(text);
    if let Some(cluster) = &context.cluster {
        assert!(
            parse_cluster_id(cluster).is_ok(),
            "the cluster an address shows is not a cluster id: {cluster:?}"
        );
    }
    let _ = context.is_empty();
}

/// A token pasted along with the error: whatever else the input holds, its signature never
/// reaches any output.
const PASTED_TOKEN: &str =
    "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIn0.ZnV6ei1zaWduYXR1cmUtbm90LXJlYWw";
const PASTED_SIGNATURE: &str = "ZnV6ei1zaWduYXR1cmUtbm90LXJlYWw";

/// The troubleshooter on pasted text (free text, ARM envelopes, `provisioningErrors`, computes),
/// with and without the pre-flight's facts, and on the same text as its own spec and context (as
/// the wasm `explain` reads them). A token pasted before the text is never in the output, the
/// text rendering never panics, and `matched` says whether anything matched.
pub fn explain(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let now = clock(data);
    let plain = explain_with(&text, &ExplainOptions::at(now));
    assert_eq!(plain.matched, !plain.matches.is_empty());
    let _ = render_text(&plain);

    let pasted = format!("Authorization: Bearer {PASTED_TOKEN}\n{text}");
    let judged = explain_with(
        &pasted,
        &ExplainOptions {
            spec: None,
            workspace: full_context().workspace.as_ref(),
            shell: Shell::Pwsh,
            context: Some(full_context()),
            now,
        },
    );
    if !text.contains(PASTED_SIGNATURE) {
        let json = serde_json::to_string(&judged).unwrap_or_default();
        assert!(
            !json.contains(PASTED_SIGNATURE),
            "a pasted token reached the output"
        );
        assert!(!render_text(&judged).contains(PASTED_SIGNATURE));
    }
    let _ = request::explain(
        &text,
        Some(Given::Text(&text)),
        Some(Given::Text(&text)),
        &Workspace::default(),
        Shell::Bash,
        now,
    );
}

/// The context reader, as the page, the popup and `--context` hand it a context (text, or a JS
/// object as JSON): the input is the context of the full v2 spec and of the full v1 create spec,
/// so every cluster check (network, versions, accounts, extension, existing attachments) runs on
/// fuzzed facts, and a valid spec is generated with the context's workspace (every target in one
/// shell, picked by the input, so that an input costs a few milliseconds, not a hundred).
pub fn context(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let now = clock(data);
    let json = serde_json::from_str::<serde_json::Value>(text).ok();
    let mut contexts = vec![Given::Text(text)];
    contexts.extend(json.as_ref().map(Given::Json));
    let none = Workspace::default();
    for context in contexts {
        for spec in FULL_SPECS {
            let answer = request::validate(Given::Text(spec), Some(context), &none, now);
            assert_eq!(answer.report.ok, answer.spec.is_some());
            if let Some(spec) = &answer.spec {
                let shell = [Shell::Bash, Shell::Pwsh][data.len() % 2];
                generate_every_target(spec, &answer.context, shell, now);
            }
        }
    }
}

// --------------------------------------------------------------------------- helpers

/// A day from 2024 to 2028 picked by the input's bytes, so the fuzzer sees both sides of every
/// dated fact.
fn clock(data: &[u8]) -> Now {
    let spread = data
        .iter()
        .fold(0u64, |h, &b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    // Five years of days: the remainder fits an i64.
    let offset = i64::try_from(spread % 1826).unwrap_or(0);
    Now::start_of(Day::new(2024, 1, 1).plus_days(offset))
}

/// The context of `tests/cases/context/v2-full.context.yml`: every cluster fact, so the cluster
/// checks run too.
fn full_context() -> &'static Context {
    static CONTEXT: OnceLock<Context> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let text = include_str!("../tests/cases/context/v2-full.context.yml");
        document::parse(text)
            .map(|node: Node| parse_context(&node).0)
            .unwrap_or_default()
    })
}

/// The full v2 attach spec and the full v1 create spec of `tests/cases/`, read once.
/// The full v2 spec and the full v1 create spec: every cluster check applies to one of them.
const FULL_SPECS: [&str; 2] = [
    include_str!("../tests/cases/context/v2-full.yml"),
    include_str!("../tests/cases/v1/create-full.yml"),
];

/// The request layer's answer keeps the same invariants as a validation.
fn answered(answer: request::Checked, now: Now) {
    checked(
        amlattach::validate::Validation {
            report: answer.report,
            spec: answer.spec,
        },
        now,
    );
}

/// A validation's own invariants, then every generator for a valid spec.
fn checked(validation: amlattach::validate::Validation, now: Now) {
    assert_eq!(
        validation.report.ok,
        validation.spec.is_some(),
        "a spec comes back exactly when the report has no error"
    );
    if let Some(spec) = &validation.spec {
        generate_all(spec, full_context(), now);
    }
}

fn generate_all(spec: &AttachSpec, context: &Context, now: Now) {
    let _ = serde_json::to_string(&spec.normalized());
    for shell in [Shell::Bash, Shell::Pwsh] {
        generate_every_target(spec, context, shell, now);
    }
}

fn generate_every_target(spec: &AttachSpec, context: &Context, shell: Shell, now: Now) {
    for info in targets() {
        let output = generate(
            spec,
            info.target,
            &Options {
                shell,
                workspace: context.workspace.clone().unwrap_or_default(),
                now,
                extension: None,
            },
        );
        assert!(
            output.text.ends_with('\n'),
            "{} does not end in a newline",
            info.id
        );
    }
}

/// `Name: value` lines before the first empty line, when every such line is one; else no headers.
fn split_headers(text: &str) -> (Vec<(String, String)>, &str) {
    let Some((head, body)) = text.split_once("\n\n") else {
        return (Vec::new(), text);
    };
    let mut headers = Vec::new();
    for line in head.lines() {
        match line.split_once(':') {
            Some((name, value)) if !name.is_empty() && !name.contains(['{', '"', ' ']) => {
                headers.push((name.to_owned(), value.trim().to_owned()));
            }
            _ => return (Vec::new(), text),
        }
    }
    (headers, body)
}
