//! `secret --out DIR`: writes `DIR/cert.pem` and `DIR/key.pem` without ever writing through a
//! link, into a file someone else owns, or half of the pair.
//!
//! The design, and the races it stands against:
//!
//! 1. **Decide everything first.** Both targets are looked at (`symlink_metadata`, which does
//!    not follow links) before anything is written. A target that is a symbolic link, not a
//!    regular file (a directory, a FIFO, a device), a file with more than one link (a hard link
//!    shares its content with another name, maybe outside `DIR`) or a file another user owns
//!    is refused, with its name and what to do; then neither file is written.
//! 2. **A new file, ours from the start.** Each file is written to a new file in `DIR`, created
//!    with `O_CREAT|O_EXCL` (`create_new`) — which never follows a link: an existing name,
//!    symbolic link included, makes it fail, and another name is tried — and with its final
//!    mode at creation (0600 for the key, 0644 for the certificates, less the umask), so the
//!    key is never readable by others, not even for an instant. Its owner is the user running
//!    the command; that owner is also the one existing targets are compared with (so the check
//!    needs no `geteuid`). Both new files are written and `fsync`ed before either is renamed.
//! 3. **Rename over the target.** `rename` replaces the name `DIR/key.pem`, never what it
//!    pointed to: a symbolic link put there after step 1 is replaced, not followed, and a hard
//!    link made after step 1 keeps its old content under its other name. The directory is then
//!    `fsync`ed so the new names survive a crash.
//!
//! What is left: someone who can write in `DIR` can still rename or delete our files after we
//! made them (as they could any file there); they cannot read the key (mode 0600, our owner)
//! nor make us write into a file of theirs. The two renames are the only step that can leave
//! one file new and the other old: both are in one directory, so they fail only if that
//! directory changes under us, and the error then says which one was written. `DIR` itself is
//! reached through links if its path has them: the user named it.
//!
//! Outside unix, std offers no owner, link count or mode: symbolic links and non-regular
//! targets are still refused and the files still replaced by rename, but the key takes the
//! directory's default permissions, and neither the owner nor hard links are checked.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use amlattach::secret::{DecodedSecret, SecretEntries};

/// One file to write: its name in the directory, its bytes, and whether it is the private key.
pub struct Wanted<'a> {
    /// `cert.pem` or `key.pem`.
    pub name: &'static str,
    /// The bytes to write.
    pub bytes: &'a [u8],
    /// The private key: created with mode 0600.
    pub private: bool,
}

/// Why nothing (or not everything) was written.
#[derive(Debug)]
pub enum WriteError {
    /// A target the user must deal with first; nothing was written.
    Refused {
        /// The target.
        path: PathBuf,
        /// Why it is refused.
        reason: Refusal,
    },
    /// An I/O error; `written` names what was written before it, if anything.
    Io {
        /// What was being done, with its path.
        doing: String,
        /// The error.
        error: io::Error,
        /// The files already in place when it happened.
        written: Vec<PathBuf>,
    },
}

/// Why a target is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A symbolic link: writing would write wherever it points.
    Symlink,
    /// A directory, FIFO, socket or device.
    NotAFile,
    /// A regular file with other names (hard links): its content is shared with them.
    Linked,
    /// A file another user owns: they could read what we write, or keep it from us.
    NotOwned,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Refused { path, reason } => {
                let (what, fix) = match reason {
                    Refusal::Symlink => (
                        "it is a symbolic link, and writing it would write wherever it points",
                        "remove the link",
                    ),
                    Refusal::NotAFile => ("it is not a regular file", "move it away"),
                    Refusal::Linked => (
                        "it has other names (hard links), which would keep or share its content",
                        "remove it",
                    ),
                    Refusal::NotOwned => (
                        "it belongs to another user, who could read what is written there",
                        "remove it",
                    ),
                };
                write!(
                    f,
                    "refusing to write {}: {what}; {fix} or choose another --out directory (nothing was written)",
                    path.display()
                )
            }
            WriteError::Io {
                doing,
                error,
                written,
            } => {
                write!(f, "cannot {doing}: {error}")?;
                if written.is_empty() {
                    f.write_str(" (nothing was written)")
                } else {
                    let names: Vec<String> =
                        written.iter().map(|p| p.display().to_string()).collect();
                    write!(f, " (already written: {})", names.join(", "))
                }
            }
        }
    }
}

/// Writes each wanted file into `dir` (created if needed), all or none of them as far as the
/// checks go (see the module documentation); returns the paths written, in order.
pub fn write_files(dir: &Path, wanted: &[Wanted<'_>]) -> Result<Vec<PathBuf>, WriteError> {
    let io = |doing: String| {
        move |error| WriteError::Io {
            doing,
            error,
            written: Vec::new(),
        }
    };
    std::fs::create_dir_all(dir).map_err(io(format!("create {}", dir.display())))?;
    // Our new files first: their owner is who existing targets must belong to.
    let mut staged: Vec<Staged> = Vec::new();
    for file in wanted {
        match Staged::create(dir, file) {
            Ok(new) => staged.push(new),
            Err(error) => {
                discard(&staged);
                return Err(error);
            }
        }
    }
    for new in &staged {
        if let Err(reason) = check_target(&new.target, &new.file) {
            discard(&staged);
            return Err(match reason {
                Checked::Refused(reason) => WriteError::Refused {
                    path: new.target.clone(),
                    reason,
                },
                Checked::Io(error) => WriteError::Io {
                    doing: format!("inspect {}", new.target.display()),
                    error,
                    written: Vec::new(),
                },
            });
        }
    }
    for (new, file) in staged.iter_mut().zip(wanted) {
        if let Err(error) = new
            .file
            .write_all(file.bytes)
            .and_then(|()| new.file.sync_all())
        {
            let doing = format!("write {}", new.temporary.display());
            discard(&staged);
            return Err(io(doing)(error));
        }
    }
    let mut written = Vec::new();
    for (index, new) in staged.iter().enumerate() {
        if let Err(error) = std::fs::rename(&new.temporary, &new.target) {
            discard(staged.get(index..).unwrap_or_default());
            return Err(WriteError::Io {
                doing: format!(
                    "rename {} to {}",
                    new.temporary.display(),
                    new.target.display()
                ),
                error,
                written,
            });
        }
        written.push(new.target.clone());
    }
    sync_directory(dir);
    Ok(written)
}

/// Writes `DIR/cert.pem` and `DIR/key.pem` from a decoded secret, whatever the secret named
/// them: the certificates (never a private key: the decoder leaves any out of them) and the
/// key, with mode 0600. Returns each path with the name of the entry it came from.
pub fn write_pems(
    dir: &Path,
    decoded: &DecodedSecret,
) -> Result<Vec<(String, &'static str)>, WriteError> {
    let names = decoded.entries.unwrap_or(SecretEntries::Pem);
    let mut wanted = Vec::new();
    let mut entries = Vec::new();
    if let Some(cert) = &decoded.cert_pem {
        wanted.push(Wanted {
            name: SecretEntries::Pem.cert(),
            bytes: cert.as_bytes(),
            private: false,
        });
        entries.push(names.cert());
    }
    if let Some(key) = &decoded.key_pem {
        wanted.push(Wanted {
            name: SecretEntries::Pem.key(),
            bytes: key.expose().as_bytes(),
            private: true,
        });
        entries.push(decoded.key_entry.unwrap_or(names.key()));
    }
    let written = write_files(dir, &wanted)?;
    Ok(written
        .iter()
        .map(|path| path.display().to_string())
        .zip(entries)
        .collect())
}

/// A new file in the directory, created for one target and not yet renamed.
struct Staged {
    file: File,
    temporary: PathBuf,
    target: PathBuf,
}

impl Staged {
    /// Creates a new file beside the target, never opening an existing one (`create_new`).
    fn create(dir: &Path, wanted: &Wanted<'_>) -> Result<Staged, WriteError> {
        let target = dir.join(wanted.name);
        let nonce = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let mut last = None;
        for attempt in 0..64u32 {
            let temporary = dir.join(format!(
                ".{}.amlattach-{}-{nonce:08x}-{attempt}",
                wanted.name,
                std::process::id()
            ));
            match open_new(&temporary, wanted.private) {
                Ok(file) => {
                    return Ok(Staged {
                        file,
                        temporary,
                        target,
                    })
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => last = Some(error),
                Err(error) => {
                    return Err(WriteError::Io {
                        doing: format!("create a new file in {}", dir.display()),
                        error,
                        written: Vec::new(),
                    })
                }
            }
        }
        Err(WriteError::Io {
            doing: format!("create a new file in {}", dir.display()),
            error: last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists)),
            written: Vec::new(),
        })
    }
}

/// Removes new files that will not be renamed (best effort: they hold nothing yet, or hold
/// the key with mode 0600).
fn discard(staged: &[Staged]) {
    for new in staged {
        let _ = std::fs::remove_file(&new.temporary);
    }
}

#[cfg(unix)]
fn open_new(path: &Path, private: bool) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(if private { 0o600 } else { 0o644 })
        .open(path)
}

#[cfg(not(unix))]
fn open_new(path: &Path, _private: bool) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// What an existing target is, as far as the refusal needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Existing {
    /// A symbolic link (not followed).
    pub symlink: bool,
    /// A regular file.
    pub file: bool,
    /// Its number of names; 1 where the platform does not say.
    pub links: u64,
    /// Its owner; `None` where the platform does not say.
    pub owner: Option<u32>,
}

/// Whether a target may be replaced: absent, or a regular file of ours with no other name.
/// `me` is the owner of the file we just created, `None` where the platform has no owners.
pub fn judge(existing: Option<Existing>, me: Option<u32>) -> Result<(), Refusal> {
    let Some(existing) = existing else {
        return Ok(());
    };
    if existing.symlink {
        Err(Refusal::Symlink)
    } else if !existing.file {
        Err(Refusal::NotAFile)
    } else if existing.links > 1 {
        Err(Refusal::Linked)
    } else if existing.owner.is_some() && existing.owner != me {
        Err(Refusal::NotOwned)
    } else {
        Ok(())
    }
}

enum Checked {
    Refused(Refusal),
    Io(io::Error),
}

/// Looks at the target without following a link, and judges it against our new file's owner.
fn check_target(target: &Path, ours: &File) -> Result<(), Checked> {
    let existing = match std::fs::symlink_metadata(target) {
        Ok(metadata) => Some(existing(&metadata)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(Checked::Io(error)),
    };
    let me = ours.metadata().map_err(Checked::Io)?;
    judge(existing, owner(&me)).map_err(Checked::Refused)
}

#[cfg(unix)]
fn existing(metadata: &std::fs::Metadata) -> Existing {
    use std::os::unix::fs::MetadataExt;
    Existing {
        symlink: metadata.file_type().is_symlink(),
        file: metadata.file_type().is_file(),
        links: metadata.nlink(),
        owner: Some(metadata.uid()),
    }
}

#[cfg(not(unix))]
fn existing(metadata: &std::fs::Metadata) -> Existing {
    Existing {
        symlink: metadata.file_type().is_symlink(),
        file: metadata.file_type().is_file(),
        links: 1,
        owner: None,
    }
}

#[cfg(unix)]
fn owner(metadata: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    Some(metadata.uid())
}

#[cfg(not(unix))]
fn owner(_metadata: &std::fs::Metadata) -> Option<u32> {
    None
}

/// Makes the renames durable (best effort: some file systems refuse to sync a directory, and
/// the files themselves are already synced).
fn sync_directory(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 18 (item 1): as root, a `key.pem` another user made beforehand kept its owner, who
    /// then read the key. A file is reused only when its owner is the user writing.
    #[test]
    fn only_a_single_regular_file_of_ours_is_replaced() {
        let file = |links, owner| Existing {
            symlink: false,
            file: true,
            links,
            owner,
        };
        let me = Some(1000);
        let cases = [
            (None, Ok(())),
            (Some(file(1, Some(1000))), Ok(())),
            (Some(file(1, Some(0))), Err(Refusal::NotOwned)),
            (Some(file(1, Some(1001))), Err(Refusal::NotOwned)),
            (Some(file(2, Some(1000))), Err(Refusal::Linked)),
            (
                Some(Existing {
                    symlink: true,
                    file: false,
                    links: 1,
                    owner: Some(1000),
                }),
                Err(Refusal::Symlink),
            ),
            (
                Some(Existing {
                    symlink: false,
                    file: false,
                    links: 2,
                    owner: Some(1000),
                }),
                Err(Refusal::NotAFile),
            ),
            // Where the platform has no owners, none is compared.
            (Some(file(1, None)), Ok(())),
        ];
        for (existing, expected) in cases {
            assert_eq!(judge(existing, me), expected, "{existing:?}");
        }
        // Root (uid 0) does not reuse a user's file either.
        assert_eq!(
            judge(Some(file(1, Some(1000))), Some(0)),
            Err(Refusal::NotOwned)
        );
    }

    #[test]
    fn refusals_name_the_file_and_what_to_do() {
        let error = WriteError::Refused {
            path: PathBuf::from("out/key.pem"),
            reason: Refusal::Symlink,
        };
        assert_eq!(
            error.to_string(),
            "refusing to write out/key.pem: it is a symbolic link, and writing it would write wherever it points; remove the link or choose another --out directory (nothing was written)"
        );
    }
}
