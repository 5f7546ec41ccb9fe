//! Redaction of secrets pasted along with an error (tokens, keys, passwords, private keys)
//! before anything else reads the text.
//!
//! The text is read as pasted and through decoded views of it ([`view`]: JSON strings
//! unescaped, percent-encoding undone, wrapped lines joined, and these combined), so a key
//! name, a separator or a secret written with `\u0026`, `%3D` or a line break is read as what
//! it says. One set of detectors reads every view: named values ([`pairs`]: one table of
//! secret names for `key=value`, `"key": "value"`, `key: value` and `--flag value`) and secrets
//! known by their shape ([`detect`]). Every range found is mapped back to the pasted text, and
//! their union is replaced by `[redacted]`, keeping the line breaks it covered, so line numbers
//! of the evidence still point at the user's own text. Each detector walks each view once, and
//! the views are a fixed few: linear in the text.

mod detect;
mod names;
mod pairs;
mod view;

use view::{Step, View, VIEWS};

/// What replaces a secret.
pub const REDACTED: &str = "[redacted]";

/// The text with every secret replaced by `[redacted]`, line breaks kept, and how many were
/// replaced: the text [`explain`](super::explain) reads, and all its output comes from.
pub fn redact(text: &str) -> (String, usize) {
    if u32::try_from(text.len()).is_err() {
        // Far beyond the input cap: not read, all of it withheld.
        return (REDACTED.to_owned(), 1);
    }
    let mut found = Found::default();
    let pasted = View::pasted(text);
    read(&pasted, VIEWS, &mut found);
    let ranges = found.ranges(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for &(start, end) in &ranges {
        let start = start.max(at);
        out.push_str(&text[at..start]);
        out.push_str(REDACTED);
        for _ in text[start..end].bytes().filter(|&b| b == b'\n') {
            out.push('\n');
        }
        at = end;
    }
    out.push_str(&text[at..]);
    (out, ranges.len())
}

/// What the detectors found, in the pasted text's offsets.
#[derive(Default)]
struct Found {
    /// Secrets.
    secrets: Vec<(usize, usize)>,
    /// Claims challenges, which are not secrets and stay even inside a secret's range.
    claims: Vec<(usize, usize)>,
}

impl Found {
    /// Reads one view: every detector, each range mapped back to the pasted text.
    fn add(&mut self, view: &View) {
        let b = &view.bytes;
        let mut secrets = Vec::new();
        let mut claims = Vec::new();
        detect::pem(b, &mut secrets);
        detect::jwt(b, &mut secrets, &mut claims);
        detect::bearer(b, &mut secrets);
        detect::userinfo(b, &mut secrets);
        detect::shapes(b, &mut secrets);
        pairs::pairs(view, &mut secrets);
        for (start, end) in secrets {
            // A backslash that escapes what follows the range stays with it.
            let end = without_escaping_backslash(b, start, end);
            if end > start {
                self.secrets.push(view.source_range(start, end));
            }
        }
        self.claims
            .extend(claims.into_iter().map(|(s, e)| view.source_range(s, e)));
    }

    /// The secrets' ranges on character boundaries of `text`, less the claims challenges,
    /// sorted, overlapping and touching ranges merged.
    fn ranges(mut self, text: &str) -> Vec<(usize, usize)> {
        let boundary_before = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let boundary_after = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i += 1;
            }
            i
        };
        self.secrets.sort_unstable();
        self.claims.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (start, end) in self.secrets {
            let (start, end) = (
                boundary_before(start.min(text.len())),
                boundary_after(end.min(text.len())),
            );
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        let mut out = Vec::with_capacity(merged.len());
        let mut claims = self.claims.iter().peekable();
        for (mut start, end) in merged {
            while let Some(&&(claim_start, claim_end)) = claims.peek() {
                if claim_end <= start {
                    claims.next();
                    continue;
                }
                if claim_start >= end {
                    break;
                }
                if claim_start > start {
                    out.push((start, claim_start));
                }
                start = start.max(claim_end);
                if claim_end >= end {
                    break;
                }
                claims.next();
            }
            if start < end {
                out.push((start, end));
            }
        }
        out
    }
}

/// Reads `view` and the views `steps` make of it (depth first: a few views are alive at once).
fn read(view: &View, steps: &[Step], found: &mut Found) {
    found.add(view);
    for step in steps {
        if let Some(decoded) = view.decode(step.decoding) {
            read(&decoded, step.then, found);
        }
    }
}

/// The end of a bearer token or a header's credentials: a blank, a quote or a closing bracket.
fn token_end(b: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < b.len()
        && !b[end].is_ascii_whitespace()
        && !matches!(b[end], b'"' | b'\'' | b',' | b'}' | b')' | b']' | b'\\')
    {
        end += 1;
    }
    end
}

/// The end of the run of bytes `within` starting at `start`.
fn run_end(b: &[u8], start: usize, within: impl Fn(u8) -> bool) -> usize {
    let mut end = start;
    while end < b.len() && within(b[end]) {
        end += 1;
    }
    end
}

/// `end`, less one when the backslashes before it are odd in number (the last escapes what
/// follows).
fn without_escaping_backslash(b: &[u8], start: usize, end: usize) -> usize {
    let backslashes = b[start..end]
        .iter()
        .rev()
        .take_while(|&&c| c == b'\\')
        .count();
    if backslashes % 2 == 1 {
        end - 1
    } else {
        end
    }
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

#[cfg(test)]
mod tests;
