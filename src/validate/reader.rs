//! Reading a document tree field by field: typed getters that report a wrong type against the
//! field's path and line, duplicate keys, and unknown keys with a "did you mean" suggestion.
//! Each mapping is indexed once, so reading it is linear in its number of keys.

use std::collections::HashMap;

use crate::diagnostic::{excerpt, Code, Diagnostic, Severity};
use crate::document::{Entry, Node, Value};

/// The message for a key given without a value.
const EMPTY: &str = "is empty (null): give a value or remove the key";

/// What a mapping may hold: its keys, keys that are read-only and ignored (as in `az ml compute
/// show` output), and how bad an unknown key is.
pub(crate) struct Schema<'k> {
    pub known: &'k [&'k str],
    pub read_only: &'k [&'k str],
    /// `Error` where azure-ai-ml rejects unknown keys (the v2 schema), `Warning` elsewhere.
    pub unknown: Severity,
    /// What becomes of a file with an unknown key, when that is an error.
    pub rejected_by: &'k str,
}

/// Who rejects a v2 compute file with an unknown key.
pub(crate) const AZURE_AI_ML_REJECTS: &str = "azure-ai-ml rejects the file";

/// A schema of our own (v1, context): unknown keys are warnings.
pub(crate) fn lenient<'k>(known: &'k [&'k str]) -> Schema<'k> {
    Schema {
        known,
        read_only: &[],
        unknown: Severity::Warning,
        rejected_by: "",
    }
}

/// Collects diagnostics.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn push(
        &mut self,
        code: Code,
        severity: Severity,
        path: &str,
        line: usize,
        message: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::new(code, severity, path, message).at_line(line));
    }

    pub fn error(&mut self, code: Code, path: &str, line: usize, message: impl Into<String>) {
        self.push(code, Severity::Error, path, line, message);
    }

    pub fn warning(&mut self, code: Code, path: &str, line: usize, message: impl Into<String>) {
        self.push(code, Severity::Warning, path, line, message);
    }

    pub fn info(&mut self, code: Code, path: &str, line: usize, message: impl Into<String>) {
        self.push(code, Severity::Info, path, line, message);
    }
}

/// `parent.key`, or `key` at the top. A key too long to quote whole is cut as a message would
/// quote it: paths name fields, whose keys are short, and no path grows with the input.
pub(crate) fn join(parent: &str, key: &str) -> String {
    let key = excerpt(key).as_key();
    if parent.is_empty() {
        key
    } else {
        format!("{parent}.{key}")
    }
}

/// A value read from a field: the value, its path and its line.
#[derive(Debug, Clone)]
pub(crate) struct Field<T> {
    pub value: T,
    pub path: String,
    pub line: usize,
}

/// The most lines a duplicate-key warning lists.
const MAX_LINES_LISTED: usize = 8;

/// No entry: the end of a chain in [`Fields::next`].
const NONE: usize = usize::MAX;

/// The keys of one mapping, taken one by one; what is left over is reported as unknown.
pub(crate) struct Fields<'a> {
    path: String,
    line: usize,
    entries: &'a [Entry],
    taken: Vec<bool>,
    /// Each key's first and last entry, built once: lookups take constant time, where a scan of
    /// the mapping per key made 49,000 tags take half a minute.
    index: HashMap<&'a str, (usize, usize)>,
    /// For each entry, the next one with the same key ([`NONE`] for the last).
    next: Vec<usize>,
}

impl<'a> Fields<'a> {
    /// The mapping in `node`, or a wrong-type error and `None`.
    pub fn of(node: &'a Node, path: &str, sink: &mut Sink) -> Option<Fields<'a>> {
        match &node.value {
            Value::Map(entries) => {
                let mut index: HashMap<&'a str, (usize, usize)> =
                    HashMap::with_capacity(entries.len());
                let mut next = vec![NONE; entries.len()];
                for (at, entry) in entries.iter().enumerate() {
                    let slot = index.entry(entry.key.as_str()).or_insert((at, at));
                    if slot.1 != at {
                        next[slot.1] = at;
                        slot.1 = at;
                    }
                }
                Some(Fields {
                    path: path.to_owned(),
                    line: node.line,
                    entries,
                    taken: vec![false; entries.len()],
                    index,
                    next,
                })
            }
            Value::Null if !path.is_empty() => {
                sink.error(Code::WrongType, path, node.line, EMPTY);
                None
            }
            other => {
                let (code, message) = if path.is_empty() {
                    (
                        Code::NotAMapping,
                        format!(
                            "the document must be a mapping of keys such as `name:` and `type:`, not {}",
                            other.kind()
                        ),
                    )
                } else {
                    (
                        Code::WrongType,
                        format!("must be a mapping of keys, not {}", other.kind()),
                    )
                };
                sink.error(code, path, node.line, message);
                None
            }
        }
    }

    /// The line of the mapping itself.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The path of the mapping itself.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path of one key.
    pub fn path_of(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The distinct keys, in the order written.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(|(at, e)| self.index.get(e.key.as_str()).is_some_and(|s| s.0 == *at))
            .map(|(_, e)| e.key.as_str())
    }

    /// The positions of `key`'s entries, in the order written.
    fn positions(&self, key: &str) -> impl Iterator<Item = usize> + '_ {
        let first = self.index.get(key).map_or(NONE, |slot| slot.0);
        std::iter::successors((first != NONE).then_some(first), |&at| {
            self.next.get(at).copied().filter(|&next| next != NONE)
        })
    }

    /// False when `key` was written as something other than text (`1:`, `true:`).
    pub fn key_is_text(&self, key: &str) -> bool {
        self.positions(key).all(|at| self.entries[at].key_is_text)
    }

    /// The line of `key`'s (last) entry, or the mapping's own line when it is absent.
    pub fn line_of(&self, key: &str) -> usize {
        self.index
            .get(key)
            .map_or(self.line, |slot| self.entries[slot.1].line)
    }

    /// True when `key` is present, even with a null value.
    pub fn has(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// Takes `key`: the last of its entries (a repeated key is reported), or `None` when absent.
    pub fn take(&mut self, key: &str, sink: &mut Sink) -> Option<(&'a Node, usize)> {
        let positions: Vec<usize> = self.positions(key).collect();
        let entries = self.entries;
        let found = entries.get(*positions.last()?)?;
        for &at in &positions {
            self.taken[at] = true;
        }
        if positions.len() > 1 {
            let mut lines: Vec<String> = positions
                .iter()
                .take(MAX_LINES_LISTED)
                .map(|&at| entries[at].line.to_string())
                .collect();
            if positions.len() > MAX_LINES_LISTED {
                lines.push("…".to_owned());
            }
            sink.warning(
                Code::DuplicateKey,
                &self.path_of(key),
                found.line,
                format!(
                    "{} is given {} times (lines {}); only the last one counts",
                    excerpt(key),
                    positions.len(),
                    lines.join(", ")
                ),
            );
        }
        Some((&found.value, found.line))
    }

    /// A field of one type: `pick` takes the value when it has that type, or says what is wrong
    /// with it (`None`: "must be {expected}, not …"). A null is reported as empty.
    fn typed<T>(
        &mut self,
        key: &str,
        sink: &mut Sink,
        expected: &str,
        pick: impl FnOnce(&'a Value) -> Result<T, Option<String>>,
    ) -> Option<Field<T>> {
        let path = self.path_of(key);
        let (node, line) = self.take(key, sink)?;
        let message = match (&node.value, pick(&node.value)) {
            (_, Ok(value)) => return Some(Field { value, path, line }),
            (Value::Null, _) => EMPTY.to_owned(),
            (_, Err(Some(message))) => message,
            (other, Err(None)) => format!("must be {expected}, not {}", other.described()),
        };
        sink.error(Code::WrongType, &path, line, message);
        None
    }

    /// A text field. Numbers and booleans are not text: `name: 12345` is an error, as in the SDK.
    pub fn string(&mut self, key: &str, sink: &mut Sink) -> Option<Field<String>> {
        self.typed(key, sink, "text", |value| match value {
            // Text from a file cannot hold these (the reader refuses them); text from JS can.
            Value::Str(s)
                if s.chars()
                    .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) =>
            {
                Err(Some("holds a control character, which no command line or YAML file can carry; remove it".to_owned()))
            }
            Value::Str(s) => Ok(s.clone()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Date(_) => Err(Some(format!(
                "must be text, not {}; put it in quotes to make it text (YAML reads yes/no/on/off as booleans and 2024-06-01 as a date)",
                value.kind()
            ))),
            _ => Err(None),
        })
    }

    /// A whole-number field.
    pub fn int(&mut self, key: &str, sink: &mut Sink) -> Option<Field<i64>> {
        self.typed(key, sink, "a whole number", |value| match value {
            Value::Int(i) => Ok(*i),
            Value::Str(s) if s.trim().parse::<i64>().is_ok() => Err(Some(format!(
                "must be a number, not the text {}; remove the quotes",
                excerpt(s)
            ))),
            _ => Err(None),
        })
    }

    /// A true/false field.
    pub fn bool(&mut self, key: &str, sink: &mut Sink) -> Option<Field<bool>> {
        self.typed(key, sink, "true or false", |value| match value {
            Value::Bool(b) => Ok(*b),
            _ => Err(None),
        })
    }

    /// A list field.
    pub fn seq(&mut self, key: &str, sink: &mut Sink) -> Option<Field<&'a [Node]>> {
        self.typed(key, sink, "a list", |value| match value {
            Value::Seq(items) => Ok(items.as_slice()),
            _ => Err(None),
        })
    }

    /// A nested mapping.
    pub fn map(&mut self, key: &str, sink: &mut Sink) -> Option<Fields<'a>> {
        let path = self.path_of(key);
        let (node, _) = self.take(key, sink)?;
        Fields::of(node, &path, sink)
    }

    /// The raw node of a field, for fields of several shapes.
    pub fn node(&mut self, key: &str, sink: &mut Sink) -> Option<Field<&'a Node>> {
        let path = self.path_of(key);
        let (node, line) = self.take(key, sink)?;
        Some(Field {
            value: node,
            path,
            line,
        })
    }

    /// Reports every key not taken, suggesting the closest known one; read-only keys are
    /// ignored with a note when they have a value.
    pub fn finish(self, schema: &Schema<'_>, sink: &mut Sink) {
        for (entry, taken) in self.entries.iter().zip(&self.taken) {
            if *taken {
                continue;
            }
            let path = join(&self.path, &entry.key);
            if schema.read_only.contains(&entry.key.as_str()) && entry.value.value != Value::Null {
                sink.info(
                    Code::ReadOnlyKey,
                    &path,
                    entry.line,
                    format!(
                        "{} is read-only (as in `az ml compute show` output) and is ignored",
                        excerpt(&entry.key)
                    ),
                );
                continue;
            }
            let hint = match suggest(&entry.key, schema.known) {
                Some(s) if s.eq_ignore_ascii_case(&entry.key) => {
                    format!("; keys are case-sensitive: write `{s}`")
                }
                Some(s) => format!("; did you mean `{s}`?"),
                None if schema.known.is_empty() => String::new(),
                None => format!("; known keys here: {}", schema.known.join(", ")),
            };
            let effect = match schema.unknown {
                Severity::Error => schema.rejected_by,
                _ => "it is ignored",
            };
            let what = if schema.read_only.contains(&entry.key.as_str()) {
                format!("{} is read-only and empty, so", excerpt(&entry.key))
            } else {
                format!("{} is not a key of this schema, so", excerpt(&entry.key))
            };
            sink.push(
                Code::UnknownKey,
                schema.unknown,
                &path,
                entry.line,
                format!("{what} {effect}{hint}"),
            );
        }
    }
}

/// The known word closest to `word`, when close enough to be a typo.
pub(crate) fn suggest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    let normalize = |s: &str| s.to_ascii_lowercase().replace(['-', '_', ' '], "");
    let target = normalize(word);
    let length = target.chars().count();
    known
        .iter()
        .filter_map(|k| {
            let known = normalize(k);
            let most = 2.max(k.len() / 4);
            // The distance is at least the difference in length: a long word is no typo, and
            // comparing it would cost its length times the known word's.
            if length > known.len() + most {
                return None;
            }
            let distance = strsim::levenshtein(&target, &known);
            (distance <= most).then_some((k, distance))
        })
        .min_by_key(|&(_, distance)| distance)
        .map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;

    #[test]
    fn suggestions_catch_typos_and_casing() {
        let known = ["name", "namespace", "resource_id", "identity"];
        assert_eq!(suggest("namespce", &known), Some("namespace"));
        assert_eq!(suggest("resourceId", &known), Some("resource_id"));
        assert_eq!(suggest("resource-id", &known), Some("resource_id"));
        assert_eq!(suggest("Name", &known), Some("name"));
        assert_eq!(suggest("colour", &known), None);
    }

    #[test]
    fn typed_getters_report_wrong_types_and_duplicates() {
        let node = parse("name: 12\ncount: '3'\nflag: 'yes'\nname: aks\nextra: 1\n").unwrap();
        let mut sink = Sink::default();
        let mut fields = Fields::of(&node, "", &mut sink).unwrap();
        assert_eq!(fields.string("name", &mut sink).unwrap().value, "aks");
        assert!(fields.int("count", &mut sink).is_none());
        assert!(fields.bool("flag", &mut sink).is_none());
        let schema = Schema {
            known: &["name", "count", "flag"],
            read_only: &[],
            unknown: Severity::Warning,
            rejected_by: "",
        };
        fields.finish(&schema, &mut sink);
        let lines: Vec<String> = sink.diagnostics.iter().map(|d| format!("{d}")).collect();
        assert_eq!(
            lines,
            [
                "name: warning[duplicate-key]: `name` is given 2 times (lines 1, 4); only the last one counts",
                "count: error[wrong-type]: must be a number, not the text `3`; remove the quotes",
                "flag: error[wrong-type]: must be true or false, not text (`yes`)",
                "extra: warning[unknown-key]: `extra` is not a key of this schema, so it is ignored; known keys here: name, count, flag",
            ]
        );
    }
}
