//! The secret decoder against real fixtures: keys and certificates made by `openssl`, wrapped by
//! `kubectl`, every fact compared with what `openssl x509` and `openssl pkey` print.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use amlattach::secret::{decode_secret, DecodedSecret, SecretOptions};
use common::{openssl, secret_fixtures};

const CASES: &[&str] = &[
    "rsa2048-pkcs8",
    "rsa2048-pkcs1",
    "rsa4096-pkcs1",
    "p256-sec1",
    "p256-pkcs8",
    "p384-sec1",
    "p384-pkcs8",
    "rsa4096-chain",
    "self-signed",
    "expired",
    "expiring",
    "mismatched",
    "out-of-order",
    "no-intermediate",
    "ec-no-public",
];

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn decode(path: &Path, cname: Option<&str>) -> DecodedSecret {
    let text = fs::read_to_string(path).unwrap();
    decode_secret(
        &text,
        &SecretOptions {
            cname: cname.map(str::to_owned),
            now_unix: now(),
        },
    )
}

fn codes(decoded: &DecodedSecret) -> Vec<&'static str> {
    decoded
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

/// `key=value` from openssl's one-line outputs.
fn field<'a>(output: &'a str, key: &str) -> &'a str {
    output
        .lines()
        .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
        .unwrap_or_else(|| panic!("no {key} in {output}"))
        .trim()
}

#[test]
fn every_fact_matches_openssl_in_every_shape() {
    let dir = secret_fixtures("secret");
    for case in CASES {
        let case_dir = dir.join(case);
        let cert_pem = fs::read_to_string(case_dir.join("cert.pem")).unwrap();
        let key_pem = fs::read_to_string(case_dir.join("key.pem")).unwrap();
        for shape in ["secret.yaml", "secret.json", "secret-crlf.yaml"] {
            let decoded = decode(&case_dir.join(shape), None);
            let context = format!("{case}/{shape}");
            // Byte for byte what was stored.
            assert_eq!(
                decoded.cert_pem.as_deref(),
                Some(cert_pem.as_str()),
                "{context}"
            );
            assert_eq!(
                decoded.key_pem.as_ref().map(|k| k.expose()),
                Some(key_pem.as_str()),
                "{context}"
            );
            // Every certificate against `openssl x509`.
            let count = cert_pem.matches("-----BEGIN CERTIFICATE-----").count();
            assert_eq!(decoded.certificates.len(), count, "{context}");
            for (index, facts) in decoded.certificates.iter().enumerate() {
                let file = case_dir.join(format!("chain-{}.pem", index + 1));
                let file = file.to_str().unwrap();
                let lines = openssl(&[
                    "x509",
                    "-in",
                    file,
                    "-noout",
                    "-subject",
                    "-issuer",
                    "-serial",
                    "-startdate",
                    "-enddate",
                    "-dateopt",
                    "iso_8601",
                    "-nameopt",
                    "RFC2253",
                ]);
                assert_eq!(facts.subject, field(&lines, "subject"), "{context}");
                assert_eq!(facts.issuer, field(&lines, "issuer"), "{context}");
                assert_eq!(facts.serial, field(&lines, "serial"), "{context}");
                assert_eq!(
                    facts.not_before,
                    field(&lines, "notBefore").replace(' ', "T"),
                    "{context}"
                );
                assert_eq!(
                    facts.not_after,
                    field(&lines, "notAfter").replace(' ', "T"),
                    "{context}"
                );
                let text = openssl(&["x509", "-in", file, "-noout", "-text"]);
                let algorithm = text
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("Signature Algorithm: "))
                    .unwrap();
                assert_eq!(facts.signature_algorithm, algorithm, "{context}");
                let bits = text
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("Public-Key: ("))
                    .unwrap()
                    .trim_end_matches(" bit)");
                assert!(
                    facts.public_key.ends_with(bits) || facts.public_key.contains("P-"),
                    "{context}: {} vs {bits}",
                    facts.public_key
                );
                let san = openssl(&["x509", "-in", file, "-noout", "-ext", "subjectAltName"]);
                let dns: Vec<String> = san
                    .split([',', '\n'])
                    .filter_map(|p| p.trim().strip_prefix("DNS:"))
                    .map(str::to_owned)
                    .collect();
                assert_eq!(facts.dns_names, dns, "{context}");
                let cn = field(&lines, "subject")
                    .split(',')
                    .find_map(|p| p.strip_prefix("CN="));
                assert_eq!(facts.common_name.as_deref(), cn, "{context}");
            }
            // The key against `openssl pkey`.
            let key_file = case_dir.join("key.pem");
            let key_file = key_file.to_str().unwrap();
            let key_text = openssl(&["pkey", "-in", key_file, "-noout", "-text"]);
            let key = decoded.key.as_ref().unwrap();
            let bits: u32 = key_text
                .lines()
                .next()
                .unwrap()
                .trim_start_matches("Private-Key: (")
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(key.bits, Some(bits), "{context}");
            let expected_format = match key_pem.lines().next().unwrap() {
                "-----BEGIN PRIVATE KEY-----" => "pkcs8",
                "-----BEGIN RSA PRIVATE KEY-----" => "pkcs1",
                "-----BEGIN EC PRIVATE KEY-----" => "sec1",
                other => panic!("{other}"),
            };
            assert_eq!(
                serde_json::to_value(key.format).unwrap(),
                expected_format,
                "{context}"
            );
            if key_text.contains("NIST CURVE: ") {
                let curve = key_text
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("NIST CURVE: "))
                    .unwrap();
                assert_eq!(key.curve.as_deref(), Some(curve), "{context}");
                assert_eq!(key.kind, "ec");
            } else {
                assert_eq!(key.kind, "rsa", "{context}");
            }
            // The match against openssl's own public keys.
            let key_public = openssl(&["pkey", "-in", key_file, "-pubout"]);
            let leaf = case_dir.join("chain-1.pem");
            let first = if *case == "out-of-order" {
                dir.join("inter.pem")
            } else {
                leaf
            };
            let cert_public =
                openssl(&["x509", "-in", first.to_str().unwrap(), "-noout", "-pubkey"]);
            let expected = if *case == "ec-no-public" {
                None
            } else {
                Some(key_public == cert_public)
            };
            assert_eq!(decoded.key_matches_certificate, expected, "{context}");
        }
    }
}

#[test]
fn each_problem_case_gives_its_diagnostic() {
    let dir = secret_fixtures("secret");
    let check = |case: &str, expected: &[&str], ok: bool| {
        let decoded = decode(&dir.join(case).join("secret.yaml"), None);
        assert_eq!(codes(&decoded), expected, "{case}");
        assert_eq!(decoded.ok(), ok, "{case}");
    };
    check("rsa2048-pkcs8", &[], true);
    check("p384-pkcs8", &[], true);
    check("expired", &["cert-expired"], false);
    check("expiring", &["cert-expiring"], true);
    check("mismatched", &["key-mismatch"], false);
    check(
        "out-of-order",
        &["cert-chain-order", "cert-chain-incomplete", "key-mismatch"],
        false,
    );
    check("no-intermediate", &["cert-chain-incomplete"], true);
    check("self-signed", &["cert-self-signed"], true);
    check("ec-no-public", &["key-match-unknown"], true);
    check("encrypted-pkcs8", &["ssl-key-encrypted"], false);
    check("encrypted-traditional", &["ssl-key-encrypted"], false);
    let expiring = decode(&dir.join("expiring/secret.yaml"), None);
    assert!((8..=10).contains(&expiring.certificates[0].days_until_expiry));
    let chain = decode(&dir.join("rsa4096-chain/secret.yaml"), None);
    assert!(chain.chain_in_order);
    assert_eq!(chain.certificates[0].issued_by_next, Some(true));
    assert_eq!(chain.certificates[1].issued_by_next, None);
    assert!(chain.certificates[1].self_issued);
}

#[test]
fn the_cname_is_checked_against_san_and_wildcards() {
    let path = secret_fixtures("secret").join("rsa2048-pkcs8/secret.yaml");
    for (cname, ok) in [
        ("www.contoso.com", true),
        ("WWW.Contoso.com.", true),
        ("v1.api.contoso.com", true),
        ("api.contoso.com", false),
        ("a.b.api.contoso.com", false),
        ("", true),
    ] {
        let decoded = decode(&path, Some(cname));
        assert_eq!(decoded.ok(), ok, "{cname}");
        if !ok {
            assert_eq!(codes(&decoded), ["cert-cname-mismatch"]);
        }
    }
}

#[test]
fn every_input_shape_is_found() {
    let dir = secret_fixtures("secret");
    let case = dir.join("p256-sec1");
    let cert = fs::read_to_string(case.join("cert.pem")).unwrap();
    let key = fs::read_to_string(case.join("key.pem")).unwrap();
    let options = SecretOptions {
        cname: None,
        now_unix: now(),
    };
    // A List: the secret named azuremlfessl is picked, not the first one.
    let list = decode(&dir.join("list.yaml"), None);
    assert_eq!(list.certificates[0].public_key, "RSA 2048");
    assert!(list.ok(), "{:?}", list.diagnostics);
    // A bare data map, and one base64 value of each.
    let yaml = fs::read_to_string(case.join("secret.yaml")).unwrap();
    let data: String = yaml
        .lines()
        .skip_while(|l| !l.starts_with("data:"))
        .take(3)
        .collect::<Vec<_>>()
        .join("\n");
    let bare = decode_secret(&data, &options);
    assert_eq!(bare.cert_pem.as_deref(), Some(cert.as_str()));
    let value = |entry: &str| {
        yaml.lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{entry}: ")))
            .unwrap()
            .to_owned()
    };
    let only_cert = decode_secret(&value("cert.pem"), &options);
    assert_eq!(only_cert.certificates.len(), 2);
    let only_key = decode_secret(&value("key.pem"), &options);
    assert_eq!(
        only_key.key_pem.as_ref().map(|k| k.expose()),
        Some(key.as_str())
    );
    // The PEM itself, and base64 wrapped at 76 columns like `base64` prints it.
    let pasted = decode_secret(&format!("{cert}{key}"), &options);
    assert_eq!(pasted.key_matches_certificate, Some(true));
    let wrapped: String = value("cert.pem")
        .as_bytes()
        .chunks(76)
        .map(|c| format!("{}\r\n", std::str::from_utf8(c).unwrap()))
        .collect();
    assert_eq!(decode_secret(&wrapped, &options).certificates.len(), 2);
}

#[test]
fn errors_never_hold_secret_bytes() {
    let dir = secret_fixtures("secret");
    let key = fs::read_to_string(dir.join("rsa2048-pkcs8/key.pem")).unwrap();
    let body: String = key.lines().filter(|l| !l.starts_with("-----")).collect();
    // Break the key in many places; no message may hold a run of its base64.
    for cut in [10, 100, 500, 1000] {
        let broken = format!(
            "-----BEGIN PRIVATE KEY-----\n{}!{}\n-----END PRIVATE KEY-----\n",
            &body[..cut],
            &body[cut..]
        );
        let decoded = decode_secret(
            &broken,
            &SecretOptions {
                cname: None,
                now_unix: now(),
            },
        );
        assert!(!decoded.ok());
        for d in &decoded.diagnostics {
            for window in body.as_bytes().windows(8) {
                assert!(
                    !d.message.contains(std::str::from_utf8(window).unwrap()),
                    "{}",
                    d.message
                );
            }
        }
        assert!(!format!("{decoded:?}").contains(&body[..40]));
    }
}
