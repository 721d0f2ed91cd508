//! Records of the bindings and their conversions from core types. Amounts are strings with two
//! decimals ("1234.56"), dates ISO 8601, times RFC 3339 in Asia/Shanghai.

use chrono::{DateTime, NaiveDate};

use wealth_core::api::OrderRecord;
use wealth_core::device::{HomeView, SyncReport};
use wealth_core::display::{self, DisplayLocale};
use wealth_core::order::WithdrawalPlan;
use wealth_core::statement::{MovementKind, Statement};

use crate::WealthError;

/// The home screen, computed by the core from the local store: what the screen draws, and
/// nothing else (the raw figures are `Wealth::home_figures`). Kept small on purpose: a screen
/// asks for it on every redraw, and each field costs the shells a decode (README, Benchmarks).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HomeViewModel {
    /// The figures as display strings in the chosen locale: shells draw these as they are.
    pub display: HomeDisplay,
    /// Whether the figures may be shown as live (online, synced within the last minute);
    /// otherwise show them "as of" (`display.as_of`).
    pub live: bool,
    /// Points available (the sum of the local replica of the points ledger).
    pub points: i64,
}

/// The home screen's figures as decimal text, for QA scripts and tests (apps draw
/// `HomeViewModel.display`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HomeFigures {
    /// Confirmed units (= yuan).
    pub units: String,
    /// Deposits awaiting confirmation.
    pub pending_in: String,
    /// Normal withdrawals awaiting payout.
    pub pending_out: String,
    /// Yesterday's income.
    pub yesterday_income: String,
    /// Income since opening.
    pub total_income: String,
    /// 7-day annualised yield in percent (3 places), if published.
    pub seven_day_yield: Option<String>,
    /// What is left of today's instant-withdrawal quota.
    pub instant_quota_left: String,
    /// All money paid to the bound card so far.
    pub cash_out: String,
    /// The natural day the figures are for.
    pub today: String,
    /// Server time of the last sync (None: never synced): figures are as of then.
    pub as_of: Option<String>,
}

/// The home screen's text, formatted by the core (`¥10,001.95`, `截至 11月19日 18:00`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HomeDisplay {
    /// Confirmed units as an amount, e.g. `¥10,001.95`.
    pub units: String,
    /// Deposits awaiting confirmation.
    pub pending_in: String,
    /// Normal withdrawals awaiting payout.
    pub pending_out: String,
    /// Yesterday's income, signed (`+¥0.65`).
    pub yesterday_income: String,
    /// Income since opening.
    pub total_income: String,
    /// 7-day yield (`2.401%`, or `--` before one is published).
    pub seven_day_yield: String,
    /// Instant quota left today.
    pub instant_quota_left: String,
    /// Paid to the card so far.
    pub cash_out: String,
    /// The day the figures are for (`2026年11月23日` / `23 Nov 2026`).
    pub today: String,
    /// How old the figures are (`截至 11月19日 18:00` / `as of 19 Nov 18:00` / never synced).
    pub as_of: String,
}

/// The home view model with display strings in `loc`.
pub fn home_view_model(h: HomeView, loc: DisplayLocale) -> HomeViewModel {
    let f = h.figures;
    let display = HomeDisplay {
        units: display::amount(f.units),
        pending_in: display::amount(f.pending_in),
        pending_out: display::amount(f.pending_out),
        yesterday_income: display::signed_amount(f.yesterday_income),
        total_income: display::amount(f.total_income),
        seven_day_yield: f.seven_day_yield.as_deref().map(display::percent).unwrap_or(display::NOT_AVAILABLE.into()),
        instant_quota_left: display::amount(f.instant_quota_left),
        cash_out: display::amount(f.cash_out),
        today: display::day(f.today, loc),
        as_of: display::as_of(h.as_of, loc),
    };
    HomeViewModel { display, live: h.live, points: h.points }
}

impl From<HomeView> for HomeFigures {
    fn from(h: HomeView) -> Self {
        let f = h.figures;
        HomeFigures {
            units: f.units.to_string(),
            pending_in: f.pending_in.to_string(),
            pending_out: f.pending_out.to_string(),
            yesterday_income: f.yesterday_income.to_string(),
            total_income: f.total_income.to_string(),
            seven_day_yield: f.seven_day_yield,
            instant_quota_left: f.instant_quota_left.to_string(),
            cash_out: f.cash_out.to_string(),
            today: f.today.to_string(),
            as_of: h.as_of.map(|t| t.to_rfc3339()),
        }
    }
}

/// An order as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OrderView {
    /// Server id (for `cancel`).
    pub id: String,
    /// `deposit`, `normal_withdrawal` or `instant_withdrawal`.
    pub kind: String,
    /// `pending`, `confirmed`, `cancelled` or `failed`.
    pub status: String,
    /// Amount in yuan.
    pub amount: String,
    /// When the server accepted it.
    pub placed_at: String,
    /// Trading day T (None for instant withdrawals).
    pub trading_day: Option<String>,
    /// Day units move.
    pub confirm_day: String,
    /// Display strings in the chosen locale.
    pub display: OrderDisplay,
}

/// An order's text, formatted by the core.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OrderDisplay {
    /// `转入` / `Deposit`, ...
    pub kind: String,
    /// `处理中` / `Pending`, ...
    pub status: String,
    /// `¥10,000.00`.
    pub amount: String,
    /// When placed (`11月19日 14:30` / `19 Nov 14:30`).
    pub placed_at: String,
    /// The day units move.
    pub confirm_day: String,
}

impl From<OrderRecord> for OrderView {
    fn from(o: OrderRecord) -> Self {
        order_view(o, DisplayLocale::default())
    }
}

/// The order view with display strings in `loc`.
pub fn order_view(o: OrderRecord, loc: DisplayLocale) -> OrderView {
    let display = OrderDisplay {
        kind: display::order_kind(o.kind, loc).into(),
        status: display::order_status(o.status, loc).into(),
        amount: display::amount(o.amount),
        placed_at: display::short_time(o.placed_at, loc),
        confirm_day: display::day(o.confirm_day, loc),
    };
    OrderView {
        id: o.id,
        kind: o.kind.as_str().into(),
        status: o.status.as_str().into(),
        amount: o.amount.to_string(),
        placed_at: o.placed_at.to_rfc3339(),
        trading_day: o.trading_day.map(|d| d.to_string()),
        confirm_day: o.confirm_day.to_string(),
        display,
    }
}

/// A withdrawal split into instant and normal parts.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WithdrawalPlanView {
    /// Paid at once.
    pub instant: String,
    /// Paid on the next confirmation day.
    pub normal: String,
    /// `instant` as display text (`¥1,000.00`).
    pub instant_display: String,
    /// `normal` as display text.
    pub normal_display: String,
}

impl From<WithdrawalPlan> for WithdrawalPlanView {
    fn from(p: WithdrawalPlan) -> Self {
        WithdrawalPlanView {
            instant: p.instant.to_string(),
            normal: p.normal.to_string(),
            instant_display: display::amount(p.instant),
            normal_display: display::amount(p.normal),
        }
    }
}

/// What a sync brought.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncResult {
    /// Orders received.
    pub orders: u32,
    /// Income lines received.
    pub income: u32,
    /// Set when the local figures disagree with the server's.
    pub mismatch: Option<String>,
    /// Reference data was unchanged (HTTP 304 on its ETag).
    pub reference_not_modified: bool,
    /// Points transfers received.
    pub points_transfers: u32,
    /// Set when the local points balance disagrees with the server's.
    pub points_mismatch: Option<String>,
}

impl From<SyncReport> for SyncResult {
    fn from(r: SyncReport) -> Self {
        SyncResult {
            orders: r.orders as u32,
            income: r.income as u32,
            mismatch: r.mismatch,
            reference_not_modified: r.reference_not_modified,
            points_transfers: r.points_transfers as u32,
            points_mismatch: r.points_mismatch,
        }
    }
}

/// One line of a statement: a confirmed transaction or a day's income.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StatementLine {
    /// Effective day.
    pub day: String,
    /// `deposit`, `income`, `normal_withdrawal` or `instant_withdrawal`.
    pub kind: String,
    /// Amount (signed for income).
    pub amount: String,
    /// Order id, if any.
    pub order_id: Option<String>,
    /// Trading day, if any.
    pub trading_day: Option<String>,
    /// `转入` / `收益` / `Deposit` / `Income`, ...
    pub kind_label: String,
    /// Signed display amount (`+¥0.65`, `-¥1,000.00` for money out).
    pub amount_display: String,
    /// The day as text.
    pub day_display: String,
}

/// A monthly statement (对账单).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StatementView {
    /// "YYYY-MM".
    pub month: String,
    /// Fund code.
    pub fund_code: String,
    /// Fund name.
    pub fund_name: String,
    /// Last four digits of the bound card.
    pub card_last4: String,
    /// Units at the start.
    pub opening_units: String,
    /// Deposits in the month.
    pub deposits: String,
    /// Income in the month.
    pub income: String,
    /// Withdrawals in the month.
    pub withdrawals: String,
    /// Units at the end.
    pub closing_units: String,
    /// Income since opening.
    pub income_since_opening: String,
    /// 7-day yield as of the last day.
    pub seven_day_yield: Option<String>,
    /// closing = opening + deposits + income − withdrawals.
    pub identity_holds: bool,
    /// Transactions and income lines, by day.
    pub lines: Vec<StatementLine>,
    /// The totals as display strings in the chosen locale.
    pub display: StatementDisplay,
}

/// A statement's text, formatted by the core.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StatementDisplay {
    /// `2026年11月` / `Nov 2026`.
    pub month: String,
    /// Opening units as an amount.
    pub opening_units: String,
    /// Deposits.
    pub deposits: String,
    /// Income (signed).
    pub income: String,
    /// Withdrawals.
    pub withdrawals: String,
    /// Closing units.
    pub closing_units: String,
    /// Income since opening.
    pub income_since_opening: String,
    /// 7-day yield (`2.401%` or `--`).
    pub seven_day_yield: String,
}

impl From<Statement> for StatementView {
    fn from(s: Statement) -> Self {
        statement_view(s, DisplayLocale::default())
    }
}

/// The statement view with display strings in `loc`.
pub fn statement_view(s: Statement, loc: DisplayLocale) -> StatementView {
    let money_out = |k: MovementKind| matches!(k, MovementKind::NormalWithdrawal | MovementKind::InstantWithdrawal);
    let mut lines: Vec<StatementLine> = s
        .transactions
        .iter()
        .map(|t| StatementLine {
            day: t.confirmed_on.to_string(),
            kind: t.kind.as_str().into(),
            amount: t.amount.to_string(),
            order_id: Some(t.order_id.clone()),
            trading_day: t.trading_day.map(|d| d.to_string()),
            kind_label: display::movement_kind(t.kind, loc).into(),
            amount_display: if money_out(t.kind) {
                format!("-{}", display::amount(t.amount))
            } else {
                display::signed_amount(t.amount)
            },
            day_display: display::day(t.confirmed_on, loc),
        })
        .chain(s.income_lines.iter().map(|i| StatementLine {
            day: i.day.to_string(),
            kind: "income".into(),
            amount: i.income.to_string(),
            order_id: None,
            trading_day: None,
            kind_label: display::income_label(loc).into(),
            amount_display: display::signed_amount(i.income),
            day_display: display::day(i.day, loc),
        }))
        .collect();
    lines.sort_by(|a, b| a.day.cmp(&b.day));
    let display = StatementDisplay {
        month: display::month(&s.month, loc),
        opening_units: display::amount(s.opening_units),
        deposits: display::amount(s.deposits),
        income: display::signed_amount(s.income),
        withdrawals: display::amount(s.withdrawals),
        closing_units: display::amount(s.closing_units),
        income_since_opening: display::amount(s.income_since_opening),
        seven_day_yield: s
            .last_seven_day_yield
            .as_deref()
            .map(display::percent)
            .unwrap_or(display::NOT_AVAILABLE.into()),
    };
    StatementView {
        month: s.month,
        fund_code: s.header.fund_code,
        fund_name: s.header.fund_name,
        card_last4: s.header.card_last4,
        opening_units: s.opening_units.to_string(),
        deposits: s.deposits.to_string(),
        income: s.income.to_string(),
        withdrawals: s.withdrawals.to_string(),
        closing_units: s.closing_units.to_string(),
        income_since_opening: s.income_since_opening.to_string(),
        seven_day_yield: s.last_seven_day_yield,
        identity_holds: s.identity_holds,
        lines,
        display,
    }
}

/// Parse an RFC 3339 time given by a caller.
pub fn parse_time(s: &str) -> Result<DateTime<chrono::FixedOffset>, WealthError> {
    DateTime::parse_from_rfc3339(s).map_err(|e| WealthError::Refused {
        code: "BAD_REQUEST".into(),
        detail: format!("{s:?} is not an RFC 3339 time ({e}), e.g. 2026-11-19T14:30:00+08:00"),
    })
}

/// Parse a YYYY-MM-DD day given by a caller.
pub fn parse_day(s: &str) -> Result<NaiveDate, WealthError> {
    s.parse().map_err(|_| WealthError::Refused {
        code: "BAD_REQUEST".into(),
        detail: format!("{s:?} is not a date; use YYYY-MM-DD"),
    })
}
