//! Secrets known by their shape rather than their name: PEM private-key blocks, JSON Web Tokens,
//! `Bearer` credentials, passwords in addresses (`https://user:password@host`), and tokens and
//! keys with a recognisable form (GitHub's prefixes, Entra ID client secrets, Azure's base64
//! keys, a PEM private key in base64). Each detector walks a view once.

use super::{is_claims_request, run_end, token_end};

/// GitHub's token prefixes: personal (classic), OAuth, user-to-server, server-to-server,
/// refresh, and fine-grained personal tokens
/// (docs.github.com/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats).
const GITHUB_PREFIXES: &[&[u8]] = &[b"ghp_", b"gho_", b"ghu_", b"ghs_", b"ghr_", b"github_pat_"];

/// The fewest characters after a GitHub prefix (classic tokens have 36, fine-grained 82).
const GITHUB_MIN_BODY: usize = 20;

/// The four-character signatures Azure writes into its identifiable keys (storage, Cosmos DB,
/// Service Bus, Event Hubs, Relay, Functions, Batch, Cache for Redis, Search, Container
/// Registry, SQL, IoT, API Management, Event Grid, Machine Learning), from Microsoft's
/// security-utilities (`IdentifiableMetadata.cs`, github.com/microsoft/security-utilities).
const AZURE_KEY_SIGNATURES: &[&[u8]] = &[
    b"+ASt", b"ACDb", b"+ASb", b"+AEh", b"+ARm", b"AzFu", b"+ABa", b"AzCa", b"AzSe", b"+ACR",
    b"+SQL", b"AIoT", b"APIM", b"AZEG", b"+AMC", b"/AM7",
];

/// `-----BEGIN` in base64, as a Kubernetes secret's `tls.key` or `key.pem` starts.
const BASE64_PEM_BEGIN: &[u8] = b"LS0tLS1CRUdJTi";

/// The shortest run from `eyJ` taken for a token.
const MIN_JWT: usize = 20;

/// The longest PEM header or footer line read.
const MAX_PEM_LINE: usize = 80;

/// The longest user information read in an address.
const MAX_USERINFO: usize = 256;

/// `-----BEGIN … PRIVATE KEY-----` through its `-----END …-----`, or, when the block is cut
/// off, through the last byte that can be part of it (base64, blanks, escaped line breaks, and
/// the `Proc-Type:`/`DEK-Info:` lines of an encrypted key).
pub(super) fn pem(b: &[u8], found: &mut Vec<(usize, usize)>) {
    let mut i = 0;
    while i < b.len() {
        if !starts_with_ignoring_case(&b[i..], b"-----begin") {
            i += 1;
            continue;
        }
        let start = i;
        let Some(header_end) = find_within(b, start + 10, b"-----", MAX_PEM_LINE) else {
            i += 10;
            continue;
        };
        let header = &b[start..header_end];
        if !header
            .windows(11)
            .any(|w| w.eq_ignore_ascii_case(b"private key"))
        {
            i = header_end;
            continue;
        }
        let mut k = header_end;
        let end = loop {
            if k >= b.len() {
                break k;
            }
            if starts_with_ignoring_case(&b[k..], b"-----end") {
                break find_within(b, k + 8, b"-----", MAX_PEM_LINE).unwrap_or(k + 8);
            }
            let c = b[k];
            if c.is_ascii_alphanumeric()
                || c.is_ascii_whitespace()
                || matches!(c, b'+' | b'/' | b'=' | b'\\' | b':' | b',' | b'-')
            {
                k += 1;
            } else {
                break k;
            }
        };
        found.push((start, end));
        i = end.max(start + 10);
    }
}

/// JSON Web Tokens: `eyJ` and the base64url and dots after it, at least [`MIN_JWT`] bytes, also
/// when a line break (and indentation) falls next to one of its dots. A run that decodes to a
/// claims request is not a token: it is put in `claims`, which no redaction may cover.
pub(super) fn jwt(b: &[u8], found: &mut Vec<(usize, usize)>, claims: &mut Vec<(usize, usize)>) {
    let is_jwt_byte = |c: u8| is_base64url(c) || c == b'.';
    let mut i = 0;
    while i + 3 <= b.len() {
        // No boundary is asked for before `eyJ`: a token glued to other text is still a token.
        if &b[i..i + 3] != b"eyJ" {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = run_end(b, start, is_jwt_byte);
        loop {
            let mut k = end;
            if b.get(k) == Some(&b'\r') {
                k += 1;
            }
            if b.get(k) != Some(&b'\n') {
                break;
            }
            k += 1;
            while matches!(b.get(k), Some(b' ' | b'\t')) {
                k += 1;
            }
            let after_dot = b[..end].ends_with(b".") && b.get(k).is_some_and(|&c| is_base64url(c));
            if !(after_dot || b.get(k) == Some(&b'.')) {
                break;
            }
            let next = run_end(b, k, is_jwt_byte);
            if next == k {
                break;
            }
            end = next;
        }
        let run = &b[start..end];
        if run.len() >= MIN_JWT {
            match std::str::from_utf8(run) {
                Ok(run) if is_claims_request(run) => claims.push((start, end)),
                _ => found.push((start, end)),
            }
        }
        i = end.max(start + 3);
    }
}

/// `Bearer <credentials>` anywhere (an `Authorization` header is read with the named values).
/// Not an auth-parameter (`Bearer realm="…"`, `Bearer error="invalid_token"`), nor a plain
/// lowercase word (`a bearer token`).
pub(super) fn bearer(b: &[u8], found: &mut Vec<(usize, usize)>) {
    let mut i = 0;
    while i + 6 <= b.len() {
        if !b[i..i + 6].eq_ignore_ascii_case(b"bearer") || (i > 0 && is_word(b[i - 1])) {
            i += 1;
            continue;
        }
        let mut k = i + 6;
        while matches!(b.get(k), Some(b' ' | b'\t')) {
            k += 1;
        }
        if k == i + 6 {
            i += 6;
            continue;
        }
        let end = token_end(b, k);
        let token = &b[k..end];
        // `name=value` or `name="…"`; a token's own `=` are its base64 padding, at its end.
        let name = run_end(token, 0, |c| {
            c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
        });
        let parameter = name > 0
            && token.get(name) == Some(&b'=')
            && (token[name..].iter().any(|&c| c != b'=') || matches!(b.get(end), Some(b'"')));
        let word = token.iter().all(u8::is_ascii_lowercase);
        if !token.is_empty() && !parameter && !word {
            found.push((k, end));
        }
        i = end.max(i + 6);
    }
}

/// The password in an address's user information: `scheme://user:password@host`.
pub(super) fn userinfo(b: &[u8], found: &mut Vec<(usize, usize)>) {
    let mut i = 0;
    while i + 3 <= b.len() {
        if &b[i..i + 3] != b"://" {
            i += 1;
            continue;
        }
        let start = i + 3;
        let mut k = start;
        // The user information ends at `@`, before any `/`: scans never overlap.
        while k < b.len()
            && k - start < MAX_USERINFO
            && !b[k].is_ascii_whitespace()
            && !matches!(b[k], b'/' | b'?' | b'#' | b'@' | b'"' | b'\'' | b'<' | b'>')
        {
            k += 1;
        }
        if b.get(k) == Some(&b'@') {
            if let Some(colon) = b[start..k].iter().position(|&c| c == b':') {
                if start + colon + 1 < k {
                    found.push((start + colon + 1, k));
                }
            }
        }
        i = k.max(i + 3);
    }
}

/// Tokens and keys by their form: GitHub's prefixes, Entra ID client secrets
/// (`xxx8Q~…`: three characters, a digit, `Q~`, 31 to 34 more), Azure's base64 keys (64 bytes:
/// 86 characters and `==`, or one with an identifiable signature), and base64 of a PEM private
/// key.
pub(super) fn shapes(b: &[u8], found: &mut Vec<(usize, usize)>) {
    github(b, found);
    entra_secret(b, found);
    base64_keys(b, found);
}

fn github(b: &[u8], found: &mut Vec<(usize, usize)>) {
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'g' || (i > 0 && is_word(b[i - 1])) {
            i += 1;
            continue;
        }
        let end = run_end(b, i, is_word);
        if let Some(prefix) = GITHUB_PREFIXES.iter().find(|p| b[i..end].starts_with(p)) {
            if end - i >= prefix.len() + GITHUB_MIN_BODY {
                found.push((i, end));
            }
        }
        i = end.max(i + 1);
    }
}

fn entra_secret(b: &[u8], found: &mut Vec<(usize, usize)>) {
    let is_secret_byte =
        |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'~' | b'.' | b'-');
    let mut i = 4;
    while i + 2 <= b.len() {
        if &b[i..i + 2] != b"Q~" || !b[i - 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i - 4;
        let head = &b[start..i - 1];
        let bounded = start == 0 || !is_secret_byte(b[start - 1]);
        let end = run_end(b, i + 2, is_secret_byte);
        if bounded
            && head
                .iter()
                .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'~' | b'.'))
            && end - (i + 2) >= 31
        {
            found.push((start, end));
        }
        i = end.max(i + 2);
    }
}

fn base64_keys(b: &[u8], found: &mut Vec<(usize, usize)>) {
    let is_base64 = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/');
    let mut i = 0;
    while i < b.len() {
        if !is_base64(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let body_end = run_end(b, start, is_base64);
        let end = run_end(b, body_end, |c| c == b'=');
        let body = &b[start..body_end];
        let padding = end - body_end;
        let mixed = body.iter().any(u8::is_ascii_digit)
            && body.iter().any(u8::is_ascii_uppercase)
            && body.iter().any(u8::is_ascii_lowercase);
        let key_of_64_bytes = body.len() == 86 && padding == 2;
        let identifiable = (40..=100).contains(&(end - start))
            && body.windows(4).any(|w| AZURE_KEY_SIGNATURES.contains(&w));
        if (mixed && (key_of_64_bytes || identifiable)) || is_base64_private_key(body) {
            found.push((start, end));
        }
        i = end.max(start + 1);
    }
}

/// Whether `run` is base64 of a PEM private key (`LS0tLS1CRUdJTi…` decoding to
/// `-----BEGIN … PRIVATE KEY-----`).
fn is_base64_private_key(run: &[u8]) -> bool {
    use base64ct::{Base64Unpadded, Encoding};
    if !run.starts_with(BASE64_PEM_BEGIN) {
        return false;
    }
    let head = &run[..run.len().min(64) / 4 * 4];
    let mut buffer = [0u8; 48];
    Base64Unpadded::decode(head, &mut buffer).is_ok_and(|decoded| {
        decoded
            .windows(11)
            .any(|w| w.eq_ignore_ascii_case(b"PRIVATE KEY"))
    })
}

/// The end of `needle` found within `limit` bytes after `from`.
fn find_within(b: &[u8], from: usize, needle: &[u8], limit: usize) -> Option<usize> {
    let window = b.get(from..b.len().min(from + limit + needle.len()))?;
    window
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| from + at + needle.len())
}

fn starts_with_ignoring_case(b: &[u8], lower: &[u8]) -> bool {
    b.get(..lower.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(lower))
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn is_base64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}
