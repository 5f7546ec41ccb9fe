//! The ARM request for an attach or create: the PUT body as the SDKs send it (azure-facts §2.6,
//! §3.7), and scripts that send it with `az rest` or `curl`, reading TLS material from files
//! and the token from `$AZURE_TOKEN`, never from the command line.

use serde_json::{json, Map, Value};

use super::az::{inline_pem_note, pem_path};
use super::shell::{quote, Cmd, Script, Shell};
use super::url::compute_url;
use super::{Output, Ws};
use crate::resource_id::ClusterKind;
use crate::spec::{
    AksAction, AksCompute, AttachSpec, ClusterRef, ComputeIdentity, KubernetesCompute,
    LoadBalancer, Ssl,
};

/// How the request is sent.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Client {
    AzRest,
    Curl,
}

/// The PUT body.
pub(super) fn body(spec: &AttachSpec, ws: &Ws) -> Value {
    match spec {
        AttachSpec::Kubernetes(k) => kubernetes_body(k, ws),
        AttachSpec::Aks(a) => aks_body(a, ws),
    }
}

fn kubernetes_body(k: &KubernetesCompute, ws: &Ws) -> Value {
    let mut out = Map::new();
    out.insert("location".into(), json!(ws.location));
    match &k.identity {
        Some(ComputeIdentity::SystemAssigned) => {
            out.insert("identity".into(), json!({ "type": "SystemAssigned" }));
        }
        Some(ComputeIdentity::None) => {
            out.insert("identity".into(), json!({ "type": "None" }));
        }
        Some(ComputeIdentity::UserAssigned(ids)) => {
            let ids: Map<String, Value> =
                ids.iter().map(|id| (id.to_string(), json!({}))).collect();
            out.insert(
                "identity".into(),
                json!({ "type": "UserAssigned", "userAssignedIdentities": ids }),
            );
        }
        None => {}
    }
    if !k.tags.is_empty() {
        let tags: Map<String, Value> = k.tags.iter().map(|(n, v)| (n.clone(), json!(v))).collect();
        out.insert("tags".into(), Value::Object(tags));
    }
    let mut inner = k.properties.clone();
    // azure-ai-ml writes the namespace last, over any `properties.namespace`.
    inner.insert("namespace".into(), json!(k.namespace));
    let mut properties = Map::new();
    properties.insert("computeType".into(), json!("Kubernetes"));
    properties.insert("computeLocation".into(), json!(ws.location));
    if let Some(description) = &k.description {
        properties.insert("description".into(), json!(description));
    }
    properties.insert("resourceId".into(), json!(k.resource_id.to_string()));
    properties.insert("properties".into(), Value::Object(inner));
    out.insert("properties".into(), Value::Object(properties));
    Value::Object(out)
}

fn aks_body(a: &AksCompute, ws: &Ws) -> Value {
    let mut inner = Map::new();
    let mut properties = Map::new();
    properties.insert("computeType".into(), json!("AKS"));
    match &a.action {
        AksAction::Attach(target) => {
            let id = match target {
                ClusterRef::ResourceId(id) => id.to_string(),
                ClusterRef::Name { resource_group, cluster_name } => format!(
                    "/subscriptions/{}/resourceGroups/{resource_group}/providers/Microsoft.ContainerService/managedClusters/{cluster_name}",
                    ws.subscription
                ),
            };
            properties.insert("resourceId".into(), json!(id));
        }
        AksAction::Create(create) => {
            if let Some(location) = &create.location {
                properties.insert("computeLocation".into(), json!(location));
            }
            if let Some(count) = create.agent_count {
                inner.insert("agentCount".into(), json!(count));
            }
            if let Some(size) = &create.vm_size {
                inner.insert("agentVmSize".into(), json!(size));
            }
        }
    }
    if let Some(description) = &a.description {
        properties.insert("description".into(), json!(description));
    }
    if let Some(purpose) = a.cluster_purpose {
        inner.insert("clusterPurpose".into(), json!(purpose.as_str()));
    }
    match (&a.load_balancer, &a.action) {
        (Some(LoadBalancer::PublicIp), _) => {
            inner.insert("loadBalancerType".into(), json!("PublicIp"));
        }
        (Some(LoadBalancer::Internal { subnet }), _) => {
            inner.insert("loadBalancerType".into(), json!("InternalLoadBalancer"));
            if let Some(subnet) = subnet {
                inner.insert("loadBalancerSubnet".into(), json!(subnet));
            }
        }
        // azureml-core's attach template always sends these two.
        (None, AksAction::Attach(_)) => {
            inner.insert("loadBalancerType".into(), json!("PublicIp"));
            inner.insert("loadBalancerSubnet".into(), Value::Null);
        }
        (None, AksAction::Create(_)) => {}
    }
    match &a.ssl {
        Some(Ssl::Custom { cname, cert, key }) => {
            inner.insert(
                "sslConfiguration".into(),
                json!({
                    "status": "Enabled",
                    "cname": cname,
                    "cert": format!("<contents of {}>", pem_path(cert, "cert.pem")),
                    "key": format!("<contents of {}>", pem_path(key, "key.pem")),
                }),
            );
        }
        Some(Ssl::Microsoft {
            leaf_domain_label,
            overwrite_existing_domain,
            renew,
        }) => {
            let mut ssl = json!({
                "status": "Auto",
                "leafDomainLabel": leaf_domain_label,
                "overwriteExistingDomain": overwrite_existing_domain,
            });
            if *renew {
                ssl["renew"] = json!(true);
            }
            inner.insert("sslConfiguration".into(), ssl);
        }
        None => {}
    }
    if let AksAction::Create(create) = &a.action {
        if let Some(vnet) = &create.vnet {
            inner.insert(
                "aksNetworkingConfiguration".into(),
                json!({
                    "subnetId": format!(
                        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/virtualNetworks/{}/subnets/{}",
                        ws.subscription, vnet.resource_group, vnet.name, vnet.subnet
                    ),
                    "serviceCidr": vnet.service_cidr.to_string(),
                    "dnsServiceIP": vnet.dns_service_ip.to_string(),
                    "dockerBridgeCidr": vnet.docker_bridge_cidr.to_string(),
                }),
            );
        }
    }
    if !inner.is_empty() {
        properties.insert("properties".into(), Value::Object(inner));
    }
    json!({ "location": ws.location, "properties": properties })
}

pub(super) fn pretty(value: &Value) -> String {
    // Serializing a JSON value to a String cannot fail.
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The PUT body alone.
pub(super) fn arm_json(spec: &AttachSpec, ws: &Ws) -> Output {
    Output {
        text: pretty(&body(spec, ws)) + "\n",
        language: "json",
        filename: "compute-body.json".to_owned(),
    }
}

/// For an AKS cluster and a namespace of its own, the PUT of the namespace as an AKS managed
/// namespace (`crate::arm::managed_namespace_body`), before the compute's: attach neither creates
/// nor checks the namespace, and ARM creates it without kubectl. Arc clusters have none.
fn managed_namespace(script: &mut Script, k: &KubernetesCompute, client: Client) {
    if k.namespace == "default" || k.resource_id.kind != ClusterKind::Aks {
        return;
    }
    script.step(&super::wrap(
        &format!(
            "The namespace `{}`, as an AKS managed namespace: attach neither creates nor checks it, and ARM makes it without kubectl (no resource quota; ingress open for the Azure ML extension; an identical namespace already in the cluster is taken over, and the namespace stays if the ARM resource is deleted). A failure here does not stop the script: the namespace may exist already.",
            k.namespace
        ),
        95,
    ));
    let url = format!(
        "https://management.azure.com{}?api-version={}",
        crate::arm::managed_namespace_path(&k.resource_id, &k.namespace),
        crate::arm::AKS_API
    );
    write_json(
        script,
        "namespace-body.json",
        &pretty(&crate::arm::managed_namespace_body(None)),
    );
    let put = put_command(script.shell(), client, &url, "namespace-body.json");
    let warning = "the namespace was not created through ARM: if it exists already, go on; if not, create it before using the compute";
    match script.shell() {
        Shell::Bash => script.raw(&format!("{put} || echo '{warning}' >&2")),
        Shell::Pwsh => script.raw(&format!(
            "try {{\n{}\n}} catch {{ Write-Warning '{warning}' }}",
            put.lines()
                .map(|line| format!("  {line}"))
                .collect::<Vec<_>>()
                .join("\n")
        )),
    };
}

/// Writes `json` to `file` with a here-document (bash) or here-string (PowerShell).
pub(super) fn write_json(script: &mut Script, file: &str, json: &str) {
    match script.shell() {
        Shell::Bash => {
            // Pretty JSON never has a line that is just this delimiter.
            script.raw(&format!("cat > {file} <<'AMLATTACH_JSON'"));
            script.raw(json);
            script.raw("AMLATTACH_JSON");
        }
        Shell::Pwsh => {
            // Pretty JSON never has a line starting with `'@`.
            script.raw("@'");
            script.raw(json);
            script.raw(&format!(
                "'@ | Set-Content -Path {file} -Encoding utf8NoBOM"
            ));
        }
    }
}

/// The ARM token for curl, from an environment variable (never in the command).
pub(super) fn token(script: &mut Script) {
    script.step("A token for ARM, kept in an environment variable (never in the command):");
    match script.shell() {
        Shell::Bash => {
            script.comment(
                "export AZURE_TOKEN=\"$(az account get-access-token --query accessToken --output tsv)\"",
            );
            script.raw(": \"${AZURE_TOKEN:?set AZURE_TOKEN to an ARM access token first}\"");
        }
        Shell::Pwsh => {
            script.comment(
                "$env:AZURE_TOKEN = az account get-access-token --query accessToken --output tsv",
            );
            script.raw(
                "if (-not $env:AZURE_TOKEN) { throw 'set $env:AZURE_TOKEN to an ARM access token first' }",
            );
        }
    }
}

/// PUTs the JSON in `file` to `url` with `client`.
fn put_file(script: &mut Script, client: Client, url: &str, file: &str) {
    let command = put_command(script.shell(), client, url, file);
    script.raw(&command);
}

/// The command that PUTs the JSON in `file` to `url` with `client`.
fn put_command(shell: Shell, client: Client, url: &str, file: &str) -> String {
    let data = format!("@{file}");
    match client {
        Client::AzRest => Cmd::new("az rest")
            .opt("--method", "put")
            .opt("--url", url)
            .opt("--headers", "Content-Type=application/json")
            .opt("--body", &data)
            .render(shell),
        Client::Curl => {
            let auth = match shell {
                Shell::Bash => "\"Authorization: Bearer $AZURE_TOKEN\"",
                Shell::Pwsh => "\"Authorization: Bearer $env:AZURE_TOKEN\"",
            };
            // PowerShell 7 has no `curl` alias: `curl` is curl (curl.exe on Windows 10 and later).
            let cmd = Cmd::new("curl")
                .flag("--fail-with-body")
                .flag("--silent")
                .flag("--show-error")
                .flag("--include")
                .opt("--request", "PUT")
                .opt("--header", "Content-Type: application/json")
                .opt("--data", &data)
                .arg(url);
            // The Authorization header expands the variable, so it is written by hand.
            let rendered = cmd.render(shell);
            let continuation = if shell == Shell::Bash { " \\" } else { " `" };
            let (first, rest) = rendered.split_once('\n').unwrap_or((&rendered, ""));
            let first = first.trim_end_matches(continuation);
            format!("{first}{continuation}\n  --header {auth}{continuation}\n{rest}")
        }
    }
}

/// A script that writes the body to `compute-body.json`, adds TLS material from files, and
/// sends the PUT.
pub(super) fn arm_script(
    spec: &AttachSpec,
    ws: &Ws,
    shell: Shell,
    client: Client,
    now: crate::dated::Now,
) -> Output {
    let mut script = Script::new(shell);
    let name = spec.name();
    let ssl = match spec {
        AttachSpec::Aks(a) => a.ssl.as_ref(),
        AttachSpec::Kubernetes(_) => None,
    };
    if let AttachSpec::Aks(_) = spec {
        script.comment(&super::v1_note(now));
    }
    if let Some(note) = inline_pem_note(ssl) {
        script.comment(note);
    }
    script.comment(
        "A PUT overwrites a compute of the same name: check first that it does not exist.",
    );
    if client == Client::Curl {
        token(&mut script);
    }
    if let AttachSpec::Kubernetes(k) = spec {
        managed_namespace(&mut script, k, client);
    }
    script.step("The request body.");
    write_json(&mut script, "compute-body.json", &pretty(&body(spec, ws)));
    if let Some(Ssl::Custom { cert, key, .. }) = ssl {
        let (cert, key) = (pem_path(cert, "cert.pem"), pem_path(key, "key.pem"));
        script.step("Put the certificate chain and the key into the body, read from their files.");
        match shell {
            Shell::Bash => {
                let jq = Cmd::new("jq")
                    .opt("--rawfile", "cert")
                    .arg(&cert)
                    .opt("--rawfile", "key")
                    .arg(&key)
                    .arg(".properties.properties.sslConfiguration.cert = $cert | .properties.properties.sslConfiguration.key = $key")
                    .arg("compute-body.json");
                script.raw(&format!("{} > compute-body.tmp", jq.render(shell)));
                script.raw("mv compute-body.tmp compute-body.json");
            }
            Shell::Pwsh => {
                script.raw("$body = Get-Content -Raw -Path compute-body.json | ConvertFrom-Json");
                script.raw(&format!(
                    "$body.properties.properties.sslConfiguration.cert = Get-Content -Raw -Path {}",
                    quote(shell, &cert)
                ));
                script.raw(&format!(
                    "$body.properties.properties.sslConfiguration.key = Get-Content -Raw -Path {}",
                    quote(shell, &key)
                ));
                script.raw("$body | ConvertTo-Json -Depth 20 | Set-Content -Path compute-body.json -Encoding utf8NoBOM");
            }
        }
    }
    let url = compute_url(name, ws);
    match client {
        Client::AzRest => {
            script.step("Send it (az rest signs in with your az login) and show the compute.");
            put_file(&mut script, client, &url, "compute-body.json");
            script.cmd(
                &Cmd::new("az rest")
                    .opt("--method", "get")
                    .opt("--url", &url),
            );
        }
        Client::Curl => {
            script.step("Send it. A 201 answer carries an Azure-AsyncOperation header to poll until Succeeded.");
            put_file(&mut script, client, &url, "compute-body.json");
        }
    }
    script.finish(match client {
        Client::AzRest => "put-compute-az-rest",
        Client::Curl => "put-compute-curl",
    })
}
