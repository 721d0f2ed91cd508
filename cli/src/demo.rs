//! `wealth demo`: a first week told in a minute. Every figure is computed by the core on the
//! device side from what the embedded server returned over HTTPS.

use chrono::DateTime;

use wealth_core::device::{Device, HomeView};
use wealth_core::Per10k;

use crate::sandbox::Sandbox;

fn at(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("literal time")
}

fn show(title: &str, h: &HomeView) {
    let f = &h.figures;
    println!("  ┌ {title}");
    println!("  │ units (yuan)          {:>12}", f.units);
    println!("  │ awaiting confirmation {:>12}", f.pending_in);
    println!("  │ awaiting payout       {:>12}", f.pending_out);
    println!("  │ yesterday's income    {:>12}", f.yesterday_income);
    println!("  │ total income          {:>12}", f.total_income);
    println!("  │ 7-day yield           {:>11}%", f.seven_day_yield.as_deref().unwrap_or("-"));
    println!("  │ instant quota left    {:>12}", f.instant_quota_left);
    println!("  │ paid to card          {:>12}", f.cash_out);
    let as_of = h.as_of.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "never synced".into());
    println!("  └ as of {as_of} (Asia/Shanghai)\n");
}

async fn step(sandbox: &Sandbox, device: &Device, when: &str, say: &str) -> Result<(), String> {
    sandbox.admin.set_clock(at(when)).await.map_err(|e| e.to_string())?;
    device.sync().await.map_err(|e| e.to_string())?;
    println!("▶ {} — {say}", at(when).format("%a %Y-%m-%d %H:%M"));
    Ok(())
}

/// Run the guided demo.
pub async fn run() -> Result<(), String> {
    println!("wealth-core demo: a first week with a money-market cash account\n");
    let start = at("2026-11-16T09:00:00+08:00");
    let sandbox = Sandbox::start(start).await?;
    println!("Embedded reference server at {} (TLS, sandbox clock)\n", sandbox.url());
    let per_10k: Per10k = "0.6500".parse().map_err(|e: wealth_core::RuleError| e.to_string())?;
    sandbox
        .publish(start.date_naive() - chrono::Duration::days(8), at("2026-11-30T00:00:00+08:00").date_naive(), |_| {
            per_10k
        })
        .await
        .map_err(|e| e.to_string())?;
    let device = sandbox.investor("Demo Investor").await.map_err(|e| e.to_string())?;
    device.sync().await.map_err(|e| e.to_string())?;

    step(&sandbox, &device, "2026-11-19T14:30:00+08:00", "Thursday, before the 15:00 cut-off: deposit 10,000.00")
        .await?;
    let order = device.deposit("10000.00").await.map_err(|e| e.to_string())?;
    println!(
        "  deposit {} accepted: trading day {}, units confirmed {}",
        order.amount,
        order.trading_day.map(|d| d.to_string()).unwrap_or_default(),
        order.confirm_day
    );
    match device.deposit("0.001").await {
        Err(e) => println!("  (a typo such as 0.001 is refused: {} — {e})\n", e.code()),
        Ok(_) => return Err("0.001 should have been refused".into()),
    }
    device.sync().await.map_err(|e| e.to_string())?;
    show("Thursday evening", &device.home().map_err(|e| e.to_string())?);

    step(&sandbox, &device, "2026-11-20T09:00:00+08:00", "Friday: the fund confirmed the units (T+1)").await?;
    show("Friday morning", &device.home().map_err(|e| e.to_string())?);

    step(&sandbox, &device, "2026-11-23T09:00:00+08:00", "Monday: Friday, Saturday and Sunday all earned").await?;
    show("Monday morning", &device.home().map_err(|e| e.to_string())?);

    step(&sandbox, &device, "2026-11-23T10:00:00+08:00", "an instant withdrawal of 12,000.00?").await?;
    match device.withdraw("12000.00", true).await {
        Err(e) => println!("  refused: {} — {e}", e.code()),
        Ok(_) => return Err("12,000.00 is above the units held".into()),
    }
    let plan = device.withdrawal_plan("3000.00").map_err(|e| e.to_string())?;
    println!("  plan for 3,000.00: {} instantly, {} normally", plan.instant, plan.normal);
    let o = device.withdraw("3000.00", true).await.map_err(|e| e.to_string())?;
    println!("  instant withdrawal {} paid to the card at once", o.amount);
    let n = device.withdraw("1000.00", false).await.map_err(|e| e.to_string())?;
    println!("  normal withdrawal {} pays out on {}", n.amount, n.confirm_day);
    device.sync().await.map_err(|e| e.to_string())?;
    show("Monday, after withdrawing", &device.home().map_err(|e| e.to_string())?);

    step(&sandbox, &device, "2026-11-24T09:00:00+08:00", "Tuesday: the normal withdrawal paid out").await?;
    show("Tuesday morning", &device.home().map_err(|e| e.to_string())?);

    step(&sandbox, &device, "2026-12-01T09:00:00+08:00", "December: November's statement").await?;
    let s = device.statement("2026-11").await.map_err(|e| e.to_string())?;
    println!(
        "  {}: opening {} + deposits {} + income {} − withdrawals {} = closing {}  (identity {})",
        s.month,
        s.opening_units,
        s.deposits,
        s.income,
        s.withdrawals,
        s.closing_units,
        if s.identity_holds { "holds" } else { "BROKEN" }
    );
    println!(
        "  {} transactions, {} days of income; card ····{}",
        s.transactions.len(),
        s.income_lines.len(),
        s.header.card_last4
    );
    sandbox.stop().await;
    if !s.identity_holds {
        return Err("the statement identity does not hold".into());
    }
    println!("\nDone. Every figure above came from the core, through the device replica, over HTTPS.");
    Ok(())
}
