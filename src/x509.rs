//! X.509 certificates and private keys read from DER: the facts a user checks before re-attaching
//! (names, validity, serial, algorithms, key type and size) and whether a key belongs to a
//! certificate, decided by comparing public keys without any big-integer or curve arithmetic.
//!
//! An RSA private key carries its public modulus and exponent; a SEC1 or PKCS#8 EC key usually
//! carries its public point (OpenSSL always writes it). When the point is absent the match is
//! unknown ([`key_matches`] gives `None`): deriving it would need curve arithmetic.
//!
//! DER is read by the small reader at the bottom of this file, not by RustCrypto's `der` and
//! `x509-cert`: those were tried first and added 200 KB raw (82 KB gzip) to the wasm module,
//! mostly monomorphised decoders for fields this tool never looks at. The reader here walks
//! only the fields below, checks every length against its parent and never indexes out of
//! bounds; hostile input is an [`X509Error`] with a byte offset.

use std::fmt;

use serde::Serialize;

use crate::dated::Day;

/// Why DER bytes could not be read as a certificate or a private key. Messages name the byte
/// offset only, never the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum X509Error {
    /// The bytes are not a DER X.509 certificate.
    Certificate {
        /// Where the DER reader stopped, when it knows.
        offset: Option<u32>,
    },
    /// The bytes are not a DER private key of the format its PEM label names.
    Key {
        /// The format the label promised.
        format: KeyFormat,
        /// Where the DER reader stopped, when it knows.
        offset: Option<u32>,
    },
    /// An EC key that does not say which curve it is on.
    MissingCurve,
}

impl fmt::Display for X509Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |offset: &Option<u32>| match offset {
            Some(offset) => format!(" at byte {offset}"),
            None => String::new(),
        };
        match self {
            X509Error::Certificate { offset } => {
                write!(f, "is not a valid DER X.509 certificate{}", at(offset))
            }
            X509Error::Key { format, offset } => write!(
                f,
                "is not a valid {} private key{}",
                format.label(),
                at(offset)
            ),
            X509Error::MissingCurve => f.write_str("is an EC key that does not name its curve"),
        }
    }
}

/// How a private key is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyFormat {
    /// `BEGIN PRIVATE KEY` (RFC 5208 / 5958), any algorithm.
    Pkcs8,
    /// `BEGIN RSA PRIVATE KEY` (RFC 8017).
    Pkcs1,
    /// `BEGIN EC PRIVATE KEY` (RFC 5915).
    Sec1,
}

impl KeyFormat {
    /// The format for a PEM label, or `None` when the label is not an unencrypted private key.
    pub fn from_pem_label(label: &str) -> Option<KeyFormat> {
        match label {
            "PRIVATE KEY" => Some(KeyFormat::Pkcs8),
            "RSA PRIVATE KEY" => Some(KeyFormat::Pkcs1),
            "EC PRIVATE KEY" => Some(KeyFormat::Sec1),
            _ => None,
        }
    }

    /// The name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            KeyFormat::Pkcs8 => "PKCS#8",
            KeyFormat::Pkcs1 => "PKCS#1",
            KeyFormat::Sec1 => "SEC1",
        }
    }
}

/// A public key, as far as comparing two of them needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// RSA: big-endian modulus and exponent without leading zeros.
    Rsa {
        /// `n`.
        modulus: Vec<u8>,
        /// `e`.
        exponent: Vec<u8>,
    },
    /// EC on a named curve, with the SEC1-encoded point when known.
    Ec {
        /// The curve's OID, dotted.
        curve: String,
        /// `04 x y` or `02|03 x`; `None` when the private key does not carry it.
        point: Option<Vec<u8>>,
    },
    /// Ed25519 with its 32-byte key when known.
    Ed25519 {
        /// The public key, when the private key carries it (PKCS#8 v2).
        key: Option<Vec<u8>>,
    },
    /// Any other algorithm, by OID.
    Other {
        /// The algorithm's OID, dotted.
        algorithm: String,
    },
}

/// What a certificate says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateFacts {
    /// The subject as an RFC 4514 string (`CN=example.com,O=Contoso`).
    pub subject: String,
    /// The subject's common name, when it has one.
    pub common_name: Option<String>,
    /// The issuer as an RFC 4514 string.
    pub issuer: String,
    /// The DNS names of the subject alternative name extension.
    pub dns_names: Vec<String>,
    /// Start of validity, RFC 3339 UTC (`2025-01-31T12:00:00Z`).
    pub not_before: String,
    /// End of validity, RFC 3339 UTC.
    pub not_after: String,
    /// The serial number in upper-case hex, as `openssl x509 -serial` prints it.
    pub serial: String,
    /// The signature algorithm, by OpenSSL's name (`sha256WithRSAEncryption`).
    pub signature_algorithm: String,
    /// The public key's type and size (`RSA 2048`, `EC P-256`).
    pub public_key: String,
    /// Subject and issuer are the same name (a root or a self-signed certificate).
    pub self_issued: bool,
    /// Whole days from "now" until `notAfter`, negative once expired; set by the caller, who
    /// knows the time.
    pub days_until_expiry: i64,
    /// Whether the next certificate in the file is its issuer; `None` for the last one. Set by
    /// the caller, who has the chain.
    pub issued_by_next: Option<bool>,
}

/// A certificate read from DER: its facts plus what the chain and key checks compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    /// What is shown to the user.
    pub facts: CertificateFacts,
    /// Seconds since the Unix epoch of `notBefore`.
    pub not_before_unix: i64,
    /// Seconds since the Unix epoch of `notAfter`.
    pub not_after_unix: i64,
    /// The DER of the subject name, compared with the next certificate's issuer.
    pub subject_der: Vec<u8>,
    /// The DER of the issuer name.
    pub issuer_der: Vec<u8>,
    /// The subject public key.
    pub public_key: PublicKey,
}

/// What a private key is. Nothing here is secret: only its public half is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyFacts {
    /// `rsa`, `ec`, `ed25519` or `other`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The modulus size for RSA, the field size for EC.
    pub bits: Option<u32>,
    /// The curve for EC keys (`P-256`, `P-384`, `P-521`, `secp256k1`, or its OID).
    pub curve: Option<String>,
    /// How the key is wrapped.
    pub format: KeyFormat,
}

/// A private key read from DER: its facts and its public half.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    /// What is shown to the user.
    pub facts: KeyFacts,
    /// The public key the private key carries.
    pub public_key: PublicKey,
}

/// Reads one DER certificate.
pub fn read_certificate(der: &[u8]) -> Result<CertificateInfo, X509Error> {
    read_certificate_fields(der).map_err(|offset| X509Error::Certificate {
        offset: u32::try_from(offset).ok(),
    })
}

fn read_certificate_fields(der: &[u8]) -> Result<CertificateInfo, usize> {
    let mut outer = Reader::new(der, 0);
    let certificate = outer.want(SEQUENCE)?;
    outer.finish()?;
    let mut c = certificate.reader();
    let tbs = c.want(SEQUENCE)?;
    let signature_algorithm = c.want(SEQUENCE)?.reader().want(OID)?;
    c.want(BIT_STRING)?;
    c.finish()?;
    let mut t = tbs.reader();
    t.optional(CONTEXT_0)?;
    let serial = t.want(INTEGER)?;
    t.want(SEQUENCE)?;
    let issuer = t.want(SEQUENCE)?;
    let mut validity = t.want(SEQUENCE)?.reader();
    let not_before = time(validity.any()?)?;
    let not_after = time(validity.any()?)?;
    validity.finish()?;
    let subject = t.want(SEQUENCE)?;
    let spki = t.want(SEQUENCE)?;
    t.optional(CONTEXT_1_PRIMITIVE)?;
    t.optional(CONTEXT_2_PRIMITIVE)?;
    let extensions = t.optional(CONTEXT_3)?;
    t.finish()?;

    let mut dns_names = Vec::new();
    if let Some(extensions) = extensions {
        let mut list = extensions.reader().want(SEQUENCE)?.reader();
        while !list.is_empty() {
            let mut extension = list.want(SEQUENCE)?.reader();
            let oid = extension.want(OID)?;
            extension.optional(BOOLEAN)?;
            let value = extension.want(OCTET_STRING)?;
            if oid_text(oid.value) == "2.5.29.17" {
                let mut names = value.reader().want(SEQUENCE)?.reader();
                while !names.is_empty() {
                    let name = names.any()?;
                    if name.tag == CONTEXT_2_PRIMITIVE {
                        dns_names.push(String::from_utf8_lossy(name.value).into_owned());
                    }
                }
            }
        }
    }
    let subject_attributes = attributes(subject)?;
    let common_name = subject_attributes
        .iter()
        .find(|a| a.0 == "2.5.4.3")
        .map(|a| attribute_text(a.1, a.2));
    let (algorithm, parameters, key) = algorithm_and_key(spki)?;
    let public_key = spki_public_key(&algorithm, parameters, key);
    let serial = {
        let start = serial
            .value
            .iter()
            .position(|&b| b != 0)
            .unwrap_or(serial.value.len().saturating_sub(1));
        hex_upper(serial.value.get(start..).unwrap_or_default())
    };
    let facts = CertificateFacts {
        subject: name_text(&subject_attributes, subject)?,
        common_name,
        issuer: name_text(&attributes(issuer)?, issuer)?,
        dns_names,
        not_before: rfc3339(not_before),
        not_after: rfc3339(not_after),
        serial,
        signature_algorithm: signature_algorithm_name(&oid_text(signature_algorithm.value)),
        public_key: public_key_label(&public_key),
        self_issued: subject.raw == issuer.raw,
        days_until_expiry: 0,
        issued_by_next: None,
    };
    Ok(CertificateInfo {
        facts,
        not_before_unix: not_before,
        not_after_unix: not_after,
        subject_der: subject.raw.to_vec(),
        issuer_der: issuer.raw.to_vec(),
        public_key,
    })
}

/// Reads one DER private key in the format its PEM label names.
pub fn read_private_key(format: KeyFormat, der: &[u8]) -> Result<KeyInfo, X509Error> {
    let public_key = read_key_fields(format, der).map_err(|error| match error {
        KeyProblem::MissingCurve => X509Error::MissingCurve,
        KeyProblem::At(offset) => X509Error::Key {
            format,
            offset: u32::try_from(offset).ok(),
        },
    })?;
    let (kind, bits, curve) = match &public_key {
        PublicKey::Rsa { modulus, .. } => ("rsa", Some(bit_length(modulus)), None),
        PublicKey::Ec { curve, .. } => ("ec", curve_bits(curve), Some(curve_name(curve))),
        PublicKey::Ed25519 { .. } => ("ed25519", Some(256), None),
        PublicKey::Other { .. } => ("other", None, None),
    };
    Ok(KeyInfo {
        facts: KeyFacts {
            kind,
            bits,
            curve,
            format,
        },
        public_key,
    })
}

/// Whether a private key's public half is the certificate's public key: `None` when it cannot
/// be told without arithmetic (an EC or Ed25519 key without its public part, another algorithm).
pub fn key_matches(certificate: &PublicKey, key: &PublicKey) -> Option<bool> {
    match (certificate, key) {
        (
            PublicKey::Rsa { modulus, exponent },
            PublicKey::Rsa {
                modulus: key_modulus,
                exponent: key_exponent,
            },
        ) => Some(modulus == key_modulus && exponent == key_exponent),
        (
            PublicKey::Ec { curve, point },
            PublicKey::Ec {
                curve: key_curve,
                point: key_point,
            },
        ) => {
            if curve != key_curve {
                return Some(false);
            }
            match (point, key_point) {
                (Some(a), Some(b)) => Some(same_point(a, b)),
                _ => None,
            }
        }
        (PublicKey::Ed25519 { key: Some(a) }, PublicKey::Ed25519 { key: Some(b) }) => Some(a == b),
        (PublicKey::Ed25519 { .. }, PublicKey::Ed25519 { .. }) => None,
        (PublicKey::Other { algorithm }, PublicKey::Other { algorithm: other }) => {
            (algorithm != other).then_some(false)
        }
        _ => Some(false),
    }
}

const RSA: &str = "1.2.840.113549.1.1.1";
const RSA_PSS: &str = "1.2.840.113549.1.1.10";
const EC: &str = "1.2.840.10045.2.1";
const ED25519: &str = "1.3.101.112";

/// Attribute short names as OpenSSL prints them with `-nameopt RFC2253`.
const ATTRIBUTE_NAMES: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "street"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.5", "serialNumber"),
    ("2.5.4.4", "SN"),
    ("2.5.4.42", "GN"),
    ("2.5.4.12", "title"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("0.9.2342.19200300.100.1.1", "UID"),
    ("1.2.840.113549.1.9.1", "emailAddress"),
];

/// Signature algorithms by OpenSSL's names.
const SIGNATURE_NAMES: &[(&str, &str)] = &[
    ("1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
    ("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
    ("1.2.840.113549.1.1.10", "rsassaPss"),
    ("1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
    ("1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
    ("1.2.840.113549.1.1.13", "sha512WithRSAEncryption"),
    ("1.2.840.10045.4.1", "ecdsa-with-SHA1"),
    ("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
    ("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
    ("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
    ("1.3.101.112", "ED25519"),
];

/// Public key algorithms other than RSA, EC and Ed25519 that certificates and PKCS#8 keys are
/// met with, by name.
const OTHER_KEY_NAMES: &[(&str, &str)] = &[
    (RSA_PSS, "RSA-PSS"),
    ("1.3.101.113", "Ed448"),
    ("1.3.101.110", "X25519"),
    ("1.3.101.111", "X448"),
    ("1.2.840.10040.4.1", "DSA"),
];

/// Named curves: OID, name, field size in bits.
const CURVES: &[(&str, &str, u32)] = &[
    ("1.2.840.10045.3.1.7", "P-256", 256),
    ("1.3.132.0.34", "P-384", 384),
    ("1.3.132.0.35", "P-521", 521),
    ("1.3.132.0.10", "secp256k1", 256),
];

fn lookup(table: &[(&str, &'static str)], oid: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(id, _)| *id == oid)
        .map(|(_, name)| *name)
}

fn signature_algorithm_name(oid: &str) -> String {
    lookup(SIGNATURE_NAMES, oid).map_or_else(|| oid.to_owned(), str::to_owned)
}

/// Why a key could not be read: a DER problem at an offset, or an EC key with no curve.
enum KeyProblem {
    At(usize),
    MissingCurve,
}

impl From<usize> for KeyProblem {
    fn from(offset: usize) -> KeyProblem {
        KeyProblem::At(offset)
    }
}

fn read_key_fields(format: KeyFormat, der: &[u8]) -> Result<PublicKey, KeyProblem> {
    let mut outer = Reader::new(der, 0);
    let key = outer.want(SEQUENCE)?;
    outer.finish()?;
    match format {
        KeyFormat::Pkcs1 => Ok(rsa_private(key)?),
        KeyFormat::Sec1 => {
            let (curve, point) = ec_private(key)?;
            Ok(PublicKey::Ec {
                curve: curve.ok_or(KeyProblem::MissingCurve)?,
                point,
            })
        }
        KeyFormat::Pkcs8 => {
            let mut r = key.reader();
            r.want(INTEGER)?;
            let (algorithm, parameters) = algorithm_only(r.want(SEQUENCE)?)?;
            let private = r.want(OCTET_STRING)?;
            r.optional(CONTEXT_0)?;
            // PKCS#8 v2 (RFC 5958): `[1] IMPLICIT BIT STRING`.
            let outer_public = r
                .optional(CONTEXT_1_PRIMITIVE)?
                .and_then(|bits| bits.value.split_first())
                .filter(|(unused, _)| **unused == 0)
                .map(|(_, key)| key.to_vec());
            Ok(match algorithm.as_str() {
                RSA | RSA_PSS => {
                    let mut inner = private.reader();
                    let rsa = inner.want(SEQUENCE)?;
                    rsa_private(rsa)?
                }
                EC => {
                    let mut inner = private.reader();
                    let (inner_curve, point) = ec_private(inner.want(SEQUENCE)?)?;
                    let curve = parameters
                        .filter(|p| p.tag == OID)
                        .map(|p| oid_text(p.value))
                        .or(inner_curve)
                        .ok_or(KeyProblem::MissingCurve)?;
                    PublicKey::Ec {
                        curve,
                        point: point.or(outer_public),
                    }
                }
                ED25519 => PublicKey::Ed25519 { key: outer_public },
                _ => PublicKey::Other { algorithm },
            })
        }
    }
}

/// The public half of a PKCS#1 `RSAPrivateKey`: version, n, e, …
fn rsa_private(key: Tlv<'_>) -> Result<PublicKey, usize> {
    let mut r = key.reader();
    r.want(INTEGER)?;
    let modulus = r.want(INTEGER)?;
    let exponent = r.want(INTEGER)?;
    Ok(PublicKey::Rsa {
        modulus: unsigned(modulus.value),
        exponent: unsigned(exponent.value),
    })
}

/// The curve and public point of a SEC1 `ECPrivateKey`: version, key, [0] curve, [1] point.
fn ec_private(key: Tlv<'_>) -> Result<(Option<String>, Option<Vec<u8>>), usize> {
    let mut r = key.reader();
    r.want(INTEGER)?;
    r.want(OCTET_STRING)?;
    let curve = match r.optional(CONTEXT_0)? {
        Some(parameters) => Some(oid_text(parameters.reader().want(OID)?.value)),
        None => None,
    };
    let point = match r.optional(CONTEXT_1)? {
        Some(public) => {
            let bits = public.reader().want(BIT_STRING)?;
            bits.value.split_first().map(|(_, point)| point.to_vec())
        }
        None => None,
    };
    Ok((curve, point))
}

/// `AlgorithmIdentifier`: the OID as text and the parameters, if any.
fn algorithm_only(algorithm: Tlv<'_>) -> Result<(String, Option<Tlv<'_>>), usize> {
    let mut r = algorithm.reader();
    let oid = oid_text(r.want(OID)?.value);
    let parameters = if r.is_empty() { None } else { Some(r.any()?) };
    Ok((oid, parameters))
}

/// `SubjectPublicKeyInfo`: algorithm, parameters and the key bits.
fn algorithm_and_key(spki: Tlv<'_>) -> Result<(String, Option<Tlv<'_>>, &[u8]), usize> {
    let mut r = spki.reader();
    let (algorithm, parameters) = algorithm_only(r.want(SEQUENCE)?)?;
    let bits = r.want(BIT_STRING)?;
    let key = bits.value.get(1..).ok_or(bits.offset)?;
    Ok((algorithm, parameters, key))
}

/// The public key of a certificate's SubjectPublicKeyInfo.
fn spki_public_key(algorithm: &str, parameters: Option<Tlv<'_>>, key: &[u8]) -> PublicKey {
    let other = || PublicKey::Other {
        algorithm: algorithm.to_owned(),
    };
    match algorithm {
        RSA => {
            let mut r = Reader::new(key, 0);
            let rsa = r.want(SEQUENCE).map(|s| {
                let mut fields = s.reader();
                (fields.want(INTEGER), fields.want(INTEGER))
            });
            match rsa {
                Ok((Ok(modulus), Ok(exponent))) => PublicKey::Rsa {
                    modulus: unsigned(modulus.value),
                    exponent: unsigned(exponent.value),
                },
                _ => other(),
            }
        }
        EC => match parameters.filter(|p| p.tag == OID) {
            Some(curve) => PublicKey::Ec {
                curve: oid_text(curve.value),
                point: Some(key.to_vec()),
            },
            None => other(),
        },
        ED25519 => PublicKey::Ed25519 {
            key: Some(key.to_vec()),
        },
        _ => other(),
    }
}

fn public_key_label(key: &PublicKey) -> String {
    match key {
        PublicKey::Rsa { modulus, .. } => format!("RSA {}", bit_length(modulus)),
        PublicKey::Ec { curve, .. } => format!("EC {}", curve_name(curve)),
        PublicKey::Ed25519 { .. } => "Ed25519".to_owned(),
        PublicKey::Other { algorithm } => {
            algorithm_name(algorithm).map_or_else(|| algorithm.clone(), str::to_owned)
        }
    }
}

/// The name of a public key algorithm that [`PublicKey`] keeps as `Other`, by its OID.
pub fn algorithm_name(oid: &str) -> Option<&'static str> {
    lookup(OTHER_KEY_NAMES, oid)
}

/// Two SEC1 points are the same: equal bytes, or one compressed (`02|03 x`) and one not
/// (`04 x y`) with the same `x` and the parity of `y` the prefix says.
fn same_point(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let (compressed, full) = match (a.first(), b.first()) {
        (Some(2 | 3), Some(4)) => (a, b),
        (Some(4), Some(2 | 3)) => (b, a),
        _ => return false,
    };
    let size = compressed.len() - 1;
    if size == 0 || full.len() != 1 + 2 * size {
        return false;
    }
    let y_odd = full.last().is_some_and(|last| last & 1 == 1);
    compressed.get(1..) == full.get(1..=size) && (compressed.first() == Some(&3)) == y_odd
}

fn curve_name(curve: &str) -> String {
    CURVES
        .iter()
        .find(|c| c.0 == curve)
        .map_or_else(|| curve.to_owned(), |c| c.1.to_owned())
}

fn curve_bits(curve: &str) -> Option<u32> {
    CURVES.iter().find(|c| c.0 == curve).map(|c| c.2)
}

/// Big-endian bytes without leading zeros.
fn unsigned(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default().to_vec()
}

fn bit_length(unsigned: &[u8]) -> u32 {
    let bytes = u32::try_from(unsigned.len()).unwrap_or(u32::MAX / 8);
    match unsigned.first() {
        Some(first) => bytes.saturating_mul(8) - first.leading_zeros(),
        None => 0,
    }
}

fn hex_upper(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    text
}

/// One attribute of a name: OID as text, value tag, value bytes, and which RDN it is in.
type Attribute<'a> = (String, u8, &'a [u8], usize);

/// Every attribute of a `Name` (a SEQUENCE of SETs of type-and-value SEQUENCEs), in order.
fn attributes<'a>(name: Tlv<'a>) -> Result<Vec<Attribute<'a>>, usize> {
    let mut out = Vec::new();
    let mut rdns = name.reader();
    let mut index = 0;
    while !rdns.is_empty() {
        let mut set = rdns.want(SET)?.reader();
        while !set.is_empty() {
            let mut atv = set.want(SEQUENCE)?.reader();
            let oid = oid_text(atv.want(OID)?.value);
            let value = atv.any()?;
            out.push((oid, value.tag, value.value, index));
        }
        index += 1;
    }
    Ok(out)
}

/// A name as RFC 4514 text, most specific first, as `openssl x509 -nameopt RFC2253` prints it
/// (except that non-ASCII text is kept rather than escaped).
fn name_text(attributes: &[Attribute<'_>], name: Tlv<'_>) -> Result<String, usize> {
    let mut text = String::new();
    let count = attributes.last().map_or(0, |a| a.3 + 1);
    for rdn in (0..count).rev() {
        let mut first = true;
        for (oid, tag, value, _) in attributes.iter().filter(|a| a.3 == rdn) {
            let separator = match (first, text.is_empty()) {
                (true, true) => "",
                (true, false) => ",",
                (false, _) => "+",
            };
            text.push_str(separator);
            first = false;
            match lookup(ATTRIBUTE_NAMES, oid) {
                Some(short) => {
                    text.push_str(short);
                    text.push('=');
                    escape_rfc4514(&attribute_text(*tag, value), &mut text);
                }
                None => {
                    text.push_str(oid);
                    text.push_str("=#");
                    text.push_str(&hex_upper(&[*tag]));
                    let length = u8::try_from(value.len()).map_err(|_| name.offset)?;
                    text.push_str(&hex_upper(&[length]));
                    text.push_str(&hex_upper(value));
                }
            }
        }
    }
    Ok(text)
}

/// The text of a directory string of any of its types; other types as `#` and hex.
fn attribute_text(tag: u8, value: &[u8]) -> String {
    match tag {
        UTF8_STRING | PRINTABLE_STRING | TELETEX_STRING | IA5_STRING | VISIBLE_STRING => {
            String::from_utf8_lossy(value).into_owned()
        }
        BMP_STRING => {
            let units: Vec<u16> = value
                .chunks(2)
                .map(|pair| {
                    u16::from_be_bytes([
                        pair.first().copied().unwrap_or(0),
                        pair.get(1).copied().unwrap_or(0),
                    ])
                })
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => format!("#{}", hex_upper(value)),
    }
}

fn escape_rfc4514(value: &str, out: &mut String) {
    let last = value.chars().count().saturating_sub(1);
    for (index, c) in value.chars().enumerate() {
        match c {
            '#' | ' ' if index == 0 => out.push('\\'),
            ' ' if index == last => out.push('\\'),
            ',' | '+' | '"' | '\\' | '<' | '>' | ';' => out.push('\\'),
            _ => {}
        }
        if c.is_control() {
            out.push_str(&format!("\\{:02X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
}

/// An OID's dotted text (`1.2.840.113549.1.1.11`); arcs too large for 64 bits are shown as `?`.
fn oid_text(bytes: &[u8]) -> String {
    let mut text = String::new();
    let mut arc: u64 = 0;
    let mut overflow = false;
    for (index, &b) in bytes.iter().enumerate() {
        overflow |= arc > (u64::MAX >> 7);
        arc = (arc << 7) | u64::from(b & 0x7f);
        if b & 0x80 != 0 {
            continue;
        }
        if text.is_empty() && index == bytes.iter().position(|b| b & 0x80 == 0).unwrap_or(0) {
            let (first, second) = match arc {
                0..=39 => (0, arc),
                40..=79 => (1, arc - 40),
                _ => (2, arc - 80),
            };
            text = format!("{first}.{second}");
        } else if overflow {
            text.push_str(".?");
        } else {
            text.push('.');
            text.push_str(&arc.to_string());
        }
        arc = 0;
        overflow = false;
    }
    text
}

/// UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) as Unix seconds.
fn time(field: Tlv<'_>) -> Result<i64, usize> {
    let text = field.value;
    let (year, rest) = match (field.tag, text.len()) {
        (UTC_TIME, 13) => {
            let yy = digits(text, 0, 2).ok_or(field.offset)?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, 2)
        }
        (GENERALIZED_TIME, 15) => (digits(text, 0, 4).ok_or(field.offset)?, 4),
        _ => return Err(field.offset),
    };
    let part = |index: usize| digits(text, rest + index * 2, 2).ok_or(field.offset);
    let (month, day, hour, minute, second) = (part(0)?, part(1)?, part(2)?, part(3)?, part(4)?);
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60
        && text.last() == Some(&b'Z');
    if !valid {
        return Err(field.offset);
    }
    Ok(Day::new(year, month, day).unix_seconds() + hour * 3600 + minute * 60 + second)
}

fn digits(text: &[u8], start: usize, count: usize) -> Option<i64> {
    let slice = text.get(start..start + count)?;
    slice.iter().try_fold(0i64, |value, &b| {
        b.is_ascii_digit().then(|| value * 10 + i64::from(b - b'0'))
    })
}

/// Unix seconds as RFC 3339 UTC text.
fn rfc3339(seconds: i64) -> String {
    let time = seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        Day::of_unix_seconds(seconds),
        time / 3600,
        time % 3600 / 60,
        time % 60
    )
}

const BOOLEAN: u8 = 0x01;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;
const UTF8_STRING: u8 = 0x0c;
const PRINTABLE_STRING: u8 = 0x13;
const TELETEX_STRING: u8 = 0x14;
const IA5_STRING: u8 = 0x16;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
const VISIBLE_STRING: u8 = 0x1a;
const BMP_STRING: u8 = 0x1e;
const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const CONTEXT_0: u8 = 0xa0;
const CONTEXT_1: u8 = 0xa1;
const CONTEXT_3: u8 = 0xa3;
const CONTEXT_1_PRIMITIVE: u8 = 0x81;
const CONTEXT_2_PRIMITIVE: u8 = 0x82;

/// One DER element: its tag, its value, and where it is.
#[derive(Clone, Copy)]
struct Tlv<'a> {
    tag: u8,
    value: &'a [u8],
    /// The whole element, tag and length included (names are compared this way).
    raw: &'a [u8],
    /// Absolute offset of the value.
    offset: usize,
}

impl<'a> Tlv<'a> {
    fn reader(self) -> Reader<'a> {
        Reader::new(self.value, self.offset)
    }
}

/// Reads DER elements one after another from a slice; errors are absolute byte offsets.
struct Reader<'a> {
    data: &'a [u8],
    base: usize,
    position: usize,
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8], base: usize) -> Reader<'a> {
        Reader {
            data,
            base,
            position: 0,
        }
    }

    fn is_empty(&self) -> bool {
        self.position >= self.data.len()
    }

    fn here(&self) -> usize {
        self.base + self.position
    }

    /// Fails unless everything was read.
    fn finish(&self) -> Result<(), usize> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.here())
        }
    }

    /// The next element, whatever its tag. Definite lengths up to 4 bytes; single-byte tags.
    fn any(&mut self) -> Result<Tlv<'a>, usize> {
        let start = self.position;
        let error = self.here();
        let tag = *self.data.get(start).ok_or(error)?;
        if tag & 0x1f == 0x1f {
            return Err(error);
        }
        let first = *self.data.get(start + 1).ok_or(error)?;
        let (length, header) = if first < 0x80 {
            (usize::from(first), 2)
        } else {
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 {
                return Err(error);
            }
            let bytes = self.data.get(start + 2..start + 2 + count).ok_or(error)?;
            let length = bytes
                .iter()
                .fold(0usize, |value, &b| (value << 8) | usize::from(b));
            (length, 2 + count)
        };
        let end = (start + header).checked_add(length).ok_or(error)?;
        let value = self.data.get(start + header..end).ok_or(error)?;
        let raw = self.data.get(start..end).ok_or(error)?;
        self.position = end;
        Ok(Tlv {
            tag,
            value,
            raw,
            offset: self.base + start + header,
        })
    }

    /// The next element, which must have `tag`.
    fn want(&mut self, tag: u8) -> Result<Tlv<'a>, usize> {
        let here = self.here();
        match self.data.get(self.position) {
            Some(&found) if found == tag => self.any(),
            _ => Err(here),
        }
    }

    /// The next element if it has `tag`.
    fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, usize> {
        match self.data.get(self.position) {
            Some(&found) if found == tag => self.any().map(Some),
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_and_uncompressed_points_compare() {
        let full = [4, 1, 2, 3, 4];
        assert!(same_point(&[2, 1, 2], &full));
        assert!(!same_point(&[3, 1, 2], &full));
        assert!(same_point(&[3, 1, 2], &[4, 1, 2, 3, 5]));
        assert!(!same_point(&[2, 9, 2], &full));
        assert!(!same_point(&[2], &[4]));
        assert!(!same_point(&[], &full));
    }

    #[test]
    fn bit_lengths_and_hex() {
        assert_eq!(bit_length(&[0x80, 0]), 16);
        assert_eq!(bit_length(&[0x01, 0]), 9);
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(hex_upper(&[0x0a, 0xff]), "0AFF");
        assert_eq!(unsigned(&[0, 0, 5]), [5]);
    }

    #[test]
    fn names_escape_as_rfc_4514_says() {
        let mut out = String::new();
        escape_rfc4514("#a, b ", &mut out);
        assert_eq!(out, "\\#a\\, b\\ ");
    }

    #[test]
    fn junk_is_an_error_not_a_panic() {
        for junk in [
            &[][..],
            &[0x30],
            &[0x30, 0x80],
            &[0x30, 0x03, 0x02, 0x01, 0x00],
        ] {
            assert!(read_certificate(junk).is_err());
            for format in [KeyFormat::Pkcs8, KeyFormat::Pkcs1, KeyFormat::Sec1] {
                assert!(read_private_key(format, junk).is_err());
            }
        }
    }

    #[test]
    fn oids_times_and_dates() {
        assert_eq!(
            oid_text(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]),
            "1.2.840.113549.1.1.11"
        );
        assert_eq!(oid_text(&[0x55, 0x04, 0x03]), "2.5.4.3");
        assert_eq!(oid_text(&[0x2b, 0x81, 0x04, 0x00, 0x22]), "1.3.132.0.34");
        assert_eq!(oid_text(&[0xff; 12]), "");
        let utc = |text: &[u8]| {
            time(Tlv {
                tag: UTC_TIME,
                value: text,
                raw: text,
                offset: 0,
            })
        };
        assert_eq!(utc(b"700101000000Z"), Ok(0));
        assert_eq!(
            utc(b"491231235959Z").map(rfc3339).as_deref(),
            Ok("2049-12-31T23:59:59Z")
        );
        assert_eq!(
            utc(b"500101000000Z").map(rfc3339).as_deref(),
            Ok("1950-01-01T00:00:00Z")
        );
        assert!(utc(b"701301000000Z").is_err());
        assert!(utc(b"7001010000001").is_err());
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        let generalized = Tlv {
            tag: GENERALIZED_TIME,
            value: b"20500101000000Z",
            raw: b"",
            offset: 0,
        };
        assert_eq!(
            time(generalized).map(rfc3339).as_deref(),
            Ok("2050-01-01T00:00:00Z")
        );
    }

    #[test]
    fn the_reader_checks_every_length() {
        let mut r = Reader::new(&[0x30, 0x82, 0xff, 0xff, 0x00], 0);
        assert_eq!(r.any().err(), Some(0));
        let mut r = Reader::new(&[0x30, 0x85, 1, 1, 1, 1, 1], 10);
        assert_eq!(r.any().err(), Some(10));
        let mut r = Reader::new(&[0x1f, 0x01, 0x00], 0);
        assert!(r.any().is_err());
        let mut r = Reader::new(&[0x04, 0x01, 0xaa, 0x05, 0x00], 0);
        assert_eq!(
            r.want(OCTET_STRING).map(|t| t.value.to_vec()),
            Ok(vec![0xaa])
        );
        assert_eq!(r.want(INTEGER).err(), Some(3));
        assert!(r.optional(INTEGER).unwrap().is_none());
        assert_eq!(r.finish(), Err(3));
    }

    #[test]
    fn mismatched_kinds_do_not_match() {
        let rsa = PublicKey::Rsa {
            modulus: vec![1],
            exponent: vec![3],
        };
        let ec = PublicKey::Ec {
            curve: "1.2.840.10045.3.1.7".to_owned(),
            point: None,
        };
        assert_eq!(key_matches(&rsa, &ec), Some(false));
        assert_eq!(key_matches(&ec, &ec), None);
        assert_eq!(key_matches(&rsa, &rsa), Some(true));
    }
}
