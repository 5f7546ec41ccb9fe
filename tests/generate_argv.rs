//! The generated shell commands, executed: for thousands of specs whose free-text fields hold
//! hostile values (quotes, `$`, backticks, `\`, `!`, newlines, globs, `~`, leading `-`, any
//! Unicode), every shell target is run in real bash with stub `az`, `kubectl` and `curl` first on
//! `PATH`, and the argv each stub received must equal the argv intended for the spec exactly.
//! The intended argv is derived here from the spec's own JSON, never by reading the generated
//! text back.
//!
//! PowerShell is not installable on this project's machines (no Debian package; the npm `pwsh`
//! package downloads from GitHub at install time), so the PowerShell variant of every command is
//! read by [`pwsh`], a reader of the PowerShell syntax the generators may use, written from
//! PowerShell's documented rules (about_Quoting_Rules, about_Parsing, the tokenizer's
//! single-quote characters), and compared with the same intended argv.
//!
//! Every string field gets such values: the free-text ones in every spec, and the ruled ones
//! (names, ids, region, CNAME, CIDRs, …) in `hostile_values_in_ruled_fields_are_refused_or_carried_exactly`,
//! where the validator must refuse what it cannot carry.
//!
//! `AMLATTACH_ARGV_CASES` sets the number of specs per test that validate and run (default 100,
//! about 20 s in all; generated specs that do not validate are rejected and do not count); the
//! fuzz run (`scripts/fuzz.sh argv`) uses `AMLATTACH_ARGV_CASES=10000`, so every shell target
//! runs at least 10,000 specs in bash and as many in PowerShell. `AMLATTACH_ARGV_SEED` replays
//! one seed.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Map, Value};

use amlattach::document;
use amlattach::explain::known_failures;
use amlattach::generate::{generate, targets, Options, Shell, Target};
use amlattach::request::{self, Given};
use amlattach::spec::{AttachSpec, Context, Workspace};
use amlattach::validate::validate_node;

// --------------------------------------------------------------------------- the tests

#[test]
fn v2_commands_carry_every_value_exactly() {
    run_property(
        "v2",
        v2_case(),
        &[
            Target::AzV2,
            Target::Detach,
            Target::Kubectl,
            Target::Prepare,
            Target::Grant,
        ],
    );
}

#[test]
fn v1_commands_carry_every_value_exactly() {
    run_property(
        "v1",
        v1_case(),
        &[Target::AzV1, Target::Detach, Target::Kubectl],
    );
}

#[test]
fn arm_requests_carry_every_value_exactly() {
    run_property(
        "arm",
        prop_oneof![v2_case(), v1_case()],
        &[Target::ArmAzRest, Target::ArmCurl],
    );
}

#[test]
fn reattach_runbook_runs_each_step_with_exact_values() {
    run_property(
        "reattach",
        prop_oneof![v2_case(), v1_case()],
        &[Target::Reattach],
    );
}

/// Every string field with a rule (names, namespace, ids, region, CNAME, DNS label, CIDRs, enum
/// values) gets hostile text too: the validator refuses it, or what it lets through is carried
/// exactly by every shell target, in bash and PowerShell. No generator ever sees a value the
/// strategies above could not reach.
#[test]
fn hostile_values_in_ruled_fields_are_refused_or_carried_exactly() {
    let (carried, refused) = run_ruled_fields();
    eprintln!(
        "argv ruled: {carried} specs executed with a hostile value in a ruled field, {refused} refused by the validator"
    );
}

/// The reader below follows PowerShell's rules; check it on what the rules say, so that a bug in
/// it cannot hide a bug in the generators.
#[test]
fn the_powershell_reader_follows_the_documented_rules() {
    let words = |text: &str| pwsh::commands(text).unwrap().remove(0);
    assert_eq!(words("az 'it''s'"), ["az", "it's"]);
    // The tokenizer takes ‘ ’ ‚ ‛ for single quotes: each closes an ASCII one, and doubled is one.
    assert_eq!(words("az 'a\u{2019}\u{2019}b'"), ["az", "a\u{2019}b"]);
    assert_eq!(words("az '\u{2018}\u{2018}'"), ["az", "\u{2018}"]);
    assert!(pwsh::commands("az 'a\u{2019}b'").is_err());
    // Double quotes, `$` and backticks are literal inside single quotes; newlines too.
    assert_eq!(words("az '\"$x`n\u{201c}'"), ["az", "\"$x`n\u{201c}"]);
    assert_eq!(words("az 'a\nb'"), ["az", "a\nb"]);
    // A backtick at the end of a line continues the command.
    assert_eq!(
        words("az `\n  --name x `\n  --y"),
        ["az", "--name", "x", "--y"]
    );
    assert_eq!(words("az ''"), ["az", ""]);
    // Anything else that would be expanded or parsed is refused rather than guessed.
    for text in [
        "az $x",
        "az a`b",
        "az @x",
        "az (x)",
        "az {x}",
        "az a,b",
        "az 'a'b",
        "az \"$x\"",
        "az 'x",
        // A variable no line of the script set is not an argument the reader can know.
        "$y = (az x)\naz $x",
    ] {
        assert!(pwsh::commands(text).is_err(), "{text}");
    }
    // One that a line set is read as that variable, not as its name.
    assert_eq!(
        pwsh::commands("$x = (az a)\naz $x").unwrap()[1],
        ["az", &pwsh::variable("x")]
    );
}

// --------------------------------------------------------------------------- one case

/// A spec as JSON, the workspace it goes into, and what the generators should make of it.
#[derive(Debug, Clone)]
struct Case {
    spec: Value,
    workspace: Workspace,
}

fn run_property(label: &str, strategy: impl Strategy<Value = Case>, targets: &[Target]) {
    let cases = std::env::var("AMLATTACH_ARGV_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    // `cases` counts specs that validated and ran: the others are rejected, up to three for each
    // (fewer than a quarter validating fails the run, and means the strategies need fixing).
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 200,
        max_global_rejects: cases.saturating_mul(3),
        // The strategies' filters (no NUL, Arc-name characters, AKS ids) reject a few values per
        // spec; proptest's default cap of 65,536 in all is hit near 10,000 specs.
        max_local_rejects: local_rejects(cases),
        ..Config::default()
    };
    let mut runner = match std::env::var("AMLATTACH_ARGV_SEED") {
        Ok(seed) => {
            let seed: u64 = seed.parse().unwrap();
            let mut bytes = [0u8; 32];
            bytes[..8].copy_from_slice(&seed.to_le_bytes());
            TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
        }
        Err(_) => TestRunner::new(config),
    };
    let checked = AtomicUsize::new(0);
    let skipped = AtomicUsize::new(0);
    let commands = AtomicUsize::new(0);
    let result = runner.run(&strategy, |case| {
        let Some(spec) = validated(&case.spec) else {
            skipped.fetch_add(1, Ordering::Relaxed);
            return Err(TestCaseError::reject("the generated spec did not validate"));
        };
        checked.fetch_add(1, Ordering::Relaxed);
        for &target in targets {
            let n = check_case(&case, &spec, target).map_err(TestCaseError::fail)?;
            commands.fetch_add(n, Ordering::Relaxed);
        }
        Ok(())
    });
    eprintln!(
        "argv {label}: {} specs executed ({} commands recorded in bash, the same read from PowerShell), {} generated specs did not validate and were skipped",
        checked.load(Ordering::Relaxed),
        commands.load(Ordering::Relaxed),
        skipped.load(Ordering::Relaxed),
    );
    if let Err(error) = result {
        panic!("{error}");
    }
}

/// The fields with a rule, as JSON pointers into a spec, for the kind they belong to; `{}` in a
/// template is where the hostile text goes.
const RULED_FIELDS: &[(&str, &str, &str)] = &[
    ("any", "/name", "{}"),
    ("v2", "/namespace", "{}"),
    ("v2", "/resource_id", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/{}/providers/Microsoft.ContainerService/managedClusters/aks"),
    ("v2", "/resource_id", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/{}"),
    ("v2", "/resource_id", "/subscriptions/{}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc"),
    ("v2", "/identity", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{}"),
    ("v2", "/identity/type", "{}"),
    ("v1", "/action", "{}"),
    ("v1", "/cluster_name", "{}"),
    ("v1", "/resource_group", "{}"),
    ("v1", "/location", "{}"),
    ("v1", "/cluster_purpose", "{}"),
    ("v1", "/load_balancer_type", "{}"),
    ("v1", "/ssl/cname", "{}"),
    ("v1", "/ssl/leaf_domain_label", "{}"),
    ("v1", "/vnet/service_cidr", "{}"),
    ("v1", "/vnet/dns_service_ip", "{}"),
    ("v1", "/vnet/docker_bridge_cidr", "{}"),
];

/// Runs the ruled-field property; returns how many specs validated (and ran) and how many the
/// validator refused.
fn run_ruled_fields() -> (usize, usize) {
    let cases = std::env::var("AMLATTACH_ARGV_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 200,
        max_local_rejects: local_rejects(cases),
        ..Config::default()
    });
    let carried = AtomicUsize::new(0);
    let refused = AtomicUsize::new(0);
    let strategy = (
        prop_oneof![v2_case(), v1_case()],
        0..RULED_FIELDS.len(),
        hostile_text(),
    )
        .prop_map(|(mut case, field, text)| {
            let (kind, pointer, template) = RULED_FIELDS[field];
            let v2 = is_v2(&case.spec);
            if kind == "any" || (kind == "v2") == v2 {
                set_ruled(&mut case.spec, pointer, &template.replace("{}", &text));
            }
            case
        });
    let result = runner.run(&strategy, |case| {
        let Some(spec) = validated(&case.spec) else {
            refused.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        };
        carried.fetch_add(1, Ordering::Relaxed);
        let first = if is_v2(&case.spec) {
            Target::AzV2
        } else {
            Target::AzV1
        };
        for target in [
            first,
            Target::Detach,
            Target::Kubectl,
            Target::ArmAzRest,
            Target::ArmCurl,
            Target::Reattach,
        ] {
            check_case(&case, &spec, target).map_err(TestCaseError::fail)?;
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    (
        carried.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed),
    )
}

/// How many values the strategies' filters may reject in a run of `cases` specs: proptest's
/// default, or a hundred per spec (each generated spec has a few dozen filtered characters).
fn local_rejects(cases: u32) -> u32 {
    cases.saturating_mul(100).max(65_536)
}

/// Puts `value` at `pointer` (a user-assigned identity list for `/identity`), creating the
/// parent objects a v1 spec may lack (`ssl`, `vnet`).
fn set_ruled(spec: &mut Value, pointer: &str, value: &str) {
    if pointer == "/identity" {
        spec["identity"] = json!({
            "type": "user_assigned",
            "user_assigned_identities": [{ "resource_id": value }],
        });
        return;
    }
    let mut node = spec;
    let keys: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    for (i, key) in keys.iter().enumerate() {
        if !node.is_object() {
            *node = json!({});
        }
        if i + 1 == keys.len() {
            node[*key] = json!(value);
        } else {
            node = &mut node[*key];
        }
    }
}

fn validated(spec: &Value) -> Option<AttachSpec> {
    let node = document::from_json(spec).ok()?;
    validate_node(&node, &Context::default(), common::now()).spec
}

/// Runs `target` for `case` in bash and reads its PowerShell twin; returns how many commands ran.
fn check_case(case: &Case, spec: &AttachSpec, target: Target) -> Result<usize, String> {
    let mut ran = 0;
    for shell in [Shell::Bash, Shell::Pwsh] {
        let output = generate(
            spec,
            target,
            &Options {
                shell,
                workspace: case.workspace.clone(),
                now: common::now(),
                extension: None,
            },
        );
        let context = |e: String| {
            format!(
                "{target} in {shell:?}: {e}\n--- spec\n{}\n--- workspace\n{:?}\n--- generated\n{}",
                serde_json::to_string_pretty(&case.spec).unwrap(),
                case.workspace,
                output.text
            )
        };
        let (got, body) = match shell {
            Shell::Bash => run_bash(&output.text).map_err(context)?,
            Shell::Pwsh => {
                if !output
                    .text
                    .contains("\n$PSNativeCommandArgumentPassing = 'Standard'\n")
                {
                    return Err(context(
                        "no $PSNativeCommandArgumentPassing = 'Standard'".to_owned(),
                    ));
                }
                let read = pwsh::read(&output.text).map_err(context)?;
                record_powershell(
                    &format!("argv property test: {target}"),
                    &output.text,
                    &read.commands,
                );
                let got = read
                    .commands
                    .into_iter()
                    .map(|argv| Recorded {
                        argv,
                        stdin: String::new(),
                    })
                    .collect();
                // The compute's body is the last here-string (the namespace's comes first).
                (got, read.here_strings.into_iter().next_back())
            }
        };
        compare(&intended(case, target, shell), &got).map_err(context)?;
        if matches!(target, Target::ArmAzRest | Target::ArmCurl) {
            let want = arm_body(&case.spec, &Ws::of(&case.workspace));
            let body: Option<Value> = body.and_then(|b| serde_json::from_str(&b).ok());
            if body.as_ref() != Some(&want) {
                return Err(context(format!(
                    "the request body differs\n  intended: {want}\n  written:  {}",
                    body.map_or("(none)".to_owned(), |b| b.to_string())
                )));
            }
        }
        if shell == Shell::Bash {
            ran += got.len();
        }
    }
    Ok(ran)
}

// --------------------------------------------------------------------------- bash and the stubs

/// One recorded invocation of a stub.
#[derive(Debug, Clone, PartialEq)]
struct Recorded {
    argv: Vec<String>,
    stdin: String,
}

/// The stub every recorded program is: writes its argv (NUL-separated, its own name first) and
/// its standard input to the next numbered files in `$AMLATTACH_ARGV_DIR`, prints nothing and
/// succeeds, except that a command starting with `$AMLATTACH_STUB_FAIL` fails (so that
/// `kubectl get namespace NS || kubectl create namespace NS` takes both branches). Plain bash: no
/// Python on the stubs' side.
const STUB: &str = r#"#!/bin/bash
# Builtins only (no $(…), no cat): one process per recorded command keeps the 10,000-case run short.
dir=$AMLATTACH_ARGV_DIR
n=0
[ -e "$dir/.count" ] && read -r n <"$dir/.count"
n=$((n + 1))
echo "$n" >"$dir/.count"
printf -v file '%s/%06d' "$dir" "$n"
{ printf '%s\0' "${0##*/}"; for arg in "$@"; do printf '%s\0' "$arg"; done; } >"$file.argv"
data=
if [ ! -t 0 ]; then IFS= read -r -d '' data || true; fi
printf '%s' "$data" >"$file.stdin"
case "${0##*/} $*" in
"$AMLATTACH_STUB_FAIL"*) exit 1 ;;
esac
# jq stands in for the PEM step and passes its input file through, so the body can be checked.
if [ "${0##*/}" = jq ]; then
    body=
    IFS= read -r -d '' body <"${@: -1}" || true
    printf '%s' "$body"
fi
exit 0
"#;

/// The programs generated scripts may call that are recorded.
const STUBBED: &[&str] = &["az", "kubectl", "curl", "python", "python3", "jq"];

/// The token the curl commands must read from `$AZURE_TOKEN`.
const TOKEN: &str = "test-token-$(touch PWNED)'\"";

fn stub_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("argv-stubs");
        fs::create_dir_all(&dir).unwrap();
        for name in STUBBED {
            let path = dir.join(name);
            fs::write(&path, STUB).unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        }
        dir
    })
}

/// Runs `script` as bash would run it pasted into a terminal (history expansion on, so a `!`
/// outside single quotes would show), in an empty directory, and returns what the stubs saw.
fn run_bash(script: &str) -> Result<(Vec<Recorded>, Option<String>), String> {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let n = RUN.fetch_add(1, Ordering::Relaxed);
    let work = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("argv-run")
        .join(format!("{}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    let record = work.join("record");
    let cwd = work.join("cwd");
    fs::create_dir_all(&record).unwrap();
    fs::create_dir_all(&cwd).unwrap();
    let file = work.join("script.sh");
    fs::write(&file, format!("set -o history -o histexpand\n{script}")).unwrap();
    let output = Command::new("bash")
        .arg(&file)
        .current_dir(&cwd)
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", stub_dir().display()))
        .env("HOME", &cwd)
        .env("LC_ALL", "C.UTF-8")
        .env("AMLATTACH_ARGV_DIR", &record)
        .env("AZURE_TOKEN", TOKEN)
        .env("AMLATTACH_STUB_FAIL", "kubectl get namespace ")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("bash cannot run: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "bash exited {:?}: {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let leftovers: Vec<String> = fs::read_dir(&cwd)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut names: Vec<PathBuf> = fs::read_dir(&record)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "argv"))
        .collect();
    names.sort();
    let recorded = names
        .iter()
        .map(|path| {
            let bytes = fs::read(path).unwrap();
            let mut argv: Vec<String> = bytes
                .split(|b| *b == 0)
                .map(|a| String::from_utf8(a.to_vec()).unwrap())
                .collect();
            argv.pop(); // after the last NUL
            let stdin = String::from_utf8(fs::read(path.with_extension("stdin")).unwrap()).unwrap();
            Recorded { argv, stdin }
        })
        .collect();
    let body = fs::read_to_string(cwd.join("compute-body.json")).ok();
    fs::remove_dir_all(&work).unwrap();
    // The saved certificate (`kubectl get secret … > azuremlfessl.yaml`) and the request bodies
    // may be left; nothing else may appear.
    if let Some(stray) = leftovers.iter().find(|f| {
        !matches!(
            f.as_str(),
            "azuremlfessl.yaml" | "compute-body.json" | "namespace-body.json"
        )
    }) {
        return Err(format!(
            "the script left {stray:?} in its directory (a value was executed?)"
        ));
    }
    Ok((recorded, body))
}

// --------------------------------------------------------------------------- comparing

/// One intended argument: exact text, or an ARM URL.
#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Text(String),
    /// The URL as written with raw values: the argument must be a URL (ASCII, no space, no
    /// quote, no `#`, as many `/` and `?` as the template) whose percent-decoding is this.
    Url(String),
}

/// A received URL is the intended one, percent-encoded where it must be.
fn url_matches(raw: &str, got: &str) -> bool {
    let template = "https://management.azure.com/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/computes/n?api-version=v";
    let legal = got
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?%<>".contains(c));
    let shape =
        got.matches('/').count() == template.matches('/').count() && got.matches('?').count() == 1;
    legal && shape && percent_decode(got) == raw
}

/// Percent-decoding written here apart from the core's URL-segment encoder on purpose: it checks
/// what that encoder wrote.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && text.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An intended invocation.
#[derive(Debug, Clone, PartialEq)]
struct Want {
    argv: Vec<Arg>,
}

impl Want {
    fn new(words: &str) -> Want {
        Want {
            argv: words.split(' ').map(|w| Arg::Text(w.to_owned())).collect(),
        }
    }

    /// `--flag value`, or `--flag=value` as one argument when the value starts with `-` (so no
    /// option parser takes the value for an option).
    fn opt(mut self, flag: &str, value: &str) -> Want {
        if value.starts_with('-') {
            self.argv.push(Arg::Text(format!("{flag}={value}")));
        } else {
            self.argv.push(Arg::Text(flag.to_owned()));
            self.argv.push(Arg::Text(value.to_owned()));
        }
        self
    }

    fn url(mut self, flag: Option<&str>, raw: &str) -> Want {
        if let Some(flag) = flag {
            self.argv.push(Arg::Text(flag.to_owned()));
        }
        self.argv.push(Arg::Url(raw.to_owned()));
        self
    }

    fn arg(mut self, value: &str) -> Want {
        self.argv.push(Arg::Text(value.to_owned()));
        self
    }

    fn flag(mut self, flag: &str) -> Want {
        self.argv.push(Arg::Text(flag.to_owned()));
        self
    }
}

fn compare(want: &[Want], got: &[Recorded]) -> Result<(), String> {
    let show_got = || {
        got.iter()
            .map(|r| format!("{:?}", r.argv))
            .collect::<Vec<_>>()
            .join("\n  ")
    };
    if want.len() != got.len() {
        return Err(format!(
            "{} commands intended, {} ran:\n  {}\nintended:\n  {}",
            want.len(),
            got.len(),
            show_got(),
            want.iter()
                .map(|w| format!("{:?}", w.argv))
                .collect::<Vec<_>>()
                .join("\n  ")
        ));
    }
    for (i, (w, g)) in want.iter().zip(got).enumerate() {
        let same = w.argv.len() == g.argv.len()
            && w.argv.iter().zip(&g.argv).all(|(w, g)| match w {
                Arg::Text(t) => t == g,
                Arg::Url(raw) => url_matches(raw, g),
            });
        if !same {
            return Err(format!(
                "command {i} differs\n  intended: {:?}\n  received: {:?}",
                w.argv, g.argv
            ));
        }
    }
    Ok(())
}

// --------------------------------------------------------------------------- intended argv

/// The api-versions the URLs carry: the core's (a choice the tool makes once, in `src/dated/`, not
/// a rule to check independently).
const API: &str = amlattach::dated::ML_API.version;
const AKS_API: &str = amlattach::dated::AKS_API.version;

/// The workspace as commands must name it: its value, or the quoted placeholder.
struct Ws {
    subscription: String,
    resource_group: String,
    name: String,
    location: String,
    subscription_known: bool,
    /// The workspace's user-assigned identity's principal, when the context names a GUID one:
    /// the prepare step grants it its roles on the cluster.
    user_principal: Option<String>,
}

impl Ws {
    fn of(w: &Workspace) -> Ws {
        let pick = |v: &Option<String>, p: &str| {
            v.clone()
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| p.to_owned())
        };
        Ws {
            subscription: pick(&w.subscription_id, "<subscription-id>"),
            resource_group: pick(&w.resource_group, "<resource-group>"),
            name: pick(&w.name, "<workspace-name>"),
            location: pick(&w.location, "<workspace-location>"),
            subscription_known: w.subscription_id.as_deref().is_some_and(|s| !s.is_empty()),
            user_principal: w
                .identity_type
                .as_deref()
                .filter(|t| {
                    t.to_ascii_lowercase()
                        .replace('_', "")
                        .contains("userassigned")
                })
                .and(w.identity_principal_id.clone())
                .filter(|p| is_guid_text(p)),
        }
    }

    fn compute_url(&self, name: &str) -> String {
        format!(
            "https://management.azure.com/subscriptions/{}/resourceGroups/{}/providers/Microsoft.MachineLearningServices/workspaces/{}/computes/{name}?api-version={API}",
            self.subscription, self.resource_group, self.name
        )
    }
}

fn s<'a>(spec: &'a Value, key: &str) -> Option<&'a str> {
    spec.get(key).and_then(Value::as_str)
}

fn is_v2(spec: &Value) -> bool {
    s(spec, "type") == Some("kubernetes")
}

/// The commands `target` runs for `case`, in order. In bash they are what the stubs record
/// (`kubectl get namespace` is made to fail, so the `|| kubectl create namespace` branch runs
/// too); in PowerShell, the native commands the script names, in order.
fn intended(case: &Case, target: Target, shell: Shell) -> Vec<Want> {
    let spec = &case.spec;
    let ws = Ws::of(&case.workspace);
    let name = s(spec, "name").unwrap();
    match target {
        Target::AzV2 => vec![attach_v2(spec, &ws), show_v2(name, &ws)],
        Target::AzV1 => az_v1(spec, &ws),
        Target::Detach => vec![detach(spec, &ws)],
        Target::Kubectl => {
            let mut out = credentials(spec, &ws);
            if is_v2(spec) {
                out.extend(ensure_namespace(spec));
                out.push(Want::new("kubectl get pods").opt("--namespace", "azureml"));
            } else {
                out.push(save_certificate());
                out.extend(cleanup(&ws));
            }
            out
        }
        Target::ArmAzRest => {
            let url = ws.compute_url(name);
            let mut out: Vec<Want> = managed_namespace_url(spec)
                .map(|ns| {
                    Want::new("az rest")
                        .opt("--method", "put")
                        .url(Some("--url"), &ns)
                        .opt("--headers", "Content-Type=application/json")
                        .opt("--body", "@namespace-body.json")
                })
                .into_iter()
                .collect();
            out.extend(tls_into_body(spec, shell));
            out.push(
                Want::new("az rest")
                    .opt("--method", "put")
                    .url(Some("--url"), &url)
                    .opt("--headers", "Content-Type=application/json")
                    .opt("--body", "@compute-body.json"),
            );
            out.push(
                Want::new("az rest")
                    .opt("--method", "get")
                    .url(Some("--url"), &url),
            );
            out
        }
        Target::ArmCurl => {
            let curl = |data: &str, url: &str| {
                Want::new("curl")
                    .opt("--header", &format!("Authorization: Bearer {TOKEN}"))
                    .flag("--fail-with-body")
                    .flag("--silent")
                    .flag("--show-error")
                    .flag("--include")
                    .opt("--request", "PUT")
                    .opt("--header", "Content-Type: application/json")
                    .opt("--data", data)
                    .url(None, url)
            };
            let mut out: Vec<Want> = managed_namespace_url(spec)
                .map(|ns| curl("@namespace-body.json", &ns))
                .into_iter()
                .collect();
            out.extend(tls_into_body(spec, shell));
            out.push(
                Want::new("curl")
                    .opt("--header", &format!("Authorization: Bearer {TOKEN}"))
                    .flag("--fail-with-body")
                    .flag("--silent")
                    .flag("--show-error")
                    .flag("--include")
                    .opt("--request", "PUT")
                    .opt("--header", "Content-Type: application/json")
                    .opt("--data", "@compute-body.json")
                    .url(None, &ws.compute_url(name)),
            );
            out
        }
        Target::Prepare => {
            let cluster = Cluster::of(spec);
            let mut out = cluster.providers();
            out.extend(cluster.extension());
            out.extend(cluster.workspace_roles(&ws));
            out.extend(credentials(spec, &ws));
            out.extend(ensure_namespace(spec));
            out
        }
        Target::Grant => grant(spec, &ws, shell),
        Target::Reattach => {
            if is_v2(spec) {
                let cluster = Cluster::of(spec);
                let mut out = cluster.extension();
                out.extend(cluster.workspace_roles(&ws));
                out.extend(credentials(spec, &ws));
                out.push(detach(spec, &ws));
                out.extend(ensure_namespace(spec));
                out.push(attach_v2(spec, &ws));
                out.extend(grant(spec, &ws, shell));
                return out;
            }
            let mut out = credentials(spec, &ws);
            {
                out.push(save_certificate());
                out.push(detach(spec, &ws));
                out.extend(cleanup(&ws));
                out.extend(az_v1(spec, &ws));
            }
            out
        }
        _ => unreachable!("{target} is not a shell target"),
    }
}

/// A v2 spec's cluster, read from its id's segments.
struct Cluster {
    id: String,
    subscription: String,
    group: String,
    name: String,
    kind: &'static str,
    provider: &'static str,
}

impl Cluster {
    fn of(spec: &Value) -> Cluster {
        let id = s(spec, "resource_id").unwrap();
        let parts: Vec<&str> = id.split('/').collect();
        let aks = parts[6].eq_ignore_ascii_case("Microsoft.ContainerService");
        Cluster {
            id: id.to_owned(),
            subscription: parts[2].to_owned(),
            group: parts[4].to_owned(),
            name: parts[8].to_owned(),
            kind: if aks {
                "managedClusters"
            } else {
                "connectedClusters"
            },
            provider: if aks {
                "Microsoft.ContainerService"
            } else {
                "Microsoft.Kubernetes"
            },
        }
    }

    fn providers(&self) -> Vec<Want> {
        ["Microsoft.KubernetesConfiguration", self.provider]
            .into_iter()
            .map(|namespace| {
                Want::new("az provider register")
                    .opt("--namespace", namespace)
                    .flag("--wait")
                    .opt("--subscription", &self.subscription)
            })
            .collect()
    }

    fn extension_cmd(&self, verb: &str) -> Want {
        Want::new(&format!("az k8s-extension {verb}"))
            .opt("--cluster-type", self.kind)
            .opt("--cluster-name", &self.name)
            .opt("--resource-group", &self.group)
            .opt("--subscription", &self.subscription)
    }

    /// The check (nothing installed: the stub prints nothing), the install, the states.
    fn extension(&self) -> Vec<Want> {
        vec![
            self.extension_cmd("list")
                .opt("--query", "[].extensionType")
                .opt("--output", "tsv"),
            self.extension_cmd("create")
                .opt("--name", "azureml")
                .opt("--extension-type", "Microsoft.AzureML.Kubernetes")
                .opt("--scope", "cluster")
                .opt("--release-train", "stable")
                .opt("--config", "enableTraining=True"),
            self.extension_cmd("list")
                .opt(
                    "--query",
                    "[].{name: name, type: extensionType, state: provisioningState, version: version}",
                )
                .opt("--output", "table"),
        ]
    }

    /// Granted only to a known user-assigned identity (otherwise the commands are comments).
    fn workspace_roles(&self, ws: &Ws) -> Vec<Want> {
        let Some(principal) = &ws.user_principal else {
            return vec![];
        };
        [
            "Reader",
            "Kubernetes Extension Contributor",
            "Azure Kubernetes Service Cluster Admin Role",
        ]
        .into_iter()
        .map(|role| role_assignment(principal, role, &self.id))
        .collect()
    }
}

fn role_assignment(principal: &str, role: &str, scope: &str) -> Want {
    Want::new("az role assignment create")
        .opt("--assignee-object-id", principal)
        .opt("--assignee-principal-type", "ServicePrincipal")
        .opt("--role", role)
        .opt("--scope", scope)
}

/// A variable the script set from a command's output: empty in bash (the stubs print nothing),
/// the variable itself as PowerShell's reader sees it.
fn var(name: &str, shell: Shell) -> String {
    match shell {
        Shell::Bash => String::new(),
        Shell::Pwsh => pwsh::variable(name),
    }
}

/// After the attach: the compute's state, its identity's principal, the registry (whose role
/// bash skips when the lookup is empty, as the stub's is) and the storage.
fn grant(spec: &Value, ws: &Ws, shell: Shell) -> Vec<Want> {
    let name = s(spec, "name").unwrap();
    let mut out = vec![show_v2(name, ws)];
    let identity = spec.get("identity");
    let principal = match identity.and_then(|i| s(i, "type")) {
        Some("system_assigned") => in_subscription(
            Want::new("az ml compute show")
                .opt("--resource-group", &ws.resource_group)
                .opt("--workspace-name", &ws.name)
                .opt("--name", name),
            ws,
        )
        .opt("--query", "identity.principal_id")
        .opt("--output", "tsv"),
        Some("user_assigned") => Want::new("az identity show")
            .opt(
                "--ids",
                s(
                    &identity.unwrap()["user_assigned_identities"][0],
                    "resource_id",
                )
                .unwrap(),
            )
            .opt("--query", "principalId")
            .opt("--output", "tsv"),
        _ => return out,
    };
    out.push(principal);
    let show = |query: &str| {
        in_subscription(
            Want::new("az ml workspace show")
                .opt("--name", &ws.name)
                .opt("--resource-group", &ws.resource_group),
            ws,
        )
        .opt("--query", query)
        .opt("--output", "tsv")
    };
    let principal = var("principal", shell);
    out.push(show("container_registry"));
    if shell == Shell::Pwsh {
        out.push(role_assignment(
            &principal,
            "AcrPull",
            &var("registry", shell),
        ));
    }
    out.push(show("storage_account"));
    out.push(role_assignment(
        &principal,
        "Storage Blob Data Reader",
        &var("storage", shell),
    ));
    out
}

/// Eight, four, four, four and twelve hex digits with hyphens.
fn is_guid_text(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `az aks get-credentials` for an AKS cluster named by id or by group and name; an Arc
/// cluster gets a comment (its proxy runs in another terminal).
fn credentials(spec: &Value, ws: &Ws) -> Vec<Want> {
    if let Some(id) = s(spec, "resource_id") {
        let parts: Vec<&str> = id.split('/').collect();
        if parts[6] != "Microsoft.ContainerService" {
            return vec![];
        }
        return vec![Want::new("az aks get-credentials")
            .opt("--resource-group", parts[4])
            .opt("--name", parts[8])
            .opt("--subscription", parts[2])];
    }
    match (s(spec, "resource_group"), s(spec, "cluster_name")) {
        // A cluster named by group and name is in the workspace's subscription.
        (Some(group), Some(cluster)) => {
            let want = Want::new("az aks get-credentials")
                .opt("--resource-group", group)
                .opt("--name", cluster);
            vec![if ws.subscription_known {
                want.opt("--subscription", &ws.subscription)
            } else {
                want
            }]
        }
        _ => vec![],
    }
}

/// The ARM URL of the compute's namespace as an AKS managed namespace, which the REST targets
/// PUT first (v2, an AKS cluster, a namespace of its own).
fn managed_namespace_url(spec: &Value) -> Option<String> {
    let id = s(spec, "resource_id").filter(|_| is_v2(spec))?;
    let ns = s(spec, "namespace").filter(|ns| *ns != "default")?;
    let parts: Vec<&str> = id.split('/').collect();
    (parts[6] == "Microsoft.ContainerService").then(|| {
        format!(
            "https://management.azure.com/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerService/managedClusters/{}/managedNamespaces/{ns}?api-version={AKS_API}",
            parts[2], parts[4], parts[8]
        )
    })
}

fn ensure_namespace(spec: &Value) -> Vec<Want> {
    match s(spec, "namespace") {
        Some(ns) if ns != "default" => vec![
            Want::new("kubectl get namespace").arg(ns),
            Want::new("kubectl create namespace").arg(ns),
        ],
        _ => vec![],
    }
}

/// bash reads the PEM files into the body with jq; PowerShell with Get-Content (no native command).
fn tls_into_body(spec: &Value, shell: Shell) -> Vec<Want> {
    let custom = spec.get("ssl").filter(|t| t.get("cname").is_some());
    match (custom, shell) {
        (Some(ssl), Shell::Bash) => vec![Want::new("jq")
            .opt("--rawfile", "cert")
            .arg(s(ssl, "cert_file").unwrap_or("cert.pem"))
            .opt("--rawfile", "key")
            .arg(s(ssl, "key_file").unwrap_or("key.pem"))
            .arg(".properties.properties.sslConfiguration.cert = $cert | .properties.properties.sslConfiguration.key = $key")
            .arg("compute-body.json")],
        _ => vec![],
    }
}

fn attach_v2(spec: &Value, ws: &Ws) -> Want {
    let mut want = Want::new("az ml compute attach")
        .opt("--resource-group", &ws.resource_group)
        .opt("--workspace-name", &ws.name)
        .opt("--type", "Kubernetes")
        .opt("--name", s(spec, "name").unwrap())
        .opt("--resource-id", s(spec, "resource_id").unwrap())
        .opt("--namespace", s(spec, "namespace").unwrap_or("default"));
    if let Some(identity) = spec.get("identity") {
        match s(identity, "type").unwrap() {
            "system_assigned" => want = want.opt("--identity-type", "SystemAssigned"),
            "none" => want = want.opt("--identity-type", "None"),
            "user_assigned" => {
                let ids: Vec<&str> = identity["user_assigned_identities"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| s(i, "resource_id").unwrap())
                    .collect();
                want = want
                    .opt("--identity-type", "UserAssigned")
                    .opt("--user-assigned-identities", &ids.join(","));
            }
            other => unreachable!("{other}"),
        }
    }
    in_subscription(want, ws)
}

/// Every command that acts on the workspace names its subscription when it is known.
fn in_subscription(want: Want, ws: &Ws) -> Want {
    if ws.subscription_known {
        want.opt("--subscription", &ws.subscription)
    } else {
        want
    }
}

fn show_v2(name: &str, ws: &Ws) -> Want {
    in_subscription(
        Want::new("az ml compute show")
            .opt("--resource-group", &ws.resource_group)
            .opt("--workspace-name", &ws.name)
            .opt("--name", name)
            .opt(
                "--query",
                "{name: name, state: provisioning_state, type: type}",
            ),
        ws,
    )
}

fn detach(spec: &Value, ws: &Ws) -> Want {
    let words = if is_v2(spec) {
        "az ml compute detach"
    } else {
        "az ml computetarget detach"
    };
    in_subscription(
        Want::new(words)
            .opt("--resource-group", &ws.resource_group)
            .opt("--workspace-name", &ws.name)
            .opt("--name", s(spec, "name").unwrap()),
        ws,
    )
}

/// The cluster id a v1 attach names, written out.
fn v1_cluster_id(spec: &Value, ws: &Ws) -> String {
    match s(spec, "resource_id") {
        Some(id) => id.to_owned(),
        None => format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerService/managedClusters/{}",
            ws.subscription,
            s(spec, "resource_group").unwrap(),
            s(spec, "cluster_name").unwrap()
        ),
    }
}

fn az_v1(spec: &Value, ws: &Ws) -> Vec<Want> {
    let name = s(spec, "name").unwrap();
    let ssl = spec.get("ssl");
    let renew = ssl.and_then(|t| t.get("renew")).and_then(Value::as_bool) == Some(true);
    let update = |ws: &Ws| {
        let want = Want::new("az ml computetarget update aks")
            .opt("--resource-group", &ws.resource_group)
            .opt("--workspace-name", &ws.name)
            .opt("--name", name);
        in_subscription(ssl_opts(load_balancer_opts(want, spec), ssl, true), ws)
    };
    if s(spec, "action") == Some("attach") {
        let attach = Want::new("az ml computetarget attach aks")
            .opt("--resource-group", &ws.resource_group)
            .opt("--workspace-name", &ws.name)
            .opt("--name", name)
            .opt("--compute-resource-id", &v1_cluster_id(spec, ws));
        let mut out = vec![in_subscription(attach, ws)];
        if spec.get("load_balancer_type").is_some() || ssl.is_some() {
            out.push(update(ws));
        }
        out
    } else {
        let mut want = Want::new("az ml computetarget create aks")
            .opt("--resource-group", &ws.resource_group)
            .opt("--workspace-name", &ws.name)
            .opt("--name", name);
        if let Some(n) = spec.get("agent_count").and_then(Value::as_u64) {
            want = want.opt("--agent-count", &n.to_string());
        }
        for (key, flag) in [
            ("vm_size", "--vm-size"),
            ("location", "--location"),
            ("cluster_purpose", "--cluster-purpose"),
        ] {
            if let Some(v) = s(spec, key) {
                want = want.opt(flag, v);
            }
        }
        want = load_balancer_opts(want, spec);
        if let Some(vnet) = spec.get("vnet") {
            for (key, flag) in [
                ("resource_group", "--vnet-resourcegroup-name"),
                ("name", "--vnet-name"),
                ("subnet", "--subnet-name"),
                ("service_cidr", "--service-cidr"),
                ("dns_service_ip", "--dns-service-ip"),
                ("docker_bridge_cidr", "--docker-bridge-cidr"),
            ] {
                want = want.opt(flag, s(vnet, key).unwrap());
            }
        }
        let mut out = vec![in_subscription(ssl_opts(want, ssl, false), ws)];
        if renew {
            out.push(update(ws));
        }
        out
    }
}

fn load_balancer_opts(want: Want, spec: &Value) -> Want {
    match s(spec, "load_balancer_type") {
        Some(kind) => {
            let want = want.opt("--load-balancer-type", kind);
            match s(spec, "load_balancer_subnet") {
                Some(subnet) => want.opt("--load-balancer-subnet", subnet),
                None => want,
            }
        }
        None => want,
    }
}

/// TLS options: files only. PEM text in the spec is saved by the user as cert.pem / key.pem.
fn ssl_opts(mut want: Want, ssl: Option<&Value>, update: bool) -> Want {
    let Some(ssl) = ssl else { return want };
    if let Some(label) = s(ssl, "leaf_domain_label") {
        want = want.opt("--ssl-leaf-domain-label", label);
        if ssl
            .get("overwrite_existing_domain")
            .and_then(Value::as_bool)
            == Some(true)
        {
            want = want.opt("--ssl-overwrite-domain", "True");
        }
        if update && ssl.get("renew").and_then(Value::as_bool) == Some(true) {
            want = want.flag("--ssl-renew");
        }
        return want;
    }
    want.opt("--ssl-cname", s(ssl, "cname").unwrap())
        .opt("--ssl-cert-file", s(ssl, "cert_file").unwrap_or("cert.pem"))
        .opt("--ssl-key-file", s(ssl, "key_file").unwrap_or("key.pem"))
}

fn save_certificate() -> Want {
    Want::new("kubectl get secret/azuremlfessl")
        .opt("--namespace", "default")
        .opt("--output", "yaml")
}

/// The guard (v1 deployments left in the workspace's v1 namespace; the stub prints none), then
/// the eight azureml-fe objects of azure-facts §5.3, in order.
fn cleanup(ws: &Ws) -> Vec<Want> {
    let mut out = vec![Want::new("kubectl get deployments")
        .opt(
            "--namespace",
            &format!("azureml-{}", ws.name.to_ascii_lowercase()),
        )
        .flag("--no-headers")
        .flag("--ignore-not-found")];
    for (kind, name) in [
        ("serviceaccount", "azureml-fe"),
        ("clusterrole", "azureml-fe-role"),
        ("clusterrolebinding", "azureml-fe-binding"),
        ("service", "azureml-fe"),
        ("service", "azureml-fe-int-http"),
        ("deployment", "azureml-fe"),
        ("secret", "azuremlfessl"),
        ("configmap", "azuremlfeconfig"),
    ] {
        let mut want = Want::new("kubectl delete").arg(kind).arg(name);
        if !kind.starts_with("cluster") {
            want = want.opt("--namespace", "default");
        }
        out.push(want.flag("--ignore-not-found"));
    }
    out
}

/// The ARM PUT body, from azure-facts §3.7 (v2) and §2.6/§4.1 (v1).
fn arm_body(spec: &Value, ws: &Ws) -> Value {
    let mut body = Map::new();
    body.insert("location".into(), json!(ws.location));
    let mut props = Map::new();
    if is_v2(spec) {
        if let Some(identity) = spec.get("identity") {
            let identity = match s(identity, "type").unwrap() {
                "system_assigned" => json!({ "type": "SystemAssigned" }),
                "none" => json!({ "type": "None" }),
                _ => {
                    let ids: Map<String, Value> = identity["user_assigned_identities"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|i| (s(i, "resource_id").unwrap().to_owned(), json!({})))
                        .collect();
                    json!({ "type": "UserAssigned", "userAssignedIdentities": ids })
                }
            };
            body.insert("identity".into(), identity);
        }
        if let Some(tags) = spec
            .get("tags")
            .filter(|t| t.as_object().is_some_and(|m| !m.is_empty()))
        {
            body.insert("tags".into(), tags.clone());
        }
        props.insert("computeType".into(), json!("Kubernetes"));
        props.insert("computeLocation".into(), json!(ws.location));
        props.insert("resourceId".into(), json!(s(spec, "resource_id").unwrap()));
        if let Some(d) = s(spec, "description") {
            props.insert("description".into(), json!(d));
        }
        let mut inner = spec
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        inner.insert(
            "namespace".into(),
            json!(s(spec, "namespace").unwrap_or("default")),
        );
        props.insert("properties".into(), Value::Object(inner));
    } else {
        props.insert("computeType".into(), json!("AKS"));
        let mut inner = Map::new();
        let attach = s(spec, "action") == Some("attach");
        if attach {
            props.insert("resourceId".into(), json!(v1_cluster_id(spec, ws)));
            // azureml-core's attach template always sends these two (azure-facts §2.6).
            if spec.get("load_balancer_type").is_none() {
                inner.insert("loadBalancerType".into(), json!("PublicIp"));
                inner.insert("loadBalancerSubnet".into(), Value::Null);
            }
        } else {
            if let Some(l) = s(spec, "location") {
                props.insert("computeLocation".into(), json!(l));
            }
            if let Some(n) = spec.get("agent_count") {
                inner.insert("agentCount".into(), n.clone());
            }
            if let Some(v) = s(spec, "vm_size") {
                inner.insert("agentVmSize".into(), json!(v));
            }
            if let Some(vnet) = spec.get("vnet") {
                inner.insert(
                    "aksNetworkingConfiguration".into(),
                    json!({
                        "subnetId": format!(
                            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/virtualNetworks/{}/subnets/{}",
                            ws.subscription, s(vnet, "resource_group").unwrap(), s(vnet, "name").unwrap(), s(vnet, "subnet").unwrap()
                        ),
                        "serviceCidr": vnet["service_cidr"],
                        "dnsServiceIP": vnet["dns_service_ip"],
                        "dockerBridgeCidr": vnet["docker_bridge_cidr"],
                    }),
                );
            }
        }
        if let Some(d) = s(spec, "description") {
            props.insert("description".into(), json!(d));
        }
        if let Some(p) = s(spec, "cluster_purpose") {
            inner.insert("clusterPurpose".into(), json!(p));
        }
        if let Some(lb) = s(spec, "load_balancer_type") {
            inner.insert("loadBalancerType".into(), json!(lb));
        }
        if let Some(subnet) = s(spec, "load_balancer_subnet") {
            inner.insert("loadBalancerSubnet".into(), json!(subnet));
        }
        if let Some(ssl) = spec.get("ssl") {
            let value = match s(ssl, "leaf_domain_label") {
                Some(label) => {
                    let mut value = json!({
                        "status": "Auto",
                        "leafDomainLabel": label,
                        "overwriteExistingDomain": ssl.get("overwrite_existing_domain").and_then(Value::as_bool).unwrap_or(false),
                    });
                    // Not in the 2025-12-01 SslConfiguration schema (azure-facts §4.1): reported.
                    if ssl.get("renew").and_then(Value::as_bool) == Some(true) {
                        value["renew"] = json!(true);
                    }
                    value
                }
                // The PEM text is read into the body from its file when the script runs (jq or
                // Get-Content); the written body holds a placeholder, never the key.
                None => json!({
                    "status": "Enabled",
                    "cname": ssl["cname"],
                    "cert": format!("<contents of {}>", s(ssl, "cert_file").unwrap_or("cert.pem")),
                    "key": format!("<contents of {}>", s(ssl, "key_file").unwrap_or("key.pem")),
                }),
            };
            inner.insert("sslConfiguration".into(), value);
        }
        if !inner.is_empty() {
            props.insert("properties".into(), Value::Object(inner));
        }
    }
    body.insert("properties".into(), Value::Object(props));
    Value::Object(body)
}

// --------------------------------------------------------------------------- specs

/// One character a user might type, weighted towards what shells and PowerShell treat specially.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => select(vec![
            '\'', '"', '$', '`', '\\', '!', ' ', '\n', '\t', '\r', '*', '?', '[', ']', '{', '}', '~',
            '-', '#', ';', '&', '|', '<', '>', '(', ')', '%', '^', '=', ',', '@', ':', '/', '.',
            '\u{2018}', '\u{2019}', '\u{201a}', '\u{201b}', '\u{201c}', '\u{201d}', '\u{201e}',
            '\u{2013}', '\u{2014}', '\u{2015}', '\u{e9}', '\u{65e5}', '\u{1f680}', '\u{a0}',
            '\u{2028}', '\u{200b}', '\u{feff}', '\u{7f}', '\u{1b}',
        ]),
        3 => proptest::char::range('a', 'z'),
        1 => any::<char>().prop_filter("NUL cannot be in an argument", |c| *c != '\0'),
    ]
}

/// Free text: hostile characters, or a phrase known to bite.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => vec(hostile_char(), 0..20).prop_map(|v| v.into_iter().collect()),
        1 => select(vec![
            "$(touch PWNED)", "`touch PWNED`", "$HOME", "~", "~root", "-n", "--help", "--%", "*",
            "!!", "!$", "'\\''", "''", "\"", "a b", "${IFS}", "$env:PATH", "@args", "-", "", " ",
            "\n", "it\u{2019}s", "\u{2018}quoted\u{2019}", "x' ; touch PWNED ; '", "=x", "a=b",
            "/etc/*", "{a,b}", "[ab]", "\\", "\\'", "`", "`n", "$null", "&", "%PATH%", "1kb", "0x10",
        ])
        .prop_map(str::to_owned),
    ]
}

/// Non-empty free text that is not blank (paths).
fn hostile_path() -> impl Strategy<Value = String> {
    hostile_text().prop_map(|t| {
        if t.trim().is_empty() {
            format!("x{t}")
        } else {
            t
        }
    })
}

fn guid() -> impl Strategy<Value = String> {
    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
}

/// Azure resource-group names: letters of any script, digits, `_ - . ( )`, not ending in `.`.
fn resource_group() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![
            4 => select(vec!['a', 'Z', '0', '_', '-', '.', '(', ')', '\u{e9}', '\u{65e5}', '\u{416}']),
            1 => any::<char>().prop_filter("letter or digit", |c| c.is_alphanumeric()),
        ],
        1..16,
    )
    .prop_map(|v| v.into_iter().collect::<String>())
    .prop_map(|rg| if rg.ends_with('.') { format!("{rg}x") } else { rg })
}

fn aks_name() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9]([a-zA-Z0-9_-]{0,20}[a-zA-Z0-9])?"
}

/// Arc cluster names may hold almost anything: quotes, `$`, backticks, `!`, `;`, Unicode.
fn arc_name() -> impl Strategy<Value = String> {
    vec(
        hostile_char().prop_filter("allowed in an Arc name", |c| {
            !(c.is_control() || c.is_whitespace() || "<>%&:\\?/*#".contains(*c))
        }),
        1..20,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn cluster_id() -> impl Strategy<Value = String> {
    prop_oneof![
        (guid(), resource_group(), aks_name()).prop_map(|(s, g, n)| format!(
            "/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.ContainerService/managedClusters/{n}"
        )),
        (guid(), resource_group(), arc_name()).prop_map(|(s, g, n)| format!(
            "/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Kubernetes/connectedClusters/{n}"
        )),
    ]
}

fn identity_id() -> impl Strategy<Value = String> {
    (guid(), resource_group(), "[a-zA-Z0-9][a-zA-Z0-9_-]{2,20}").prop_map(|(s, g, n)| {
        format!("/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{n}")
    })
}

fn compute_name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{1,14}[a-z0-9]"
}

fn namespace() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        Just("default".to_owned()),
        "[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?",
    ])
}

/// A workspace part: unknown (a placeholder), empty, hostile, or an ordinary name.
fn workspace_part() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(String::new())),
        3 => hostile_text().prop_map(Some),
        2 => "[a-z][a-z0-9-]{2,12}".prop_map(Some),
    ]
}

/// The workspace's identity as a pre-flight or a context file gives it: its type in the
/// spellings ARM and the SDK use, its principal a GUID, hostile text or unknown.
fn workspace_identity() -> impl Strategy<Value = (Option<String>, Option<String>)> {
    let kind = prop_oneof![
        Just(None),
        Just(Some("system_assigned".to_owned())),
        Just(Some("user_assigned".to_owned())),
        Just(Some("UserAssigned".to_owned())),
        Just(Some("SystemAssigned, UserAssigned".to_owned())),
    ];
    let principal = prop_oneof![
        Just(None),
        "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}".prop_map(Some),
        hostile_text().prop_map(Some),
    ];
    (kind, principal)
}

fn workspace() -> impl Strategy<Value = Workspace> {
    (
        workspace_part(),
        workspace_part(),
        workspace_part(),
        workspace_part(),
        workspace_identity(),
    )
        .prop_map(
            |(
                subscription_id,
                resource_group,
                name,
                location,
                (identity_type, identity_principal_id),
            )| Workspace {
                subscription_id,
                resource_group,
                name,
                location,
                identity_type,
                identity_principal_id,
            },
        )
}

/// JSON values for the pass-through `properties`.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        hostile_text().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::from),
            btree_map(hostile_text(), inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn v2_case() -> impl Strategy<Value = Case> {
    let identity = prop_oneof![
        2 => Just(None),
        1 => Just(Some(json!({ "type": "system_assigned" }))),
        1 => Just(Some(json!({ "type": "none" }))),
        2 => vec(identity_id(), 1..3).prop_map(|ids| Some(json!({
            "type": "user_assigned",
            "user_assigned_identities": ids.into_iter().map(|id| json!({ "resource_id": id })).collect::<Vec<_>>(),
        }))),
    ];
    let tags = proptest::option::of(btree_map(hostile_text(), hostile_text(), 0..4));
    let properties = proptest::option::of(btree_map(
        hostile_text().prop_filter("namespace is its own key", |k| k != "namespace"),
        json_value(),
        0..3,
    ));
    (
        compute_name(),
        cluster_id(),
        namespace(),
        identity,
        proptest::option::of(hostile_text()),
        tags,
        properties,
        workspace(),
    )
        .prop_map(
            |(name, id, ns, identity, description, tags, properties, workspace)| {
                let mut spec = Map::new();
                spec.insert("type".into(), json!("kubernetes"));
                spec.insert("name".into(), json!(name));
                spec.insert("resource_id".into(), json!(id));
                if let Some(ns) = ns {
                    spec.insert("namespace".into(), json!(ns));
                }
                if let Some(identity) = identity {
                    spec.insert("identity".into(), identity);
                }
                if let Some(d) = description {
                    spec.insert("description".into(), json!(d));
                }
                if let Some(tags) = tags {
                    spec.insert("tags".into(), json!(tags));
                }
                if let Some(p) = properties {
                    spec.insert("properties".into(), Value::Object(p.into_iter().collect()));
                }
                Case {
                    spec: Value::Object(spec),
                    workspace,
                }
            },
        )
}

fn v1_case() -> impl Strategy<Value = Case> {
    let target = prop_oneof![
        cluster_id()
            .prop_filter("AKS only", |id| id.contains("managedClusters"))
            .prop_map(|id| json!({ "resource_id": id })),
        (resource_group(), aks_name())
            .prop_map(|(g, n)| json!({ "resource_group": g, "cluster_name": n })),
    ];
    let action = prop_oneof![
        target.prop_map(|t| ("attach", t)),
        (
            proptest::option::of(3u32..8),
            proptest::option::of(prop_oneof![
                Just("Standard_D3_v2".to_owned()),
                hostile_path()
            ]),
            proptest::option::of("[a-z]{4,10}[0-9]?"),
            proptest::option::of((hostile_path(), hostile_path(), hostile_path())),
        )
            .prop_map(|(count, size, location, vnet)| {
                let mut m = Map::new();
                if let Some(c) = count {
                    m.insert("agent_count".into(), json!(c));
                }
                if let Some(s) = size {
                    m.insert("vm_size".into(), json!(s));
                }
                if let Some(l) = location {
                    m.insert("location".into(), json!(l));
                }
                if let Some((g, n, s)) = vnet {
                    m.insert(
                        "vnet".into(),
                        json!({
                            "resource_group": g, "name": n, "subnet": s,
                            "service_cidr": "10.0.0.0/16", "dns_service_ip": "10.0.0.10",
                            "docker_bridge_cidr": "172.17.0.1/16",
                        }),
                    );
                }
                ("create", Value::Object(m))
            }),
    ];
    let load_balancer = prop_oneof![
        Just(json!({})),
        Just(json!({ "load_balancer_type": "PublicIp" })),
        Just(json!({ "load_balancer_type": "InternalLoadBalancer" })),
        hostile_path().prop_map(
            |s| json!({ "load_balancer_type": "InternalLoadBalancer", "load_balancer_subnet": s })
        ),
    ];
    let ssl = prop_oneof![
        Just(None),
        (
            "[a-z]{1,10}(\\.[a-z]{2,6}){1,2}",
            hostile_path(),
            hostile_path()
        )
            .prop_map(|(c, cert, key)| Some(
                json!({ "cname": c, "cert_file": cert, "key_file": key })
            )),
        "[a-z]{1,10}\\.[a-z]{2,6}".prop_map(|c| Some(json!({
            "cname": c,
            "cert": "-----BEGIN CERTIFICATE-----\nSECRETCERT\n-----END CERTIFICATE-----\n",
            "key": "-----BEGIN PRIVATE KEY-----\nSECRETKEY\n-----END PRIVATE KEY-----\n",
        }))),
        ("[a-z][a-z0-9]{2,20}", any::<bool>(), any::<bool>()).prop_map(|(l, o, r)| Some(json!({
            "leaf_domain_label": l, "overwrite_existing_domain": o, "renew": r,
        }))),
    ];
    (
        compute_name(),
        proptest::option::of(hostile_text()),
        action,
        proptest::option::of(select(vec!["DevTest", "FastProd"])),
        load_balancer,
        ssl,
        workspace(),
    )
        .prop_map(
            |(name, description, (action, fields), purpose, lb, ssl, workspace)| {
                let mut spec = Map::new();
                spec.insert("type".into(), json!("aks"));
                spec.insert("name".into(), json!(name));
                spec.insert("action".into(), json!(action));
                if let Some(d) = description {
                    spec.insert("description".into(), json!(d));
                }
                spec.extend(fields.as_object().unwrap().clone());
                if let Some(p) = purpose {
                    spec.insert("cluster_purpose".into(), json!(p));
                }
                spec.extend(lb.as_object().unwrap().clone());
                if let Some(ssl) = ssl {
                    spec.insert("ssl".into(), ssl);
                }
                Case {
                    spec: Value::Object(spec),
                    workspace,
                }
            },
        )
}

// --------------------------------------------------------------------------- the fixtures in PowerShell

/// Every PowerShell script the generators write for the validator's cases (`tests/cases/`, each
/// with its context, the golden files' cases among them), and every PowerShell fix command the
/// troubleshooter writes for its knowledge base's real messages, with and without a spec, is
/// read by [`pwsh`]: no construct it refuses, every native command found. With
/// `AMLATTACH_PWSH_CORPUS` each is recorded for the independent check with tree-sitter's
/// PowerShell grammar (tests/powershell/).
#[test]
fn every_fixture_script_in_powershell_is_read() {
    let now = common::now();
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut read = 0;
    let mut check = |source: String, script: &str| {
        let commands = pwsh::commands(script).unwrap_or_else(|e| panic!("{source}: {e}\n{script}"));
        record_powershell(&source, script, &commands);
        read += 1;
    };
    let mut full = None;
    for path in common::yml_files(&cases) {
        let name = path.strip_prefix(&cases).unwrap().display().to_string();
        if name.ends_with(".context.yml") {
            continue;
        }
        let context_text = fs::read_to_string(path.with_extension("context.yml")).ok();
        // A case that is not UTF-8 tests the reader's refusal: no spec to generate from.
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        if name.starts_with("extension/") {
            // An extension spec: every extension target, and the runbooks that install it on a
            // compute of its cluster.
            let Ok(checked) = request::validate_extension(
                Given::Text(&text),
                context_text.as_deref().map(Given::Text),
                &Workspace::default(),
                None,
                now,
            )
            .into_spec() else {
                continue;
            };
            for info in amlattach::generate::extension_targets() {
                let output =
                    amlattach::generate::generate_extension(&checked.0, info.target, Shell::Pwsh);
                if output.language == "powershell" {
                    check(format!("tests/cases/{name} ({})", info.id), &output.text);
                }
            }
            let compute = format!(
                "name: k8s-compute\ntype: kubernetes\nresource_id: {}\n",
                checked.0.cluster
            );
            for target in [Target::Prepare, Target::Reattach] {
                let output = request::generate(
                    Given::Text(&compute),
                    None,
                    Some(Given::Text(&text)),
                    &Workspace::default(),
                    target,
                    Shell::Pwsh,
                    now,
                )
                .unwrap_or_else(|e| panic!("{name} ({target}): {e}"));
                check(format!("tests/cases/{name} ({target})"), &output.text);
            }
            continue;
        }
        for info in targets() {
            // The spec in its context, as every front end asks: a spec with errors has nothing
            // to generate.
            let Ok(output) = request::generate(
                Given::Text(&text),
                context_text.as_deref().map(Given::Text),
                None,
                &Workspace::default(),
                info.target,
                Shell::Pwsh,
                now,
            ) else {
                break;
            };
            if output.language == "powershell" {
                check(format!("tests/cases/{name} ({})", info.id), &output.text);
            }
        }
        if name == "context/v2-full.yml" {
            full = Some(text.clone()).zip(context_text.clone());
        }
    }
    let (spec, context) = full.expect("tests/cases/context/v2-full.yml validates");
    for failure in known_failures() {
        for source in &failure.sources {
            for (with, spec, context) in [
                ("the full v2 spec", Some(&spec), Some(&context)),
                ("no spec", None, None),
            ] {
                let explained = request::explain(
                    source.message,
                    spec.map(|s| Given::Text(s.as_str())),
                    context.map(|c| Given::Text(c.as_str())),
                    &Workspace::default(),
                    Shell::Pwsh,
                    now,
                )
                .expect("the full context reads")
                .explanation;
                let fixes = explained
                    .matches
                    .iter()
                    .flat_map(|m| m.causes.iter().map(|c| &c.fix))
                    .chain(&explained.generic_checks);
                for command in fixes.flat_map(|fix| &fix.commands) {
                    if command.language == "powershell" {
                        check(format!("explain {} ({with})", failure.id), &command.text);
                    }
                }
            }
        }
    }
    assert!(read > 100, "only {read} PowerShell scripts and commands");
    eprintln!("powershell fixtures: {read} scripts and fix commands read");
}

/// With `AMLATTACH_PWSH_CORPUS=DIR` (scripts/test.sh sets it), each PowerShell script or command
/// this file reads goes to `DIR/generate_argv.jsonl` with the commands [`pwsh`] found in it
/// (`$env:AZURE_TOKEN` as written, not the test token), after a first line naming the programs
/// it records; tests/powershell/ parses each with tree-sitter's grammar and compares.
fn record_powershell(source: &str, script: &str, commands: &[Vec<String>]) {
    static CORPUS: OnceLock<Option<Mutex<fs::File>>> = OnceLock::new();
    let corpus = CORPUS.get_or_init(|| {
        let dir = std::env::var_os("AMLATTACH_PWSH_CORPUS")?;
        fs::create_dir_all(&dir).unwrap();
        let mut file = fs::File::create(Path::new(&dir).join("generate_argv.jsonl")).unwrap();
        writeln!(file, "{}", json!({ "programs": STUBBED })).unwrap();
        Some(Mutex::new(file))
    });
    let Some(file) = corpus else {
        return;
    };
    let commands: Vec<Vec<String>> = commands
        .iter()
        .map(|argv| {
            argv.iter()
                .map(|arg| arg.replace(TOKEN, "$env:AZURE_TOKEN"))
                .collect()
        })
        .collect();
    let line = json!({ "source": source, "script": script, "commands": commands });
    writeln!(file.lock().unwrap(), "{line}").unwrap();
}

// --------------------------------------------------------------------------- PowerShell

/// A reader for the PowerShell that generated scripts are allowed to contain, from PowerShell's
/// documented rules. It returns the argv of each native command (`az`, `kubectl`, `curl`, …)
/// wherever a statement can start (a line, `{ … }`, `@( … )`, after `;` or `||`), and the
/// single-quoted here-strings; it refuses what it does not fully understand inside a command, so
/// that a construct outside the rules it knows fails the test instead of being guessed at.
mod pwsh {
    use super::{STUBBED, TOKEN};

    /// What a script names.
    #[derive(Debug, Default)]
    pub struct Read {
        pub commands: Vec<Vec<String>>,
        pub here_strings: Vec<String>,
    }

    /// PowerShell's tokenizer takes these four besides `'` for single quotes (CharExtensions
    /// `IsSingleQuote`: U+2018 ‘, U+2019 ’, U+201A ‚, U+201B ‛).
    pub fn is_single_quote(c: char) -> bool {
        matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}')
    }

    /// … and these three besides `"` for double quotes (`IsDoubleQuote`: U+201C “, U+201D ”,
    /// U+201E „).
    pub fn is_double_quote(c: char) -> bool {
        matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}')
    }

    /// Characters of a bare argument that PowerShell passes on as typed: no expansion (`$`, `@`,
    /// backtick), no grouping (`(`, `{`, `[`), no array (`,`), no statement end (`;`, `&`, `|`),
    /// no redirection, no comment, no quote of any kind. (A bare numeric literal such as `1kb`
    /// stringifies to its original text when passed to a native command, PowerShell#9157.)
    fn bare_ok(c: char) -> bool {
        c.is_ascii_alphanumeric() || "_./:-=+".contains(c)
    }

    /// The argv of each native command in `text`, in order.
    pub fn commands(text: &str) -> Result<Vec<Vec<String>>, String> {
        read(text).map(|r| r.commands)
    }

    /// How an argument that is the variable `name` is returned: a text no argument can be (a
    /// NUL cannot reach a native command's argv).
    pub fn variable(name: &str) -> String {
        format!("\0${name}")
    }

    pub fn read(text: &str) -> Result<Read, String> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Read::default();
        let mut i = 0;
        let mut statement_start = true;
        // Variables the script set (`$name = …` at the start of a statement).
        let mut assigned: Vec<String> = Vec::new();
        while i < chars.len() {
            let c = chars[i];
            if c == ' ' || c == '\t' {
                i += 1;
                continue;
            }
            if statement_start && c == '$' {
                let name: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                    .collect();
                let after = i + 1 + name.len();
                if !name.is_empty() && chars.get(after..after + 3) == Some(&[' ', '=', ' ']) {
                    assigned.push(name);
                }
            }
            if statement_start {
                let word: String = chars[i..]
                    .iter()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, ')' | '}' | ';' | '|'))
                    .collect();
                let program = word.as_str();
                if STUBBED.contains(&program) {
                    let (mut argv, next) = command(&chars, i + word.chars().count(), &assigned)?;
                    argv.insert(0, program.to_owned());
                    out.commands.push(argv);
                    i = next;
                    statement_start = false;
                    continue;
                }
            }
            statement_start = false;
            match c {
                '\n' | '{' | '(' | ';' => {
                    statement_start = true;
                    i += 1;
                }
                '|' => {
                    // `||` starts a statement; `|` a pipeline element (a cmdlet here).
                    statement_start = true;
                    i += 1;
                }
                '#' => {
                    while i < chars.len() && chars[i] != '\n' {
                        i += 1;
                    }
                }
                '@' if chars.get(i + 1).is_some_and(|c| is_single_quote(*c))
                    && chars.get(i + 2) == Some(&'\n') =>
                {
                    // A verbatim here-string: up to a line that starts with a quote and `@`.
                    let start = i + 3;
                    let mut j = start;
                    loop {
                        if j >= chars.len() {
                            return Err("a here-string is not closed".to_owned());
                        }
                        if chars[j - 1] == '\n'
                            && is_single_quote(chars[j])
                            && chars.get(j + 1) == Some(&'@')
                        {
                            break;
                        }
                        j += 1;
                    }
                    out.here_strings.push(chars[start..j - 1].iter().collect());
                    i = j + 2;
                }
                c if is_single_quote(c) => i = single_quoted(&chars, i)?.1,
                c if is_double_quote(c) => i = double_quoted(&chars, i)?.1,
                _ => i += 1,
            }
        }
        Ok(out)
    }

    /// A single-quoted string starting at `i`: its value and the index after it.
    fn single_quoted(chars: &[char], mut i: usize) -> Result<(String, usize), String> {
        i += 1;
        let mut value = String::new();
        loop {
            let Some(&c) = chars.get(i) else {
                return Err("a single-quoted string is not closed".to_owned());
            };
            if is_single_quote(c) {
                match chars.get(i + 1) {
                    Some(&next) if is_single_quote(next) => {
                        // Doubled: the second character is kept, whichever quote it is.
                        value.push(next);
                        i += 2;
                    }
                    _ => return Ok((value, i + 1)),
                }
            } else {
                value.push(c);
                i += 1;
            }
        }
    }

    /// A double-quoted string starting at `i`: its raw text and the index after it. It ends at
    /// the first double-quote character of any of the four kinds that is neither doubled nor
    /// escaped with a backtick.
    fn double_quoted(chars: &[char], mut i: usize) -> Result<(String, usize), String> {
        i += 1;
        let mut raw = String::new();
        loop {
            let Some(&c) = chars.get(i) else {
                return Err("a double-quoted string is not closed".to_owned());
            };
            if c == '`' {
                raw.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    raw.push(next);
                }
                i += 2;
            } else if is_double_quote(c) {
                if chars.get(i + 1).is_some_and(|n| is_double_quote(*n)) {
                    raw.push(c);
                    raw.push(chars[i + 1]);
                    i += 2;
                } else {
                    return Ok((raw, i + 1));
                }
            } else {
                raw.push(c);
                i += 1;
            }
        }
    }

    /// The arguments of a native command starting at `i`, and the index where the statement
    /// ends (a newline, or an unquoted `|`, `)`, `}`, `;` or redirection, left for the caller).
    fn command(
        chars: &[char],
        mut i: usize,
        assigned: &[String],
    ) -> Result<(Vec<String>, usize), String> {
        let mut argv = Vec::new();
        loop {
            // Spaces, and line continuations (a backtick that ends its line).
            while let Some(&c) = chars.get(i) {
                if c == ' ' || c == '\t' {
                    i += 1;
                } else if c == '`' && chars.get(i + 1) == Some(&'\n') {
                    i += 2;
                } else {
                    break;
                }
            }
            let end_of_word = |j: usize| {
                chars
                    .get(j)
                    .is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | ')' | '}' | ';' | '|'))
            };
            match chars.get(i) {
                None => return Ok((argv, i)),
                Some('\n' | ')' | '}' | ';' | '|' | '>') => return Ok((argv, i)),
                Some('2') if chars.get(i + 1) == Some(&'>') => return Ok((argv, i)),
                Some(&c) if is_single_quote(c) => {
                    let (value, next) = single_quoted(chars, i)?;
                    if !end_of_word(next) {
                        return Err(format!(
                            "a quoted argument is followed by {:?} without a space",
                            chars[next]
                        ));
                    }
                    argv.push(value);
                    i = next;
                }
                Some(&c) if is_double_quote(c) => {
                    // Only the token header: a fixed text around `$env:AZURE_TOKEN`.
                    let (raw, next) = double_quoted(chars, i)?;
                    let value = raw.replace("$env:AZURE_TOKEN", TOKEN);
                    if raw.contains('`') || raw.replace("$env:AZURE_TOKEN", "").contains('$') {
                        return Err(format!("an expandable string {raw:?} in a command"));
                    }
                    if !end_of_word(next) {
                        return Err(
                            "a quoted argument is followed by text without a space".to_owned()
                        );
                    }
                    argv.push(value);
                    i = next;
                }
                Some('(') => {
                    // A secret from the environment after a fixed text, as the extension's
                    // commands write it: `('key=' + $env:NAME)`, nothing else.
                    let (prefix, next) = chars
                        .get(i + 1)
                        .filter(|c| is_single_quote(**c))
                        .map(|_| single_quoted(chars, i + 1))
                        .transpose()?
                        .ok_or("a parenthesis that does not start `('text' + $env:NAME)`")?;
                    let rest: String = chars[next..].iter().take(8).collect();
                    if rest != " + $env:" {
                        return Err(format!("{rest:?} in a parenthesised argument"));
                    }
                    let start = next + 8;
                    let mut j = start;
                    while chars
                        .get(j)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                    {
                        j += 1;
                    }
                    if j == start || chars.get(j) != Some(&')') || !end_of_word(j + 1) {
                        return Err(
                            "a parenthesised argument is not `('text' + $env:NAME)`".to_owned()
                        );
                    }
                    let name: String = chars[start..j].iter().collect();
                    argv.push(format!("{prefix}{}", variable(&format!("env:{name}"))));
                    i = j + 1;
                }
                Some('$') => {
                    // A variable an earlier line set (`$principal`): one argument, its value.
                    let start = i + 1;
                    i = start;
                    while chars
                        .get(i)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                    {
                        i += 1;
                    }
                    let name: String = chars[start..i].iter().collect();
                    if !assigned.contains(&name) || !end_of_word(i) {
                        let word: String = chars[start - 1..i.min(chars.len())].iter().collect();
                        return Err(format!(
                            "{word:?} in a command: not a variable the script set, or not alone"
                        ));
                    }
                    argv.push(variable(&name));
                }
                Some(_) => {
                    let start = i;
                    while !end_of_word(i) {
                        let c = chars[i];
                        if !bare_ok(c) {
                            let word: String = chars[start..=i].iter().collect();
                            return Err(format!(
                                "{c:?} in the bare argument {word:?}: PowerShell would parse or expand it"
                            ));
                        }
                        i += 1;
                    }
                    argv.push(chars[start..i].iter().collect());
                }
            }
        }
    }
}

// --------------------------------------------------------------------------- a few set values

/// Values that need no random search: each must survive every shell target as typed.
#[test]
fn known_hard_values_survive_every_shell_target() {
    let hard = [
        "it's",
        "it\u{2019}s",
        "\u{2018}\u{2019}\u{201a}\u{201b}",
        "$(touch PWNED)",
        "`touch PWNED`",
        "a\nb",
        "-leading",
        "--%",
        "!!",
        "~",
        "*",
        "",
        " ",
        "\\",
        "'\\''",
        "日本語 🚀",
        // Found by the property tests: pasted into interactive bash, a line of a multi-line
        // '…' that starts with ^ is a quick substitution, and \' inside $'…' ends the
        // string for history expansion.
        "a\n^b^c",
        "'\n!",
        "x\u{201e}y",
    ];
    let targets = [
        Target::AzV2,
        Target::Detach,
        Target::ArmAzRest,
        Target::ArmCurl,
    ];
    let mut seen = BTreeSet::new();
    for value in hard {
        let case = Case {
            spec: json!({
                "type": "kubernetes",
                "name": "k8s-prod",
                "resource_id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg(1).x/providers/Microsoft.Kubernetes/connectedClusters/arc'$`!\"x",
                "description": value,
                "tags": { "k": value },
            }),
            workspace: Workspace {
                subscription_id: Some("00000000-0000-0000-0000-000000000001".into()),
                resource_group: Some(value.into()),
                name: Some(value.into()),
                location: Some("eastus".into()),
                identity_type: None,
                identity_principal_id: None,
            },
        };
        let spec = validated(&case.spec).expect("the hard case validates");
        for target in targets {
            check_case(&case, &spec, target).unwrap_or_else(|e| panic!("{value:?}: {e}"));
            seen.insert(target.to_string());
        }
    }
    assert_eq!(seen.len(), targets.len());
}
