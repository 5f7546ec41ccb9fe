//! Shared by the integration tests: the secret fixtures, made once per test binary with the real
//! `openssl` and `kubectl` by `tests/fixtures/make-secrets.sh`, under `target/fixtures/`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The date the tests whose output holds dated sentences run at (the CLI's `--now`): the day
/// issue 17 was written. Each dated fact is also tested on both sides of its date.
pub const NOW_TEXT: &str = "2026-12-02";

/// [`NOW_TEXT`] as the core's clock.
pub fn now() -> amlattach::dated::Now {
    amlattach::dated::Now::parse(NOW_TEXT).unwrap()
}

/// The folder of generated fixtures for this test binary (one per binary: they run in parallel).
pub fn secret_fixtures(binary: &str) -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("target/fixtures").join(binary);
        let status = Command::new(root.join("tests/fixtures/make-secrets.sh"))
            .arg(&dir)
            .status()
            .expect("tests/fixtures/make-secrets.sh runs (it needs openssl and kubectl on PATH)");
        assert!(status.success(), "make-secrets.sh failed");
        dir
    })
}

/// Runs `openssl ARGS` and returns its standard output.
pub fn openssl(args: &[&str]) -> String {
    let output = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The official REST examples, beside the clone (`../shared/fixtures/azure-rest-api-specs`).
pub fn rest_example(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/azure-rest-api-specs")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read {}: {error}. The official REST examples must be in ../shared/fixtures beside the clone, as on CI",
            path.display()
        )
    })
}

/// Runs the CLI, `amlattach ARGS`, with `stdin` as its standard input: its exit code (-1 for a
/// signal), standard output and standard error.
pub fn run_cli(args: &[&str], stdin: &str) -> (i32, String, String) {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_amlattach"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A usage error exits before reading: the pipe may be closed already.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every `.yml` file under `dir` (the validator's cases with their contexts), sorted.
pub fn yml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(yml_files(&path));
        } else if path.extension().is_some_and(|e| e == "yml") {
            files.push(path);
        }
    }
    files.sort();
    files
}
