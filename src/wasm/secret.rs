//! The `secret` export: decode an `azuremlfessl` secret and inspect its certificates and key.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{now_option, thrown, to_js};
use crate::request::{self, RequestError};
use crate::secret::SecretSummary;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_TYPES: &str = r#"
/** Options of `decodeSecret`. */
export interface DecodeSecretOptions {
  /** The CNAME you will attach with: checked against the leaf certificate's DNS names and CN. */
  cname?: string;
  /** The moment the expiry checks are made at (default: now). */
  now?: Clock;
}

/** One certificate of `cert.pem` (or `tls.crt`), in the order written. */
export interface CertificateInfo {
  /** RFC 4514, most specific first: `CN=example.com,O=Contoso`. */
  subject: string;
  commonName: string | null;
  issuer: string;
  /** DNS names of the subject alternative name extension. */
  dnsNames: string[];
  /** RFC 3339 UTC, `2025-01-31T12:00:00Z`. */
  notBefore: string;
  notAfter: string;
  /** Upper-case hex, as `openssl x509 -serial` prints it. */
  serial: string;
  /** OpenSSL's name, `sha256WithRSAEncryption`. */
  signatureAlgorithm: string;
  /** `RSA 2048`, `EC P-256`. */
  publicKey: string;
  /** Subject and issuer are the same. */
  selfIssued: boolean;
  /** Whole days until `notAfter`; negative once expired. */
  daysUntilExpiry: number;
  /** Whether the next certificate is its issuer; null for the last one. */
  issuedByNext: boolean | null;
}

/** The private key's facts (never the key itself). */
export interface KeyInfo {
  type: "rsa" | "ec" | "ed25519" | "other";
  /** Modulus size for RSA, field size for EC. */
  bits: number | null;
  /** `P-256`, `P-384`, `P-521`, `secp256k1` or an OID; null for RSA. */
  curve: string | null;
  format: "pkcs8" | "pkcs1" | "sec1";
}

/**
 * What `decodeSecret` returns. `certPem` and `keyPem` are the stored bytes, never sent anywhere;
 * from a TLS secret they are `tls.crt` and `tls.key`, still to be saved as cert.pem and key.pem.
 */
export interface DecodedSecret extends Report {
  /**
   * The certificates read from `cert.pem`, each block written again from the base64 read as the
   * certificate, and nothing else: a private key (or any other block, header or text) found there
   * is reported and left out; null when no certificate was read.
   */
  certPem: string | null;
  /** `key.pem` as stored; when the secret has no `key.pem`, the private key found in `cert.pem`. */
  keyPem: string | null;
  /**
   * The names the entries were found under: "pem" (`cert.pem`, `key.pem`, what the Azure ML
   * extension's `sslSecret` takes) or "tls" (`tls.crt`, `tls.key`: a `kubernetes.io/tls` secret);
   * null when the input was PEM text or one base64 value.
   */
  entries: "pem" | "tls" | null;
  certificates: CertificateInfo[];
  key: KeyInfo | null;
  /**
   * Whether the key belongs to one of the certificates, the leaf (`keyCertificate` says which);
   * null when it cannot be told (no key, no certificate, or a key without its public half).
   */
  keyMatchesCertificate: boolean | null;
  /** The index in `certificates` of the certificate the key belongs to (it must be 0); null when none. */
  keyCertificate: number | null;
  /** Whether the leaf comes first and each certificate is issued by the next one. */
  chainInOrder: boolean;
}

"#;

/// Decodes an `azuremlfessl` secret (kubectl YAML or JSON, a List, a `data:` map, one base64
/// value or PEM; `cert.pem`/`key.pem` or a TLS secret's `tls.crt`/`tls.key`) and inspects its
/// certificates and key.
#[wasm_bindgen(js_name = decodeSecret, unchecked_return_type = "DecodedSecret")]
pub fn decode_secret(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "DecodeSecretOptions | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    // Read with Reflect rather than a serde struct: a few bytes of glue instead of a deserializer.
    let options = options.filter(|o| !o.is_null() && !o.is_undefined());
    if options.as_ref().is_some_and(|o| !o.is_object()) {
        return Err(thrown(&RequestError::BadOptions(
            "{ cname: 'www.example.com' }",
        )));
    }
    let field = |key: &str| {
        options
            .as_ref()
            .and_then(|o| js_sys::Reflect::get(o, &JsValue::from_str(key)).ok())
    };
    let cname = field("cname").and_then(|v| v.as_string());
    let now =
        now_option(options.as_ref().unwrap_or(&JsValue::UNDEFINED)).map_err(|e| thrown(&e))?;
    let decoded = request::decode_secret(text, cname, now);
    to_js(&DecodedSecretJs {
        facts: decoded.summary(),
        cert_pem: decoded.cert_pem.as_deref(),
        // The one place the key leaves Rust: the page offers it as a download and a copy.
        key_pem: decoded.key_pem.as_ref().map(|k| k.expose()),
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DecodedSecretJs<'a> {
    #[serde(flatten)]
    facts: SecretSummary<'a>,
    cert_pem: Option<&'a str>,
    key_pem: Option<&'a str>,
}
