//! Public caseload statistics (Rules art. 9: 司法公开, 可视化展现): cases docketed and closed per
//! month, docketed per case type and per court, closures per closure mode, the closure rate and
//! the average days from docketing to closure — for one court or all, over a range of months.
//!
//! Nothing leaves this module unsuppressed: [`publish`] turns the store's grouped rows into
//! [`Statistics`], whose counts are [`Count`]s that either carry a number or only say that it is
//! withheld. The rule is in [`suppress`]; rates and averages follow [`closure_rate`] and
//! [`average_days`]. The charts ([`chart`]) draw those values and nothing else, so a withheld
//! number cannot reach a picture either.
//!
//! Suppression is per table: a reader combining tables of different ranges (this year minus
//! January to November) can still subtract; the counts here are public case statistics, not a
//! register, and the rule keeps any single table from naming a small group.

pub mod chart;

use std::fmt;

use fayuan_core::id::CourtId;
use time::Date;

use crate::DomainError;
use crate::docket::ClosureMode;
use crate::filing::FilingCategory;

/// Counts from 1 to `THRESHOLD - 1` are never published (0 is).
pub const THRESHOLD: u64 = 5;

/// The longest range that may be asked for, in months.
pub const MAX_MONTHS: i32 = 60;

/// The months shown when none are asked for: the last twelve, up to the current one.
pub const DEFAULT_MONTHS: i32 = 12;

/// How a withheld count is shown, in tables and charts alike. One mark for every withheld cell,
/// whether small itself or withheld to protect a small one: a mark that told them apart would say
/// that the second is at least [`THRESHOLD`] and give the first back by subtraction.
pub const SUPPRESSED_MARK: &str = "*";

/// How a withheld rate or average is shown.
pub const SUPPRESSED_FIGURE: &str = "—";

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

impl Month {
    /// The month of a year (1–12 from `time::Month`).
    pub fn new(year: i32, month: time::Month) -> Month {
        Month(year * 12 + i32::from(u8::from(month)) - 1)
    }

    /// The month a date falls in.
    pub fn of(date: Date) -> Month {
        Month::new(date.year(), date.month())
    }

    /// Parses `YYYY-MM` (four-digit year, two-digit month).
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.trim().split_once('-')?;
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) {
            return None;
        }
        let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
        Some(Month::new(year.parse().ok()?, month))
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// The month of the year, 1–12.
    pub fn number(self) -> u8 {
        u8::try_from(self.0.rem_euclid(12) + 1).unwrap_or(1)
    }

    /// The month `n` months later (earlier when negative).
    pub fn plus(self, n: i32) -> Month {
        Month(self.0 + n)
    }

    /// Its first day, if the calendar has it.
    pub fn first_day(self) -> Option<Date> {
        let month = time::Month::try_from(self.number()).ok()?;
        Date::from_calendar_date(self.year(), month, 1).ok()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.number())
    }
}

/// The months a statistic covers, both ends included: at most [`MAX_MONTHS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRange {
    from: Month,
    to: Month,
    start: Date,
    end: Date,
}

impl MonthRange {
    /// The months from `from` through `to`; refused (`statistics.range`) when `from` is after
    /// `to`, when there are more than [`MAX_MONTHS`], or beyond the calendar.
    pub fn new(from: Month, to: Month) -> Result<MonthRange, DomainError> {
        if from > to {
            return Err(range_error("起始月份不能晚于结束月份。".into()));
        }
        if to.0 - from.0 + 1 > MAX_MONTHS {
            return Err(range_error(format!("统计期间最长{MAX_MONTHS}个月。")));
        }
        match (from.first_day(), to.plus(1).first_day()) {
            (Some(start), Some(end)) => Ok(MonthRange {
                from,
                to,
                start,
                end,
            }),
            _ => Err(range_error("月份超出可统计的范围。".into())),
        }
    }

    /// The range asked for, with the defaults: `to` is the month of `today` (China), `from` the
    /// month [`DEFAULT_MONTHS`] − 1 before `to`.
    pub fn requested(
        today: Date,
        from: Option<Month>,
        to: Option<Month>,
    ) -> Result<MonthRange, DomainError> {
        let to = to.unwrap_or_else(|| Month::of(today));
        let from = from.unwrap_or_else(|| to.plus(1 - DEFAULT_MONTHS));
        MonthRange::new(from, to)
    }

    /// The first month.
    pub fn from(&self) -> Month {
        self.from
    }

    /// The last month.
    pub fn to(&self) -> Month {
        self.to
    }

    /// The first day of the first month.
    pub fn start(&self) -> Date {
        self.start
    }

    /// The first day after the last month.
    pub fn end(&self) -> Date {
        self.end
    }

    /// Every month, in order.
    pub fn months(&self) -> impl Iterator<Item = Month> + use<> {
        (self.from.0..=self.to.0).map(Month)
    }

    /// Where a month is among [`MonthRange::months`], if inside.
    fn index(&self, month: Month) -> Option<usize> {
        usize::try_from(month.0 - self.from.0)
            .ok()
            .filter(|_| month <= self.to)
    }
}

fn range_error(message: String) -> DomainError {
    DomainError::invalid("statistics.range", message)
}

/// Cases of one court and category docketed in one month and closed in one month with one
/// closure mode (or still open), as the store groups them. The sums of the days of the month let
/// the days from docketing to closure be added up exactly without date arithmetic in SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseloadRow {
    /// The court.
    pub court_id: CourtId,
    /// The case type.
    pub category: FilingCategory,
    /// The month of `docketed_on`.
    pub docketed: Month,
    /// The month of `closed_on`; `None` while open.
    pub closed: Option<Month>,
    /// How they closed.
    pub closure_mode: Option<ClosureMode>,
    /// How many cases.
    pub cases: u64,
    /// The sum over the cases of the day of the month they were docketed on.
    pub docketed_day_sum: i64,
    /// The sum over the cases of the day of the month they closed on (0 while open).
    pub closed_day_sum: i64,
}

impl CaseloadRow {
    /// The days from docketing to closure, summed over the group's cases; `None` while open.
    pub fn days_to_close(&self) -> Option<i64> {
        let closed = self.closed?.first_day()?;
        let docketed = self.docketed.first_day()?;
        let cases = i64::try_from(self.cases).ok()?;
        Some((closed - docketed).whole_days() * cases + self.closed_day_sum - self.docketed_day_sum)
    }
}

/// A count as published: the number, or only the fact that it is withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// 0 or at least [`THRESHOLD`], and not needed to protect another count.
    Shown(u64),
    /// Withheld; the number is not kept.
    Suppressed,
}

impl Count {
    /// A count standing alone (no parts beside it): withheld when from 1 to `THRESHOLD - 1`.
    pub fn of(n: u64) -> Count {
        if is_small(n) {
            Count::Suppressed
        } else {
            Count::Shown(n)
        }
    }

    /// The number, when shown.
    pub fn value(self) -> Option<u64> {
        match self {
            Count::Shown(n) => Some(n),
            Count::Suppressed => None,
        }
    }

    /// Whether it is withheld.
    pub fn is_suppressed(self) -> bool {
        self == Count::Suppressed
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Count::Shown(n) => write!(f, "{n}"),
            Count::Suppressed => f.write_str(SUPPRESSED_MARK),
        }
    }
}

fn is_small(n: u64) -> bool {
    (1..THRESHOLD).contains(&n)
}

/// Suppresses the parts of a total that is shown beside them (a table's rows and its 合计).
///
/// 1. **Primary**: every part from 1 to `THRESHOLD - 1` (1–4) is withheld; 0 is shown.
/// 2. **Complementary**: while the withheld parts could be read back from the total — exactly
///    one part is withheld (total minus the others), or every withheld part must be 1 (they
///    sum to their number, which the total minus the others reveals, and a withheld part is
///    never 0) — the smallest part still shown that is not 0 is withheld too (the first such
///    on a tie).
///
/// So `[12, 3, 7]` (total 22) publishes `[12, *, *]`: 3 is small, and 7 is withheld so that
/// 22 − 12 = 10 does not give the 3 back. `[10, 1, 1]` publishes `[*, *, *]`: 12 − 10 = 2 over
/// two withheld parts would tell that each is 1. The total itself follows [`Count::of`]; when it
/// is withheld every part is small and withheld already.
pub fn suppress(parts: &[u64]) -> Vec<Count> {
    let mut hidden: Vec<bool> = parts.iter().map(|&n| is_small(n)).collect();
    while recoverable(parts, &hidden) {
        let next = parts
            .iter()
            .enumerate()
            .filter(|&(i, &n)| !hidden[i] && n > 0)
            .min_by_key(|&(i, &n)| (n, i))
            .map(|(i, _)| i);
        match next {
            Some(i) => hidden[i] = true,
            None => break,
        }
    }
    parts
        .iter()
        .zip(hidden)
        .map(|(&n, h)| {
            if h {
                Count::Suppressed
            } else {
                Count::Shown(n)
            }
        })
        .collect()
}

/// Whether the withheld parts could be read back from the total and the shown parts.
fn recoverable(parts: &[u64], hidden: &[bool]) -> bool {
    let withheld: Vec<u64> = parts
        .iter()
        .zip(hidden)
        .filter(|(_, h)| **h)
        .map(|(&n, _)| n)
        .collect();
    let count = u64::try_from(withheld.len()).unwrap_or(u64::MAX);
    count == 1 || (count > 1 && withheld.iter().sum::<u64>() == count)
}

/// A rate or an average as published: tenths (62.5 is 625), or withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// The value in tenths, rounded half up.
    Shown(u64),
    /// Withheld: its denominator is under [`THRESHOLD`], or its numerator is a withheld count.
    Suppressed,
}

impl Figure {
    /// The value, when shown.
    pub fn value(self) -> Option<f64> {
        match self {
            // Tenths of realistic counts are far below 2^53: exact as f64.
            Figure::Shown(tenths) => Some(tenths as f64 / 10.0),
            Figure::Suppressed => None,
        }
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::Shown(tenths) => write!(f, "{}.{}", tenths / 10, tenths % 10),
            Figure::Suppressed => f.write_str(SUPPRESSED_FIGURE),
        }
    }
}

/// `numerator / denominator` in tenths, rounded half up; `None` for a denominator of 0.
fn tenths(numerator: u64, denominator: u64) -> Option<u64> {
    let scaled = u128::from(numerator) * 10;
    let d = u128::from(denominator);
    (d > 0).then(|| u64::try_from((scaled * 2 + d) / (2 * d)).unwrap_or(u64::MAX))
}

/// The closure rate in percent: cases closed in the range ÷ cases docketed in the range (a court
/// closing its backlog may pass 100%). Withheld when fewer than [`THRESHOLD`] were docketed, or
/// when the closed count is withheld — 25.0% of a published 8 would give back 2.
pub fn closure_rate(closed: u64, docketed: u64) -> Figure {
    if docketed < THRESHOLD || is_small(closed) {
        return Figure::Suppressed;
    }
    tenths(closed * 100, docketed).map_or(Figure::Suppressed, Figure::Shown)
}

/// The average days from docketing to closure of the cases closed in the range. Withheld when
/// fewer than [`THRESHOLD`] closed.
pub fn average_days(total_days: i64, closed: u64) -> Figure {
    if closed < THRESHOLD {
        return Figure::Suppressed;
    }
    let days = u64::try_from(total_days).unwrap_or(0);
    tenths(days, closed).map_or(Figure::Suppressed, Figure::Shown)
}

/// One month's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthLine {
    /// The month.
    pub month: Month,
    /// Cases docketed in it.
    pub filed: Count,
    /// Cases closed in it.
    pub closed: Count,
}

/// The statistics of a range as published: every count suppressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statistics {
    /// The months covered.
    pub range: MonthRange,
    /// Cases docketed in the range.
    pub filed: Count,
    /// Cases closed in the range.
    pub closed: Count,
    /// Closed ÷ docketed, in percent.
    pub closure_rate: Figure,
    /// Average days from docketing to closure of the cases closed.
    pub average_days: Figure,
    /// Docketed and closed per month (each column suppressed against its total).
    pub months: Vec<MonthLine>,
    /// Docketed per case type, every type in declaration order.
    pub categories: Vec<(FilingCategory, Count)>,
    /// Docketed per court, in the order the courts were given (empty for one court).
    pub courts: Vec<(CourtId, Count)>,
    /// Closed per closure mode, every mode in declaration order.
    pub modes: Vec<(ClosureMode, Count)>,
}

/// The raw counts of a range; private, so only their suppressed form leaves the module.
#[derive(Debug, Default)]
struct Tally {
    filed_by_month: Vec<u64>,
    closed_by_month: Vec<u64>,
    categories: Vec<u64>,
    courts: Vec<u64>,
    modes: Vec<u64>,
    days_to_close: i64,
}

impl Tally {
    fn of(range: &MonthRange, courts: &[CourtId], rows: &[CaseloadRow]) -> Tally {
        let months = range.months().count();
        let mut t = Tally {
            filed_by_month: vec![0; months],
            closed_by_month: vec![0; months],
            categories: vec![0; FilingCategory::ALL.len()],
            courts: vec![0; courts.len()],
            modes: vec![0; ClosureMode::ALL.len()],
            days_to_close: 0,
        };
        for row in rows {
            t.add_filed(range, courts, row);
            t.add_closed(range, row);
        }
        t
    }

    fn add_filed(&mut self, range: &MonthRange, courts: &[CourtId], row: &CaseloadRow) {
        let Some(m) = range.index(row.docketed) else {
            return;
        };
        self.filed_by_month[m] += row.cases;
        if let Some(c) = FilingCategory::ALL.iter().position(|&c| c == row.category) {
            self.categories[c] += row.cases;
        }
        if let Some(c) = courts.iter().position(|&c| c == row.court_id) {
            self.courts[c] += row.cases;
        }
    }

    fn add_closed(&mut self, range: &MonthRange, row: &CaseloadRow) {
        let Some(m) = row.closed.and_then(|closed| range.index(closed)) else {
            return;
        };
        self.closed_by_month[m] += row.cases;
        if let Some(i) = row
            .closure_mode
            .and_then(|mode| ClosureMode::ALL.iter().position(|&m| m == mode))
        {
            self.modes[i] += row.cases;
        }
        self.days_to_close += row.days_to_close().unwrap_or(0);
    }
}

/// The published statistics of a range from the store's rows (cases docketed or closed in it):
/// `courts` lists the courts of the per-court table (none when one court is chosen).
pub fn publish(range: &MonthRange, courts: &[CourtId], rows: &[CaseloadRow]) -> Statistics {
    let t = Tally::of(range, courts, rows);
    let filed: u64 = t.filed_by_month.iter().sum();
    let closed: u64 = t.closed_by_month.iter().sum();
    let filed_by_month = suppress(&t.filed_by_month);
    let closed_by_month = suppress(&t.closed_by_month);
    Statistics {
        range: *range,
        filed: Count::of(filed),
        closed: Count::of(closed),
        closure_rate: closure_rate(closed, filed),
        average_days: average_days(t.days_to_close, closed),
        months: range
            .months()
            .zip(filed_by_month.into_iter().zip(closed_by_month))
            .map(|(month, (filed, closed))| MonthLine {
                month,
                filed,
                closed,
            })
            .collect(),
        categories: FilingCategory::ALL
            .iter()
            .copied()
            .zip(suppress(&t.categories))
            .collect(),
        courts: courts.iter().copied().zip(suppress(&t.courts)).collect(),
        modes: ClosureMode::ALL
            .iter()
            .copied()
            .zip(suppress(&t.modes))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn shown(counts: &[Count]) -> Vec<Option<u64>> {
        counts.iter().map(|c| c.value()).collect()
    }

    #[test]
    fn one_small_part_takes_the_smallest_other_with_it() {
        // The worked example: 3 is small; 7 goes too, else 22 − 12 − 7 = 3.
        assert_eq!(shown(&suppress(&[12, 3, 7])), [Some(12), None, None]);
        assert_eq!(shown(&suppress(&[3, 12, 7])), [None, Some(12), None]);
        // A lone small part beside one other: both go (total − other would tell).
        assert_eq!(shown(&suppress(&[6, 2])), [None, None]);
        // Ties: the first of the smallest.
        assert_eq!(
            shown(&suppress(&[9, 1, 9, 20])),
            [None, None, Some(9), Some(20)]
        );
        // Zeros are shown and never taken as the complement.
        assert_eq!(
            shown(&suppress(&[0, 4, 0, 8, 30])),
            [Some(0), None, Some(0), None, Some(30)]
        );
    }

    #[test]
    fn two_or_more_small_parts_need_no_complement_unless_all_are_one() {
        assert_eq!(shown(&suppress(&[12, 3, 2])), [Some(12), None, None]);
        assert_eq!(
            shown(&suppress(&[12, 4, 4, 9])),
            [Some(12), None, None, Some(9)]
        );
        // 12 − 10 = 2 over two withheld parts: each must be 1, so 10 goes too.
        assert_eq!(shown(&suppress(&[10, 1, 1])), [None, None, None]);
        assert_eq!(
            shown(&suppress(&[10, 1, 1, 1, 40])),
            [None, None, None, None, Some(40)]
        );
    }

    #[test]
    fn nothing_small_nothing_withheld() {
        assert_eq!(
            shown(&suppress(&[0, 5, 120, 0])),
            [Some(0), Some(5), Some(120), Some(0)]
        );
        assert_eq!(shown(&suppress(&[])), Vec::<Option<u64>>::new());
        assert_eq!(shown(&suppress(&[0, 0])), [Some(0), Some(0)]);
    }

    #[test]
    fn a_small_total_hides_all_its_parts() {
        assert_eq!(Count::of(4), Count::Suppressed);
        assert_eq!(Count::of(0), Count::Shown(0));
        assert_eq!(Count::of(5), Count::Shown(5));
        assert_eq!(shown(&suppress(&[1, 1])), [None, None]);
        assert_eq!(shown(&suppress(&[4])), [None]);
        assert_eq!(shown(&suppress(&[3, 0, 1])), [None, Some(0), None]);
    }

    /// Whatever the numbers, no withheld part can be computed from the total and the shown ones:
    /// at least two are withheld, and they do not all have to be 1.
    #[test]
    fn no_withheld_part_is_recoverable_by_subtraction() {
        let mut parts = vec![0u64; 4];
        for a in 0..8 {
            for b in 0..8 {
                for c in 0..8 {
                    for d in [0, 1, 5, 13] {
                        parts.copy_from_slice(&[a, b, c, d]);
                        let counts = suppress(&parts);
                        let withheld: Vec<u64> = parts
                            .iter()
                            .zip(&counts)
                            .filter(|(_, c)| c.is_suppressed())
                            .map(|(&n, _)| n)
                            .collect();
                        let total: u64 = parts.iter().sum();
                        let small = parts.iter().any(|&n| is_small(n));
                        assert_eq!(small, !withheld.is_empty(), "{parts:?}");
                        if Count::of(total).is_suppressed() || withheld.is_empty() {
                            continue;
                        }
                        assert!(withheld.len() >= 2, "{parts:?} → {counts:?}");
                        assert!(
                            withheld.iter().sum::<u64>() > withheld.len() as u64,
                            "{parts:?} → {counts:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn rates_and_averages_need_five_and_a_shown_numerator() {
        assert_eq!(closure_rate(5, 8), Figure::Shown(625));
        assert_eq!(closure_rate(5, 8).to_string(), "62.5");
        assert_eq!(closure_rate(0, 8).to_string(), "0.0");
        assert_eq!(closure_rate(12, 10).to_string(), "120.0");
        assert_eq!(closure_rate(2, 3).to_string(), SUPPRESSED_FIGURE);
        assert_eq!(closure_rate(5, 4), Figure::Suppressed);
        assert_eq!(closure_rate(2, 8), Figure::Suppressed, "would give back 2");
        assert_eq!(closure_rate(1, 3), Figure::Suppressed);
        // 2/3 = 66.666… → 66.7 (half up on the tenths).
        assert_eq!(closure_rate(10, 15).to_string(), "66.7");
        assert_eq!(average_days(12, 5).to_string(), "2.4");
        assert_eq!(average_days(12, 5).value(), Some(2.4));
        assert_eq!(average_days(7, 4), Figure::Suppressed);
        assert_eq!(average_days(0, 0), Figure::Suppressed);
        assert_eq!(average_days(1, 40).to_string(), "0.0");
        assert_eq!(average_days(2, 40).to_string(), "0.1", "0.05 rounds up");
    }

    #[test]
    fn months_parse_print_and_count() {
        let m = Month::parse("2026-11").unwrap();
        assert_eq!((m.year(), m.number()), (2026, 11));
        assert_eq!(m.to_string(), "2026-11");
        assert_eq!(m.plus(2).to_string(), "2027-01");
        assert_eq!(m.plus(-11).to_string(), "2025-12");
        assert_eq!(Month::of(date!(2026 - 01 - 31)).to_string(), "2026-01");
        assert_eq!(
            Month::parse(" 2026-01 ").unwrap().first_day(),
            Some(date!(2026 - 01 - 01))
        );
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "26-01",
            "2026/01",
            "",
            "２０２６-01",
            "2026-01-01",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ranges_default_to_twelve_months_and_refuse_bad_ones() {
        let r = MonthRange::requested(date!(2026 - 11 - 27), None, None).unwrap();
        assert_eq!(
            (r.from().to_string(), r.to().to_string()),
            ("2025-12".into(), "2026-11".into())
        );
        assert_eq!(
            (r.start(), r.end()),
            (date!(2025 - 12 - 01), date!(2026 - 12 - 01))
        );
        assert_eq!(r.months().count(), 12);
        let m = |t: &str| Month::parse(t);
        let only_to = MonthRange::requested(date!(2026 - 11 - 27), None, m("2024-06")).unwrap();
        assert_eq!(only_to.from().to_string(), "2023-07");
        assert!(
            MonthRange::new(m("2021-12").unwrap(), m("2026-11").unwrap()).is_ok(),
            "60 months"
        );
        for (from, to) in [
            ("2021-11", "2026-11"),
            ("2026-11", "2026-10"),
            ("9999-12", "9999-12"),
        ] {
            let refused = MonthRange::new(m(from).unwrap(), m(to).unwrap()).unwrap_err();
            assert!(
                matches!(
                    refused,
                    DomainError::Invalid {
                        code: "statistics.range",
                        ..
                    }
                ),
                "{from}..{to}: {refused:?}"
            );
        }
    }

    fn row(
        category: FilingCategory,
        docketed: Date,
        closed: Option<(Date, ClosureMode)>,
    ) -> CaseloadRow {
        CaseloadRow {
            court_id: CourtId(uuid::Uuid::nil()),
            category,
            docketed: Month::of(docketed),
            closed: closed.map(|(d, _)| Month::of(d)),
            closure_mode: closed.map(|(_, m)| m),
            cases: 1,
            docketed_day_sum: i64::from(docketed.day()),
            closed_day_sum: closed.map_or(0, |(d, _)| i64::from(d.day())),
        }
    }

    #[test]
    fn days_to_close_cross_months_and_years() {
        let r = row(
            FilingCategory::CivilFirstInstance,
            date!(2025 - 12 - 30),
            Some((date!(2026 - 03 - 02), ClosureMode::Judgment)),
        );
        assert_eq!(r.days_to_close(), Some(62));
        let grouped = CaseloadRow {
            cases: 2,
            docketed_day_sum: 30 + 5,
            closed_day_sum: 2 + 31,
            ..r.clone()
        };
        // 2025-12-30 → 2026-03-02 (62) and 2025-12-05 → 2026-03-31 (116).
        assert_eq!(grouped.days_to_close(), Some(178));
        let open = row(FilingCategory::Enforcement, date!(2026 - 01 - 01), None);
        assert_eq!(open.days_to_close(), None);
    }

    #[test]
    fn publishing_tallies_every_table_and_suppresses_it() {
        use ClosureMode::*;
        use FilingCategory::*;
        let range = MonthRange::new(
            Month::parse("2026-10").unwrap(),
            Month::parse("2026-11").unwrap(),
        )
        .unwrap();
        let mut rows = Vec::new();
        for day in 1..=6 {
            let docketed = Date::from_calendar_date(2026, time::Month::November, day).unwrap();
            let closed =
                (day <= 5).then(|| (docketed + time::Duration::days(i64::from(day)), Judgment));
            rows.push(row(CivilFirstInstance, docketed, closed));
        }
        rows.push(row(
            AdministrativeFirstInstance,
            date!(2026 - 11 - 20),
            None,
        ));
        rows.push(row(
            AdministrativeFirstInstance,
            date!(2026 - 11 - 21),
            None,
        ));
        // Docketed before the range, closed in it: counts as closed, not as filed.
        rows.push(row(
            Enforcement,
            date!(2026 - 09 - 30),
            Some((date!(2026 - 10 - 05), Withdrawal)),
        ));
        let court = CourtId(uuid::Uuid::nil());
        let s = publish(&range, &[court], &rows);
        assert_eq!((s.filed, s.closed), (Count::Shown(8), Count::Shown(6)));
        assert_eq!(
            s.months,
            [
                MonthLine {
                    month: range.from(),
                    filed: Count::Shown(0),
                    closed: Count::Suppressed
                },
                MonthLine {
                    month: range.to(),
                    filed: Count::Shown(8),
                    closed: Count::Suppressed
                },
            ],
            "October's one closure is small, November's five go with it"
        );
        // 6 civil and 2 administrative: the 2 is small and the 6 is its complement.
        let categories: Vec<_> = s.categories.iter().map(|(c, n)| (*c, n.value())).collect();
        assert_eq!(
            categories,
            [
                (CivilFirstInstance, None),
                (AdministrativeFirstInstance, None),
                (Enforcement, Some(0)),
                (Preservation, Some(0)),
                (PaymentOrder, Some(0)),
                (JudicialConfirmation, Some(0)),
            ]
        );
        assert_eq!(s.courts, [(court, Count::Shown(8))]);
        assert_eq!(s.modes[0], (Judgment, Count::Suppressed));
        assert_eq!(s.modes[2], (Withdrawal, Count::Suppressed));
        // 6 closed of 8 docketed; days 1+2+3+4+5 and 5 → 20 / 6.
        assert_eq!(s.closure_rate.to_string(), "75.0");
        assert_eq!(s.average_days.to_string(), "3.3");
        assert!(publish(&range, &[], &rows).courts.is_empty());
    }
}
