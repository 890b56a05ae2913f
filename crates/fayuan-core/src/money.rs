//! Money as integer fen (分). No floating point is ever used for amounts.

use std::fmt;

/// An amount of money in fen (0.01 元), with checked arithmetic.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl Fen {
    /// Zero fen.
    pub const ZERO: Fen = Fen(0);

    /// An amount of whole yuan.
    pub const fn yuan(yuan: i64) -> Fen {
        Fen(yuan * 100)
    }

    /// Sum of two amounts, `None` on overflow.
    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    /// Difference of two amounts, `None` on overflow.
    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    /// Parses a yuan amount written with at most two decimals (`"1234.5"`, `"10000.00"`).
    pub fn parse_yuan(text: &str) -> Option<Fen> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        if whole.is_empty() || frac.len() > 2 || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let frac_fen: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().ok()? * 10,
            _ => frac.parse().ok()?,
        };
        let fen = whole.checked_mul(100)?.checked_add(frac_fen)?;
        Some(Fen(if negative { -fen } else { fen }))
    }
}

impl fmt::Display for Fen {
    /// Formats as yuan with two decimals, e.g. `2300.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_yuan() {
        assert_eq!(Fen::parse_yuan("10000"), Some(Fen(1_000_000)));
        assert_eq!(Fen::parse_yuan("10000.01"), Some(Fen(1_000_001)));
        assert_eq!(Fen::parse_yuan("0.5"), Some(Fen(50)));
        assert_eq!(Fen::parse_yuan("1.234"), None);
        assert_eq!(Fen::parse_yuan("abc"), None);
        assert_eq!(Fen::parse_yuan(""), None);
        assert_eq!(Fen(230_000).to_string(), "2300.00");
        assert_eq!(Fen(-5).to_string(), "-0.05");
    }
}
