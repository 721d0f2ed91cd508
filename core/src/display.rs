//! Display strings for the shells, in zh-CN and en, so that Swift, Kotlin and Python draw text
//! and never format a number or a date themselves.
//!
//! Amounts: `¥1,234.56` in both locales (the yuan sign, comma thousands separators and a point,
//! as Alipay / 余额宝 and CLDR's zh-CN and en-CN currency patterns write them). The grouping is
//! string work on the decimal's own digits: no float ever touches an amount.

use chrono::{Datelike, NaiveDate, Timelike};
use rust_decimal::Decimal;

use crate::calendar::BusinessTime;
use crate::money::{Money, SCALE};
use crate::order::{OrderKind, OrderStatus};
use crate::statement::MovementKind;

/// The languages the core writes display strings in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DisplayLocale {
    /// Simplified Chinese (the default: the product's market).
    #[default]
    ZhCn,
    /// English.
    En,
}

impl DisplayLocale {
    /// From a BCP 47 tag such as `zh-CN`, `zh-Hans-CN` or `en-GB`; other languages get English.
    pub fn from_tag(tag: &str) -> DisplayLocale {
        if tag.trim().to_ascii_lowercase().starts_with("zh") {
            DisplayLocale::ZhCn
        } else {
            DisplayLocale::En
        }
    }
}

const EN_MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Inserts a comma every three digits from the right of a run of ASCII digits.
fn group_thousands(digits: &str) -> String {
    let head = match digits.len() % 3 {
        0 => digits.len().min(3),
        r => r,
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    out.push_str(&digits[..head]);
    for start in (head..digits.len()).step_by(3) {
        out.push(',');
        out.push_str(&digits[start..start + 3]);
    }
    out
}

/// A decimal with `places` decimals and grouped thousands, e.g. `-1,234.50` (no currency sign).
fn grouped(value: Decimal, places: u32) -> String {
    let mut d = value.round_dp(places);
    d.rescale(places);
    let text = d.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let sign = if d.is_sign_negative() && !d.is_zero() { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{}", group_thousands(int))
    } else {
        format!("{sign}{}.{frac}", group_thousands(int))
    }
}

/// An amount of yuan: `¥1,234.56`, `-¥0.12` (same in both locales).
pub fn amount(m: Money) -> String {
    let g = grouped(m.decimal(), SCALE);
    match g.strip_prefix('-') {
        Some(rest) => format!("-¥{rest}"),
        None => format!("¥{g}"),
    }
}

/// A signed amount for a statement line or an income figure: `+¥0.65`, `-¥1,000.00`.
pub fn signed_amount(m: Money) -> String {
    if m.is_positive() {
        format!("+{}", amount(m))
    } else {
        amount(m)
    }
}

/// A percentage given as the core's decimal text (e.g. the 7-day yield "2.401"): `2.401%`.
pub fn percent(text: &str) -> String {
    format!("{text}%")
}

/// A day: `2026年11月19日` / `19 Nov 2026`.
pub fn day(d: NaiveDate, loc: DisplayLocale) -> String {
    match loc {
        DisplayLocale::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        DisplayLocale::En => format!("{} {} {}", d.day(), EN_MONTHS[d.month0() as usize], d.year()),
    }
}

/// A short day and time in Shanghai time: `11月19日 18:00` / `19 Nov 18:00`.
pub fn short_time(t: BusinessTime, loc: DisplayLocale) -> String {
    let (d, hm) = (t.date_naive(), format!("{:02}:{:02}", t.hour(), t.minute()));
    match loc {
        DisplayLocale::ZhCn => format!("{}月{}日 {hm}", d.month(), d.day()),
        DisplayLocale::En => format!("{} {} {hm}", d.day(), EN_MONTHS[d.month0() as usize]),
    }
}

/// How old the figures are: `截至 11月19日 18:00` / `as of 19 Nov 18:00`, or "never synced".
pub fn as_of(t: Option<BusinessTime>, loc: DisplayLocale) -> String {
    match (t, loc) {
        (Some(t), DisplayLocale::ZhCn) => format!("截至 {}", short_time(t, loc)),
        (Some(t), DisplayLocale::En) => format!("as of {}", short_time(t, loc)),
        (None, DisplayLocale::ZhCn) => "尚未同步".into(),
        (None, DisplayLocale::En) => "not synced yet".into(),
    }
}

/// A statement month "YYYY-MM": `2026年11月` / `Nov 2026` (the text itself if malformed).
pub fn month(ym: &str, loc: DisplayLocale) -> String {
    let parsed = ym.split_once('-').and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?)));
    match parsed {
        Some((y, m)) if (1..=12).contains(&m) => match loc {
            DisplayLocale::ZhCn => format!("{y}年{m}月"),
            DisplayLocale::En => format!("{} {y}", EN_MONTHS[m as usize - 1]),
        },
        _ => ym.to_string(),
    }
}

/// What an order is: `转入` / `Deposit`, ...
pub fn order_kind(k: OrderKind, loc: DisplayLocale) -> &'static str {
    match (k, loc) {
        (OrderKind::Deposit, DisplayLocale::ZhCn) => "转入",
        (OrderKind::NormalWithdrawal, DisplayLocale::ZhCn) => "普通转出",
        (OrderKind::InstantWithdrawal, DisplayLocale::ZhCn) => "快速转出",
        (OrderKind::Deposit, DisplayLocale::En) => "Deposit",
        (OrderKind::NormalWithdrawal, DisplayLocale::En) => "Withdrawal (next trading day)",
        (OrderKind::InstantWithdrawal, DisplayLocale::En) => "Instant withdrawal",
    }
}

/// Where an order stands: `处理中` / `Pending`, ...
pub fn order_status(s: OrderStatus, loc: DisplayLocale) -> &'static str {
    match (s, loc) {
        (OrderStatus::Pending, DisplayLocale::ZhCn) => "处理中",
        (OrderStatus::Confirmed, DisplayLocale::ZhCn) => "已确认",
        (OrderStatus::Cancelled, DisplayLocale::ZhCn) => "已撤销",
        (OrderStatus::Failed, DisplayLocale::ZhCn) => "失败",
        (OrderStatus::Pending, DisplayLocale::En) => "Pending",
        (OrderStatus::Confirmed, DisplayLocale::En) => "Confirmed",
        (OrderStatus::Cancelled, DisplayLocale::En) => "Cancelled",
        (OrderStatus::Failed, DisplayLocale::En) => "Failed",
    }
}

/// The label of a daily income line on a statement: `收益` / `Income`.
pub fn income_label(loc: DisplayLocale) -> &'static str {
    match loc {
        DisplayLocale::ZhCn => "收益",
        DisplayLocale::En => "Income",
    }
}

/// The label of a statement line: the order kind's, or `收益` / `Income`.
pub fn movement_kind(k: MovementKind, loc: DisplayLocale) -> &'static str {
    match k {
        MovementKind::Deposit => order_kind(OrderKind::Deposit, loc),
        MovementKind::NormalWithdrawal => order_kind(OrderKind::NormalWithdrawal, loc),
        MovementKind::InstantWithdrawal => order_kind(OrderKind::InstantWithdrawal, loc),
        MovementKind::Income => income_label(loc),
    }
}

/// Shown where a figure is not published yet (e.g. the 7-day yield of a new fund).
pub const NOT_AVAILABLE: &str = "--";

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[test]
    fn amounts_group_thousands_on_the_decimal_digits() {
        for (input, want) in [
            ("0.00", "¥0.00"),
            ("0.65", "¥0.65"),
            ("999.99", "¥999.99"),
            ("1000.00", "¥1,000.00"),
            ("1234.56", "¥1,234.56"),
            ("10001.95", "¥10,001.95"),
            ("100000.00", "¥100,000.00"),
            ("1234567.80", "¥1,234,567.80"),
            ("999999999999.99", "¥999,999,999,999.99"),
            ("-0.12", "-¥0.12"),
            ("-1234.50", "-¥1,234.50"),
            ("5", "¥5.00"),
        ] {
            assert_eq!(amount(m(input)), want, "{input}");
        }
        assert_eq!(signed_amount(m("0.65")), "+¥0.65");
        assert_eq!(signed_amount(m("-0.01")), "-¥0.01");
        assert_eq!(signed_amount(m("0.00")), "¥0.00");
    }

    #[test]
    fn grouping_matches_a_reference_for_every_length() {
        // Reference: group an integer by repeated division (a different method than the string walk).
        fn reference(mut n: u64) -> String {
            let mut parts = vec![];
            loop {
                if n < 1000 {
                    parts.push(n.to_string());
                    break;
                }
                parts.push(format!("{:03}", n % 1000));
                n /= 1000;
            }
            parts.reverse();
            parts.join(",")
        }
        let mut n: u64 = 7;
        for _ in 0..15 {
            assert_eq!(group_thousands(&n.to_string()), reference(n));
            n = n * 10 + 3;
        }
    }

    #[test]
    fn dates_and_as_of_labels_in_both_locales() {
        let t = FixedOffset::east_opt(8 * 3600).unwrap().with_ymd_and_hms(2026, 11, 19, 18, 0, 0).unwrap();
        assert_eq!(as_of(Some(t), DisplayLocale::ZhCn), "截至 11月19日 18:00");
        assert_eq!(as_of(Some(t), DisplayLocale::En), "as of 19 Nov 18:00");
        assert_eq!(as_of(None, DisplayLocale::En), "not synced yet");
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(day(d, DisplayLocale::ZhCn), "2026年11月23日");
        assert_eq!(day(d, DisplayLocale::En), "23 Nov 2026");
        assert_eq!(month("2026-11", DisplayLocale::ZhCn), "2026年11月");
        assert_eq!(month("2026-01", DisplayLocale::En), "Jan 2026");
        assert_eq!(month("2026-13", DisplayLocale::En), "2026-13");
        assert_eq!(percent("2.401"), "2.401%");
    }

    #[test]
    fn locale_tags() {
        assert_eq!(DisplayLocale::from_tag("zh-Hans-CN"), DisplayLocale::ZhCn);
        assert_eq!(DisplayLocale::from_tag("en-GB"), DisplayLocale::En);
        assert_eq!(DisplayLocale::from_tag("fr"), DisplayLocale::En);
    }
}
