//! The one source of "now". Everything that needs the current instant receives a [`Clock`], so
//! deadlines and expiries are testable with a fixed clock.

use std::sync::Mutex;
use time::{Date, OffsetDateTime, UtcOffset};

/// China Standard Time (UTC+08:00, `Asia/Shanghai`, no daylight saving since 1991): the offset at
/// which legal civil dates are counted.
pub const CHINA_OFFSET: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// Supplies the current instant.
pub trait Clock: Send + Sync {
    /// The current instant in UTC.
    fn now(&self) -> OffsetDateTime;

    /// Today's civil date in China, the date legal periods are counted from.
    fn today_in_china(&self) -> Date {
        self.now().to_offset(CHINA_OFFSET).date()
    }
}

/// The real wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one permitted call
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that stands still until moved; for tests and simulations.
#[derive(Debug)]
pub struct FixedClock(Mutex<OffsetDateTime>);

impl FixedClock {
    /// A clock showing `at`.
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Mutex::new(at))
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: time::Duration) {
        if let Ok(mut now) = self.0.lock() {
            *now += by;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        match self.0.lock() {
            Ok(now) => *now,
            Err(poisoned) => *poisoned.into_inner(),
        }
    }
}

/// Microseconds since the Unix epoch: the representation of instants in the database.
pub fn to_micros(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1000).unwrap_or(i64::MAX)
}

/// The instant `micros` microseconds after the Unix epoch (clamped to the representable range).
pub fn from_micros(micros: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn china_date_rolls_at_16_utc() {
        let clock = FixedClock::new(datetime!(2026-01-01 15:59:59 UTC));
        assert_eq!(clock.today_in_china().to_string(), "2026-01-01");
        clock.advance(time::Duration::seconds(1));
        assert_eq!(clock.today_in_china().to_string(), "2026-01-02");
    }

    #[test]
    fn micros_round_trip() {
        let at = datetime!(2026-11-27 03:17:17.123456 UTC);
        assert_eq!(from_micros(to_micros(at)), at);
    }
}
