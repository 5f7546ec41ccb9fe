//! Dated facts live once, in `src/dated/`: the CLI's `facts` lists them as of `--now` on both
//! sides of their dates, `--now` is checked, and no other source file, page, popup or README
//! writes a dated sentence (a date next to words of support, retirement or enforcement) as a
//! literal.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use amlattach::dated::{Day, Now, FACTS};

#[test]
fn facts_are_worded_as_of_now_on_both_sides_of_each_date() {
    for fact in FACTS {
        let day = |offset: i64| fact.date.plus_days(offset).to_string();
        let (code, before, _) = common::run_cli(&["facts", "--now", &day(-2)], "");
        assert_eq!(code, 0);
        assert!(
            before.contains(&format!("{} {} {}", fact.subject, fact.ahead, fact.date)),
            "{}: {before}",
            fact.id
        );
        let (_, after, _) = common::run_cli(&["facts", "--now", &day(2), "--output", "json"], "");
        let json: serde_json::Value = serde_json::from_str(&after).unwrap();
        let row = json["facts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == fact.id)
            .unwrap();
        assert_eq!(
            row["sentence"],
            format!("{} {} {}", fact.subject, fact.passed, fact.date)
        );
        assert!(row["source"].as_str().unwrap().starts_with("https://"));
    }
}

#[test]
fn now_is_read_as_a_date_or_a_time_and_refused_otherwise() {
    let spec = "name: aks-v1\ntype: aks\naction: attach\nresource_group: rg\ncluster_name: aks\n";
    let (_, before, _) = common::run_cli(&["validate", "--now", "2026-06-29T23:00:00Z"], spec);
    assert!(before.contains("ends on 2026-06-30 (tomorrow)"), "{before}");
    let (_, after, _) = common::run_cli(&["validate", "--now", "2026-07-01"], spec);
    assert!(after.contains("ended on 2026-06-30"), "{after}");
    let (code, _, err) = common::run_cli(&["validate", "--now", "soon"], spec);
    assert_eq!(code, 2);
    assert!(err.contains("`soon` is not a date"), "{err}");
    let (_, generated, _) = common::run_cli(
        &["generate", "--target", "az-v1", "--now", "2026-06-29"],
        spec,
    );
    assert!(
        generated.contains("ends on 2026-06-30 (tomorrow)"),
        "{generated}"
    );
}

/// Dates as people and tools write them: 2026-06-30, June 30, 2026, 30 June 2026.
fn dates_in(line: &str) -> Vec<usize> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = line.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut found = Vec::new();
    for (at, _) in lower.char_indices() {
        let iso = bytes.len() >= at + 10
            && lower.is_char_boundary(at + 10)
            && Day::parse(&lower[at..at + 10]).is_some();
        let named = MONTHS.iter().any(|m| {
            lower[at..].starts_with(m)
                && (at == 0 || !bytes[at - 1].is_ascii_alphabetic())
                && lower[at + m.len()..]
                    .trim_start_matches(|c: char| c == ' ' || c.is_ascii_digit() || c == ',')
                    .len()
                    + 4
                    <= lower[at + m.len()..].len()
                && lower[at + m.len()..].contains("20")
        });
        if iso || named {
            found.push(at);
        }
    }
    found
}

/// Words that make a date a dated sentence.
const DATED_WORDS: &[&str] = &[
    "end of support",
    "ends on",
    "ended on",
    "support ends",
    "support ended",
    "retire",
    "enforce",
    "deprecat",
    "no longer supported",
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(
                name.as_str(),
                "pkg" | "vendor" | "shared" | "app" | "node_modules"
            ) {
                files(&path, out);
            }
        } else if ["rs", "js", "mjs", "html", "json", "md"]
            .iter()
            .any(|ext| name.ends_with(&format!(".{ext}")))
        {
            out.push(path);
        }
    }
}

#[test]
fn no_dated_sentence_is_written_outside_src_dated() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("README.md"), root.join("extension/README.md")];
    for dir in ["src", "www", "extension"] {
        files(&root.join(dir), &mut paths);
    }
    let mut found = Vec::new();
    for path in paths {
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // The one home of dated facts; the troubleshooter's knowledge quotes real messages
        // verbatim (their own dates are evidence, not claims); unit tests pin dates on purpose.
        if relative.starts_with("src/dated/")
            || relative == "src/explain/knowledge.rs"
            || relative.ends_with("tests.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (number, line) in text.lines().enumerate() {
            let lower = line.to_ascii_lowercase();
            if dates_in(line).is_empty() {
                continue;
            }
            if DATED_WORDS.iter().any(|w| lower.contains(w)) {
                found.push(format!("{relative}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "dated sentences outside src/dated/:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_date_finder_finds_the_shapes_people_write() {
    assert_eq!(dates_in("support ends on 2026-06-30.").len(), 1);
    assert!(!dates_in("reached end of support on 30 September 2025").is_empty());
    assert!(!dates_in("support ends June 30, 2026").is_empty());
    assert!(dates_in("version 1.30.4, api-version 2025-13-01").is_empty());
    let _ = Now::from_unix_seconds(0);
}

/// The Basic load balancer's retirement on both sides of its date, through `validate --context`.
#[test]
fn the_basic_load_balancer_warning_reads_both_sides_of_its_retirement() {
    let dir = std::env::temp_dir().join(format!("amlattach-dated-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let context = dir.join("basic.context.yml");
    std::fs::write(&context, "cluster:\n  load_balancer_sku: basic\n").unwrap();
    let spec = "name: k8s\ntype: kubernetes\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks\n";
    let context = context.to_string_lossy().into_owned();
    let at =
        |day: &str| common::run_cli(&["validate", "--now", day, "--context", &context], spec).1;
    let before = at("2025-09-30");
    assert!(
        before.contains(
            "which retires on 2025-09-30: move the cluster to the Standard load balancer"
        ) && before.contains("before then"),
        "{before}"
    );
    let after = at("2025-10-01");
    assert!(
        after.contains("which was retired on 2025-09-30 and which AKS no longer supports"),
        "{after}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
