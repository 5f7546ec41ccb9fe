//! PEM blocks and base64, read without ever repeating the input: errors carry offsets and
//! lines, and a block's label only when it is a plain upper-case word.

use base64ct::{Base64Unpadded, Encoding};

use super::SecretError;

/// One `-----BEGIN X-----` … `-----END X-----` block.
pub(super) struct PemBlock<'a> {
    pub(super) label: &'a str,
    /// From the BEGIN line to the END line, inclusive, without the final line break.
    pub(super) text: &'a str,
    /// Header lines (`Proc-Type: 4,ENCRYPTED`) were present.
    pub(super) has_headers: bool,
    /// The base64 body, lines joined by their breaks.
    pub(super) body: &'a str,
    /// 1-based line of the BEGIN line.
    pub(super) line: usize,
    /// Whether the END line was found.
    pub(super) complete: bool,
}

pub(super) fn pem_blocks(text: &str) -> Vec<PemBlock<'_>> {
    let mut blocks = Vec::new();
    let mut offset = 0;
    let mut open: Option<(usize, &str, usize)> = None;
    let mut body_start = 0;
    let mut has_headers = false;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']).trim();
        let start = offset;
        offset += raw.len();
        match open {
            None => {
                if let Some(label) = line
                    .strip_prefix("-----BEGIN ")
                    .and_then(|l| l.strip_suffix("-----"))
                {
                    open = Some((start, label, index + 1));
                    body_start = offset;
                    has_headers = false;
                }
            }
            Some((begin, label, begin_line)) => {
                if let Some(end_label) = line
                    .strip_prefix("-----END ")
                    .and_then(|l| l.strip_suffix("-----"))
                {
                    let end = start + raw.trim_end_matches(['\n', '\r']).len();
                    blocks.push(PemBlock {
                        label,
                        text: &text[begin..end],
                        has_headers,
                        body: &text[body_start..start],
                        line: begin_line,
                        complete: end_label == label,
                    });
                    open = None;
                } else if line.contains(':') {
                    has_headers = true;
                    body_start = offset;
                }
            }
        }
    }
    if let Some((begin, label, begin_line)) = open {
        blocks.push(PemBlock {
            label,
            text: &text[begin..],
            has_headers,
            body: &text[body_start..],
            line: begin_line,
            complete: false,
        });
    }
    blocks
}

/// A `CERTIFICATE` block whose body was read as a certificate, written again from that body
/// alone: the BEGIN line, the base64 lines as they were wrapped (blanks and `\r` taken out),
/// the END line, each ending in `\n`. Header lines and anything else around the body are left
/// out; since the body decoded as base64, what is written is base64 of the certificate's DER
/// and nothing else. OpenSSL's own PEM comes back byte for byte.
pub(super) fn certificate_pem(block: &PemBlock<'_>) -> String {
    let mut pem = String::with_capacity(block.body.len() + 60);
    pem.push_str("-----BEGIN CERTIFICATE-----\n");
    for line in block.body.lines() {
        let start = pem.len();
        pem.extend(line.chars().filter(|c| !c.is_ascii_whitespace()));
        if pem.len() > start {
            pem.push('\n');
        }
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    pem
}

/// The DER inside a PEM block.
pub(super) fn block_der(block: &PemBlock<'_>, entry: &'static str) -> Result<Vec<u8>, SecretError> {
    let broken = SecretError::PemBlock {
        entry,
        line: block.line,
    };
    if !block.complete {
        return Err(broken);
    }
    decode_base64(block.body, entry).map_err(|_| broken)
}

/// A PEM label for a message: labels are public words, but input is input, so only plain
/// upper-case words are repeated.
pub(super) fn safe_label(label: &str) -> &str {
    if label.len() <= 40 && label.bytes().all(|b| b.is_ascii_uppercase() || b == b' ') {
        label
    } else {
        "unrecognised"
    }
}

pub(super) fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// Base64 as Kubernetes writes it (standard alphabet), tolerating whitespace, line breaks and
/// missing padding.
pub(super) fn decode_base64(text: &str, entry: &'static str) -> Result<Vec<u8>, SecretError> {
    let mut clean = String::with_capacity(text.len());
    let mut padding = 0;
    for (offset, b) in text.bytes().enumerate() {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'=' if padding < 2 => padding += 1,
            b if is_base64(b) && padding == 0 => clean.push(char::from(b)),
            _ => return Err(SecretError::Base64 { entry, offset }),
        }
    }
    if clean.len() % 4 == 1 || (padding > 0 && (clean.len() + padding) % 4 != 0) {
        return Err(SecretError::Base64Length { entry });
    }
    Base64Unpadded::decode_vec(&clean).map_err(|_| SecretError::Base64 {
        entry,
        offset: text.trim_end().len().saturating_sub(1),
    })
}

/// Base64 that must decode to text.
pub(super) fn decode_text(text: &str, entry: &'static str) -> Result<String, SecretError> {
    let bytes = decode_base64(text, entry)?;
    String::from_utf8(bytes).map_err(|error| SecretError::NotText {
        entry,
        offset: error.utf8_error().valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_tolerates_wraps_and_missing_padding() {
        assert_eq!(decode_base64("aGk=", "value").unwrap(), b"hi");
        assert_eq!(decode_base64("aGk", "value").unwrap(), b"hi");
        assert_eq!(decode_base64("a G\r\nk =", "value").unwrap(), b"hi");
        assert_eq!(
            decode_base64("aG!k", "value"),
            Err(SecretError::Base64 {
                entry: "value",
                offset: 2
            })
        );
        assert_eq!(
            decode_base64("aGk=x", "value"),
            Err(SecretError::Base64 {
                entry: "value",
                offset: 4
            })
        );
        assert_eq!(
            decode_base64("aGkhx", "value"),
            Err(SecretError::Base64Length { entry: "value" })
        );
    }

    #[test]
    fn certificates_are_written_from_their_body_alone() {
        let text = "-----BEGIN CERTIFICATE-----\r\nComment: not kept\r\n\r\n AAAA\tAAAA \r\nAA==\r\n-----END CERTIFICATE-----";
        let blocks = pem_blocks(text);
        assert_eq!(
            certificate_pem(&blocks[0]),
            "-----BEGIN CERTIFICATE-----\nAAAAAAAA\nAA==\n-----END CERTIFICATE-----\n"
        );
    }

    #[test]
    fn pem_blocks_are_found_with_lines_and_headers() {
        let text = "junk\n-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\n\r\nAAAA\r\n-----END RSA PRIVATE KEY-----\r\n-----BEGIN CERTIFICATE-----\nAA==\n";
        let blocks = pem_blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].label, "RSA PRIVATE KEY");
        assert!(blocks[0].has_headers && blocks[0].complete);
        assert_eq!(blocks[0].line, 2);
        assert_eq!(blocks[0].body.trim(), "AAAA");
        assert!(!blocks[1].complete);
    }
}
