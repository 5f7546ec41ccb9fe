//! The entries' PEM read into certificates and a key (through `crate::x509`), with a
//! diagnostic for every block that is not what its entry should hold.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::x509::{self, CertificateInfo, KeyFormat, KeyInfo};

use super::locate::Located;
use super::pem::{block_der, certificate_pem, pem_blocks, safe_label};
use super::SecretEntries;

/// What `cert.pem` (or `tls.crt`) holds.
pub(super) struct Chain {
    /// Every certificate read, in the order written.
    pub(super) certificates: Vec<CertificateInfo>,
    /// Those certificates as PEM, each written again from the base64 that was read as it (so
    /// byte for byte what `openssl x509` wrote), and nothing else: the certificate output (a
    /// file, a download). Whatever else the entry holds (a private key above all, other
    /// blocks, header lines, text between blocks, blocks that are not certificates) is left
    /// out, so a key pasted into `cert.pem`, however it was put there, never leaves through it.
    pub(super) pem: String,
    /// The first private key block, when the caller asked for it: the secret has no key entry.
    pub(super) key: Option<Located>,
}

/// Reads every certificate in `cert.pem` (or `tls.crt`). `key_absent`: the secret has no key
/// entry, so a private key found here is taken as the key (it is still an error).
pub(super) fn read_chain(
    cert: &Located,
    names: SecretEntries,
    key_absent: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Chain {
    let mut chain = Chain {
        certificates: Vec::new(),
        pem: String::new(),
        key: None,
    };
    let blocks = pem_blocks(&cert.text);
    for block in &blocks {
        if block.label != "CERTIFICATE" {
            let is_key = block.label.contains("PRIVATE KEY");
            let taken = is_key && key_absent && chain.key.is_none();
            let (severity, advice) = match (is_key, taken) {
                (true, true) => (
                    Severity::Error,
                    format!(
                        "a private key does not belong in `{}`; it goes in `{}`, which the secret lacks: it is taken as the key, and the certificates given back leave it out",
                        names.cert(),
                        names.key()
                    ),
                ),
                (true, false) => (
                    Severity::Error,
                    format!(
                        "a private key does not belong in `{}`; it goes in `{}` (the certificates given back leave it out)",
                        names.cert(),
                        names.key()
                    ),
                ),
                (false, _) => (Severity::Warning, "it is ignored".to_owned()),
            };
            if taken {
                chain.key = Some(Located {
                    text: format!("{}\n", block.text),
                    entry: cert.entry,
                    line: cert.line,
                });
            }
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
        let path = format!("certificates[{}]", chain.certificates.len());
        let der = match block_der(block, cert.entry) {
            Ok(der) => der,
            Err(error) => {
                diagnostics.push(error.diagnostic(cert.line));
                continue;
            }
        };
        match x509::read_certificate(&der) {
            Ok(info) => {
                chain.certificates.push(info);
                chain.pem.push_str(&certificate_pem(block));
            }
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
pub(super) fn read_key(key: &Located, diagnostics: &mut Vec<Diagnostic>) -> Option<KeyInfo> {
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
