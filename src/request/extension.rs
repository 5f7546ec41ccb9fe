//! The Azure ML extension's questions: is this extension spec right for this cluster (with the
//! TLS PEM files, when a front end has read them, through the secret decoder's certificate
//! checks), and the commands or documents that install it.

use super::{check, context, Checked, Given, RequestError};
use crate::dated::Now;
use crate::diagnostic::{Code, Diagnostic, Report};
use crate::extension::{validate_extension_node, ExtensionSpec, Tls};
use crate::generate::{self, ExtensionTarget, Output, Shell};
use crate::secret::SecretOptions;
use crate::spec::Workspace;

/// The contents of the PEM files `sslCertPemFile` and `sslKeyPemFile` name, as a front end read
/// them (the CLI from the paths, the page from the files chosen). Never kept or echoed.
#[derive(Clone, Copy)]
pub struct PemFiles<'a> {
    /// The certificate file's text.
    pub cert: &'a str,
    /// The key file's text.
    pub key: &'a str,
}

impl std::fmt::Debug for PemFiles<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PemFiles([redacted])")
    }
}

/// Question 1 for the extension: is this extension spec right for this cluster? With `pem`,
/// the certificate and key are checked as the `azuremlfessl` decoder checks a secret (dates,
/// chain, key match, the spec's `sslCname`), under `config_protected.sslCertPemFile`.
pub fn validate_extension(
    spec: Given<'_>,
    context_given: Option<Given<'_>>,
    workspace: &Workspace,
    pem: Option<PemFiles<'_>>,
    now: Now,
) -> Checked<ExtensionSpec> {
    let mut checked = check(
        spec,
        context(context_given, workspace),
        now,
        |node, context, now| {
            let validation = validate_extension_node(node, context, now);
            (validation.report, validation.spec)
        },
    );
    if let Some(pem) = pem {
        let cname =
            checked
                .spec
                .as_ref()
                .and_then(|s| match s.inference.as_ref().map(|i| &i.tls) {
                    Some(Tls::Files { cname, .. }) => Some(cname.clone()),
                    _ => None,
                });
        let found = certificate_problems(pem, cname, now);
        if !found.is_empty() {
            let mut diagnostics = checked.report.diagnostics;
            diagnostics.extend(found);
            checked.report = Report::new(diagnostics);
            if !checked.report.ok {
                checked.spec = None;
            }
        }
    }
    checked
}

/// The decoder's findings for the two files, each placed under the setting that names its file.
fn certificate_problems(pem: PemFiles<'_>, cname: Option<String>, now: Now) -> Vec<Diagnostic> {
    // The decoder reads one PEM bundle: the certificates, then the key.
    let mut bundle = String::with_capacity(pem.cert.len() + pem.key.len() + 1);
    bundle.push_str(pem.cert.trim_end());
    bundle.push('\n');
    bundle.push_str(pem.key);
    let decoded = crate::secret::decode_secret(
        &bundle,
        &SecretOptions {
            cname,
            now_unix: now.unix_seconds(),
        },
    );
    decoded
        .diagnostics
        .into_iter()
        .map(|mut d| {
            let key_related = d.path.contains("key") && !d.path.contains("cert");
            d.path = if key_related {
                "config_protected.sslKeyPemFile".to_owned()
            } else {
                "config_protected.sslCertPemFile".to_owned()
            };
            d.line = None;
            if d.code == Code::ParseError {
                d.code = Code::ExtensionCertificate;
            }
            d
        })
        .collect()
}

/// What a live install or update sends: the cluster, the extension's name, the body.
#[derive(Debug, Clone)]
pub struct ExtensionPlan {
    /// The cluster.
    pub cluster: crate::resource_id::ClusterId,
    /// The extension's instance name.
    pub name: String,
    /// The PUT or PATCH body, every value filled (never logged: it may hold the key's base64).
    pub body: serde_json::Value,
}

/// The extension to install (`put`) or update from the page: the spec checked (with the PEM
/// files when given) against the context (the pre-flight's, with the cluster's region), and the
/// body filled in. The region comes from `location`, else the context's cluster.
pub fn extension_plan(
    spec: Given<'_>,
    context_given: Option<Given<'_>>,
    location: Option<&str>,
    pem: Option<PemFiles<'_>>,
    put: bool,
    now: Now,
) -> Result<ExtensionPlan, RequestError> {
    let (spec, context) =
        validate_extension(spec, context_given, &Workspace::default(), pem, now).into_spec()?;
    let location = location
        .map(str::to_owned)
        .or_else(|| context.cluster.as_ref().and_then(|c| c.location.clone()))
        .ok_or_else(|| {
            RequestError::NeedsInput("the cluster's region (the pre-flight reads it)".to_owned())
        })?;
    let inputs = generate::LiveInputs {
        location: &location,
        pem: pem.map(|p| (p.cert, p.key)),
    };
    let body =
        generate::extension_live_body(&spec, put, &inputs).map_err(RequestError::NeedsInput)?;
    Ok(ExtensionPlan {
        cluster: spec.cluster.clone(),
        name: spec.name.clone(),
        body,
    })
}

/// Question 2 for the extension: the commands or document `target` for an extension spec that
/// has no error.
pub fn generate_extension(
    spec: Given<'_>,
    context_given: Option<Given<'_>>,
    workspace: &Workspace,
    target: ExtensionTarget,
    shell: Shell,
    now: Now,
) -> Result<Output, RequestError> {
    let (spec, _) = validate_extension(spec, context_given, workspace, None, now).into_spec()?;
    Ok(generate::generate_extension(&spec, target, shell))
}
