//! Tables for people (comfy-table). The demo uses the same ones.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};

use wealth_core::api::OrderRecord;
use wealth_core::device::{HomeView, SyncReport};
use wealth_core::order::{OrderKind, WithdrawalPlan};
use wealth_core::statement::Statement;

/// A table with the console's look; columns listed in `right` are right-aligned (figures).
pub fn table(header: &[&str], right: &[usize]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled).set_header(header);
    for &i in right {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// What an order kind is called on screen.
pub fn kind_label(kind: OrderKind) -> &'static str {
    match kind {
        OrderKind::Deposit => "deposit",
        OrderKind::NormalWithdrawal => "withdrawal (normal, T+1)",
        OrderKind::InstantWithdrawal => "withdrawal (instant)",
    }
}

/// "2026-11-19 14:30" in business time.
pub fn time(t: &wealth_core::calendar::BusinessTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// The home screen.
pub fn home(h: &HomeView, offline: bool) -> String {
    let f = &h.figures;
    let mut t = table(&["", "yuan"], &[1]);
    t.add_row(vec!["units held", &f.units.to_string()]);
    t.add_row(vec!["awaiting confirmation", &f.pending_in.to_string()]);
    t.add_row(vec!["awaiting payout", &f.pending_out.to_string()]);
    t.add_row(vec!["yesterday's income", &f.yesterday_income.to_string()]);
    t.add_row(vec!["total income", &f.total_income.to_string()]);
    let y = f.seven_day_yield.as_deref().map(|y| format!("{y}%")).unwrap_or_else(|| "-".into());
    t.add_row(vec!["7-day yield (annualised)", &y]);
    t.add_row(vec!["instant quota left today", &f.instant_quota_left.to_string()]);
    t.add_row(vec!["paid to the card so far", &f.cash_out.to_string()]);
    t.add_row(vec!["points (积分)", &h.points.to_string()]);
    let as_of = h.as_of.as_ref().map(time).unwrap_or_else(|| "never synced".into());
    let state = if offline { "  (offline: the last synced state)" } else { "" };
    format!("{t}\nas of {as_of} Asia/Shanghai{state}\n")
}

/// Orders as a table.
pub fn orders(orders: &[OrderRecord]) -> String {
    if orders.is_empty() {
        return "no orders yet\n".into();
    }
    let mut t = table(&["order id", "kind", "amount", "status", "placed", "trading day", "confirms / pays"], &[2]);
    for o in orders {
        t.add_row(vec![
            o.id.clone(),
            kind_label(o.kind).to_string(),
            o.amount.to_string(),
            o.status.as_str().to_string(),
            time(&o.placed_at),
            o.trading_day.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            o.confirm_day.to_string(),
        ]);
    }
    format!("{t}\n")
}

/// A withdrawal plan.
pub fn plan(amount: &str, p: &WithdrawalPlan) -> String {
    let mut t = table(&["withdraw", "yuan", "cash on the card"], &[1]);
    t.add_row(vec!["instantly", &p.instant.to_string(), "at once"]);
    t.add_row(vec!["normally", &p.normal.to_string(), "next trading day (T+1)"]);
    format!("plan for {amount} yuan:\n{t}\n")
}

/// A sync report.
pub fn sync(r: &SyncReport, h: &HomeView) -> String {
    let mut t = table(&["synced", "count"], &[1]);
    t.add_row(vec!["intents sent", &r.intents_sent.to_string()]);
    t.add_row(vec!["orders received", &r.orders.to_string()]);
    t.add_row(vec!["income lines received", &r.income.to_string()]);
    let as_of = h.as_of.as_ref().map(time).unwrap_or_default();
    let check = match &r.mismatch {
        None => "the replica agrees with the server".to_string(),
        Some(m) => format!("MISMATCH: {m}"),
    };
    format!("{t}\nas of {as_of} Asia/Shanghai; {check}\n")
}

/// The statement's summary and lines.
pub fn statement(s: &Statement) -> String {
    let mut out = format!(
        "{} ({}) — statement of {} ({} to {}), account {}, card ····{}\n",
        s.header.fund_name,
        s.header.fund_code,
        s.month,
        s.period_start,
        s.period_end,
        s.header.account_id,
        s.header.card_last4
    );
    let mut t = table(&["", "units (yuan)"], &[1]);
    t.add_row(vec!["opening", &s.opening_units.to_string()]);
    t.add_row(vec!["+ deposits", &s.deposits.to_string()]);
    t.add_row(vec!["+ income", &s.income.to_string()]);
    t.add_row(vec!["− withdrawals", &s.withdrawals.to_string()]);
    t.add_row(vec!["= closing", &s.closing_units.to_string()]);
    t.add_row(vec!["income since opening", &s.income_since_opening.to_string()]);
    let y = s.last_seven_day_yield.as_deref().map(|y| format!("{y}%")).unwrap_or_else(|| "-".into());
    t.add_row(vec!["7-day yield at month end", &y]);
    out.push_str(&format!("{t}\n"));
    out.push_str(if s.identity_holds {
        "identity: opening + deposits + income − withdrawals = closing — holds\n"
    } else {
        "identity: opening + deposits + income − withdrawals = closing — BROKEN\n"
    });
    if !s.transactions.is_empty() {
        let mut t =
            table(&["order id", "kind", "placed", "trading day", "confirmed", "amount", "units", "status"], &[5, 6]);
        for x in &s.transactions {
            t.add_row(vec![
                x.order_id.clone(),
                x.kind.as_str().to_string(),
                x.placed_at.as_ref().map(time).unwrap_or_default(),
                x.trading_day.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                x.confirmed_on.to_string(),
                x.amount.to_string(),
                x.units.to_string(),
                x.status.clone(),
            ]);
        }
        out.push_str(&format!("transactions:\n{t}\n"));
    }
    out.push_str(&format!("{} days of income\n", s.income_lines.len()));
    out
}
