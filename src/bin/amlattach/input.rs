//! Reading a file or standard input with a cap enforced while reading: `yes x | amlattach
//! explain` returns, and memory stays bounded whatever is piped in.

use std::io::Read;
use std::path::Path;

/// What to do with input longer than the cap.
#[derive(Clone, Copy)]
pub enum Overflow {
    /// Keep the start: the core cuts it at the cap and says so (the troubleshooter: the error
    /// is usually near the start of a log).
    Cut,
    /// Refuse it with a message naming the cap (a spec, context, secret or version list that
    /// long is not one).
    Refuse,
}

/// A UTF-8 character is at most this many bytes, so reading this many past the cap leaves at
/// least one byte past the cap after an incomplete last character is dropped: the core still
/// sees that the input was longer than its cap.
const CHAR_SLACK: usize = 4;

/// Reads `path` (standard input when `None` or `-`), at most `cap` bytes (plus a few with
/// [`Overflow::Cut`], so the core sees the cut).
pub fn read(path: Option<&Path>, cap: usize, overflow: Overflow) -> Result<String, String> {
    let limit = u64::try_from(cap.saturating_add(CHAR_SLACK + 1)).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    match path {
        Some(path) if path.as_os_str() != "-" => std::fs::File::open(path)
            .and_then(|file| file.take(limit).read_to_end(&mut bytes))
            .map_err(|e| e.to_string())?,
        _ => std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?,
    };
    let over = bytes.len() > cap;
    if over {
        match overflow {
            Overflow::Refuse => {
                return Err(format!(
                    "it is larger than {cap} bytes, the most this command reads (nothing \
                     past that was read); check that this is the right file"
                ))
            }
            Overflow::Cut => {}
        }
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        // The cut may end inside a character: drop its first bytes.
        Err(error) if over && error.utf8_error().error_len().is_none() => {
            let valid = error.utf8_error().valid_up_to();
            let mut bytes = error.into_bytes();
            bytes.truncate(valid);
            String::from_utf8(bytes).map_err(|e| e.to_string())
        }
        Err(error) => Err(format!(
            "not UTF-8 text (invalid byte at offset {}); save the file as UTF-8",
            error.utf8_error().valid_up_to()
        )),
    }
}

/// The moment `--now` names, or the system clock; a `--now` that is no time is reported and
/// is exit code 2.
pub fn now(given: Option<&str>) -> Result<amlattach::dated::Now, std::process::ExitCode> {
    match given {
        Some(text) => amlattach::request::now(text).map_err(|error| {
            errln!("amlattach: --now: {error}");
            std::process::ExitCode::from(2)
        }),
        None => {
            let seconds = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
            Ok(amlattach::dated::Now::from_unix_seconds(seconds))
        }
    }
}

/// How a file argument is named in messages: its path, or `<stdin>`.
pub fn label(file: Option<&std::path::PathBuf>) -> String {
    match file {
        Some(path) if path.as_os_str() != "-" => path.display().to_string(),
        _ => "<stdin>".to_owned(),
    }
}

/// Reads a file argument (standard input for none or `-`) refusing it past `cap` bytes (the
/// core's cap for that kind of input) without reading the rest; a failure is reported and is
/// exit code 2.
pub fn read_capped(
    file: Option<&std::path::PathBuf>,
    cap: usize,
) -> Result<String, std::process::ExitCode> {
    read(file.map(std::path::PathBuf::as_path), cap, Overflow::Refuse).map_err(|message| {
        errln!("amlattach: cannot read {}: {message}", label(file));
        std::process::ExitCode::from(2)
    })
}
