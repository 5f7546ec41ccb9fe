//! The Azure ML extension through ARM (`Microsoft.KubernetesConfiguration/extensions`): the PUT
//! and PATCH bodies, and the `az rest` scripts that send them with the PEM files and secrets
//! read at run time. Every document sends [`arm_settings`], what `az k8s-extension create`
//! would have sent.

use serde_json::{json, Map, Value};

use super::arm::{pretty, write_json};
use super::extension::{arc_relay_note, arm_settings, ArmValue};
use super::shell::{quote, Cmd, Script, Shell};
use super::url::segment;
use super::Output;
use crate::arm::EXTENSIONS_API;
use crate::extension::{ExtensionSpec, EXTENSION_TYPE, RELEASE_NAMESPACE};
use crate::resource_id::ClusterKind;

/// The extension's ARM address with its api-version.
fn extension_url(spec: &ExtensionSpec) -> String {
    format!(
        "https://management.azure.com{}/providers/Microsoft.KubernetesConfiguration/extensions/{}?api-version={EXTENSIONS_API}",
        spec.cluster,
        segment(&spec.name)
    )
}

/// Placeholders the JSON body holds for what is read at run time.
fn json_value(value: &ArmValue) -> Value {
    match value {
        ArmValue::Text(text) => json!(text),
        ArmValue::Location => json!("<cluster-region>"),
        ArmValue::Domain => json!("<cluster-region>.cloudapp.azure.com"),
        ArmValue::FileBase64(path) => json!(format!("<base64 of {path}>")),
        ArmValue::Env(var) => json!(format!("<${var}>")),
    }
}

fn map(list: &[(String, ArmValue)]) -> Value {
    let mut out = Map::new();
    for (key, value) in list {
        out.insert(key.clone(), json_value(value));
    }
    Value::Object(out)
}

/// The properties that are neither settings nor expressions: the extension type and scope
/// (PUT only), the version policy.
pub(super) fn fixed_properties(spec: &ExtensionSpec, put: bool) -> Map<String, Value> {
    let mut props = Map::new();
    if put {
        props.insert("extensionType".into(), json!(EXTENSION_TYPE));
        props.insert(
            "scope".into(),
            json!({ "cluster": { "releaseNamespace": RELEASE_NAMESPACE } }),
        );
    }
    props.insert(
        "autoUpgradeMinorVersion".into(),
        json!(spec.auto_upgrade && spec.version.is_none()),
    );
    props.insert("releaseTrain".into(), json!(spec.release_train));
    if let Some(version) = &spec.version {
        props.insert("version".into(), json!(version));
    }
    props
}

/// The properties of a PUT (`put`) or a PATCH, settings included.
fn properties(spec: &ExtensionSpec, put: bool) -> Map<String, Value> {
    let settings = arm_settings(spec);
    let mut props = fixed_properties(spec, put);
    props.insert("configurationSettings".into(), map(&settings.config));
    if !settings.protected.is_empty() {
        props.insert(
            "configurationProtectedSettings".into(),
            map(&settings.protected),
        );
    }
    props
}

/// The PUT body: placeholders `<…>` stand for the region and what is read from files and the
/// environment at run time (the az rest target fills them).
pub(super) fn put_body(spec: &ExtensionSpec) -> Value {
    let mut body = Map::new();
    if spec.cluster.kind == ClusterKind::Arc {
        // The CLI gives the extension a system-assigned identity on Arc clusters only.
        body.insert("identity".into(), json!({ "type": "SystemAssigned" }));
    }
    body.insert("properties".into(), Value::Object(properties(spec, true)));
    Value::Object(body)
}

/// What the body sent from the page is filled with: the cluster's region and the PEM files'
/// text (never kept; base64 in the body as the CLI sends it).
pub struct LiveInputs<'a> {
    /// The cluster's region.
    pub location: &'a str,
    /// The certificate and key files' text, when the spec names them.
    pub pem: Option<(&'a str, &'a str)>,
}

/// The PUT (`put`) or PATCH body ARM gets from the page, every value filled; or what is missing
/// for it (a secret the page does not take, the PEM files' text).
pub fn live_body(
    spec: &ExtensionSpec,
    put: bool,
    inputs: &LiveInputs<'_>,
) -> Result<Value, String> {
    use base64ct::{Base64, Encoding};
    let settings = arm_settings(spec);
    let fill = |list: &[(String, ArmValue)]| -> Result<Value, String> {
        let mut out = Map::new();
        for (key, value) in list {
            let text = match value {
                ArmValue::Text(text) => text.clone(),
                ArmValue::Location => inputs.location.to_owned(),
                ArmValue::Domain => format!("{}.cloudapp.azure.com", inputs.location),
                ArmValue::FileBase64(_) => {
                    let (cert, key_text) = inputs.pem.ok_or_else(|| {
                        "the certificate's PEM files (sslCertPemFile and sslKeyPemFile): choose them so their text goes into the request".to_owned()
                    })?;
                    let file = if key == "scoringFe.sslKey" {
                        key_text
                    } else {
                        cert
                    };
                    Base64::encode_string(file.as_bytes())
                }
                ArmValue::Env(var) => {
                    return Err(format!("`{key}`, a secret this page does not take (the generated commands read it from ${var}): install with the az-create target"));
                }
            };
            out.insert(key.clone(), Value::String(text));
        }
        Ok(Value::Object(out))
    };
    let mut props = fixed_properties(spec, put);
    props.insert("configurationSettings".into(), fill(&settings.config)?);
    if !settings.protected.is_empty() {
        props.insert(
            "configurationProtectedSettings".into(),
            fill(&settings.protected)?,
        );
    }
    let mut body = Map::new();
    if put && spec.cluster.kind == ClusterKind::Arc {
        body.insert("identity".into(), json!({ "type": "SystemAssigned" }));
    }
    body.insert("properties".into(), Value::Object(props));
    Ok(Value::Object(body))
}

/// The PUT body alone.
pub(super) fn arm_json(spec: &ExtensionSpec) -> Output {
    Output {
        text: pretty(&put_body(spec)) + "\n",
        language: "json",
        filename: "extension-body.json".to_owned(),
    }
}

/// `az rest` PUT (install) or PATCH (update), the region, files and secrets filled in at run
/// time so no key is ever written into the script.
pub(super) fn az_rest(spec: &ExtensionSpec, shell: Shell, patch: bool) -> Output {
    let mut script = Script::new(shell);
    let (verb, body) = if patch {
        script.comment("Update the Azure ML extension through ARM (PATCH): the settings given replace the earlier ones; protected settings replace the whole set.");
        let mut b = Map::new();
        b.insert("properties".into(), Value::Object(properties(spec, false)));
        ("patch", Value::Object(b))
    } else {
        script.comment("Install the Azure ML extension through ARM (PUT), with the settings az k8s-extension create would add itself.");
        ("put", put_body(spec))
    };
    if let Some(note) = arc_relay_note(spec) {
        script.comment(note);
    }
    let settings = arm_settings(spec);
    script.step("The cluster's region, which several settings name.");
    let location = Cmd::new("az resource show")
        .opt("--ids", spec.cluster.to_string())
        .opt("--query", "location")
        .opt("--output", "tsv");
    match shell {
        Shell::Bash => script.raw(&format!("location=$({})", location.render_line(shell))),
        Shell::Pwsh => script.raw(&format!("$location = ({})", location.render_line(shell))),
    };
    script.step("The body, then the region, files and secrets put into it (umask 077: only you can read it).");
    if shell == Shell::Bash {
        script.raw("umask 077");
    }
    write_json(&mut script, "extension-body.json", &pretty(&body));
    fill(&mut script, &settings.config, &settings.protected);
    script.step("Send it (az rest signs in with your az login), then remove the body.");
    script.cmd(
        &Cmd::new("az rest")
            .opt("--method", verb)
            .opt("--url", extension_url(spec))
            .opt("--headers", "Content-Type=application/json")
            .opt("--body", "@extension-body.json"),
    );
    match shell {
        Shell::Bash => script.raw("rm -f extension-body.json"),
        Shell::Pwsh => script.raw("Remove-Item -Path extension-body.json"),
    };
    script.step(
        "ARM answers at once; the install goes on in the cluster. Its state until Succeeded:",
    );
    script.cmd(
        &Cmd::new("az rest")
            .opt("--method", "get")
            .opt("--url", extension_url(spec))
            .opt("--query", "properties.{state: provisioningState, version: currentVersion, statuses: statuses}"),
    );
    script.finish(if patch {
        "extension-patch-az-rest"
    } else {
        "extension-put-az-rest"
    })
}

/// Replaces the body's placeholders with the region, the files' base64 and the secrets.
fn fill(script: &mut Script, config: &[(String, ArmValue)], protected: &[(String, ArmValue)]) {
    let shell = script.shell();
    let lists = [
        ("configurationSettings", config),
        ("configurationProtectedSettings", protected),
    ];
    match shell {
        Shell::Bash => {
            let mut jq = Cmd::new("jq")
                .opt("--arg", "location")
                .opt_var("", "location");
            let mut program = Vec::new();
            for (list, settings) in lists {
                for (key, value) in settings {
                    let at = format!(
                        ".properties.{list}[{}]",
                        serde_json::Value::String(key.clone())
                    );
                    match value {
                        ArmValue::Location => program.push(format!("{at} = $location")),
                        ArmValue::Domain => {
                            program.push(format!("{at} = ($location + \".cloudapp.azure.com\")"))
                        }
                        ArmValue::FileBase64(path) => {
                            let var = format!("f{}", program.len());
                            jq = jq.opt("--rawfile", &var).arg(path);
                            program.push(format!("{at} = (${var} | @base64)"));
                        }
                        ArmValue::Env(var) => program.push(format!("{at} = $ENV.{var}")),
                        ArmValue::Text(_) => {}
                    }
                }
            }
            jq = jq.arg(program.join(" | ")).arg("extension-body.json");
            script.raw(&format!("{} > extension-body.tmp", jq.render(shell)));
            script.raw("mv extension-body.tmp extension-body.json");
        }
        Shell::Pwsh => {
            script.raw("$body = Get-Content -Raw -Path extension-body.json | ConvertFrom-Json");
            for (list, settings) in lists {
                for (key, value) in settings {
                    let target = format!(
                        "$body.properties.{list}.{}",
                        super::shell::pwsh_literal(key)
                    );
                    let expr = match value {
                        ArmValue::Location => "$location".to_owned(),
                        ArmValue::Domain => "\"$location.cloudapp.azure.com\"".to_owned(),
                        ArmValue::FileBase64(path) => format!("[Convert]::ToBase64String([IO.File]::ReadAllBytes((Resolve-Path -Path {}).Path))", quote(shell, path)),
                        ArmValue::Env(var) => format!("$env:{var}"),
                        ArmValue::Text(_) => continue,
                    };
                    script.raw(&format!("{target} = {expr}"));
                }
            }
            script.raw("$body | ConvertTo-Json -Depth 20 | Set-Content -Path extension-body.json -Encoding utf8NoBOM");
        }
    }
}
