//! The cash scenarios of `spec/scenarios/`, driven through the
//! admin clock over HTTPS. Figures are computed from the synced records the way the device does
//! (`home::account_figures`) and must match the scenario's; the server's own summary must agree.

mod common;

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use common::{time, Sandbox};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use wealth_core::api::{AccountDelta, IncomeRecord, OrderRecord, ReferenceData};
use wealth_core::home::account_figures;

/// The project's scenario directory (`$WEALTH_SPEC_DIR/scenarios` or `spec/scenarios`).
fn spec_scenarios() -> std::path::PathBuf {
    match std::env::var_os("WEALTH_SPEC_DIR") {
        Some(dir) => std::path::PathBuf::from(dir).join("scenarios"),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/scenarios"),
    }
}

/// The device's replica, kept by cursor.
#[derive(Default)]
struct Replica {
    cursor: i64,
    orders: BTreeMap<String, OrderRecord>,
    income: Vec<IncomeRecord>,
}

async fn sync(sb: &Sandbox, token: &str, replica: &mut Replica) -> AccountDelta {
    let v = sb.account(token, replica.cursor).await;
    let delta: AccountDelta = serde_json::from_value(v).expect("AccountDelta");
    assert!(delta.cursor >= replica.cursor);
    replica.cursor = delta.cursor;
    for o in &delta.orders {
        replica.orders.insert(o.id.clone(), o.clone());
    }
    for i in &delta.income {
        assert!(!replica.income.iter().any(|x| x.day == i.day), "income of {} sent twice", i.day);
        replica.income.push(i.clone());
    }
    delta
}

async fn run(name: &str, text: &str) {
    let sc: Value = serde_json::from_str(text).expect("scenario JSON");
    let start = sc["start"].as_str().unwrap();
    let sb = Sandbox::start(start).await;
    if let Some(settings) = sc.get("settings") {
        sb.ok(Method::POST, "/admin/settings", None, Some(json!({ "settings": settings }))).await;
    }
    // Publish 万份收益 from well before the start to the last step's day.
    let steps = sc["steps"].as_array().unwrap();
    let first = time(start).date_naive() - Duration::days(10);
    let last = time(steps.last().unwrap()["at"].as_str().unwrap()).date_naive();
    let table = sc["per_10k"].as_object().unwrap();
    let default = table["default"].as_str().unwrap();
    let days: Vec<Value> = wealth_core::calendar::days_between(first, last)
        .map(|d| {
            let v = table.get(&d.to_string()).and_then(Value::as_str).unwrap_or(default);
            json!({"day": d.to_string(), "per_10k": v})
        })
        .collect();
    sb.ok(Method::POST, "/admin/per10k", None, Some(json!({ "days": days }))).await;
    let (_, token) = sb.investor("6789").await;
    let mut replica = Replica::default();
    let mut placed: BTreeMap<usize, String> = BTreeMap::new();

    for (i, step) in steps.iter().enumerate() {
        let at = step["at"].as_str().unwrap();
        sb.clock(at).await;
        let what = format!("{name} step {i} at {at}");
        if let Some(action) = step.get("do").and_then(Value::as_str) {
            let (status, body) = match action {
                "deposit" | "withdraw" => {
                    let kind = match (action, step.get("mode").and_then(Value::as_str)) {
                        ("deposit", _) => "deposit",
                        (_, Some("instant")) => "instant_withdrawal",
                        _ => "normal_withdrawal",
                    };
                    let amount = step["amount"].as_str().unwrap();
                    sb.order(&token, &format!("step-{i}"), kind, amount).await
                }
                "cancel" => {
                    let idx = step["order"].as_u64().unwrap() as usize;
                    let id = placed.get(&idx).expect("cancelled order was placed");
                    sb.post(&format!("/v1/orders/{id}/cancel"), Some(&token), &json!({})).await
                }
                "sync" => (StatusCode::OK, Value::Null),
                other => panic!("{what}: unsupported action {other}"),
            };
            match step.get("expect_error").and_then(Value::as_str) {
                Some(code) => {
                    assert_ne!(status, StatusCode::OK, "{what}: expected {code}");
                    assert_eq!(body["code"], code, "{what}");
                }
                None => {
                    assert_eq!(status, StatusCode::OK, "{what}: {body}");
                    if let Some(id) = body.get("id").and_then(Value::as_str) {
                        placed.insert(i, id.to_string());
                    }
                }
            }
        }
        if let Some(expect) = step.get("expect").and_then(Value::as_object) {
            let today = time(at).date_naive();
            let from: NaiveDate = today - Duration::days(10);
            let reference: ReferenceData = serde_json::from_value(
                sb.ok(Method::GET, &format!("/v1/reference?per10k_from={from}"), Some(&token), None).await,
            )
            .expect("ReferenceData");
            assert!(reference.per_10k.iter().all(|p| p.day < today));
            let delta = sync(&sb, &token, &mut replica).await;
            assert_eq!(delta.server_time, time(at));
            let orders: Vec<OrderRecord> = replica.orders.values().cloned().collect();
            let figures =
                account_figures(&orders, &replica.income, &reference.per_10k, &reference.product, delta.server_time);
            assert_eq!(figures.units, delta.summary.units, "{what}: summary units");
            assert_eq!(figures.total_income, delta.summary.total_income, "{what}");
            assert_eq!(figures.cash_out, delta.summary.cash_out, "{what}");
            let shown = serde_json::to_value(&figures).unwrap();
            for (field, want) in expect {
                if field == "points" {
                    continue; // points are not part of this server
                }
                assert_eq!(shown[field].as_str(), want.as_str(), "{what}: {field} (figures {shown})");
            }
        }
    }
    let audit = sb.server.service.audit().unwrap();
    assert_eq!(audit.order_movement_mismatches, 0, "{name}");
    for inv in &audit.investors {
        assert_eq!(inv.holding, inv.journal_sum, "{name}");
    }
    sb.server.shutdown().await;
}

#[tokio::test]
async fn cash_scenarios_pass() {
    // Every shared scenario except points-*.json (the points ledger is not part of this suite).
    let dir = spec_scenarios();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("spec scenarios at {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with("points-"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        run(&f.file_name().unwrap().to_string_lossy(), &text).await;
    }
}

#[tokio::test]
async fn thursday_before_cut_off_timing_and_batches() {
    let sb = Sandbox::start("2026-11-16T09:00:00+08:00").await;
    sb.per10k("2026-11-01", "2026-11-30", "0.6500").await;
    let (_, token) = sb.investor("1234").await;
    sb.clock("2026-11-19T14:30:00+08:00").await;
    let (status, o) = sb.order(&token, "k1", "deposit", "10000.00").await;
    assert_eq!(status, StatusCode::OK, "{o}");
    assert_eq!(o["status"], "pending");
    assert_eq!(o["trading_day"], "2026-11-19");
    assert_eq!(o["confirm_day"], "2026-11-20");
    assert_eq!(o["amount"], "10000.00");
    let ran = sb.clock("2026-11-23T09:00:00+08:00").await;
    assert_eq!(ran, ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"]);
    let acc = sb.account(&token, 0).await;
    assert_eq!(acc["summary"]["units"], "10001.95");
    assert_eq!(acc["summary"]["total_income"], "1.95");
    let days: Vec<&str> = acc["income"].as_array().unwrap().iter().map(|i| i["day"].as_str().unwrap()).collect();
    assert_eq!(days, ["2026-11-20", "2026-11-21", "2026-11-22"]);
    assert_eq!(acc["orders"][0]["status"], "confirmed");
    sb.server.shutdown().await;
}

#[tokio::test]
async fn instant_quota_refusal_carries_remaining_and_plan() {
    let sb = Sandbox::start("2026-11-02T09:00:00+08:00").await;
    sb.per10k("2026-10-20", "2026-11-30", "0.5000").await;
    let (_, token) = sb.investor("1234").await;
    sb.clock("2026-11-02T10:00:00+08:00").await;
    assert_eq!(sb.order(&token, "d", "deposit", "50000.00").await.0, StatusCode::OK);
    sb.clock("2026-11-05T10:00:00+08:00").await;
    let (status, o) = sb.order(&token, "i1", "instant_withdrawal", "8000.00").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(o["status"], "confirmed");
    assert_eq!(o["trading_day"], Value::Null);
    assert_eq!(o["confirm_day"], "2026-11-05");
    let (status, e) = sb.order(&token, "i2", "instant_withdrawal", "3000.00").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["code"], "INSTANT_QUOTA_EXCEEDED");
    assert_eq!(e["details"]["remaining"], "2000.00");
    assert_eq!(e["details"]["quota"], "10000.00");
    assert_eq!(e["details"]["plan"]["instant"], "2000.00");
    assert_eq!(e["details"]["plan"]["normal"], "1000.00");
    // The quota resets at 00:00.
    sb.clock("2026-11-06T00:30:00+08:00").await;
    let (status, _) = sb.order(&token, "i3", "instant_withdrawal", "10000.00").await;
    assert_eq!(status, StatusCode::OK);
    let (status, e) = sb.order(&token, "i4", "instant_withdrawal", "0.01").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["details"]["remaining"], "0.00");
    sb.server.shutdown().await;
}
