//! The secret decoder against real fixtures: keys and certificates made by `openssl`, wrapped by
//! `kubectl`, every fact compared with what `openssl x509` and `openssl pkey` print. The TLS
//! shapes (`tls.yaml`, `tls.json`) are `kubernetes.io/tls` secrets made as the kubectl reference
//! for `kubectl create secret tls` shows
//! (kubernetes.io/docs/reference/kubectl/generated/kubectl_create/kubectl_create_secret_tls):
//! `kubectl create secret tls azuremlfessl --cert=cert.pem --key=key.pem --dry-run=client -o
//! yaml` (and `-o json`), the entries named `tls.crt` and `tls.key`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use amlattach::secret::{decode_secret, DecodedSecret, SecretEntries, SecretOptions};
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
    "leaf-last-3",
    "in-order-3",
    "no-intermediate",
    "ec-no-public",
];

/// The cases kubectl also wraps as a TLS secret: `kubectl create secret tls` takes the pair
/// only when the key matches the first certificate and has no passphrase.
const TLS_CASES: &[&str] = &[
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
    "in-order-3",
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

fn options() -> SecretOptions {
    SecretOptions {
        cname: None,
        now_unix: now(),
    }
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
        let mut shapes = vec!["secret.yaml", "secret.json", "secret-crlf.yaml"];
        if TLS_CASES.contains(case) {
            shapes.extend(["tls.yaml", "tls.json"]);
        }
        for shape in shapes {
            let decoded = decode(&case_dir.join(shape), None);
            let context = format!("{case}/{shape}");
            let entries = if shape.starts_with("tls") {
                SecretEntries::Tls
            } else {
                SecretEntries::Pem
            };
            assert_eq!(decoded.entries, Some(entries), "{context}");
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
            // The match against openssl's own public keys: the certificate the key belongs to,
            // wherever it is in the file.
            let key_public = openssl(&["pkey", "-in", key_file, "-pubout"]);
            let position = (1..=count).position(|n| {
                let file = case_dir.join(format!("chain-{n}.pem"));
                openssl(&["x509", "-in", file.to_str().unwrap(), "-noout", "-pubkey"]) == key_public
            });
            let expected = if *case == "ec-no-public" {
                None
            } else {
                Some(position.is_some())
            };
            assert_eq!(decoded.key_matches_certificate, expected, "{context}");
            let expected = if *case == "ec-no-public" {
                None
            } else {
                position
            };
            assert_eq!(decoded.key_certificate, expected, "{context}");
            // Leaf first, each issued by the next: what `openssl verify` needs of the file too.
            let in_order = position.unwrap_or(0) == 0
                && decoded
                    .certificates
                    .iter()
                    .all(|c| c.issued_by_next != Some(false));
            assert_eq!(decoded.chain_in_order, in_order, "{context}");
            assert_key_never_shows(&decoded, &key_pem, &context);
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
    // Leaf-last chains: the key matches the last certificate, the one to put first.
    check("out-of-order", &["cert-leaf-not-first"], false);
    check("leaf-last-3", &["cert-leaf-not-first"], false);
    check("in-order-3", &[], true);
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
fn a_leaf_last_chain_names_the_leaf_and_the_order() {
    let dir = secret_fixtures("secret");
    let leaf = openssl(&[
        "x509",
        "-in",
        dir.join("rsa2048-pkcs8/chain-1.pem").to_str().unwrap(),
        "-noout",
        "-subject",
        "-nameopt",
        "RFC2253",
    ]);
    let subject = field(&leaf, "subject");
    for (case, position, order) in [("out-of-order", 2, "2, 1"), ("leaf-last-3", 3, "3, 2, 1")] {
        for shape in ["secret.yaml", "secret.json"] {
            let decoded = decode(&dir.join(case).join(shape), Some("www.contoso.com"));
            let context = format!("{case}/{shape}");
            assert_eq!(decoded.key_matches_certificate, Some(true), "{context}");
            assert_eq!(decoded.key_certificate, Some(position - 1), "{context}");
            assert!(!decoded.chain_in_order, "{context}");
            // The CNAME is checked against the leaf, not against the first certificate.
            assert_eq!(codes(&decoded), ["cert-leaf-not-first"], "{context}");
            let d = &decoded.diagnostics[0];
            assert_eq!(d.path, "cert.pem", "{context}");
            assert_eq!(
                d.message,
                format!(
                    "the key belongs to certificate {position} (`{subject}`), not to the first one: the leaf, the certificate the key belongs to, must come first, followed by its issuers in order: order them {order}"
                ),
                "{context}"
            );
            // Put in the order given, the same certificates decode with no problem.
            let cert = fs::read_to_string(dir.join(case).join("cert.pem")).unwrap();
            let key = fs::read_to_string(dir.join(case).join("key.pem")).unwrap();
            let blocks: Vec<&str> = cert
                .split_inclusive("-----END CERTIFICATE-----\n")
                .collect();
            let reordered: String = order
                .split(", ")
                .map(|n| blocks[n.parse::<usize>().unwrap() - 1])
                .collect();
            let fixed = decode_secret(&format!("{reordered}{key}"), &options());
            assert!(
                fixed.diagnostics.is_empty(),
                "{context}: {:?}",
                fixed.diagnostics
            );
            assert!(fixed.chain_in_order && fixed.key_certificate == Some(0));
        }
    }
}

#[test]
fn a_tls_secret_decodes_exactly_like_cert_and_key_pem() {
    let dir = secret_fixtures("secret");
    for case in TLS_CASES {
        let pem = decode(&dir.join(case).join("secret.yaml"), Some("www.contoso.com"));
        for shape in ["tls.yaml", "tls.json"] {
            let tls = decode(&dir.join(case).join(shape), Some("www.contoso.com"));
            let context = format!("{case}/{shape}");
            assert_eq!(tls.cert_pem, pem.cert_pem, "{context}");
            assert_eq!(tls.key_pem, pem.key_pem, "{context}");
            assert_eq!(tls.certificates, pem.certificates, "{context}");
            assert_eq!(tls.key, pem.key, "{context}");
            assert_eq!(tls.key_matches_certificate, pem.key_matches_certificate);
            assert_eq!(tls.key_certificate, pem.key_certificate, "{context}");
            assert_eq!(tls.chain_in_order, pem.chain_in_order, "{context}");
            // Every check gives the same finding, under the entries' own names, plus the
            // warning that `sslSecret` takes cert.pem and key.pem.
            let as_pem = |text: &str| {
                text.replace("tls.crt", "cert.pem")
                    .replace("tls.key", "key.pem")
            };
            let findings = |decoded: &DecodedSecret| -> Vec<(String, String, String)> {
                decoded
                    .diagnostics
                    .iter()
                    .filter(|d| d.code.as_str() != "secret-tls-keys")
                    .map(|d| (d.code.to_string(), as_pem(&d.path), as_pem(&d.message)))
                    .collect()
            };
            assert_eq!(findings(&tls), findings(&pem), "{context}");
            let warnings: Vec<_> = tls
                .diagnostics
                .iter()
                .filter(|d| d.code.as_str() == "secret-tls-keys")
                .collect();
            assert_eq!(warnings.len(), 1, "{context}");
            assert_eq!(warnings[0].severity, amlattach::Severity::Warning);
            assert_eq!(tls.ok(), pem.ok(), "{context}");
        }
    }
}

#[test]
fn tls_secrets_are_found_in_every_shape() {
    let dir = secret_fixtures("secret");
    let case = dir.join("rsa2048-pkcs8");
    let cert = fs::read_to_string(case.join("cert.pem")).unwrap();
    let key = fs::read_to_string(case.join("key.pem")).unwrap();
    let found = |decoded: &DecodedSecret, context: &str| {
        assert_eq!(decoded.entries, Some(SecretEntries::Tls), "{context}");
        assert_eq!(
            decoded.cert_pem.as_deref(),
            Some(cert.as_str()),
            "{context}"
        );
        assert_eq!(
            decoded.key_pem.as_ref().map(|k| k.expose()),
            Some(key.as_str()),
            "{context}"
        );
        assert_eq!(codes(decoded), ["secret-tls-keys"], "{context}");
        assert_key_never_shows(decoded, &key, context);
    };
    // A List: the TLS secret named azuremlfessl wins over a generic one that has cert.pem.
    found(&decode(&dir.join("tls-list.yaml"), None), "tls-list.yaml");
    // In a namespace: the copy command reads it from there.
    for shape in ["tls-namespaced.yaml", "tls-namespaced.json"] {
        let decoded = decode(&case.join(shape), None);
        found(&decoded, shape);
        assert!(decoded.diagnostics[0]
            .message
            .contains("`kubectl get secret azuremlfessl -n contoso-web -o go-template='"));
    }
    // The bare data map.
    let yaml = fs::read_to_string(case.join("tls.yaml")).unwrap();
    // (The leak check looks for the key's base64 exactly as kubectl stores it.)
    assert!(yaml.contains(&format!("tls.key: {}\n", base64(key.as_bytes()))));
    let data: String = yaml
        .lines()
        .skip_while(|l| !l.starts_with("data:"))
        .take(3)
        .collect::<Vec<_>>()
        .join("\n");
    found(&decode_secret(&data, &options()), "data map");
    // stringData, the PEM as text (a hand-written manifest; Kubernetes stores it as data).
    let indent = |pem: &str| {
        pem.lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    };
    let string_data = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: azuremlfessl\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: |\n{}  tls.key: |\n{}",
        indent(&cert),
        indent(&key)
    );
    found(&decode_secret(&string_data, &options()), "stringData");
    // cert.pem/key.pem win when a secret has both kinds of names.
    let pem_lines = data
        .lines()
        .skip(1)
        .map(|l| {
            l.replace("tls.crt", "cert.pem")
                .replace("tls.key", "key.pem")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let decoded = decode_secret(&format!("{data}\n{pem_lines}\n"), &options());
    assert_eq!(decoded.entries, Some(SecretEntries::Pem));
    assert!(
        decoded.ok() && decoded.diagnostics.is_empty(),
        "{:?}",
        decoded.diagnostics
    );
}

#[test]
fn a_tls_secret_without_its_key_names_the_missing_entry() {
    let dir = secret_fixtures("secret");
    let decoded = decode(&dir.join("tls-no-key.yaml"), None);
    assert_eq!(decoded.entries, Some(SecretEntries::Tls));
    assert_eq!(codes(&decoded), ["secret-not-found", "secret-tls-keys"]);
    assert!(!decoded.ok());
    let missing = &decoded.diagnostics[0];
    assert_eq!(missing.path, "tls.key");
    assert_eq!(
        missing.message,
        "the secret has no `tls.key`: a `kubernetes.io/tls` secret holds both `tls.crt` and `tls.key`"
    );
    // No copy command for a secret that lacks an entry: it would copy nothing.
    assert!(!decoded.diagnostics[1].message.contains("kubectl get"));
    assert_eq!(decoded.certificates.len(), 2);
    assert!(decoded.key_pem.is_none() && decoded.key_matches_certificate.is_none());
}

/// The copy command of the `secret-tls-keys` warning, run by bash as a user would paste it.
/// `kubectl get` is the real kubectl printing the same secret (`kubectl create secret tls
/// --dry-run=client`, with the command's own options), and what would reach `kubectl create -f
/// -` through the pipe is captured instead of sent to a cluster.
#[test]
fn the_copy_command_moves_the_key_through_a_pipe_into_cert_and_key_pem() {
    let dir = secret_fixtures("secret");
    let case = dir.join("rsa2048-pkcs8");
    let cert = fs::read_to_string(case.join("cert.pem")).unwrap();
    let key = fs::read_to_string(case.join("key.pem")).unwrap();
    let shim = r#"set -euo pipefail
kubectl() {
    if [ "$1" = get ]; then
        local name=$3
        shift 3
        command kubectl create secret tls "$name" --cert="$CERT" --key="$KEY" --dry-run=client "$@"
    elif [ "$*" = "create -f -" ]; then
        cat
    else
        echo "unexpected: kubectl $*" >&2
        return 1
    fi
}
eval "$COMMAND"
"#;
    for (shape, namespace) in [
        ("tls.yaml", None),
        ("tls-namespaced.json", Some("contoso-web")),
    ] {
        let decoded = decode(&case.join(shape), None);
        let message = &decoded.diagnostics[0].message;
        let command = message
            .split_once("with `")
            .and_then(|(_, rest)| rest.split_once("` (bash;"))
            .map(|(command, _)| command)
            .unwrap_or_else(|| panic!("no command in {message}"));
        // Nothing of the key on the command line.
        assert!(
            !command.contains("PRIVATE") && !command.contains("LS0t"),
            "{command}"
        );
        let expected = match namespace {
            Some(namespace) => format!("kubectl get secret azuremlfessl -n {namespace} -o "),
            None => "kubectl get secret azuremlfessl -o ".to_owned(),
        };
        assert!(command.starts_with(&expected), "{command}");
        let output = std::process::Command::new("bash")
            .args(["-c", shim])
            .env("CERT", case.join("cert.pem"))
            .env("KEY", case.join("key.pem"))
            .env("COMMAND", command)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{shape}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let piped = String::from_utf8(output.stdout).unwrap();
        let manifest: serde_json::Value = serde_json::from_str(&piped).unwrap();
        assert_eq!(manifest["kind"], "Secret");
        assert_eq!(manifest["type"], "Opaque");
        assert_eq!(manifest["metadata"]["namespace"], "azureml");
        assert_eq!(manifest["metadata"]["name"], "azuremlfessl-pem");
        assert!(message.ends_with("then set `sslSecret=azuremlfessl-pem`"));
        // The new secret is what Azure ML reads: cert.pem and key.pem, byte for byte.
        let copied = decode_secret(&piped, &options());
        assert_eq!(copied.entries, Some(SecretEntries::Pem));
        assert_eq!(copied.cert_pem.as_deref(), Some(cert.as_str()));
        assert_eq!(
            copied.key_pem.as_ref().map(|k| k.expose()),
            Some(key.as_str())
        );
        assert!(copied.diagnostics.is_empty(), "{:?}", copied.diagnostics);
    }
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

/// No message, no JSON of the facts and no `Debug` output holds the key: neither a line of its
/// PEM body nor its base64 as kubectl stores it.
fn assert_key_never_shows(decoded: &DecodedSecret, key_pem: &str, context: &str) {
    let json = serde_json::json!({
        "entries": decoded.entries,
        "certificates": decoded.certificates,
        "key": decoded.key,
        "keyMatchesCertificate": decoded.key_matches_certificate,
        "keyCertificate": decoded.key_certificate,
        "diagnostics": decoded.diagnostics,
    })
    .to_string();
    let debug = format!("{decoded:?}");
    let stored = base64(key_pem.as_bytes());
    let mut pieces: Vec<&str> = key_pem
        .lines()
        .filter(|l| !l.starts_with("-----") && l.len() >= 16)
        .collect();
    pieces.extend(
        stored
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap()),
    );
    for piece in pieces {
        for d in &decoded.diagnostics {
            assert!(!d.message.contains(piece), "{context}: {}", d.code);
        }
        assert!(!json.contains(piece), "{context}: JSON");
        assert!(!debug.contains(piece), "{context}: Debug");
    }
}

/// Standard base64 with padding, as kubectl writes `data` values.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize])
            } else {
                '='
            });
        }
    }
    out
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

/// Issue 18 (item 2): a `cert.pem` that holds the certificate and the private key together (a
/// common combined PEM) was reported, but given back whole as `cert_pem`, key included (the
/// CLI wrote it to cert.pem, the page offered it as `certPem`). The certificates given back
/// are now the certificate blocks only, in every shape; the key is only ever `key_pem`.
#[test]
fn a_private_key_in_cert_pem_is_left_out_of_the_certificates_given_back() {
    let dir = secret_fixtures("secret");
    let case = dir.join("combined");
    let chain = fs::read_to_string(case.join("chain-1.pem")).unwrap()
        + &fs::read_to_string(case.join("chain-2.pem")).unwrap();
    let key_pem = fs::read_to_string(case.join("key.pem")).unwrap();
    for shape in [
        "secret.yaml",
        "secret.json",
        "secret-crlf.yaml",
        "tls.yaml",
        "tls.json",
    ] {
        let decoded = decode(&case.join(shape), Some("www.contoso.com"));
        assert_eq!(decoded.cert_pem.as_deref(), Some(chain.as_str()), "{shape}");
        assert_eq!(
            decoded.key_pem.as_ref().map(|k| k.expose()),
            Some(key_pem.as_str()),
            "{shape}"
        );
        assert_eq!(decoded.certificates.len(), 2, "{shape}");
        assert_eq!(decoded.key_matches_certificate, Some(true), "{shape}");
        let error = decoded
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == "ssl-pem-invalid")
            .unwrap();
        assert!(
            error.message.starts_with(
                "holds a `PRIVATE KEY` block at line 22: a private key does not belong in"
            ),
            "{shape}: {}",
            error.message
        );
        assert!(!decoded.ok(), "{shape}");
        assert_key_never_shows(&decoded, &key_pem, shape);
    }
}

/// Issue 18 (item 2), the choice made: when the secret has no `key.pem` at all, the key found
/// in `cert.pem` is taken as the key (so it can be checked against the certificate and saved
/// where it belongs), and both problems are still errors.
#[test]
fn a_key_in_cert_pem_is_the_key_when_the_secret_has_no_key_pem() {
    let dir = secret_fixtures("secret");
    let case = dir.join("combined-no-key");
    let key_pem = fs::read_to_string(case.join("key.pem")).unwrap();
    for shape in ["secret.yaml", "secret.json"] {
        let decoded = decode(&case.join(shape), None);
        assert_eq!(
            codes(&decoded),
            ["secret-not-found", "ssl-pem-invalid"],
            "{shape}"
        );
        assert!(decoded.diagnostics[1]
            .message
            .contains("which the secret lacks: it is taken as the key"));
        assert_eq!(
            decoded.key_pem.as_ref().map(|k| k.expose()),
            Some(key_pem.as_str()),
            "{shape}"
        );
        assert_eq!(decoded.key_entry, Some("cert.pem"), "{shape}");
        assert_eq!(decoded.key_certificate, Some(0), "{shape}");
        assert!(
            !decoded.cert_pem.unwrap().contains("PRIVATE KEY"),
            "{shape}"
        );
    }
    // A key.pem that is there but unreadable is not replaced by the one in cert.pem.
    let yaml = fs::read_to_string(case.join("secret.yaml")).unwrap();
    let broken = yaml.replacen("data:\n", "data:\n  key.pem: 'a!b'\n", 1);
    let decoded = decode_secret(&broken, &options());
    assert!(decoded.key_pem.is_none());
    assert_eq!(
        codes(&decoded),
        ["secret-base64-invalid", "ssl-pem-invalid"]
    );
}

/// Issue 18 (item 10): an Ed25519 certificate with its key exited 0 with only a warning. Browsers
/// do not accept Ed25519 server certificates (sources in src/secret/checks.rs), so it is an
/// error, on the key, or on the leaf when there is no key.
#[test]
fn an_ed25519_key_or_certificate_is_an_error() {
    let dir = secret_fixtures("secret");
    let case = dir.join("ed25519");
    for shape in ["secret.yaml", "tls.yaml"] {
        let decoded = decode(&case.join(shape), None);
        let found = codes(&decoded);
        assert!(found.contains(&"key-unsupported"), "{shape}: {found:?}");
        assert!(!decoded.ok(), "{shape}");
        assert_eq!(decoded.key.as_ref().unwrap().kind, "ed25519");
        assert_eq!(decoded.certificates[0].public_key, "Ed25519");
    }
    let leaf = fs::read_to_string(case.join("chain-1.pem")).unwrap();
    let decoded = decode_secret(&leaf, &options());
    let error = decoded
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "key-unsupported")
        .unwrap();
    assert_eq!(error.path, "certificates[0]");
    assert!(
        error.message.starts_with("has an Ed25519 key"),
        "{}",
        error.message
    );
    // RSA and EC stay fine.
    assert!(decode(&dir.join("p384-sec1/secret.yaml"), None).ok());
}

/// Issue 18 (item 10): PEM text or one base64 value holding only a private key said "no
/// errors". The secret needs its certificate too: an error that names what is missing, without
/// the key.
#[test]
fn a_key_without_a_certificate_is_an_error() {
    let dir = secret_fixtures("secret");
    for case in ["rsa2048-pkcs8", "p256-sec1", "rsa2048-pkcs1"] {
        let key_pem = fs::read_to_string(dir.join(case).join("key.pem")).unwrap();
        let wrapped: String = base64(key_pem.as_bytes())
            .as_bytes()
            .chunks(76)
            .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
            .collect();
        for (shape, text) in [
            ("pem", key_pem.clone()),
            ("base64", base64(key_pem.as_bytes())),
            ("wrapped", wrapped),
        ] {
            let decoded = decode_secret(&text, &options());
            let context = format!("{case}/{shape}");
            assert!(!decoded.ok(), "{context}");
            assert_eq!(codes(&decoded), ["secret-not-found"], "{context}");
            let error = &decoded.diagnostics[0];
            assert_eq!(error.path, "cert.pem", "{context}");
            assert!(
                error
                    .message
                    .starts_with("there is a private key but no certificate"),
                "{context}: {}",
                error.message
            );
            assert!(decoded.key.is_some(), "{context}");
            assert_key_never_shows(&decoded, &key_pem, &context);
        }
    }
}

/// Messages quote names from the input (the CNAME, a certificate's names and subject) as short
/// excerpts: a long CNAME, a 200-character DNS name and 42 names in all give a message of
/// bounded length, the first five names and how many more, and no control character.
#[test]
fn messages_quote_names_from_the_input_in_short_excerpts() {
    let dir = secret_fixtures("secret");
    let cname = format!("\u{1b}[31m{}.example.com", "x".repeat(10_000));
    let decoded = decode(&dir.join("many-names/secret.yaml"), Some(&cname));
    let mismatch = decoded
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "cert-cname-mismatch")
        .unwrap();
    let message = &mismatch.message;
    assert!(message.len() < 600, "{} bytes: {message}", message.len());
    assert!(!message.chars().any(char::is_control), "{message}");
    assert!(
        message.contains(", `host-3.contoso.com` and 37 more)"),
        "{message}"
    );
    assert!(!message.contains(&"a".repeat(49)), "{message}");
}

/// A parse error quoted what the YAML parser found: a tag (`key.pem: !<…>`) holding the key's
/// base64 came back whole in the message. The secret decoder gives line and column only.
#[test]
fn a_parse_error_does_not_quote_the_secret() {
    let dir = secret_fixtures("secret");
    let key_pem = fs::read_to_string(dir.join("p256-sec1/key.pem")).unwrap();
    for text in [
        format!(
            "data:\n  cert.pem: x\n  key.pem: !<{}>\n",
            base64(key_pem.as_bytes())
        ),
        format!(
            "{{\"data\": {{\"key.pem\": \"{}\"",
            base64(key_pem.as_bytes())
        ),
    ] {
        let decoded = decode_secret(&text, &options());
        assert_eq!(codes(&decoded), ["parse-error"], "{text}");
        assert!(
            decoded.diagnostics[0]
                .message
                .starts_with("not valid YAML or JSON at line "),
            "{}",
            decoded.diagnostics[0].message
        );
        assert_key_never_shows(&decoded, &key_pem, "parse error");
    }
}

/// Issue 18 (caps on every input kind): a secret past the reader's cap is refused before
/// anything reads it (the page passes whatever was pasted), naming the cap, never the text.
#[test]
fn a_secret_past_the_cap_is_refused_unread() {
    let text = format!(
        "-----BEGIN PRIVATE KEY-----\n{}",
        "QUJD\n".repeat(amlattach::secret::MAX_INPUT_BYTES / 5 + 1)
    );
    let decoded = amlattach::secret::decode_secret(&text, &Default::default());
    assert_eq!(decoded.diagnostics.len(), 1, "{:?}", decoded.diagnostics);
    let d = &decoded.diagnostics[0];
    assert_eq!(d.code, amlattach::Code::ParseError);
    assert!(d
        .message
        .contains(&amlattach::secret::MAX_INPUT_BYTES.to_string()));
    assert!(!d.message.contains("QUJD"));
    assert!(decoded.key_pem.is_none() && decoded.cert_pem.is_none());
}
