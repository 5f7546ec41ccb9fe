//! A Kubernetes version as users and Azure write it (`1.30`, `v1.30.4`, `1.28.5+k3s1`,
//! `1.30.4(preview)`): read into a value that orders as versions do. A leaf: the version lists
//! (`crate::versions`) and the support windows (`crate::support`) both read versions with it.

use std::fmt;

/// A Kubernetes version: `1.30` or `1.30.4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The major version.
    pub major: u64,
    /// The minor version.
    pub minor: u64,
    /// The patch version, absent for a minor alias such as `1.30`.
    pub patch: Option<u64>,
}

impl Version {
    /// The minor this version belongs to (`1.30.4` → `1.30`).
    pub fn minor_version(self) -> Version {
        Version {
            patch: None,
            ..self
        }
    }

    /// Whether the version is at most 1.16 (blobfuse FlexVolume) rather than 1.17 or later
    /// (Blob CSI driver).
    pub(crate) fn uses_flexvolume(self) -> bool {
        (self.major, self.minor) <= (1, 16)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.patch {
            Some(patch) => write!(f, "{}.{}.{patch}", self.major, self.minor),
            None => write!(f, "{}.{}", self.major, self.minor),
        }
    }
}

/// Why a version string is not a version; positions are 1-based columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionError {
    /// Nothing to read.
    Empty,
    /// The major version is not a number.
    Major {
        /// Where it should start.
        column: usize,
    },
    /// The minor version is missing or not a number.
    Minor {
        /// Where it should start.
        column: usize,
    },
    /// The patch version is not a number.
    Patch {
        /// Where it should start.
        column: usize,
    },
    /// Something follows the version.
    Trailing {
        /// Where it starts.
        column: usize,
    },
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionError::Empty => f.write_str("the version is empty"),
            VersionError::Major { column } => write!(f, "invalid major version at column {column}"),
            VersionError::Minor { column } => write!(f, "invalid minor version at column {column}"),
            VersionError::Patch { column } => write!(f, "invalid patch version at column {column}"),
            VersionError::Trailing { column } => write!(
                f,
                "unexpected text at column {column}: a version is X.Y or X.Y.Z, optionally with a leading `v`, a `-…` or `+…` suffix after the patch (`1.28.5+k3s1`) and a `(preview)` suffix"
            ),
        }
    }
}

/// Reads `1.30`, `1.30.4`, `v1.30.4`, `1.28.5+k3s1` or `1.30.4(preview)`; the flag says whether
/// `(preview)` was there.
pub fn parse_version(text: &str) -> Result<(Version, bool), VersionError> {
    let leading = text.len() - text.trim_start().len();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(VersionError::Empty);
    }
    let (body, preview) = match trimmed
        .len()
        .checked_sub("(preview)".len())
        .filter(|&at| trimmed.is_char_boundary(at))
        .map(|at| trimmed.split_at(at))
    {
        Some((body, suffix)) if suffix.eq_ignore_ascii_case("(preview)") => (body.trim_end(), true),
        _ => (trimmed, false),
    };
    let bytes = body.as_bytes();
    let mut at = usize::from(matches!(bytes.first(), Some(b'v' | b'V')));
    let column =
        |at: usize| leading + text[leading..].get(..at).map_or(at, |s| s.chars().count()) + 1;
    let number = |at: &mut usize| -> Option<u64> {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        body.get(start..*at).filter(|d| !d.is_empty())?.parse().ok()
    };
    let major_at = at;
    let major = number(&mut at).ok_or(VersionError::Major {
        column: column(major_at),
    })?;
    if bytes.get(at) != Some(&b'.') {
        return Err(match bytes.get(at) {
            None => VersionError::Minor { column: column(at) },
            Some(_) => VersionError::Trailing { column: column(at) },
        });
    }
    at += 1;
    let minor_at = at;
    let minor = number(&mut at).ok_or(VersionError::Minor {
        column: column(minor_at),
    })?;
    let mut patch = None;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        let patch_at = at;
        patch = Some(number(&mut at).ok_or(VersionError::Patch {
            column: column(patch_at),
        })?);
    }
    // A semver pre-release or build suffix after the patch, as Arc reports for k3s
    // (`1.28.5+k3s1`) and distributions for their builds (`1.29.2-gke.1`): not part of the version.
    if patch.is_some() && matches!(bytes.get(at), Some(b'-' | b'+')) {
        let suffix = &body[at + 1..];
        if !suffix.is_empty()
            && suffix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'))
        {
            at = bytes.len();
        }
    }
    if at < bytes.len() {
        return Err(VersionError::Trailing { column: column(at) });
    }
    Ok((
        Version {
            major,
            minor,
            patch,
        },
        preview,
    ))
}
