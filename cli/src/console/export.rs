//! Statement exports: CSV (one table a spreadsheet opens) and a printable HTML page (A4, no
//! scripts, no external resources). Both show exactly the figures of the core's `Statement`.

use std::path::Path;

use wealth_core::statement::Statement;

use super::error::ConsoleError;

fn io(path: &Path, e: impl std::fmt::Display) -> ConsoleError {
    ConsoleError::new("STORAGE", format!("cannot write {}: {e}", path.display()))
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 9] =
    ["line", "day", "kind", "order_id", "placed_at", "trading_day", "amount", "units", "status"];

/// The statement as CSV: an `opening` line, one `transaction` line per order, one `income` line
/// per day, then `deposits`, `income_total`, `withdrawals`, `closing` lines.
pub fn csv_bytes(s: &Statement) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    let start = s.period_start.to_string();
    let end = s.period_end.to_string();
    w.write_record(["opening", &start, "", "", "", "", "", &s.opening_units.to_string(), ""])?;
    for t in &s.transactions {
        w.write_record([
            "transaction",
            &t.confirmed_on.to_string(),
            t.kind.as_str(),
            &t.order_id,
            &t.placed_at.map(|p| p.to_rfc3339()).unwrap_or_default(),
            &t.trading_day.map(|d| d.to_string()).unwrap_or_default(),
            &t.amount.to_string(),
            &t.units.to_string(),
            &t.status,
        ])?;
    }
    for i in &s.income_lines {
        w.write_record(["income", &i.day.to_string(), "income", "", "", "", "", &i.income.to_string(), ""])?;
    }
    for (line, v) in [
        ("deposits", s.deposits),
        ("income_total", s.income),
        ("withdrawals", s.withdrawals),
        ("closing", s.closing_units),
    ] {
        w.write_record([line, &end, "", "", "", "", "", &v.to_string(), ""])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Write the CSV to `path`.
pub fn write_csv(s: &Statement, path: &Path) -> Result<(), ConsoleError> {
    let bytes = csv_bytes(s).map_err(|e| io(path, e))?;
    std::fs::write(path, bytes).map_err(|e| io(path, e))
}

/// Escape text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "@page { size: A4; margin: 18mm 16mm; }
body { font-family: 'Noto Sans', 'PingFang SC', 'Microsoft YaHei', sans-serif; font-size: 10.5pt; color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11.5pt; margin: 7mm 0 2mm; border-bottom: 1px solid #999; }
.meta { color: #444; margin-bottom: 5mm; } table { border-collapse: collapse; width: 100%; }
th, td { padding: 1.2mm 2mm; border-bottom: 1px solid #ddd; text-align: left; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.summary { width: 60%; } .total td { font-weight: bold; border-top: 1.5px solid #111; }
.ok { color: #0a5c2b; } .broken { color: #a00; font-weight: bold; } footer { margin-top: 8mm; color: #666; font-size: 8.5pt; }
tr { page-break-inside: avoid; }";

/// The statement as a printable HTML page.
pub fn html(s: &Statement) -> String {
    let h = &s.header;
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str(&format!(
        "<title>Statement {} — {}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n",
        esc(&s.month),
        esc(&h.fund_name)
    ));
    o.push_str(&format!("<h1>{} ({}) — statement of {}</h1>\n", esc(&h.fund_name), esc(&h.fund_code), esc(&s.month)));
    o.push_str(&format!(
        "<div class=\"meta\">Account {} · card ····{} · period {} to {} · amounts in yuan (CNY); 1 unit = 1 yuan</div>\n",
        esc(&h.account_id),
        esc(&h.card_last4),
        s.period_start,
        s.period_end
    ));
    o.push_str("<h2>Summary</h2>\n<table class=\"summary\">\n");
    let row = |o: &mut String, label: &str, v: String, class: &str| {
        o.push_str(&format!("<tr class=\"{class}\"><td>{}</td><td class=\"n\">{}</td></tr>\n", esc(label), esc(&v)));
    };
    row(&mut o, &format!("Opening units ({})", s.period_start), s.opening_units.to_string(), "");
    row(&mut o, "+ Deposits confirmed", s.deposits.to_string(), "");
    row(&mut o, "+ Income", s.income.to_string(), "");
    row(&mut o, "− Withdrawals", s.withdrawals.to_string(), "");
    row(&mut o, &format!("Closing units ({})", s.period_end), s.closing_units.to_string(), "total");
    row(&mut o, "Income since opening", s.income_since_opening.to_string(), "");
    let y = s.last_seven_day_yield.as_deref().map(|y| format!("{y}%")).unwrap_or_else(|| "-".into());
    row(&mut o, "7-day annualised yield at month end", y, "");
    o.push_str("</table>\n");
    o.push_str(if s.identity_holds {
        "<p class=\"ok\">Opening + deposits + income − withdrawals = closing: checked.</p>\n"
    } else {
        "<p class=\"broken\">Opening + deposits + income − withdrawals ≠ closing: contact the fund company.</p>\n"
    });
    o.push_str("<h2>Transactions</h2>\n");
    if s.transactions.is_empty() {
        o.push_str("<p>No transactions this month.</p>\n");
    } else {
        o.push_str("<table>\n<tr><th>Order</th><th>Kind</th><th>Placed</th><th>Trading day</th><th>Confirmed</th><th class=\"n\">Amount</th><th class=\"n\">Units</th><th>Status</th></tr>\n");
        for t in &s.transactions {
            o.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
                esc(&t.order_id),
                esc(t.kind.as_str()),
                t.placed_at.map(|p| p.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default(),
                t.trading_day.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                t.confirmed_on,
                t.amount,
                t.units,
                esc(&t.status)
            ));
        }
        o.push_str("</table>\n");
    }
    o.push_str("<h2>Daily income</h2>\n");
    if s.income_lines.is_empty() {
        o.push_str("<p>No income this month.</p>\n");
    } else {
        o.push_str("<table class=\"summary\">\n<tr><th>Day</th><th class=\"n\">Income (units)</th></tr>\n");
        for i in &s.income_lines {
            o.push_str(&format!("<tr><td>{}</td><td class=\"n\">{}</td></tr>\n", i.day, i.income));
        }
        o.push_str(&format!("<tr class=\"total\"><td>Total</td><td class=\"n\">{}</td></tr>\n</table>\n", s.income));
    }
    o.push_str("<footer>Made by the wealth console from the fund company's statement (times in Asia/Shanghai). Print with your browser (Ctrl+P).</footer>\n</body>\n</html>\n");
    o
}

/// Write the HTML page to `path`.
pub fn write_html(s: &Statement, path: &Path) -> Result<(), ConsoleError> {
    std::fs::write(path, html(s)).map_err(|e| io(path, e))
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
