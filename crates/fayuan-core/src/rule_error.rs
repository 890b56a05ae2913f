//! The one error type of the pure legal-rule modules ([`case_number`](crate::case_number),
//! [`fee`](crate::fee), [`calendar`](crate::calendar), [`period`](crate::period),
//! [`time_limit`](crate::time_limit), [`cause`](crate::cause)).
//!
//! Every variant has a stable snake_case [`code`](RuleError::code) that is also the i18n key.

use time::Date;

/// Why a legal rule could not be applied to the given input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// The text is not a case number (案号) in the current or the legacy format.
    #[error("not a case number: {input:?}")]
    CaseNumberUnparseable {
        /// The rejected text.
        input: String,
    },
    /// The case number is well formed but its case type code (类型代字) is not in the standard.
    #[error("unknown case type code {type_code:?}")]
    CaseNumberUnknownTypeCode {
        /// The unknown code.
        type_code: String,
    },
    /// A case number component is out of range (year, sequence, suffix).
    #[error("invalid case number: {reason}")]
    CaseNumberInvalid {
        /// Which component is wrong.
        reason: &'static str,
    },
    /// The text is not a court code (法院代字) of the 2015 case-number rules, Art. 4-5.
    #[error("not a court code: {input:?}")]
    CourtCodeInvalid {
        /// The rejected text.
        input: String,
    },
    /// A claimed or enforced amount is negative or absurdly large.
    #[error("invalid amount: {amount_fen} fen")]
    FeeInvalidAmount {
        /// The rejected amount in fen.
        amount_fen: i64,
    },
    /// A provincial fee schedule sets a range outside the statutory range or with min > max.
    #[error("fee schedule item {item} is outside the statutory range")]
    FeeInvalidSchedule {
        /// The schedule item.
        item: &'static str,
    },
    /// A reduction of the acceptance fee was asked for a fee that is not an acceptance fee.
    #[error("reduction not applicable to {kind}")]
    FeeReductionNotApplicable {
        /// The fee kind.
        kind: &'static str,
    },
    /// The embedded holiday calendar data is malformed (guarded by a unit test).
    #[error("holiday calendar data invalid at line {line}: {reason}")]
    CalendarInvalidData {
        /// 1-based line number in the data file.
        line: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// An embedded cause-of-action list (civil causes or criminal charges) is malformed
    /// (guarded by a unit test).
    #[error("cause list {file} invalid at line {line}: {reason}")]
    CauseInvalidData {
        /// Name of the data file.
        file: &'static str,
        /// 1-based line number in the data file (0 for the file as a whole).
        line: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A date falls outside the years covered by the holiday calendar.
    #[error("{date} is outside the holiday calendar")]
    PeriodOutsideCalendar {
        /// The uncovered date.
        date: Date,
    },
    /// A period of zero length or one that leaves the representable date range.
    #[error("invalid period length")]
    PeriodInvalidLength,
    /// A suspension (扣除审限) range ends before it starts.
    #[error("suspension from {from} to {to} is reversed")]
    TimeLimitInvalidSuspension {
        /// First suspended day.
        from: Date,
        /// Last suspended day.
        to: Date,
    },
    /// A granted extension (延长审限) does not match the extension rules of the procedure.
    #[error("extension {index} not allowed: {reason}")]
    TimeLimitExtensionNotAllowed {
        /// 0-based position of the extension in the list given.
        index: usize,
        /// Why it is refused.
        reason: &'static str,
    },
}

impl RuleError {
    /// The stable snake_case code of the error (also the i18n key).
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::CaseNumberUnparseable { .. } => "case_number.unparseable",
            RuleError::CaseNumberUnknownTypeCode { .. } => "case_number.unknown_type_code",
            RuleError::CaseNumberInvalid { .. } => "case_number.invalid",
            RuleError::CourtCodeInvalid { .. } => "case_number.invalid_court_code",
            RuleError::FeeInvalidAmount { .. } => "fee.invalid_amount",
            RuleError::FeeInvalidSchedule { .. } => "fee.invalid_schedule",
            RuleError::FeeReductionNotApplicable { .. } => "fee.reduction_not_applicable",
            RuleError::CalendarInvalidData { .. } => "calendar.invalid_data",
            RuleError::CauseInvalidData { .. } => "cause.invalid_data",
            RuleError::PeriodOutsideCalendar { .. } => "period.outside_calendar",
            RuleError::PeriodInvalidLength => "period.invalid_length",
            RuleError::TimeLimitInvalidSuspension { .. } => "time_limit.invalid_suspension",
            RuleError::TimeLimitExtensionNotAllowed { .. } => "time_limit.extension_not_allowed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn codes_are_stable_snake_case() {
        let cases = [
            (
                RuleError::CaseNumberUnparseable { input: "x".into() },
                "case_number.unparseable",
            ),
            (
                RuleError::PeriodOutsideCalendar {
                    date: date!(2030 - 01 - 01),
                },
                "period.outside_calendar",
            ),
            (
                RuleError::FeeInvalidAmount { amount_fen: -1 },
                "fee.invalid_amount",
            ),
            (
                RuleError::CauseInvalidData {
                    file: "x.tsv",
                    line: 1,
                    reason: "x",
                },
                "cause.invalid_data",
            ),
        ];
        for (error, code) in cases {
            assert_eq!(error.code(), code);
        }
    }
}
