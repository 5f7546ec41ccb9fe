//! Data-driven validator tests: every `tests/cases/**/NAME.yml` (or `.json`) is validated, with
//! `NAME.context.yml` as its context when present, and the result compared with `NAME.expected`.
//! `UPDATE_EXPECT=1 cargo test --test validate_cases` rewrites the expected files.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use amlattach::document;
use amlattach::spec::Context;
use amlattach::validate::{parse_context, validate};

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            cases(&path, out);
        } else {
            let name = path.file_name().unwrap().to_string_lossy();
            let is_spec = (name.ends_with(".yml") || name.ends_with(".json"))
                && !name.ends_with(".context.yml");
            if is_spec {
                out.push(path);
            }
        }
    }
}

/// The text a case is compared against: verdict, diagnostics with lines, normalized spec.
fn render(path: &Path) -> String {
    let bytes = fs::read(path).unwrap();
    let Ok(text) = String::from_utf8(bytes) else {
        // The CLI refuses such files before validating (exit 2); nothing to compare here.
        return "unreadable: not UTF-8\n".to_owned();
    };
    let context_path = path.with_extension("context.yml");
    let (context, context_diagnostics) = if context_path.exists() {
        let node = document::parse(&fs::read_to_string(&context_path).unwrap()).unwrap();
        parse_context(&node)
    } else {
        (Context::default(), Vec::new())
    };
    let validation = validate(&text, &context, common::now());
    let mut out = String::new();
    writeln!(
        out,
        "ok: {}",
        validation.report.ok && context_diagnostics.is_empty()
    )
    .unwrap();
    for d in context_diagnostics
        .iter()
        .chain(&validation.report.diagnostics)
    {
        match d.line {
            Some(line) => writeln!(out, "{line}: {d}").unwrap(),
            None => writeln!(out, "-: {d}").unwrap(),
        }
    }
    if let Some(spec) = &validation.spec {
        writeln!(
            out,
            "normalized: {}",
            serde_json::to_string_pretty(&spec.normalized()).unwrap()
        )
        .unwrap();
    }
    out
}

#[test]
fn every_case_matches_its_expected_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths = Vec::new();
    cases(&root, &mut paths);
    paths.sort();
    assert!(paths.len() >= 40, "only {} cases found", paths.len());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for path in &paths {
        let actual = render(path);
        let expected_path = path.with_extension("expected");
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            if update {
                fs::write(&expected_path, &actual).unwrap();
            } else {
                failures.push(format!(
                    "--- {}\n--- expected\n{expected}--- actual\n{actual}",
                    path.strip_prefix(&root).unwrap().display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ (UPDATE_EXPECT=1 to accept):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
