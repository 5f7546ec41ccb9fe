//! Python code: azure-ai-ml (v2) and azureml-core (v1), with every string a valid Python literal.

use serde_json::Value;

use super::az::{inline_pem_note, pem_path, unsent_aks};
use super::literal::Literals;
use super::{v1_note, Output, Ws};
use crate::dated::Now;
use crate::spec::{
    AksAction, AksCompute, ClusterPurpose, ClusterRef, ComputeIdentity, KubernetesCompute,
    LoadBalancer, Ssl,
};

pub(super) fn python_v2(k: &KubernetesCompute, ws: &Ws) -> Output {
    let mut out = String::new();
    out.push_str("# pip install azure-ai-ml azure-identity\n");
    out.push_str("from azure.ai.ml import MLClient\n");
    out.push_str("from azure.ai.ml.entities import IdentityConfiguration, KubernetesCompute, ManagedIdentityConfiguration\n");
    out.push_str("from azure.identity import DefaultAzureCredential\n\n");
    out.push_str(&ml_client(ws));
    out.push_str("\ncompute = KubernetesCompute(\n");
    out.push_str(&format!("    name={},\n", py(&k.name)));
    if let Some(description) = &k.description {
        out.push_str(&format!("    description={},\n", py(description)));
    }
    out.push_str(&format!(
        "    resource_id={},\n",
        py(&k.resource_id.to_string())
    ));
    out.push_str(&format!("    namespace={},\n", py(&k.namespace)));
    match &k.identity {
        Some(ComputeIdentity::SystemAssigned) => {
            out.push_str("    identity=IdentityConfiguration(type=\"system_assigned\"),\n")
        }
        Some(ComputeIdentity::None) => {
            out.push_str("    identity=IdentityConfiguration(type=\"none\"),\n")
        }
        Some(ComputeIdentity::UserAssigned(ids)) => {
            out.push_str("    identity=IdentityConfiguration(\n        type=\"user_assigned\",\n        user_assigned_identities=[\n");
            for id in ids {
                out.push_str(&format!(
                    "            ManagedIdentityConfiguration(resource_id={}),\n",
                    py(&id.to_string())
                ));
            }
            out.push_str("        ],\n    ),\n");
        }
        None => {}
    }
    if !k.tags.is_empty() {
        out.push_str("    tags={\n");
        for (name, value) in &k.tags {
            out.push_str(&format!("        {}: {},\n", py(name), py(value)));
        }
        out.push_str("    },\n");
    }
    if !k.properties.is_empty() {
        out.push_str(&format!(
            "    properties={},\n",
            py_value(&Value::Object(k.properties.clone()), 1)
        ));
    }
    out.push_str(")\n\n");
    out.push_str("# Attach (a PUT: it would overwrite a compute of the same name) and wait for the result.\n");
    out.push_str("result = ml_client.compute.begin_create_or_update(compute).result()\n");
    out.push_str("print(result.name, result.provisioning_state)\n\n");
    out.push_str(&format!(
        "# To detach later (never delete an attached cluster):\n# ml_client.compute.begin_delete({}, action=\"Detach\").result()\n",
        py(&k.name)
    ));
    Output {
        text: out,
        language: "python",
        filename: "attach.py".to_owned(),
    }
}

fn ml_client(ws: &Ws) -> String {
    format!(
        "ml_client = MLClient(\n    DefaultAzureCredential(),\n    subscription_id={},\n    resource_group_name={},\n    workspace_name={},\n)\n",
        py(&ws.subscription),
        py(&ws.resource_group),
        py(&ws.name)
    )
}

pub(super) fn python_v1(a: &AksCompute, ws: &Ws, now: Now) -> Output {
    let mut out = String::new();
    for line in v1_note(now).lines() {
        out.push_str(&format!("# {line}\n"));
    }
    out.push_str("# pip install azureml-core\n");
    let configuration = match a.action {
        AksAction::Attach(_) => "AksCompute.attach_configuration",
        AksAction::Create(_) => "AksCompute.provisioning_configuration",
    };
    let notes = [
        inline_pem_note(a.ssl.as_ref()).map(str::to_owned),
        unsent_aks(a, configuration),
    ];
    for note in notes.iter().flatten() {
        for line in note.lines() {
            out.push_str(&format!("# {line}\n"));
        }
    }
    out.push_str("from azureml.core import Workspace\nfrom azureml.core.compute import AksCompute, ComputeTarget\n\n");
    out.push_str(&format!(
        "ws = Workspace(\n    subscription_id={},\n    resource_group={},\n    workspace_name={},\n)\n\n",
        py(&ws.subscription),
        py(&ws.resource_group),
        py(&ws.name)
    ));
    let mut args: Vec<String> = Vec::new();
    let (config, call) = match &a.action {
        AksAction::Attach(target) => {
            match target {
                ClusterRef::ResourceId(id) => {
                    args.push(format!("resource_id={}", py(&id.to_string())))
                }
                ClusterRef::Name {
                    resource_group,
                    cluster_name,
                } => {
                    args.push(format!("resource_group={}", py(resource_group)));
                    args.push(format!("cluster_name={}", py(cluster_name)));
                }
            }
            (
                "attach_config = AksCompute.attach_configuration",
                "aks_target = ComputeTarget.attach(ws, {name}, attach_config)",
            )
        }
        AksAction::Create(create) => {
            if let Some(count) = create.agent_count {
                args.push(format!("agent_count={count}"));
            }
            if let Some(size) = &create.vm_size {
                args.push(format!("vm_size={}", py(size)));
            }
            if let Some(location) = &create.location {
                args.push(format!("location={}", py(location)));
            }
            if let Some(vnet) = &create.vnet {
                args.push(format!(
                    "vnet_resourcegroup_name={}",
                    py(&vnet.resource_group)
                ));
                args.push(format!("vnet_name={}", py(&vnet.name)));
                args.push(format!("subnet_name={}", py(&vnet.subnet)));
                args.push(format!(
                    "service_cidr={}",
                    py(&vnet.service_cidr.to_string())
                ));
                args.push(format!(
                    "dns_service_ip={}",
                    py(&vnet.dns_service_ip.to_string())
                ));
                args.push(format!(
                    "docker_bridge_cidr={}",
                    py(&vnet.docker_bridge_cidr.to_string())
                ));
            }
            (
                "attach_config = AksCompute.provisioning_configuration",
                "aks_target = ComputeTarget.create(ws, {name}, attach_config)",
            )
        }
    };
    if let Some(purpose) = a.cluster_purpose {
        let constant = match purpose {
            ClusterPurpose::FastProd => "AksCompute.ClusterPurpose.FAST_PROD",
            ClusterPurpose::DevTest => "AksCompute.ClusterPurpose.DEV_TEST",
            ClusterPurpose::DenseProd => "\"DenseProd\"",
        };
        args.push(format!("cluster_purpose={constant}"));
    }
    match &a.load_balancer {
        Some(LoadBalancer::PublicIp) => args.push("load_balancer_type=\"PublicIp\"".to_owned()),
        Some(LoadBalancer::Internal { subnet }) => {
            args.push("load_balancer_type=\"InternalLoadBalancer\"".to_owned());
            if let Some(subnet) = subnet {
                args.push(format!("load_balancer_subnet={}", py(subnet)));
            }
        }
        None => {}
    }
    out.push_str(&format!("{config}(\n"));
    for arg in &args {
        out.push_str(&format!("    {arg},\n"));
    }
    out.push_str(")\n");
    let mut renew = None;
    match &a.ssl {
        Some(Ssl::Custom { cname, cert, key }) => out.push_str(&format!(
            "attach_config.enable_ssl(\n    ssl_cert_pem_file={},\n    ssl_key_pem_file={},\n    ssl_cname={},\n)\n",
            py(&pem_path(cert, "cert.pem")),
            py(&pem_path(key, "key.pem")),
            py(cname)
        )),
        Some(Ssl::Microsoft { leaf_domain_label, overwrite_existing_domain, renew: renew_now }) => {
            out.push_str(&format!(
                "attach_config.enable_ssl(leaf_domain_label={}, overwrite_existing_domain={})\n",
                py(leaf_domain_label),
                if *overwrite_existing_domain { "True" } else { "False" }
            ));
            if *renew_now {
                renew = Some((leaf_domain_label, *overwrite_existing_domain));
            }
        }
        None => {}
    }
    out.push_str("attach_config.validate_configuration()\n\n");
    out.push_str(&call.replace("{name}", &py(&a.name)));
    out.push_str("\naks_target.wait_for_completion(show_output=True)\n");
    if let Some((label, overwrite)) = renew {
        out.push_str("\n# Renew the Microsoft certificate now.\nfrom azureml.core.compute.aks import AksUpdateConfiguration, SslConfiguration\n\n");
        out.push_str(&format!(
            "update_config = AksUpdateConfiguration(\n    SslConfiguration(status=\"Auto\", leaf_domain_label={}, overwrite_existing_domain={}, renew=True)\n)\naks_target.update(update_config)\naks_target.wait_for_completion(show_output=True)\n",
            py(label),
            if overwrite { "True" } else { "False" }
        ));
    }
    out.push_str(
        "\n# To detach later (never delete an attached cluster):\n# aks_target.detach()\n",
    );
    Output {
        text: out,
        language: "python",
        filename: match a.action {
            AksAction::Attach(_) => "attach_v1.py",
            AksAction::Create(_) => "create_v1.py",
        }
        .to_owned(),
    }
}

/// A Python string literal holding exactly `text`.
pub(super) fn py(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                if (c as u32) < 0x100 {
                    out.push_str(&format!("\\x{:02x}", c as u32));
                } else {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Python literal for a JSON value, indented for a keyword argument.
fn py_value(v: &Value, indent: usize) -> String {
    PYTHON.value(v, indent)
}

/// Python literals: four-space indent, trailing commas.
const PYTHON: Literals = Literals {
    indent: "    ",
    scalar: |v| match v {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.is_finite() => format!("{f:?}"),
            _ => "float(\"nan\")".to_owned(),
        },
        Value::String(s) => py(s),
        other => other.to_string(),
    },
    key: |k| py(k),
    pair: ": ",
    item_end: ",",
    entry_end: ",",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_literals_escape_what_python_needs() {
        assert_eq!(py("plain"), "\"plain\"");
        assert_eq!(py("q\"b\\n"), "\"q\\\"b\\\\n\"");
        assert_eq!(py("a\nb\tc"), "\"a\\nb\\tc\"");
        assert_eq!(py("\u{1}\u{2028}"), "\"\\x01\\u2028\"");
        assert_eq!(py("caf\u{e9} {x}"), "\"caf\u{e9} {x}\"");
    }
}
