//! `fayuan calc fee`, `fayuan calc period` and `fayuan case-number parse`: the legal rules of
//! `fayuan-core` for clerks at the console. Each prints the answer on the first line, then how
//! it was reached. Bad input is a [`CalcError`] (exit status 2).

use fayuan_core::case_number::CaseNumber;
use fayuan_core::fee::{AdministrativeKind, FeeAmount, FeeKind, FeeOptions, FeeSchedule, quote};
use fayuan_core::money::Fen;
use fayuan_core::period::{PeriodOptions, add_days, add_months};
use time::Date;
use time::macros::format_description;

/// Input the rules refuse.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CalcError(pub String);

/// Fee kinds accepted by `--kind`.
pub const FEE_KINDS: &[&str] = &[
    "property",
    "divorce",
    "personality",
    "other-nonproperty",
    "ip",
    "labor",
    "administrative",
    "administrative-special",
    "jurisdiction-objection",
    "execution",
    "preservation",
    "payment-order",
    "public-notice",
    "arbitration",
    "bankruptcy",
];

/// Computes a fee. `amount` is in yuan with at most two decimals.
pub fn fee(
    kind: &str,
    amount: Option<&str>,
    summary: bool,
    closure: Option<&str>,
) -> Result<Vec<String>, CalcError> {
    let amount = amount
        .map(|a| {
            Fen::parse_yuan(a).filter(|f| f.0 >= 0).ok_or_else(|| {
                CalcError(format!("金额格式不正确：{a}（以元为单位，最多两位小数）"))
            })
        })
        .transpose()?;
    let required = || amount.ok_or_else(|| CalcError(format!("{kind} 需要 --amount")));
    let fee_kind = match kind {
        "property" => FeeKind::Property {
            amount: required()?,
        },
        "divorce" => FeeKind::Divorce { property: amount },
        "personality" => FeeKind::Personality { damages: amount },
        "other-nonproperty" => FeeKind::OtherNonProperty,
        "ip" => FeeKind::IntellectualProperty { amount },
        "labor" => FeeKind::Labor,
        "administrative" => FeeKind::Administrative {
            administrative: AdministrativeKind::Other,
        },
        "administrative-special" => FeeKind::Administrative {
            administrative: AdministrativeKind::TrademarkPatentMaritime,
        },
        "jurisdiction-objection" => FeeKind::JurisdictionObjection,
        "execution" => FeeKind::Enforcement { amount },
        "preservation" => FeeKind::Preservation { amount },
        "payment-order" => FeeKind::PaymentOrder {
            amount: required()?,
        },
        "public-notice" => FeeKind::PublicNotice,
        "arbitration" => FeeKind::Arbitration,
        "bankruptcy" => FeeKind::Bankruptcy {
            estate: required()?,
        },
        other => {
            return Err(CalcError(format!(
                "未知的费用种类：{other}；可选：{}",
                FEE_KINDS.join(", ")
            )));
        }
    };
    let options = FeeOptions {
        summary_procedure: summary,
        mediation_or_withdrawal: match closure {
            None => false,
            Some("mediation" | "withdrawal") => true,
            Some(other) => {
                return Err(CalcError(format!(
                    "--closure 只能是 mediation 或 withdrawal：{other}"
                )));
            }
        },
        ..FeeOptions::default()
    };
    let q = quote(&fee_kind, &options, &FeeSchedule::national())
        .map_err(|e| CalcError(e.to_string()))?;
    let first = match q.amount {
        FeeAmount::Fixed(f) => f.to_string(),
        FeeAmount::Range { min, max } => format!("{min}-{max}"),
    };
    Ok(std::iter::once(first).chain(q.explanation).collect())
}

/// Computes the last day of a period of `days` days or `months` months from `from`.
pub fn period(
    from: &str,
    days: Option<u32>,
    months: Option<u32>,
    custody: bool,
) -> Result<Vec<String>, CalcError> {
    let from = Date::parse(from, format_description!("[year]-[month]-[day]"))
        .map_err(|_| CalcError(format!("日期格式应为 YYYY-MM-DD：{from}")))?;
    let options = PeriodOptions {
        criminal: custody,
        custody,
        ..PeriodOptions::default()
    };
    let outcome = match (days, months) {
        (Some(d), None) => add_days(from, d, options),
        (None, Some(m)) => add_months(from, m, options),
        _ => return Err(CalcError("请给出 --days 或 --months 之一".into())),
    }
    .map_err(|e| CalcError(e.to_string()))?;
    Ok(std::iter::once(outcome.last_day.to_string())
        .chain(outcome.reasoning)
        .collect())
}

/// Parses a case number into its JSON description.
pub fn case_number(text: &str) -> Result<String, CalcError> {
    let parsed =
        CaseNumber::parse(text).map_err(|e| CalcError(format!("不是案号：{text}（{e}）")))?;
    serde_json::to_string(&parsed.view()).map_err(|e| CalcError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_first_line_is_the_amount() {
        assert_eq!(
            fee("property", Some("100000"), false, None).unwrap()[0],
            "2300.00"
        );
        assert_eq!(
            fee("property", Some("100000"), true, Some("mediation")).unwrap()[0],
            "1150.00"
        );
        assert_eq!(
            fee("divorce", None, false, None).unwrap()[0],
            "50.00-300.00"
        );
        assert_eq!(fee("labor", None, false, None).unwrap()[0], "10.00");
        assert!(fee("property", None, false, None).is_err());
        assert!(fee("property", Some("-1"), false, None).is_err());
        assert!(fee("spaceship", Some("1"), false, None).is_err());
        assert!(fee("property", Some("1"), false, Some("judgment")).is_err());
    }

    #[test]
    fn period_rolls_over_national_day() {
        // 15 days from 2025-09-23 end on 2025-10-08, inside the National Day holiday → 2025-10-09.
        assert_eq!(
            period("2025-09-23", Some(15), None, false).unwrap()[0],
            "2025-10-09"
        );
        assert!(period("2030-01-01", Some(15), None, false).is_err());
        assert!(period("2025-13-01", Some(15), None, false).is_err());
        assert!(period("2025-01-01", Some(1), Some(1), false).is_err());
    }

    #[test]
    fn case_numbers_parse_to_json() {
        let json = case_number("（2021）豫0927民初89号").unwrap();
        assert!(json.contains("\"type_code\":\"民初\""), "{json}");
        assert!(case_number("not a case number").is_err());
    }
}
