//! The text as the readers see it: JSON escapes resolved, an ASCII-lowercased twin of the
//! same bytes, and the bounded ways to find anchors and read the quoted value or word after one.

use super::{MAX_ANCHORS, MAX_QUOTED, MAX_VALUES};

/// The text twice: as written (JSON escapes resolved) and ASCII-lowercased, byte for byte.
pub(super) struct Text<'a> {
    pub plain: &'a str,
    pub lower: &'a str,
}

impl Text<'_> {
    /// The lowercase text from `from` to `to`, both moved to character boundaries (start back,
    /// end forward) and clamped to the text.
    pub(super) fn w(&self, from: usize, to: usize) -> &str {
        let mut from = from.min(self.lower.len());
        while !self.lower.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = to.clamp(from, self.lower.len());
        while !self.lower.is_char_boundary(to) {
            to += 1;
        }
        &self.lower[from..to]
    }

    /// Byte offsets of `needle` (lowercase) in the text, at most [`MAX_ANCHORS`].
    pub(super) fn find_all(&self, needle: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut from = 0;
        while out.len() < MAX_ANCHORS {
            match self.lower[from..].find(needle) {
                Some(at) => {
                    out.push(from + at);
                    from += at + needle.len();
                }
                None => break,
            }
        }
        out
    }

    /// The quoted value that starts within a few blanks of `at` (`'x'`, `"x"`), with the
    /// offset after its closing quote.
    pub(super) fn quoted_at(&self, at: usize) -> Option<(&str, usize)> {
        let bytes = self.plain.as_bytes();
        let mut i = at;
        while i < bytes.len() && i < at + 4 && bytes[i] == b' ' {
            i += 1;
        }
        let quote = *bytes.get(i)?;
        if !matches!(quote, b'\'' | b'"') {
            return None;
        }
        let start = i + 1;
        let end = start
            + self
                .plain
                .get(start..)?
                .bytes()
                .take(MAX_QUOTED)
                .position(|b| b == quote || b == b'\n')?;
        if bytes.get(end) != Some(&quote) {
            return None;
        }
        Some((self.plain.get(start..end)?, end + 1))
    }

    /// A bare value (letters, digits, `-_.`) starting within a few blanks of `at`.
    pub(super) fn word_at(&self, at: usize) -> Option<&str> {
        let bytes = self.plain.as_bytes();
        let mut i = at;
        while i < bytes.len() && i < at + 3 && matches!(bytes[i], b' ' | b':' | b'=') {
            i += 1;
        }
        let len = bytes[i.min(bytes.len())..]
            .iter()
            .take(100)
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
            .unwrap_or(bytes.len() - i.min(bytes.len()));
        let word = self.plain.get(i..i + len)?.trim_end_matches('.');
        (!word.is_empty()).then_some(word)
    }

    /// The value of a key that ends at `at`: `key 'v'`, `key: v`, `"key": "v"`, `key=v`, and
    /// with `bare` a word after a blank (`object id 3fa8…`).
    pub(super) fn value_after_key(&self, at: usize, bare: bool) -> Option<&str> {
        let bytes = self.plain.as_bytes();
        let mut i = at;
        if bytes.get(i) == Some(&b'"') {
            i += 1;
        }
        let mut key_end = i;
        while bytes.get(key_end) == Some(&b' ') && key_end < i + 2 {
            key_end += 1;
        }
        match bytes.get(key_end) {
            Some(b':' | b'=') => self
                .quoted_at(key_end + 1)
                .map(|(v, _)| v)
                .or_else(|| self.word_at(key_end + 1)),
            _ if bare => self.value_at(i),
            _ => self.quoted_at(i).map(|(v, _)| v),
        }
    }

    /// A quoted value or a bare word at `at`.
    pub(super) fn value_at(&self, at: usize) -> Option<&str> {
        self.quoted_at(at)
            .map(|(v, _)| v)
            .or_else(|| self.word_at(at))
    }
}

pub(super) fn push(list: &mut Vec<String>, value: String) {
    if list.len() < MAX_VALUES && !list.iter().any(|v| v.eq_ignore_ascii_case(&value)) {
        list.push(value);
    }
}

/// The text with JSON escapes resolved (twice, for JSON inside a JSON string), so ids and
/// quotes read the same in a log line and in an envelope.
pub(super) fn unescape(text: &str) -> String {
    let once = unescape_once(text);
    if once.contains('\\') {
        unescape_once(&once)
    } else {
        once
    }
}

pub(super) fn unescape_once(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('"') | Some('\'') | Some('/') | Some('\\') => {
                out.push(chars.next().unwrap_or('\\'));
            }
            Some('n') | Some('r') | Some('t') => {
                chars.next();
                out.push(' ');
            }
            Some('u') => {
                let mut lookahead = chars.clone();
                lookahead.next();
                let hex: String = lookahead.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(decoded) if hex.len() == 4 => {
                        out.push(decoded);
                        chars = lookahead;
                    }
                    _ => out.push('\\'),
                }
            }
            _ => out.push('\\'),
        }
    }
    out
}

/// An error code: a word of ASCII letters, digits, `_` and `.`, starting with a letter.
pub(super) fn is_code(s: &str) -> bool {
    (3..=64).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        && s.bytes()
            .any(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}
