//! Redaction of secrets pasted along with an error (tokens, bearer headers, SAS signatures,
//! private keys, account keys, client secrets) before anything else reads the text.
//!
//! Every replacement keeps the line breaks it covered, so line numbers of the evidence still
//! point at the user's own text. The scan is linear: each rule walks the text once.

/// What replaces a secret.
pub const REDACTED: &str = "[redacted]";

/// `key=value` and `"key": "value"` names whose value is a secret (compared in lowercase).
const SECRET_KEYS: &[&str] = &[
    "accountkey",
    "sharedaccesskey",
    "sharedaccesssignature",
    "primarykey",
    "secondarykey",
    "primary_key",
    "secondary_key",
    "password",
    "passwd",
    "client_secret",
    "clientsecret",
    "client-secret",
    "access_token",
    "accesstoken",
    "refresh_token",
    "refreshtoken",
    "id_token",
    "apikey",
    "api_key",
    "api-key",
    "x-api-key",
    "sig",
];

/// The text with every secret replaced by `[redacted]`, and how many were replaced.
pub fn redact(text: &str) -> (String, usize) {
    let mut count = 0;
    let text = redact_pem(text, &mut count);
    let text = redact_authorization(&text, &mut count);
    let text = redact_jwt(&text, &mut count);
    let text = redact_key_values(&text, &mut count);
    (text, count)
}

/// `-----BEGIN … PRIVATE KEY-----` through its `-----END … PRIVATE KEY-----` (or the end of the
/// text when the block is cut off).
fn redact_pem(text: &str, count: &mut usize) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(found) = lower[at..].find("-----begin") {
        let start = at + found;
        let header_end = match lower[start + 10..].find("-----") {
            Some(i) => start + 10 + i + 5,
            None => break,
        };
        if !lower[start..header_end].contains("private key") {
            out.push_str(&text[at..header_end]);
            at = header_end;
            continue;
        }
        let end = match lower[header_end..].find("-----end") {
            Some(i) => {
                let end_start = header_end + i;
                match lower[end_start + 8..].find("-----") {
                    Some(j) => end_start + 8 + j + 5,
                    None => text.len(),
                }
            }
            None => text.len(),
        };
        out.push_str(&text[at..start]);
        replace(&mut out, &text[start..end], count);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// `Bearer <token>` anywhere, and the value of an `Authorization` header or field.
fn redact_authorization(text: &str, count: &mut usize) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut search = 0;
    loop {
        let bearer = lower[search..].find("bearer").map(|i| (search + i, 6));
        let auth = lower[search..]
            .find("authorization")
            .map(|i| (search + i, 13));
        let Some((start, len)) = [bearer, auth].into_iter().flatten().min() else {
            break;
        };
        let after = start + len;
        if start > 0 && is_word(lower.as_bytes()[start - 1]) {
            search = after;
            continue;
        }
        let bytes = text.as_bytes();
        let value_start = if len == 6 {
            // `Bearer` must be followed by blanks and then the token.
            let mut i = after;
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                i += 1;
            }
            if i == after {
                search = after;
                continue;
            }
            i
        } else {
            // `Authorization: x`, `"Authorization": "x"`, `'Authorization': 'x'`, `authorization=x`.
            let mut i = after;
            while i < bytes.len() && matches!(bytes[i], b'"' | b'\'' | b'\\') {
                i += 1;
            }
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                i += 1;
            }
            if i >= bytes.len() || !matches!(bytes[i], b':' | b'=') {
                search = after;
                continue;
            }
            i += 1;
            while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'"' | b'\'' | b'\\') {
                i += 1;
            }
            i
        };
        // One token; after `Authorization`, a scheme word (`Bearer`, `Basic`, …) and its token.
        let mut end = token_end(bytes, value_start);
        let scheme = &bytes[value_start..end];
        if len != 6
            && !scheme.is_empty()
            && scheme.len() <= 24
            && scheme.iter().all(u8::is_ascii_alphabetic)
            && matches!(bytes.get(end), Some(b' ' | b'\t'))
        {
            let mut next = end;
            while next < bytes.len() && matches!(bytes[next], b' ' | b'\t') {
                next += 1;
            }
            let after_token = token_end(bytes, next);
            if after_token > next {
                end = after_token;
            }
        }
        if end > value_start {
            out.push_str(&text[at..value_start]);
            replace(&mut out, &text[value_start..end], count);
            at = end;
        }
        search = end.max(after);
    }
    out.push_str(&text[at..]);
    out
}

/// JSON Web Tokens: `eyJ…` and the base64url and dots after it, at least 20 characters.
fn redact_jwt(text: &str, count: &mut usize) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find("eyJ") {
        // No boundary is asked for before `eyJ`: a token glued to other text is still a token.
        let start = search + found;
        let mut end = start;
        while end < bytes.len() && (is_base64url(bytes[end]) || bytes[end] == b'.') {
            end += 1;
        }
        if end - start >= 20 && !is_claims_request(&text[start..end]) {
            out.push_str(&text[at..start]);
            replace(&mut out, &text[start..end], count);
            at = end;
        }
        search = end.max(start + 3);
    }
    out.push_str(&text[at..]);
    out
}

/// A claims challenge (`--claims-challenge "eyJhY2Nlc3NfdG9rZW4iOnsi…"`): base64 of a claims
/// *request* such as `{"access_token":{"acrs":{"essential":true,"values":["p1"]}}}`, which names
/// what a new token must hold and carries no secret. It starts like a token, so it is told apart
/// by what it decodes to: one JSON object whose keys are token kinds, each a map of claims to
/// `essential`/`value`/`values` requests. A token's parts (`{"alg":…}`, `{"aud":…}`) never are.
pub(super) fn is_claims_request(run: &str) -> bool {
    use base64ct::{Base64, Base64Unpadded, Base64Url, Base64UrlUnpadded, Encoding};
    const MAX: usize = 4096;
    if run.len() > MAX || run.contains('.') {
        return false;
    }
    let decoded = Base64::decode_vec(run)
        .or_else(|_| Base64Unpadded::decode_vec(run))
        .or_else(|_| Base64Url::decode_vec(run))
        .or_else(|_| Base64UrlUnpadded::decode_vec(run));
    let Ok(decoded) = decoded else {
        return false;
    };
    let Ok(serde_json::Value::Object(kinds)) = serde_json::from_slice(&decoded) else {
        return false;
    };
    !kinds.is_empty()
        && kinds.iter().all(|(kind, claims)| {
            matches!(kind.as_str(), "access_token" | "id_token" | "userinfo")
                && claims.as_object().is_some_and(|claims| {
                    claims.values().all(|request| {
                        request.is_null()
                            || request.as_object().is_some_and(|r| {
                                r.keys()
                                    .all(|k| matches!(k.as_str(), "essential" | "value" | "values"))
                            })
                    })
                })
        })
}

/// `AccountKey=…`, `sig=…`, `"client_secret": "…"`, `--password …` and the like.
fn redact_key_values(text: &str, count: &mut usize) -> String {
    let lower = text.to_ascii_lowercase();
    let lower = lower.as_bytes();
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut i = 0;
    while i < bytes.len() {
        // `_` may come before a key: `AZURE_CLIENT_SECRET=…`, `storage_password: …`.
        if !lower[i].is_ascii_alphabetic() || (i > 0 && lower[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let Some(key) = SECRET_KEYS
            .iter()
            .find(|k| lower[i..].starts_with(k.as_bytes()))
        else {
            i += 1;
            continue;
        };
        let after = i + key.len();
        if after < bytes.len() && is_word(lower[after]) {
            i += 1;
            continue;
        }
        let flag = i >= 2 && &bytes[i - 2..i] == b"--";
        let mut j = after;
        while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b'\\') {
            j += 1;
        }
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
            j += 1;
        }
        let separated = j < bytes.len() && matches!(bytes[j], b'=' | b':');
        if separated {
            j += 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
                j += 1;
            }
        } else if !(flag && j > after) {
            i = after;
            continue;
        }
        let quote = match bytes.get(j) {
            Some(b'"') => Some(b'"'),
            Some(b'\'') => Some(b'\''),
            // An escaped quote inside a JSON string: `\"secret\"`.
            Some(b'\\') if matches!(bytes.get(j + 1), Some(b'"')) => {
                j += 1;
                Some(b'"')
            }
            _ => None,
        };
        let value_start = if quote.is_some() { j + 1 } else { j };
        let mut end = value_start;
        while end < bytes.len() {
            let b = bytes[end];
            let stop = match quote {
                Some(q) => b == q || b == b'\\' || b == b'\n',
                None => {
                    b.is_ascii_whitespace()
                        || matches!(b, b';' | b'&' | b'"' | b'\'' | b',' | b'}' | b'<' | b'\\')
                }
            };
            if stop {
                break;
            }
            end += 1;
        }
        let value = &text[value_start..end];
        if !value.is_empty() && value != REDACTED {
            out.push_str(&text[at..value_start]);
            replace(&mut out, value, count);
            at = end;
        }
        i = end.max(after);
    }
    out.push_str(&text[at..]);
    out
}

/// The end of the token starting at `start`: up to a blank, a quote or a closing bracket.
fn token_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < bytes.len()
        && !bytes[end].is_ascii_whitespace()
        && !matches!(bytes[end], b'"' | b'\'' | b',' | b'}' | b')' | b']' | b'\\')
    {
        end += 1;
    }
    end
}

/// Writes `[redacted]` for `secret`, keeping its line breaks.
fn replace(out: &mut String, secret: &str, count: &mut usize) {
    *count += 1;
    out.push_str(REDACTED);
    for _ in secret.bytes().filter(|&b| b == b'\n') {
        out.push('\n');
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str, n: usize) {
        let (out, count) = redact(input);
        assert_eq!(out, expected);
        assert_eq!(count, n, "{out}");
    }

    /// A claims challenge is a request for claims, not a token: Azure CLI prints it for users to
    /// run (Azure CLI troubleshooting, "Troubleshooting multifactor authentication"), and the fix
    /// reuses it; a token's parts that start the same way are still redacted.
    #[test]
    fn claims_challenges_stay_and_token_parts_go() {
        let challenge =
            "eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19";
        let line = format!("az login --claims-challenge \"{challenge}\"");
        check(&line, &line, 0);
        assert!(is_claims_request(challenge));
        // The CAE example of learn.microsoft.com/entra/identity-platform/claims-challenge, padded.
        assert!(is_claims_request(
            "eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ=="
        ));
        // A JWT header alone (a token split across lines) and a payload are not requests.
        check("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9", "[redacted]", 1);
        check(
            "eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIn0",
            "[redacted]",
            1,
        );
        assert!(!is_claims_request(&format!("{challenge}.{challenge}")));
    }

    #[test]
    fn tokens_and_headers() {
        check(
            "Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJ4In0.c2ln\nnext",
            "Authorization: [redacted]\nnext",
            1,
        );
        check(
            "token eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJ4In0.c2ln end",
            "token [redacted] end",
            1,
        );
        check(
            "'Authorization': 'Basic dXNlcjpwYXNz'",
            "'Authorization': '[redacted]'",
            1,
        );
        check("use bearer abc.def", "use bearer [redacted]", 1);
        check("AuthorizationFailed: nope", "AuthorizationFailed: nope", 0);
    }

    #[test]
    fn keys_signatures_and_pem() {
        check(
            "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc+/==;EndpointSuffix=core",
            "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=[redacted];EndpointSuffix=core",
            1,
        );
        check(
            "https://a.blob.core.windows.net/c?sv=2021&sig=AbC%2Bd%3D&se=1",
            "https://a.blob.core.windows.net/c?sv=2021&sig=[redacted]&se=1",
            1,
        );
        check(
            r#"{"client_secret": "s3cr3t~x", "clientId": "id"}"#,
            r#"{"client_secret": "[redacted]", "clientId": "id"}"#,
            1,
        );
        check(
            "export AZURE_CLIENT_SECRET=abc~def\nnext",
            "export AZURE_CLIENT_SECRET=[redacted]\nnext",
            1,
        );
        check(
            "az login -u x --password hunter2 --tenant t",
            "az login -u x --password [redacted] --tenant t",
            1,
        );
        check(
            "a\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\nAAA\n-----END RSA PRIVATE KEY-----\nb",
            "a\n[redacted]\n\n\n\nb",
            1,
        );
        check(
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
            0,
        );
        check("-----BEGIN PRIVATE KEY-----\nMIIE cut", "[redacted]\n", 1);
    }

    #[test]
    fn error_words_are_not_secrets() {
        let text = r#"{"code":"InvalidAuthenticationToken","message":"The received access token is not valid: at least one of the claims 'puid' or 'altsecid' or 'oid' should be present."}"#;
        check(text, text, 0);
    }
}
