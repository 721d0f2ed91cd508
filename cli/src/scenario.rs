//! Scenario files (`docs/scenarios.md`): one investor driven through time against a fresh
//! embedded sandbox, through the device side and real HTTPS, checking what the app shows.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

use wealth_core::device::DeviceError;
use wealth_core::Per10k;

use crate::sandbox::{Investor, Sandbox};

/// A scenario file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Free text.
    pub name: String,
    /// The clock starts here.
    pub start: DateTime<FixedOffset>,
    /// Overrides of product settings by domain name.
    #[serde(default)]
    pub settings: BTreeMap<String, String>,
    /// 万份收益 by natural day, and `default`.
    pub per_10k: BTreeMap<String, Per10k>,
    /// Whether holding points are earned (points ledger, issue 4).
    #[serde(default)]
    #[allow(dead_code)] // read once the points ledger (issue 4) lands
    pub holding_points: Option<bool>,
    /// More investors besides `main` (onboarded at `start` too), for referrals.
    #[serde(default)]
    pub investors: Vec<ExtraInvestor>,
    /// Steps in time order.
    pub steps: Vec<Step>,
}

/// An investor declared besides `main`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraInvestor {
    /// How steps refer to it (`"as": NAME`, `"referrer": NAME`).
    pub name: String,
    /// The same person as another investor (same ID, phone and card): referring them is
    /// self-referral.
    #[serde(default)]
    pub same_person_as: Option<String>,
}

/// Which coupon a deposit applies: `3` = the coupon made by the `redeem_points` step at index 3,
/// or a coupon id as text.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CouponRef {
    /// Index in `steps` of the `redeem_points` step that made it.
    Step(usize),
    /// A coupon id (an unknown one is refused with `COUPON_NOT_APPLICABLE`).
    Id(String),
}

/// One step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The clock moves here first.
    pub at: DateTime<FixedOffset>,
    /// What to do (`deposit`, `withdraw`, `cancel`, `redeem_points`, `sync`, `offline`, `online`).
    #[serde(rename = "do")]
    pub action: Option<String>,
    /// Amount for deposit/withdraw.
    pub amount: Option<String>,
    /// `normal` or `instant`.
    pub mode: Option<String>,
    /// Coupon to apply to a deposit.
    pub coupon: Option<CouponRef>,
    /// The investor the step acts for and whose view `expect` checks (default `main`).
    #[serde(rename = "as")]
    pub investor: Option<String>,
    /// For `refer`: the investor whose referral code the step's investor enters.
    pub referrer: Option<String>,
    /// Index in `steps` of the order to cancel.
    pub order: Option<usize>,
    /// Coupon value for `redeem_points`.
    pub coupon_value: Option<String>,
    /// The stable error code the step must fail with.
    pub expect_error: Option<String>,
    /// Home-view fields to compare after syncing.
    pub expect: Option<BTreeMap<String, serde_json::Value>>,
}

/// A difference between what the app shows and what the file expects.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// Index of the step in `steps`.
    pub step: usize,
    /// The step's time.
    pub at: String,
    /// The field (or `outcome` for the step's result).
    pub field: String,
    /// What the app showed.
    pub shown: String,
    /// What the file expects.
    pub expected: String,
}

/// The result of one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileResult {
    /// The file's path.
    pub file: String,
    /// The scenario's name.
    pub name: String,
    /// Whether every step did what the file says.
    pub passed: bool,
    /// What differed.
    pub failures: Vec<Failure>,
}

/// A file that could not be read or does not follow the format (exit 2).
#[derive(Debug, Clone)]
pub struct Malformed {
    /// The file.
    pub file: String,
    /// JSON path of the problem.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: malformed at {}: {}", self.file, self.path, self.message)
    }
}

/// Parse and check a scenario file.
pub fn load(path: &Path) -> Result<ScenarioFile, Malformed> {
    let file = path.display().to_string();
    let m = |p: &str, msg: String| Malformed { file: file.clone(), path: p.to_string(), message: msg };
    let text = std::fs::read_to_string(path).map_err(|e| m("$", format!("cannot read: {e}")))?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    let s: ScenarioFile =
        serde_path_to_error::deserialize(de).map_err(|e| m(&format!("$.{}", e.path()), e.inner().to_string()))?;
    for key in s.per_10k.keys() {
        if key != "default" && key.parse::<NaiveDate>().is_err() {
            return Err(m(&format!("$.per_10k.{key}"), "keys are YYYY-MM-DD or \"default\"".into()));
        }
    }
    let mut names = vec!["main".to_string()];
    for (k, inv) in s.investors.iter().enumerate() {
        if names.contains(&inv.name) || inv.name.is_empty() {
            return Err(m(&format!("$.investors[{k}].name"), "investor names are unique and not \"main\"".into()));
        }
        if inv.same_person_as.as_ref().is_some_and(|o| !names.contains(o)) {
            return Err(m(&format!("$.investors[{k}].same_person_as"), "names an investor declared before".into()));
        }
        names.push(inv.name.clone());
    }
    let mut last = s.start;
    for (i, step) in s.steps.iter().enumerate() {
        let p = |f: &str| format!("$.steps[{i}].{f}");
        if step.investor.as_ref().is_some_and(|n| !names.contains(n)) {
            return Err(m(&p("as"), "names an investor of `investors` (or \"main\")".into()));
        }
        if let Some(CouponRef::Step(k)) = step.coupon {
            if k >= i || s.steps[k].action.as_deref() != Some("redeem_points") {
                return Err(m(&p("coupon"), "a number is the index of an earlier redeem_points step".into()));
            }
        }
        if step.at < last {
            return Err(m(&p("at"), "steps must be in time order".into()));
        }
        last = step.at;
        match step.action.as_deref() {
            None | Some("sync") | Some("offline") | Some("online") => {}
            Some("deposit") if step.amount.is_some() => {}
            Some("withdraw") if step.amount.is_some() => {
                if !matches!(step.mode.as_deref(), Some("normal") | Some("instant")) {
                    return Err(m(&p("mode"), "withdraw needs mode \"normal\" or \"instant\"".into()));
                }
            }
            Some("deposit") | Some("withdraw") => return Err(m(&p("amount"), "this step needs an amount".into())),
            Some("cancel") => match step.order {
                Some(o) if o < i => {}
                _ => {
                    return Err(m(&p("order"), "cancel needs the index of an earlier step that placed an order".into()))
                }
            },
            Some("redeem_points") if step.coupon_value.is_some() => {}
            Some("redeem_points") => return Err(m(&p("coupon_value"), "redeem_points needs coupon_value".into())),
            Some("refer") => {
                if !step.referrer.as_ref().is_some_and(|r| names.contains(r)) {
                    return Err(m(&p("referrer"), "refer needs the name of a declared investor".into()));
                }
            }
            Some(other) => return Err(m(&p("do"), format!("unknown action {other:?}"))),
        }
    }
    Ok(s)
}

fn shown_field(h: &wealth_core::device::HomeView, field: &str) -> Option<String> {
    let f = &h.figures;
    Some(match field {
        "units" => f.units.to_string(),
        "pending_in" => f.pending_in.to_string(),
        "pending_out" => f.pending_out.to_string(),
        "yesterday_income" => f.yesterday_income.to_string(),
        "total_income" => f.total_income.to_string(),
        "instant_quota_left" => f.instant_quota_left.to_string(),
        "cash_out" => f.cash_out.to_string(),
        "seven_day_yield" => f.seven_day_yield.clone().unwrap_or_else(|| "-".into()),
        // Offline use: whether the figures are shown as live, and the server time they are as of.
        "live" => h.live.to_string(),
        "as_of" => h.as_of.map(|t| t.to_rfc3339()).unwrap_or_else(|| "-".into()),
        "points" => h.points.to_string(),
        _ => return None,
    })
}

fn expected_string(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn run_action(
    devices: &BTreeMap<String, Investor>,
    step: &Step,
    order_ids: &[Option<String>],
) -> Result<Option<String>, DeviceError> {
    let device = &devices[step.investor.as_deref().unwrap_or("main")];
    let amount = step.amount.as_deref().unwrap_or_default();
    match step.action.as_deref() {
        Some("deposit") => match &step.coupon {
            None => Ok(Some(device.deposit(amount).await?.id)),
            Some(c) => {
                let id = match c {
                    CouponRef::Step(k) => order_ids.get(*k).cloned().flatten().unwrap_or_default(),
                    CouponRef::Id(id) => id.clone(),
                };
                Ok(Some(device.deposit_with_coupon(amount, &id).await?.id))
            }
        },
        Some("refer") => {
            let referrer = &devices[step.referrer.as_deref().unwrap_or("main")];
            let code = referrer.referral().await?.code;
            device.bind_referral(&code).await.map(|_| None)
        }
        Some("withdraw") => Ok(Some(device.withdraw(amount, step.mode.as_deref() == Some("instant")).await?.id)),
        Some("cancel") => {
            let id = step.order.and_then(|i| order_ids.get(i).cloned().flatten()).unwrap_or_default();
            device.cancel(&id).await.map(|_| None)
        }
        Some("sync") => device.sync().await.map(|_| None),
        Some("offline") => {
            device.set_offline(true);
            Ok(None)
        }
        Some("online") => {
            device.set_offline(false);
            Ok(None)
        }
        Some("redeem_points") => {
            let value = step.coupon_value.as_deref().unwrap_or_default();
            Ok(Some(device.redeem_points(value).await?.id))
        }
        _ => Ok(None),
    }
}

/// Run one parsed scenario on a fresh sandbox.
pub async fn run(file: &str, s: &ScenarioFile) -> Result<FileResult, String> {
    let sandbox = Sandbox::start(s.start).await?;
    let result = run_in(&sandbox, file, s).await;
    sandbox.stop().await;
    result
}

async fn run_in(sandbox: &Sandbox, file: &str, s: &ScenarioFile) -> Result<FileResult, String> {
    let default = s.per_10k.get("default").copied();
    let by_day: BTreeMap<NaiveDate, Per10k> =
        s.per_10k.iter().filter_map(|(k, v)| k.parse::<NaiveDate>().ok().map(|d| (d, *v))).collect();
    let first = s.start.date_naive() - Duration::days(8);
    let last = s.steps.iter().map(|st| st.at.date_naive()).max().unwrap_or(s.start.date_naive());
    let fallback: Per10k = "0.0000".parse().expect("literal");
    sandbox
        .publish(first, last, |d| by_day.get(&d).copied().or(default).unwrap_or(fallback))
        .await
        .map_err(|e| format!("publishing per-10k: {e}"))?;
    let mut settings = s.settings.clone();
    if let Some(h) = s.holding_points {
        settings.entry("holding_points".into()).or_insert_with(|| h.to_string());
    }
    sandbox.settings(&settings).await.map_err(|e| format!("settings: {e}"))?;
    let mut devices: BTreeMap<String, Investor> = BTreeMap::new();
    let mut people: BTreeMap<String, String> = BTreeMap::new();
    let everyone = std::iter::once(("main".to_string(), None))
        .chain(s.investors.iter().map(|x| (x.name.clone(), x.same_person_as.clone())));
    for (name, same_as) in everyone {
        let person = same_as.and_then(|o| people.get(&o).cloned()).unwrap_or_else(|| name.clone());
        // The main investor is onboarded through the app's flow (phone, OTP, ID, card, PIN,
        // questionnaire: C3), earning the onboarding-task points; others through the admin API.
        let device = if name == "main" {
            let d = sandbox.investor("Scenario main").await.map_err(|e| format!("onboarding the investor: {e}"))?;
            sandbox.set_person(&d.account_id, &person).await.map_err(|e| format!("identity of {name}: {e}"))?;
            d
        } else {
            sandbox
                .investor_as(&format!("Scenario {name}"), &person)
                .await
                .map_err(|e| format!("creating the investor {name}: {e}"))?
        };
        device.sync().await.map_err(|e| format!("first sync of {name}: {e}"))?;
        people.insert(name.clone(), person);
        devices.insert(name, device);
    }
    let mut failures = Vec::new();
    let mut order_ids: Vec<Option<String>> = Vec::new();
    let mut clock = s.start;
    for (i, step) in s.steps.iter().enumerate() {
        let fail = |field: &str, shown: String, expected: String| Failure {
            step: i,
            at: step.at.to_rfc3339(),
            field: field.to_string(),
            shown,
            expected,
        };
        if step.at > clock {
            sandbox.admin.set_clock(step.at).await.map_err(|e| format!("step {i}: moving the clock: {e}"))?;
            clock = step.at;
        }
        let outcome = run_action(&devices, step, &order_ids).await;
        let device = &devices[step.investor.as_deref().unwrap_or("main")];
        order_ids.push(outcome.as_ref().ok().cloned().flatten());
        match (&outcome, &step.expect_error) {
            (Ok(_), None) => {}
            (Err(e), Some(code)) if &e.code() == code => {}
            (Ok(_), Some(code)) => failures.push(fail("outcome", "success".into(), format!("error {code}"))),
            (Err(e), expected) => failures.push(fail(
                "outcome",
                format!("error {}: {e}", e.code()),
                expected.as_ref().map(|c| format!("error {c}")).unwrap_or_else(|| "success".into()),
            )),
        }
        if let Some(expect) = &step.expect {
            if !device.is_offline() {
                match device.sync().await {
                    Err(e) => failures.push(fail("sync", format!("error {}: {e}", e.code()), "success".into())),
                    // The device checks its replica against the server's figures on every sync.
                    Ok(r) => {
                        for m in [r.mismatch, r.points_mismatch].into_iter().flatten() {
                            failures.push(fail("sync", m, "the replica agrees with the server".into()));
                        }
                    }
                }
            }
            let home = device.home().map_err(|e| format!("step {i}: home view: {e}"))?;
            for (field, want) in expect {
                let want = expected_string(want);
                match shown_field(&home, field) {
                    Some(shown) if shown == want => {}
                    Some(shown) => failures.push(fail(field, shown, want)),
                    None => failures.push(fail(field, "(not shown by this version)".into(), want)),
                }
            }
        }
    }
    Ok(FileResult { file: file.to_string(), name: s.name.clone(), passed: failures.is_empty(), failures })
}
