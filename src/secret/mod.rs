//! The `azuremlfessl` decoder: takes what `kubectl get secret azuremlfessl -o yaml|json` printed
//! (or a `kind: List`, a bare `data:` map, one base64 value, or the PEM itself) and gives back
//! the certificates of `cert.pem` and the key of `key.pem` as stored (never a private key as a
//! certificate: a key pasted into `cert.pem` is reported, and left out), the facts of every
//! certificate and of the key, whether they belong together, and every problem found
//! (azure-facts §5.1, §2.5). A
//! `kubernetes.io/tls` secret (`kubectl create secret tls`: `tls.crt` and `tls.key`) is read the
//! same way, with the command that copies it under the names the extension's `sslSecret` takes.
//!
//! The key's PEM lives in [`KeyPem`], which never prints itself; no message or error holds any
//! byte of the input, only positions.
//!
//! The rooms: `locate` (where the entries are, in each input shape), `pem` (PEM blocks and
//! base64), `read` (the blocks read into certificates and a key), `checks` (dates, chain, CNAME,
//! key match). This file holds the types and [`decode_secret`], which runs them in that order.

use std::fmt;

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::document::Entry;
use crate::x509::{self, CertificateFacts, KeyFacts};

use checks::Checks;
use read::{read_chain, read_key};

mod checks;
mod locate;
mod pem;
mod read;
mod render;

pub use render::render_text;

/// A certificate expiring within this many days is flagged.
pub const EXPIRY_WARNING_DAYS: i64 = 30;
/// The namespace the Azure ML extension reads its `sslSecret` from.
pub const SSL_SECRET_NAMESPACE: &str = "azureml";

/// The longest text read as a secret: the document reader's cap. A Kubernetes secret holds at
/// most 1 MiB (kubernetes.io/docs/concepts/configuration/secret), which its base64 and a
/// `last-applied-configuration` annotation make up to about three in `kubectl … -o yaml`.
pub const MAX_INPUT_BYTES: usize = crate::document::MAX_TEXT_BYTES;

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
    /// The certificates of `cert.pem` (or `tls.crt`) that were read, in the order written,
    /// each block written again from the base64 read as the certificate (so what `openssl
    /// x509` wrote comes back byte for byte), and nothing else: no private key, other block,
    /// header or text between blocks. A private key is never given back but as
    /// [`DecodedSecret::key_pem`]. `None` when no certificate was read.
    pub cert_pem: Option<String>,
    /// `key.pem` (or `tls.key`) as stored, when it was found and is text; when the secret has
    /// no key entry, the first private key block found in `cert.pem` (an error all the same).
    pub key_pem: Option<KeyPem>,
    /// The entry `key_pem` was read from, as the input names it: `key.pem` or `tls.key`, or
    /// `cert.pem`/`tls.crt` when the key was found there (`key.pem` for PEM text).
    pub key_entry: Option<&'static str>,
    /// The names the entries were found under; `None` when the input was PEM text or one
    /// base64 value.
    pub entries: Option<SecretEntries>,
    /// Every certificate read from `cert.pem`, in the order written.
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

    /// The facts every front end shows (as JSON, camelCase), never the key.
    pub fn summary(&self) -> SecretSummary<'_> {
        SecretSummary {
            ok: self.ok(),
            entries: self.entries,
            certificates: &self.certificates,
            key: self.key.as_ref(),
            key_matches_certificate: self.key_matches_certificate,
            key_certificate: self.key_certificate,
            chain_in_order: self.chain_in_order,
            diagnostics: &self.diagnostics,
        }
    }
}

/// A decoded secret's facts, never the key: what `secret --output json` prints and what
/// `decodeSecret` returns beside the PEM texts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretSummary<'a> {
    /// No diagnostic is an error.
    pub ok: bool,
    /// `pem` (`cert.pem`, `key.pem`) or `tls` (`tls.crt`, `tls.key`); null for PEM text.
    pub entries: Option<SecretEntries>,
    /// Every certificate read.
    pub certificates: &'a [CertificateFacts],
    /// The key's facts.
    pub key: Option<&'a KeyFacts>,
    /// Whether the key belongs to a certificate.
    pub key_matches_certificate: Option<bool>,
    /// The position (0-based) of the certificate the key belongs to.
    pub key_certificate: Option<usize>,
    /// The leaf first, each certificate issued by the next.
    pub chain_in_order: bool,
    /// Every problem found.
    pub diagnostics: &'a [Diagnostic],
}

/// Why part of the input could not be read. Messages name the entry and a position, never the
/// bytes. Entries are named as the input names them (`cert.pem` or `tls.crt`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretError {
    /// The text is longer than [`MAX_INPUT_BYTES`]; nothing of it was read.
    TooLarge {
        /// Its length in bytes.
        bytes: usize,
    },
    /// Neither `cert.pem`/`key.pem` nor `tls.crt`/`tls.key` was found.
    NotFound,
    /// A private key was given without any certificate (PEM text or one base64 value).
    KeyOnly,
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
            SecretError::NotFound | SecretError::KeyOnly | SecretError::Missing { .. } => {
                Code::SecretNotFound
            }
            SecretError::WrongType { .. } => Code::WrongType,
            SecretError::TooLarge { .. } => Code::ParseError,
            SecretError::Base64 { .. } | SecretError::Base64Length { .. } => {
                Code::SecretBase64Invalid
            }
            SecretError::NotText { .. } | SecretError::PemBlock { .. } => Code::SslPemInvalid,
        }
    }

    fn path(&self) -> &'static str {
        match self {
            SecretError::NotFound | SecretError::TooLarge { .. } => "",
            SecretError::KeyOnly => "cert.pem",
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
            SecretError::TooLarge { bytes } => write!(
                f,
                "the text is {bytes} bytes long; a Kubernetes secret holds at most 1 MiB, and at most {MAX_INPUT_BYTES} bytes ({} MiB) of its YAML or JSON are read: paste one secret",
                MAX_INPUT_BYTES >> 20
            ),
            SecretError::NotFound => f.write_str(
                "no `cert.pem` or `key.pem` (nor `tls.crt` or `tls.key`) found: paste the output of `kubectl get secret azuremlfessl -o yaml` (or -o json), its `data:` map, one base64 value, or the PEM text",
            ),
            SecretError::KeyOnly => f.write_str(
                "there is a private key but no certificate: Azure ML needs both, `cert.pem` (the certificate, then its issuers) and `key.pem`; paste the whole secret (`kubectl get secret azuremlfessl -o yaml`), or both PEM texts",
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
    let located = if text.len() > MAX_INPUT_BYTES {
        diagnostics.push(SecretError::TooLarge { bytes: text.len() }.diagnostic(0));
        locate::Sources::default()
    } else {
        locate::locate(text, &mut diagnostics)
    };
    let names = located.entries.unwrap_or(SecretEntries::Pem);
    let mut decoded = DecodedSecret {
        cert_pem: None,
        key_pem: None,
        key_entry: None,
        entries: located.entries,
        certificates: Vec::new(),
        key: None,
        key_matches_certificate: None,
        key_certificate: None,
        chain_in_order: true,
        diagnostics: Vec::new(),
    };
    let mut chain = Vec::new();
    let mut key = located.key;
    if let Some(cert) = located.cert {
        let read = read_chain(&cert, names, located.key_absent, &mut diagnostics);
        chain = read.certificates;
        decoded.cert_pem = (!read.pem.is_empty()).then_some(read.pem);
        key = key.or(read.key);
    }
    let mut key_info = None;
    if let Some(key) = key {
        key_info = read_key(&key, &mut diagnostics);
        decoded.key_entry = Some(key.entry);
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
    match &key_info {
        Some(key) => {
            checks.key(key, leaf, &mut decoded, &mut diagnostics);
            decoded.key = Some(key.facts.clone());
        }
        None => checks.algorithm(None, &mut diagnostics),
    }
    decoded.diagnostics = diagnostics;
    decoded
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
            key_entry: Some("tls.key"),
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
}
