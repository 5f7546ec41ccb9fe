//! Matching the knowledge base against the text: error codes as whole words, message fragments
//! in the normalized text (and, for long ones, with blanks left out, for messages broken by line
//! wrapping), `additionalInfo` types; each match's evidence located by line and column with a
//! bounded excerpt; and a failure's causes written for the subject.

use super::input::{ExtractedError, Normalized};
use super::knowledge::{self, Failure};
use super::{fix, Cause, Check, Confidence, Evidence, Match, SignalKind, Source};

/// Lowercased error codes as whole words: the positions of each word of letters and digits.
pub(super) struct Words<'a> {
    text: &'a str,
}

impl<'a> Words<'a> {
    pub(super) fn new(text: &'a str) -> Words<'a> {
        Words { text }
    }

    /// The first position of `word` (lowercase) standing alone.
    pub(super) fn find(&self, word: &str) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut search = 0;
        while let Some(found) = self.text[search..].find(word) {
            let start = search + found;
            let end = start + word.len();
            let before = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
            let after = end >= bytes.len() || !bytes[end].is_ascii_alphanumeric();
            if before && after {
                return Some(start);
            }
            search = start + 1;
            while !self.text.is_char_boundary(search) {
                search += 1;
            }
        }
        None
    }
}

pub(super) fn match_failure(
    failure: &'static Failure,
    text: &str,
    normalized: &Normalized,
    squeezed: &Squeezed,
    words: &Words,
    errors: &[ExtractedError],
    subject: &fix::Subject,
) -> Option<Match> {
    let mut evidence = Vec::new();
    let mut code = false;
    let mut message = false;
    let mut hint = false;
    let mut info = false;

    for &pattern in failure.codes {
        let lower = pattern.to_ascii_lowercase();
        let position = words.find(&lower);
        let structured = errors.iter().any(|e| {
            e.code
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(pattern))
        });
        if let Some(at) = position {
            code = true;
            evidence.push(evidence_at(
                SignalKind::Code,
                pattern.to_owned(),
                text,
                normalized,
                at,
                at + lower.len(),
            ));
        } else if structured {
            code = true;
        }
    }
    for (kind, patterns) in [
        (SignalKind::Message, failure.messages),
        (SignalKind::Hint, failure.hints),
    ] {
        for &pattern in patterns {
            let needle = Normalized::new(pattern).text;
            if let Some((start, end)) = find_fragment(normalized, squeezed, &needle) {
                match kind {
                    SignalKind::Message => message = true,
                    _ => hint = true,
                }
                evidence.push(evidence_at(
                    kind,
                    pattern.to_owned(),
                    text,
                    normalized,
                    start,
                    end,
                ));
            }
        }
    }
    for &pattern in failure.info_types {
        let structured = errors.iter().any(|e| {
            e.additional_info
                .iter()
                .any(|t| t.eq_ignore_ascii_case(pattern))
        });
        if structured {
            info = true;
            let lower = pattern.to_ascii_lowercase();
            if let Some(at) = words.find(&lower) {
                evidence.push(evidence_at(
                    SignalKind::AdditionalInfo,
                    pattern.to_owned(),
                    text,
                    normalized,
                    at,
                    at + lower.len(),
                ));
            }
        }
    }

    evidence.sort_by_key(|e| e.offset);
    let confidence = if (code && (message || info)) || (message && info) {
        Confidence::High
    } else if message || info || (code && failure.code_alone) || (code && hint) {
        Confidence::Medium
    } else if hint {
        Confidence::Low
    } else {
        return None;
    };
    let mut confidence = confidence.min(failure.cap);
    if knowledge::NEEDS_AZURE_ML_CONTEXT.contains(&failure.id) && !about_azure_ml(&normalized.text)
    {
        confidence = Confidence::Low;
    }
    Some(build_match(failure, confidence, evidence, subject))
}

/// The match of `failure` at `confidence`, its causes' fixes written for `subject`.
pub(super) fn build_match(
    failure: &'static Failure,
    confidence: Confidence,
    evidence: Vec<Evidence>,
    subject: &fix::Subject,
) -> Match {
    Match {
        settings: Vec::new(),
        id: failure.id,
        title: failure.title,
        confidence,
        evidence,
        causes: failure
            .causes
            .iter()
            .map(|c| Cause {
                cause: c.cause.to_owned(),
                fix: subject.fix(c.fix, c.commands),
                checks: c
                    .checks
                    .iter()
                    .map(|&kind| Check {
                        kind,
                        description: kind.description(),
                        finding: None,
                        preflight: kind.read_by_preflight(),
                    })
                    .collect(),
                verdict: None,
            })
            .collect(),
        sources: sources(failure),
    }
}

/// Whether the (normalized) text shows a sign of Azure ML.
pub(super) fn about_azure_ml(normalized: &str) -> bool {
    knowledge::AZURE_ML_SIGNS
        .iter()
        .any(|sign| normalized.contains(sign))
}

/// The normalized text with its blanks left out, for messages broken inside a word by line
/// wrapping; `positions` maps each byte back to the normalized text.
pub(super) struct Squeezed {
    text: String,
    positions: Vec<usize>,
}

impl Squeezed {
    pub(super) fn new(normalized: &str) -> Squeezed {
        let mut text = String::with_capacity(normalized.len());
        let mut positions = Vec::with_capacity(normalized.len());
        for (at, c) in normalized.char_indices() {
            if c != ' ' {
                text.push(c);
                for _ in 0..c.len_utf8() {
                    positions.push(at);
                }
            }
        }
        Squeezed { text, positions }
    }
}

/// Where `needle` (normalized) is in the normalized text: as written, or (for a needle long
/// enough not to match by chance) with every blank left out on both sides.
pub(super) fn find_fragment(
    normalized: &Normalized,
    squeezed: &Squeezed,
    needle: &str,
) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    if let Some(start) = normalized.text.find(needle) {
        return Some((start, start + needle.len()));
    }
    let needle: String = needle.chars().filter(|c| *c != ' ').collect();
    if needle.len() < 12 {
        return None;
    }
    let start = squeezed.text.find(&needle)?;
    let from = *squeezed.positions.get(start)?;
    let last = *squeezed.positions.get(start + needle.len() - 1)?;
    let to = last
        + normalized.text[last..]
            .chars()
            .next()
            .map_or(1, char::len_utf8);
    Some((from, to))
}

/// Evidence for the normalized range `start..end`.
pub(super) fn evidence_at(
    kind: SignalKind,
    pattern: String,
    text: &str,
    normalized: &Normalized,
    start: usize,
    end: usize,
) -> Evidence {
    let (from, to) = normalized.source_range(start, end, text);
    let line = super::input::line_of(text, from);
    let line_start = text[..from].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..from].chars().count() + 1;
    Evidence {
        kind,
        pattern,
        excerpt: excerpt(text, from, to),
        line,
        column,
        offset: from,
    }
}

/// The matched range with up to 40 characters either side, blanks collapsed, at most 300
/// characters.
pub(super) fn excerpt(text: &str, from: usize, to: usize) -> String {
    const CONTEXT: usize = 40;
    const LIMIT: usize = 300;
    let mut start = from;
    for _ in 0..CONTEXT {
        match text[..start].chars().next_back() {
            Some(c) if c != '\n' => start -= c.len_utf8(),
            _ => break,
        }
    }
    let mut end = to;
    for _ in 0..CONTEXT {
        match text[end..].chars().next() {
            Some(c) if c != '\n' => end += c.len_utf8(),
            _ => break,
        }
    }
    let mut out = String::new();
    if start > 0 && !text[..start].ends_with('\n') {
        out.push('…');
    }
    let mut space = false;
    for c in text[start..end].chars() {
        if c.is_whitespace() || c.is_control() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
        if out.chars().count() >= LIMIT {
            out.push('…');
            return out.trim().to_owned();
        }
    }
    if end < text.len() && !text[end..].starts_with('\n') {
        out.push('…');
    }
    out.trim().to_owned()
}

pub(super) fn sources(failure: &Failure) -> Vec<Source> {
    failure
        .sources
        .iter()
        .map(|s| Source {
            url: s.url,
            message: s.message,
        })
        .collect()
}
