//! Where the two entries are: a Secret (`data` or `stringData`), a `kind: List` of them, a bare
//! map, one base64 value or the PEM itself; and the warning, with its copy command, for a
//! `kubernetes.io/tls` secret.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::document::{self, Entry, Node, Value};

use super::pem::{decode_text, is_base64, pem_blocks};
use super::{SecretEntries, SecretError, SSL_SECRET_NAMESPACE};

/// Decoded PEM text and where it came from.
pub(super) struct Located {
    /// The decoded text.
    pub(super) text: String,
    /// The entry's name: `cert.pem`, `key.pem`, `tls.crt` or `tls.key`.
    pub(super) entry: &'static str,
    /// The line of the value in the input, 0 when unknown.
    pub(super) line: usize,
}

#[derive(Default)]
pub(super) struct Sources {
    pub(super) cert: Option<Located>,
    pub(super) key: Option<Located>,
    /// The names of the entries, when the input named them.
    pub(super) entries: Option<SecretEntries>,
    /// The input names its entries and has no key entry at all (not one that cannot be read).
    pub(super) key_absent: bool,
}

/// Finds `cert.pem` and `key.pem` in whatever shape the input has.
pub(super) fn locate(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Sources {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        diagnostics.push(SecretError::NotFound.diagnostic(0));
        return Sources::default();
    }
    if trimmed.starts_with("-----BEGIN") {
        return split_bundle(trimmed.to_owned(), 0, diagnostics);
    }
    if trimmed
        .bytes()
        .all(|b| is_base64(b) || b == b'=' || b.is_ascii_whitespace())
    {
        return match decode_text(trimmed, "value") {
            Ok(pem) if pem.trim_start().starts_with("-----BEGIN") => {
                split_bundle(pem, 1, diagnostics)
            }
            Ok(_) => {
                diagnostics.push(Diagnostic::new(
                    Code::SslPemInvalid,
                    Severity::Error,
                    "value",
                    "the base64 value decodes to text that is not PEM: paste `data[\"cert.pem\"]` or `data[\"key.pem\"]`, or the whole secret",
                ));
                Sources::default()
            }
            Err(error) => {
                diagnostics.push(error.diagnostic(1));
                Sources::default()
            }
        };
    }
    let node = match document::parse(text) {
        Ok(node) => node,
        Err(error) => {
            diagnostics.push(parse_error(&error));
            return Sources::default();
        }
    };
    let Some(found) = find_data(&node) else {
        diagnostics.push(SecretError::NotFound.diagnostic(0));
        return Sources::default();
    };
    let names = found.entries;
    let mut sources = Sources {
        entries: Some(names),
        ..Sources::default()
    };
    let mut first_line = 0;
    for entry_name in [names.cert(), names.key()] {
        let Some(entry) = found.data.iter().rev().find(|e| e.key == entry_name) else {
            diagnostics.push(SecretError::Missing { entry: entry_name }.diagnostic(0));
            sources.key_absent |= entry_name == names.key();
            continue;
        };
        let line = entry.value.line;
        if first_line == 0 {
            first_line = line;
        }
        let Value::Str(value) = &entry.value.value else {
            let found = entry.value.value.kind();
            diagnostics.push(
                SecretError::WrongType {
                    entry: entry_name,
                    found,
                }
                .diagnostic(line),
            );
            continue;
        };
        let text = if found.base64 {
            match decode_text(value, entry_name) {
                Ok(text) => text,
                Err(error) => {
                    diagnostics.push(error.diagnostic(line));
                    continue;
                }
            }
        } else {
            value.clone()
        };
        let located = Located {
            text,
            entry: entry_name,
            line,
        };
        if entry_name == names.cert() {
            sources.cert = Some(located);
        } else {
            sources.key = Some(located);
        }
    }
    if names == SecretEntries::Tls {
        let both = sources.cert.is_some() && sources.key.is_some();
        diagnostics.push(tls_entries(found.secret, both).at_line(first_line));
    }
    sources
}

/// A parse error, without the parser's own words: they may quote the text (a YAML tag is
/// repeated whole), and here the text is the private key. Line and column say where.
fn parse_error(error: &document::DocumentError) -> Diagnostic {
    match error {
        document::DocumentError::Syntax { line, column, .. } => Diagnostic::new(
            Code::ParseError,
            Severity::Error,
            "",
            format!(
                "not valid YAML or JSON at line {line}, column {column} (what the parser found is not repeated: it may be the key): paste the output of `kubectl get secret azuremlfessl -o yaml` as it was printed"
            ),
        )
        .at_line(*line),
        other => other.diagnostic(),
    }
}

/// Where the entries were found.
struct Found<'a> {
    /// The map holding them.
    data: &'a [Entry],
    /// Base64 values (`data`, a bare map) or text (`stringData`).
    base64: bool,
    /// Their names.
    entries: SecretEntries,
    /// The Secret's own map, for its `metadata` (the bare map itself when there is none).
    secret: &'a [Entry],
}

/// The entries holding `cert.pem`/`key.pem` (or `tls.crt`/`tls.key`): a Secret, a List of them
/// (`azuremlfessl` preferred), or a bare map. `cert.pem`/`key.pem` win over `tls.crt`/`tls.key`
/// when a Secret has both.
fn find_data(node: &Node) -> Option<Found<'_>> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    if let Some(Value::Seq(items)) = field(entries, "items") {
        let named = items.iter().find(|item| match &item.value {
            Value::Map(secret) => metadata(secret, "name") == Some("azuremlfessl"),
            _ => false,
        });
        return named
            .and_then(find_data)
            .or_else(|| items.iter().find_map(find_data));
    }
    let maps = [("data", true), ("stringData", false)];
    for wanted in [SecretEntries::Pem, SecretEntries::Tls] {
        for (key, base64) in maps {
            if let Some(Value::Map(data)) = field(entries, key) {
                if SecretEntries::of(data) == Some(wanted) {
                    return Some(Found {
                        data,
                        base64,
                        entries: wanted,
                        secret: entries,
                    });
                }
            }
        }
    }
    SecretEntries::of(entries).map(|names| Found {
        data: entries,
        base64: true,
        entries: names,
        secret: entries,
    })
}

/// The value of `key` in a map (the last one when it repeats).
fn field<'a>(entries: &'a [Entry], key: &str) -> Option<&'a Value> {
    entries
        .iter()
        .rev()
        .find(|e| e.key == key)
        .map(|e| &e.value.value)
}

/// A text field of a Secret's `metadata`.
fn metadata<'a>(secret: &'a [Entry], key: &str) -> Option<&'a str> {
    let Some(Value::Map(fields)) = field(secret, "metadata") else {
        return None;
    };
    match field(fields, key)? {
        Value::Str(text) => Some(text),
        _ => None,
    }
}

/// The warning for a `kubernetes.io/tls` secret: the extension's `sslSecret` takes `cert.pem`
/// and `key.pem`, so it says how to copy the secret under those names. The command keeps the
/// key off every command line, file and history: `kubectl get` writes the new Secret's JSON,
/// base64 values copied as they are, into a pipe that `kubectl create -f -` reads. If the
/// secret or one of its entries is missing, nothing (or invalid base64) reaches `kubectl
/// create`, which then creates nothing.
fn tls_entries(secret: &[Entry], both: bool) -> Diagnostic {
    let tls = SecretEntries::Tls;
    let pem = SecretEntries::Pem;
    let needs = format!(
        "the secret names its entries `{}` and `{}` (a `kubernetes.io/tls` secret, as `kubectl create secret tls` makes it), but the Azure ML extension's `sslSecret` setting takes a secret in the `{SSL_SECRET_NAMESPACE}` namespace holding `{}` and `{}`",
        tls.cert(),
        tls.key(),
        pem.cert(),
        pem.key(),
    );
    let message = if both {
        // Only Kubernetes names reach the command, so nothing in it needs quoting; anything
        // else falls back to the default name and the current namespace.
        let name = metadata(secret, "name")
            .filter(|name| is_kubernetes_name(name, 253 - "-pem".len(), true))
            .unwrap_or("azuremlfessl");
        let namespace = metadata(secret, "namespace")
            .filter(|namespace| is_kubernetes_name(namespace, 63, false))
            .map(|namespace| format!(" -n {namespace}"))
            .unwrap_or_default();
        let target = format!("{name}-pem");
        // A Go template that prints the new Secret as JSON, the base64 values copied as they
        // are (`{` alone is text to Go templates, `{{` starts an action).
        let template = format!(
            r#"{{"apiVersion":"v1","kind":"Secret","type":"Opaque","metadata":{{"name":"{target}","namespace":"{SSL_SECRET_NAMESPACE}"}},"data":{{"{pem_cert}":"{{{{index .data "{tls_cert}"}}}}","{pem_key}":"{{{{index .data "{tls_key}"}}}}"}}}}"#,
            pem_cert = pem.cert(),
            pem_key = pem.key(),
            tls_cert = tls.cert(),
            tls_key = tls.key(),
        );
        format!(
            "{needs}: copy it under those names with `kubectl get secret {name}{namespace} -o go-template='{template}' | kubectl create -f -` (bash; the key goes through the pipe only, never onto a command line, into a file or into the history), then set `sslSecret={target}`"
        )
    } else {
        format!("{needs}: once it has both entries, copy them under those names")
    };
    Diagnostic::new(Code::SecretTlsKeys, Severity::Warning, "", message)
}

/// A Kubernetes object name: an RFC 1123 label (namespaces) or subdomain (secrets), at most
/// `max` characters. Such a name is safe unquoted in a shell command.
fn is_kubernetes_name(name: &str, max: usize, dots: bool) -> bool {
    let alphanumeric = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    !name.is_empty()
        && name.len() <= max
        && name.split('.').all(|label| {
            let bytes = label.as_bytes();
            bytes.first().is_some_and(|&b| alphanumeric(b))
                && bytes.last().is_some_and(|&b| alphanumeric(b))
                && bytes.iter().all(|&b| alphanumeric(b) || b == b'-')
        })
        && (dots || !name.contains('.'))
}

/// A PEM bundle (from a single base64 value or pasted as is): certificate blocks go to
/// `cert.pem`, the first private key block to `key.pem`. A key alone is an error: the secret
/// needs its certificate too.
fn split_bundle(text: String, line: usize, diagnostics: &mut Vec<Diagnostic>) -> Sources {
    let mut certs = String::new();
    let mut key = None;
    for block in pem_blocks(&text) {
        if block.label == "CERTIFICATE" {
            certs.push_str(block.text);
            certs.push('\n');
        } else if key.is_none() && block.label.contains("PRIVATE KEY") {
            key = Some(format!("{}\n", block.text));
        }
    }
    let cert = (!certs.is_empty()).then_some(Located {
        text: certs,
        entry: "cert.pem",
        line,
    });
    let key = key.map(|text| Located {
        text,
        entry: "key.pem",
        line,
    });
    match (cert, key) {
        // A bundle with neither is still reported: as a certificate file with no certificate.
        (None, None) => Sources {
            cert: Some(Located {
                text,
                entry: "cert.pem",
                line,
            }),
            ..Sources::default()
        },
        (None, Some(key)) => {
            diagnostics.push(SecretError::KeyOnly.diagnostic(line));
            Sources {
                key: Some(key),
                ..Sources::default()
            }
        }
        (cert, key) => Sources {
            cert,
            key,
            ..Sources::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_kubernetes_names_reach_the_copy_command() {
        assert!(is_kubernetes_name("azuremlfessl", 253, true));
        assert!(is_kubernetes_name("a.b-c", 253, true));
        assert!(!is_kubernetes_name("a.b", 63, false));
        for bad in [
            "", "-a", "a-", "A", "a b", "a;b", "a$(b)", "a..b", "'a'", "a\nb",
        ] {
            assert!(!is_kubernetes_name(bad, 253, true), "{bad:?}");
        }
        assert!(!is_kubernetes_name(&"a".repeat(64), 63, false));
        let secret = |name: &str, namespace: &str| {
            let text = format!(
                "metadata:\n  name: {name}\n  namespace: {namespace}\ndata:\n  tls.crt: ''\n"
            );
            let node = document::parse(&text).unwrap();
            let Value::Map(entries) = node.value else {
                panic!("a map")
            };
            tls_entries(&entries, true).message
        };
        let message = secret("web", "ingress");
        assert!(
            message.contains("`kubectl get secret web -n ingress -o go-template='"),
            "{message}"
        );
        assert!(message.contains(r#"{"name":"web-pem","namespace":"azureml"}"#));
        assert!(message.ends_with("then set `sslSecret=web-pem`"));
        let message = secret("'x; rm -rf ~'", "\"$(id)\"");
        assert!(
            message.contains("`kubectl get secret azuremlfessl -o go-template='"),
            "{message}"
        );
        assert!(!message.contains("rm -rf") && !message.contains("$(id)"));
    }
}
