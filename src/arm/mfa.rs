//! Mandatory multi-factor authentication for ARM writes: ARM refuses a create, update or delete
//! made with a user's token that was obtained without MFA. This reads the refusal, from the
//! `WWW-Authenticate` claims challenge when the browser may see it, or from the error body alone
//! when CORS hides the header, and says what to do: get a token with the claims request, or, when
//! none can be had, sign in again with MFA (the commands for each client).

use base64ct::{Base64Unpadded, Encoding};
use serde::Serialize;

use super::ArmError;
use crate::dated::{self, Now};

/// The claims request that satisfies ARM's MFA enforcement: an access token whose authentication
/// context (`acrs`) is `p1`. The Azure CLI and Azure PowerShell send exactly this one; the page
/// uses it when ARM's header is hidden and only the error body says MFA.
pub const MFA_CLAIMS: &str = r#"{"access_token":{"acrs":{"essential":true,"values":["p1"]}}}"#;

/// The scope `az login` is given for ARM: its legacy resource and `/.default` (two slashes).
pub const AZ_LOGIN_SCOPE: &str = "https://management.core.windows.net//.default";

// The enforcement's date and the first client versions that answer a claims challenge are
// dated facts: `crate::dated::{ARM_MFA_ENFORCED, AZURE_CLI_CLAIMS, AZURE_POWERSHELL_CLAIMS}`.

/// The built-in Azure Policy definitions of the self-enforcement: MFA to create or update, and to
/// delete (learn.microsoft.com/azure/governance/policy/tutorials/mfa-enforcement).
pub const MFA_POLICY_DEFINITIONS: [&str; 2] = [
    "4e6c27d5-a6ee-49cf-b2b4-d8fe90fa2b8b",
    "db4a9d17-db75-4f46-9fcb-9f9526604417",
];

/// The longest `WWW-Authenticate` header read; a longer one is not a challenge we act on.
const MAX_HEADER_BYTES: usize = 8 * 1024;
/// The longest `claims` parameter (base64) read.
const MAX_CLAIMS_BASE64: usize = 4 * 1024;

/// One challenge of a `WWW-Authenticate` header: the scheme and its parameters (names lowercase).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// `Bearer`, `PoP`, …, as sent.
    pub scheme: String,
    /// `name=value` pairs, quoted strings unquoted, names lowercase.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    /// A parameter's value; names match case-insensitively.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a `WWW-Authenticate` header (RFC 9110 §11.6.1): challenges separated by commas, each a
/// scheme then `name=token` or `name="quoted string"` parameters. Forgiving (an unterminated
/// quote ends at the end), never panicking; a header over 8 KiB gives no challenge at all.
pub fn parse_challenges(header: &str) -> Vec<Challenge> {
    let mut challenges: Vec<Challenge> = Vec::new();
    let bytes = header.as_bytes();
    if bytes.len() > MAX_HEADER_BYTES {
        return challenges;
    }
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b',') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && is_tchar(bytes[i]) {
            i += 1;
        }
        if i == start {
            // Not a token (a stray quote, `=` or non-ASCII byte): skip it.
            i += 1;
            continue;
        }
        let name = &header[start..i];
        let mut j = i;
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'=' {
            // A parameter of the current challenge.
            j += 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
                j += 1;
            }
            let (value, next) = read_value(bytes, j);
            i = next;
            if let Some(current) = challenges.last_mut() {
                current.params.push((name.to_ascii_lowercase(), value));
            }
        } else {
            challenges.push(Challenge {
                scheme: name.to_owned(),
                params: Vec::new(),
            });
        }
    }
    challenges
}

/// The claims request of a `Bearer … error="insufficient_claims", claims="…"` challenge, as
/// JSON text: `claims` in base64 or base64url, padded or not, decoding to a JSON object.
pub fn claims_challenge(header: &str) -> Option<String> {
    parse_challenges(header)
        .iter()
        .filter(|c| c.scheme.eq_ignore_ascii_case("Bearer"))
        .filter(|c| {
            c.param("error")
                .is_some_and(|e| e.eq_ignore_ascii_case("insufficient_claims"))
        })
        .find_map(|c| c.param("claims").and_then(decode_claims))
}

/// A `claims` value (base64 or base64url, padded or not, at most 4 KiB) → its JSON text, when it
/// is a JSON object.
pub fn decode_claims(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() || value.len() > MAX_CLAIMS_BASE64 {
        return None;
    }
    let unpadded = value.trim_end_matches('=');
    if value.len() - unpadded.len() > 2 {
        return None;
    }
    let standard: String = unpadded
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let bytes = Base64Unpadded::decode_vec(&standard).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.is_object().then(|| text.trim().to_owned())
}

/// Base64 without padding, as `az login --claims-challenge` and `Connect-AzAccount
/// -ClaimsChallenge` take a claims request (the Azure CLI's own hint prints it so).
pub fn encode_claims(claims: &str) -> String {
    Base64Unpadded::encode_string(claims.as_bytes())
}

/// Whether an ARM error body refuses the request for want of MFA: the code of Microsoft's own
/// enforcement (`RequestDisallowedByAzure`) or of the self-enforcement policy
/// (`RequestDisallowedByPolicy`), and MFA in its words or in the policy it names. The code alone
/// is not enough: `RequestDisallowedByAzure` also refuses regions and offers.
pub fn body_says_mfa(error: &ArmError) -> bool {
    let code = error.code.as_str();
    if !code.eq_ignore_ascii_case("RequestDisallowedByAzure")
        && !code.eq_ignore_ascii_case("RequestDisallowedByPolicy")
    {
        return false;
    }
    let policy_names_mfa = error.additional_info.iter().any(|info| {
        info.kind.eq_ignore_ascii_case("PolicyViolation") && {
            let text = info.info.to_string().to_ascii_lowercase();
            MFA_POLICY_DEFINITIONS.iter().any(|id| text.contains(id))
                || mentions_mfa(&text, error.target.as_deref())
        }
    });
    policy_names_mfa
        || mentions_mfa(&error.message, error.target.as_deref())
        || error
            .details
            .iter()
            .any(|d| mentions_mfa(&d.message, error.target.as_deref()))
}

/// ARM's refusal for want of MFA, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MfaRequired {
    /// Where the refusal was read.
    pub source: MfaSource,
    /// The claims request to ask the sign-in for (JSON text, as MSAL's `claims` takes it).
    pub claims: String,
    /// The same in base64, as `az login --claims-challenge` and `Connect-AzAccount
    /// -ClaimsChallenge` take it.
    pub claims_challenge: String,
    /// The tenant the commands name, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// When Azure began to enforce MFA for ARM writes (`YYYY-MM-DD`).
    pub enforced_since: String,
    /// The enforcement as a sentence worded as of the run ([`MfaRequired::worded`]; empty until
    /// then).
    pub enforcement: String,
    /// Signing in again with the Azure CLI.
    pub azure_cli: ClientAdvice,
    /// Signing in again with Azure PowerShell.
    pub azure_powershell: ClientAdvice,
}

/// Where an MFA refusal was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MfaSource {
    /// ARM's `WWW-Authenticate` claims challenge.
    Challenge,
    /// The error body alone (the header hidden by CORS, or not sent): the standard `p1` request.
    Body,
}

/// How to sign in again with MFA with one client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientAdvice {
    /// The client, as its makers name it.
    pub client: &'static str,
    /// The first version that takes a claims challenge.
    pub minimum_version: String,
    /// The commands, one a line, in order.
    pub commands: Vec<String>,
}

impl MfaRequired {
    /// The refusal and its advice; `tenant` (an id or a domain) goes into the commands when it
    /// is one.
    pub fn new(source: MfaSource, claims: String, tenant: Option<&str>) -> MfaRequired {
        let claims_challenge = encode_claims(&claims);
        let tenant = tenant
            .map(str::trim)
            .filter(|t| is_tenant(t))
            .map(str::to_owned);
        let mut login = vec!["az login".to_owned()];
        let mut connect = vec!["Connect-AzAccount".to_owned()];
        if let Some(tenant) = &tenant {
            login.push(format!("--tenant \"{tenant}\""));
            connect.push(format!("-Tenant \"{tenant}\""));
        }
        login.push(format!("--scope \"{AZ_LOGIN_SCOPE}\""));
        login.push(format!("--claims-challenge \"{claims_challenge}\""));
        connect.push(format!("-ClaimsChallenge \"{claims_challenge}\""));
        MfaRequired {
            source,
            azure_cli: ClientAdvice {
                client: dated::AZURE_CLI_CLAIMS.tool,
                minimum_version: dated::AZURE_CLI_CLAIMS.version.to_owned(),
                commands: vec!["az logout".to_owned(), login.join(" ")],
            },
            azure_powershell: ClientAdvice {
                client: dated::AZURE_POWERSHELL_CLAIMS.tool,
                minimum_version: dated::AZURE_POWERSHELL_CLAIMS.version.to_owned(),
                commands: vec![connect.join(" ")],
            },
            claims,
            claims_challenge,
            tenant,
            enforced_since: dated::ARM_MFA_ENFORCED.date.to_string(),
            enforcement: String::new(),
        }
    }

    /// The same with [`MfaRequired::enforcement`] worded as of `now`.
    pub fn worded(mut self, now: Now) -> MfaRequired {
        self.enforcement = dated::ARM_MFA_ENFORCED.sentence(now);
        self
    }

    /// The same advice for `tenant`.
    pub fn for_tenant(&self, tenant: Option<&str>) -> MfaRequired {
        MfaRequired {
            enforcement: self.enforcement.clone(),
            ..MfaRequired::new(self.source, self.claims.clone(), tenant)
        }
    }
}

/// Reads the refusal in a 401 or 403: the claims challenge when the header is visible (a 401
/// only), else the body's MFA signal with the standard request.
pub(crate) fn refusal(status: u16, header: Option<&str>, error: &ArmError) -> Option<MfaRequired> {
    if status == 401 {
        if let Some(claims) = header.and_then(claims_challenge) {
            return Some(MfaRequired::new(MfaSource::Challenge, claims, None));
        }
    }
    (matches!(status, 401 | 403) && body_says_mfa(error))
        .then(|| MfaRequired::new(MfaSource::Body, MFA_CLAIMS.to_owned(), None))
}

/// RFC 9110 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A parameter value from `start`: a quoted string (backslash escapes) or a token (up to a
/// comma or blank); the value and where reading stopped.
fn read_value(bytes: &[u8], start: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = start;
    if bytes.get(i) == Some(&b'"') {
        i += 1;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    i += 1;
                    break;
                }
                b'\\' if i + 1 < bytes.len() => {
                    out.push(bytes[i + 1]);
                    i += 2;
                }
                b => {
                    out.push(b);
                    i += 1;
                }
            }
        }
    } else {
        while i < bytes.len() && !matches!(bytes[i], b',' | b' ' | b'\t') {
            out.push(bytes[i]);
            i += 1;
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), i)
}

/// MFA in an error's words: "MFA" as a word, "multi-factor" / "multifactor authentication", or
/// the MFA pages ARM and the policy tutorial link. The resource's own name (quoted, as ARM
/// writes it) is left out first, so a resource called `mfa` does not count.
fn mentions_mfa(text: &str, target: Option<&str>) -> bool {
    let mut text = text.to_ascii_lowercase();
    if let Some(target) = target
        .map(str::to_ascii_lowercase)
        .filter(|t| !t.is_empty())
    {
        text = text.replace(&format!("'{target}'"), "''");
    }
    if let Some(rest) = text.strip_prefix("resource '") {
        // "Resource 'name' was disallowed by …": the name is not the reason.
        text = rest
            .split_once('\'')
            .map_or("", |(_, after)| after)
            .to_owned();
    }
    [
        "multi-factor authentication",
        "multifactor authentication",
        "aka.ms/mfaforazure",
        "aka.ms/setupmfa",
    ]
    .iter()
    .any(|phrase| text.contains(phrase))
        || text.match_indices("mfa").any(|(at, _)| {
            let bytes = text.as_bytes();
            let before = at.checked_sub(1).and_then(|b| bytes.get(b));
            let after = bytes.get(at + 3);
            !before.is_some_and(u8::is_ascii_alphanumeric)
                && !after.is_some_and(u8::is_ascii_alphanumeric)
        })
}

/// A tenant id (a GUID) or a domain: letters, digits, `-` and `.`, not one of the names that
/// stand for "any tenant".
fn is_tenant(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 253
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !["organizations", "common", "consumers"]
            .iter()
            .any(|any| text.eq_ignore_ascii_case(any))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value both CLIs print (jpazureid/blog phase2mfa.md; Azure/azure-cli PR #31699).
    const CLI_CHALLENGE: &str =
        "eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19";

    #[test]
    fn the_standard_request_encodes_as_the_clis_print_it() {
        assert_eq!(encode_claims(MFA_CLAIMS), CLI_CHALLENGE);
        assert_eq!(decode_claims(CLI_CHALLENGE).as_deref(), Some(MFA_CLAIMS));
    }

    #[test]
    fn challenges_are_read_with_quotes_escapes_and_several_schemes() {
        let header = r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19", PoP nonce="a\"b", x=plain"#;
        let challenges = parse_challenges(header);
        assert_eq!(challenges.len(), 2);
        assert_eq!(challenges[0].scheme, "Bearer");
        assert_eq!(challenges[0].param("realm"), Some(""));
        assert_eq!(challenges[0].param("ERROR"), Some("insufficient_claims"));
        assert_eq!(challenges[1].scheme, "PoP");
        assert_eq!(challenges[1].param("nonce"), Some("a\"b"));
        assert_eq!(challenges[1].param("x"), Some("plain"));
        assert_eq!(claims_challenge(header).as_deref(), Some(MFA_CLAIMS));
    }

    #[test]
    fn claims_come_in_base64_or_base64url_padded_or_not() {
        // The Learn example (padded, standard alphabet), a CAE `nbf` request, and base64url.
        let learn =
            "eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ==";
        assert_eq!(
            decode_claims(learn).as_deref(),
            Some(r#"{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}"#)
        );
        let json = r#"{"access_token":{"acrs":{"essential":true,"values":["p1"]},"x":"??>>"}}"#;
        let url = base64ct::Base64Url::encode_string(json.as_bytes());
        assert!(url.contains('-') || url.contains('_'), "{url}");
        assert_eq!(decode_claims(&url).as_deref(), Some(json));
        assert_eq!(
            decode_claims(url.trim_end_matches('=')).as_deref(),
            Some(json)
        );
        let header = format!(r#"Bearer error="insufficient_claims", claims="{url}""#);
        assert_eq!(claims_challenge(&header).as_deref(), Some(json));
    }

    #[test]
    fn other_challenges_are_not_claims_challenges() {
        for header in [
            r#"Bearer authorization_uri="https://login.microsoftonline.com/t", error="invalid_token", error_description="The access token has expired.""#,
            r#"Bearer error="insufficient_claims""#,
            r#"Bearer error="insufficient_claims", claims="""#,
            r#"Basic error="insufficient_claims", claims="eyJhIjoxfQ""#,
            // Not base64, not JSON, not an object, three padding characters.
            r#"Bearer error="insufficient_claims", claims="%%%%""#,
            r#"Bearer error="insufficient_claims", claims="bm90IGpzb24""#,
            r#"Bearer error="insufficient_claims", claims="WzFd""#,
            r#"Bearer error="insufficient_claims", claims="eyJhIjoxfQ===""#,
            "",
            "Bearer",
            "=,=,\"",
        ] {
            assert_eq!(claims_challenge(header), None, "{header}");
        }
    }

    #[test]
    fn malformed_and_huge_headers_never_panic_and_give_nothing_usable() {
        let huge = format!(
            r#"Bearer error="insufficient_claims", claims="{}""#,
            "A".repeat(MAX_HEADER_BYTES)
        );
        assert_eq!(parse_challenges(&huge), []);
        assert_eq!(claims_challenge(&huge), None);
        let long_claims = format!(
            r#"Bearer error="insufficient_claims", claims="{}""#,
            encode_claims(&format!(r#"{{"a":"{}"}}"#, "x".repeat(4000)))
        );
        assert!(long_claims.len() < MAX_HEADER_BYTES);
        assert_eq!(claims_challenge(&long_claims), None);
        for header in [
            "Bearer error=\"insufficient_claims\", claims=\"eyJhIjoxfQ",
            "Bearer error=\"insufficient_claims\\",
            "Bearer ,,,, =\"\" error",
            "Bearer error=insufficient_claims, claims=eyJhIjoxfQ",
            "\u{1F600} Bearer é=\"ü\", claims=\"\u{FFFD}\"",
            "Bearer error=\"insufficient_claims\", claims=\"eyJhIjoxfQ\\\"",
        ] {
            let _ = parse_challenges(header);
            let _ = claims_challenge(header);
        }
        // Unquoted values and an unterminated quote still read.
        assert_eq!(
            claims_challenge("Bearer error=insufficient_claims, claims=eyJhIjoxfQ").as_deref(),
            Some(r#"{"a":1}"#)
        );
        assert_eq!(
            claims_challenge("Bearer error=\"insufficient_claims\", claims=\"eyJhIjoxfQ")
                .as_deref(),
            Some(r#"{"a":1}"#)
        );
        let mut bytes = Vec::new();
        let alphabet = b"Bearer =\",\\ a\tclaims=error=insufficient_claimseyJ\xff";
        for seed in 1u32..2000 {
            bytes.clear();
            let mut x = seed.wrapping_mul(2_654_435_761);
            for _ in 0..(seed % 64) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                bytes.push(alphabet[x as usize % alphabet.len()]);
            }
            let text = String::from_utf8_lossy(&bytes);
            let _ = claims_challenge(&text);
        }
    }

    #[test]
    fn mfa_words_count_but_a_resource_named_mfa_does_not() {
        assert!(mentions_mfa(
            "Resource was disallowed by policy. Reasons: MFA is required.",
            None
        ));
        assert!(mentions_mfa(
            "Users must authenticate with multi-factor authentication to create or update resources",
            None
        ));
        assert!(mentions_mfa("… go to https://aka.ms/MFAforAzure.", None));
        assert!(!mentions_mfa(
            "Resource 'mfa' was disallowed by Azure: This policy maintains a set of best available regions.",
            Some("mfa")
        ));
        assert!(!mentions_mfa(
            "Resource 'k8s-mfa' was disallowed by Azure: region not allowed.",
            None
        ));
        assert!(!mentions_mfa("the mfapp resource", None));
    }

    #[test]
    fn the_advice_names_the_tenant_only_when_it_is_one() {
        let advice = MfaRequired::new(
            MfaSource::Body,
            MFA_CLAIMS.to_owned(),
            Some("contoso.onmicrosoft.com"),
        );
        assert_eq!(advice.claims_challenge, CLI_CHALLENGE);
        assert_eq!(advice.azure_cli.commands, [
            "az logout".to_owned(),
            format!("az login --tenant \"contoso.onmicrosoft.com\" --scope \"https://management.core.windows.net//.default\" --claims-challenge \"{CLI_CHALLENGE}\"")
        ]);
        assert_eq!(
            advice.azure_powershell.commands,
            [format!(
                "Connect-AzAccount -Tenant \"contoso.onmicrosoft.com\" -ClaimsChallenge \"{CLI_CHALLENGE}\""
            )]
        );
        assert_eq!(advice.azure_cli.minimum_version, "2.76.0");
        assert_eq!(
            advice.azure_powershell.minimum_version,
            "14.3.0 (Az.Accounts 5.2.0)"
        );
        // The enforcement takes its tense from the clock, on both sides of its date.
        let at = |day| {
            advice
                .clone()
                .worded(Now::start_of(crate::dated::Day::parse(day).unwrap()))
                .enforcement
        };
        assert!(at("2025-09-30").ends_with("is enforced from 2025-10-01"));
        assert!(at("2025-10-01").ends_with("has been enforced since 2025-10-01"));
        for not_a_tenant in ["organizations", "", "a\"; rm -rf /", "$(x)"] {
            let advice = advice.for_tenant(Some(not_a_tenant));
            assert_eq!(advice.tenant, None);
            assert!(!advice.azure_cli.commands[1].contains("--tenant"));
            assert_eq!(
                advice.azure_powershell.commands,
                [format!(
                    "Connect-AzAccount -ClaimsChallenge \"{CLI_CHALLENGE}\""
                )]
            );
        }
    }
}
