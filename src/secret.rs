//! The `azuremlfessl` decoder: takes what `kubectl get secret azuremlfessl -o yaml|json` printed
//! (or a `kind: List`, a bare `data:` map, one base64 value, or the PEM itself) and gives back
//! `cert.pem` and `key.pem` exactly as stored, the facts of every certificate and of the key,
//! whether they belong together, and every problem found (azure-facts §5.1, §2.5).
//!
//! The key's PEM lives in [`KeyPem`], which never prints itself; no message or error holds any
//! byte of the input, only positions.

use std::fmt;

use base64ct::{Base64Unpadded, Encoding};

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::document::{self, Entry, Node, Value};
use crate::x509::{self, CertificateFacts, CertificateInfo, KeyFacts, KeyFormat, KeyInfo};

/// Seconds in a day.
const DAY: i64 = 86_400;
/// A certificate expiring within this many days is flagged.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

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

/// Everything the decoder found.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedSecret {
    /// `cert.pem` as stored, when it was found and is text.
    pub cert_pem: Option<String>,
    /// `key.pem` as stored, when it was found and is text.
    pub key_pem: Option<KeyPem>,
    /// Every certificate in `cert.pem`, leaf first as written.
    pub certificates: Vec<CertificateFacts>,
    /// The private key's facts.
    pub key: Option<KeyFacts>,
    /// Whether the key's public half is the leaf certificate's public key; `None` when there is
    /// no key or certificate, or it cannot be told (see `key-match-unknown`).
    pub key_matches_certificate: Option<bool>,
    /// Whether each certificate is issued by the next one.
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
/// bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretError {
    /// Neither `cert.pem` nor `key.pem` was found.
    NotFound,
    /// One of the two entries is missing.
    Missing {
        /// `cert.pem` or `key.pem`.
        entry: &'static str,
    },
    /// The entry is not a string.
    WrongType {
        /// `cert.pem` or `key.pem`.
        entry: &'static str,
        /// What it is instead (`a number`, `a list`, …).
        found: &'static str,
    },
    /// A character outside the base64 alphabet, or padding in the middle.
    Base64 {
        /// `cert.pem`, `key.pem` or `value`.
        entry: &'static str,
        /// Byte offset in the base64 text.
        offset: usize,
    },
    /// The base64 text stops in the middle of a byte.
    Base64Length {
        /// `cert.pem`, `key.pem` or `value`.
        entry: &'static str,
    },
    /// The decoded bytes are not UTF-8 text, so not PEM.
    NotText {
        /// `cert.pem`, `key.pem` or `value`.
        entry: &'static str,
        /// Offset of the first byte that is not UTF-8.
        offset: usize,
    },
    /// A PEM block's body is not base64 or its end line is missing.
    PemBlock {
        /// `cert.pem` or `key.pem`.
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
                "no `cert.pem` or `key.pem` found: paste the output of `kubectl get secret azuremlfessl -o yaml` (or -o json), its `data:` map, one base64 value, or the PEM text",
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
    let mut decoded = DecodedSecret {
        cert_pem: None,
        key_pem: None,
        certificates: Vec::new(),
        key: None,
        key_matches_certificate: None,
        chain_in_order: true,
        diagnostics: Vec::new(),
    };
    let mut chain = Vec::new();
    if let Some(cert) = located.cert {
        chain = read_chain(&cert, &mut diagnostics);
        decoded.cert_pem = Some(cert.text);
    }
    let mut key_info = None;
    if let Some(key) = located.key {
        key_info = read_key(&key, &mut diagnostics);
        decoded.key_pem = Some(KeyPem(key.text));
    }
    check_chain(&chain, options, &mut decoded, &mut diagnostics);
    if let Some(key) = &key_info {
        check_key(key, &chain, &mut decoded, &mut diagnostics);
        decoded.key = Some(key.facts.clone());
    }
    decoded.diagnostics = diagnostics;
    decoded
}

/// Decoded PEM text and where it came from.
struct Located {
    /// The decoded text.
    text: String,
    /// `cert.pem` or `key.pem`.
    entry: &'static str,
    /// The line of the value in the input, 0 when unknown.
    line: usize,
}

#[derive(Default)]
struct Sources {
    cert: Option<Located>,
    key: Option<Located>,
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
    let Some((entries, base64)) = find_data(&node) else {
        diagnostics.push(SecretError::NotFound.diagnostic(0));
        return Sources::default();
    };
    let mut sources = Sources::default();
    for entry_name in ["cert.pem", "key.pem"] {
        let Some(entry) = entries.iter().rev().find(|e| e.key == entry_name) else {
            diagnostics.push(SecretError::Missing { entry: entry_name }.diagnostic(0));
            continue;
        };
        let line = entry.value.line;
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
        let text = if base64 {
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
        if entry_name == "cert.pem" {
            sources.cert = Some(located);
        } else {
            sources.key = Some(located);
        }
    }
    sources
}

/// The entries holding `cert.pem`/`key.pem` and whether they are base64 (`data`) or text
/// (`stringData`): a Secret, a List of them (`azuremlfessl` preferred), or a bare map.
fn find_data(node: &Node) -> Option<(&[Entry], bool)> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    let get = |key: &str| {
        entries
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    };
    if let Some(Value::Seq(items)) = get("items").map(|n| &n.value) {
        let named = items
            .iter()
            .find(|item| secret_name(item) == Some("azuremlfessl"));
        return named
            .and_then(find_data)
            .or_else(|| items.iter().find_map(find_data));
    }
    let has_pem = |entries: &[Entry]| {
        entries
            .iter()
            .any(|e| e.key == "cert.pem" || e.key == "key.pem")
    };
    for (key, base64) in [("data", true), ("stringData", false)] {
        if let Some(Value::Map(data)) = get(key).map(|n| &n.value) {
            if has_pem(data) {
                return Some((data, base64));
            }
        }
    }
    has_pem(entries).then_some((entries.as_slice(), true))
}

fn secret_name(item: &Node) -> Option<&str> {
    let Value::Map(entries) = &item.value else {
        return None;
    };
    let metadata = entries.iter().find(|e| e.key == "metadata")?;
    let Value::Map(fields) = &metadata.value.value else {
        return None;
    };
    match &fields.iter().find(|e| e.key == "name")?.value.value {
        Value::Str(name) => Some(name),
        _ => None,
    }
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
        },
        (cert, key) => Sources { cert, key },
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

/// Reads every certificate in `cert.pem`.
fn read_chain(cert: &Located, diagnostics: &mut Vec<Diagnostic>) -> Vec<CertificateInfo> {
    let mut chain = Vec::new();
    let blocks = pem_blocks(&cert.text);
    for block in &blocks {
        if block.label != "CERTIFICATE" {
            let (severity, advice) = if block.label.contains("PRIVATE KEY") {
                (
                    Severity::Error,
                    "a private key does not belong in `cert.pem`; it goes in `key.pem`",
                )
            } else {
                (Severity::Warning, "it is ignored")
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

/// Time, chain order, chain completeness and CNAME checks.
fn check_chain(
    chain: &[CertificateInfo],
    options: &SecretOptions,
    decoded: &mut DecodedSecret,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let now = options.now_unix;
    for (index, info) in chain.iter().enumerate() {
        let path = format!("certificates[{index}]");
        let which = if index == 0 {
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
            diagnostics.push(Diagnostic::new(
                Code::CertChainOrder,
                Severity::Warning,
                &path,
                format!(
                    "is not issued by the next certificate ({}): order `cert.pem` leaf first, then each issuer",
                    index + 2
                ),
            ));
        }
        decoded.certificates.push(CertificateFacts {
            days_until_expiry: days,
            issued_by_next,
            ..info.facts.clone()
        });
    }
    let Some(leaf) = chain.first() else {
        return;
    };
    if leaf.facts.self_issued {
        if chain.len() == 1 {
            diagnostics.push(Diagnostic::new(
                Code::CertSelfSigned,
                Severity::Warning,
                "certificates[0]",
                "is self-signed: clients will not trust it; use self-signed certificates for development only",
            ));
        }
    } else if !chain.iter().any(|c| c.subject_der == leaf.issuer_der) {
        diagnostics.push(Diagnostic::new(
            Code::CertChainIncomplete,
            Severity::Warning,
            "certificates[0]",
            "its issuer is not in `cert.pem`: append the intermediate certificates after the leaf (Azure ML expects the full chain)",
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

/// Whether the key belongs to the leaf, and whether its algorithm is one Azure ML serves.
fn check_key(
    key: &KeyInfo,
    chain: &[CertificateInfo],
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
    let Some(leaf) = chain.first() else {
        return;
    };
    let matches = x509::key_matches(&leaf.public_key, &key.public_key);
    decoded.key_matches_certificate = matches;
    match matches {
        Some(true) => {}
        Some(false) => {
            let other = chain
                .iter()
                .position(|c| x509::key_matches(&c.public_key, &key.public_key) == Some(true));
            let hint = match other {
                Some(index) => format!(
                    "it belongs to certificate {} in `cert.pem`: put that certificate first",
                    index + 1
                ),
                None => "the pair is mismatched, the classic re-attach failure: use the key the certificate was issued for".to_owned(),
            };
            diagnostics.push(Diagnostic::new(
                Code::KeyMismatch,
                Severity::Error,
                "key.pem",
                format!("does not belong to the leaf certificate: {hint}"),
            ));
        }
        None => diagnostics.push(Diagnostic::new(
            Code::KeyMatchUnknown,
            Severity::Info,
            "key.pem",
            "the key does not carry its public half, so it cannot be compared with the certificate here; compare `openssl pkey -in key.pem -pubout` with `openssl x509 -in cert.pem -noout -pubkey`",
        )),
    }
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
            certificates: Vec::new(),
            key: None,
            key_matches_certificate: None,
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
