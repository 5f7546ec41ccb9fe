//! The inputs: for each export the page runs on a keystroke or a paste, the shapes issue 18 found
//! slow (many keys in a mapping, long strings, deep nesting, many list items, 1 MiB-class logs,
//! many certificates, long tables and lists), each made by code from its size `n`, so the same
//! input is built at n and 8n, natively and for the Node runner (`--emit`), with nothing stored.

use serde_json::{json, Map, Value};

use amlattach::document::{MAX_DEPTH, MAX_NODES, MAX_TEXT_BYTES};
use amlattach::explain::MAX_INPUT_BYTES;
use amlattach::versions::MAX_INPUT_BYTES as VERSIONS_MAX_BYTES;

use super::exports::{Arg, Export};

/// The date every call is made at (the tests' `NOW_TEXT`).
pub const NOW: &str = "2026-12-02";

/// One shape of input for one export.
pub struct Case {
    /// `export/shape`, for `--only` and `--emit`.
    pub id: &'static str,
    pub export: Export,
    /// What the input is, in words; `n` counts `unit`s.
    pub shape: &'static str,
    pub unit: &'static str,
    /// The cap 8n must stay under, so that the 8n run reads all of its input.
    pub limit: Limit,
    /// The JS call's arguments at size n.
    pub make: fn(usize) -> Vec<Arg>,
}

/// What bounds n.
pub enum Limit {
    /// The document reader's node cap (`document::MAX_NODES`), at this many nodes per unit (it
    /// counts a list or mapping twice, opened and completed, and a scalar or a key once).
    Nodes(usize),
    /// The troubleshooter's input cap (`explain::MAX_INPUT_BYTES`).
    ExplainBytes,
    /// No cap in the core but the text reader's (`document::MAX_TEXT_BYTES`,
    /// `versions::MAX_INPUT_BYTES`, applied by [`Case::max_n`]): 8n stays under
    /// [`UNCAPPED_BYTES`] of input.
    None,
}

/// How far an input without a cap in the core grows: 4 MiB at 8n (four times the troubleshooter's
/// cap, far past any paste). Larger inputs and what is made of them outgrow the caches, which
/// alone made a linear parser's ratio 24 at 16 MiB here (`validateComputeName`).
pub const UNCAPPED_BYTES: usize = 4 << 20;

impl Case {
    /// The largest n whose 8n input stays under the case's cap.
    pub fn max_n(&self) -> usize {
        let bytes = |n: usize| (self.make)(n).iter().map(Arg::input_bytes).sum::<usize>();
        let unit_bytes = || (bytes(2) - bytes(1)).max(1);
        let units = match self.limit {
            // Room for the fixed part of the document (its other fields).
            Limit::Nodes(per_unit) => (MAX_NODES - 64) / per_unit,
            Limit::ExplainBytes => MAX_INPUT_BYTES.saturating_sub(1024) / unit_bytes(),
            Limit::None => UNCAPPED_BYTES / unit_bytes(),
        };
        // Text is also held to its reader's byte cap, checked before anything reads it: the
        // versions reader's, or the document reader's for specs and secrets.
        let text_cap = match (self.export, (self.make)(1).first()) {
            (Export::ParseVersions | Export::CheckVersion, Some(Arg::Text(_))) => {
                Some(VERSIONS_MAX_BYTES)
            }
            (Export::Validate | Export::DecodeSecret, Some(Arg::Text(_))) => Some(MAX_TEXT_BYTES),
            _ => None,
        };
        let mut n = (units / 8).max(1);
        if let Some(cap) = text_cap {
            // Units grow as their numbers gain digits: shrink until 8n fits.
            while n > 1 && bytes(8 * n) > cap {
                n = n * 9 / 10;
            }
        }
        n
    }
}

/// Every case, grouped by export.
pub const CASES: &[Case] = &[
    // ---------------------------------------------------------------- validate
    Case {
        id: "validate/yaml-tags",
        export: Export::Validate,
        shape: "YAML spec, n tags (keys of one mapping)",
        unit: "tags",
        limit: Limit::Nodes(2),
        make: |n| validate(Arg::Text(yaml_spec(&tags_yaml(n)))),
    },
    Case {
        id: "validate/json-tags",
        export: Export::Validate,
        shape: "JSON spec text, n tags",
        unit: "tags",
        limit: Limit::Nodes(2),
        make: |n| validate(Arg::Text(json_spec(n).to_string())),
    },
    Case {
        id: "validate/object-tags",
        export: Export::Validate,
        shape: "spec as a JS object (the form's), n tags",
        unit: "tags",
        limit: Limit::Nodes(2),
        make: |n| validate(Arg::Object(json_spec(n))),
    },
    Case {
        id: "validate/yaml-identities",
        export: Export::Validate,
        shape: "YAML spec, n user-assigned identities (list items)",
        unit: "items",
        limit: Limit::Nodes(4),
        make: |n| {
            let mut text =
                String::from("identity:\n  type: user_assigned\n  user_assigned_identities:\n");
            for i in 0..n {
                text.push_str(&format!("    - resource_id: {}\n", identity_id(i)));
            }
            validate(Arg::Text(yaml_spec(&text)))
        },
    },
    Case {
        id: "validate/json-identities",
        export: Export::Validate,
        shape: "JSON spec text, n user-assigned identities",
        unit: "items",
        limit: Limit::Nodes(4),
        make: |n| {
            let list: Vec<Value> = (0..n)
                .map(|i| json!({ "resource_id": identity_id(i) }))
                .collect();
            let mut spec = json_spec(0);
            spec["identity"] = json!({ "type": "user_assigned", "user_assigned_identities": list });
            validate(Arg::Text(spec.to_string()))
        },
    },
    Case {
        id: "validate/yaml-long-string",
        export: Export::Validate,
        shape: "YAML spec, a double-quoted description of n pieces (escapes, quotes)",
        unit: "64 B",
        limit: Limit::None,
        make: |n| {
            let piece = r#"caf\u00e9 \"quoted\" text, $HOME `x` 'single' \t tab & more. "#;
            let text = format!("description: \"{}\"\n", piece.repeat(n));
            validate(Arg::Text(yaml_spec(&text)))
        },
    },
    Case {
        id: "validate/yaml-block-scalar",
        export: Export::Validate,
        shape: "YAML spec, a block-scalar description of n lines",
        unit: "lines",
        limit: Limit::None,
        make: |n| {
            let mut text = String::from("description: |\n");
            for i in 0..n {
                text.push_str(&format!("  line {i} of a description pasted from a wiki\n"));
            }
            validate(Arg::Text(yaml_spec(&text)))
        },
    },
    Case {
        id: "validate/yaml-deep",
        export: Export::Validate,
        shape: "YAML spec, n flow lists nested to MAX_DEPTH - 8 under properties",
        unit: "nests",
        // Each nest is DEEP lists, the 1 inside and its key.
        limit: Limit::Nodes(2 * DEEP + 2),
        make: |n| {
            let nest = format!("{}1{}", "[".repeat(DEEP), "]".repeat(DEEP));
            let mut text = String::from("properties:\n");
            for i in 0..n {
                text.push_str(&format!("  p{i}: {nest}\n"));
            }
            validate(Arg::Text(yaml_spec(&text)))
        },
    },
    Case {
        id: "validate/context-computes",
        export: Export::Validate,
        shape: "context YAML (the context reader), n existing computes",
        unit: "computes",
        limit: Limit::Nodes(10),
        make: |n| {
            let mut context = String::from(
                "workspace:\n  subscription_id: 00000000-0000-0000-0000-000000000000\n  resource_group: rg-ml\n  name: ws-ml\nexisting_computes:\n",
            );
            for i in 0..n {
                context.push_str(&format!(
                    "  - {{name: k8s-{i}, compute_type: Kubernetes, resource_id: {CLUSTER}, namespace: ns-{i}}}\n"
                ));
            }
            vec![Arg::Text(yaml_spec("")), Arg::Text(context), now()]
        },
    },
    Case {
        id: "validate/context-object",
        export: Export::Validate,
        shape: "context as a JS object (the form's), n existing computes",
        unit: "computes",
        limit: Limit::Nodes(10),
        make: |n| {
            let computes: Vec<Value> = (0..n)
                .map(|i| json!({ "name": format!("k8s-{i}"), "compute_type": "Kubernetes", "resource_id": CLUSTER, "namespace": format!("ns-{i}") }))
                .collect();
            let context = json!({ "workspace": { "subscription_id": SUBSCRIPTION, "resource_group": "rg-ml", "name": "ws-ml" }, "existing_computes": computes });
            vec![Arg::Object(json_spec(0)), Arg::Object(context), now()]
        },
    },
    Case {
        id: "validate/resource-id",
        export: Export::Validate,
        shape: "resource id parsing: a cluster id with n extra path segments",
        unit: "segments",
        limit: Limit::None,
        make: |n| {
            let text = format!(
                "name: k8s-prod\ntype: kubernetes\nresource_id: {CLUSTER}{}\n",
                "/agentPools/x".repeat(n)
            );
            validate(Arg::Text(text))
        },
    },
    Case {
        id: "validate/portal-address",
        export: Export::Validate,
        shape: "resource id given as a portal address with n query parameters",
        unit: "params",
        limit: Limit::None,
        make: |n| {
            let query: String = (0..n).map(|i| format!("p{i}=v%2F{i}&")).collect();
            let address = format!("https://portal.azure.com/#@contoso.onmicrosoft.com/resource{CLUSTER}/overview?{query}");
            validate(Arg::Text(format!(
                "name: k8s-prod\ntype: kubernetes\nresource_id: \"{address}\"\n"
            )))
        },
    },
    Case {
        id: "validateComputeName/long",
        export: Export::ValidateComputeName,
        shape: "a compute name of n pieces",
        unit: "4 B",
        limit: Limit::None,
        make: |n| vec![Arg::Text(format!("k8s{}", "-a_b".repeat(n)))],
    },
    // ---------------------------------------------------------------- contextFromUrl
    Case {
        id: "contextFromUrl/portal-segments",
        export: Export::ContextFromUrl,
        shape: "portal address with n path segments after the cluster",
        unit: "segments",
        limit: Limit::None,
        make: |n| {
            vec![Arg::Text(format!(
                "https://portal.azure.com/#@contoso.onmicrosoft.com/resource{CLUSTER}{}",
                "/overview".repeat(n)
            ))]
        },
    },
    Case {
        id: "contextFromUrl/view-blade-encoded",
        export: Export::ContextFromUrl,
        shape: "view-blade address, a double-encoded id with n extra segments",
        unit: "segments",
        limit: Limit::None,
        make: |n| {
            let id = format!("{CLUSTER}{}", "/x".repeat(n)).replace('/', "%252F");
            vec![Arg::Text(format!(
                "https://portal.azure.com/#view/Microsoft_Azure_ContainerService/AksK8ResourceMenuBlade/~/overview/resourceId/{id}"
            ))]
        },
    },
    Case {
        id: "contextFromUrl/studio-query",
        export: Export::ContextFromUrl,
        shape: "studio address, n query parameters before wsid and tid",
        unit: "params",
        limit: Limit::None,
        make: |n| {
            let query: String = (0..n).map(|i| format!("p{i}=%2Fv{i}&")).collect();
            vec![Arg::Text(format!(
                "https://ml.azure.com/compute/list?{query}wsid=/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-ml&tid=contoso.onmicrosoft.com"
            ))]
        },
    },
    // ---------------------------------------------------------------- generate
    Case {
        id: "generate/arm-az-rest-pwsh",
        export: Export::Generate,
        shape: "spec with a description of n hostile pieces → arm-az-rest, PowerShell",
        unit: "64 B",
        limit: Limit::None,
        make: |n| generate(n, "arm-az-rest", "pwsh"),
    },
    Case {
        id: "generate/python-v2",
        export: Export::Generate,
        shape: "spec with a description of n hostile pieces → python-v2",
        unit: "64 B",
        limit: Limit::None,
        make: |n| generate(n, "python-v2", "bash"),
    },
    // ---------------------------------------------------------------- explain
    Case {
        id: "explain/bearer-headers",
        export: Export::Explain,
        shape: "n `Authorization: Bearer <JWT>` lines",
        unit: "lines",
        limit: Limit::ExplainBytes,
        make: |n| explain(&format!("Authorization: Bearer {JWT}\n").repeat(n)),
    },
    Case {
        id: "explain/bearer-words",
        export: Export::Explain,
        shape: "n `bearer` lines",
        unit: "lines",
        limit: Limit::ExplainBytes,
        make: |n| explain(&"bearer\n".repeat(n)),
    },
    Case {
        id: "explain/authorization-failed",
        export: Export::Explain,
        shape: "a log of n `(AuthorizationFailed) …` lines",
        unit: "lines",
        limit: Limit::ExplainBytes,
        make: |n| {
            let lines: String = (0..n)
                .map(|i| format!("2026-11-22T10:00:{:02}Z ERROR (AuthorizationFailed) The client '00000000-0000-0000-0000-00000000000a' with object id '{i}' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/computes/write' over scope '/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-ml' or the scope is invalid.\n", i % 60))
                .collect();
            explain(&lines)
        },
    },
    Case {
        id: "explain/json-envelope",
        export: Export::Explain,
        shape: "one ARM error envelope with n details",
        unit: "details",
        limit: Limit::ExplainBytes,
        make: |n| {
            let details: Vec<Value> = (0..n)
                .map(|i| json!({ "code": "InvalidProperty", "message": format!("Property {i} of the compute is invalid: quota exceeded.") }))
                .collect();
            explain(&json!({ "error": { "code": "BadRequest", "message": "The request is invalid.", "details": details } }).to_string())
        },
    },
    Case {
        id: "explain/json-envelopes-per-line",
        export: Export::Explain,
        shape: "n ARM error envelopes, one per line, in text",
        unit: "lines",
        limit: Limit::ExplainBytes,
        make: |n| {
            explain(&"response: {\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client does not have authorization to perform action.\"}}\n".repeat(n))
        },
    },
    Case {
        id: "explain/pem-begin",
        export: Export::Explain,
        shape: "n `-----BEGIN … PRIVATE KEY-----` fragments without an END",
        unit: "lines",
        limit: Limit::ExplainBytes,
        make: |n| explain(&"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n".repeat(n)),
    },
    Case {
        id: "explain/eyj-fragments",
        export: Export::Explain,
        shape: "n lines of `eyJ` fragments (JWT starts)",
        unit: "lines",
        limit: Limit::ExplainBytes,
        make: |n| explain(&"eyJ eyJhbGciOi.eyJ0 x.eyJ eyJhbGciOiJSUzI1NiJ9.\n".repeat(n)),
    },
    Case {
        id: "explain/escaped-secrets",
        export: Export::Explain,
        shape: "n JSON lines with \\u0026sig=, %3D, Bearer%20 and \\u002e secrets",
        unit: "lines",
        limit: Limit::ExplainBytes,
        make: |n| {
            explain(&r#"{"message":"GET https://sa.blob.core.windows.net/c?sv=1\u0026sig=abc%2Bdef%3D failed; Authorization: Bearer%20eyJhbGciOiJSUzI1NiJ9\u002eeyJ4Ijoi\u002esig"}
"#.repeat(n))
        },
    },
    Case {
        id: "explain/arm-ids",
        export: Export::Explain,
        shape: "n lines, each an extension's ARM id (two providers, `resourcegroups`)",
        unit: "lines",
        limit: Limit::ExplainBytes,
        make: |n| {
            let lines: String = (0..n)
                .map(|i| format!("PUT https://management.azure.com/subscriptions/{SUBSCRIPTION}/resourcegroups/rg-{i}/providers/Microsoft.Kubernetes/connectedClusters/edge-{i}/providers/Microsoft.KubernetesConfiguration/extensions/azureml?api-version=2023-05-01 404 The Resource 'Microsoft.Kubernetes/connectedClusters/edge-{i}' under resource group 'rg-{i}' was not found.\n"))
                .collect();
            explain(&lines)
        },
    },
    Case {
        id: "explain/stated-facts",
        export: Export::Explain,
        shape: "n lines of not-found nouns, stated limits, versions, registrations, denied actions",
        unit: "lines",
        limit: Limit::ExplainBytes,
        make: |n| {
            explain(&"Workspace not found. No computes found with name=c1. Compute name must be between 2 and 16 characters. Kubernetes version 1.24.9 is not supported. The subscription is not registered to use namespace 'Microsoft.Kubernetes'. The client 'a@b.c' with object id 'x' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/read' over scope '/subscriptions/s/resourceGroups/r' location 'eastus' code=\"Conflict\"\n".repeat(n))
        },
    },
    Case {
        id: "explain/az-command-lines",
        export: Export::Explain,
        shape: "n `$ az ml compute attach …` and `az k8s-extension create …` lines",
        unit: "lines",
        limit: Limit::ExplainBytes,
        make: |n| {
            explain(&format!("$ az ml compute attach -g rg-ml -w ws -n k8s-1 --type Kubernetes --resource-id x --subscription {SUBSCRIPTION}\naz k8s-extension create --cluster-type connectedClusters --cluster-name edge -g rg --name azureml\n").repeat(n))
        },
    },
    // ---------------------------------------------------------------- decodeSecret
    Case {
        id: "decodeSecret/yaml-chain",
        export: Export::DecodeSecret,
        shape: "kubectl YAML secret, n certificates in cert.pem",
        unit: "certs",
        limit: Limit::None,
        make: |n| secret(secret_yaml(&chain(n), 0)),
    },
    Case {
        id: "decodeSecret/json-chain",
        export: Export::DecodeSecret,
        shape: "kubectl JSON secret, n certificates in cert.pem",
        unit: "certs",
        limit: Limit::None,
        make: |n| {
            let data = json!({ "cert.pem": base64(&chain(n)), "key.pem": base64(key_pem()) });
            secret(json!({ "apiVersion": "v1", "kind": "Secret", "metadata": { "name": "azuremlfessl" }, "data": data }).to_string())
        },
    },
    Case {
        id: "decodeSecret/pem-chain",
        export: Export::DecodeSecret,
        shape: "PEM text, n certificates and the key",
        unit: "certs",
        limit: Limit::None,
        make: |n| secret(format!("{}{}", chain(n), key_pem())),
    },
    Case {
        id: "decodeSecret/long-pem-block",
        export: Export::DecodeSecret,
        shape: "one PEM block of n base64 lines (not DER), and the key",
        unit: "lines",
        limit: Limit::None,
        make: |n| {
            let body = format!("{}\n", "QUFB".repeat(16)).repeat(n);
            secret(format!(
                "-----BEGIN CERTIFICATE-----\n{body}-----END CERTIFICATE-----\n{}",
                key_pem()
            ))
        },
    },
    Case {
        id: "decodeSecret/yaml-many-keys",
        export: Export::DecodeSecret,
        shape: "kubectl YAML secret, n other keys in data",
        unit: "keys",
        limit: Limit::Nodes(2),
        make: |n| secret(secret_yaml(&chain(1), n)),
    },
    // ---------------------------------------------------------------- parseVersions, checkVersion
    Case {
        id: "parseVersions/table",
        export: Export::ParseVersions,
        shape: "`az aks get-versions -o table`, n rows",
        unit: "rows",
        limit: Limit::None,
        make: |n| vec![Arg::Text(table(n))],
    },
    Case {
        id: "parseVersions/table-old",
        export: Export::ParseVersions,
        shape: "the old table (no SupportPlan column), n rows",
        unit: "rows",
        limit: Limit::None,
        make: |n| {
            let mut text = String::from(
                "KubernetesVersion    Upgrades\n-------------------  ------------------------\n",
            );
            for i in 0..n {
                text.push_str(&format!("{:<21}{}\n", version(i), version(i + 1)));
            }
            vec![Arg::Text(text)]
        },
    },
    Case {
        id: "parseVersions/json-list",
        export: Export::ParseVersions,
        shape: "a JSON list of n `orchestrators` entries",
        unit: "entries",
        limit: Limit::Nodes(6),
        make: |n| {
            let list: Vec<Value> = (0..n)
                .map(|i| json!({ "orchestratorType": "Kubernetes", "orchestratorVersion": version(i) }))
                .collect();
            vec![Arg::Text(Value::Array(list).to_string())]
        },
    },
    Case {
        id: "parseVersions/json-patch-versions",
        export: Export::ParseVersions,
        shape: "`values` JSON, one minor with n patchVersions (keys of one mapping)",
        unit: "patches",
        limit: Limit::Nodes(6),
        make: |n| {
            let patches: Map<String, Value> = (0..n)
                .map(|i| (format!("1.30.{i}"), json!({ "upgrades": [] })))
                .collect();
            let minor = json!({ "version": "1.30", "capabilities": { "supportPlan": ["KubernetesOfficial"] }, "patchVersions": patches });
            vec![Arg::Text(json!({ "values": [minor] }).to_string())]
        },
    },
    Case {
        id: "checkVersion/table-text",
        export: Export::CheckVersion,
        shape: "the table's text, n rows, and a version",
        unit: "rows",
        limit: Limit::None,
        make: |n| vec![Arg::Text(table(n)), Arg::Text(version(n / 2)), now()],
    },
    Case {
        id: "checkVersion/list-object",
        export: Export::CheckVersion,
        shape: "the list parseVersions returned (JS object), n rows, and a version",
        unit: "rows",
        // About 11 values a row once read from JS (`document::from_json` counts them).
        limit: Limit::Nodes(12),
        make: |n| {
            let list = amlattach::versions::parse_versions(&table(n)).list;
            let list = serde_json::to_value(list).unwrap_or(Value::Null);
            vec![Arg::Object(list), Arg::Text(version(n / 2)), now()]
        },
    },
];

// ---------------------------------------------------------------- parts

const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";
const CLUSTER: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.ContainerService/managedClusters/aks-prod";
/// A made-up token of a real token's shape (header, claims, signature).
const JWT: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIiwib2lkIjoiZmFicmljYXRlZCJ9.ZmFicmljYXRlZC1zaWduYXR1cmUtbm90LWEtcmVhbC1vbmU";
/// How deep `validate/yaml-deep` nests: under the reader's cap, with room for the spec's levels.
const DEEP: usize = MAX_DEPTH - 8;
/// A P-256 certificate and its key, made with openssl by fuzz/make-seeds.sh (test material).
const CERT_AND_KEY: &str = include_str!("../../fuzz/corpus/secret/pem-p256-cert-and-key");

fn now() -> Arg {
    Arg::Object(json!({ "now": NOW }))
}

fn validate(spec: Arg) -> Vec<Arg> {
    vec![spec, Arg::Null, now()]
}

fn explain(text: &str) -> Vec<Arg> {
    vec![
        Arg::Text(text.to_owned()),
        Arg::Null,
        Arg::Object(json!({ "shell": "bash", "now": NOW })),
    ]
}

fn secret(text: String) -> Vec<Arg> {
    vec![Arg::Text(text), now()]
}

fn generate(n: usize, target: &str, shell: &str) -> Vec<Arg> {
    let mut spec = json_spec(0);
    spec["description"] = Value::String(
        "it's \"$(touch PWNED)\" `x` ‘a’ „b” \\ ${HOME} & | ; — tab\there ".repeat(n),
    );
    vec![
        Arg::Text(spec.to_string()),
        Arg::Text(target.to_owned()),
        Arg::Object(json!({ "shell": shell, "now": NOW })),
    ]
}

/// A v2 spec in YAML with `more` (YAML lines at the top level) after its fields.
fn yaml_spec(more: &str) -> String {
    format!("name: k8s-prod\ntype: kubernetes\nresource_id: {CLUSTER}\nnamespace: azureml\n{more}")
}

fn tags_yaml(n: usize) -> String {
    let mut text = String::from("tags:\n");
    for i in 0..n {
        text.push_str(&format!("  tag-{i:06}: value-{i}\n"));
    }
    text
}

/// The same v2 spec as JSON, with `n` tags.
fn json_spec(n: usize) -> Value {
    let tags: Map<String, Value> = (0..n)
        .map(|i| (format!("tag-{i:06}"), Value::String(format!("value-{i}"))))
        .collect();
    let mut spec = json!({ "name": "k8s-prod", "type": "kubernetes", "resource_id": CLUSTER, "namespace": "azureml" });
    if n > 0 {
        spec["tags"] = Value::Object(tags);
    }
    spec
}

fn identity_id(i: usize) -> String {
    format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-{i}")
}

/// The i-th of many distinct versions: 1.20.0, 1.20.1, … 1.20.999, 1.21.0, …
fn version(i: usize) -> String {
    format!("1.{}.{}", 20 + i / 1000, i % 1000)
}

/// `az aks get-versions --output table` (the current layout), n rows, newest first.
fn table(n: usize) -> String {
    let mut text = String::from(
        "KubernetesVersion    Upgrades                     SupportPlan\n-------------------  ---------------------------  --------------------------------------\n",
    );
    for i in (0..n).rev() {
        text.push_str(&format!(
            "{:<21}{:<29}KubernetesOfficial\n",
            version(i),
            version(i + 1)
        ));
    }
    text
}

fn cert_pem() -> &'static str {
    let end = "-----END CERTIFICATE-----\n";
    CERT_AND_KEY
        .find(end)
        .map_or(CERT_AND_KEY, |at| &CERT_AND_KEY[..at + end.len()])
}

fn key_pem() -> &'static str {
    CERT_AND_KEY
        .find("-----BEGIN PRIVATE KEY-----")
        .map_or("", |at| &CERT_AND_KEY[at..])
}

/// n copies of the certificate, as one cert.pem.
fn chain(n: usize) -> String {
    cert_pem().repeat(n)
}

/// A Secret as kubectl prints it, with `other` more keys in `data` before the two it needs.
fn secret_yaml(cert: &str, other: usize) -> String {
    let mut text = String::from("apiVersion: v1\nkind: Secret\nmetadata:\n  name: azuremlfessl\n  namespace: azureml\ntype: Opaque\ndata:\n");
    for i in 0..other {
        text.push_str(&format!("  file-{i:06}.txt: eA==\n"));
    }
    text.push_str(&format!(
        "  cert.pem: {}\n  key.pem: {}\n",
        base64(cert),
        base64(key_pem())
    ));
    text
}

fn base64(text: &str) -> String {
    use base64ct::{Base64, Encoding};
    Base64::encode_string(text.as_bytes())
}
