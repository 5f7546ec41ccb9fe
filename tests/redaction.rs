//! The redaction corpus: every kind of secret users paste along with an error (Azure, Entra ID,
//! GitHub, storage, ACR, SAS, PEM, passwords), each in the shape its tool prints it, written
//! plain, JSON-escaped (.NET's and Go's encoders: `\u0026`, `\u002B`, `\u0022`), with every
//! character `\uXXXX`-escaped, percent-encoded, and line-wrapped, in free text and inside a JSON
//! error; and the property that no piece of a secret, in any of its encodings, survives
//! redaction or reaches any field of `explain`'s output (its text rendering, its JSON, every
//! string in it).
//!
//! Every secret here is fabricated (random bytes in the real format); none is or was real.
#![cfg(not(target_arch = "wasm32"))]
// A failed unwrap is a failed test, which is what these helpers want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;

use amlattach::explain::{explain, redact, render_text, Explanation, InputKind};

/// One kind of secret, in the shape a tool prints it.
struct Kind {
    /// What it is.
    name: &'static str,
    /// Where the shape comes from.
    source: &'static str,
    /// What the tool prints; `{secret}` is where the secret goes.
    context: &'static str,
    /// The secret (fabricated).
    secret: &'static str,
    /// Whether the context is JSON, so the secret is written JSON-escaped.
    in_json: bool,
    /// A piece of the context that is not secret and must survive.
    keep: &'static str,
}

const JWT: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6IkZhYnJpY2F0ZWRLZXlJZCJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIiwiaXNzIjoiaHR0cHM6Ly9zdHMud2luZG93cy5uZXQvMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwLyIsIm9pZCI6IjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsInNjcCI6InVzZXJfaW1wZXJzb25hdGlvbiJ9.s1m7BM6P3aan67SJ6oXXfxVD_NzYVaZ2t3sp0xtYJZMFgTZ3Rkv5dL0TKhL0YaPGUtUARySs8Srs6Dy2sCLyPw";

const KINDS: &[Kind] = &[
    Kind {
        name: "entra access token (az account get-access-token)",
        source: "https://learn.microsoft.com/cli/azure/account#az-account-get-access-token",
        context: "{\n  \"accessToken\": \"{secret}\",\n  \"expiresOn\": \"2024-05-18 11:42:07.000000\",\n  \"expires_on\": 1716032527,\n  \"subscription\": \"00000000-0000-0000-0000-000000000000\",\n  \"tenant\": \"aaaabbbb-0000-cccc-1111-dddd2222eeee\",\n  \"tokenType\": \"Bearer\"\n}",
        secret: JWT,
        in_json: true,
        keep: "tokenType",
    },
    Kind {
        name: "bearer token in a request header (curl -v)",
        source: "https://www.rfc-editor.org/rfc/rfc6750#section-2.1 (curl -v prints request headers after `> `)",
        context: "> GET /subscriptions?api-version=2022-12-01 HTTP/1.1\n> Host: management.azure.com\n> Authorization: Bearer {secret}\n> User-Agent: curl/8.5.0",
        secret: JWT,
        in_json: false,
        keep: "User-Agent",
    },
    Kind {
        name: "entra client secret (az ad sp create-for-rbac)",
        source: "https://learn.microsoft.com/cli/azure/azure-cli-sp-tutorial-1#create-a-service-principal",
        context: "{\n  \"appId\": \"00001111-aaaa-2222-bbbb-3333cccc4444\",\n  \"displayName\": \"ml-attach-ci\",\n  \"password\": \"{secret}\",\n  \"tenant\": \"aaaabbbb-0000-cccc-1111-dddd2222eeee\"\n}",
        secret: "qFY8Q~FAD05W5es9Exq6QFIv5ElQrY0GL4FxYeDh",
        in_json: true,
        keep: "ml-attach-ci",
    },
    Kind {
        name: "entra client secret on the command line (az login --service-principal -p)",
        source: "https://learn.microsoft.com/cli/azure/authenticate-azure-cli-service-principal",
        context: "az login --service-principal -u 00001111-aaaa-2222-bbbb-3333cccc4444 -p {secret} --tenant aaaabbbb-0000-cccc-1111-dddd2222eeee",
        secret: "GC552YaE.nzt44626KT8~WZvGF3G8EQX",
        in_json: false,
        keep: "--tenant",
    },
    Kind {
        name: "entra client secret from Microsoft Graph (addPassword: secretText)",
        source: "https://learn.microsoft.com/graph/api/application-addpassword#response-1",
        context: "{\n  \"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.passwordCredential\",\n  \"customKeyIdentifier\": null,\n  \"displayName\": \"ci\",\n  \"endDateTime\": \"2026-05-18T10:42:07Z\",\n  \"hint\": \"Zm4\",\n  \"keyId\": \"f2c1a4b6-0c1d-4e5f-8a9b-1c2d3e4f5a6b\",\n  \"secretText\": \"{secret}\",\n  \"startDateTime\": \"2024-05-18T10:42:07Z\"\n}",
        secret: "Zm4u3Rt9.Lw-Pk2_Xv7~Nq8Hs5Jd1Bf6Cg0Ty",
        in_json: true,
        keep: "startDateTime",
    },
    Kind {
        name: "entra client secret in the environment (EnvironmentCredential)",
        source: "https://learn.microsoft.com/python/api/azure-identity/azure.identity.environmentcredential",
        context: "export AZURE_CLIENT_ID=00001111-aaaa-2222-bbbb-3333cccc4444\nexport AZURE_TENANT_ID=aaaabbbb-0000-cccc-1111-dddd2222eeee\nexport AZURE_CLIENT_SECRET={secret}",
        secret: "Wq3.Hy7~Kd9-Mb2_Zr5Tn8Vx4Lp6Jc1Fg0Sa",
        in_json: false,
        keep: "AZURE_TENANT_ID",
    },
    Kind {
        name: "entra authorization code in a redirect",
        source: "https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#successful-response",
        context: "GET /?code={secret}&client_info=eyJ1aWQiOiIxMTExIn0&state=Zx81kq&session_state=2e4f1c3a-1b2c-4d5e-8f90-a1b2c3d4e5f6 HTTP/1.1\nHost: localhost:8400",
        secret: "0.AXoAc3-UNQQoTTxRuhm4-t_27AZoQiMaCuKNrK7oR8_se5S2UxtM03a603T815MLJoyt2Gd4fkmplFysPGhGmLAyPf39NJGtGjv9xteoTukraD1Ipi0CUdmj-a8-aWPm_PCwjL5mLFGJz65jhjDeMEG7mtVS-XKnGVK_o4h4vSzQl1Le2_2pZ85nmUxnKuCscpLVQuxCYH1_",
        in_json: false,
        keep: "session_state",
    },
    Kind {
        name: "entra refresh token (token endpoint response)",
        source: "https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#successful-response-2",
        context: "{\"token_type\":\"Bearer\",\"scope\":\"https://management.azure.com/user_impersonation\",\"expires_in\":3599,\"ext_expires_in\":3599,\"refresh_token\":\"{secret}\"}",
        secret: "1.AXoAr5V_xcDBYaBmdrRlOhSoitWnMikpxfzVRrujeQoUIBqA2FlkPca1gevWs-X5hYAeCtvaAghLAHgjpLAqHs1FWpfAJbWVE6bDR7v4F_K91cdDSIYDMyaTabiJ7jg6xrwSaYuVgUJjpTnVtzQwmnPH2b99iIe_e9kmh_U19qlKF-u14bzBenVaHJUNEh9rkBhmPsohP2U3R-IG5YA5fv2fzn-11Z6Vm-ctxOs",
        in_json: true,
        keep: "ext_expires_in",
    },
    Kind {
        name: "github personal access token (classic) in a remote address",
        source: "https://docs.github.com/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats",
        context: "fatal: unable to access 'https://{secret}@github.com/contoso/aml-attach.git/': The requested URL returned error: 403",
        secret: "ghp_ThvekNqKQGYNAyJVHKZMpXKWiZRWYr6JliCu",
        in_json: false,
        keep: "contoso/aml-attach",
    },
    Kind {
        name: "github fine-grained token in a workflow's environment",
        source: "https://docs.github.com/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats",
        context: "env:\n  GH_TOKEN: {secret}\n  GH_REPO: contoso/aml-attach",
        secret: "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",
        in_json: false,
        keep: "GH_REPO",
    },
    Kind {
        name: "github app installation token",
        source: "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app",
        context: "{\n  \"token\": \"{secret}\",\n  \"expires_at\": \"2024-05-18T11:42:07Z\",\n  \"permissions\": {\"contents\": \"read\"}\n}",
        secret: "ghs_5m4jL2MZ48xk6JjKGFOBcdrGDAjnQ6tG9fIY",
        in_json: true,
        keep: "expires_at",
    },
    Kind {
        name: "storage account key (az storage account keys list)",
        source: "https://learn.microsoft.com/cli/azure/storage/account/keys#az-storage-account-keys-list; https://learn.microsoft.com/rest/api/storagerp/storage-accounts/list-keys",
        context: "[\n  {\n    \"creationTime\": \"2024-05-18T10:42:07.000000+00:00\",\n    \"keyName\": \"key1\",\n    \"permissions\": \"FULL\",\n    \"value\": \"{secret}\"\n  }\n]",
        secret: "2gCcOPDXhnNfpP6NfM3Gz4KkWnY8DM9IY2zofZ1qJQBfpQnE3I04fZ/b1ME5hrLfpGVb/L1KmPGf9jbODlEw5A==",
        in_json: true,
        keep: "permissions",
    },
    Kind {
        name: "storage connection string (az storage account show-connection-string)",
        source: "https://learn.microsoft.com/cli/azure/storage/account#az-storage-account-show-connection-string",
        context: "{\n  \"connectionString\": \"DefaultEndpointsProtocol=https;EndpointSuffix=core.windows.net;AccountName=mlattachstore;AccountKey={secret};BlobEndpoint=https://mlattachstore.blob.core.windows.net/\"\n}",
        secret: "Zw1o0oXYlLxrG09QbwX6zjS3GYyMfc8q8KjsU/ry6rNqe6RczezxKhp5I3s+Tn9uWH1Dij9Kvz3BUpO7fhUkvA==",
        in_json: true,
        keep: "mlattachstore",
    },
    Kind {
        name: "SAS signature in a blob address (azcopy)",
        source: "https://learn.microsoft.com/azure/storage/common/storage-sas-overview#sas-token",
        context: "azcopy copy 'https://mlattachstore.blob.core.windows.net/azureml/model.pkl?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2024-06-01T00:00:00Z&st=2024-05-18T00:00:00Z&spr=https&sig={secret}' ./model.pkl",
        secret: "Im6tUc80qytU8OF9eGeORJQ9vz2RzIC6cugi6xrIhOg%3D",
        in_json: false,
        keep: "azureml/model.pkl",
    },
    Kind {
        name: "container registry admin password (az acr credential show)",
        source: "https://learn.microsoft.com/cli/azure/acr/credential#az-acr-credential-show; https://learn.microsoft.com/rest/api/containerregistry/registries/list-credentials",
        context: "{\n  \"passwords\": [\n    {\n      \"name\": \"password\",\n      \"value\": \"{secret}\"\n    },\n    {\n      \"name\": \"password2\",\n      \"value\": \"{secret}\"\n    }\n  ],\n  \"username\": \"mlattachacr\"\n}",
        secret: "P1mNzI8DZwOBxlnfKZbxZxTFYNiffiNl",
        in_json: true,
        keep: "mlattachacr",
    },
    Kind {
        name: "container registry password, identifiable format, on docker login",
        source: "https://learn.microsoft.com/azure/container-registry/container-registry-authentication#admin-account; the `+ACR` signature: github.com/microsoft/security-utilities IdentifiableMetadata.cs",
        context: "docker login mlattachacr.azurecr.io --username mlattachacr --password {secret}",
        secret: "H1qQAeAYWczRTlGU0INNAG/nwUqN0wvnXJ0+Q93KIB+ACRBQc16k",
        in_json: false,
        keep: "mlattachacr.azurecr.io",
    },
    Kind {
        name: "API Management subscription key header",
        source: "https://learn.microsoft.com/azure/api-management/api-management-subscriptions#use-a-subscription-key",
        context: "curl -H \"Ocp-Apim-Subscription-Key: {secret}\" https://contoso.azure-api.net/score",
        secret: "934208929d56f0ebebe2909d88407fc5",
        in_json: false,
        keep: "contoso.azure-api.net",
    },
    Kind {
        name: "service bus connection string",
        source: "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-quickstart-portal#get-the-connection-string",
        context: "Endpoint=sb://mlattach.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={secret}",
        secret: "Bukg5eBd2lx/MJil2Do9ETeiYg1EiTHIJxngTaDo2oI=",
        in_json: false,
        keep: "RootManageSharedAccessKey",
    },
    Kind {
        name: "cache for redis access key in a connection address",
        source: "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-python-get-started; https://redis.readthedocs.io/en/stable/connections.html#redis.Redis.from_url",
        context: "REDIS_URL=rediss://:{secret}@mlattach.redis.cache.windows.net:6380/0",
        secret: "PMD2P1DKLK5gJL5QlTJQ63s8soNEFEM5bcVEaHsBN+U=",
        in_json: false,
        keep: "mlattach.redis.cache.windows.net",
    },
    Kind {
        name: "PEM private key (PKCS #8)",
        source: "https://www.rfc-editor.org/rfc/rfc7468#section-10 (openssl genpkey writes this)",
        context: "$ cat key.pem\n-----BEGIN PRIVATE KEY-----\n{secret}\n-----END PRIVATE KEY-----\n$ amlattach secret --cname scoring.contoso.com",
        secret: "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgn58vFRPbtwo1WyFK\nSvLaM1bEKKv9gZwMxaQYFNWLEgmhRANCAAT6JX9sQM8tG3tMJqQ2MvoJiCzaEock\n1uolYTZqUUrz85ltPXS193EHCJlGa6iiFRMDf/JuZPk2lrZuXENIk/Ap",
        in_json: false,
        keep: "scoring.contoso.com",
    },
    Kind {
        name: "PEM private key in base64 in a Kubernetes secret (the sslSecret)",
        source: "https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets; https://learn.microsoft.com/azure/machine-learning/how-to-secure-kubernetes-inferencing-communication",
        context: "apiVersion: v1\ndata:\n  cert.pem: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUI=\n  key.pem: {secret}\nkind: Secret\nmetadata:\n  name: azuremlfessl\n  namespace: azureml\ntype: Opaque",
        secret: "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdhd0lCQVFRZ241OHZGUlBidHdvMVd5RksKU3ZMYU0xYkVLS3Y5Z1p3TXhhUVlGTldMRWdtaFJBTkNBQVQ2Slg5c1FNOHRHM3RNSnFRMk12b0ppQ3phRW9jawoxdW9sWVRacVVVcno4NWx0UFhTMTkzRUhDSmxHYTZpaUZSTURmL0p1WlBrMmxyWnVYRU5Jay9BcAotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg==",
        in_json: false,
        keep: "azuremlfessl",
    },
    Kind {
        name: "password with a quote, a backslash and a comma (az webapp deployment list-publishing-credentials)",
        source: "https://learn.microsoft.com/cli/azure/webapp/deployment#az-webapp-deployment-list-publishing-credentials",
        context: "{\n  \"name\": \"mlattach-web\",\n  \"publishingPassword\": \"{secret}\",\n  \"publishingUserName\": \"$mlattach-web\"\n}",
        secret: "aQ9\"mZ\\x,7Lp-Tq",
        in_json: true,
        keep: "publishingUserName",
    },
    Kind {
        name: "password with a comma and a backslash in an ODBC connection string (Pwd=)",
        source: "https://learn.microsoft.com/sql/connect/odbc/dsn-connection-string-attribute",
        context: "Driver={ODBC Driver 18 for SQL Server};Server=tcp:mlattach.database.windows.net,1433;Database=features;Uid=mlreader;Pwd={secret};Encrypt=yes;",
        secret: "Kp9,vX2\\mQ7z^Rw",
        in_json: false,
        keep: "Encrypt=yes",
    },
    Kind {
        name: "user password on the command line (az login -u -p)",
        source: "https://learn.microsoft.com/cli/azure/reference-index#az-login",
        context: "az login -u ops@contoso.com -p '{secret}'",
        secret: "Hx7\\q\"2,Wm9!zB",
        in_json: false,
        keep: "ops@contoso.com",
    },
    Kind {
        name: "password in an ARM parameter file",
        source: "https://learn.microsoft.com/azure/azure-resource-manager/templates/parameter-files",
        context: "{\n  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#\",\n  \"contentVersion\": \"1.0.0.0\",\n  \"parameters\": {\n    \"adminUsername\": {\n      \"value\": \"azureuser\"\n    },\n    \"adminPassword\": {\n      \"value\": \"{secret}\"\n    }\n  }\n}",
        secret: "Vt4#nL8$wQ2^eR6&",
        in_json: true,
        keep: "azureuser",
    },
    Kind {
        name: "basic credentials in a request header (curl -v -u)",
        source: "https://www.rfc-editor.org/rfc/rfc7617#section-2",
        context: "> GET /v2/_catalog HTTP/1.1\n> Host: mlattachacr.azurecr.io\n> Authorization: Basic {secret}\n> User-Agent: curl/8.5.0",
        secret: "ZGVwbG95LXVzZXI6MGNUR09ZMEhrZHRjbzJzaA==",
        in_json: false,
        keep: "User-Agent",
    },
];

/// How the secret's context is written.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// As printed.
    Plain,
    /// Inside a JSON string as .NET's default encoder writes it (and Go's, for `&`, `<`, `>`):
    /// `"`, `&`, `'`, `+`, `<`, `>` and `` ` `` as `\uXXXX`, line breaks as `\n`.
    JsonEscaped,
    /// Every character as `\uXXXX`: key names and PEM headers included.
    UnicodeEscaped,
    /// Percent-encoded, as in a query parameter.
    UrlEncoded,
    /// Hard-wrapped by a terminal, with a break inside the secret.
    LineWrapped,
}

const FORMS: &[Form] = &[
    Form::Plain,
    Form::JsonEscaped,
    Form::UnicodeEscaped,
    Form::UrlEncoded,
    Form::LineWrapped,
];

/// Where the written context is put.
#[derive(Debug, Clone, Copy)]
enum Container {
    /// Free text, followed by `az`'s error line.
    Text,
    /// The message of an ARM error envelope.
    Json,
}

const CONTAINERS: &[Container] = &[Container::Text, Container::Json];

/// The error that goes with every case: it must still be found, where it is.
const ERROR_MESSAGE: &str = "The client 'a43e0215-c079-499e-b242-2c8cdc19e0ec' with object id 'a43e0215-c079-499e-b242-2c8cdc19e0ec' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/computes/write' over scope '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-ml/computes/k8s-compute' or the scope is invalid.";

/// A log line's start, put before the secret's line when it is too short to be wrapped inside
/// the secret (not before a PEM body: no log line starts inside a PEM block).
const LOG_PREFIX: &str = "2024-05-18T10:42:07.1234567Z DEBUG cli.azure.cli.core.sdk.policies: ";

/// The shortest piece of a secret that must not be shown: 8 characters of a random key or token
/// hold 48 bits or more, enough to find or guess the rest; shorter pieces of ordinary text occur
/// in any output by chance.
const WINDOW: usize = 8;

impl Kind {
    /// The context with the secret written into it.
    fn text(&self) -> String {
        let written = if self.in_json {
            json_string(self.secret)
        } else {
            self.secret.to_owned()
        };
        self.context.replace("{secret}", &written)
    }

    /// The secret as written into the context.
    fn written(&self) -> String {
        if self.in_json {
            json_string(self.secret)
        } else {
            self.secret.to_owned()
        }
    }
}

impl Form {
    fn write(self, text: &str, secret: &str) -> String {
        match self {
            Form::Plain => text.to_owned(),
            Form::JsonEscaped => dotnet_escaped(text),
            Form::UnicodeEscaped => text
                .encode_utf16()
                .map(|unit| format!("\\u{unit:04x}"))
                .collect(),
            Form::UrlEncoded => percent_encoded(text),
            Form::LineWrapped => wrapped(text, secret),
        }
    }
}

/// `s` as the inside of a JSON string (serde's escaping).
fn json_string(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

fn dotnet_escaped(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' | '&' | '\'' | '+' | '<' | '>' | '`' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
        }
    }
    out
}

/// Percent-encoding written here apart from the core on purpose: the redaction must find a secret
/// in an encoding the core did not write itself.
fn percent_encoded(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `text` hard-wrapped at a width that puts a break in the middle of the first line of the
/// secret `written`. A single-line secret on a line too short to wrap (a terminal is at least 64
/// columns wide) gets a log prefix before it; a PEM body is wrapped narrower instead.
fn wrapped(text: &str, written: &str) -> String {
    let at = text.find(written).unwrap();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let first_piece = written.split('\n').next().unwrap().len();
    let mut column = at - line_start;
    let mut text = text.to_owned();
    if column + first_piece / 2 < 64 && !written.contains('\n') {
        text.insert_str(line_start, LOG_PREFIX);
        column += LOG_PREFIX.len();
    }
    let width = column + first_piece / 2;
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let chars: Vec<char> = line.chars().collect();
        for (j, piece) in chars.chunks(width).enumerate() {
            if j > 0 {
                out.push('\n');
            }
            out.extend(piece);
        }
    }
    out
}

/// The input for one case, and the 1-based line `az`'s error line is on (text only).
fn input(kind: &Kind, form: Form, container: Container) -> (String, Option<usize>) {
    contain(&form.write(&kind.text(), &kind.written()), container)
}

/// `written` in `container`, with the error, and the 1-based line `az`'s error line is on (text
/// only).
fn contain(written: &str, container: Container) -> (String, Option<usize>) {
    match container {
        Container::Text => {
            let text = format!("{written}\nERROR: (AuthorizationFailed) {ERROR_MESSAGE}\n");
            let line = written.lines().count() + 1;
            (text, Some(line))
        }
        Container::Json => {
            let envelope = serde_json::json!({
                "error": {
                    "code": "AuthorizationFailed",
                    "message": format!("{written}\n{ERROR_MESSAGE}"),
                }
            });
            (serde_json::to_string_pretty(&envelope).unwrap(), None)
        }
    }
}

/// Every way the secret may be written, as a function of one character: as is, JSON-escaped
/// (serde's and .NET's), `\uXXXX`-escaped, percent-encoded.
const ENCODINGS: &[fn(&str) -> String] = &[
    |c| c.to_owned(),
    json_string,
    dotnet_escaped,
    |c| Form::UnicodeEscaped.write(c, c),
    percent_encoded,
];

/// Every piece of `secret` of [`WINDOW`] characters (its line breaks left out too), in every
/// encoding, less those that the text `around` it holds too (the base64 of `-----BEGIN` starts a
/// certificate as well as a key).
fn pieces(secret: &str, around: &str) -> HashSet<String> {
    let mut pieces = HashSet::new();
    for chars in [
        secret.chars().collect::<Vec<_>>(),
        secret.chars().filter(|&c| c != '\n').collect(),
    ] {
        for window in chars.windows(WINDOW.min(chars.len())) {
            let plain: String = window.iter().collect();
            if around.contains(&plain) {
                continue;
            }
            for encode in ENCODINGS {
                let piece: String = window.iter().map(|c| encode(&c.to_string())).collect();
                pieces.insert(piece);
            }
        }
    }
    pieces
}

/// Every field of the output, as one string per field, and the whole as text and as JSON.
fn outputs(explanation: &Explanation) -> Vec<String> {
    fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    let mut out = vec![
        render_text(explanation),
        serde_json::to_string(explanation).unwrap(),
    ];
    strings(&serde_json::to_value(explanation).unwrap(), &mut out);
    out
}

/// The pieces of `secret` (in every encoding) that appear in `outputs`.
fn leaks(secret: &str, around: &str, outputs: &[String]) -> Vec<String> {
    let mut found: Vec<String> = pieces(secret, around)
        .into_iter()
        .filter(|piece| outputs.iter().any(|o| o.contains(piece.as_str())))
        .collect();
    found.sort();
    found
}

/// Issue 18 (item 4): every kind of secret, in every form and container, is redacted from the
/// text and from every output field, the error next to it is still found on its own line, and
/// what is not secret stays.
#[test]
fn no_piece_of_any_secret_reaches_any_output() {
    let mut cases = 0;
    let mut failures = Vec::new();
    for kind in KINDS {
        for &form in FORMS {
            for &container in CONTAINERS {
                cases += 1;
                let (text, error_line) = input(kind, form, container);
                let explanation = explain(&text, None, None, common::now());
                let label = format!("{} / {form:?} / {container:?}", kind.name);
                // The text every output is made from, and every output.
                let (redacted, _) = redact(&text);
                for (what, outputs) in [
                    ("the redacted text", vec![redacted]),
                    ("the output", outputs(&explanation)),
                ] {
                    let around = kind.context.replace("{secret}", "\n");
                    let leaked = leaks(kind.secret, &around, &outputs);
                    if !leaked.is_empty() {
                        failures.push(format!("{label}: {what} holds {leaked:?}"));
                    }
                }
                let found = explanation
                    .matches
                    .iter()
                    .find(|m| m.id == "authorization-failed");
                match (found, error_line) {
                    (None, _) => failures.push(format!("{label}: the error is not found")),
                    (Some(m), Some(line)) => {
                        if !m.evidence.iter().any(|e| e.line == line) {
                            failures.push(format!(
                                "{label}: evidence not on line {line}: {:?}",
                                m.evidence.iter().map(|e| e.line).collect::<Vec<_>>()
                            ));
                        }
                    }
                    (Some(_), None) => {}
                }
                // The envelope is still JSON once redacted: its error is read as such.
                if matches!(container, Container::Json)
                    && (explanation.input.kind != InputKind::ArmError
                        || explanation.errors.first().and_then(|e| e.code.as_deref())
                            != Some("AuthorizationFailed"))
                {
                    failures.push(format!("{label}: the envelope is no longer read"));
                }
                // What is not secret stays (the message shows the context, redacted).
                if let (Container::Json, false) = (container, matches!(form, Form::LineWrapped)) {
                    let keep = form.write(kind.keep, kind.keep);
                    let message = explanation
                        .errors
                        .first()
                        .and_then(|e| e.message.clone())
                        .unwrap_or_default();
                    let written = form.write(&kind.text(), &kind.written());
                    let within_cap = written.find(&keep).is_some_and(|at| at < 1500);
                    if within_cap && !message.contains(&keep) {
                        failures.push(format!("{label}: `{keep}` is gone: {message}"));
                    }
                }
            }
        }
    }
    assert_eq!(cases, KINDS.len() * FORMS.len() * CONTAINERS.len());
    assert!(
        failures.is_empty(),
        "{} of {cases} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every kind names its source and holds its secret where the context says.
#[test]
fn the_corpus_is_well_formed() {
    assert_eq!(KINDS.len(), 26);
    for kind in KINDS {
        assert!(kind.source.contains("https://"), "{}", kind.name);
        assert!(kind.context.contains("{secret}"), "{}", kind.name);
        assert!(kind.context.contains(kind.keep), "{}", kind.name);
        assert!(kind.secret.len() >= 12, "{}", kind.name);
        if kind.in_json {
            // The context is JSON: it parses once the secret is in.
            serde_json::from_str::<serde_json::Value>(&kind.text())
                .map_err(|e| format!("{}: {e}", kind.name))
                .unwrap();
        }
    }
}

/// Key names of the secret-name table, in their usual spellings.
const KEYS: &[&str] = &[
    "password",
    "client_secret",
    "AccountKey",
    "sig",
    "token",
    "Ocp-Apim-Subscription-Key",
    "secretText",
    "Pwd",
    "AZURE_CLIENT_SECRET",
    "refresh_token",
    "adminPassword",
    "SharedAccessKey",
];

/// How a named value is written: JSON, `key=value;`, YAML, a command-line flag.
#[derive(Debug, Clone, Copy)]
enum Syntax {
    Json,
    KeyValue,
    Yaml,
    Flag,
}

proptest::proptest! {
    /// Random secrets under the table's key names, in every syntax, form and container: no
    /// piece survives redaction.
    #[test]
    fn random_secrets_under_secret_names_never_survive(
        secret in "[A-Za-z0-9][A-Za-z0-9+/=_~.!@#$%^*,\\\"' -]{11,40}",
        key in proptest::sample::select(KEYS),
        syntax in proptest::sample::select(&[Syntax::Json, Syntax::KeyValue, Syntax::Yaml, Syntax::Flag][..]),
        form in proptest::sample::select(&FORMS[..4]),
        container in proptest::sample::select(CONTAINERS),
    ) {
        // Each syntax's own rules for what a bare value may hold.
        let secret = match syntax {
            Syntax::Json => secret,
            Syntax::KeyValue | Syntax::Yaml => secret.replace(['\\', '"', '\'', ';', '&', ' '], ""),
            Syntax::Flag => secret.replace('\'', ""),
        };
        proptest::prop_assume!(secret.trim().len() >= 12 && !secret.ends_with(' '));
        let text = match syntax {
            Syntax::Json => format!("{{\"{key}\": {}, \"next\": \"x\"}}", serde_json::to_string(&secret).unwrap()),
            Syntax::KeyValue => format!("Endpoint=sb://x/;{key}={secret};Next=1"),
            Syntax::Yaml => format!("settings:\n  {key}: {secret}\n  next: x"),
            Syntax::Flag => format!("az thing --{key} '{secret}' --next x"),
        };
        let (input, _) = contain(&form.write(&text, &secret), container);
        let (redacted, _) = redact(&input);
        let around = format!("{}\n{ERROR_MESSAGE}", text.replace(&secret, "\n"));
        let leaked = leaks(&secret, &around, std::slice::from_ref(&redacted));
        proptest::prop_assert!(leaked.is_empty(), "{leaked:?} in {redacted}");
    }
}
