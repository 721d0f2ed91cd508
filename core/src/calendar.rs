//! The trading calendar and business time (Asia/Shanghai).
//!
//! Asia/Shanghai is UTC+8 with no daylight saving since 1991, so a fixed offset is exact for
//! every date this calendar covers. Date arithmetic is chrono's.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::error::RuleError;

/// The built-in calendar (`spec/calendar.json`), replaced by the server's when synced.
pub const BUILTIN_CALENDAR_JSON: &str = include_str!("../data/calendar.json");

/// UTC+8, the time zone of every business rule.
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// An instant in business time.
pub type BusinessTime = DateTime<FixedOffset>;

/// Convert any instant to Shanghai time.
pub fn to_shanghai(t: DateTime<Utc>) -> BusinessTime {
    t.with_timezone(&shanghai())
}

/// 00:00 of a natural day in Shanghai.
pub fn start_of_day(day: NaiveDate) -> BusinessTime {
    shanghai().from_local_datetime(&day.and_time(NaiveTime::MIN)).single().expect("fixed offsets have no gaps")
}

/// The calendar as published (the JSON shape of `calendar.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarData {
    /// Always "Asia/Shanghai".
    pub timezone: String,
    /// The order cut-off, "15:00:00".
    pub cut_off: NaiveTime,
    /// First date covered.
    pub valid_from: NaiveDate,
    /// Last date covered.
    pub valid_through: NaiveDate,
    /// Weekdays on which the exchanges are closed.
    pub closed_weekdays: Vec<NaiveDate>,
}

/// Which days are trading days, and the cut-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TradingCalendar {
    data: CalendarData,
    closed: BTreeSet<NaiveDate>,
}

impl TradingCalendar {
    /// The calendar shipped in the library.
    pub fn builtin() -> TradingCalendar {
        TradingCalendar::from_json(BUILTIN_CALENDAR_JSON).expect("built-in calendar parses")
    }

    /// Parse a published calendar.
    pub fn from_json(json: &str) -> Result<TradingCalendar, serde_json::Error> {
        let data: CalendarData = serde_json::from_str(json)?;
        Ok(TradingCalendar::from_data(data))
    }

    /// From parsed data.
    pub fn from_data(data: CalendarData) -> TradingCalendar {
        let closed = data.closed_weekdays.iter().copied().collect();
        TradingCalendar { data, closed }
    }

    /// The published data (for serving and caching).
    pub fn data(&self) -> &CalendarData {
        &self.data
    }

    /// The daily order cut-off (15:00).
    pub fn cut_off(&self) -> NaiveTime {
        self.data.cut_off
    }

    fn covers(&self, day: NaiveDate) -> Result<(), RuleError> {
        if day < self.data.valid_from || day > self.data.valid_through {
            return Err(RuleError::CalendarUnavailable { date: day });
        }
        Ok(())
    }

    /// A weekday on which the exchanges are open.
    pub fn is_trading_day(&self, day: NaiveDate) -> Result<bool, RuleError> {
        self.covers(day)?;
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        Ok(!weekend && !self.closed.contains(&day))
    }

    /// The first trading day strictly after `day`.
    pub fn next_trading_day_after(&self, day: NaiveDate) -> Result<NaiveDate, RuleError> {
        let mut d = day;
        loop {
            d = d.succ_opt().ok_or(RuleError::CalendarUnavailable { date: day })?;
            if self.is_trading_day(d)? {
                return Ok(d);
            }
        }
    }

    /// The trading day an order placed at `placed` belongs to: the same day before 15:00:00
    /// on a trading day, otherwise the next trading day (rules.md §2).
    pub fn trading_day_for(&self, placed: BusinessTime) -> Result<NaiveDate, RuleError> {
        let local = placed.with_timezone(&shanghai());
        let day = local.date_naive();
        if self.is_trading_day(day)? && local.time() < self.cut_off() {
            Ok(day)
        } else {
            self.next_trading_day_after(day)
        }
    }

    /// The cut-off instant of trading day `day` (orders of that day can be cancelled before it).
    pub fn cut_off_of(&self, day: NaiveDate) -> BusinessTime {
        start_of_day(day) + (self.cut_off() - NaiveTime::MIN)
    }
}

/// The natural days from `from` to `to`, both included.
pub fn days_between(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let n = (to - from).num_days().max(-1) + 1;
    (0..n).map(move |i| from + Duration::days(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_knows_national_day() {
        let c = TradingCalendar::builtin();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert!(!c.is_trading_day(d("2026-10-01")).unwrap());
        assert!(c.is_trading_day(d("2026-10-08")).unwrap());
        assert_eq!(c.next_trading_day_after(d("2026-09-30")).unwrap(), d("2026-10-08"));
        assert!(c.is_trading_day(d("2027-01-04")).is_err());
    }
}
