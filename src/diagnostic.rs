//! Diagnostics: one problem found in the user's input, tied to the field it is about.

use std::fmt;

use serde::{Serialize, Serializer};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing will fail because of it.
    Info,
    /// Accepted today but likely to fail later or advised against by the documentation.
    Warning,
    /// The service or its SDK rejects this input.
    Error,
}

impl Severity {
    /// The lowercase name used in text and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stable identifier for each kind of problem, so callers branch on codes and never on text.
///
/// Codes are written in kebab case (`name-first-char`) in JSON and text output; once published
/// a code keeps its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// The compute name is empty.
    NameRequired,
    /// The compute name has fewer than 3 characters.
    NameTooShort,
    /// The compute name has more than 24 characters.
    NameTooLong,
    /// The compute name does not start with a letter.
    NameFirstChar,
    /// The compute name does not end with a letter or digit.
    NameLastChar,
    /// The compute name holds characters other than ASCII letters, digits and `-`.
    NameInvalidChar,
    /// The compute name is longer than the 16 characters older services accepted.
    NameLong,
    /// The compute name ends in `-` followed by digits, which compute instances reject.
    NameDashDigitsEnd,
}

impl Code {
    /// The kebab-case form, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::NameRequired => "name-required",
            Code::NameTooShort => "name-too-short",
            Code::NameTooLong => "name-too-long",
            Code::NameFirstChar => "name-first-char",
            Code::NameLastChar => "name-last-char",
            Code::NameInvalidChar => "name-invalid-char",
            Code::NameLong => "name-long",
            Code::NameDashDigitsEnd => "name-dash-digits-end",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Severity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem, tied to the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// What kind of problem this is.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// The field, as a dotted path into the attach spec (`name`, `identity.type`).
    pub path: String,
    /// A sentence for people: lowercase, no trailing period, never holding secret input.
    pub message: String,
}

impl Diagnostic {
    /// A problem of the given severity at `path`.
    pub fn new(
        code: Code,
        severity: Severity,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity, self.code, self.path, self.message
        )
    }
}

/// The outcome of a check: every problem found, and whether any of them is an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// True when no diagnostic is an error (warnings and infos still allow submitting).
    pub ok: bool,
    /// Every problem found, in the order the fields were checked.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report over `diagnostics`; `ok` is derived from them.
    pub fn new(diagnostics: Vec<Diagnostic>) -> Report {
        let ok = diagnostics.iter().all(|d| d.severity < Severity::Error);
        Report { ok, diagnostics }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_is_ok_with_warnings_only() {
        let warning = Diagnostic::new(Code::NameLong, Severity::Warning, "name", "long");
        assert!(Report::new(vec![warning.clone()]).ok);
        let error = Diagnostic::new(Code::NameTooShort, Severity::Error, "name", "short");
        assert!(!Report::new(vec![warning, error]).ok);
        assert!(Report::new(Vec::new()).ok);
    }

    #[test]
    fn display_names_severity_code_and_path() {
        let d = Diagnostic::new(Code::NameFirstChar, Severity::Error, "name", "must start");
        assert_eq!(d.to_string(), "error[name-first-char] name: must start");
    }
}
