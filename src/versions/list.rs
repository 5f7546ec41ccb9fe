//! A version list as read from any shape, and its normal form: newest first, one entry per
//! version, the default, the supported window and the minors. In time n log n in the number of
//! versions; lists are tens of versions, but a pasted one may hold anything up to the input cap.

use super::Format;
use super::{MinorSummary, Version, VersionEntry, VersionList, SUPPORTED_MINORS};

/// A list as read, before sorting and summarising.
pub(super) struct RawList {
    pub format: Format,
    pub entries: Vec<(Version, VersionEntry)>,
    /// The default minor of the kubernetesVersions API, whose default patch is not given.
    pub default_minor: Option<Version>,
    pub current: Option<String>,
}

/// Sorts newest first, picks the default and the window, summarises the minors.
pub(super) fn normalise(raw: RawList) -> VersionList {
    let RawList {
        format,
        mut entries,
        default_minor,
        current,
    } = raw;
    sort_stable(&mut entries, |a, b| a.0 > b.0);
    entries.dedup_by(|a, b| a.0 == b.0);
    // New API: the newest GA patch of the default minor (azure-facts §4.5).
    if let Some(minor) = default_minor {
        let pick = entries
            .iter()
            .position(|(v, e)| v.minor_version() == minor && !e.is_preview)
            .or_else(|| entries.iter().position(|(v, _)| v.minor_version() == minor));
        if let Some(index) = pick {
            entries[index].1.is_default = true;
        }
    }
    let default_version = entries
        .iter()
        .find(|(_, e)| e.is_default)
        .map(|(_, e)| e.version.clone());
    let mut minors: Vec<(Version, MinorSummary)> = Vec::new();
    for (version, entry) in &entries {
        let minor = version.minor_version();
        let lts = entry
            .support_plan
            .iter()
            .any(|p| p.eq_ignore_ascii_case(crate::support::LONG_TERM_PLAN));
        // Without support plans (older shapes) every minor counts as a community one.
        let community = entry.support_plan.is_empty()
            || entry
                .support_plan
                .iter()
                .any(|p| p.eq_ignore_ascii_case("KubernetesOfficial"));
        // Sorted, so a minor's versions are next to each other: only the last summary can be
        // this minor's.
        match minors.last_mut().filter(|(m, _)| *m == minor) {
            Some((_, summary)) => {
                summary.is_preview &= entry.is_preview;
                summary.is_lts |= lts;
                summary.is_lts_only &= lts && !community;
                summary.is_default |= entry.is_default;
                summary.patches.push(entry.version.clone());
            }
            None => minors.push((
                minor,
                MinorSummary {
                    minor: minor.to_string(),
                    is_preview: entry.is_preview,
                    is_lts: lts,
                    is_lts_only: lts && !community,
                    is_default: entry.is_default,
                    in_window: false,
                    patches: vec![entry.version.clone()],
                },
            )),
        }
    }
    let mut supported_minors = Vec::new();
    for (_, summary) in minors
        .iter_mut()
        .filter(|(_, s)| !s.is_preview && !s.is_lts_only)
        .take(SUPPORTED_MINORS)
    {
        summary.in_window = true;
        supported_minors.push(summary.minor.clone());
    }
    VersionList {
        format,
        versions: entries.into_iter().map(|(_, e)| e).collect(),
        default_version,
        supported_minors,
        minors: minors.into_iter().map(|(_, s)| s).collect(),
        current,
    }
}

/// Sorts `items` so that `before(a, b)` holds for no `b` after `a`, keeping the order of items
/// neither goes before: a heap sort of positions (n log n; a few hundred bytes of wasm where
/// `sort_by` costs kilobytes), then one move of each item.
pub(super) fn sort_stable<T>(items: &mut Vec<T>, before: impl Fn(&T, &T) -> bool) {
    // `az` prints versions newest first: a list already in order costs one pass.
    if items.windows(2).all(|pair| !before(&pair[1], &pair[0])) {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    // `a` goes before `b`: by `before`, else by position.
    let first = |a: usize, b: usize| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => before(x, y) || (!before(y, x) && a < b),
        _ => a < b,
    };
    heap_sort(&mut order, |&a, &b| first(a, b));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .iter()
            .filter_map(|&at| slots.get_mut(at).and_then(Option::take)),
    );
}

/// An in-place heap sort, ascending by `less`.
fn heap_sort<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let sift_down = |items: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(&items[child], &items[child + 1]) {
            child += 1;
        }
        if !less(&items[root], &items[child]) {
            break;
        }
        items.swap(root, child);
        root = child;
    };
    let len = items.len();
    for start in (0..len / 2).rev() {
        sift_down(items, start, len);
    }
    for end in (1..len).rev() {
        items.swap(0, end);
        sift_down(items, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sort_orders_and_keeps_ties_in_place() {
        for len in 0..40 {
            let mut state = 7u32 + len;
            let items: Vec<(u32, u32)> = (0..len)
                .map(|at| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((state >> 16) % 6, at)
                })
                .collect();
            let mut sorted = items.clone();
            sort_stable(&mut sorted, |a, b| a.0 > b.0);
            let mut expected = items;
            expected.sort_by_key(|item| std::cmp::Reverse(item.0));
            assert_eq!(sorted, expected, "{len}");
        }
    }
}
