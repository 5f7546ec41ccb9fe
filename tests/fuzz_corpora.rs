//! The fuzz targets' corpora, replayed on stable in the normal test run: every input in
//! `fuzz/corpus/<target>/` (the committed seeds and every crash the fuzzer found) and every seed
//! drawn from the project's fixtures (the validator cases in `tests/cases/`, the secrets
//! `tests/fixtures/make-secrets.sh` makes, the official REST examples in `../shared/fixtures/`)
//! goes through the same body the cargo-fuzz target runs (`fuzz/harness.rs`, included below).
//! No nightly, no cargo-fuzz: a panic here is a fuzz finding reproduced.
//!
//! `FUZZ_SEEDS_OUT=DIR cargo test --test fuzz_corpora` also writes the fixture seeds to
//! `DIR/<target>/`, which is how `scripts/fuzz.sh` seeds each run from the same files.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "../fuzz/harness.rs"]
mod harness;

use std::collections::BTreeMap;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64ct::{Base64, Encoding};

// --------------------------------------------------------------------------- the replays

#[test]
fn attach_spec_corpus() {
    replay("attach_spec");
}

#[test]
fn secret_corpus() {
    replay("secret");
}

#[test]
fn versions_corpus() {
    replay("versions");
}

#[test]
fn resource_id_corpus() {
    replay("resource_id");
}

#[test]
fn arm_responses_corpus() {
    replay("arm_responses");
}

#[test]
fn portal_url_corpus() {
    replay("portal_url");
}

#[test]
fn explain_corpus() {
    replay("explain");
}

#[test]
fn context_corpus() {
    replay("context");
}

/// Every harness body has its cargo-fuzz binary, its `[[bin]]` and its committed seeds, and
/// nothing else is there.
#[test]
fn every_target_is_declared_once() {
    let manifest = fs::read_to_string(root().join("fuzz/Cargo.toml")).unwrap();
    let mut binaries: Vec<String> = fs::read_dir(root().join("fuzz/fuzz_targets"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            path.file_stem().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    binaries.sort();
    let mut names: Vec<String> = harness::TARGETS
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .collect();
    names.sort();
    assert_eq!(binaries, names, "fuzz/fuzz_targets/ and harness::TARGETS");
    for name in &names {
        assert!(
            manifest.contains(&format!(
                "name = \"{name}\"\npath = \"fuzz_targets/{name}.rs\""
            )),
            "fuzz/Cargo.toml has no [[bin]] for {name}"
        );
        assert!(
            root().join("fuzz/corpus").join(name).is_dir(),
            "no committed seeds in fuzz/corpus/{name}/"
        );
    }
}

// --------------------------------------------------------------------------- replay

fn replay(target: &str) {
    let body = harness::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, body)| *body)
        .unwrap();
    let inputs = inputs(target);
    assert!(!inputs.is_empty(), "{target}: no inputs to replay");
    if let Some(out) = std::env::var_os("FUZZ_SEEDS_OUT") {
        write_seeds(&Path::new(&out).join(target), &inputs);
    }
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, "");
    for (label, data) in &inputs {
        let started = Instant::now();
        if panic::catch_unwind(AssertUnwindSafe(|| body(data))).is_err() {
            failures.push(label.clone());
        }
        slowest = slowest.max((started.elapsed(), label.as_str()));
    }
    assert!(
        failures.is_empty(),
        "{target}: {} of {} inputs panicked (messages above):\n  {}",
        failures.len(),
        inputs.len(),
        failures.join("\n  ")
    );
    eprintln!(
        "{target}: {} inputs replayed; the slowest took {:.0?} ({})",
        inputs.len(),
        slowest.0,
        slowest.1
    );
}

/// The committed corpus, then the fixtures' seeds, deduplicated by content.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut seen = BTreeMap::new();
    let mut add = |label: String, data: Vec<u8>| {
        seen.entry(data).or_insert(label);
    };
    for path in files(&root().join("fuzz/corpus").join(target)) {
        add(path.display().to_string(), fs::read(&path).unwrap());
    }
    for (label, data) in fixture_seeds(target) {
        add(label, data);
    }
    let mut inputs: Vec<(String, Vec<u8>)> = seen.into_iter().map(|(d, l)| (l, d)).collect();
    inputs.sort();
    inputs
}

/// Seeds from the project's fixtures, per target.
fn fixture_seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut seeds = Vec::new();
    match target {
        "attach_spec" | "context" => {
            // Every spec and context of the validator cases (the context reader sees both).
            for path in files(&root().join("tests/cases")) {
                if path.extension().is_some_and(|e| e == "yml") {
                    seeds.push((path.display().to_string(), fs::read(&path).unwrap()));
                }
            }
        }
        "secret" => {
            let dir = common::secret_fixtures("fuzz_corpora");
            for path in files(dir) {
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                if !matches!(ext, "pem" | "yaml" | "json" | "key") {
                    continue;
                }
                let data = fs::read(&path).unwrap();
                // Each PEM block's DER as well, for the certificate and key readers.
                for (n, der) in pem_blocks(&data).into_iter().enumerate() {
                    seeds.push((format!("{} (DER {n})", path.display()), der));
                }
                seeds.push((path.display().to_string(), data));
            }
        }
        "versions" | "arm_responses" => {
            for Answer {
                label,
                headers,
                body,
            } in rest_answers()
            {
                let wanted = target == "arm_responses"
                    || label.contains("KubernetesVersions")
                    || label.contains("UpgradeProfile");
                if !wanted {
                    continue;
                }
                let mut data = String::new();
                if target == "arm_responses" && !headers.is_empty() {
                    for (name, value) in &headers {
                        data.push_str(&format!("{name}: {value}\n"));
                    }
                    data.push('\n');
                }
                data.push_str(&body);
                seeds.push((label, data.into_bytes()));
            }
        }
        "resource_id" | "portal_url" => {
            // Every resource id the validator cases hold, as typed there.
            for path in files(&root().join("tests/cases")) {
                let text = fs::read_to_string(&path).unwrap_or_default();
                for line in text.lines() {
                    if let Some(at) = line.find("/subscriptions/") {
                        let id = line[at..].trim_end_matches(['"', '\'', ' ', ',']);
                        seeds.push((format!("{} ({id})", path.display()), id.into()));
                    }
                }
            }
        }
        "explain" => {
            // Every real message of the knowledge base, and every REST answer (errors among them).
            for failure in amlattach::explain::known_failures() {
                for (n, source) in failure.sources.iter().enumerate() {
                    seeds.push((format!("{} ({n})", failure.id), source.message.into()));
                }
            }
            for Answer { label, body, .. } in rest_answers() {
                seeds.push((label, body.into_bytes()));
            }
        }
        _ => {}
    }
    seeds
}

/// One answer of an official REST example.
struct Answer {
    /// The example file and the status.
    label: String,
    headers: Vec<(String, String)>,
    /// The body as JSON text (empty when the answer has none).
    body: String,
}

/// Each answer of each official REST example.
fn rest_answers() -> Vec<Answer> {
    let base = root().join("../shared/fixtures/azure-rest-api-specs");
    let mut answers = Vec::new();
    for path in files(&base) {
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let Ok(example) =
            serde_json::from_str::<serde_json::Value>(&fs::read_to_string(&path).unwrap())
        else {
            continue;
        };
        let Some(responses) = example.get("responses").and_then(|r| r.as_object()) else {
            continue;
        };
        for (status, answer) in responses {
            let headers = answer
                .get("headers")
                .and_then(|h| h.as_object())
                .map(|h| {
                    h.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                        .collect()
                })
                .unwrap_or_default();
            let body = answer
                .get("body")
                .map(|b| serde_json::to_string_pretty(b).unwrap())
                .unwrap_or_default();
            answers.push(Answer {
                label: format!(
                    "{} ({status})",
                    path.strip_prefix(&base).unwrap_or(&path).display()
                ),
                headers,
                body,
            });
        }
    }
    answers
}

/// The DER of each `-----BEGIN …-----` block.
fn pem_blocks(data: &[u8]) -> Vec<Vec<u8>> {
    let text = String::from_utf8_lossy(data);
    let mut blocks = Vec::new();
    let mut body: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("-----BEGIN ") {
            body = Some(String::new());
        } else if line.starts_with("-----END ") {
            if let Some(b) = body.take() {
                if let Ok(der) = Base64::decode_vec(&b) {
                    blocks.push(der);
                }
            }
        } else if let Some(b) = body.as_mut() {
            if !line.contains(':') {
                b.push_str(line);
            }
        }
    }
    blocks
}

// --------------------------------------------------------------------------- files

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, recursively, sorted; none when it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Writes each input to `dir` under a name from its content (FNV-1a), as libFuzzer names them.
fn write_seeds(dir: &Path, inputs: &[(String, Vec<u8>)]) {
    fs::create_dir_all(dir).unwrap();
    for (_, data) in inputs {
        let hash = data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        });
        fs::write(dir.join(format!("seed-{hash:016x}")), data).unwrap();
    }
}
