//! Validation of the two national identifiers a party registers with: the citizen identity number
//! (公民身份号码, GB 11643-1999) and the unified social credit code (统一社会信用代码, GB 32100-2015).
//! Algorithms and worked examples: RULES.md §5.

use std::fmt;
use time::{Date, Month};

/// Why an identifier was refused; each maps to a stable error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    /// Not 18 characters of the allowed alphabet.
    #[error("格式不正确：应为18位")]
    Format,
    /// The check character does not match (GB 11643 / GB 32100).
    #[error("校验码不正确")]
    Checksum,
    /// The embedded birth date does not exist or lies in the future.
    #[error("出生日期不正确")]
    BirthDate,
}

impl IdentityError {
    /// The stable error code, also the i18n key.
    pub fn code(&self) -> &'static str {
        match self {
            IdentityError::Format => "identity.format",
            IdentityError::Checksum => "identity.checksum",
            IdentityError::BirthDate => "identity.birth_date",
        }
    }
}

/// A validated 18-character citizen identity number, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct IdNumber(String);

/// GB 11643-1999 weights for positions 1–17 (2^(18−i) mod 11).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// GB 11643-1999 check characters indexed by S mod 11.
const ID_CHECK: &[u8; 11] = b"10X98765432";

impl IdNumber {
    /// Validates `text` (lower-case `x` accepted) against the checksum and the birth date, which
    /// must exist and not be after `today`.
    pub fn parse(text: &str, today: Date) -> Result<IdNumber, IdentityError> {
        let upper = text.trim().to_ascii_uppercase();
        let bytes = upper.as_bytes();
        if bytes.len() != 18
            || !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(IdentityError::Format);
        }
        let sum: u32 = bytes[..17]
            .iter()
            .zip(ID_WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        if ID_CHECK[(sum % 11) as usize] != bytes[17] {
            return Err(IdentityError::Checksum);
        }
        let birth = birth_date(&upper).ok_or(IdentityError::BirthDate)?;
        if birth > today {
            return Err(IdentityError::BirthDate);
        }
        Ok(IdNumber(upper))
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date encoded in positions 7–14.
    pub fn birth_date(&self) -> Option<Date> {
        birth_date(&self.0)
    }

    /// The number with all but the first 3 and last 4 characters hidden, for display.
    pub fn masked(&self) -> String {
        mask_identifier(&self.0)
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Hides all but the first 3 and last 4 characters of an identifier (identity number, card
/// number) for display: `110101199003077774` → `110***********7774`. Short texts are hidden whole.
pub fn mask_identifier(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

fn birth_date(number: &str) -> Option<Date> {
    let year: i32 = number.get(6..10)?.parse().ok()?;
    let month: u8 = number.get(10..12)?.parse().ok()?;
    let day: u8 = number.get(12..14)?.parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// A validated unified social credit code (统一社会信用代码).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Uscc(String);

/// GB 32100-2015 alphabet: digits and capitals without I, O, Z, S, V; values 0–30.
const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// GB 32100-2015 weights for positions 1–17 (3^(i−1) mod 31).
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

impl Uscc {
    /// Validates `text` (lower case accepted) against the GB 32100 check character.
    pub fn parse(text: &str) -> Result<Uscc, IdentityError> {
        let upper = text.trim().to_ascii_uppercase();
        let values: Option<Vec<u32>> = upper
            .bytes()
            .map(|b| USCC_ALPHABET.iter().position(|&a| a == b).map(|p| p as u32))
            .collect();
        let values = match values {
            Some(v) if v.len() == 18 => v,
            _ => return Err(IdentityError::Format),
        };
        let sum: u32 = values[..17]
            .iter()
            .zip(USCC_WEIGHTS)
            .map(|(v, w)| v * w)
            .sum();
        if (31 - sum % 31) % 31 != values[17] {
            return Err(IdentityError::Checksum);
        }
        Ok(Uscc(upper))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    #[test]
    fn id_numbers_from_rules_md() {
        for ok in [
            "11010519491231002X",
            "440524188001010014",
            "110101199003077774",
            "320311197001011230",
            "510107200002290029",
            "11010519491231002x",
        ] {
            assert!(IdNumber::parse(ok, TODAY).is_ok(), "{ok}");
        }
        assert_eq!(
            IdNumber::parse("11010519491231002x", TODAY)
                .unwrap()
                .as_str(),
            "11010519491231002X"
        );
        let cases = [
            ("11010519491231002Y", IdentityError::Format),
            ("110105194912310021", IdentityError::Checksum),
            ("440524188001010013", IdentityError::Checksum),
            ("11010519491331002X", IdentityError::Checksum),
            ("1101051949123100", IdentityError::Format),
        ];
        for (bad, why) in cases {
            assert_eq!(IdNumber::parse(bad, TODAY).unwrap_err(), why, "{bad}");
        }
    }

    #[test]
    fn impossible_and_future_birth_dates_are_refused() {
        // 2023-02-29 does not exist; the check character is made valid so only the date fails.
        assert_eq!(
            IdNumber::parse(&with_check("11010520230229001"), TODAY),
            Err(IdentityError::BirthDate)
        );
        assert_eq!(
            IdNumber::parse(&with_check("11010520300101001"), TODAY),
            Err(IdentityError::BirthDate)
        );
        assert!(IdNumber::parse(&with_check("11010520000229001"), TODAY).is_ok());
    }

    #[test]
    fn masks_the_middle() {
        let id = IdNumber::parse("110101199003077774", TODAY).unwrap();
        assert_eq!(id.masked(), "110***********7774");
        assert_eq!(mask_identifier("1234567"), "*******");
        assert_eq!(id.birth_date(), Some(date!(1990 - 03 - 07)));
    }

    #[test]
    fn credit_codes_from_rules_md() {
        for ok in [
            "91350100M000100Y43",
            "9144030071526726XG",
            "914403001922038216",
            "92110108000000086Y",
            "921101080000001310",
        ] {
            assert!(Uscc::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "91350100M000100Y44",
            "9144030071526726XH",
            "914403001922038215",
            "91350100I000100Y43",
            "91350100M000100Y4",
            "91110000100003262C",
        ] {
            assert!(Uscc::parse(bad).is_err(), "{bad}");
        }
    }

    /// Appends the correct GB 11643 check character to 17 digits.
    pub(crate) fn with_check(first17: &str) -> String {
        let sum: u32 = first17
            .bytes()
            .zip(ID_WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        format!("{first17}{}", ID_CHECK[(sum % 11) as usize] as char)
    }
}
