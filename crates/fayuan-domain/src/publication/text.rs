//! Text helpers of the masking: character classes, and turning found spans into one consistent
//! set of changes applied to the original.

use super::{Change, Rule};

/// A Han character (the CJK Unified Ideographs blocks used in names and addresses).
pub(super) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// The text of `chars[start..end]`.
pub(super) fn slice(chars: &[char], start: usize, end: usize) -> String {
    chars[start..end].iter().collect()
}

/// Whether `needle` occurs in `chars` at `at`.
pub(super) fn at(chars: &[char], at: usize, needle: &[char]) -> bool {
    chars.len() >= at + needle.len() && chars[at..at + needle.len()] == *needle
}

/// Every start index of `needle` in `chars`, without overlaps.
pub(super) fn find_all(chars: &[char], needle: &[char]) -> Vec<usize> {
    let mut found = Vec::new();
    if needle.is_empty() {
        return found;
    }
    let mut i = 0;
    while i + needle.len() <= chars.len() {
        if at(chars, i, needle) {
            found.push(i);
            i += needle.len();
        } else {
            i += 1;
        }
    }
    found
}

/// A change of `chars[start..end]` into `replacement`.
pub(super) fn change(
    chars: &[char],
    start: usize,
    end: usize,
    replacement: impl Into<String>,
    rule: Rule,
) -> Change {
    Change {
        start,
        end,
        original: slice(chars, start, end),
        replacement: replacement.into(),
        rule,
    }
}

/// One consistent set of changes in text order: deletions of personal information take the
/// characters they cover first, then names; a change overlapping one already taken is dropped.
pub(super) fn resolve(mut found: Vec<Change>) -> Vec<Change> {
    found.sort_by_key(|c| (c.rule == Rule::Pseudonym, c.start, usize::MAX - c.end));
    let mut taken: Vec<Change> = Vec::new();
    for c in found {
        if c.original == c.replacement {
            continue;
        }
        if taken.iter().all(|t| c.end <= t.start || t.end <= c.start) {
            taken.push(c);
        }
    }
    taken.sort_by_key(|c| c.start);
    taken
}

/// The original with the (non-overlapping, ordered) changes applied.
pub(super) fn apply(chars: &[char], changes: &[Change]) -> String {
    let mut out = String::with_capacity(chars.len() * 3);
    let mut next = 0;
    for c in changes {
        out.extend(&chars[next..c.start]);
        out.push_str(&c.replacement);
        next = c.end;
    }
    out.extend(&chars[next..]);
    out
}
