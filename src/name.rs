//! The compute-name rule (azure-facts §1): 3–24 characters, a letter first, a letter or digit
//! last, only ASCII letters, digits and `-` between; a warning above 16.

use crate::diagnostic::{Code, Diagnostic, Report, Severity};

/// Fewest characters a compute name may have.
pub const MIN_LEN: usize = 3;
/// Most characters a compute name may have.
pub const MAX_LEN: usize = 24;
/// Most characters older Azure ML releases and documents allowed; longer names get a warning.
pub const LEGACY_MAX_LEN: usize = 16;

/// At most this many distinct offending characters are named in one message.
const MAX_LISTED_CHARS: usize = 5;

/// Checks a compute name on its own and reports every problem at once.
///
/// The path of every diagnostic is `name`, the field of the attach spec that holds it.
pub fn validate_compute_name(name: &str) -> Report {
    let mut diagnostics = Vec::new();
    check_compute_name(name, "name", &mut diagnostics);
    Report::new(diagnostics)
}

/// Appends the problems of `name` to `out`, each tied to `path`.
pub fn check_compute_name(name: &str, path: &str, out: &mut Vec<Diagnostic>) {
    let error = |code, message: String| Diagnostic::new(code, Severity::Error, path, message);
    let chars: Vec<char> = name.chars().collect();
    let (Some(&first), Some(&last)) = (chars.first(), chars.last()) else {
        out.push(error(
            Code::NameRequired,
            "a compute name is required".to_owned(),
        ));
        return;
    };

    if !first.is_ascii_alphabetic() {
        out.push(error(
            Code::NameFirstChar,
            format!("must start with a letter, not {}", describe(first)),
        ));
    }
    if !last.is_ascii_alphanumeric() {
        out.push(error(
            Code::NameLastChar,
            format!("must end with a letter or digit, not {}", describe(last)),
        ));
    }
    if let Some(message) = invalid_chars_message(&chars) {
        out.push(error(Code::NameInvalidChar, message));
    }

    let len = chars.len();
    if len < MIN_LEN {
        out.push(error(
            Code::NameTooShort,
            format!("must have at least {MIN_LEN} characters, has {len}"),
        ));
    } else if len > MAX_LEN {
        out.push(error(
            Code::NameTooLong,
            format!("must have at most {MAX_LEN} characters, has {len}"),
        ));
    } else if len > LEGACY_MAX_LEN {
        out.push(Diagnostic::new(
            Code::NameLong,
            Severity::Warning,
            path,
            format!(
                "has {len} characters: accepted today, but older Azure Machine Learning releases \
                 allowed at most {LEGACY_MAX_LEN}"
            ),
        ));
    }

    if ends_in_dash_digits(name) {
        out.push(Diagnostic::new(
            Code::NameDashDigitsEnd,
            Severity::Info,
            path,
            "ends in '-' and digits, which compute instances reject; \
             no such rule is documented for Kubernetes computes",
        ));
    }
}

/// Names the distinct characters outside `[A-Za-z0-9-]` with their 1-based positions.
fn invalid_chars_message(chars: &[char]) -> Option<String> {
    let mut found: Vec<(char, usize)> = Vec::new();
    let mut distinct = 0;
    for (index, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() || c == '-' || found.iter().any(|&(seen, _)| seen == c) {
            continue;
        }
        distinct += 1;
        if found.len() < MAX_LISTED_CHARS {
            found.push((c, index + 1));
        }
    }
    if found.is_empty() {
        return None;
    }
    let listed: Vec<String> = found
        .iter()
        .map(|&(c, position)| format!("{} at position {position}", describe(c)))
        .collect();
    let more = match distinct - found.len() {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    Some(format!(
        "only ASCII letters, digits and '-' are allowed; found {}{more}",
        listed.join(", ")
    ))
}

/// Quotes a character so that spaces, control and look-alike characters are visible.
fn describe(c: char) -> String {
    match c {
        ' ' => "' ' (space)".to_owned(),
        '\t' => "'\\t' (tab)".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        c if c.is_ascii_graphic() => format!("'{c}'"),
        c if c.is_alphanumeric() => format!("'{c}' (U+{:04X})", u32::from(c)),
        c => format!("U+{:04X}", u32::from(c)),
    }
}

/// True for names like `aks-01`: a `-` followed only by digits at the end.
fn ends_in_dash_digits(name: &str) -> bool {
    let trimmed = name.trim_end_matches(|c: char| c.is_ascii_digit());
    trimmed.len() < name.len() && trimmed.ends_with('-')
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;

    fn check(name: &str, expect: Expect) {
        let report = validate_compute_name(name);
        let mut actual = format!("ok: {}\n", report.ok);
        for d in &report.diagnostics {
            actual.push_str(&format!("{d}\n"));
        }
        expect.assert_eq(&actual);
    }

    #[test]
    fn plain_names_pass() {
        check(
            "myaks",
            expect![[r#"
            ok: true
        "#]],
        );
        check(
            "abc",
            expect![[r#"
            ok: true
        "#]],
        );
        check(
            "Aks-Prod-2",
            expect![[r#"
                ok: true
                name: info[name-dash-digits-end]: ends in '-' and digits, which compute instances reject; no such rule is documented for Kubernetes computes
            "#]],
        );
        check(
            "a1234567890123456",
            expect![[r#"
                ok: true
                name: warning[name-long]: has 17 characters: accepted today, but older Azure Machine Learning releases allowed at most 16
            "#]],
        );
    }

    #[test]
    fn empty_name_is_one_problem() {
        check(
            "",
            expect![[r#"
                ok: false
                name: error[name-required]: a compute name is required
            "#]],
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        check(
            "1_",
            expect![[r#"
                ok: false
                name: error[name-first-char]: must start with a letter, not '1'
                name: error[name-last-char]: must end with a letter or digit, not '_'
                name: error[name-invalid-char]: only ASCII letters, digits and '-' are allowed; found '_' at position 2
                name: error[name-too-short]: must have at least 3 characters, has 2
            "#]],
        );
    }

    #[test]
    fn first_and_last_characters() {
        check(
            "1abc",
            expect![[r#"
                ok: false
                name: error[name-first-char]: must start with a letter, not '1'
            "#]],
        );
        check(
            "-abc",
            expect![[r#"
                ok: false
                name: error[name-first-char]: must start with a letter, not '-'
            "#]],
        );
        check(
            "abc-",
            expect![[r#"
                ok: false
                name: error[name-last-char]: must end with a letter or digit, not '-'
            "#]],
        );
    }

    #[test]
    fn invalid_characters_are_named_with_positions() {
        check(
            "a_b",
            expect![[r#"
                ok: false
                name: error[name-invalid-char]: only ASCII letters, digits and '-' are allowed; found '_' at position 2
            "#]],
        );
        check(
            "my aks",
            expect![[r#"
                ok: false
                name: error[name-invalid-char]: only ASCII letters, digits and '-' are allowed; found ' ' (space) at position 3
            "#]],
        );
        check(
            "caf\u{e9}-aks",
            expect![[r#"
                ok: false
                name: error[name-invalid-char]: only ASCII letters, digits and '-' are allowed; found 'é' (U+00E9) at position 4
            "#]],
        );
        check(
            "a.b_c.d!e@f#g$h",
            expect![[r#"
                ok: false
                name: error[name-invalid-char]: only ASCII letters, digits and '-' are allowed; found '.' at position 2, '_' at position 4, '!' at position 8, '@' at position 10, '#' at position 12 and 1 more
            "#]],
        );
        check(
            "aks\tone\n",
            expect![[r#"
                ok: false
                name: error[name-last-char]: must end with a letter or digit, not a line break
                name: error[name-invalid-char]: only ASCII letters, digits and '-' are allowed; found '\t' (tab) at position 4, a line break at position 8
            "#]],
        );
        check(
            "aks\u{200b}x",
            expect![[r#"
                ok: false
                name: error[name-invalid-char]: only ASCII letters, digits and '-' are allowed; found U+200B at position 4
            "#]],
        );
    }

    #[test]
    fn length_limits_count_characters() {
        check(
            "ab",
            expect![[r#"
                ok: false
                name: error[name-too-short]: must have at least 3 characters, has 2
            "#]],
        );
        check(
            &format!("a{}", "b".repeat(23)),
            expect![[r#"
                ok: true
                name: warning[name-long]: has 24 characters: accepted today, but older Azure Machine Learning releases allowed at most 16
            "#]],
        );
        check(
            &format!("a{}", "b".repeat(24)),
            expect![[r#"
                ok: false
                name: error[name-too-long]: must have at most 24 characters, has 25
            "#]],
        );
        check(
            "a234567890123456",
            expect![[r#"
            ok: true
        "#]],
        );
    }

    #[test]
    fn dash_digits_ending_is_information_only() {
        check(
            "aks-01",
            expect![[r#"
                ok: true
                name: info[name-dash-digits-end]: ends in '-' and digits, which compute instances reject; no such rule is documented for Kubernetes computes
            "#]],
        );
        check(
            "aks01",
            expect![[r#"
            ok: true
        "#]],
        );
    }

    #[test]
    fn agrees_with_the_documented_pattern() {
        // ^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$ from azure-facts §1, checked over a small alphabet.
        let alphabet = ['a', 'Z', '0', '-', '_'];
        let mut names = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = names
                .iter()
                .flat_map(|n| alphabet.iter().map(move |c| format!("{n}{c}")))
                .collect();
            names.extend(longer);
        }
        for name in names {
            let c: Vec<char> = name.chars().collect();
            let pattern = (3..=24).contains(&c.len())
                && c[0].is_ascii_alphabetic()
                && c[c.len() - 1].is_ascii_alphanumeric()
                && c.iter().all(|c| c.is_ascii_alphanumeric() || *c == '-');
            assert_eq!(validate_compute_name(&name).ok, pattern, "{name:?}");
        }
    }
}
