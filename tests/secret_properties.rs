//! Property tests for the decoders: whatever arrives, the secret decoder, the DER reader and the
//! versions parser answer with diagnostics, never panic, and no message repeats secret bytes.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

mod common;

use proptest::prelude::*;

use amlattach::secret::{decode_secret, SecretOptions};
use amlattach::support::Plan;
use amlattach::versions::{check_version, parse_versions};
use amlattach::x509::{read_certificate, read_private_key, KeyFormat};

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn options() -> SecretOptions {
    SecretOptions {
        cname: Some("www.contoso.com".to_owned()),
        now_unix: 1_800_000_000,
    }
}

/// Strings shaped like the inputs: secrets with random data, PEM with random bodies, junk.
fn secret_text() -> impl Strategy<Value = String> {
    let bytes = proptest::collection::vec(any::<u8>(), 0..400);
    prop_oneof![
        any::<String>(),
        bytes.clone().prop_map(|b| base64(&b)),
        bytes.clone().prop_map(|b| format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            base64(&b)
        )),
        bytes.clone().prop_map(|b| format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            base64(&b)
        )),
        (bytes.clone(), bytes.clone()).prop_map(|(c, k)| format!(
            "kind: Secret\ndata:\n  cert.pem: {}\n  key.pem: {}\n",
            base64(&c),
            base64(&k)
        )),
        (bytes.clone(), bytes).prop_map(|(c, k)| format!(
            "kind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: {}\n  tls.key: {}\n",
            base64(&c),
            base64(&k)
        )),
        "[a-zA-Z0-9+/=:\\-\n {}\\[\\]\",.]{0,300}",
    ]
}

/// A real certificate made by openssl (the fixtures' self-signed leaf).
fn certificate() -> String {
    static LEAF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LEAF.get_or_init(|| {
        let dir = common::secret_fixtures("secret_properties");
        std::fs::read_to_string(dir.join("self-signed/cert.pem")).unwrap()
    })
    .clone()
}

/// DER-ish bytes: random, or random behind a plausible SEQUENCE header.
fn der() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        proptest::collection::vec(any::<u8>(), 0..300).prop_map(|mut b| {
            let length = b.len().min(127) as u8;
            b.insert(0, length);
            b.insert(0, 0x30);
            b
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_secret_decoder_never_panics(text in secret_text()) {
        let decoded = decode_secret(&text, &options());
        prop_assert_eq!(decoded.ok(), decoded.diagnostics.iter().all(|d| d.severity < amlattach::Severity::Error));
    }

    #[test]
    fn no_message_repeats_the_key(key in proptest::collection::vec(any::<u8>(), 24..300)) {
        let body = base64(&key);
        let text = format!(
            "data:\n  cert.pem: {}\n  key.pem: {}\n",
            base64(b"-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"),
            base64(format!("-----BEGIN PRIVATE KEY-----\n{body}!\n-----END PRIVATE KEY-----\n").as_bytes()),
        );
        let decoded = decode_secret(&text, &options());
        for d in &decoded.diagnostics {
            for window in body.as_bytes().windows(12) {
                prop_assert!(!d.message.contains(std::str::from_utf8(window).unwrap()), "{}", d.message);
            }
        }
        let debug = format!("{:?}", decoded);
        prop_assert!(!debug.contains(&body[..12]));
    }

    /// Whatever else `cert.pem` holds around its certificate (private keys of every label, other
    /// blocks, text, a header line inside the certificate's block), the certificates given back
    /// hold the certificate and nothing of a key.
    #[test]
    fn the_certificates_given_back_never_hold_a_key(
        key in proptest::collection::vec(any::<u8>(), 24..200),
        label in prop_oneof![
            Just("PRIVATE KEY"),
            Just("RSA PRIVATE KEY"),
            Just("EC PRIVATE KEY"),
            Just("ENCRYPTED PRIVATE KEY"),
            Just("OPENSSH PRIVATE KEY"),
            Just("CERTIFICATE REQUEST"),
        ],
        before in 0usize..3,
        text in "[a-zA-Z0-9 :=\n]{0,40}",
        key_pem in any::<bool>(),
        header in any::<bool>(),
    ) {
        let leaf = certificate();
        let body = base64(&key);
        let block = format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n");
        // The key also as a header line inside the certificate's own block.
        let stored = if header {
            leaf.replacen("-----\n", &format!("-----\nComment: {body}\n"), 1)
        } else {
            leaf.clone()
        };
        let mut parts = vec![stored, text.clone()];
        parts.insert(before.min(parts.len()), block);
        let cert = parts.concat();
        let mut secret = format!("data:\n  cert.pem: {}\n", base64(cert.as_bytes()));
        if key_pem {
            secret.push_str("  key.pem: ''\n");
        }
        let decoded = decode_secret(&secret, &options());
        prop_assert_eq!(decoded.cert_pem.as_deref(), Some(leaf.as_str()));
        prop_assert!(!decoded.ok());
    }

    /// Whatever the TLS secret's metadata says, the copy command holds only Kubernetes names
    /// and the fixed template: nothing a shell would expand, and one pair of single quotes.
    #[test]
    fn the_copy_command_holds_only_safe_characters(
        name in prop_oneof![any::<String>(), "[a-z0-9.$;'`()\\ -]{0,30}"],
        namespace in prop_oneof![any::<String>(), "[a-z0-9.$;'`()\\ -]{0,30}"],
    ) {
        let secret = serde_json::json!({
            "kind": "Secret",
            "metadata": { "name": name, "namespace": namespace },
            "data": { "tls.crt": "", "tls.key": "" },
        });
        let decoded = decode_secret(&secret.to_string(), &options());
        let warning = decoded.diagnostics.iter().find(|d| d.code.as_str() == "secret-tls-keys");
        let message = &warning.unwrap().message;
        let command = message
            .split_once("with `")
            .and_then(|(_, rest)| rest.split_once("` (bash;"))
            .map(|(command, _)| command)
            .unwrap();
        prop_assert!(
            command.chars().all(|c| c.is_ascii_alphanumeric() || " .-{}\":,'|=".contains(c)),
            "{}",
            command
        );
        prop_assert_eq!(command.matches('\'').count(), 2);
    }

    #[test]
    fn the_der_reader_never_panics(bytes in der()) {
        let _ = read_certificate(&bytes);
        for format in [KeyFormat::Pkcs8, KeyFormat::Pkcs1, KeyFormat::Sec1] {
            let _ = read_private_key(format, &bytes);
        }
    }

    #[test]
    fn the_versions_parser_never_panics(
        text in prop_oneof![
            any::<String>(),
            "(KubernetesVersion  (Upgrades|IsPreview)\n)?([v0-9.() a-z,]{0,30}\n){0,8}",
            "\\{ ?(values|orchestrators|controlPlaneProfile): [\\[\\]{}a-zA-Z0-9.:, \"]{0,120}",
        ],
        version in "[v0-9.() a-z]{0,16}",
    ) {
        let parsed = parse_versions(&text);
        if let Some(list) = &parsed.list {
            let check = check_version(list, &version, Plan::default(), common::now());
            prop_assert_eq!(check.ok, check.diagnostics.iter().all(|d| d.severity < amlattach::Severity::Error));
        }
    }
}
