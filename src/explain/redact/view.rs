//! Decoded views of the pasted text: JSON strings unescaped, percent-encoding undone, lines a
//! terminal wrapped joined again. Each view keeps, for every byte, where in the pasted text it
//! came from, so a secret found in a view is cut out of the text as the user pasted it.

/// How a view is made from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decoding {
    /// JSON string escapes undone: `\"`, `\\`, `\/`, `\n` and the like, `\uXXXX` (with surrogate
    /// pairs). Go's and .NET's encoders write `&`, `+`, `<`, `'` and `"` this way.
    Json,
    /// Percent-encoding undone (`%3D` is `=`); `+` stays, as base64 keys hold it.
    Url,
    /// Lines a terminal or an encoder wrapped joined again (the rule is `join_wrapped`'s).
    Unwrap,
}

/// One decoding and the decodings tried on its result: the views read are the pasted text and
/// every path down this tree whose decodings each changed something. Fixed and small, so the
/// work stays a constant number of linear passes.
pub(super) struct Step {
    pub decoding: Decoding,
    pub then: &'static [Step],
}

/// The views read, below the pasted text itself: JSON once and twice (JSON inside a JSON
/// string), percent-decoded once and twice, and each with wrapped lines joined.
pub(super) const VIEWS: &[Step] = &[
    Step {
        decoding: Decoding::Json,
        then: &[
            Step {
                decoding: Decoding::Json,
                then: &[],
            },
            Step {
                decoding: Decoding::Url,
                then: &[],
            },
            Step {
                decoding: Decoding::Unwrap,
                then: &[],
            },
        ],
    },
    Step {
        decoding: Decoding::Url,
        then: &[Step {
            decoding: Decoding::Url,
            then: &[],
        }],
    },
    Step {
        decoding: Decoding::Unwrap,
        then: &[Step {
            decoding: Decoding::Url,
            then: &[],
        }],
    },
];

/// A line at least this long (in bytes) that a line starting with a non-blank follows may have
/// been wrapped by a terminal (80 columns and wider) or an encoder (PEM's 64, base64's 76).
const WRAP_WIDTH: usize = 60;

/// The pasted text, or a decoding of it.
pub(super) struct View {
    /// The decoded bytes (not always UTF-8: a percent-escape may decode to any byte).
    pub bytes: Vec<u8>,
    /// For each byte, the offset in the pasted text where the piece it came from starts, and
    /// one more entry, the length of the pasted text: bytes `a..b` of the view come from
    /// `source[a]..source[b]` of the text.
    source: Vec<u32>,
    /// For each byte, how many decodings made it: 0 for a byte as pasted, 1 for one that a JSON
    /// escape or a percent-escape wrote, and so on. A quoted value ends at a quote of its own
    /// depth, so `\"` inside a JSON string does not end it in the decoded view.
    pub depth: Vec<u8>,
}

impl View {
    /// The pasted text as a view (at most `u32::MAX` bytes; the caller caps it far below).
    pub fn pasted(text: &str) -> View {
        let bytes = text.as_bytes().to_vec();
        let source = (0..=bytes.len()).map(offset).collect();
        let depth = vec![0; bytes.len()];
        View {
            bytes,
            source,
            depth,
        }
    }

    /// The offsets in the pasted text of the view's bytes `start..end`.
    pub fn source_range(&self, start: usize, end: usize) -> (usize, usize) {
        let at = |i: usize| {
            self.source
                .get(i)
                .or(self.source.last())
                .map_or(0, |&o| o as usize)
        };
        (at(start), at(end.max(start)))
    }

    /// The view `decoding` makes of this one, or `None` when it changes nothing.
    pub fn decode(&self, decoding: Decoding) -> Option<View> {
        let mut out = Builder {
            view: View {
                bytes: Vec::with_capacity(self.bytes.len()),
                source: Vec::with_capacity(self.source.len()),
                depth: Vec::with_capacity(self.bytes.len()),
            },
            parent: self,
        };
        let changed = match decoding {
            Decoding::Json => out.json(),
            Decoding::Url => out.url(),
            Decoding::Unwrap => out.join_wrapped(),
        };
        changed.then(|| out.finish())
    }
}

/// A view being written from its parent.
struct Builder<'a> {
    view: View,
    parent: &'a View,
}

impl Builder<'_> {
    /// Writes `bytes`, decoded from the parent's bytes starting at `at`.
    fn decoded(&mut self, bytes: &[u8], at: usize) {
        let depth = self.parent.depth[at].saturating_add(1);
        self.write(bytes, at, depth);
    }

    /// Copies the parent's byte at `at`.
    fn copy(&mut self, at: usize) {
        let byte = self.parent.bytes[at];
        self.write(&[byte], at, self.parent.depth[at]);
    }

    fn write(&mut self, bytes: &[u8], at: usize, depth: u8) {
        let source = self.parent.source[at];
        for &b in bytes {
            self.view.bytes.push(b);
            self.view.source.push(source);
            self.view.depth.push(depth);
        }
    }

    fn finish(mut self) -> View {
        let end = self.parent.source.last().copied().unwrap_or(0);
        self.view.source.push(end);
        self.view
    }

    fn json(&mut self) -> bool {
        let b = &self.parent.bytes;
        let mut changed = false;
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\\' {
                let simple = match b.get(i + 1) {
                    Some(&c @ (b'"' | b'\\' | b'/')) => Some(c),
                    Some(b'b') => Some(0x08),
                    Some(b'f') => Some(0x0c),
                    Some(b'n') => Some(b'\n'),
                    Some(b'r') => Some(b'\r'),
                    Some(b't') => Some(b'\t'),
                    _ => None,
                };
                if let Some(c) = simple {
                    self.decoded(&[c], i);
                    changed = true;
                    i += 2;
                    continue;
                }
                if let Some((c, len)) = unicode_escape(&b[i..]) {
                    let mut utf8 = [0; 4];
                    self.decoded(c.encode_utf8(&mut utf8).as_bytes(), i);
                    changed = true;
                    i += len;
                    continue;
                }
            }
            self.copy(i);
            i += 1;
        }
        changed
    }

    fn url(&mut self) -> bool {
        let b = &self.parent.bytes;
        let mut changed = false;
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                let high = b.get(i + 1).and_then(|&c| hex(c));
                let low = b.get(i + 2).and_then(|&c| hex(c));
                if let (Some(high), Some(low)) = (high, low) {
                    self.decoded(&[high << 4 | low], i);
                    changed = true;
                    i += 3;
                    continue;
                }
            }
            self.copy(i);
            i += 1;
        }
        changed
    }

    /// Joins a line to the next when it looks wrapped: it is at least [`WRAP_WIDTH`] bytes long
    /// and ends in a non-blank, and the next starts with a non-blank that does not open a new
    /// item (`(Code)`, a bracket, a YAML `- `, a comment) and its first word is neither a label
    /// (`Message:`) nor a word of prose (`next`). The break's bytes are left out of the view (a
    /// secret found across it still covers them in the text, and its line breaks are kept).
    fn join_wrapped(&mut self) -> bool {
        let b = &self.parent.bytes;
        let mut changed = false;
        let mut line_start = 0;
        for i in 0..b.len() {
            if b[i] != b'\n' {
                continue;
            }
            let line_end = if i > line_start && b[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            for at in line_start..line_end {
                self.copy(at);
            }
            if wrapped(&b[line_start..line_end], &b[i + 1..]) {
                changed = true;
            } else {
                for at in line_end..=i {
                    self.copy(at);
                }
            }
            // Each physical line is judged by its own length.
            line_start = i + 1;
        }
        for at in line_start..b.len() {
            self.copy(at);
        }
        changed
    }
}

/// Whether the break between `line` and `rest` (the text after it) looks like a wrap.
fn wrapped(line: &[u8], rest: &[u8]) -> bool {
    let Some(&last) = line.last() else {
        return false;
    };
    if line.len() < WRAP_WIDTH || last.is_ascii_whitespace() {
        return false;
    }
    let word_end = rest
        .iter()
        .position(u8::is_ascii_whitespace)
        .unwrap_or(rest.len());
    let word = &rest[..word_end];
    match word.first() {
        None | Some(b'(' | b'[' | b'{' | b'<' | b'#') => false,
        Some(b'-') if word.len() == 1 => false,
        Some(_) => !is_label(word) && !is_plain_word(word),
    }
}

/// A label that starts a line of its own: `Message:`, `Content-Type:`, `ERROR:`.
fn is_label(word: &[u8]) -> bool {
    let Some((b':', name)) = word.split_last() else {
        return false;
    };
    name.first().is_some_and(u8::is_ascii_alphabetic)
        && name
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

/// A word of prose: letters only, all lowercase, all uppercase or capitalized (`next`, `ERROR`,
/// `Failed`). The rest of a wrapped key or token rarely is one (and when it is, it is short).
fn is_plain_word(word: &[u8]) -> bool {
    let Some((first, rest)) = word.split_first() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && (rest.iter().all(u8::is_ascii_lowercase) || rest.iter().all(u8::is_ascii_uppercase))
}

/// `\uXXXX` (and a surrogate pair `\uD83D\uDE00`) at the start of `b`: the character and the
/// length of its escape. A lone surrogate is left as written.
fn unicode_escape(b: &[u8]) -> Option<(char, usize)> {
    let unit = |at: usize| -> Option<u32> {
        if b.get(at) != Some(&b'\\') || b.get(at + 1) != Some(&b'u') {
            return None;
        }
        let digits = b.get(at + 2..at + 6)?;
        digits
            .iter()
            .try_fold(0u32, |acc, &c| Some(acc << 4 | u32::from(hex(c)?)))
    };
    let first = unit(0)?;
    if (0xD800..0xDC00).contains(&first) {
        let second = unit(6).filter(|s| (0xDC00..0xE000).contains(s))?;
        let c = char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))?;
        return Some((c, 12));
    }
    char::from_u32(first).map(|c| (c, 6))
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn offset(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(view: &View) -> String {
        String::from_utf8_lossy(&view.bytes).into_owned()
    }

    #[test]
    fn json_escapes_are_undone_with_their_source_kept() {
        let pasted = View::pasted(r#"a\u0026b\"c\\d\ud83d\ude00e\ud800f"#);
        let json = pasted.decode(Decoding::Json).unwrap();
        assert_eq!(text(&json), "a&b\"c\\d\u{1F600}e\\ud800f");
        // `&` came from the six bytes of `\u0026`.
        assert_eq!(json.source_range(1, 2), (1, 7));
        assert_eq!(json.depth[1], 1);
        assert_eq!(json.depth[0], 0);
        assert!(View::pasted("plain").decode(Decoding::Json).is_none());
    }

    #[test]
    fn percent_escapes_are_undone() {
        let url = View::pasted("sig%3Dab%2Bc%zz%4")
            .decode(Decoding::Url)
            .unwrap();
        assert_eq!(text(&url), "sig=ab+c%zz%4");
        assert_eq!(url.source_range(3, 4), (3, 6));
    }

    #[test]
    fn wrapped_lines_are_joined_and_labels_and_items_are_not() {
        let long = "x".repeat(WRAP_WIDTH);
        let pasted = View::pasted(&format!(
            "{long}\r\ny2\n{long}\nMessage: m\n{long}\n(Code) m\n{long}\nnext\nz"
        ));
        let view = pasted.decode(Decoding::Unwrap).unwrap();
        assert_eq!(
            text(&view),
            format!("{long}y2\n{long}\nMessage: m\n{long}\n(Code) m\n{long}\nnext\nz")
        );
        // `yy` maps back past the break.
        let at = long.len();
        assert_eq!(view.source_range(at, at + 2), (at + 2, at + 4));
    }
}
