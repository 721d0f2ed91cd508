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
use crate::points::CouponStatus;
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

/// A number of points: `1,200 积分` / `1,200 points`.
pub fn points(n: i64, loc: DisplayLocale) -> String {
    let g = grouped(Decimal::from(n), 0);
    match loc {
        DisplayLocale::ZhCn => format!("{g} 积分"),
        DisplayLocale::En if n == 1 || n == -1 => format!("{g} point"),
        DisplayLocale::En => format!("{g} points"),
    }
}

/// A coupon's condition: `满¥500.00可用` / `on a deposit of ¥500.00 or more`.
pub fn min_deposit(m: Money, loc: DisplayLocale) -> String {
    match loc {
        DisplayLocale::ZhCn => format!("满{}可用", amount(m)),
        DisplayLocale::En => format!("on a deposit of {} or more", amount(m)),
    }
}

/// Until when something can be used: `有效期至 2026年12月19日` / `valid until 19 Dec 2026`.
pub fn valid_until(t: BusinessTime, loc: DisplayLocale) -> String {
    match loc {
        DisplayLocale::ZhCn => format!("有效期至 {}", day(t.date_naive(), loc)),
        DisplayLocale::En => format!("valid until {}", day(t.date_naive(), loc)),
    }
}

/// Where a cashback coupon stands: `可使用` / `Ready to use`, ...
pub fn coupon_status(s: CouponStatus, loc: DisplayLocale) -> &'static str {
    match (s, loc) {
        (CouponStatus::Issued, DisplayLocale::ZhCn) => "可使用",
        (CouponStatus::Reserved, DisplayLocale::ZhCn) => "使用中",
        (CouponStatus::Used, DisplayLocale::ZhCn) => "已使用",
        (CouponStatus::Expired, DisplayLocale::ZhCn) => "已过期",
        (CouponStatus::Issued, DisplayLocale::En) => "Ready to use",
        (CouponStatus::Reserved, DisplayLocale::En) => "Reserved for a pending deposit",
        (CouponStatus::Used, DisplayLocale::En) => "Used",
        (CouponStatus::Expired, DisplayLocale::En) => "Expired",
    }
}

/// The text next to an input field for a field check's stable code (`FORMAT`, `CHECKSUM`,
/// `BIRTH_DATE`, `UNDER_AGE`, `PIN_TOO_SIMPLE`, `PIN_MISMATCH`, warning `LUHN`, ...) on `field`
/// (`phone`, `id_number`, `card`, `pin`, ...); "" for "" (no refusal); an unknown code is
/// returned as it is.
pub fn field_message(code: &str, field: &str, loc: DisplayLocale) -> String {
    use crate::onboarding::validate::FieldCode;
    let known = [
        FieldCode::Format,
        FieldCode::Checksum,
        FieldCode::BirthDate,
        FieldCode::UnderAge,
        FieldCode::PinTooSimple,
        FieldCode::PinMismatch,
    ];
    let Some(c) = known.into_iter().find(|c| c.as_str() == code) else {
        return match (code, loc) {
            ("", _) => String::new(),
            ("LUHN", DisplayLocale::ZhCn) => "卡号未通过校验，请核对；如确认无误可继续".into(),
            ("LUHN", DisplayLocale::En) => {
                "this card number fails the card check; check it, or go on if it is right".into()
            }
            (other, _) => other.to_string(),
        };
    };
    match loc {
        DisplayLocale::En => c.message(field),
        DisplayLocale::ZhCn => match (c, field) {
            (FieldCode::Format, "phone") => "请输入以13-19开头的11位手机号".into(),
            (FieldCode::Format, "id_number") => "身份证号为17位数字加1位数字或X".into(),
            (FieldCode::Format, "card") => "银行卡号为16至19位数字".into(),
            (FieldCode::Format, "pin") => "交易密码为6位数字".into(),
            (FieldCode::Format, _) => "格式不正确".into(),
            (FieldCode::Checksum, _) => "身份证号校验位不符，请核对".into(),
            (FieldCode::BirthDate, _) => "身份证号中的出生日期不存在或晚于今天".into(),
            (FieldCode::UnderAge, _) => "投资者须年满18周岁".into(),
            (FieldCode::PinTooSimple, _) => "密码过于简单：请勿使用6位相同数字或123456这样的连续数字".into(),
            (FieldCode::PinMismatch, _) => "两次输入的密码不一致".into(),
        },
    }
}

/// Shown where a figure is not published yet (e.g. the 7-day yield of a new fund).
pub const NOT_AVAILABLE: &str = "--";

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};

    #[test]
    fn points_coupons_and_field_messages() {
        assert_eq!(points(1200, DisplayLocale::ZhCn), "1,200 积分");
        assert_eq!(points(1, DisplayLocale::En), "1 point");
        assert_eq!(points(-50, DisplayLocale::En), "-50 points");
        let m: Money = "500".parse().unwrap();
        assert_eq!(min_deposit(m, DisplayLocale::ZhCn), "满¥500.00可用");
        assert_eq!(min_deposit(m, DisplayLocale::En), "on a deposit of ¥500.00 or more");
        let t = FixedOffset::east_opt(8 * 3600).unwrap().with_ymd_and_hms(2026, 12, 19, 23, 59, 59).unwrap();
        assert_eq!(valid_until(t, DisplayLocale::ZhCn), "有效期至 2026年12月19日");
        assert_eq!(valid_until(t, DisplayLocale::En), "valid until 19 Dec 2026");
        assert_eq!(coupon_status(CouponStatus::Issued, DisplayLocale::ZhCn), "可使用");
        assert_eq!(field_message("PIN_MISMATCH", "pin", DisplayLocale::ZhCn), "两次输入的密码不一致");
        assert_eq!(
            field_message("FORMAT", "phone", DisplayLocale::En),
            "enter an 11-digit mainland mobile number starting 13-19"
        );
        assert!(field_message("LUHN", "card", DisplayLocale::En).contains("card check"));
        assert_eq!(field_message("", "pin", DisplayLocale::En), "");
        assert_eq!(field_message("OTP_WRONG", "code", DisplayLocale::En), "OTP_WRONG");
    }

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
