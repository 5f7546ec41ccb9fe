//! Golden tests: every target for representative specs, in both shells where it is a script.
//! `UPDATE_EXPECT=1 cargo test generate` rewrites the files under tests/golden/.

use std::path::Path;

use super::*;
use crate::dated::TEST_NOW;
use crate::document;
use crate::validate::{parse_context, validate};

/// The spec and context of a case file under tests/cases/.
fn case(name: &str) -> (AttachSpec, Options) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let text = std::fs::read_to_string(root.join(format!("{name}.yml"))).unwrap();
    let context_path = root.join(format!("{name}.context.yml"));
    let context = if context_path.exists() {
        let node = document::parse(&std::fs::read_to_string(context_path).unwrap()).unwrap();
        parse_context(&node).0
    } else {
        crate::spec::Context::default()
    };
    let validation = validate(&text, &context, TEST_NOW);
    let spec = validation
        .spec
        .unwrap_or_else(|| panic!("{name}: {:?}", validation.report));
    let options = Options {
        shell: Shell::Bash,
        workspace: context.workspace.unwrap_or_default(),
        now: TEST_NOW,
        extension: None,
    };
    (spec, options)
}

/// Every target in both shells into one golden file per case.
fn check(name: &str) {
    let (spec, options) = case(name);
    let mut out = String::new();
    for info in targets() {
        for shell in [Shell::Bash, Shell::Pwsh] {
            let output = generate(
                &spec,
                info.target,
                &Options {
                    shell,
                    ..options.clone()
                },
            );
            let scripted = matches!(output.language, "bash" | "powershell");
            if shell == Shell::Pwsh && !scripted {
                continue;
            }
            out.push_str(&format!(
                "===== {} ({}) {} [{}]\n{}",
                info.id,
                shell.id(),
                output.filename,
                output.language,
                output.text
            ));
        }
    }
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/golden/{}.txt", name.replace('/', "--")));
    expect_test::expect_file![golden].assert_eq(&out);
}

#[test]
fn v2_full_with_workspace() {
    check("context/v2-full");
}

/// The steps around the attach with what the context knows: the workspace's user-assigned
/// identity gets its roles on the cluster, the compute's system-assigned one its jobs' roles.
#[test]
fn v2_prepare_and_grant_with_a_user_assigned_workspace() {
    check("context/v2-prepare-uai");
}

#[test]
fn v2_arc_without_workspace() {
    check("v2/ok-arc-user-assigned");
}

#[test]
fn v1_create_full() {
    check("v1/create-full");
}

#[test]
fn v1_attach_microsoft_certificate_renewed() {
    check("v1/ssl-leaf-overwrite-renew");
}

#[test]
fn v1_attach_by_group_and_name() {
    check("v1/attach-ok-group-and-name");
}

/// Every variant of `Target`, in declaration order, written from the enum rather than from
/// `TARGETS`. `position` is an exhaustive match (no `_` arm), so a variant added to the enum does
/// not compile until it is given its place here, and `every_target_has_a_row_and_an_id` then
/// fails until `TARGETS` has its row.
const ALL: [Target; 15] = [
    Target::Prepare,
    Target::AzV2,
    Target::YamlV2,
    Target::PythonV2,
    Target::AzV1,
    Target::PythonV1,
    Target::ArmJson,
    Target::ArmAzRest,
    Target::ArmCurl,
    Target::Bicep,
    Target::Terraform,
    Target::Kubectl,
    Target::Grant,
    Target::Detach,
    Target::Reattach,
];

/// Where `target` is in `ALL` (and in the enum's declaration).
const fn position(target: Target) -> usize {
    match target {
        Target::Prepare => 0,
        Target::AzV2 => 1,
        Target::YamlV2 => 2,
        Target::PythonV2 => 3,
        Target::AzV1 => 4,
        Target::PythonV1 => 5,
        Target::ArmJson => 6,
        Target::ArmAzRest => 7,
        Target::ArmCurl => 8,
        Target::Bicep => 9,
        Target::Terraform => 10,
        Target::Kubectl => 11,
        Target::Grant => 12,
        Target::Detach => 13,
        Target::Reattach => 14,
    }
}

#[test]
fn every_target_has_a_row_and_an_id() {
    for (index, target) in ALL.into_iter().enumerate() {
        // `ALL` lists each variant once, at its place in the match and in the enum (a variant
        // inserted in the middle of the enum moves the discriminants after it).
        assert_eq!(
            position(target),
            index,
            "{target:?} is not at its place in ALL"
        );
        assert_eq!(
            target as usize, index,
            "{target:?} is not at its place in the enum"
        );
        // Exactly one row, found by `info` (whose fallback to the first row would hide a
        // missing one) and by its id.
        let rows: Vec<_> = targets()
            .iter()
            .filter(|row| row.target == target)
            .collect();
        assert_eq!(
            rows.len(),
            1,
            "{target:?} has {} rows in TARGETS",
            rows.len()
        );
        assert_eq!(target.info().target, target);
        assert_eq!(Target::from_id(rows[0].id), Some(target));
    }
    // No row for anything but a variant, no id twice.
    assert_eq!(targets().len(), ALL.len());
    let mut ids: Vec<_> = targets().iter().map(|row| row.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), ALL.len(), "an id is used twice");
}

/// Issue 18 (item 10): no target drops the spec's description or tags in silence (`az-v2`
/// did): each target that applies either carries them or says they are not sent.
#[test]
fn no_target_drops_description_or_tags_in_silence() {
    // Words no generator writes on its own.
    let (description, tag) = ("Zanzibar pool", "costcentrezq");
    for name in ["context/v2-full", "v1/create-full"] {
        let (mut spec, options) = case(name);
        match &mut spec {
            AttachSpec::Kubernetes(k) => {
                k.description = Some(description.to_owned());
                k.tags.push((tag.to_owned(), "42".to_owned()));
            }
            AttachSpec::Aks(a) => a.description = Some(description.to_owned()),
        }
        let has_tags = matches!(spec, AttachSpec::Kubernetes(_));
        for info in targets() {
            let applies = matches!(
                (info.applies, &spec),
                (Applies::Both, _)
                    | (Applies::Kubernetes, AttachSpec::Kubernetes(_))
                    | (Applies::Aks, AttachSpec::Aks(_))
            );
            // Detach, the kubectl script (namespace, certificate, clean-up) and the steps
            // before and after the attach do not create the compute.
            let creates = !matches!(info.id, "detach" | "kubectl" | "prepare" | "grant");
            if !applies || !creates {
                continue;
            }
            let text = generate(&spec, info.target, &options).text;
            let said = text.contains("not sent");
            assert!(
                said || text.contains("Zanzibar"),
                "{name}: {} drops the description",
                info.id
            );
            if has_tags {
                assert!(
                    said || text.contains(tag),
                    "{name}: {} drops the tags",
                    info.id
                );
            }
        }
    }
}

/// Issue 18 (PowerShell): the v1 clean-up's `throw` joined the namespace as a bare word
/// (`"…" + azureml-ws-ml + "…"`), which PowerShell does not parse; tree-sitter's grammar
/// (tests/powershell/) found it where the project's reader, which reads only native commands,
/// did not.
#[test]
fn powershell_cleanup_joins_the_namespace_as_a_string() {
    let (spec, mut options) = case("v1/create-full");
    options.shell = Shell::Pwsh;
    options.workspace.name = Some("ws-ml".into());
    for target in [Target::Kubectl, Target::Reattach] {
        let text = generate(&spec, target, &options).text;
        assert!(
            text.contains("still run in \" + 'azureml-ws-ml' + \""),
            "{target}:\n{text}"
        );
    }
}

/// The `.d.ts` the wasm edge declares for `TargetInfo.id`: every id, in the tabs' order.
#[test]
fn the_typescript_union_lists_every_target_id() {
    let edge = include_str!("../wasm/generate.rs");
    let union = edge
        .split("export interface TargetInfo {")
        .nth(1)
        .and_then(|rest| rest.split("id:").nth(1))
        .and_then(|rest| rest.split(';').next())
        .expect("the wasm edge declares TargetInfo.id");
    let declared: Vec<&str> = union
        .split('|')
        .map(|c| c.trim().trim_matches('"'))
        .filter(|c| !c.is_empty())
        .collect();
    let ids: Vec<&str> = targets().iter().map(|t| t.id).collect();
    assert_eq!(declared, ids);
}

/// The `.d.ts` the wasm edge declares for `ExtensionTargetInfo.id`: every extension target's id,
/// in order.
#[test]
fn the_typescript_union_lists_every_extension_target() {
    let edge = include_str!("../wasm/extension.rs");
    let union = edge
        .split("export interface ExtensionTargetInfo {")
        .nth(1)
        .and_then(|rest| rest.split("id:").nth(1))
        .and_then(|rest| rest.split(';').next())
        .expect("the wasm edge declares ExtensionTargetInfo.id");
    let declared: Vec<&str> = union
        .split('|')
        .map(|id| id.trim().trim_matches('"'))
        .collect();
    let ids: Vec<&str> = super::extension_targets().iter().map(|t| t.id).collect();
    assert_eq!(declared, ids);
}
