//! Canonical decimal numbers in text formats: ASCII digits, no sign, no leading zeros.

/// Parses `text` as a canonical decimal `u64`; `None` for anything else, including overflow.
pub(crate) fn parse_u64(text: &str) -> Option<u64> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if canonical { text.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_canonical_decimals() {
        assert_eq!(parse_u64("0"), Some(0));
        assert_eq!(parse_u64("20852163"), Some(20_852_163));
        assert_eq!(parse_u64("18446744073709551615"), Some(u64::MAX));
        for bad in [
            "",
            "00",
            "01",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1e3",
            "18446744073709551616",
        ] {
            assert_eq!(parse_u64(bad), None, "{bad:?}");
        }
    }
}
