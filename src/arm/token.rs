//! A token the user pasted, checked before it is used: what was pasted (an access token, a
//! `Bearer` header, the JSON of `az account get-access-token`), where the token is in it, and its
//! claims read — the audience against the cloud's Azure Resource Manager, the expiry against the
//! clock, whom and which tenant it is for, whether it carries multi-factor authentication. The
//! token is never in the result nor in any message: the result says where it is in the pasted
//! text. Nothing here sends it anywhere; its signature is not (and cannot be) checked here.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::Serialize;
use serde_json::Value;

use super::Cloud;
use crate::dated::Now;

/// The longest paste read (a token is a few kilobytes; the JSON around it, a few more).
pub const MAX_PASTE: usize = 64 * 1024;

/// Under this many minutes left, the token is said to expire soon.
const SOON_MINUTES: i64 = 10;

/// What was pasted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pasted {
    /// Nothing.
    Empty,
    /// An access token as it is.
    Token,
    /// An `Authorization` header value, `Bearer <token>`.
    BearerHeader,
    /// The JSON `az account get-access-token` prints (`accessToken`), or a token endpoint's
    /// answer (`access_token`).
    TokenJson,
    /// Something else.
    Other,
}

/// Where the token is in the pasted text, in UTF-16 code units (JavaScript's string indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// First code unit.
    pub start: usize,
    /// One past the last.
    pub end: usize,
}

/// The check of a pasted token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenCheck {
    /// True when the token can be used: an access token for this cloud's ARM, not expired.
    pub usable: bool,
    /// What was pasted.
    pub pasted: Pasted,
    /// Where the token is in the pasted text, when one was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_at: Option<Span>,
    /// Its audience (`aud`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Its tenant (`tid`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// Whom it is for: `upn`, `unique_name`, `preferred_username`, or the app id of a service
    /// principal (`appid`, `azp`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// When it expires (`exp`, Unix seconds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// Minutes left at the time of the check (negative once expired).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes_left: Option<i64>,
    /// Whether the sign-in used multi-factor authentication (`amr` has `mfa`, or `acrs` `p1`):
    /// ARM refuses writes by users without it.
    pub mfa: bool,
    /// What stops its use, each a sentence saying what to do.
    pub problems: Vec<String>,
    /// What to know that does not stop it (the `Bearer` prefix left out, it expires soon).
    pub notes: Vec<String>,
    /// A usable token in one sentence (whom it is for, until when): empty when it is not usable.
    pub summary: String,
}

/// The command that prints a token for `cloud`'s ARM.
fn get_token_command(cloud: &Cloud) -> String {
    format!("az account get-access-token --resource {}", cloud.arm)
}

/// The audiences ARM accepts for `cloud`: its endpoint and its `management.core` name, with and
/// without the trailing slash; a custom endpoint (Azure Stack, a local emulator) accepts its own
/// and public Azure's.
fn audiences(cloud: &Cloud) -> Vec<String> {
    // Each cloud's ARM (`Cloud`'s presets) and the older `management.core` name of the same.
    let core = [
        (Cloud::public(), "https://management.core.windows.net"),
        (
            Cloud::us_government(),
            "https://management.core.usgovcloudapi.net",
        ),
        (Cloud::china(), "https://management.core.chinacloudapi.cn"),
    ];
    let mut bases = vec![cloud.arm.clone()];
    match core
        .iter()
        .find(|(c, _)| cloud.arm.eq_ignore_ascii_case(&c.arm))
    {
        Some((_, core)) => bases.push((*core).to_owned()),
        None => bases.extend([core[0].0.arm.clone(), core[0].1.to_owned()]),
    }
    bases
        .into_iter()
        .flat_map(|b| [format!("{b}/"), b])
        .collect()
}

/// A name for an audience that is not ARM's, when it is a well-known one.
fn audience_name(audience: &str) -> Option<&'static str> {
    let lower = audience.to_ascii_lowercase();
    let known = [
        ("00000003-0000-0000-c000-000000000000", "Microsoft Graph"),
        ("https://graph.microsoft.com", "Microsoft Graph"),
        ("https://vault.azure.net", "Azure Key Vault"),
        ("https://storage.azure.com", "Azure Storage"),
        (
            "https://ml.azure.com",
            "the Azure Machine Learning data plane",
        ),
        (
            "6dae42f8-4368-4678-94ff-3960e28e3630",
            "Azure Kubernetes Service (AKS Entra ID)",
        ),
    ];
    known
        .iter()
        .find(|(aud, _)| lower.trim_end_matches('/') == *aud)
        .map(|(_, name)| *name)
}

/// Reads what was pasted into a [`TokenCheck`] for `cloud` at `now`.
pub fn check_token(pasted: &str, cloud: &Cloud, now: Now) -> TokenCheck {
    let mut check = TokenCheck {
        usable: false,
        pasted: Pasted::Other,
        token_at: None,
        audience: None,
        tenant: None,
        account: None,
        expires_at: None,
        minutes_left: None,
        mfa: false,
        problems: Vec::new(),
        notes: Vec::new(),
        summary: String::new(),
    };
    let command = get_token_command(cloud);
    if pasted.len() > MAX_PASTE {
        check.problems.push(format!(
            "What was pasted is over {} KiB, more than a token: paste the accessToken value of `{command}`.",
            MAX_PASTE / 1024
        ));
        return check;
    }
    let trimmed = pasted.trim();
    if trimmed.is_empty() {
        check.pasted = Pasted::Empty;
        check
            .problems
            .push(format!("Paste the accessToken value of `{command}` first."));
        return check;
    }
    let Some((pasted_as, at)) = locate(pasted) else {
        check.problems.push(format!(
            "This is not an access token: a token is three base64url parts joined by dots (it starts with eyJ). Paste the accessToken value of `{command}`."
        ));
        return check;
    };
    check.pasted = pasted_as;
    match pasted_as {
        Pasted::BearerHeader => check
            .notes
            .push("The `Bearer ` prefix was left out: the token after it is used.".to_owned()),
        Pasted::TokenJson => check.notes.push(
            "The token of the pasted JSON (its accessToken) is used; the rest is ignored."
                .to_owned(),
        ),
        _ => {}
    }
    let token = &pasted[at.0..at.1];
    check.token_at = Some(Span {
        start: utf16_len(&pasted[..at.0]),
        end: utf16_len(&pasted[..at.1]),
    });
    let Some(claims) = claims(token) else {
        check.problems.push(format!(
            "This looks like a token but its claims cannot be read (the middle part is not base64url JSON): it may be cut short. Copy the whole accessToken value of `{command}` again."
        ));
        return check;
    };
    read_claims(&claims, cloud, now, &command, &mut check);
    check.usable = check.problems.is_empty();
    if check.usable {
        check.summary = summary(&check);
    }
    check
}

/// "An access token for Azure Resource Manager, for ann@contoso.com (tenant 72f9…), with
/// multi-factor authentication, valid until 2026-12-03 01:00 UTC (60 minutes)."
fn summary(check: &TokenCheck) -> String {
    let mut text = "An access token for Azure Resource Manager".to_owned();
    if let Some(account) = &check.account {
        text.push_str(&format!(", for {}", excerpt(account)));
    }
    if let Some(tenant) = &check.tenant {
        text.push_str(&format!(" (tenant {})", excerpt(tenant)));
    }
    text.push_str(if check.mfa {
        ", with multi-factor authentication"
    } else {
        ", without multi-factor authentication (ARM may refuse changes)"
    });
    if let (Some(exp), Some(left)) = (check.expires_at, check.minutes_left) {
        text.push_str(&format!(
            ", valid until {} UTC ({})",
            utc(exp),
            minutes(left)
        ));
    }
    text.push('.');
    text
}

/// Where the token is: the whole paste, after `Bearer `, or the `accessToken`/`access_token` of
/// a JSON object.
fn locate(pasted: &str) -> Option<(Pasted, (usize, usize))> {
    let start = pasted.len() - pasted.trim_start().len();
    let trimmed = pasted.trim();
    let end = start + trimmed.len();
    if trimmed.starts_with('{') {
        let value: Value = serde_json::from_str(trimmed).ok()?;
        let token = ["accessToken", "access_token"]
            .iter()
            .find_map(|key| value.get(key)?.as_str())?;
        // The token as it stands in the text (a JSON string of base64url and dots needs no
        // escapes, so it is there verbatim).
        let at = trimmed.find(token)?;
        return looks_like_jwt(token)
            .then_some((Pasted::TokenJson, (start + at, start + at + token.len())));
    }
    let lower = trimmed.get(..7).map(str::to_ascii_lowercase);
    if lower.as_deref() == Some("bearer ") {
        let rest = &trimmed[7..];
        let skip = rest.len() - rest.trim_start().len();
        let from = start + 7 + skip;
        return looks_like_jwt(&pasted[from..end]).then_some((Pasted::BearerHeader, (from, end)));
    }
    looks_like_jwt(trimmed).then_some((Pasted::Token, (start, end)))
}

/// Three dot-separated base64url parts, the first a JSON header (`eyJ`).
fn looks_like_jwt(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts[..2].iter().all(|p| !p.is_empty())
        && parts.iter().all(|p| {
            p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// The payload's claims.
fn claims(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = Base64UrlUnpadded::decode_vec(payload.trim_end_matches('=')).ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    value.is_object().then_some(value)
}

fn read_claims(claims: &Value, cloud: &Cloud, now: Now, command: &str, check: &mut TokenCheck) {
    let text = |key: &str| claims.get(key).and_then(Value::as_str).map(str::to_owned);
    let number = |key: &str| claims.get(key).and_then(Value::as_i64);
    check.tenant = text("tid");
    check.account = text("upn")
        .or_else(|| text("unique_name"))
        .or_else(|| text("preferred_username"))
        .or_else(|| text("appid").map(|id| format!("app {id}")))
        .or_else(|| text("azp").map(|id| format!("app {id}")));
    let listed = |key: &str, wanted: &str| {
        claims
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().any(|v| v.as_str() == Some(wanted)))
    };
    check.mfa = listed("amr", "mfa") || listed("acrs", "p1");

    // The audience: ARM's for this cloud.
    let audience = text("aud");
    check.audience.clone_from(&audience);
    // An ID token: a nonce, and no scopes or roles granted to call anything.
    let absent = |key: &str| claims.get(key).is_none_or(Value::is_null);
    let id_token = !absent("nonce") && absent("scp") && absent("roles");
    match audience.as_deref() {
        _ if id_token => check.problems.push(format!(
            "This is an ID token (it says who signed in), not an access token for Azure Resource Manager: paste the accessToken value of `{command}`."
        )),
        None => check.problems.push(format!(
            "This token names no audience (aud): paste the accessToken value of `{command}`."
        )),
        Some(aud) if !audiences(cloud).iter().any(|a| a.eq_ignore_ascii_case(aud)) => {
            let named = audience_name(aud).map_or_else(|| format!("`{}`", excerpt(aud)), str::to_owned);
            check.problems.push(format!(
                "This token is for {named}, not for Azure Resource Manager ({}): get one with `{command}`.",
                cloud.arm
            ));
        }
        Some(_) => {}
    }

    // The times.
    let now_s = now.unix_seconds();
    if let Some(not_before) = number("nbf").filter(|nbf| *nbf > now_s + 300) {
        check.problems.push(format!(
            "This token is not valid before {} UTC: check this computer's clock, or get a new token with `{command}`.",
            utc(not_before)
        ));
    }
    match number("exp") {
        None => check.problems.push(format!(
            "This token says nothing of when it expires (exp): paste the accessToken value of `{command}`."
        )),
        Some(exp) => {
            let left = (exp - now_s).div_euclid(60);
            check.expires_at = Some(exp);
            check.minutes_left = Some(left);
            if exp <= now_s {
                check.problems.push(format!(
                    "This token expired at {} UTC ({} ago): get a new one with `{command}`.",
                    utc(exp),
                    minutes((now_s - exp).div_euclid(60))
                ));
            } else if left < SOON_MINUTES {
                check.notes.push(format!(
                    "This token expires at {} UTC, in {}: calls after that will be refused.",
                    utc(exp),
                    minutes(left)
                ));
            }
        }
    }
}

/// At most 60 characters of a claim.
fn excerpt(text: &str) -> String {
    let mut cut: String = text.chars().take(60).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

/// `2026-12-03 14:05`.
fn utc(seconds: i64) -> String {
    let day = crate::dated::Day::of_unix_seconds(seconds);
    let in_day = seconds.rem_euclid(86_400);
    format!("{day} {:02}:{:02}", in_day / 3600, in_day % 3600 / 60)
}

/// `1 minute`, `42 minutes`, `3 hours`.
fn minutes(n: i64) -> String {
    match n {
        1 => "1 minute".to_owned(),
        n if n < 120 => format!("{n} minutes"),
        n => format!("{} hours", n / 60),
    }
}

/// The length of `text` in UTF-16 code units (JavaScript's string indices).
pub(super) fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}
