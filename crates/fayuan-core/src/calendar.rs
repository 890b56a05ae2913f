//! The official PRC working-day calendar: public holidays (法定休假日) and make-up workdays
//! (调休上班日) as announced each year by the State Council, 2004-2026.
//!
//! The data is `data/holidays-cn.tsv`, generated from the `holidays` and `workdays` tables of the
//! PyPI package `chinese-calendar` 1.11.0 (MIT). A working day is a make-up workday, or a Monday
//! to Friday that is not a holiday (RULES.md §4.6). Dates in years the data does not cover are
//! an error (`period.outside_calendar`), never a guess: each year's notice is published in
//! November and the data file must be extended then.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use time::{Date, Month, Weekday};

use crate::rule_error::RuleError;

/// The embedded data file.
const DATA: &str = include_str!("../data/holidays-cn.tsv");

/// What kind of day a date is in the official calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// An ordinary Monday-Friday working day.
    Workday,
    /// A Saturday or Sunday worked in exchange for a holiday (调休上班日); a working day.
    MakeupWorkday,
    /// An ordinary Saturday or Sunday (休息日).
    Weekend,
    /// A public holiday, including the in-lieu days of a holiday block (法定休假日).
    Holiday,
}

/// One date with its kind and, for holidays and make-up workdays, the festival concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayInfo {
    /// The date.
    pub date: Date,
    /// Its kind.
    pub kind: DayKind,
    /// Festival name (国庆节, 春节 …) for holidays and make-up workdays.
    pub festival: Option<&'static str>,
}

impl DayInfo {
    /// Whether courts and parties work on this day.
    pub fn is_working_day(&self) -> bool {
        matches!(self.kind, DayKind::Workday | DayKind::MakeupWorkday)
    }
}

/// A parsed holiday calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayCalendar {
    years: RangeInclusive<i32>,
    /// date → (is holiday, festival); absent dates are ordinary days.
    special: HashMap<Date, (bool, &'static str)>,
}

impl HolidayCalendar {
    /// Parses calendar data in the format of `data/holidays-cn.tsv`: `#` comments, one
    /// `# covers: FIRST LAST` line naming the covered years, then one
    /// `YYYY-MM-DD<TAB>holiday|workday<TAB>name` line per special date, in ascending order.
    pub fn parse(data: &'static str) -> Result<HolidayCalendar, RuleError> {
        let mut years = None;
        let mut special = HashMap::new();
        let mut previous: Option<Date> = None;
        for (index, line) in data.lines().enumerate() {
            let invalid = |reason| RuleError::CalendarInvalidData {
                line: index + 1,
                reason,
            };
            if let Some(comment) = line.strip_prefix('#') {
                if let Some(range) = comment.trim().strip_prefix("covers:") {
                    let mut parts = range.split_whitespace().map(str::parse::<i32>);
                    match (parts.next(), parts.next(), parts.next()) {
                        (Some(Ok(first)), Some(Ok(last)), None) if first <= last => {
                            years = Some(first..=last);
                        }
                        _ => return Err(invalid("bad covers line")),
                    }
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let covered = years
                .clone()
                .ok_or_else(|| invalid("data before the covers line"))?;
            let mut fields = line.split('\t');
            let (Some(date), Some(kind), Some(name), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(invalid("expected three tab-separated fields"));
            };
            let date = parse_date(date).ok_or_else(|| invalid("bad date"))?;
            if !covered.contains(&date.year()) {
                return Err(invalid("date outside the covered years"));
            }
            if previous.is_some_and(|p| p >= date) {
                return Err(invalid("dates not strictly ascending"));
            }
            previous = Some(date);
            let holiday = match kind {
                "holiday" => true,
                "workday" if is_weekend(date) => false,
                "workday" => return Err(invalid("make-up workday on a weekday")),
                _ => return Err(invalid("kind must be holiday or workday")),
            };
            if name.trim().is_empty() {
                return Err(invalid("missing festival name"));
            }
            special.insert(date, (holiday, name));
        }
        let years = years.ok_or(RuleError::CalendarInvalidData {
            line: 0,
            reason: "no covers line",
        })?;
        Ok(HolidayCalendar { years, special })
    }

    /// The years covered (inclusive).
    pub fn covered_years(&self) -> RangeInclusive<i32> {
        self.years.clone()
    }

    /// What kind of day `date` is; `period.outside_calendar` outside the covered years.
    pub fn day(&self, date: Date) -> Result<DayInfo, RuleError> {
        if !self.years.contains(&date.year()) {
            return Err(RuleError::PeriodOutsideCalendar { date });
        }
        let (kind, festival) = match self.special.get(&date) {
            Some((true, name)) => (DayKind::Holiday, Some(*name)),
            Some((false, name)) => (DayKind::MakeupWorkday, Some(*name)),
            None if is_weekend(date) => (DayKind::Weekend, None),
            None => (DayKind::Workday, None),
        };
        Ok(DayInfo {
            date,
            kind,
            festival,
        })
    }

    /// Whether `date` is a working day: a make-up workday, or Monday-Friday and not a holiday.
    pub fn is_working_day(&self, date: Date) -> Result<bool, RuleError> {
        self.day(date).map(|d| d.is_working_day())
    }
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

static OFFICIAL: OnceLock<Result<HolidayCalendar, RuleError>> = OnceLock::new();

/// The embedded official calendar, parsed once. The embedded data is checked by a unit test,
/// so the error arm is unreachable in a tested build; it is returned rather than panicking.
pub fn official() -> Result<&'static HolidayCalendar, RuleError> {
    OFFICIAL
        .get_or_init(|| HolidayCalendar::parse(DATA))
        .as_ref()
        .map_err(Clone::clone)
}

/// What kind of day `date` is in the official calendar.
pub fn day_info(date: Date) -> Result<DayInfo, RuleError> {
    official()?.day(date)
}

/// Whether `date` is an official working day (`period.outside_calendar` outside 2004-2026).
pub fn is_working_day(date: Date) -> Result<bool, RuleError> {
    official()?.is_working_day(date)
}

/// The years the official calendar covers (2004-2026 in this build).
pub fn covered_years() -> Result<RangeInclusive<i32>, RuleError> {
    official().map(HolidayCalendar::covered_years)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn embedded_data_parses() {
        let calendar = HolidayCalendar::parse(DATA).unwrap();
        assert_eq!(calendar.covered_years(), 2004..=2026);
        assert_eq!(calendar.special.values().filter(|(h, _)| *h).count(), 621);
        assert_eq!(calendar.special.values().filter(|(h, _)| !*h).count(), 150);
        assert!(official().is_ok());
        assert_eq!(covered_years().unwrap(), 2004..=2026);
    }

    #[test]
    fn every_covered_year_has_new_year_and_national_day() {
        for year in 2004..=2026 {
            let jan1 = Date::from_calendar_date(year, Month::January, 1).unwrap();
            let oct1 = Date::from_calendar_date(year, Month::October, 1).unwrap();
            assert_eq!(day_info(jan1).unwrap().kind, DayKind::Holiday, "{year}");
            assert_eq!(day_info(oct1).unwrap().kind, DayKind::Holiday, "{year}");
        }
    }

    #[test]
    fn days_of_2025_and_2026() {
        let table = [
            (date!(2025 - 01 - 01), DayKind::Holiday, false),
            (date!(2025 - 01 - 26), DayKind::MakeupWorkday, true), // Sunday
            (date!(2025 - 02 - 04), DayKind::Holiday, false),
            (date!(2025 - 02 - 08), DayKind::MakeupWorkday, true), // Saturday
            (date!(2025 - 04 - 27), DayKind::MakeupWorkday, true),
            (date!(2025 - 09 - 27), DayKind::Weekend, false),
            (date!(2025 - 09 - 28), DayKind::MakeupWorkday, true),
            (date!(2025 - 09 - 29), DayKind::Workday, true),
            (date!(2025 - 10 - 06), DayKind::Holiday, false),
            (date!(2025 - 10 - 08), DayKind::Holiday, false),
            (date!(2025 - 10 - 09), DayKind::Workday, true),
            (date!(2025 - 10 - 11), DayKind::MakeupWorkday, true),
            (date!(2025 - 10 - 12), DayKind::Weekend, false),
            (date!(2026 - 01 - 04), DayKind::MakeupWorkday, true),
            (date!(2026 - 02 - 23), DayKind::Holiday, false),
            (date!(2026 - 10 - 10), DayKind::MakeupWorkday, true),
        ];
        for (date, kind, working) in table {
            assert_eq!(day_info(date).unwrap().kind, kind, "{date}");
            assert_eq!(is_working_day(date).unwrap(), working, "{date}");
        }
        assert_eq!(
            day_info(date!(2025 - 10 - 06)).unwrap().festival,
            Some("中秋")
        );
        assert_eq!(
            day_info(date!(2025 - 09 - 28)).unwrap().festival,
            Some("国庆节")
        );
    }

    #[test]
    fn outside_calendar_is_an_error() {
        for date in [date!(2003 - 12 - 31), date!(2027 - 01 - 04)] {
            assert_eq!(
                is_working_day(date).unwrap_err().code(),
                "period.outside_calendar"
            );
        }
        assert!(is_working_day(date!(2004 - 01 - 02)).is_ok());
        assert!(is_working_day(date!(2026 - 12 - 31)).is_ok());
    }

    #[test]
    fn malformed_data_is_rejected() {
        let table: &[(&str, usize)] = &[
            ("2025-01-01\tholiday\t元旦\n", 1),
            ("# covers: 2025\n", 1),
            ("# covers: 2025 2025\n2025-01-01\tholiday\n", 2),
            ("# covers: 2025 2025\n2025-13-01\tholiday\t元旦\n", 2),
            ("# covers: 2025 2025\n2024-12-31\tholiday\t元旦\n", 2),
            (
                "# covers: 2025 2025\n2025-01-02\tholiday\t元旦\n2025-01-01\tholiday\t元旦\n",
                3,
            ),
            ("# covers: 2025 2025\n2025-01-02\tworkday\t元旦\n", 2),
            ("# covers: 2025 2025\n2025-01-04\trest\t元旦\n", 2),
            ("# covers: 2025 2025\n2025-01-04\tworkday\t \n", 2),
            ("# a comment only\n", 0),
        ];
        for &(data, line) in table {
            match HolidayCalendar::parse(data) {
                Err(RuleError::CalendarInvalidData { line: l, .. }) => {
                    assert_eq!(l, line, "{data}")
                }
                other => panic!("{data:?}: {other:?}"),
            }
        }
        let ok = HolidayCalendar::parse("# covers: 2025 2025\n\n2025-01-04\tworkday\t元旦\n");
        assert!(ok.is_ok());
    }
}
