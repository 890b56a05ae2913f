//! Procedural periods (期间) counted in days, months or years.
//!
//! Rules implemented:
//! * the start day is not counted; counting starts the next day (《民事诉讼法》第八十五条第二款,
//!   《民法典》第二百零一条, 《刑事诉讼法》第一百零五条第二款, 民诉法解释第一百二十五条);
//! * a period in months or years ends on the corresponding day of the final month, or on the
//!   last day of that month if it has no such day (《民法典》第二百零二条);
//! * a last day that is not a working day rolls to the first working day after it
//!   (《民事诉讼法》第八十五条第三款, 《民法典》第二百零三条, 《刑事诉讼法》第一百零五条第四款).
//!   Weekends count as rest days and make-up workdays (调休上班日) as working days, following the
//!   actual official schedule (RULES.md §4.1; configurable via [`PeriodOptions::weekend_is_rest_day`]);
//! * periods of custody (在押期间) never roll (《刑事诉讼法》第一百零五条第四款但书).
//!
//! Administrative procedure uses the civil rules (《行政诉讼法》第一百零一条).

use time::{Date, Month, Weekday};

use crate::calendar::{self, DayKind};
use crate::rule_error::RuleError;

/// How a period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodOptions {
    /// A criminal-procedure period: cite 《刑事诉讼法》第一百零五条 instead of the civil articles.
    pub criminal: bool,
    /// A period of custody of a suspect, accused or convict: ends on its last day even if that
    /// is a holiday (《刑事诉讼法》第一百零五条第四款). Implies `criminal`.
    pub custody: bool,
    /// Treat ordinary Saturdays and Sundays as rest days that the last day rolls over (default
    /// `true`, the long-standing court practice); `false` rolls over public holidays only.
    pub weekend_is_rest_day: bool,
}

impl Default for PeriodOptions {
    fn default() -> Self {
        PeriodOptions {
            criminal: false,
            custody: false,
            weekend_is_rest_day: true,
        }
    }
}

/// The end of a period and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PeriodOutcome {
    /// The last day of the period (acts are in time until 24:00 of this day).
    pub last_day: Date,
    /// Chinese sentences explaining the count and every roll-over.
    pub reasoning: Vec<String>,
}

/// A period of `days` days starting after `from`.
pub fn add_days(from: Date, days: u32, options: PeriodOptions) -> Result<PeriodOutcome, RuleError> {
    if days == 0 {
        return Err(RuleError::PeriodInvalidLength);
    }
    let nominal = shift_days(from, i64::from(days))?;
    let mut reasoning = vec![start_line(from, options)?];
    reasoning.push(format!(
        "期间为{days}日，届满日为 {}。",
        with_weekday(nominal)
    ));
    finish(nominal, options, reasoning)
}

/// A period of `months` months starting after `from`.
pub fn add_months(
    from: Date,
    months: u32,
    options: PeriodOptions,
) -> Result<PeriodOutcome, RuleError> {
    if months == 0 {
        return Err(RuleError::PeriodInvalidLength);
    }
    let mut reasoning = vec![start_line(from, options)?];
    reasoning.push(month_line(from, months, &format!("{months}个月"))?);
    finish(shift_months(from, months)?, options, reasoning)
}

/// A period of `years` years starting after `from` (counted as 12 × `years` months).
pub fn add_years(
    from: Date,
    years: u32,
    options: PeriodOptions,
) -> Result<PeriodOutcome, RuleError> {
    let months = years
        .checked_mul(12)
        .filter(|m| *m > 0)
        .ok_or(RuleError::PeriodInvalidLength)?;
    let mut reasoning = vec![start_line(from, options)?];
    reasoning.push(month_line(from, months, &format!("{years}年"))?);
    finish(shift_months(from, months)?, options, reasoning)
}

/// The `count`-th working day after `from` (e.g. 《最高人民法院关于人民法院在互联网公布裁判文书
/// 的规定》第七条: publish within seven working days of the judgment taking effect).
pub fn add_working_days(from: Date, count: u32) -> Result<PeriodOutcome, RuleError> {
    if count == 0 {
        return Err(RuleError::PeriodInvalidLength);
    }
    let calendar = calendar::official()?;
    let mut day = from;
    let mut counted = 0;
    let mut skipped = 0u32;
    while counted < count {
        day = day.next_day().ok_or(RuleError::PeriodInvalidLength)?;
        if calendar.is_working_day(day)? {
            counted += 1;
        } else {
            skipped += 1;
        }
    }
    Ok(PeriodOutcome {
        last_day: day,
        reasoning: vec![
            format!("自 {from} 的次日起计算{count}个工作日（起算日不计入）。"),
            format!(
                "其间跳过{skipped}个法定休假日或休息日，第{count}个工作日为 {}。",
                with_weekday(day)
            ),
        ],
    })
}

/// The corresponding day `months` months after `date`, or the month end if there is none
/// (《民法典》第二百零二条). Calendar arithmetic only: no holiday roll.
pub fn shift_months(date: Date, months: u32) -> Result<Date, RuleError> {
    let index =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).map_err(|_| RuleError::PeriodInvalidLength)?;
    let month = u8::try_from(index.rem_euclid(12) + 1)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or(RuleError::PeriodInvalidLength)?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).map_err(|_| RuleError::PeriodInvalidLength)
}

/// `date` plus `days` calendar days (negative allowed). No holiday roll.
pub fn shift_days(date: Date, days: i64) -> Result<Date, RuleError> {
    let julian = i64::from(date.to_julian_day()) + days;
    i32::try_from(julian)
        .ok()
        .and_then(|j| Date::from_julian_day(j).ok())
        .ok_or(RuleError::PeriodInvalidLength)
}

fn start_line(from: Date, options: PeriodOptions) -> Result<String, RuleError> {
    let next = from.next_day().ok_or(RuleError::PeriodInvalidLength)?;
    let basis = if options.criminal || options.custody {
        "《刑事诉讼法》第一百零五条第二款"
    } else {
        "《民事诉讼法》第八十五条第二款、《民法典》第二百零一条"
    };
    Ok(format!(
        "期间开始的当日 {from} 不计入，自次日 {next} 起算（{basis}）。"
    ))
}

fn month_line(from: Date, months: u32, length: &str) -> Result<String, RuleError> {
    let end = shift_months(from, months)?;
    Ok(if end.day() == from.day() {
        format!(
            "期间为{length}，到期月的对应日 {} 为期间的最后一日（《民法典》第二百零二条）。",
            with_weekday(end)
        )
    } else {
        format!(
            "期间为{length}，到期月（{}年{}月）没有对应日（{}日），以月末日 {} 为期间的最后一日（《民法典》第二百零二条）。",
            end.year(),
            u8::from(end.month()),
            from.day(),
            with_weekday(end)
        )
    })
}

/// Applies the holiday roll (or, for custody, states that there is none).
fn finish(
    nominal: Date,
    options: PeriodOptions,
    mut reasoning: Vec<String>,
) -> Result<PeriodOutcome, RuleError> {
    if options.custody {
        reasoning.push(
            "犯罪嫌疑人、被告人或者罪犯在押期间，应当至期满之日为止，不得因节假日而延长（《刑事诉讼法》第一百零五条第四款）。"
                .to_owned(),
        );
        // The calendar is informative only here: custody periods never roll.
        if let Ok(info) = calendar::day_info(nominal)
            && !info.is_working_day()
        {
            reasoning.push(format!(
                "{}虽为{}，亦不顺延。",
                with_weekday(nominal),
                rest_kind(&info)
            ));
        }
        reasoning.push(format!("期间届满日为 {}。", with_weekday(nominal)));
        return Ok(PeriodOutcome {
            last_day: nominal,
            reasoning,
        });
    }
    let basis = if options.criminal {
        "《刑事诉讼法》第一百零五条第四款"
    } else {
        "《民事诉讼法》第八十五条第三款、《民法典》第二百零三条"
    };
    let mut day = nominal;
    loop {
        let info = calendar::day_info(day)?;
        let rest = match info.kind {
            DayKind::Holiday => true,
            DayKind::Weekend => options.weekend_is_rest_day,
            DayKind::Workday | DayKind::MakeupWorkday => false,
        };
        if !rest {
            if day != nominal {
                reasoning.push(format!(
                    "{}为工作日，为期间届满的日期（{basis}）。",
                    with_weekday(day)
                ));
            } else if info.kind == DayKind::MakeupWorkday {
                reasoning.push(format!(
                    "{}为调休上班日（{}），属工作日，不顺延。",
                    with_weekday(day),
                    info.festival.unwrap_or("调休")
                ));
            } else if info.kind == DayKind::Weekend {
                reasoning.push(format!(
                    "{}为休息日，按本院规则不作顺延。",
                    with_weekday(day)
                ));
            } else {
                reasoning.push(format!("{}为工作日，无需顺延。", with_weekday(day)));
            }
            break;
        }
        reasoning.push(format!(
            "{}为{}，顺延。",
            with_weekday(day),
            rest_kind(&info)
        ));
        day = day.next_day().ok_or(RuleError::PeriodInvalidLength)?;
    }
    if !options.criminal {
        reasoning.push(
            "期间最后一日的截止时间为二十四时；有业务时间的，停止业务活动的时间为截止时间（《民法典》第二百零三条第二款）。"
                .to_owned(),
        );
    }
    Ok(PeriodOutcome {
        last_day: day,
        reasoning,
    })
}

fn rest_kind(info: &calendar::DayInfo) -> String {
    match (info.kind, info.festival) {
        (DayKind::Holiday, Some(name)) => format!("法定休假日（{name}）"),
        (DayKind::Holiday, None) => "法定休假日".to_owned(),
        _ => "休息日".to_owned(),
    }
}

/// `2025-10-01（星期三）`.
fn with_weekday(date: Date) -> String {
    let name = match date.weekday() {
        Weekday::Monday => "一",
        Weekday::Tuesday => "二",
        Weekday::Wednesday => "三",
        Weekday::Thursday => "四",
        Weekday::Friday => "五",
        Weekday::Saturday => "六",
        Weekday::Sunday => "日",
    };
    format!("{date}（星期{name}）")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn civil() -> PeriodOptions {
        PeriodOptions::default()
    }

    #[test]
    fn days_table() {
        // (from, days, expected last day)
        let table = [
            // 15-day appeal period ending on an ordinary Wednesday.
            (date!(2025 - 03 - 04), 15, date!(2025 - 03 - 19)),
            // Ends 2025-10-01 (National Day) → rolls over 10-01…10-08 to Thursday 10-09.
            (date!(2025 - 09 - 16), 15, date!(2025 - 10 - 09)),
            // Ends on Sunday 2025-09-28, a make-up workday → counts, no roll.
            (date!(2025 - 09 - 18), 10, date!(2025 - 09 - 28)),
            // Ends on Saturday 2025-09-27 → rolls to Sunday 09-28, a make-up workday.
            (date!(2025 - 09 - 17), 10, date!(2025 - 09 - 28)),
            // Ends on Saturday 2025-03-15 → rolls over the weekend to Monday 03-17.
            (date!(2025 - 03 - 05), 10, date!(2025 - 03 - 17)),
            // Ends on Saturday 2025-10-11, a make-up workday.
            (date!(2025 - 10 - 01), 10, date!(2025 - 10 - 11)),
            // Spring Festival 2026: ends 02-16 → holidays to 02-23, 02-24 is Tuesday.
            (date!(2026 - 02 - 06), 10, date!(2026 - 02 - 24)),
        ];
        for (from, days, expected) in table {
            let outcome = add_days(from, days, civil()).unwrap();
            assert_eq!(
                outcome.last_day, expected,
                "{from} + {days}: {:#?}",
                outcome.reasoning
            );
        }
    }

    #[test]
    fn months_table() {
        let table = [
            (date!(2025 - 01 - 31), 1, date!(2025 - 02 - 28)),
            (date!(2024 - 01 - 31), 1, date!(2024 - 02 - 29)),
            (date!(2025 - 01 - 15), 1, date!(2025 - 02 - 17)), // 02-15 is Saturday
            (date!(2025 - 03 - 31), 6, date!(2025 - 09 - 30)),
            (date!(2025 - 08 - 31), 1, date!(2025 - 09 - 30)),
            (date!(2025 - 04 - 01), 6, date!(2025 - 10 - 09)), // 10-01 rolls
            (date!(2024 - 10 - 31), 4, date!(2025 - 02 - 28)),
            (date!(2025 - 11 - 30), 3, date!(2026 - 02 - 28)), // Saturday, a make-up workday
        ];
        for (from, months, expected) in table {
            let outcome = add_months(from, months, civil()).unwrap();
            assert_eq!(
                outcome.last_day, expected,
                "{from} + {months}m: {:#?}",
                outcome.reasoning
            );
        }
        assert_eq!(
            add_years(date!(2024 - 02 - 29), 1, civil())
                .unwrap()
                .last_day,
            date!(2025 - 02 - 28)
        );
    }

    #[test]
    fn reasoning_explains_count_and_rolls() {
        let outcome = add_days(date!(2025 - 09 - 16), 15, civil()).unwrap();
        let r = &outcome.reasoning;
        assert!(r[0].starts_with("期间开始的当日 2025-09-16 不计入，自次日 2025-09-17 起算"));
        assert_eq!(r[1], "期间为15日，届满日为 2025-10-01（星期三）。");
        assert_eq!(r[2], "2025-10-01（星期三）为法定休假日（国庆节），顺延。");
        assert_eq!(r[7], "2025-10-06（星期一）为法定休假日（中秋），顺延。");
        assert!(r[10].starts_with("2025-10-09（星期四）为工作日，为期间届满的日期"));

        let month_end = add_months(date!(2025 - 01 - 31), 1, civil()).unwrap();
        assert!(month_end.reasoning[1].contains("没有对应日（31日），以月末日 2025-02-28"));

        let makeup = add_days(date!(2025 - 09 - 18), 10, civil()).unwrap();
        assert!(
            makeup
                .reasoning
                .iter()
                .any(|l| l.contains("调休上班日（国庆节），属工作日，不顺延"))
        );
    }

    #[test]
    fn custody_does_not_roll() {
        let custody = PeriodOptions {
            custody: true,
            ..PeriodOptions::default()
        };
        let outcome = add_days(date!(2025 - 09 - 16), 15, custody).unwrap();
        assert_eq!(outcome.last_day, date!(2025 - 10 - 01));
        assert!(
            outcome
                .reasoning
                .iter()
                .any(|l| l.contains("第一百零五条第四款"))
        );
        assert!(outcome.reasoning.iter().any(|l| l.contains("亦不顺延")));
        // Not dependent on the calendar: works outside the covered years.
        let outside = add_months(date!(2030 - 01 - 31), 1, custody).unwrap();
        assert_eq!(outside.last_day, date!(2030 - 02 - 28));
        // A non-custody criminal period does roll.
        let criminal = PeriodOptions {
            criminal: true,
            ..PeriodOptions::default()
        };
        let rolled = add_days(date!(2025 - 09 - 21), 10, criminal).unwrap();
        assert_eq!(rolled.last_day, date!(2025 - 10 - 09));
    }

    #[test]
    fn weekend_policy() {
        let holidays_only = PeriodOptions {
            weekend_is_rest_day: false,
            ..PeriodOptions::default()
        };
        let outcome = add_days(date!(2025 - 03 - 05), 10, holidays_only).unwrap();
        assert_eq!(outcome.last_day, date!(2025 - 03 - 15));
    }

    #[test]
    fn outside_calendar_and_invalid_lengths() {
        let e = add_days(date!(2026 - 12 - 25), 10, civil()).unwrap_err();
        assert_eq!(e.code(), "period.outside_calendar");
        let e = add_months(date!(2003 - 01 - 01), 1, civil()).unwrap_err();
        assert_eq!(e.code(), "period.outside_calendar");
        assert_eq!(
            add_days(date!(2025 - 01 - 01), 0, civil())
                .unwrap_err()
                .code(),
            "period.invalid_length"
        );
        assert_eq!(
            add_months(date!(2025 - 01 - 01), 0, civil())
                .unwrap_err()
                .code(),
            "period.invalid_length"
        );
        assert_eq!(
            add_months(date!(2025 - 01 - 01), u32::MAX, civil())
                .unwrap_err()
                .code(),
            "period.invalid_length"
        );
    }

    #[test]
    fn working_days() {
        // Judgment effective Friday 2025-09-26: 7 working days = 09-28 (Sun, make-up), 09-29,
        // 09-30, then the holiday 10-01…10-08, 10-09, 10-10, 10-11 (Sat, make-up), 10-13.
        let outcome = add_working_days(date!(2025 - 09 - 26), 7).unwrap();
        assert_eq!(outcome.last_day, date!(2025 - 10 - 13));
        assert_eq!(
            add_working_days(date!(2025 - 03 - 03), 5).unwrap().last_day,
            date!(2025 - 03 - 10)
        );
    }
}
