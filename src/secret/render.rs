//! The text a person reads for a decoded secret: each certificate's facts, then the key's. The
//! key itself is never part of it.

use std::fmt::Write;

use super::DecodedSecret;
use crate::x509::KeyFormat;

/// Each certificate (the leaf marked), then the key's type, size, format and whether it
/// matches the leaf.
pub fn render_text(decoded: &DecodedSecret) -> String {
    let mut text = String::new();
    let leaf = decoded.key_certificate.unwrap_or(0);
    // Writing to a String cannot fail.
    for (index, c) in decoded.certificates.iter().enumerate() {
        let role = if index == leaf { "leaf" } else { "chain" };
        let _ = writeln!(text, "certificate {} ({role}): {}", index + 1, c.subject);
        let _ = writeln!(text, "  issuer:    {}", c.issuer);
        if !c.dns_names.is_empty() {
            let _ = writeln!(text, "  dns names: {}", c.dns_names.join(", "));
        }
        let _ = writeln!(
            text,
            "  valid:     {} to {} ({} days left)",
            c.not_before, c.not_after, c.days_until_expiry
        );
        let _ = writeln!(text, "  serial:    {}", c.serial);
        let _ = writeln!(
            text,
            "  signature: {}, key {}",
            c.signature_algorithm, c.public_key
        );
    }
    if let Some(key) = &decoded.key {
        let size = match (&key.curve, key.bits) {
            (Some(curve), _) => format!(" {curve}"),
            (None, Some(bits)) => format!(" {bits}"),
            (None, None) => String::new(),
        };
        let matches = match (decoded.key_matches_certificate, decoded.key_certificate) {
            (Some(true), Some(index)) if index > 0 => {
                format!("matches certificate {}, which must come first", index + 1)
            }
            (Some(true), _) => "matches the leaf certificate".to_owned(),
            (Some(false), _) => "does NOT match the leaf certificate".to_owned(),
            (None, _) => "match with the certificate unknown".to_owned(),
        };
        let format = match key.format {
            KeyFormat::Pkcs8 => "PKCS#8",
            KeyFormat::Pkcs1 => "PKCS#1",
            KeyFormat::Sec1 => "SEC1",
        };
        let _ = writeln!(
            text,
            "key: {}{size} ({format}), {matches}",
            key.kind.to_uppercase()
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x509::{CertificateFacts, KeyFacts};
    use expect_test::expect;

    fn certificate(subject: &str, issuer: &str, dns: &[&str]) -> CertificateFacts {
        CertificateFacts {
            subject: subject.to_owned(),
            common_name: None,
            issuer: issuer.to_owned(),
            dns_names: dns.iter().map(|d| (*d).to_owned()).collect(),
            not_before: "2026-01-01T00:00:00Z".to_owned(),
            not_after: "2027-01-01T00:00:00Z".to_owned(),
            serial: "01:02".to_owned(),
            signature_algorithm: "ecdsa-with-SHA256".to_owned(),
            public_key: "EC P-256".to_owned(),
            self_issued: false,
            days_until_expiry: 29,
            issued_by_next: None,
        }
    }

    fn decoded() -> DecodedSecret {
        DecodedSecret {
            cert_pem: None,
            key_pem: None,
            key_entry: None,
            entries: None,
            certificates: vec![
                certificate(
                    "CN=www.contoso.com",
                    "CN=Contoso CA",
                    &["www.contoso.com", "contoso.com"],
                ),
                certificate("CN=Contoso CA", "CN=Contoso Root", &[]),
            ],
            key: Some(KeyFacts {
                kind: "ec",
                bits: Some(256),
                curve: Some("P-256".to_owned()),
                format: KeyFormat::Sec1,
            }),
            key_matches_certificate: Some(true),
            key_certificate: Some(0),
            chain_in_order: true,
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn a_chain_and_its_matching_key() {
        expect![[r#"
            certificate 1 (leaf): CN=www.contoso.com
              issuer:    CN=Contoso CA
              dns names: www.contoso.com, contoso.com
              valid:     2026-01-01T00:00:00Z to 2027-01-01T00:00:00Z (29 days left)
              serial:    01:02
              signature: ecdsa-with-SHA256, key EC P-256
            certificate 2 (chain): CN=Contoso CA
              issuer:    CN=Contoso Root
              valid:     2026-01-01T00:00:00Z to 2027-01-01T00:00:00Z (29 days left)
              serial:    01:02
              signature: ecdsa-with-SHA256, key EC P-256
            key: EC P-256 (SEC1), matches the leaf certificate
        "#]]
        .assert_eq(&render_text(&decoded()));
    }

    #[test]
    fn a_key_that_belongs_to_the_second_certificate_says_it_must_come_first() {
        let mut decoded = decoded();
        decoded.key_certificate = Some(1);
        decoded.key = Some(KeyFacts {
            kind: "rsa",
            bits: Some(2048),
            curve: None,
            format: KeyFormat::Pkcs8,
        });
        let text = render_text(&decoded);
        expect![[r#"
            certificate 1 (chain): CN=www.contoso.com
            certificate 2 (leaf): CN=Contoso CA
            key: RSA 2048 (PKCS#8), matches certificate 2, which must come first
        "#]]
        .assert_eq(
            &text
                .lines()
                .filter(|l| !l.starts_with("  "))
                .map(|l| format!("{l}\n"))
                .collect::<String>(),
        );
        decoded.key_matches_certificate = Some(false);
        assert!(render_text(&decoded).contains("does NOT match the leaf certificate"));
        decoded.key_matches_certificate = None;
        assert!(render_text(&decoded).contains("match with the certificate unknown"));
    }
}
