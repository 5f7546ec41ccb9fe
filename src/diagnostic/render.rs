//! The text a person reads for a report: one line per problem, tied to its file and line, then
//! a one-line summary. The CLI prints it; nothing here writes anywhere.

use std::fmt::Write;

use super::{Report, Severity};

/// One line per diagnostic (`label:line: path: severity[code]: message`, without `label` when
/// it is empty), then `ok_line` when there is no error (with the count of warnings), or the
/// count of errors and warnings.
pub fn render_report(report: &Report, label: &str, ok_line: &str) -> String {
    let mut text = String::new();
    for d in &report.diagnostics {
        // Writing to a String cannot fail.
        let _ = match (label.is_empty(), d.line) {
            (true, _) => writeln!(text, "{d}"),
            (false, Some(line)) => writeln!(text, "{label}:{line}: {d}"),
            (false, None) => writeln!(text, "{label}: {d}"),
        };
    }
    let count = |s| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let summary = match (errors, warnings) {
        (0, 0) => ok_line.to_owned(),
        (0, w) => format!("{ok_line}, {}", plural(w, "warning")),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    };
    text.push_str(&summary);
    text.push('\n');
    text
}

/// The diagnostics alone, one per line with `label` and line, as a command prints them on
/// standard error before it gives up.
pub fn render_diagnostics(report: &Report, label: &str) -> String {
    let mut text = String::new();
    for d in &report.diagnostics {
        let _ = match d.line {
            Some(line) => writeln!(text, "{label}:{line}: {d}"),
            None => writeln!(text, "{label}: {d}"),
        };
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Diagnostic};
    use expect_test::expect;

    fn report() -> Report {
        Report::new(vec![
            Diagnostic::new(
                Code::NameRequired,
                Severity::Error,
                "name",
                "`name` is required",
            )
            .at_line(2),
            Diagnostic::new(Code::ParseError, Severity::Warning, "", "a warning"),
        ])
    }

    #[test]
    fn a_report_with_errors_and_warnings() {
        expect![[r#"
            spec.yml:2: name: error[name-required]: `name` is required
            spec.yml: (document): warning[parse-error]: a warning
            1 error, 1 warning
        "#]]
        .assert_eq(&render_report(&report(), "spec.yml", "spec.yml: no errors"));
    }

    #[test]
    fn a_clean_report_and_one_without_a_label() {
        expect![[r#"
            spec.yml: no errors
        "#]]
        .assert_eq(&render_report(
            &Report::new(Vec::new()),
            "spec.yml",
            "spec.yml: no errors",
        ));
        let warnings = Report::new(vec![
            Diagnostic::new(Code::ParseError, Severity::Warning, "a", "one"),
            Diagnostic::new(Code::ParseError, Severity::Warning, "b", "two"),
        ]);
        expect![[r#"
            a: warning[parse-error]: one
            b: warning[parse-error]: two
            'k8s' is a valid compute name, 2 warnings
        "#]]
        .assert_eq(&render_report(
            &warnings,
            "",
            "'k8s' is a valid compute name",
        ));
    }

    #[test]
    fn diagnostics_alone_carry_their_file_and_line() {
        expect![[r#"
            <stdin>:2: name: error[name-required]: `name` is required
            <stdin>: (document): warning[parse-error]: a warning
        "#]]
        .assert_eq(&render_diagnostics(&report(), "<stdin>"));
    }
}
