//! What a multifactor refusal carries that its fix reuses: the claims challenge (the base64 value
//! after `--claims-challenge` or `-ClaimsChallenge`, or a `WWW-Authenticate` header's `claims=`)
//! and the tenant (`--tenant`, `-Tenant`, `-TenantId`, "against tenant …"), read from the
//! redacted text. Each marker is searched once, and a value is read for at most
//! [`MAX_VALUE`] bytes: linear in the text.

use super::redact::is_claims_request;
use crate::resource_id::is_guid;

use crate::arm::{encode_claims, MFA_CLAIMS};

/// The longest value read after a marker.
const MAX_VALUE: usize = 4096;

/// What the text says of the challenge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Challenge {
    /// The claims challenge as the CLIs take it (base64), when the text carries one.
    pub claims: Option<String>,
    /// The tenant the sign-in is for, when the text names one.
    pub tenant: Option<String>,
}

impl Challenge {
    /// The challenge to answer: the one in the text, else the MFA request the CLIs send.
    pub fn claims_or_mfa(&self) -> String {
        self.claims
            .clone()
            .unwrap_or_else(|| encode_claims(MFA_CLAIMS))
    }
}

/// Reads the challenge and the tenant out of `text`.
pub(super) fn read(text: &str) -> Challenge {
    let lower = text.to_ascii_lowercase();
    let claims = ["--claims-challenge", "-claimschallenge", "claims="]
        .iter()
        .filter_map(|marker| value_after(text, &lower, marker))
        .find(|value| is_claims_request(value));
    let tenant = [
        "--tenant",
        "-tenantid",
        "-tenant",
        "against tenant",
        "tenant id",
    ]
    .iter()
    .filter_map(|marker| value_after(text, &lower, marker))
    .find(|value| is_guid(value));
    Challenge { claims, tenant }
}

/// The value written after the first `marker` (lowercase) that is followed by one: blanks, `=`,
/// `:` and quotes skipped, then base64, base64url and GUID characters.
fn value_after(text: &str, lower: &str, marker: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut search = 0;
    while let Some(found) = lower.get(search..)?.find(marker) {
        let mut at = search + found + marker.len();
        while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'=' | b':' | b'"' | b'\'') {
            at += 1;
        }
        let start = at;
        while at < bytes.len()
            && at - start < MAX_VALUE
            && (bytes[at].is_ascii_alphanumeric()
                || matches!(bytes[at], b'+' | b'/' | b'=' | b'-' | b'_'))
        {
            at += 1;
        }
        if at > start {
            return Some(text[start..at].to_owned());
        }
        search = search + found + marker.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_hint_gives_claims_and_tenant() {
        // Azure CLI 2.76 on `az storage account create`, as Microsoft's identity support blog
        // quotes it (jpazureid/blog, articles/azure-active-directory/phase2mfa.md, 2025-08-25).
        let text = "Run the command below to authenticate interactively; additional arguments may be added as needed:\naz logout\naz login --tenant \"f9800b67-61ea-4627-80e5-e7fc741e2497\" --scope \"https://management.core.windows.net//.default\" --claims-challenge \"eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19\"";
        let challenge = read(text);
        assert_eq!(
            challenge.tenant.as_deref(),
            Some("f9800b67-61ea-4627-80e5-e7fc741e2497")
        );
        assert_eq!(challenge.claims_or_mfa(), challenge.claims.clone().unwrap());
        assert_eq!(challenge.claims_or_mfa(), encode_claims(MFA_CLAIMS));
    }

    #[test]
    fn powershell_and_header_forms_and_what_is_not_a_challenge() {
        let ps = "Connect-AzAccount -Tenant (Get-AzContext).Tenant.Id -ClaimsChallenge \"eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19\"";
        assert!(read(ps).claims.is_some());
        assert_eq!(read(ps).tenant, None, "(Get-AzContext) is no tenant id");
        let header = "www-authenticate: Bearer realm=\"\", error=\"insufficient_claims\", claims=\"eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ==\"";
        assert!(read(header).claims.unwrap().ends_with("=="));
        // The doc's placeholder is not a challenge: the fix falls back to the MFA request.
        let placeholder = read("--claims-challenge \"<claims-challenge-token>\"");
        assert_eq!(placeholder.claims, None);
        assert!(!placeholder.claims_or_mfa().is_empty());
        let long = format!("--claims-challenge {}", "A".repeat(100_000));
        assert_eq!(read(&long).claims, None);
    }
}
