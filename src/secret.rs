//! The `azuremlfessl` decoder: takes what `kubectl get secret azuremlfessl -o yaml|json` printed
//! (or a `kind: List`, a bare `data:` map, one base64 value, or the PEM itself) and gives back
//! `cert.pem` and `key.pem` exactly as stored, the facts of every certificate and of the key,
//! whether they belong together, and every problem found (azure-facts §5.1, §2.5). A
//! `kubernetes.io/tls` secret (`kubectl create secret tls`: `tls.crt` and `tls.key`) is read the
//! same way, with the command that copies it under the names the extension's `sslSecret` takes.
//!
//! The key's PEM lives in [`KeyPem`], which never prints itself; no message or error holds any
//! byte of the input, only positions.

use std::fmt;

use base64ct::{Base64Unpadded, Encoding};
use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::document::{self, Entry, Node, Value};
use crate::x509::{self, CertificateFacts, CertificateInfo, KeyFacts, KeyFormat, KeyInfo};

/// Seconds in a day.
const DAY: i64 = 86_400;
/// A certificate expiring within this many days is flagged.
pub const EXPIRY_WARNING_DAYS: i64 = 30;
/// Chains longer than this get no suggested order (the search is quadratic; real chains have
/// two to four certificates).
const ORDER_LIMIT: usize = 32;
/// The namespace the Azure ML extension reads its `sslSecret` from.
pub const SSL_SECRET_NAMESPACE: &str = "azureml";

/// What the decoder needs besides the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretOptions {
    /// The CNAME the user will attach with; checked against the leaf's names when given.
    pub cname: Option<String>,
    /// The current time, seconds since the Unix epoch (the core reads no clock).
    pub now_unix: i64,
}

/// The private key's PEM text, exactly as stored. Its `Debug` prints `[redacted]`; it has no
/// `Display` and no `Serialize`, so it reaches the user only through [`KeyPem::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPem(String);

impl KeyPem {
    /// The PEM text, for the one place that hands it to the user (a download, a file).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for KeyPem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyPem([redacted])")
    }
}

/// Which names the secret gives its two entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretEntries {
    /// `cert.pem` and `key.pem`: what Azure ML writes and the extension's `sslSecret` takes.
    Pem,
    /// `tls.crt` and `tls.key`: a `kubernetes.io/tls` secret (`kubectl create secret tls`).
    Tls,
}

impl SecretEntries {
    /// The certificate entry's name.
    pub fn cert(self) -> &'static str {
        match self {
            SecretEntries::Pem => "cert.pem",
            SecretEntries::Tls => "tls.crt",
        }
    }

    /// The key entry's name.
    pub fn key(self) -> &'static str {
        match self {
            SecretEntries::Pem => "key.pem",
            SecretEntries::Tls => "tls.key",
        }
    }

    /// The names a map holds, `cert.pem`/`key.pem` first when it has both kinds.
    fn of(entries: &[Entry]) -> Option<SecretEntries> {
        [SecretEntries::Pem, SecretEntries::Tls]
            .into_iter()
            .find(|names| {
                entries
                    .iter()
                    .any(|e| e.key == names.cert() || e.key == names.key())
            })
    }
}

/// Everything the decoder found.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedSecret {
    /// `cert.pem` (or `tls.crt`) as stored, when it was found and is text.
    pub cert_pem: Option<String>,
    /// `key.pem` (or `tls.key`) as stored, when it was found and is text.
    pub key_pem: Option<KeyPem>,
    /// The names the entries were found under; `None` when the input was PEM text or one
    /// base64 value.
    pub entries: Option<SecretEntries>,
    /// Every certificate in `cert.pem`, in the order written.
    pub certificates: Vec<CertificateFacts>,
    /// The private key's facts.
    pub key: Option<KeyFacts>,
    /// Whether the key's public half is the public key of one of the certificates, the leaf
    /// ([`DecodedSecret::key_certificate`] says which); `None` when there is no key or
    /// certificate, or it cannot be told (see `key-match-unknown`).
    pub key_matches_certificate: Option<bool>,
    /// The position in `certificates` of the certificate the key belongs to (the leaf, which
    /// must be first); `None` when no certificate matches or it cannot be told.
    pub key_certificate: Option<usize>,
    /// Whether the leaf comes first and each certificate is issued by the next one.
    pub chain_in_order: bool,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
}

impl DecodedSecret {
    /// True when no diagnostic is an error.
    pub fn ok(&self) -> bool {
        self.diagnostics
            .iter()
            .all(|d| d.severity < Severity::Error)
    }
}

/// Why part of the input could not be read. Messages name the entry and a position, never the
/// bytes. Entries are named as the input names them (`cert.pem` or `tls.crt`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretError {
    /// Neither `cert.pem`/`key.pem` nor `tls.crt`/`tls.key` was found.
    NotFound,
    /// One of the two entries is missing.
    Missing {
        /// `cert.pem`, `key.pem`, `tls.crt` or `tls.key`.
        entry: &'static str,
    },
    /// The entry is not a string.
    WrongType {
        /// `cert.pem`, `key.pem`, `tls.crt` or `tls.key`.
        entry: &'static str,
        /// What it is instead (`a number`, `a list`, …).
        found: &'static str,
    },
    /// A character outside the base64 alphabet, or padding in the middle.
    Base64 {
        /// The entry's name, or `value`.
        entry: &'static str,
        /// Byte offset in the base64 text.
        offset: usize,
    },
    /// The base64 text stops in the middle of a byte.
    Base64Length {
        /// The entry's name, or `value`.
        entry: &'static str,
    },
    /// The decoded bytes are not UTF-8 text, so not PEM.
    NotText {
        /// The entry's name, or `value`.
        entry: &'static str,
        /// Offset of the first byte that is not UTF-8.
        offset: usize,
    },
    /// A PEM block's body is not base64 or its end line is missing.
    PemBlock {
        /// The entry's name.
        entry: &'static str,
        /// 1-based line of the block's BEGIN line in the decoded text.
        line: usize,
    },
}

impl SecretError {
    /// The diagnostic code for this error.
    pub fn code(&self) -> Code {
        match self {
            SecretError::NotFound | SecretError::Missing { .. } => Code::SecretNotFound,
            SecretError::WrongType { .. } => Code::WrongType,
            SecretError::Base64 { .. } | SecretError::Base64Length { .. } => {
                Code::SecretBase64Invalid
            }
            SecretError::NotText { .. } | SecretError::PemBlock { .. } => Code::SslPemInvalid,
        }
    }

    fn path(&self) -> &'static str {
        match self {
            SecretError::NotFound => "",
            SecretError::Missing { entry }
            | SecretError::WrongType { entry, .. }
            | SecretError::Base64 { entry, .. }
            | SecretError::Base64Length { entry }
            | SecretError::NotText { entry, .. }
            | SecretError::PemBlock { entry, .. } => entry,
        }
    }

    fn diagnostic(&self, line: usize) -> Diagnostic {
        Diagnostic::new(self.code(), Severity::Error, self.path(), self.to_string()).at_line(line)
    }
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretError::NotFound => f.write_str(
                "no `cert.pem` or `key.pem` (nor `tls.crt` or `tls.key`) found: paste the output of `kubectl get secret azuremlfessl -o yaml` (or -o json), its `data:` map, one base64 value, or the PEM text",
            ),
            SecretError::Missing { entry } if entry.starts_with("tls.") => write!(
                f,
                "the secret has no `{entry}`: a `kubernetes.io/tls` secret holds both `tls.crt` and `tls.key`"
            ),
            SecretError::Missing { entry } => write!(
                f,
                "the secret has no `{entry}`: Azure ML needs both `cert.pem` and `key.pem`"
            ),
            SecretError::WrongType { entry, found } => {
                write!(f, "`{entry}` is {found}, not base64 text")
            }
            SecretError::Base64 { entry, offset } => write!(
                f,
                "`{entry}` is not valid base64: unexpected character at offset {offset}"
            ),
            SecretError::Base64Length { entry } => write!(
                f,
                "`{entry}` is not valid base64: it stops in the middle of a byte (was it cut short?)"
            ),
            SecretError::NotText { entry, offset } => write!(
                f,
                "`{entry}` decodes to binary data, not PEM text (byte {offset} is not UTF-8)"
            ),
            SecretError::PemBlock { entry, line } => write!(
                f,
                "`{entry}`: the PEM block starting at line {line} is broken (bad base64 or no END line)"
            ),
        }
    }
}

/// Decodes a secret and checks everything about it. Never fails: what cannot be read is
/// reported in the diagnostics.
pub fn decode_secret(text: &str, options: &SecretOptions) -> DecodedSecret {
    let mut diagnostics = Vec::new();
    let located = locate(text, &mut diagnostics);
    let names = located.entries.unwrap_or(SecretEntries::Pem);
    let mut decoded = DecodedSecret {
        cert_pem: None,
        key_pem: None,
        entries: located.entries,
        certificates: Vec::new(),
        key: None,
        key_matches_certificate: None,
        key_certificate: None,
        chain_in_order: true,
        diagnostics: Vec::new(),
    };
    let mut chain = Vec::new();
    if let Some(cert) = located.cert {
        chain = read_chain(&cert, names, &mut diagnostics);
        decoded.cert_pem = Some(cert.text);
    }
    let mut key_info = None;
    if let Some(key) = located.key {
        key_info = read_key(&key, &mut diagnostics);
        decoded.key_pem = Some(KeyPem(key.text));
    }
    // The leaf is the certificate the key belongs to, wherever it was put; the first one when
    // the key matches none (or there is no key).
    let leaf = key_info.as_ref().and_then(|key| {
        chain
            .iter()
            .position(|c| x509::key_matches(&c.public_key, &key.public_key) == Some(true))
    });
    let checks = Checks {
        chain: &chain,
        leaf: leaf.unwrap_or(0),
        names,
    };
    checks.chain(options, &mut decoded, &mut diagnostics);
    if let Some(key) = &key_info {
        checks.key(key, leaf, &mut decoded, &mut diagnostics);
        decoded.key = Some(key.facts.clone());
    }
    decoded.diagnostics = diagnostics;
    decoded
}

/// Decoded PEM text and where it came from.
struct Located {
    /// The decoded text.
    text: String,
    /// The entry's name: `cert.pem`, `key.pem`, `tls.crt` or `tls.key`.
    entry: &'static str,
    /// The line of the value in the input, 0 when unknown.
    line: usize,
}

#[derive(Default)]
struct Sources {
    cert: Option<Located>,
    key: Option<Located>,
    /// The names of the entries, when the input named them.
    entries: Option<SecretEntries>,
}

/// Finds `cert.pem` and `key.pem` in whatever shape the input has.
fn locate(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Sources {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        diagnostics.push(SecretError::NotFound.diagnostic(0));
        return Sources::default();
    }
    if trimmed.starts_with("-----BEGIN") {
        return split_bundle(trimmed.to_owned(), 0);
    }
    if trimmed
        .bytes()
        .all(|b| is_base64(b) || b == b'=' || b.is_ascii_whitespace())
    {
        return match decode_text(trimmed, "value") {
            Ok(pem) if pem.trim_start().starts_with("-----BEGIN") => split_bundle(pem, 1),
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
            diagnostics.push(crate::validate::document_error(&error));
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
/// `cert.pem`, the first private key block to `key.pem`.
fn split_bundle(text: String, line: usize) -> Sources {
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
    // A bundle with neither is still reported: as a certificate file with no certificate.
    match (cert, key) {
        (None, None) => Sources {
            cert: Some(Located {
                text,
                entry: "cert.pem",
                line,
            }),
            key: None,
            entries: None,
        },
        (cert, key) => Sources {
            cert,
            key,
            entries: None,
        },
    }
}

/// One `-----BEGIN X-----` … `-----END X-----` block.
struct PemBlock<'a> {
    label: &'a str,
    /// From the BEGIN line to the END line, inclusive, without the final line break.
    text: &'a str,
    /// Header lines (`Proc-Type: 4,ENCRYPTED`) were present.
    has_headers: bool,
    /// The base64 body, lines joined by their breaks.
    body: &'a str,
    /// 1-based line of the BEGIN line.
    line: usize,
    /// Whether the END line was found.
    complete: bool,
}

fn pem_blocks(text: &str) -> Vec<PemBlock<'_>> {
    let mut blocks = Vec::new();
    let mut offset = 0;
    let mut open: Option<(usize, &str, usize)> = None;
    let mut body_start = 0;
    let mut has_headers = false;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']).trim();
        let start = offset;
        offset += raw.len();
        match open {
            None => {
                if let Some(label) = line
                    .strip_prefix("-----BEGIN ")
                    .and_then(|l| l.strip_suffix("-----"))
                {
                    open = Some((start, label, index + 1));
                    body_start = offset;
                    has_headers = false;
                }
            }
            Some((begin, label, begin_line)) => {
                if let Some(end_label) = line
                    .strip_prefix("-----END ")
                    .and_then(|l| l.strip_suffix("-----"))
                {
                    let end = start + raw.trim_end_matches(['\n', '\r']).len();
                    blocks.push(PemBlock {
                        label,
                        text: &text[begin..end],
                        has_headers,
                        body: &text[body_start..start],
                        line: begin_line,
                        complete: end_label == label,
                    });
                    open = None;
                } else if line.contains(':') {
                    has_headers = true;
                    body_start = offset;
                }
            }
        }
    }
    if let Some((begin, label, begin_line)) = open {
        blocks.push(PemBlock {
            label,
            text: &text[begin..],
            has_headers,
            body: &text[body_start..],
            line: begin_line,
            complete: false,
        });
    }
    blocks
}

/// Reads every certificate in `cert.pem` (or `tls.crt`).
fn read_chain(
    cert: &Located,
    names: SecretEntries,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<CertificateInfo> {
    let mut chain = Vec::new();
    let blocks = pem_blocks(&cert.text);
    for block in &blocks {
        if block.label != "CERTIFICATE" {
            let (severity, advice) = if block.label.contains("PRIVATE KEY") {
                (
                    Severity::Error,
                    format!(
                        "a private key does not belong in `{}`; it goes in `{}`",
                        names.cert(),
                        names.key()
                    ),
                )
            } else {
                (Severity::Warning, "it is ignored".to_owned())
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::SslPemInvalid,
                    severity,
                    cert.entry,
                    format!(
                        "holds a `{}` block at line {}: {advice}",
                        safe_label(block.label),
                        block.line
                    ),
                )
                .at_line(cert.line),
            );
            continue;
        }
        let path = format!("certificates[{}]", chain.len());
        let der = match block_der(block, cert.entry) {
            Ok(der) => der,
            Err(error) => {
                diagnostics.push(error.diagnostic(cert.line));
                continue;
            }
        };
        match x509::read_certificate(&der) {
            Ok(info) => chain.push(info),
            Err(error) => diagnostics.push(
                Diagnostic::new(
                    Code::CertInvalid,
                    Severity::Error,
                    path,
                    format!("the certificate at line {} {error}", block.line),
                )
                .at_line(cert.line),
            ),
        }
    }
    if blocks.iter().all(|b| b.label != "CERTIFICATE") {
        diagnostics.push(
            Diagnostic::new(
                Code::SslPemInvalid,
                Severity::Error,
                cert.entry,
                "holds no PEM certificate: it should hold -----BEGIN CERTIFICATE----- blocks, the leaf first, then its issuers",
            )
            .at_line(cert.line),
        );
    }
    chain
}

/// Reads the private key in `key.pem`.
fn read_key(key: &Located, diagnostics: &mut Vec<Diagnostic>) -> Option<KeyInfo> {
    let error = |code: Code, message: String| {
        Diagnostic::new(code, Severity::Error, key.entry, message).at_line(key.line)
    };
    let blocks = pem_blocks(&key.text);
    let Some(block) = blocks.iter().find(|b| b.label.contains("PRIVATE KEY")) else {
        diagnostics.push(error(
            Code::SslPemInvalid,
            "holds no PEM private key: it should hold -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY)".to_owned(),
        ));
        return None;
    };
    if block.label.contains("ENCRYPTED") || block.has_headers {
        diagnostics.push(error(
            Code::SslKeyEncrypted,
            "is protected by a passphrase, which Azure ML cannot use: export it without one (`openssl pkey -in key.pem -out key-plain.pem`)".to_owned(),
        ));
        return None;
    }
    let Some(format) = KeyFormat::from_pem_label(block.label) else {
        diagnostics.push(error(
            Code::KeyUnsupported,
            format!(
                "holds a `{}` block; Azure ML takes PKCS#8 (PRIVATE KEY), PKCS#1 (RSA PRIVATE KEY) or SEC1 (EC PRIVATE KEY)",
                safe_label(block.label)
            ),
        ));
        return None;
    };
    let der = match block_der(block, key.entry) {
        Ok(der) => der,
        Err(e) => {
            diagnostics.push(e.diagnostic(key.line));
            return None;
        }
    };
    match x509::read_private_key(format, &der) {
        Ok(info) => Some(info),
        Err(e) => {
            diagnostics.push(error(
                Code::KeyInvalid,
                format!("the key at line {} {e}", block.line),
            ));
            None
        }
    }
}

/// The DER inside a PEM block.
fn block_der(block: &PemBlock<'_>, entry: &'static str) -> Result<Vec<u8>, SecretError> {
    let broken = SecretError::PemBlock {
        entry,
        line: block.line,
    };
    if !block.complete {
        return Err(broken);
    }
    decode_base64(block.body, entry).map_err(|_| broken)
}

/// What the chain and key checks share.
struct Checks<'a> {
    /// Every certificate read, in the order written.
    chain: &'a [CertificateInfo],
    /// The position of the leaf: the certificate the key belongs to, else the first.
    leaf: usize,
    /// The names of the entries, for messages.
    names: SecretEntries,
}

impl Checks<'_> {
    /// Time, chain order, chain completeness and CNAME checks.
    fn chain(
        &self,
        options: &SecretOptions,
        decoded: &mut DecodedSecret,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let chain = self.chain;
        let now = options.now_unix;
        // A leaf out of place is reported once, with the whole order, by the key check.
        let order_hint = if self.leaf == 0 {
            self.order()
                .filter(|order| order.iter().enumerate().any(|(i, &p)| i != p))
                .map(|order| format!(" (order them {})", positions(&order)))
                .unwrap_or_default()
        } else {
            decoded.chain_in_order = false;
            String::new()
        };
        for (index, info) in chain.iter().enumerate() {
            let path = format!("certificates[{index}]");
            let which = if index == self.leaf {
                "the certificate".to_owned()
            } else {
                format!("the chain's certificate {}", index + 1)
            };
            let days = (info.not_after_unix - now).div_euclid(DAY);
            let issued_by_next = chain
                .get(index + 1)
                .map(|next| next.subject_der == info.issuer_der);
            if now >= info.not_after_unix {
                diagnostics.push(Diagnostic::new(
                    Code::CertExpired,
                    Severity::Error,
                    &path,
                    format!(
                        "{which} expired on {} ({} days ago): renew it before re-attaching",
                        info.facts.not_after, -days
                    ),
                ));
            } else if now < info.not_before_unix {
                diagnostics.push(Diagnostic::new(
                    Code::CertNotYetValid,
                    Severity::Error,
                    &path,
                    format!(
                        "{which} is not valid before {}: check the clock of the machine that issued it",
                        info.facts.not_before
                    ),
                ));
            } else if days < EXPIRY_WARNING_DAYS {
                diagnostics.push(Diagnostic::new(
                    Code::CertExpiring,
                    Severity::Warning,
                    &path,
                    format!(
                        "{which} expires on {} (in {days} days): renew it soon",
                        info.facts.not_after
                    ),
                ));
            }
            if issued_by_next == Some(false) {
                decoded.chain_in_order = false;
                if self.leaf == 0 {
                    diagnostics.push(Diagnostic::new(
                        Code::CertChainOrder,
                        Severity::Warning,
                        &path,
                        format!(
                            "is not issued by the next certificate ({}): order `{}` leaf first, then each issuer{order_hint}",
                            index + 2,
                            self.names.cert()
                        ),
                    ));
                }
            }
            decoded.certificates.push(CertificateFacts {
                days_until_expiry: days,
                issued_by_next,
                ..info.facts.clone()
            });
        }
        let Some(leaf) = chain.get(self.leaf) else {
            return;
        };
        let leaf_path = format!("certificates[{}]", self.leaf);
        if leaf.facts.self_issued {
            if chain.len() == 1 {
                diagnostics.push(Diagnostic::new(
                    Code::CertSelfSigned,
                    Severity::Warning,
                    leaf_path,
                    "is self-signed: clients will not trust it; use self-signed certificates for development only",
                ));
            }
        } else if !chain.iter().any(|c| c.subject_der == leaf.issuer_der) {
            diagnostics.push(Diagnostic::new(
                Code::CertChainIncomplete,
                Severity::Warning,
                leaf_path,
                format!(
                    "its issuer is not in `{}`: append the intermediate certificates after the leaf (Azure ML expects the full chain)",
                    self.names.cert()
                ),
            ));
        }
        if let Some(cname) = options
            .cname
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            let cname = cname.trim_end_matches('.').to_ascii_lowercase();
            let names = leaf
                .facts
                .dns_names
                .iter()
                .chain(leaf.facts.common_name.as_ref());
            if !names.clone().any(|name| host_matches(name, &cname)) {
                let mut list: Vec<&str> = Vec::new();
                for name in names {
                    if !list.contains(&name.as_str()) {
                        list.push(name);
                    }
                }
                diagnostics.push(Diagnostic::new(
                    Code::CertCnameMismatch,
                    Severity::Error,
                    "cname",
                    format!(
                        "`{cname}` is not among the certificate's names ({}): clients will reject the connection; use one of them or issue a certificate for it",
                        if list.is_empty() { "none".to_owned() } else { list.join(", ") }
                    ),
                ));
            }
        }
    }

    /// Whether the key belongs to the first certificate (or to another one, which then must
    /// come first), and whether its algorithm is one Azure ML serves. `leaf` is the position
    /// of the certificate the key belongs to, if any.
    fn key(
        &self,
        key: &KeyInfo,
        leaf: Option<usize>,
        decoded: &mut DecodedSecret,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if matches!(key.facts.kind, "other" | "ed25519") {
            diagnostics.push(Diagnostic::new(
                Code::KeyUnsupported,
                Severity::Warning,
                "key",
                "is neither RSA nor EC: browsers and Azure ML's front end may refuse it; use RSA 2048+ or EC P-256/P-384",
            ));
        }
        let Some(first) = self.chain.first() else {
            return;
        };
        decoded.key_certificate = leaf;
        decoded.key_matches_certificate = match leaf {
            Some(_) => Some(true),
            None => x509::key_matches(&first.public_key, &key.public_key),
        };
        let key_entry = self.names.key();
        match (leaf, decoded.key_matches_certificate) {
            (Some(0), _) => {}
            (Some(position), _) => {
                let subject = self
                    .chain
                    .get(position)
                    .map_or("", |c| c.facts.subject.as_str());
                let order = self
                    .order()
                    .map(|order| format!(": order them {}", positions(&order)))
                    .unwrap_or_default();
                diagnostics.push(Diagnostic::new(
                    Code::CertLeafNotFirst,
                    Severity::Error,
                    self.names.cert(),
                    format!(
                        "the key belongs to certificate {} ({subject}), not to the first one: the leaf, the certificate the key belongs to, must come first, followed by its issuers in order{order}",
                        position + 1
                    ),
                ));
            }
            (None, Some(_)) => diagnostics.push(Diagnostic::new(
                Code::KeyMismatch,
                Severity::Error,
                key_entry,
                format!(
                    "does not belong to the leaf certificate, nor to any other in `{}`: the pair is mismatched, the classic re-attach failure: use the key the certificate was issued for",
                    self.names.cert()
                ),
            )),
            (None, None) => diagnostics.push(Diagnostic::new(
                Code::KeyMatchUnknown,
                Severity::Info,
                key_entry,
                "the key does not carry its public half, so it cannot be compared with the certificate here; compare `openssl pkey -in key.pem -pubout` with `openssl x509 -in cert.pem -noout -pubkey`",
            )),
        }
    }

    /// The order the certificates should be in: the leaf, then its issuer, that one's issuer
    /// and so on (by subject and issuer names), then the rest as written. `None` for chains
    /// longer than [`ORDER_LIMIT`].
    fn order(&self) -> Option<Vec<usize>> {
        let chain = self.chain;
        if chain.len() > ORDER_LIMIT || self.leaf >= chain.len() {
            return None;
        }
        let mut used = vec![false; chain.len()];
        let mut order = Vec::with_capacity(chain.len());
        let mut current = Some(self.leaf);
        while let Some(index) = current {
            let info = chain.get(index)?;
            *used.get_mut(index)? = true;
            order.push(index);
            current = if info.facts.self_issued {
                None
            } else {
                (0..chain.len()).find(|&i| {
                    used.get(i) == Some(&false)
                        && chain
                            .get(i)
                            .is_some_and(|c| c.subject_der == info.issuer_der)
                })
            };
        }
        order.extend((0..chain.len()).filter(|&i| used.get(i) == Some(&false)));
        Some(order)
    }
}

/// Positions for a message, 1-based: `2, 1`.
fn positions(order: &[usize]) -> String {
    order
        .iter()
        .map(|index| (index + 1).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A certificate name (`example.com`, `*.example.com`) covers a host name.
fn host_matches(name: &str, host: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    match name.strip_prefix("*.") {
        Some(suffix) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == suffix),
        None => name == host,
    }
}

/// A PEM label for a message: labels are public words, but input is input, so only plain
/// upper-case words are repeated.
fn safe_label(label: &str) -> &str {
    if label.len() <= 40 && label.bytes().all(|b| b.is_ascii_uppercase() || b == b' ') {
        label
    } else {
        "unrecognised"
    }
}

fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// Base64 as Kubernetes writes it (standard alphabet), tolerating whitespace, line breaks and
/// missing padding.
fn decode_base64(text: &str, entry: &'static str) -> Result<Vec<u8>, SecretError> {
    let mut clean = String::with_capacity(text.len());
    let mut padding = 0;
    for (offset, b) in text.bytes().enumerate() {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'=' if padding < 2 => padding += 1,
            b if is_base64(b) && padding == 0 => clean.push(char::from(b)),
            _ => return Err(SecretError::Base64 { entry, offset }),
        }
    }
    if clean.len() % 4 == 1 || (padding > 0 && (clean.len() + padding) % 4 != 0) {
        return Err(SecretError::Base64Length { entry });
    }
    Base64Unpadded::decode_vec(&clean).map_err(|_| SecretError::Base64 {
        entry,
        offset: text.trim_end().len().saturating_sub(1),
    })
}

/// Base64 that must decode to text.
fn decode_text(text: &str, entry: &'static str) -> Result<String, SecretError> {
    let bytes = decode_base64(text, entry)?;
    String::from_utf8(bytes).map_err(|error| SecretError::NotText {
        entry,
        offset: error.utf8_error().valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_pem_debug_is_redacted() {
        let key = KeyPem("-----BEGIN PRIVATE KEY-----\nSECRET\n".to_owned());
        assert_eq!(format!("{key:?}"), "KeyPem([redacted])");
        let decoded = DecodedSecret {
            cert_pem: None,
            key_pem: Some(key.clone()),
            entries: Some(SecretEntries::Tls),
            certificates: Vec::new(),
            key: None,
            key_matches_certificate: None,
            key_certificate: None,
            chain_in_order: true,
            diagnostics: Vec::new(),
        };
        assert!(!format!("{decoded:?}").contains("SECRET"));
        assert!(key.expose().contains("SECRET"));
    }

    #[test]
    fn base64_tolerates_wraps_and_missing_padding() {
        assert_eq!(decode_base64("aGk=", "value").unwrap(), b"hi");
        assert_eq!(decode_base64("aGk", "value").unwrap(), b"hi");
        assert_eq!(decode_base64("a G\r\nk =", "value").unwrap(), b"hi");
        assert_eq!(
            decode_base64("aG!k", "value"),
            Err(SecretError::Base64 {
                entry: "value",
                offset: 2
            })
        );
        assert_eq!(
            decode_base64("aGk=x", "value"),
            Err(SecretError::Base64 {
                entry: "value",
                offset: 4
            })
        );
        assert_eq!(
            decode_base64("aGkhx", "value"),
            Err(SecretError::Base64Length { entry: "value" })
        );
    }

    #[test]
    fn host_names_match_wildcards_one_label_deep() {
        assert!(host_matches("*.example.com", "a.example.com"));
        assert!(!host_matches("*.example.com", "a.b.example.com"));
        assert!(!host_matches("*.example.com", "example.com"));
        assert!(host_matches("Example.COM.", "example.com"));
    }

    #[test]
    fn shapes_without_pem_are_reported() {
        let options = SecretOptions::default();
        let codes = |text: &str| -> Vec<&str> {
            decode_secret(text, &options)
                .diagnostics
                .iter()
                .map(|d| d.code.as_str())
                .collect()
        };
        assert_eq!(codes(""), ["secret-not-found"]);
        assert_eq!(codes("kind: Secret\ndata: {}\n"), ["secret-not-found"]);
        assert_eq!(
            codes("data:\n  cert.pem: 12\n"),
            ["wrong-type", "secret-not-found"]
        );
        assert_eq!(codes("aGk="), ["ssl-pem-invalid"]);
        assert_eq!(codes("{"), ["parse-error"]);
        assert_eq!(
            codes("cert.pem: 'a!b'\nkey.pem: ''\n"),
            ["secret-base64-invalid", "ssl-pem-invalid"]
        );
        // The TLS names, each missing entry by its own name, and the warning with no command.
        assert_eq!(
            codes("data:\n  tls.crt: 12\n"),
            ["wrong-type", "secret-not-found", "secret-tls-keys"]
        );
        let decoded = decode_secret("data:\n  tls.key: ''\n", &options);
        assert_eq!(decoded.entries, Some(SecretEntries::Tls));
        assert_eq!(decoded.diagnostics[0].path, "tls.crt");
        assert_eq!(
            decoded.diagnostics[0].message,
            "the secret has no `tls.crt`: a `kubernetes.io/tls` secret holds both `tls.crt` and `tls.key`"
        );
        assert!(!decoded.diagnostics[2].message.contains("kubectl get"));
        // cert.pem/key.pem win over tls.crt/tls.key, in data as in stringData.
        for text in [
            "data:\n  tls.crt: ''\n  cert.pem: ''\n",
            "data:\n  tls.crt: ''\nstringData:\n  key.pem: ''\n",
        ] {
            let decoded = decode_secret(text, &options);
            assert_eq!(decoded.entries, Some(SecretEntries::Pem), "{text}");
            assert!(
                decoded
                    .diagnostics
                    .iter()
                    .all(|d| d.code != Code::SecretTlsKeys),
                "{text}"
            );
        }
    }

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

    /// A certificate with only the names the order needs.
    fn named(subject: &str, issuer: &str) -> CertificateInfo {
        CertificateInfo {
            facts: CertificateFacts {
                subject: subject.to_owned(),
                common_name: None,
                issuer: issuer.to_owned(),
                dns_names: Vec::new(),
                not_before: String::new(),
                not_after: String::new(),
                serial: String::new(),
                signature_algorithm: String::new(),
                public_key: String::new(),
                self_issued: subject == issuer,
                days_until_expiry: 0,
                issued_by_next: None,
            },
            not_before_unix: 0,
            not_after_unix: 0,
            subject_der: subject.as_bytes().to_vec(),
            issuer_der: issuer.as_bytes().to_vec(),
            public_key: x509::PublicKey::Other {
                algorithm: String::new(),
            },
        }
    }

    #[test]
    fn the_order_follows_issuers_from_the_leaf() {
        let order = |chain: &[CertificateInfo], leaf: usize| {
            Checks {
                chain,
                leaf,
                names: SecretEntries::Pem,
            }
            .order()
        };
        let leaf = named("leaf", "inter");
        let inter = named("inter", "root");
        let root = named("root", "root");
        let other = named("other", "elsewhere");
        let chain = [root.clone(), inter.clone(), leaf.clone()];
        assert_eq!(order(&chain, 2), Some(vec![2, 1, 0]));
        let chain = [inter.clone(), root.clone(), leaf.clone()];
        assert_eq!(order(&chain, 2), Some(vec![2, 0, 1]));
        // Certificates off the path keep their place after it; a root ends the walk.
        let chain = [leaf.clone(), other.clone(), root.clone(), inter.clone()];
        assert_eq!(order(&chain, 0), Some(vec![0, 3, 2, 1]));
        // Issuers that loop, or repeat, are each used once.
        let a = named("a", "b");
        let b = named("b", "a");
        assert_eq!(order(&[b.clone(), a.clone(), b], 1), Some(vec![1, 0, 2]));
        assert_eq!(order(&[], 0), None);
        let long = vec![other; ORDER_LIMIT + 1];
        assert_eq!(order(&long, 0), None);
    }

    #[test]
    fn pem_blocks_are_found_with_lines_and_headers() {
        let text = "junk\n-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\n\r\nAAAA\r\n-----END RSA PRIVATE KEY-----\r\n-----BEGIN CERTIFICATE-----\nAA==\n";
        let blocks = pem_blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].label, "RSA PRIVATE KEY");
        assert!(blocks[0].has_headers && blocks[0].complete);
        assert_eq!(blocks[0].line, 2);
        assert_eq!(blocks[0].body.trim(), "AAAA");
        assert!(!blocks[1].complete);
    }
}
