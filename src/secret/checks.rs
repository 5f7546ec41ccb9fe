//! The checks on what was read: validity dates, chain order and completeness, the CNAME, and
//! whether the key belongs to the leaf; and the order to suggest for a chain out of order.

use crate::diagnostic::{excerpt, Code, Diagnostic, Severity};
use crate::x509::{self, CertificateFacts, CertificateInfo, KeyInfo};

use super::{DecodedSecret, SecretEntries, SecretOptions, EXPIRY_WARNING_DAYS};

/// Seconds in a day.
const DAY: i64 = 86_400;
/// Chains longer than this get no suggested order (the search is quadratic; real chains have
/// two to four certificates).
const ORDER_LIMIT: usize = 32;
/// At most this many of the certificate's names are listed in a message.
const NAMES_LISTED: usize = 5;

/// What the chain and key checks share.
pub(super) struct Checks<'a> {
    /// Every certificate read, in the order written.
    pub(super) chain: &'a [CertificateInfo],
    /// The position of the leaf: the certificate the key belongs to, else the first.
    pub(super) leaf: usize,
    /// The names of the entries, for messages.
    pub(super) names: SecretEntries,
}

impl Checks<'_> {
    /// Time, chain order, chain completeness and CNAME checks.
    pub(super) fn chain(
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
            // The common name once, when it is not one of the DNS names already.
            let common_name = leaf
                .facts
                .common_name
                .as_ref()
                .filter(|name| !leaf.facts.dns_names.contains(name));
            let names = leaf.facts.dns_names.iter().chain(common_name);
            if !names.clone().any(|name| host_matches(name, &cname)) {
                diagnostics.push(Diagnostic::new(
                    Code::CertCnameMismatch,
                    Severity::Error,
                    "cname",
                    format!(
                        "{} is not among the certificate's names ({}): clients will reject the connection; use one of them or issue a certificate for it",
                        excerpt(&cname),
                        name_list(names)
                    ),
                ));
            }
        }
    }

    /// Whether the key belongs to the first certificate (or to another one, which then must
    /// come first), and whether its algorithm is one Azure ML serves. `leaf` is the position
    /// of the certificate the key belongs to, if any.
    pub(super) fn key(
        &self,
        key: &KeyInfo,
        leaf: Option<usize>,
        decoded: &mut DecodedSecret,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        self.algorithm(Some(key), diagnostics);
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
                let subject = excerpt(
                    self.chain
                        .get(position)
                        .map_or("", |c| c.facts.subject.as_str()),
                )
                .to_string();
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

    /// Whether TLS clients take the server key's algorithm: the key's when there is one, else
    /// the leaf certificate's. RSA and EC (ECDSA) are what every client takes; anything else is
    /// an error.
    ///
    /// Ed25519 is an error, not a warning: browsers do not accept it in a server certificate.
    /// Firefox supports Ed25519 "not for signing certificates or for TLS handshakes" (Mozilla,
    /// https://github.com/cabforum/servercert/issues/451); neither Chrome nor Firefox supports
    /// it and the CA/Browser Forum's baseline requirements do not allow it, so no public CA
    /// issues one (rustls, https://github.com/rustls/rcgen/issues/322); Chrome's BoringSSL
    /// leaves Ed25519 verification off, Chromium verifying certificates itself
    /// (https://boringssl-review.googlesource.com/14450), and an Ed25519 key "breaks … all
    /// versions of Chrome and Safari"
    /// (https://lists.cabforum.org/pipermail/servercert-wg/2019-June/000875.html). OpenSSL
    /// 1.1.1 and later, so curl and Python's `requests` on Linux, do accept it
    /// (https://github.com/openssl/openssl/pull/3585), but macOS's curl (LibreSSL) and Python
    /// gRPC (BoringSSL) do not (https://github.com/monogon/monogon/issues/194). Azure ML's
    /// Kubernetes endpoints speak TLS 1.2 only
    /// (https://learn.microsoft.com/azure/machine-learning/how-to-secure-kubernetes-online-endpoint)
    /// and do not document which key algorithms azureml-fe serves; with browsers out and no
    /// public CA, an Ed25519 certificate cannot serve the clients an endpoint is for.
    pub(super) fn algorithm(&self, key: Option<&KeyInfo>, diagnostics: &mut Vec<Diagnostic>) {
        let (public_key, path, subject) = match key {
            Some(key) => (&key.public_key, self.names.key().to_owned(), "is"),
            None => match self.chain.get(self.leaf) {
                Some(leaf) => (
                    &leaf.public_key,
                    format!("certificates[{}]", self.leaf),
                    "has",
                ),
                None => return,
            },
        };
        let what = match public_key {
            x509::PublicKey::Rsa { .. } | x509::PublicKey::Ec { .. } => return,
            x509::PublicKey::Ed25519 { .. } => {
                "an Ed25519 key, which browsers do not accept in a server certificate (OpenSSL clients such as curl and Python's requests do; no public certificate authority issues one)".to_owned()
            }
            x509::PublicKey::Other { algorithm } => format!(
                "a key of another algorithm{}, which browsers and most TLS clients do not accept in a server certificate",
                x509::algorithm_name(algorithm)
                    .map(|name| format!(" ({name})"))
                    .unwrap_or_default()
            ),
        };
        diagnostics.push(Diagnostic::new(
            Code::KeyUnsupported,
            Severity::Error,
            path,
            format!("{subject} {what}: use RSA 2048+ or EC P-256/P-384"),
        ));
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

/// The certificate's names for a message: the first [`NAMES_LISTED`] different ones, each
/// quoted as an [`excerpt`], then how many more the certificate lists; `none` when it lists
/// none. Linear in the names: each is compared with the few listed only.
fn name_list<'a>(names: impl Iterator<Item = &'a String> + Clone) -> String {
    let mut listed: Vec<&str> = Vec::new();
    for name in names.clone() {
        if listed.len() == NAMES_LISTED {
            break;
        }
        if !listed.contains(&name.as_str()) {
            listed.push(name);
        }
    }
    let more = names
        .filter(|name| !listed.contains(&name.as_str()))
        .count();
    let mut text = listed
        .iter()
        .map(|name| excerpt(name).to_string())
        .collect::<Vec<_>>()
        .join(", ");
    match (listed.is_empty(), more) {
        (true, _) => text.push_str("none"),
        (false, 0) => {}
        (false, more) => text.push_str(&format!(" and {more} more")),
    }
    text
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_listed_short_and_few() {
        let names: Vec<String> = ["a", "b", "a", "c", "d", "e", "f", "g", "f"]
            .iter()
            .map(|n| (*n).to_owned())
            .collect();
        assert_eq!(
            name_list(names.iter()),
            "`a`, `b`, `c`, `d`, `e` and 3 more"
        );
        assert_eq!(name_list(names.iter().take(2)), "`a`, `b`");
        assert_eq!(name_list([].iter()), "none");
    }

    #[test]
    fn host_names_match_wildcards_one_label_deep() {
        assert!(host_matches("*.example.com", "a.example.com"));
        assert!(!host_matches("*.example.com", "a.b.example.com"));
        assert!(!host_matches("*.example.com", "example.com"));
        assert!(host_matches("Example.COM.", "example.com"));
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
}
