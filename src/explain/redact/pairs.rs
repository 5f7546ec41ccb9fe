//! Values named as secrets: `key=value` (connection strings, query strings, environment
//! variables), `key: value` (YAML, headers), `"key": "value"` (JSON, Python reprs) and
//! `--flag value`, whose key is in the one table of secret names, and the `value` fields of
//! `az storage account keys list` and `az acr credential show`, which are secrets by their
//! neighbours. One walk over a view; each value is read the way its quoting says it ends.

use super::names::{Canonical, ValueShape, CREDENTIAL_NAMES, MAX_NAME, SCHEMES};
use super::view::View;
use super::{run_end, token_end};

/// How near (in pairs) a `value` must be to a `keyName` or a credential name.
const NEIGHBOURHOOD: usize = 3;

/// What a pair is to the `value` rule.
#[derive(Clone, Copy)]
enum Neighbour {
    Other,
    /// `keyName`, or a `name` that is a credential's: pairs with a value before or after it.
    CredentialName,
    /// A secret's name whose value is an object: pairs with a value after it.
    SecretObject,
    /// A `value` field: the secret when a credential name is near.
    Value(usize, usize),
}

/// Every secret value named in `view`, as view ranges.
pub(super) fn pairs(view: &View, found: &mut Vec<(usize, usize)>) {
    let mut scan = Scan {
        b: &view.bytes,
        depth: &view.depth,
        recent: [Neighbour::Other; NEIGHBOURHOOD],
        login: false,
        cached_end: [None; 2],
        nested_until: 0,
    };
    let b = scan.b;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            scan.login = false;
        }
        if !is_key_byte(c) || (i > 0 && is_key_byte(b[i - 1])) {
            i += 1;
            continue;
        }
        let end = run_end(b, i, is_key_byte);
        i = scan.pair(i, end, found).max(end);
    }
}

struct Scan<'a> {
    b: &'a [u8],
    depth: &'a [u8],
    recent: [Neighbour; NEIGHBOURHOOD],
    /// Whether the line so far runs a `login` (`az login`, `docker login`).
    login: bool,
    /// The last unquoted value read, outside JSON and in JSON (start, end): values start in
    /// increasing order, so one that starts inside it ends where it ends, and no byte is read
    /// twice.
    cached_end: [Option<(usize, usize)>; 2],
    /// The end of the furthest value read: keys before it are inside a value.
    nested_until: usize,
}

impl Scan<'_> {
    /// Reads the pair whose key is the run `start..end`, if it is one; returns where to go on.
    fn pair(&mut self, start: usize, end: usize, found: &mut Vec<(usize, usize)>) -> usize {
        let b = self.b;
        let run = &b[start..end];
        let dashes = run.iter().take_while(|&&c| c == b'-').count();
        let mut name = &run[dashes..];
        while let [rest @ .., b'.' | b'-'] = name {
            name = rest;
        }
        if name.eq_ignore_ascii_case(b"login") {
            self.login = true;
        }
        if name.is_empty() || name.len() > MAX_NAME || dashes > 2 {
            return end;
        }
        let before = start.checked_sub(1).map(|i| b[i]);
        let quoted_key = matches!(before, Some(b'"' | b'\''));
        // The key's closing quote (escaped inside a JSON string: `\"`), blanks, the separator.
        let mut j = end;
        let mut k = j;
        while b.get(k) == Some(&b'\\') {
            k += 1;
        }
        if matches!(b.get(k), Some(b'"' | b'\'')) {
            j = k + 1;
        }
        let blanks = j;
        while matches!(b.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        let value_at = match b.get(j) {
            Some(b'=') => j + 1,
            Some(b':') if !b[j + 1..].starts_with(b"//") => {
                if b.get(j + 1) == Some(&b'=') {
                    j + 2
                } else {
                    j + 1
                }
            }
            Some(c) if dashes > 0 && j > blanks && *c != b'-' => j,
            _ => return end,
        };
        let canonical = Canonical::new(name);
        // Pairs inside another pair's value (a timestamp's `10:42`, a connection string's
        // parts) are read for secrets but are not neighbours; a document inside a value (quoted
        // keys, or keys that start lines) has neighbours of its own.
        let nested = start < self.nested_until && !quoted_key && !starts_line(b, start);
        let secret = canonical.secret(dashes, before, self.login);
        let mut at = value_at;
        while matches!(b.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        if secret.is_some() && b.get(at) == Some(&b'{') {
            // An ARM parameter (`"adminPassword": {"value": "…"}`): its `value` is the secret.
            self.note(Neighbour::SecretObject, nested, found);
            return end;
        }
        let value = self.value(value_at, quoted_key);
        if let Some(v) = value {
            self.nested_until = self.nested_until.max(v.end);
        }
        let text = |v: &Value| &b[v.start..v.end];
        let neighbour = match (secret, value) {
            (Some(shape), value) => {
                self.note(Neighbour::Other, nested, found);
                return match value.and_then(|v| self.secret_span(v, shape)) {
                    Some((from, to, resume)) => {
                        found.push((from, to));
                        resume
                    }
                    None => end,
                };
            }
            (None, _) if canonical.is(b"keyname") => Neighbour::CredentialName,
            (None, Some(v))
                if canonical.is(b"name")
                    && CREDENTIAL_NAMES
                        .iter()
                        .any(|n| text(&v).eq_ignore_ascii_case(n.as_bytes())) =>
            {
                Neighbour::CredentialName
            }
            (None, Some(v)) if canonical.is(b"value") => Neighbour::Value(v.start, v.end),
            _ => Neighbour::Other,
        };
        self.note(neighbour, nested, found);
        end
    }

    /// Records a pair for the `value` rule: a value near a credential name (before or after
    /// it), or the first value after a secret's object, is a secret.
    fn note(&mut self, pair: Neighbour, nested: bool, found: &mut Vec<(usize, usize)>) {
        if nested {
            return;
        }
        let mut pair = pair;
        match pair {
            Neighbour::CredentialName => {
                for n in &mut self.recent {
                    if let Neighbour::Value(from, to) = *n {
                        found.push((from, to));
                        *n = Neighbour::Other;
                    }
                }
            }
            Neighbour::Value(from, to) => {
                let named = self
                    .recent
                    .iter()
                    .any(|n| matches!(n, Neighbour::CredentialName));
                let object = self
                    .recent
                    .iter_mut()
                    .rev()
                    .find(|n| matches!(n, Neighbour::SecretObject));
                if let Some(object) = object {
                    *object = Neighbour::Other;
                    found.push((from, to));
                    pair = Neighbour::Other;
                } else if named {
                    found.push((from, to));
                    pair = Neighbour::Other;
                }
            }
            Neighbour::Other | Neighbour::SecretObject => {}
        }
        self.push_recent(pair);
    }

    fn push_recent(&mut self, pair: Neighbour) {
        self.recent.rotate_left(1);
        if let Some(last) = self.recent.last_mut() {
            *last = pair;
        }
    }

    /// The range to redact for a secret's value, and where to go on; `None` when the value is
    /// not a secret (`null`, a short word after `Authorization:`).
    fn secret_span(&self, value: Value, shape: ValueShape) -> Option<(usize, usize, usize)> {
        let b = self.b;
        let text = &b[value.start..value.end];
        if !value.quoted
            && ["null", "true", "false", "none"]
                .iter()
                .any(|w| text.eq_ignore_ascii_case(w.as_bytes()))
        {
            return None;
        }
        if shape == ValueShape::Credentials && !value.quoted {
            let is_scheme = SCHEMES
                .iter()
                .any(|s| text.eq_ignore_ascii_case(s.as_bytes()));
            if is_scheme {
                let mut k = value.end;
                while matches!(b.get(k), Some(b' ' | b'\t')) {
                    k += 1;
                }
                let end = token_end(b, k);
                if end > k {
                    return Some((value.start, end, end));
                }
            }
            if text.len() < 8 {
                return None;
            }
        }
        Some((value.start, value.end, value.resume))
    }

    /// The value starting at `at` (after blanks): quoted, up to its closing quote; else up to
    /// what ends a value in `key=value` text (a blank, `;`, `&`, a quote) or, after a quoted
    /// key (JSON), also `,`, `}` and `]`. `None` for nothing, a JSON object or array, or a value
    /// whose opening quote is escaped (the JSON-decoded view reads that one).
    fn value(&mut self, at: usize, json: bool) -> Option<Value> {
        let b = self.b;
        let mut start = at;
        while matches!(b.get(start), Some(b' ' | b'\t')) {
            start += 1;
        }
        match b.get(start)? {
            b'[' | b'{' | b'\n' | b'\r' => None,
            b'\\' if matches!(b.get(start + 1), Some(b'"' | b'\'')) => None,
            &q @ (b'"' | b'\'') => {
                let end = self.quoted_end(start, q);
                let resume = if b.get(end) == Some(&q) { end + 1 } else { end };
                (end > start + 1).then_some(Value {
                    start: start + 1,
                    end,
                    resume,
                    quoted: true,
                })
            }
            _ => {
                let end = self.unquoted_end(start, json);
                (end > start).then_some(Value {
                    start,
                    end,
                    resume: end,
                    quoted: false,
                })
            }
        }
    }

    /// The closing quote of the string opened at `open` (or the line's end): a quote `q` of the
    /// opening quote's depth not escaped by a backslash of that depth. Deeper quotes (`\"`
    /// decoded) are part of the value, and so are `\\` and `,`.
    fn quoted_end(&self, open: usize, q: u8) -> usize {
        let b = self.b;
        let depth = self.depth.get(open).copied().unwrap_or(0);
        let mut escaped = false;
        let mut k = open + 1;
        while k < b.len() {
            let c = b[k];
            let d = self.depth.get(k).copied().unwrap_or(0);
            if c == b'\n' && d <= depth {
                break;
            }
            if escaped {
                escaped = false;
            } else if d == depth {
                if c == b'\\' {
                    escaped = true;
                } else if c == q {
                    break;
                }
            }
            k += 1;
        }
        k
    }

    /// The end of an unquoted value starting at `start`: a blank, `;`, `&`, a quote, a JSON
    /// escape, and in JSON also `,`, `}`, `]`.
    fn unquoted_end(&mut self, start: usize, json: bool) -> usize {
        let slot = usize::from(json);
        if let Some((from, to)) = self.cached_end[slot] {
            if (from..to).contains(&start) {
                return to;
            }
        }
        let b = self.b;
        let mut end = start;
        while end < b.len() {
            let c = b[end];
            let stop = c.is_ascii_whitespace()
                || matches!(c, b';' | b'&' | b'"' | b'\'')
                || (json && matches!(c, b',' | b'}' | b']'))
                || (c == b'\\' && is_json_escape(&b[end..]));
            if stop {
                break;
            }
            end += 1;
        }
        self.cached_end[slot] = Some((start, end));
        end
    }
}

/// Whether `b` starts with a JSON escape (`\"`, `\n`, `\u0026`, …): an unquoted value ends there,
/// and the JSON-decoded view reads on (`\u002B` is part of a key, `\u0026` ends a SAS field).
fn is_json_escape(b: &[u8]) -> bool {
    match b.get(1) {
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => true,
        Some(b'u') => b
            .get(2..6)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
        _ => false,
    }
}

/// Whether only blanks (and a YAML list's `- `) are between the line's start and `at`.
fn starts_line(b: &[u8], at: usize) -> bool {
    let blanks = |mut k: usize| {
        while k > 0 && matches!(b[k - 1], b' ' | b'\t') {
            k -= 1;
        }
        k
    };
    let mut k = blanks(at);
    if k > 0 && b[k - 1] == b'-' {
        k = blanks(k - 1);
    }
    k == 0 || b[k - 1] == b'\n'
}

#[derive(Clone, Copy)]
struct Value {
    start: usize,
    end: usize,
    /// Where the scan goes on (after the closing quote).
    resume: usize,
    quoted: bool,
}

fn is_key_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<&str> {
        let view = View::pasted(text);
        let mut found = Vec::new();
        pairs(&view, &mut found);
        found.sort_unstable();
        found.iter().map(|&(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn secret_names_are_one_table_over_every_spelling() {
        assert_eq!(
            values("AZURE_CLIENT_SECRET=a1 clientSecret: a2 \"client-secret\": \"a3\" --client-secret a4"),
            ["a1", "a2", "a3", "a4"]
        );
        assert_eq!(
            values("Ocp-Apim-Subscription-Key: k1\nGITHUB_TOKEN=k2\nstorageAccountKey=k3"),
            ["k1", "k2", "k3"]
        );
        // Not secrets: parts that only end like one, error codes, flags with no value.
        assert_eq!(
            values("InvalidAuthenticationToken: The\nmkdir -p dir\n--password1 --password2\ntoken_type: Bearer\ncode: 42"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn values_end_where_their_quoting_says() {
        assert_eq!(
            values(r#"{"password": "a\"b,c\\", "next": 1}"#),
            [r#"a\"b,c\\"#]
        );
        assert_eq!(values(r#"{"password": 1234, "x": 1}"#), ["1234"]);
        assert_eq!(values("Server=s;Pwd=a,b;Database=d"), ["a,b"]);
        // In the pasted text a JSON escape ends the value; the decoded view reads on.
        assert_eq!(values(r#"\"AccountKey=abc\u002Bd\\\"x"#), ["abc"]);
        assert_eq!(values(r"PASSWORD=ab\cd;x"), [r"ab\cd"]);
        assert_eq!(
            values("az login --service-principal -u app -p=s3 -t t"),
            ["s3"]
        );
        assert_eq!(values("?code=0.AXo&state=1"), ["0.AXo"]);
        assert_eq!(values("Authorization: The client"), Vec::<&str>::new());
        assert_eq!(values("Authorization: Bearer abc def"), ["Bearer abc"]);
    }

    #[test]
    fn credential_values_are_secrets_by_their_neighbours() {
        assert_eq!(
            values(r#"[{"keyName": "key1", "permissions": "FULL", "value": "v1"}]"#),
            ["v1"]
        );
        assert_eq!(
            values(
                r#"{"passwords": [{"name": "password", "value": "v2"}, {"value": "v3", "name": "password2"}]}"#
            ),
            ["v2", "v3"]
        );
        assert_eq!(
            values(
                r#"{"adminUser": {"value": "u"}, "adminPassword": {"value": "v4"}, "x": {"value": "y"}}"#
            ),
            ["v4"]
        );
        assert_eq!(
            values(r#"{"tags": [{"name": "env", "value": "prod"}]}"#),
            Vec::<&str>::new()
        );
    }
}
