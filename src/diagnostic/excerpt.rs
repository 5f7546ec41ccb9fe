//! [`excerpt`], the one way a message quotes input, and [`hidden_char`], the characters that
//! change how text shows.

use std::fmt;

/// The most characters of input a message quotes ([`excerpt`]).
pub const EXCERPT_CHARS: usize = 48;

/// A character that changes how the text around it shows (bidirectional controls, isolates,
/// zero-width and invisible marks: the "Trojan Source" set, CVE-2021-42574), and its Unicode
/// name. The validator refuses them in a spec; [`excerpt`] writes them as escapes.
pub fn hidden_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        _ => return None,
    })
}

/// A bounded quotation of input for a message: the text in backticks when it has at most
/// [`EXCERPT_CHARS`] characters, else its first ones, an ellipsis and its length
/// (`` `abcdef…` (10485760 characters) ``). Control and bidirectional-override characters are
/// written as escapes (`\u{202e}`), so a quotation cannot break or reorder the line it is in.
/// Every message that quotes user input quotes it through this.
pub fn excerpt(text: &str) -> Excerpt<'_> {
    let cut = text
        .char_indices()
        .nth(EXCERPT_CHARS)
        .map_or(text.len(), |(at, _)| at);
    Excerpt {
        head: &text[..cut],
        chars: if cut == text.len() {
            None
        } else {
            Some(text.chars().count())
        },
    }
}

/// What [`excerpt`] gives; see there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Excerpt<'a> {
    head: &'a str,
    /// The whole text's length in characters, when it was cut.
    chars: Option<usize>,
}

impl Excerpt<'_> {
    /// True when the quotation holds the whole text.
    pub fn is_whole(&self) -> bool {
        self.chars.is_none()
    }

    /// The quotation as a key in a diagnostic's path: the text itself, or its first characters
    /// and an ellipsis, without backticks or length.
    pub fn as_key(&self) -> String {
        match self.chars {
            None => self.head.to_owned(),
            Some(_) => format!("{}…", self.head),
        }
    }
}

impl fmt::Display for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`")?;
        for c in self.head.chars() {
            if c.is_control() || hidden_char(c).is_some() {
                write!(f, "{}", c.escape_unicode())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        match self.chars {
            None => f.write_str("`"),
            Some(chars) => write!(f, "…` ({chars} characters)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quotation of input is bounded, whatever the input's size, and never splits a character.
    #[test]
    fn excerpts_are_bounded_and_cut_on_character_boundaries() {
        let cases: &[(&str, &str)] = &[
            ("", "``"),
            ("kubernetes", "`kubernetes`"),
            (
                "Microsoft.MachineLearningServices/workspaces",
                "`Microsoft.MachineLearningServices/workspaces`",
            ),
            (
                &"x".repeat(48),
                "`xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`",
            ),
            (
                &"x".repeat(49),
                "`xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…` (49 characters)",
            ),
            (
                &"é".repeat(49),
                "`éééééééééééééééééééééééééééééééééééééééééééééééé…` (49 characters)",
            ),
            ("a\u{202e}b\nc", "`a\\u{202e}b\\u{a}c`"),
        ];
        for (text, expected) in cases {
            assert_eq!(excerpt(text).to_string(), *expected, "{text:?}");
        }
        let huge = "k".repeat(10 << 20);
        let quoted = excerpt(&huge).to_string();
        assert_eq!(
            quoted,
            format!("`{}…` (10485760 characters)", "k".repeat(EXCERPT_CHARS))
        );
        assert!(!excerpt(&huge).is_whole() && excerpt("short").is_whole());
        assert_eq!(excerpt("tags").as_key(), "tags");
        assert_eq!(
            excerpt(&huge).as_key(),
            format!("{}…", "k".repeat(EXCERPT_CHARS))
        );
    }
}
