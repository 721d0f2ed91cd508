//! Points lots: each earning is a lot with an expiry; spending takes the oldest-expiring first.

use chrono::{Datelike, NaiveDate, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};

use crate::calendar::{shanghai, BusinessTime};

/// What is left of one earning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsLot {
    /// The earning transfer's id.
    pub id: String,
    /// When it was earned.
    pub earned_at: BusinessTime,
    /// When what is left expires.
    pub expires_at: BusinessTime,
    /// Points earned.
    pub points: i64,
    /// Points not yet spent, reversed or expired.
    pub left: i64,
}

/// Default expiry of points earned at `earned`: 23:59:59 (Asia/Shanghai) on 31 December of the
/// following year (rules.md §6).
pub fn default_expiry(earned: BusinessTime) -> BusinessTime {
    let year = earned.with_timezone(&shanghai()).year() + 1;
    let day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
    let t = day.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN));
    shanghai().from_local_datetime(&t).single().unwrap_or_else(|| earned.with_timezone(&shanghai()))
}

/// The order lots are spent in: oldest expiry first, then the earlier earning, then the id.
pub fn spending_order(a: &PointsLot, b: &PointsLot) -> std::cmp::Ordering {
    (a.expires_at, a.earned_at, &a.id).cmp(&(b.expires_at, b.earned_at, &b.id))
}
