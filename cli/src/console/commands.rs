//! One function per console command. Input the core can judge without the server (an amount,
//! a 万份收益) is checked before anything is opened, so a refused command changes nothing.

use serde_json::{json, Value};
use std::time::Duration as StdDuration;

use wealth_core::api::PublishPer10k;
use wealth_core::calendar::days_between;
use wealth_core::device::{Device, MovementAuth};
use wealth_core::income::DailyPer10k;
use wealth_core::{Money, Per10k};

use super::args::{ClockCommand, Command, GlobalArgs, Per10kCommand};
use super::context::{self, Context, OWNED_ENTRIES};
use super::error::{admin_error, ConsoleError};
use super::{export, render, Output};

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("contract types serialise")
}

/// Run `command`.
pub async fn execute(g: &GlobalArgs, command: Command) -> Result<Output, ConsoleError> {
    match command {
        Command::Offline(_) => switch_offline(g, true),
        Command::Online(_) => switch_offline(g, false),
        Command::Reset { start, .. } => reset(g, start).await,
        Command::Deposit { amount, .. } => {
            Money::parse_positive(&amount)?;
            with_device(g, async |_, d| deposit(d, &g.pin, &amount).await).await
        }
        Command::Withdraw { amount, instant, normal, split, .. } => {
            Money::parse_positive(&amount)?;
            with_device(g, async |ctx, d| withdraw(ctx, d, &g.pin, &amount, instant, normal, split).await).await
        }
        Command::Home(_) => with_device(g, async |ctx, d| home(ctx, d).await).await,
        Command::Orders(_) => with_device(g, async |ctx, d| orders(ctx, d).await).await,
        Command::Cancel { order_id, .. } => with_device(g, async |_, d| cancel(d, &order_id).await).await,
        Command::Statement { month, csv, html, .. } => {
            with_device(g, async |_, d| {
                let s = d.statement(&month).await?;
                if let Some(p) = &csv {
                    export::write_csv(&s, p)?;
                }
                if let Some(p) = &html {
                    export::write_html(&s, p)?;
                }
                let mut text = render::statement(&s);
                for (what, p) in [("CSV", &csv), ("printable HTML", &html)] {
                    if let Some(p) = p {
                        text.push_str(&format!("{what} written to {}\n", p.display()));
                    }
                }
                let path = |p: &Option<std::path::PathBuf>| p.as_ref().map(|p| p.display().to_string());
                Ok(Output { text, json: json!({"statement": s, "csv": path(&csv), "html": path(&html)}) })
            })
            .await
        }
        Command::Sync(_) => with_device(g, async |_, d| sync(d).await).await,
        Command::Points(_) => with_device(g, async |ctx, d| points(ctx, d).await).await,
        Command::Redeem { value, .. } => with_device(g, async |_, d| redeem(d, &value).await).await,
        Command::Coupons(_) => with_device(g, async |_, d| coupons(d).await).await,
        Command::Clock { command } => {
            let ctx = Context::open(g, None).await?;
            let r = clock(&ctx, command).await;
            ctx.close().await;
            r
        }
        Command::Per10k { command: Per10kCommand::Publish { from, to, value, .. } } => {
            let per_10k: Per10k = value.trim().parse()?;
            let to = to.unwrap_or(from);
            if to < from {
                return Err(ConsoleError::new("BAD_REQUEST", format!("--to {to} is before --from {from}")));
            }
            if (to - from).num_days() > 3660 {
                return Err(ConsoleError::new("BAD_REQUEST", "publish at most ten years at once"));
            }
            let ctx = Context::open(g, None).await?;
            let days: Vec<DailyPer10k> = days_between(from, to).map(|day| DailyPer10k { day, per_10k }).collect();
            let r = ctx.admin.publish_per_10k(&PublishPer10k { days }).await.map_err(admin_error);
            ctx.close().await;
            let published = r?;
            let n = published.get("days").and_then(Value::as_array).map(Vec::len).unwrap_or(0);
            Ok(Output {
                text: format!("万份收益 {per_10k} published for {n} day(s), {from} to {to}\n"),
                json: published,
            })
        }
    }
}

/// Open the server and the device, run `f`, stop the server whatever happened.
async fn with_device(
    g: &GlobalArgs,
    f: impl AsyncFnOnce(&Context, &Device) -> Result<Output, ConsoleError>,
) -> Result<Output, ConsoleError> {
    let ctx = Context::open(g, None).await?;
    let r = match ctx.device().await {
        Ok(d) => f(&ctx, &d).await,
        Err(e) => Err(e),
    };
    ctx.close().await;
    r
}

/// Sync unless offline, as an app does when a screen opens; a failed sync leaves the replica's
/// figures on screen with their "as of" time and says why.
async fn refresh(ctx: &Context, d: &Device) -> Option<ConsoleError> {
    if ctx.offline() {
        return None;
    }
    d.sync().await.err().map(ConsoleError::from)
}

async fn home(ctx: &Context, d: &Device) -> Result<Output, ConsoleError> {
    let sync_error = refresh(ctx, d).await;
    let h = d.home()?;
    let mut text = render::home(&h, ctx.offline());
    if let Some(e) = &sync_error {
        text.push_str(&format!("could not sync ({}: {}): showing the last synced state\n", e.code, e.message));
    }
    let mut j = to_json(&h);
    j["offline"] = json!(ctx.offline());
    j["sync_error"] = sync_error.map(|e| json!({"code": e.code, "message": e.message})).unwrap_or(Value::Null);
    Ok(Output { text, json: j })
}

async fn orders(ctx: &Context, d: &Device) -> Result<Output, ConsoleError> {
    let sync_error = refresh(ctx, d).await;
    let list = d.orders()?;
    let mut text = render::orders(&list);
    if let Some(e) = &sync_error {
        text.push_str(&format!("could not sync ({}): showing the last synced orders\n", e.code));
    }
    let sync_error = sync_error.map(|e| json!({"code": e.code, "message": e.message})).unwrap_or(Value::Null);
    Ok(Output { text, json: json!({"orders": list, "offline": ctx.offline(), "sync_error": sync_error}) })
}

fn order_text(verb: &str, o: &wealth_core::api::OrderRecord) -> String {
    format!("{verb}\n{}", render::orders(std::slice::from_ref(o)))
}

/// The confirmation a console movement carries: the PIN, and the biometric prompt a person
/// would pass on a phone.
fn auth(pin: &str) -> MovementAuth {
    MovementAuth { biometric: true, ..MovementAuth::pin(pin) }
}

async fn deposit(d: &Device, pin: &str, amount: &str) -> Result<Output, ConsoleError> {
    let o = d.deposit_with(amount, &auth(pin)).await?;
    let when = match o.trading_day {
        Some(t) => format!("trading day {t}; units confirmed and earning from {}", o.confirm_day),
        None => String::new(),
    };
    Ok(Output { text: format!("{}{when}\n", order_text("deposit accepted:", &o)), json: json!({"order": o}) })
}

async fn withdraw(
    ctx: &Context,
    d: &Device,
    pin: &str,
    amount: &str,
    instant: bool,
    normal: bool,
    split: bool,
) -> Result<Output, ConsoleError> {
    if let Some(e) = refresh(ctx, d).await {
        if !ctx.offline() && (instant || normal || split) {
            return Err(e);
        }
    }
    let shown = Money::parse_positive(amount)?.to_string();
    let plan = d.withdrawal_plan(amount);
    let mode = if instant {
        "instant"
    } else if normal {
        "normal"
    } else if split {
        "split"
    } else {
        "plan"
    };
    let mut placed = Vec::new();
    let mut text = String::new();
    match (mode, &plan) {
        ("plan", Err(_)) | ("split", Err(_)) => return Err(plan.expect_err("matched Err").into()),
        ("plan", Ok(p)) => {
            text.push_str(&render::plan(&shown, p));
            text.push_str("nothing placed: add --instant, --normal or --split to withdraw\n");
        }
        ("split", Ok(p)) => {
            text.push_str(&render::plan(&shown, p));
            for (part, is_instant) in [(p.instant, true), (p.normal, false)] {
                if part.is_positive() {
                    placed.push(d.withdraw_with(&part.to_string(), is_instant, &auth(pin)).await?);
                }
            }
        }
        (_, _) => placed.push(d.withdraw_with(amount, instant, &auth(pin)).await?),
    }
    if !placed.is_empty() {
        text.push_str(&format!("withdrawal accepted:\n{}", render::orders(&placed)));
    }
    let plan = plan.ok().map(|p| to_json(&p)).unwrap_or(Value::Null);
    Ok(Output { text, json: json!({"mode": mode, "plan": plan, "orders": placed}) })
}

async fn cancel(d: &Device, order_id: &str) -> Result<Output, ConsoleError> {
    let o = d.cancel(order_id).await?;
    Ok(Output { text: order_text("order cancelled:", &o), json: json!({"order": o}) })
}

async fn sync(d: &Device) -> Result<Output, ConsoleError> {
    let bar = indicatif::ProgressBar::new_spinner().with_message("syncing with the server");
    bar.enable_steady_tick(StdDuration::from_millis(100));
    let r = d.sync().await;
    bar.finish_and_clear();
    let r = r?;
    let h = d.home()?;
    Ok(Output {
        text: render::sync(&r, &h),
        json: json!({
            "intents_sent": r.intents_sent, "orders": r.orders, "income": r.income,
            "mismatch": r.mismatch, "as_of": h.as_of,
        }),
    })
}

fn switch_offline(g: &GlobalArgs, offline: bool) -> Result<Output, ConsoleError> {
    context::set_offline(g, offline)?;
    let text = if offline {
        "offline: figures come from the replica; deposits, withdrawals and statements wait for `wealth online`\n"
    } else {
        "online: the next command syncs with the server\n"
    };
    Ok(Output { text: text.into(), json: json!({"offline": offline}) })
}

async fn clock(ctx: &Context, command: ClockCommand) -> Result<Output, ConsoleError> {
    let moved = match command {
        ClockCommand::Show(_) => {
            let c = ctx.admin.clock().await.map_err(admin_error)?;
            let text = format!("sandbox clock: {} (Asia/Shanghai)\n", c.now.format("%a %Y-%m-%d %H:%M:%S"));
            return Ok(Output { text, json: json!({"now": c.now}) });
        }
        ClockCommand::Advance { by, .. } => {
            let now = ctx.admin.clock().await.map_err(admin_error)?.now;
            ctx.admin.set_clock(now + by).await.map_err(admin_error)?
        }
        ClockCommand::Set { time, .. } => ctx.admin.set_clock(time).await.map_err(admin_error)?,
    };
    let batches = if moved.batches.is_empty() {
        "no 00:00 batch was due".to_string()
    } else {
        let days: Vec<String> = moved.batches.iter().map(|d| d.to_string()).collect();
        format!("00:00 batches ran for {}", days.join(", "))
    };
    Ok(Output {
        text: format!("sandbox clock: {} (Asia/Shanghai); {batches}\n", moved.now.format("%a %Y-%m-%d %H:%M:%S")),
        json: json!({"now": moved.now, "batches": moved.batches}),
    })
}

async fn reset(g: &GlobalArgs, start: Option<wealth_core::calendar::BusinessTime>) -> Result<Output, ConsoleError> {
    let data = context::data_dir(g)?;
    let targets: Vec<std::path::PathBuf> = match &g.server {
        None => OWNED_ENTRIES.iter().map(|e| data.join(e)).collect(),
        Some(_) => {
            if start.is_some() {
                return Err(ConsoleError::new("BAD_REQUEST", "--start sets the embedded sandbox's clock")
                    .hint("drop --server, or move a remote sandbox's clock with `wealth clock set`"));
            }
            vec![context::profile_dir(g)?]
        }
    };
    let mut removed = Vec::new();
    for t in targets.iter().filter(|t| t.exists()) {
        std::fs::remove_dir_all(t)
            .map_err(|e| ConsoleError::new("STORAGE", format!("cannot remove {}: {e}", t.display())))?;
        removed.push(t.display().to_string());
    }
    let mut text = if removed.is_empty() {
        format!("nothing to reset in {}\n", data.display())
    } else {
        format!("removed {}\n", removed.join(", "))
    };
    if let Some(s) = start {
        let ctx = Context::open(g, Some(s)).await?;
        ctx.close().await;
        text.push_str(&format!("new embedded sandbox, clock at {}\n", s.format("%a %Y-%m-%d %H:%M:%S %:z")));
    }
    Ok(Output { text, json: json!({"data_dir": data.display().to_string(), "removed": removed, "start": start}) })
}

async fn points(ctx: &Context, d: &Device) -> Result<Output, ConsoleError> {
    let sync_error = refresh(ctx, d).await;
    let v = d.points_view()?;
    let mut text = format!("{} points (积分) available\n", v.balance);
    if v.clawback_owed > 0 {
        text.push_str(&format!(
            "{} points owed from reversed rewards (taken from the next earnings)\n",
            v.clawback_owed
        ));
    }
    for lot in v.lots.iter().take(5) {
        text.push_str(&format!(
            "  {:>6} left of {:>6}  expires {}\n",
            lot.left,
            lot.points,
            lot.expires_at.format("%Y-%m-%d")
        ));
    }
    if let Some(e) = &sync_error {
        text.push_str(&format!("could not sync ({}): showing the last synced points\n", e.code));
    }
    Ok(Output { text, json: json!({"points": to_json(&v), "offline": ctx.offline()}) })
}

async fn redeem(d: &Device, value: &str) -> Result<Output, ConsoleError> {
    let c = d.redeem_points(value).await?;
    let text = format!(
        "coupon {}: {} yuan on a deposit of at least {}, valid until {} ({} points)\n",
        c.id,
        c.value,
        c.min_deposit,
        c.expires_at.format("%Y-%m-%d %H:%M"),
        c.points
    );
    Ok(Output { text, json: json!({"coupon": to_json(&c)}) })
}

async fn coupons(d: &Device) -> Result<Output, ConsoleError> {
    let w = d.coupons().await?;
    let mut text = String::new();
    for c in &w.coupons {
        text.push_str(&format!(
            "{}  {:>6} yuan  min {:>9}  until {}  {:?}\n",
            c.id,
            c.value,
            c.min_deposit,
            c.expires_at.format("%Y-%m-%d"),
            c.status
        ));
    }
    if w.coupons.is_empty() {
        text.push_str("no coupons: `wealth redeem 5` turns 500 points into a 5.00 coupon\n");
    }
    Ok(Output { text, json: to_json(&w) })
}
