//! The HTTP contract over real HTTPS: idempotency, cancel, errors, isolation between investors,
//! the sandbox-only admin routes, the statement identity, and the binary's ready file.

mod common;

use common::{client_trusting, time, Sandbox};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use wealth_server::{ServerConfig, TlsMode};

/// A sandbox on Monday 2026-11-16 09:00 with 万份收益 published and one funded investor.
async fn monday() -> (Sandbox, String) {
    let sb = Sandbox::start("2026-11-16T09:00:00+08:00").await;
    sb.per10k("2026-11-01", "2026-12-31", "0.6500").await;
    let (_, token) = sb.investor("4321").await;
    (sb, token)
}

#[tokio::test]
async fn idempotent_repeat_returns_the_original_and_conflicts_are_refused() {
    let (sb, token) = monday().await;
    let (s1, first) = sb.order(&token, "key-1", "deposit", "100.00").await;
    assert_eq!(s1, StatusCode::OK, "{first}");
    // Same key, same kind and amount (written differently): the original, nothing new.
    let (s2, again) = sb.order(&token, "key-1", "deposit", "100").await;
    assert_eq!(s2, StatusCode::OK);
    assert_eq!(again, first);
    let acc = sb.account(&token, 0).await;
    assert_eq!(acc["orders"].as_array().unwrap().len(), 1);
    // Same key, different amount or kind: ID_CONFLICT, nothing changed.
    let (s3, e) = sb.order(&token, "key-1", "deposit", "200.00").await;
    assert_eq!(s3, StatusCode::CONFLICT);
    assert_eq!(e["code"], "ID_CONFLICT");
    let (s4, e) = sb.order(&token, "key-1", "normal_withdrawal", "100.00").await;
    assert_eq!(s4, StatusCode::CONFLICT);
    assert_eq!(e["code"], "ID_CONFLICT");
    let after = sb.account(&token, 0).await;
    assert_eq!(after, acc);
    // The key is per investor: another investor may use the same one.
    let (_, other) = sb.investor("0000").await;
    let (s5, o) = sb.order(&other, "key-1", "deposit", "100.00").await;
    assert_eq!(s5, StatusCode::OK);
    assert_ne!(o["id"], first["id"]);
    // A repeat after confirmation returns the same order, now confirmed.
    sb.clock("2026-11-17T10:00:00+08:00").await;
    let (s6, later) = sb.order(&token, "key-1", "deposit", "100.00").await;
    assert_eq!(s6, StatusCode::OK);
    assert_eq!(later["id"], first["id"]);
    assert_eq!(later["status"], "confirmed");
    sb.server.shutdown().await;
}

#[tokio::test]
async fn cancel_before_cut_off_and_not_after() {
    let (sb, token) = monday().await;
    let (_, a) = sb.order(&token, "a", "deposit", "500.00").await;
    let id = a["id"].as_str().unwrap();
    sb.clock("2026-11-16T14:59:59+08:00").await;
    let (s, c) = sb.post(&format!("/v1/orders/{id}/cancel"), Some(&token), &json!({})).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["status"], "cancelled");
    assert!(c["seq"].as_i64().unwrap() > a["seq"].as_i64().unwrap());
    // Repeating the cancel returns it unchanged.
    let (s, again) = sb.post(&format!("/v1/orders/{id}/cancel"), Some(&token), &json!({})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(again, c);

    let (_, b) = sb.order(&token, "b", "deposit", "500.00").await;
    let id = b["id"].as_str().unwrap();
    sb.clock("2026-11-16T15:00:00+08:00").await;
    let (s, e) = sb.post(&format!("/v1/orders/{id}/cancel"), Some(&token), &json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(e["code"], "CUT_OFF_PASSED");
    assert_eq!(e["details"]["trading_day"], "2026-11-16");
    // A cancelled deposit never confirms; the other one does.
    sb.clock("2026-11-17T09:00:00+08:00").await;
    let acc = sb.account(&token, 0).await;
    assert_eq!(acc["summary"]["units"], "500.00");
    // An instant withdrawal is not cancellable.
    let (_, w) = sb.order(&token, "w", "instant_withdrawal", "10.00").await;
    let (s, e) = sb.post(&format!("/v1/orders/{}/cancel", w["id"].as_str().unwrap()), Some(&token), &json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(e["code"], "NOT_CANCELLABLE");
    sb.server.shutdown().await;
}

#[tokio::test]
async fn unknown_order_and_other_investors_orders_are_404() {
    let (sb, token) = monday().await;
    let (s, e) = sb.post("/v1/orders/no-such-order/cancel", Some(&token), &json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(e["code"], "UNKNOWN_ORDER");

    let (_, mine) = sb.order(&token, "k", "deposit", "1000.00").await;
    let (_, intruder) = sb.investor("9999").await;
    let id = mine["id"].as_str().unwrap();
    let (s, e) = sb.post(&format!("/v1/orders/{id}/cancel"), Some(&intruder), &json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(e["code"], "UNKNOWN_ORDER");
    let theirs = sb.account(&intruder, 0).await;
    assert!(theirs["orders"].as_array().unwrap().is_empty());
    assert_eq!(theirs["summary"]["units"], "0.00");
    sb.clock("2026-11-20T09:00:00+08:00").await;
    let theirs = sb.account(&intruder, 0).await;
    assert!(theirs["income"].as_array().unwrap().is_empty());
    let st = sb.ok(Method::GET, "/v1/statements/2026-11", Some(&intruder), None).await;
    assert_eq!(st["closing_units"], "0.00");
    assert_eq!(st["header"]["card_last4"], "9999");
    // Still pending for its owner (not cancelled by the intruder), and confirmed on Tuesday.
    let acc = sb.account(&token, 0).await;
    assert_eq!(acc["orders"][0]["status"], "confirmed");
    sb.server.shutdown().await;
}

#[tokio::test]
async fn authentication_is_required() {
    let (sb, _token) = monday().await;
    for (method, path) in [
        (Method::GET, "/v1/reference"),
        (Method::GET, "/v1/account"),
        (Method::POST, "/v1/orders"),
        (Method::POST, "/v1/orders/x/cancel"),
        (Method::GET, "/v1/statements/2026-11"),
    ] {
        let (s, e) = sb.raw(method.clone(), path, None, None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(e["code"], "UNAUTHENTICATED");
        let (s, e) = sb.raw(method, path, Some("not-a-token"), Some("{")).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(e["code"], "UNAUTHENTICATED");
    }
    sb.server.shutdown().await;
}

#[tokio::test]
async fn malformed_bodies_are_400_and_change_nothing() {
    let (sb, token) = monday().await;
    let before = sb.account(&token, 0).await;
    for body in [
        "",
        "{",
        "null",
        "[]",
        r#"{"idempotency_key": "k", "kind": "deposit"}"#,
        r#"{"idempotency_key": 5, "kind": "deposit", "amount": "1.00"}"#,
        r#"{"idempotency_key": "k", "kind": "deposit", "amount": 100}"#,
        r#"{"idempotency_key": "k", "kind": "steal", "amount": "1.00"}"#,
        r#"{"idempotency_key": "", "kind": "deposit", "amount": "1.00"}"#,
    ] {
        let (s, e) = sb.raw(Method::POST, "/v1/orders", Some(&token), Some(body)).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body:?}: {e}");
        assert_eq!(e["code"], "BAD_REQUEST", "{body:?}");
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    for (path, body) in [
        ("/admin/clock", r#"{"now": "tomorrow"}"#),
        ("/admin/investors", r#"{"name": 1}"#),
        ("/admin/settings", r#"{"settings": {"min_top_up": 5}}"#),
        ("/admin/per10k", r#"{"days": [{"day": "2026-13-01", "per_10k": "0.5"}]}"#),
    ] {
        let (s, e) = sb.raw(Method::POST, path, None, Some(body)).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{path}: {e}");
        assert_eq!(e["code"], "BAD_REQUEST", "{path}");
    }
    let (s, e) = sb.get("/v1/account?after=-1", Some(&token)).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::BAD_REQUEST, Some("BAD_REQUEST")));
    let (s, e) = sb.get("/v1/reference?per10k_from=yesterday", Some(&token)).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::BAD_REQUEST, Some("BAD_REQUEST")));
    let (s, e) = sb.get("/v1/statements/2026-13", Some(&token)).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::BAD_REQUEST, Some("BAD_REQUEST")));
    let (s, e) = sb.get("/nowhere", None).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::NOT_FOUND, Some("NOT_FOUND")));
    assert_eq!(sb.account(&token, 0).await, before);
    sb.server.shutdown().await;
}

#[tokio::test]
async fn bad_amounts_are_invalid_amount_and_change_nothing() {
    let (sb, token) = monday().await;
    let before = sb.account(&token, 0).await;
    let long = "1".repeat(30);
    for amount in ["-5", "0.001", "1e3", "", long.as_str(), "0", "abc", " "] {
        for kind in ["deposit", "normal_withdrawal", "instant_withdrawal"] {
            let (s, e) = sb.order(&token, &format!("k-{kind}-{amount}"), kind, amount).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{amount:?}: {e}");
            assert_eq!(e["code"], "INVALID_AMOUNT", "{amount:?}");
        }
    }
    // Rule refusals change nothing either.
    let (s, e) = sb.order(&token, "small", "deposit", "0.50").await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("BELOW_MINIMUM")));
    assert_eq!(e["details"]["minimum"], "1.00");
    let (s, e) = sb.order(&token, "big", "normal_withdrawal", "1.00").await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("INSUFFICIENT_UNITS")));
    assert_eq!(e["details"]["available"], "0.00");
    assert_eq!(sb.account(&token, 0).await, before);
    // A refused key is not taken: it can be used for a valid order afterwards.
    let (s, _) = sb.order(&token, "small", "deposit", "5.00").await;
    assert_eq!(s, StatusCode::OK);
    sb.server.shutdown().await;
}

#[tokio::test]
async fn clock_moves_only_forward_and_needs_per10k() {
    let sb = Sandbox::start("2026-11-16T09:00:00+08:00").await;
    let (s, e) = sb.post("/admin/clock", None, &json!({"now": "2026-11-16T08:00:00+08:00"})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("CLOCK_BACKWARDS")));
    // Nothing published: the batch of 11-17 cannot post 11-16's income; nothing moves.
    let (s, e) = sb.post("/admin/clock", None, &json!({"now": "2026-11-18T09:00:00+08:00"})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("PER_10K_MISSING")));
    let now = sb.ok(Method::GET, "/admin/clock", None, None).await;
    assert_eq!(now["now"], "2026-11-16T09:00:00+08:00");
    // Same day: no batch needed.
    assert!(sb.clock("2026-11-16T23:59:59+08:00").await.is_empty());
    sb.per10k("2026-11-16", "2026-11-17", "0.6500").await;
    assert_eq!(sb.clock("2026-11-18T09:00:00+08:00").await, ["2026-11-17", "2026-11-18"]);
    // A posted day's value cannot change; the same value again is fine.
    let (s, e) = sb.post("/admin/per10k", None, &json!({"days": [{"day": "2026-11-16", "per_10k": "0.7000"}]})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("PER_10K_ALREADY_USED")));
    sb.per10k("2026-11-16", "2026-11-16", "0.6500").await;
    let (s, e) = sb.post("/admin/per10k", None, &json!({"days": [{"day": "2026-11-18", "per_10k": "1e2"}]})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::BAD_REQUEST, Some("INVALID_PER_10K")));
    let (s, e) = sb.post("/admin/settings", None, &json!({"settings": {"min_top_up": "5.00", "colour": "red"}})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::BAD_REQUEST, Some("INVALID_SETTING")));
    let (_, token) = sb.investor("").await;
    let reference = sb.ok(Method::GET, "/v1/reference", Some(&token), None).await;
    assert_eq!(reference["product"]["min_top_up"], "1.00", "refused override changed nothing");
    assert_eq!(reference["server_time"], "2026-11-18T09:00:00+08:00");
    assert_eq!(reference["per_10k"].as_array().unwrap().len(), 2);
    let s =
        sb.ok(Method::POST, "/admin/settings", None, Some(json!({"settings": {"min_first_deposit": "100.00"}}))).await;
    assert_eq!(s["min_first_deposit"], "100.00");
    let (st, e) = sb.order(&token, "k", "deposit", "99.99").await;
    assert_eq!((st, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("BELOW_MINIMUM")));
    sb.server.shutdown().await;
}

#[tokio::test]
async fn admin_routes_do_not_exist_without_the_sandbox() {
    let sb = Sandbox::with(ServerConfig { sandbox: false, ..ServerConfig::sandbox_default() }).await;
    for (method, path) in [
        (Method::POST, "/admin/investors"),
        (Method::POST, "/admin/clock"),
        (Method::GET, "/admin/clock"),
        (Method::POST, "/admin/per10k"),
        (Method::POST, "/admin/settings"),
    ] {
        let (s, e) = sb.raw(method, path, None, Some("{}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(e["code"], "NOT_FOUND");
    }
    let (s, e) = sb.get("/v1/account", Some("whatever")).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("UNAUTHENTICATED")));
    sb.server.shutdown().await;
}

#[tokio::test]
async fn plain_http_only_on_loopback() {
    let refused = wealth_server::start(ServerConfig {
        listen: "0.0.0.0:0".parse().unwrap(),
        tls: TlsMode::PlainLoopback,
        ..ServerConfig::sandbox_default()
    })
    .await;
    assert!(matches!(refused, Err(wealth_server::ServerError::Config(_))));
    let server = wealth_server::start(ServerConfig { tls: TlsMode::PlainLoopback, ..ServerConfig::sandbox_default() })
        .await
        .unwrap();
    assert!(server.url.starts_with("http://127.0.0.1:"));
    assert!(server.ca_cert_pem.is_none());
    server.shutdown().await;
}

#[tokio::test]
async fn the_generated_certificate_is_not_trusted_by_another_ca() {
    let sb = Sandbox::start("2026-11-16T09:00:00+08:00").await;
    let other = wealth_server::start(ServerConfig::sandbox_default()).await.unwrap();
    let wrong = client_trusting(other.ca_cert_pem.as_deref().unwrap());
    assert!(wrong.get(format!("{}/v1/reference", sb.server.url)).send().await.is_err());
    other.shutdown().await;
    sb.server.shutdown().await;
}

/// A month with deposits, income, a normal and an instant withdrawal: the statement proves
/// closing = opening + deposits + income − withdrawals against the holding.
#[tokio::test]
async fn statement_identity_holds_after_a_month() {
    let sb = Sandbox::start("2026-11-02T09:00:00+08:00").await;
    sb.per10k("2026-10-20", "2026-12-31", "0.4538").await;
    let (account_id, token) = sb.investor("6789").await;
    let (_, other) = sb.investor("1111").await; // shares the pool
    sb.order(&other, "o", "deposit", "33333.33").await;
    sb.clock("2026-11-02T10:00:00+08:00").await;
    assert_eq!(sb.order(&token, "d1", "deposit", "50000.00").await.0, StatusCode::OK);
    sb.clock("2026-11-10T11:00:00+08:00").await;
    assert_eq!(sb.order(&token, "i1", "instant_withdrawal", "5000.00").await.0, StatusCode::OK);
    sb.clock("2026-11-12T14:00:00+08:00").await;
    assert_eq!(sb.order(&token, "n1", "normal_withdrawal", "3000.00").await.0, StatusCode::OK);
    sb.clock("2026-11-20T16:00:00+08:00").await;
    assert_eq!(sb.order(&token, "d2", "deposit", "2000.00").await.0, StatusCode::OK);
    sb.clock("2026-11-30T14:00:00+08:00").await;
    // Confirmed on 12-01: in December's statement, not November's.
    assert_eq!(sb.order(&token, "d3", "deposit", "700.00").await.0, StatusCode::OK);
    sb.clock("2026-12-03T09:00:00+08:00").await;

    let nov = sb.ok(Method::GET, "/v1/statements/2026-11", Some(&token), None).await;
    assert_eq!(nov["identity_holds"], true, "{nov}");
    assert_eq!(nov["header"]["account_id"], account_id);
    assert_eq!(nov["header"]["card_last4"], "6789");
    assert_eq!(nov["opening_units"], "0.00");
    assert_eq!(nov["deposits"], "52000.00");
    assert_eq!(nov["withdrawals"], "8000.00");
    let kinds: Vec<(&str, &str)> = nov["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["kind"].as_str().unwrap(), t["confirmed_on"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("deposit", "2026-11-03"),
            ("instant_withdrawal", "2026-11-10"),
            ("normal_withdrawal", "2026-11-13"),
            ("deposit", "2026-11-24"),
        ]
    );
    // Income every natural day from the confirmation (11-03) to the month's end.
    assert_eq!(nov["income_lines"].as_array().unwrap().len(), 28);
    assert_eq!(nov["last_per_10k"], "0.4538");
    assert!(nov["last_seven_day_yield"].is_string());

    let dec = sb.ok(Method::GET, "/v1/statements/2026-12", Some(&token), None).await;
    assert_eq!(dec["identity_holds"], true, "{dec}");
    assert_eq!(dec["opening_units"], nov["closing_units"]);
    assert_eq!(dec["deposits"], "700.00");
    let acc = sb.account(&token, 0).await;
    assert_eq!(dec["closing_units"], acc["summary"]["units"]);
    assert_eq!(acc["summary"]["cash_out"], "8000.00");
    let income_sum: rust_decimal::Decimal = acc["income"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["income"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    assert_eq!(income_sum.to_string(), acc["summary"]["total_income"].as_str().unwrap());
    assert_eq!(dec["income_since_opening"], acc["summary"]["total_income"]);

    let audit = sb.server.service.audit().unwrap();
    assert_eq!(audit.order_movement_mismatches, 0);
    for inv in &audit.investors {
        assert_eq!(inv.holding, inv.journal_sum);
        assert!(!inv.journal_low.is_negative());
    }
    sb.server.shutdown().await;
}

#[tokio::test]
async fn cursor_sync_returns_only_changes() {
    let (sb, token) = monday().await;
    let (_, o) = sb.order(&token, "a", "deposit", "1000.00").await;
    let first = sb.account(&token, 0).await;
    let cursor = first["cursor"].as_i64().unwrap();
    assert_eq!(cursor, o["seq"].as_i64().unwrap());
    let nothing = sb.account(&token, cursor).await;
    assert!(nothing["orders"].as_array().unwrap().is_empty());
    assert_eq!(nothing["cursor"], cursor);
    sb.clock("2026-11-18T09:00:00+08:00").await;
    let next = sb.account(&token, cursor).await;
    assert_eq!(next["orders"].as_array().unwrap().len(), 1, "{next}");
    assert_eq!(next["orders"][0]["status"], "confirmed");
    assert_eq!(next["income"].as_array().unwrap().len(), 1);
    assert_eq!(next["income"][0]["day"], "2026-11-17");
    assert_eq!(next["income"][0]["income"], "0.06");
    assert!(next["cursor"].as_i64().unwrap() > cursor);
    sb.server.shutdown().await;
}

/// The binary writes its ready file and stops on SIGTERM.
#[tokio::test]
async fn binary_writes_the_ready_file_and_stops_on_sigterm() {
    let dir = std::env::temp_dir().join(format!("wealth-server-test-{}", std::process::id()));
    let ready = dir.join("server.json");
    let db = dir.join("books.sqlite");
    let _ = std::fs::remove_dir_all(&dir);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wealth-server"))
        .args(["--sandbox", "--listen", "127.0.0.1:0", "--start", "2026-11-16T09:00:00+08:00"])
        .arg("--ready-file")
        .arg(&ready)
        .arg("--db")
        .arg(&db)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut info: Option<Value> = None;
    for _ in 0..200 {
        if let Ok(text) = std::fs::read_to_string(&ready) {
            info = Some(serde_json::from_str(&text).expect("ready file is JSON"));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let info = info.expect("ready file written");
    let url = info["url"].as_str().unwrap();
    let client = client_trusting(info["ca_cert_pem"].as_str().unwrap());
    let res = client.get(format!("{url}/admin/clock")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let clock: Value = res.json().await.unwrap();
    assert_eq!(clock["now"], "2026-11-16T09:00:00+08:00");
    let status = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let mut exited = None;
    for _ in 0..200 {
        if let Some(s) = child.try_wait().unwrap() {
            exited = Some(s);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let exited = exited.unwrap_or_else(|| {
        let _ = child.kill();
        panic!("server did not stop on SIGTERM")
    });
    assert!(exited.success(), "{exited:?}");
    assert!(db.exists());
    let _ = std::fs::remove_dir_all(&dir);
    let _ = time("2026-11-16T09:00:00+08:00");
}

#[tokio::test]
async fn serves_a_certificate_from_pem_files() {
    let dir = std::env::temp_dir().join(format!("wealth-server-pem-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let (cert_pem, key_pem) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_pem, made.cert.pem()).unwrap();
    std::fs::write(&key_pem, made.signing_key.serialize_pem()).unwrap();
    let server = wealth_server::start(ServerConfig {
        tls: TlsMode::Files { cert_pem: cert_pem.clone(), key_pem: key_pem.clone() },
        ..ServerConfig::sandbox_default()
    })
    .await
    .unwrap();
    assert!(server.ca_cert_pem.is_none());
    let client = client_trusting(&made.cert.pem());
    let res = client.get(format!("{}/admin/clock", server.url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    server.shutdown().await;
    // A missing key file is a start error, not a panic.
    let missing = wealth_server::start(ServerConfig {
        tls: TlsMode::Files { cert_pem, key_pem: dir.join("nope.pem") },
        ..ServerConfig::sandbox_default()
    })
    .await;
    assert!(matches!(missing, Err(wealth_server::ServerError::Tls(_))));
    let _ = std::fs::remove_dir_all(&dir);
}
