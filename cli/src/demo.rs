//! `wealth demo`: a first week told in a minute. Every figure is computed by the core on the
//! device side from what the embedded server returned over HTTPS; the demo only moves the
//! sandbox clock and asks.
//!
//! The story is a list of chapters, each one `async fn(&Story) -> Result<(), String>` listed in
//! [`run`]. The investor is onboarded through the app's flow in `Story::begin`.

use chrono::{DateTime, FixedOffset};

use wealth_core::Per10k;

use crate::console::render;
use crate::sandbox::{Investor, Sandbox};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("literal time")
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The sandbox and the investor's device the chapters share.
pub struct Story {
    sandbox: Sandbox,
    device: Investor,
}

impl Story {
    /// A sandbox whose clock starts on Monday 16 November 2026, 万份收益 0.6500 published for
    /// the fortnight, and one investor with a bound card.
    async fn begin() -> Result<Story, String> {
        let start = at("2026-11-16T09:00:00+08:00");
        let sandbox = Sandbox::start(start).await?;
        let per_10k: Per10k = "0.6500".parse().map_err(err)?;
        let from = start.date_naive() - chrono::Duration::days(8);
        sandbox.publish(from, at("2026-11-30T00:00:00+08:00").date_naive(), |_| per_10k).await.map_err(err)?;
        let device = sandbox.investor("Demo Investor").await.map_err(err)?;
        device.sync().await.map_err(err)?;
        println!(
            "A new investor onboarded through the app's flow: phone + OTP, real name and ID number \
             (GB 11643 checksum), bank card (four-element check), trading PIN, risk questionnaire (C3)."
        );
        println!("An embedded reference server listens at {} (TLS with its own CA, a sandbox clock).", sandbox.url());
        println!("The fund publishes its 万份收益 (income per 10,000 units) at 0.6500 a day.\n");
        Ok(Story { sandbox, device })
    }

    /// Move the sandbox clock (the 00:00 batches run on the way), sync, and title the scene.
    async fn scene(&self, when: &str, title: &str) -> Result<(), String> {
        self.sandbox.admin.set_clock(at(when)).await.map_err(err)?;
        self.device.sync().await.map_err(err)?;
        println!("\n━━ {} — {title}", at(when).format("%a %-d %b %Y, %H:%M"));
        Ok(())
    }

    fn home(&self) -> Result<(), String> {
        print!("{}", render::home(&self.device.home().map_err(err)?, false));
        Ok(())
    }
}

/// Thursday 14:30, half an hour before the cut-off: 20,000.00 in, confirmed Friday.
async fn thursday_deposit(s: &Story) -> Result<(), String> {
    s.scene("2026-11-19T14:30:00+08:00", "a deposit before the 15:00 cut-off").await?;
    match s.device.deposit("0.001").await {
        Err(e) => println!("A typo first: 0.001 is refused before anything is sent ({}: {e}).", e.code()),
        Ok(_) => return Err("0.001 should have been refused".into()),
    }
    let o = s.device.deposit("20000.00").await.map_err(err)?;
    println!(
        "Deposit of {} accepted. Before 15:00, so trading day T = {}; units are confirmed on T+1 = {}.",
        o.amount,
        o.trading_day.map(|d| d.to_string()).unwrap_or_default(),
        o.confirm_day
    );
    s.device.sync().await.map_err(err)?;
    s.home()
}

/// Friday: the units are there and earn from today.
async fn friday_confirmation(s: &Story) -> Result<(), String> {
    s.scene("2026-11-20T09:00:00+08:00", "the fund confirmed the units (T+1)").await?;
    println!("The 00:00 batch confirmed the deposit: 20,000.00 units, earning from today. No income yet.");
    s.home()
}

/// Monday: Friday, Saturday and Sunday each earned 0.65.
async fn weekend_income(s: &Story) -> Result<(), String> {
    s.scene("2026-11-23T09:00:00+08:00", "the weekend's income").await?;
    let total = s.device.home().map_err(err)?.figures.total_income;
    println!(
        "A money-market fund earns on every natural day, weekends too: Friday, Saturday and Sunday \
         each paid units × 万份收益 / 10,000 = 1.30 (truncated to the fen), {total} in all."
    );
    s.home()
}

/// Monday 10:00: above the instant quota, refused with a plan; the plan taken (instant up to the
/// quota, the rest normally); Tuesday the normal part pays out and the quota is back.
async fn instant_withdrawal(s: &Story) -> Result<(), String> {
    s.scene("2026-11-23T10:00:00+08:00", "cash out: 12,000.00, faster than T+1").await?;
    match s.device.withdraw("12000.00", true).await {
        Err(e) => println!("12,000.00 instantly? Refused ({}): {e}.", e.code()),
        Ok(_) => return Err("12,000.00 is above the instant quota".into()),
    }
    let plan = s.device.withdrawal_plan("12000.00").map_err(err)?;
    print!("{}", render::plan("12000.00", &plan));
    let o = s.device.withdraw(&plan.instant.to_string(), true).await.map_err(err)?;
    let n = s.device.withdraw(&plan.normal.to_string(), false).await.map_err(err)?;
    println!(
        "Taking the plan: {} paid to the card at once, using today's whole instant quota; {} \
         withdrawn normally, paid on {}.",
        o.amount, n.amount, n.confirm_day
    );
    s.device.sync().await.map_err(err)?;
    s.home()?;
    s.scene("2026-11-24T09:00:00+08:00", "the normal withdrawal paid out, the quota is back").await?;
    s.home()
}

/// Tuesday: the points earned so far (onboarding tasks, the newbie privilege on the first
/// confirmed deposit, daily holding points), 500 of them turned into a 5.00 cashback coupon, and
/// the coupon applied to a deposit: paid as cash when the deposit is confirmed on Wednesday.
async fn points_and_coupon(s: &Story) -> Result<(), String> {
    s.scene("2026-11-24T09:30:00+08:00", "points (积分) and a cashback coupon (返现券)").await?;
    let before = s.device.points_view().map_err(err)?;
    println!(
        "{} points: 100 for the onboarding tasks, 500 newbie privilege for the first deposit, and \
         holding points every day (1 per 10,000 units). Soonest to expire: {}.",
        before.balance,
        before.lots.first().map(|l| l.expires_at.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "-".into())
    );
    let coupon = s.device.redeem_points("5").await.map_err(err)?;
    println!(
        "500 points → a {} yuan coupon for a deposit of at least {}, valid until {}.",
        coupon.value,
        coupon.min_deposit,
        coupon.expires_at.format("%Y-%m-%d")
    );
    match s.device.deposit_with_coupon("100.00", &coupon.id).await {
        Err(e) => println!("On a 100.00 deposit it is refused ({}): below its minimum.", e.code()),
        Ok(_) => return Err("the coupon applies from 500.00 only".into()),
    }
    let o = s.device.deposit_with_coupon("1000.00", &coupon.id).await.map_err(err)?;
    println!(
        "Applied to a deposit of {}: reserved with the order, paid when it is confirmed on {}.",
        o.amount, o.confirm_day
    );
    s.scene("2026-11-25T09:00:00+08:00", "the deposit confirmed, the coupon paid as cash").await?;
    s.home()?;
    println!("{} points left.", s.device.points_view().map_err(err)?.balance);
    Ok(())
}

/// December: November's statement, its identity checked.
async fn statement(s: &Story) -> Result<(), String> {
    s.scene("2026-12-01T09:00:00+08:00", "November's statement").await?;
    let st = s.device.statement("2026-11").await.map_err(err)?;
    print!("{}", render::statement(&st));
    println!("(`wealth statement 2026-11 --html november.html` writes the printable page.)");
    if !st.identity_holds {
        return Err("the statement identity does not hold".into());
    }
    Ok(())
}

/// Run the guided demo.
pub async fn run() -> Result<(), String> {
    println!("wealth-core demo: a first week with a money-market cash account (余额宝-style)\n");
    let story = Story::begin().await?;
    thursday_deposit(&story).await?;
    friday_confirmation(&story).await?;
    weekend_income(&story).await?;
    instant_withdrawal(&story).await?;
    points_and_coupon(&story).await?;
    statement(&story).await?;
    story.sandbox.stop().await;
    println!("\nDone. Every figure above was computed by the core, on the device side, from what the server sent over HTTPS.");
    Ok(())
}
