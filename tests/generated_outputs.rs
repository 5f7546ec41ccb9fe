//! Every Python, Bicep and HCL (Terraform) output the generators write, recorded for independent
//! parsers: the python-v2, python-v1, bicep and terraform targets for every validator case
//! (`tests/cases/`, each with its context: the golden files' cases among them), the same for
//! the two golden v2 specs with hostile free text (quotes, backslashes, `${`, `%{`, newlines,
//! Unicode) in the description and tags, and the troubleshooter's Python fixes for every known
//! failure's real messages.
//!
//! Each output goes to `DIR/{python,bicep,hcl}/` with one line in `DIR/manifest.jsonl` saying
//! what the spec holds (name, cluster, namespace, identity, tags, workspace, the ARM body the
//! `arm-json` target sends), taken from the validated spec, never from the generated text.
//! `DIR` is `$AMLATTACH_GENERATED_CORPUS`, else `target/generated`. tests/parsers/ then parses
//! each file with Python's own `ast`, tree-sitter's Bicep grammar and `python-hcl2` and compares the
//! structure with the manifest (`scripts/parse-generated.sh`; scripts/test.sh runs both).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use amlattach::arm::ML_API as API_VERSION;
use amlattach::document;
use amlattach::explain::known_failures;
use amlattach::generate::{generate, targets, Options, Shell, Target};
use amlattach::request::{self, Given};
use amlattach::spec::{
    AksAction, AttachSpec, ClusterPurpose, ClusterRef, ComputeIdentity, Context, LoadBalancer,
    Workspace,
};
use amlattach::validate::{parse_context, validate};

/// Free text no generator may mangle: each language's quotes, escapes and template sequences.
const HOSTILE: &[&str] = &[
    "it's \"quoted\" and 'single'",
    "back\\slash, trailing \\",
    "${var} $${not} %{ if x } %%{y} $ % {}",
    "two\nlines\tand a tab\r\n",
    "\\n \\u{41} \\u0041 \\x41 \\' \\\" \\$",
    "'''triple''' \"\"\"too\"\"\"",
    // Not at the start: tree-sitter's Bicep grammar takes `'//…'` and `'/*…'` for a comment
    // (tests/parsers/check_generated.py).
    "not // a comment /* nor this */ # nor this",
    "<<EOF\nheredoc\nEOF",
    "émoji ✓ 日本語 🚀 \u{a0}nbsp",
    "{{braces}} {0} %s f'{x}'",
];

/// Tag keys of every shape a printer must quote or may leave bare (Azure refuses `<>%&\?/` in
/// them).
const HOSTILE_KEYS: &[&str] = &[
    "cost-center",
    "with space",
    "it's",
    "dq\"key",
    "${key}",
    "1digit",
    "ünïcode",
    "dot.key:colon",
];

#[test]
fn every_python_bicep_and_hcl_output_is_recorded() {
    let mut corpus = Corpus::create();
    let now = common::now();
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut specs = 0;
    for path in common::yml_files(&cases) {
        let name = path.strip_prefix(&cases).unwrap().display().to_string();
        if name.ends_with(".context.yml") {
            continue;
        }
        let context_text = fs::read_to_string(path.with_extension("context.yml")).ok();
        let context = context_text
            .as_deref()
            .and_then(|text| document::parse(text).ok())
            .map(|node| parse_context(&node).0)
            .unwrap_or_default();
        // A case that is not UTF-8 tests the reader's refusal: no spec to generate from.
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let Some(spec) = validate(&text, &context, now).spec else {
            continue;
        };
        specs += 1;
        corpus.record_targets(&format!("tests/cases/{name}"), &spec, &context);
    }
    assert!(specs > 40, "only {specs} cases validate");

    // The golden v2 specs (with and without a workspace) with hostile free text.
    let mut hostile = 0;
    for name in ["context/v2-full", "v2/ok-arc-user-assigned"] {
        let text = fs::read_to_string(cases.join(format!("{name}.yml"))).unwrap();
        let context_text = fs::read_to_string(cases.join(format!("{name}.context.yml"))).ok();
        let context = context_text
            .as_deref()
            .map(|text| parse_context(&document::parse(text).unwrap()).0)
            .unwrap_or_default();
        let base = validate(&text, &context, now).spec.unwrap().normalized();
        for (i, description) in HOSTILE.iter().enumerate() {
            let key = HOSTILE_KEYS[i % HOSTILE_KEYS.len()];
            let mut spec = base.clone();
            spec["description"] = json!(description);
            spec["tags"] = json!({ key: description, "plain": "value" });
            let validation = validate(&spec.to_string(), &context, now);
            let Some(spec) = validation.spec else {
                panic!("{name} with {description:?}: {:?}", validation.report);
            };
            hostile += 1;
            corpus.record_targets(&format!("{name} with hostile text #{i}"), &spec, &context);
        }
    }
    assert_eq!(hostile, 2 * HOSTILE.len());

    // The troubleshooter's Python fixes (v1 Python with a changed purpose or load balancer).
    for (label, name) in [
        ("a v1 attach", Some("v1/attach-ok-group-and-name")),
        ("a v1 create", Some("v1/create-full")),
        ("no spec", None),
    ] {
        let text = name.map(|name| fs::read_to_string(cases.join(format!("{name}.yml"))).unwrap());
        let spec = text
            .as_deref()
            .map(|text| validate(text, &Context::default(), now).spec.unwrap());
        for failure in known_failures() {
            for source in &failure.sources {
                let explained = request::explain(
                    source.message,
                    text.as_deref().map(Given::Text),
                    None,
                    &Workspace::default(),
                    Shell::Bash,
                    now,
                )
                .unwrap()
                .explanation;
                let fixes = explained
                    .matches
                    .iter()
                    .flat_map(|m| m.causes.iter().map(|c| &c.fix))
                    .chain(&explained.generic_checks);
                for command in fixes.flat_map(|fix| &fix.commands) {
                    if command.language == "python" {
                        let expect = spec.as_ref().map_or(json!({ "kind": "aks-fix" }), |spec| {
                            let mut expect = expectation(spec, &Workspace::default());
                            expect["kind"] = json!("aks-fix");
                            expect
                        });
                        corpus.record(
                            &format!("explain {} ({label})", failure.id),
                            "explain",
                            "python",
                            &command.text,
                            expect,
                        );
                    }
                }
            }
        }
    }
    let (dir, counts) = corpus.finish();
    eprintln!(
        "generated outputs recorded in {}: {counts:?}",
        dir.display()
    );
    // Every v2 case has Python, Bicep and HCL; every v1 case Python; the fixes add Python.
    assert!(
        counts.python > 60 && counts.bicep > 40 && counts.hcl > 40,
        "{counts:?}"
    );
    assert!(counts.fixes > 10, "{counts:?}");
}

/// How many files of each language were recorded.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    python: usize,
    bicep: usize,
    hcl: usize,
    /// The troubleshooter's Python fixes, among `python`.
    fixes: usize,
}

/// The recording folder and its manifest.
struct Corpus {
    dir: PathBuf,
    manifest: Vec<String>,
    counts: Counts,
}

impl Corpus {
    /// Empties the folder's three language folders and its manifest.
    fn create() -> Corpus {
        let dir = std::env::var_os("AMLATTACH_GENERATED_CORPUS").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/generated"),
            PathBuf::from,
        );
        for language in ["python", "bicep", "hcl"] {
            let sub = dir.join(language);
            if sub.exists() {
                fs::remove_dir_all(&sub).unwrap();
            }
            fs::create_dir_all(&sub).unwrap();
        }
        Corpus {
            dir,
            manifest: Vec::new(),
            counts: Counts::default(),
        }
    }

    /// The outputs of every target that writes Python, Bicep or HCL for `spec`.
    fn record_targets(&mut self, source: &str, spec: &AttachSpec, context: &Context) {
        let workspace = context.workspace.clone().unwrap_or_default();
        let options = Options {
            shell: Shell::Bash,
            workspace: workspace.clone(),
            now: common::now(),
            extension: None,
        };
        let mut expect = expectation(spec, &workspace);
        if matches!(spec, AttachSpec::Kubernetes(_)) {
            let body = generate(spec, Target::ArmJson, &options).text;
            expect["arm_body"] = serde_json::from_str(&body).unwrap();
        }
        for info in targets() {
            let output = generate(spec, info.target, &options);
            let applies = matches!(
                (info.target, spec),
                (
                    Target::PythonV2 | Target::Bicep | Target::Terraform,
                    AttachSpec::Kubernetes(_)
                ) | (Target::PythonV1, AttachSpec::Aks(_))
            );
            if applies {
                let language = match info.target {
                    Target::Bicep => "bicep",
                    Target::Terraform => "hcl",
                    _ => "python",
                };
                assert_eq!(output.language, language, "{source}: {}", info.id);
            }
            if matches!(output.language, "python" | "bicep" | "hcl") {
                self.record(
                    source,
                    info.id,
                    output.language,
                    &output.text,
                    expect.clone(),
                );
            }
        }
    }

    /// Writes one output and its manifest line.
    fn record(&mut self, source: &str, target: &str, language: &str, text: &str, expect: Value) {
        let extension = match language {
            "python" => "py",
            "bicep" => "bicep",
            _ => "tf",
        };
        let n = self.manifest.len();
        let slug: String = source
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let file = format!("{language}/{n:04}-{slug}-{target}.{extension}");
        fs::write(self.dir.join(&file), text).unwrap();
        let line = json!({
            "file": file,
            "source": source,
            "target": target,
            "language": language,
            "expect": expect,
        });
        self.manifest.push(line.to_string());
        match language {
            "python" => self.counts.python += 1,
            "bicep" => self.counts.bicep += 1,
            _ => self.counts.hcl += 1,
        }
        if target == "explain" {
            self.counts.fixes += 1;
        }
    }

    /// Writes the manifest; what was recorded, by language.
    fn finish(self) -> (PathBuf, Counts) {
        let mut all = self.manifest.join("\n");
        all.push('\n');
        fs::write(self.dir.join("manifest.jsonl"), all).unwrap();
        (self.dir, self.counts)
    }
}

/// What the spec holds that each output must carry, from the validated spec's own fields.
fn expectation(spec: &AttachSpec, workspace: &Workspace) -> Value {
    let ws = json!({
        "subscription_id": workspace.subscription_id,
        "resource_group": workspace.resource_group,
        "name": workspace.name,
        "location": workspace.location,
    });
    match spec {
        AttachSpec::Kubernetes(k) => {
            let identity = k.identity.as_ref().map(|identity| match identity {
                ComputeIdentity::SystemAssigned => json!({ "type": "system_assigned", "ids": [] }),
                ComputeIdentity::UserAssigned(ids) => json!({
                    "type": "user_assigned",
                    "ids": ids.iter().map(ToString::to_string).collect::<Vec<_>>(),
                }),
                ComputeIdentity::None => json!({ "type": "none", "ids": [] }),
            });
            json!({
                "kind": "kubernetes",
                "name": k.name,
                "description": k.description,
                "resource_id": k.resource_id.to_string(),
                "namespace": k.namespace,
                "identity": identity,
                "tags": k.tags,
                "properties": k.properties,
                "workspace": ws,
                "api_version": API_VERSION,
            })
        }
        AttachSpec::Aks(a) => {
            let (action, cluster) = match &a.action {
                AksAction::Attach(ClusterRef::ResourceId(id)) => {
                    ("attach", json!({ "resource_id": id.to_string() }))
                }
                AksAction::Attach(ClusterRef::Name {
                    resource_group,
                    cluster_name,
                }) => (
                    "attach",
                    json!({ "resource_group": resource_group, "cluster_name": cluster_name }),
                ),
                AksAction::Create(create) => (
                    "create",
                    json!({ "agent_count": create.agent_count, "vm_size": create.vm_size, "location": create.location }),
                ),
            };
            let purpose = a.cluster_purpose.map(|purpose| {
                ClusterPurpose::ALL
                    .iter()
                    .find(|(p, _)| *p == purpose)
                    .map(|(_, rest)| *rest)
                    .unwrap()
            });
            let load_balancer = a.load_balancer.as_ref().map(|lb| match lb {
                LoadBalancer::PublicIp => json!({ "type": "PublicIp", "subnet": null }),
                LoadBalancer::Internal { subnet } => {
                    json!({ "type": "InternalLoadBalancer", "subnet": subnet })
                }
            });
            json!({
                "kind": "aks",
                "name": a.name,
                "action": action,
                "cluster": cluster,
                "cluster_purpose": purpose,
                "load_balancer": load_balancer,
                "workspace": ws,
            })
        }
    }
}
