//! A memo of the last home view model, so that a screen redrawn many times a second costs a
//! clone, not a store read (the FFI benchmark's `home()` goal). Not a rule: the figures still
//! come from the core's one computation.
//!
//! Valid until (a) anything changes through this `Wealth` (sync, deposit, withdraw, cancel,
//! locale: `ShellState` clears it, also when they fail) or (b) business time reaches the next
//! whole minute (figures depend on the business day today, and any future time-of-day rule such
//! as the 15:00 cut-off falls on a whole minute). The deadline is measured on the monotonic clock
//! from the business time the view was computed at, so a server clock offset cannot skew it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::Timelike;
use wealth_core::calendar::BusinessTime;
use wealth_core::display::DisplayLocale;

use crate::HomeViewModel;

struct Entry {
    locale: DisplayLocale,
    valid_until: Instant,
    view: HomeViewModel,
}

/// The memo.
#[derive(Default)]
pub(crate) struct HomeCache(Mutex<Option<Entry>>);

/// Time left in the business minute of `now`.
pub(crate) fn rest_of_minute(now: BusinessTime) -> Duration {
    let into = Duration::from_secs(u64::from(now.second())) + Duration::from_nanos(u64::from(now.nanosecond()));
    Duration::from_secs(60).saturating_sub(into)
}

impl HomeCache {
    /// The memo, if it is for `locale` and still valid.
    pub(crate) fn get(&self, locale: DisplayLocale) -> Option<HomeViewModel> {
        let guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().filter(|e| e.locale == locale && Instant::now() < e.valid_until).map(|e| e.view.clone())
    }

    /// Remember `view`, computed at business time `now`, taken at the monotonic instant `taken`.
    pub(crate) fn put(&self, locale: DisplayLocale, now: BusinessTime, taken: Instant, view: HomeViewModel) {
        let entry = Entry { locale, valid_until: taken + rest_of_minute(now), view };
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(entry);
    }

    /// Forget it (after any change).
    pub(crate) fn clear(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};

    #[test]
    fn valid_to_the_next_whole_business_minute() {
        let tz = FixedOffset::east_opt(8 * 3600).unwrap();
        let t = tz.with_ymd_and_hms(2026, 11, 19, 14, 59, 45).unwrap();
        assert_eq!(rest_of_minute(t), Duration::from_secs(15));
        assert_eq!(rest_of_minute(tz.with_ymd_and_hms(2026, 11, 19, 15, 0, 0).unwrap()), Duration::from_secs(60));
    }

    #[test]
    fn expired_or_other_locale_or_cleared_is_a_miss() {
        let tz = FixedOffset::east_opt(8 * 3600).unwrap();
        let view = crate::convert::home_view_model(
            wealth_core::device::HomeView {
                figures: wealth_core::home::AccountFigures {
                    units: "1.00".parse().unwrap(),
                    pending_in: wealth_core::Money::ZERO,
                    pending_out: wealth_core::Money::ZERO,
                    yesterday_income: wealth_core::Money::ZERO,
                    total_income: wealth_core::Money::ZERO,
                    seven_day_yield: None,
                    instant_quota_left: wealth_core::Money::ZERO,
                    cash_out: wealth_core::Money::ZERO,
                    today: chrono::NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
                },
                as_of: None,
                now: tz.with_ymd_and_hms(2026, 11, 19, 9, 0, 0).unwrap(),
                live: false,
                points: 0,
            },
            DisplayLocale::ZhCn,
        );
        let cache = HomeCache::default();
        let fresh = tz.with_ymd_and_hms(2026, 11, 19, 9, 0, 0).unwrap();
        cache.put(DisplayLocale::ZhCn, fresh, Instant::now(), view.clone());
        assert_eq!(cache.get(DisplayLocale::ZhCn), Some(view.clone()));
        assert_eq!(cache.get(DisplayLocale::En), None);
        cache.clear();
        assert_eq!(cache.get(DisplayLocale::ZhCn), None);
        // Computed at hh:mm:59.999: expired (almost) at once; taken a minute ago: expired.
        cache.put(DisplayLocale::ZhCn, fresh, Instant::now() - Duration::from_secs(61), view);
        assert_eq!(cache.get(DisplayLocale::ZhCn), None);
    }
}
