//! `az aks get-versions --output table`, old (`KubernetesVersion  Upgrades`) and new (`…
//! IsPreview … SupportPlan`): columns start where the header's names start, so each cell is read
//! by position, in one pass over each row. A row whose text crosses a column boundary is an
//! error naming the row, never a version cut at the boundary.

use super::list::RawList;
use super::{parse_version, Format, Upgrade, VersionEntry};
use crate::diagnostic::{excerpt, Code, Diagnostic, Severity};

/// The column every table starts with, whose line is the header.
const VERSION_COLUMN: &str = "KubernetesVersion";

/// The table in `text`, or `None` when there is no header line.
pub(super) fn read_table(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<RawList> {
    let mut lines = text.lines().enumerate();
    let (_, header) = lines
        .by_ref()
        .find(|(_, line)| line.trim_start().starts_with(VERSION_COLUMN))?;
    let columns = Columns::of(header);
    let version = columns.position(VERSION_COLUMN);
    let upgrades = columns.position("Upgrades");
    let preview = columns.position("IsPreview");
    let plan = columns.position("SupportPlan");
    let two_columns = preview.is_none() && plan.is_none();
    let mut entries = Vec::new();
    for (index, line) in lines {
        let line_number = index + 1;
        if line.trim().chars().all(|c| c == '-' || c == ' ') {
            continue;
        }
        let row: Vec<char> = line.chars().collect();
        // The version is the row's first value: up to two blanks in a row, or the end.
        let start = row.iter().position(|c| !c.is_whitespace()).unwrap_or(0);
        let end = (start..row.len())
            .find(|&at| {
                row[at].is_whitespace() && row.get(at + 1).is_none_or(|c| c.is_whitespace())
            })
            .unwrap_or(row.len());
        let overflow = columns.version_overflow(end);
        let fits = overflow.is_none();
        let aligned = match overflow.map_or_else(|| columns.check(&row), Err) {
            Ok(()) => true,
            // The old table has one value after the version: a row that does not line up
            // (leading blanks lost, or spaces squeezed) is still clear when the version fits.
            Err(_) if two_columns && fits => false,
            Err(message) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::VersionsTableMisaligned,
                        Severity::Error,
                        format!("line {line_number}"),
                        format!("line {line_number} was not read: {message}; paste the table as `az aks get-versions --output table` prints it, or use `--output json`"),
                    )
                    .at_line(line_number),
                );
                continue;
            }
        };
        let cell = |column: Option<usize>| -> String {
            match column {
                Some(c) if aligned => columns.cell(&row, c),
                _ => String::new(),
            }
        };
        let version_text: String = row.get(start..end).unwrap_or_default().iter().collect();
        // Cells apart by two or more blanks inside the version's column (a table narrower than
        // its header, or one that does not line up): the rest of the row is the upgrades.
        let upgrades_text = if aligned && cell(version) == version_text.trim() {
            cell(upgrades)
        } else {
            row.get(end..)
                .unwrap_or_default()
                .iter()
                .collect::<String>()
                .trim()
                .to_owned()
        };
        let (parsed, suffix_preview) = match parse_version(&version_text) {
            Ok(parsed) => parsed,
            Err(error) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::KubernetesVersionInvalid,
                        Severity::Warning,
                        format!("line {line_number}"),
                        format!("skipped: {error}"),
                    )
                    .at_line(line_number),
                );
                continue;
            }
        };
        let is_preview = suffix_preview || cell(preview).eq_ignore_ascii_case("true");
        let upgrades = read_upgrade_list(&upgrades_text, line_number, diagnostics);
        let support_plan = cell(plan)
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        entries.push((
            parsed,
            VersionEntry {
                version: parsed.to_string(),
                is_preview,
                is_default: false,
                upgrades,
                support_plan,
            },
        ));
    }
    Some(RawList {
        format: Format::Table,
        entries,
        default_minor: None,
        current: None,
    })
}

/// The header's columns: where each name starts (in characters) and the name.
struct Columns<'h> {
    starts: Vec<(usize, &'h str)>,
}

impl<'h> Columns<'h> {
    fn of(header: &'h str) -> Columns<'h> {
        let mut starts = Vec::new();
        let mut previous_blank = true;
        for (column, (byte, c)) in header.char_indices().enumerate() {
            if !c.is_whitespace() && previous_blank {
                let rest = &header[byte..];
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                starts.push((column, &rest[..end]));
            }
            previous_blank = c.is_whitespace();
        }
        Columns { starts }
    }

    /// The index of the column named `name`, when the header has it.
    fn position(&self, name: &str) -> Option<usize> {
        self.starts.iter().position(|&(_, n)| n == name)
    }

    /// The trimmed text of column `index` in `row`.
    fn cell(&self, row: &[char], index: usize) -> String {
        let start = self.starts.get(index).map_or(row.len(), |c| c.0);
        let end = self.starts.get(index + 1).map_or(row.len(), |c| c.0);
        let (start, end) = (start.min(row.len()), end.min(row.len()));
        row.get(start..end)
            .unwrap_or_default()
            .iter()
            .collect::<String>()
            .trim()
            .to_owned()
    }

    /// The problem when the row's first value, ending at character `end`, runs past where the
    /// second column starts: cut there, it would be another version.
    fn version_overflow(&self, end: usize) -> Option<String> {
        let (&(_, first), &(start, second)) = (self.starts.first()?, self.starts.get(1)?);
        (end > start).then(|| overflow(first, second, start))
    }

    /// Whether `row` keeps within the columns: nothing left of the first one, and a blank just
    /// before each next one it reaches (`az` puts two). Text across a boundary would be cut into
    /// two cells, a made-up version among them.
    fn check(&self, row: &[char]) -> Result<(), String> {
        let blank = |at: usize| row.get(at).is_none_or(|c| c.is_whitespace());
        if let Some(&(first, name)) = self.starts.first() {
            if let Some(at) = (0..first.min(row.len())).find(|&at| !blank(at)) {
                return Err(format!(
                    "it has text at character {}, left of where the header's {} column starts (character {})",
                    at + 1,
                    excerpt(name),
                    first + 1
                ));
            }
        }
        for pair in self.starts.windows(2) {
            let [(_, before), (start, after)] = pair else {
                continue;
            };
            if *start >= row.len() {
                break;
            }
            if !blank(start - 1) {
                return Err(overflow(before, after, *start));
            }
        }
        Ok(())
    }
}

/// What a value of column `before` running into column `after` (starting at character index
/// `start`) is told as.
fn overflow(before: &str, after: &str, start: usize) -> String {
    format!(
        "its {} value runs into the {} column, which starts at character {} in the header",
        excerpt(before),
        excerpt(after),
        start + 1
    )
}

/// `1.17.7, 1.18.4(preview)` or `None available`.
fn read_upgrade_list(text: &str, line: usize, diagnostics: &mut Vec<Diagnostic>) -> Vec<Upgrade> {
    if text.eq_ignore_ascii_case("none available") || text.is_empty() {
        return Vec::new();
    }
    let mut upgrades = Vec::new();
    for part in text.split(',') {
        match parse_version(part) {
            Ok((version, is_preview)) => upgrades.push(Upgrade {
                version: version.to_string(),
                is_preview,
            }),
            Err(error) => diagnostics.push(
                Diagnostic::new(
                    Code::KubernetesVersionInvalid,
                    Severity::Warning,
                    format!("line {line}"),
                    format!("an upgrade was skipped: {error}"),
                )
                .at_line(line),
            ),
        }
    }
    upgrades
}
