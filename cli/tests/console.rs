//! The console's screens through the real binary, on a temporary --data-dir: each command is a
//! separate process, so the account, the replica and the sandbox clock must persist between them.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

struct Console {
    _dir: tempfile::TempDir,
    data: PathBuf,
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }
}

impl Console {
    fn new() -> Console {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("wealth");
        Console { _dir: dir, data }
    }

    fn run(&self, args: &[&str]) -> Out {
        let out = Command::new(env!("CARGO_BIN_EXE_wealth"))
            .arg("--data-dir")
            .arg(&self.data)
            .args(args)
            .output()
            .expect("wealth runs");
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into(),
            stderr: String::from_utf8_lossy(&out.stderr).into(),
        }
    }

    /// Run with --json, expect exit 0, return the document.
    fn ok(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let o = self.run(&a);
        assert_eq!(o.code, 0, "{args:?}: {}\n{}", o.stdout, o.stderr);
        o.json()
    }

    /// Run with --json, expect exit 1 and the error code; return the error object.
    fn refused(&self, args: &[&str], code: &str) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let o = self.run(&a);
        assert_eq!(o.code, 1, "{args:?} should be refused: {}\n{}", o.stdout, o.stderr);
        let e = o.json()["error"].clone();
        assert_eq!(e["code"], code, "{args:?}: {e}");
        assert!(e["message"].as_str().is_some_and(|m| m.len() > 10), "{e}");
        e
    }

    /// A sandbox on Monday 16 Nov 2026 with 万份收益 0.6500 published for the month.
    fn thursday(self) -> Console {
        self.ok(&["reset", "--start", "2026-11-16T09:00:00+08:00"]);
        self.ok(&["per10k", "publish", "--from", "2026-11-01", "--to", "2026-11-30", "0.6500"]);
        self.ok(&["clock", "set", "2026-11-19T14:30:00+08:00"]);
        self
    }
}

fn orders(c: &Console) -> usize {
    c.ok(&["orders"])["orders"].as_array().unwrap().len()
}

#[test]
fn bad_amount_is_refused_before_anything_exists() {
    let c = Console::new();
    let o = c.run(&["deposit", "0.001"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("INVALID_AMOUNT") && o.stderr.contains("two decimal places"), "{}", o.stderr);
    c.refused(&["withdraw", "-5", "--instant"], "INVALID_AMOUNT");
    c.refused(&["per10k", "publish", "--from", "2026-11-01", "abc"], "INVALID_PER_10K");
    assert!(!c.data.exists(), "a refused command created {}", c.data.display());
}

#[test]
fn malformed_arguments_are_usage_errors() {
    let c = Console::new();
    for args in [
        &["clock", "advance", "3x"][..],
        &["clock", "set", "tomorrow"],
        &["statement", "2026-13"],
        &["withdraw", "10", "--instant", "--normal"],
        &["per10k", "publish", "--from", "2026/11/01", "0.65"],
    ] {
        let o = c.run(args);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains("Usage") || o.stderr.contains("--help"), "{args:?}: {}", o.stderr);
    }
    assert!(!c.data.exists());
}

#[test]
fn a_week_across_separate_commands() {
    let c = Console::new().thursday();
    assert_eq!(c.ok(&["clock", "show"])["now"], "2026-11-19T14:30:00+08:00");

    let d = c.ok(&["deposit", "20000"]);
    let deposit_id = d["order"]["id"].as_str().unwrap().to_string();
    assert_eq!(d["order"]["amount"], "20000.00");
    assert_eq!(d["order"]["trading_day"], "2026-11-19");
    assert_eq!(d["order"]["confirm_day"], "2026-11-20");
    assert_eq!(c.ok(&["home"])["figures"]["pending_in"], "20000.00");

    let moved = c.ok(&["clock", "advance", "3d19h30m"]);
    assert_eq!(moved["now"], "2026-11-23T10:00:00+08:00");
    assert_eq!(moved["batches"].as_array().unwrap().len(), 4);
    let h = c.ok(&["home"]);
    assert_eq!(h["figures"]["units"], "20003.90");
    assert_eq!(h["figures"]["yesterday_income"], "1.30");
    assert_eq!(h["figures"]["instant_quota_left"], "10000.00");
    assert_eq!(h["offline"], false);

    // A confirmed order cannot be cancelled; nothing changes.
    c.refused(&["cancel", &deposit_id], "NOT_CANCELLABLE");
    c.refused(&["cancel", "no-such-order"], "UNKNOWN_ORDER");
    // Too much: refused with what is available; no order is made.
    let e = c.refused(&["withdraw", "30000", "--normal"], "INSUFFICIENT_UNITS");
    assert_eq!(e["details"]["available"], "20003.90");
    assert_eq!(orders(&c), 1);

    // Without a mode: the plan only.
    let p = c.ok(&["withdraw", "3000"]);
    assert_eq!(p["mode"], "plan");
    assert_eq!(p["plan"], serde_json::json!({"instant": "3000.00", "normal": "0.00"}));
    assert_eq!(p["orders"].as_array().unwrap().len(), 0);
    assert_eq!(orders(&c), 1);

    let i = c.ok(&["withdraw", "3000", "--instant"]);
    assert_eq!(i["orders"][0]["kind"], "instant_withdrawal");
    assert_eq!(i["orders"][0]["status"], "confirmed");
    // 8,000 more instantly is above the 7,000 left of the quota: refused with the remaining quota.
    let e = c.refused(&["withdraw", "8000", "--instant"], "INSTANT_QUOTA_EXCEEDED");
    assert_eq!(e["details"]["remaining"], "7000.00");
    let s = c.ok(&["withdraw", "8000", "--split"]);
    assert_eq!(s["plan"], serde_json::json!({"instant": "7000.00", "normal": "1000.00"}));
    assert_eq!(s["orders"].as_array().unwrap().len(), 2);
    assert_eq!(c.ok(&["home"])["figures"]["instant_quota_left"], "0.00");

    // Offline: figures from the replica, money movements refused.
    assert_eq!(c.ok(&["offline"])["offline"], true);
    let h = c.ok(&["home"]);
    assert_eq!(h["offline"], true);
    assert_eq!(h["figures"]["pending_out"], "1000.00");
    c.refused(&["deposit", "100"], "OFFLINE");
    c.refused(&["statement", "2026-11"], "OFFLINE");
    c.ok(&["online"]);
    let sync = c.ok(&["sync"]);
    assert!(sync["mismatch"].is_null(), "{sync}");

    c.ok(&["clock", "set", "2026-12-01T09:00:00+08:00"]);
    let dir = tempfile::tempdir().unwrap();
    let (csv, html) = (dir.path().join("nov.csv"), dir.path().join("nov.html"));
    let st = c.ok(&["statement", "2026-11", "--csv", csv.to_str().unwrap(), "--html", html.to_str().unwrap()]);
    assert_eq!(st["statement"]["identity_holds"], true);
    assert_eq!(st["statement"]["deposits"], "20000.00");
    assert_eq!(st["statement"]["withdrawals"], "11000.00");
    let csv_text = std::fs::read_to_string(&csv).unwrap();
    assert!(csv_text.starts_with("line,day,kind,order_id,placed_at,trading_day,amount,units,status\n"));
    assert_eq!(csv_text.lines().filter(|l| l.starts_with("transaction,")).count(), 4);
    let closing = format!("closing,2026-11-30,,,,,,{},", st["statement"]["closing_units"].as_str().unwrap());
    assert!(csv_text.contains(&closing), "{csv_text}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("@page") && page.contains("statement of 2026-11"));

    // Human output: aligned tables.
    let o = c.run(&["home"]);
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("units held") && o.stdout.contains('│'), "{}", o.stdout);
}

#[test]
fn clock_refuses_to_go_back_and_needs_published_per_10k() {
    let c = Console::new();
    c.ok(&["reset", "--start", "2026-11-16T09:00:00+08:00"]);
    let e = c.refused(&["clock", "advance", "2d"], "PER_10K_MISSING");
    assert!(e["hint"].as_str().unwrap().contains("wealth per10k publish"), "{e}");
    assert_eq!(c.ok(&["clock", "show"])["now"], "2026-11-16T09:00:00+08:00");
    c.refused(&["clock", "set", "2026-11-01T09:00:00+08:00"], "CLOCK_BACKWARDS");
    let r = c.ok(&["reset"]);
    assert_eq!(r["removed"].as_array().unwrap().len(), 1, "{r}");
}

#[test]
fn bench_json_shape() {
    let c = Console::new();
    // The cheap figures (the registry's completeness is a unit test of `bench`): the FFI ones run
    // the Swift, Kotlin and Python toolchains and belong to `scripts/test.sh`'s bench step.
    let o = c.run(&["bench", "--quick", "--json", "--no-build", "--only", "home_cold"]);
    let figures: Value = serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", o.stdout, o.stderr));
    let figures = figures.as_array().unwrap();
    assert_eq!(figures.len(), 1);
    for f in figures {
        assert!(f["goal"].is_number() && f["unit"].is_string(), "{f}");
        assert!(f["better"] == "lower" || f["better"] == "higher", "{f}");
        match f["status"].as_str().unwrap() {
            "met" | "missed" => assert!(f["value"].is_number(), "{f}"),
            "not_measured" => {
                assert!(f["value"].is_null());
                assert!(f["note"].as_str().unwrap().starts_with("not measured yet (issue "), "{f}");
            }
            // --no-build: the library may not be built on this machine; it says how to build it.
            "not_built" => {
                assert_eq!(f["name"], "bindings_cdylib_stripped_size", "{f}");
                assert!(f["note"].as_str().unwrap().contains("cargo build --release -p wealth-ffi"), "{f}");
            }
            s => panic!("status {s}"),
        }
    }
    let home = figures.iter().find(|f| f["name"] == "home_cold_start_5y").unwrap();
    assert_eq!(home["unit"], "ms");
    assert!(home["value"].as_f64().unwrap() > 0.0);
}

fn cat<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<&'a str> {
    [a, b].concat()
}

/// A server started in this test process, as `wealth-server` would run.
fn server(sandbox: bool, rt: &tokio::runtime::Runtime) -> (wealth_server::RunningServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let s = rt
        .block_on(wealth_server::start(wealth_server::ServerConfig {
            sandbox,
            db_path: None,
            listen: "127.0.0.1:0".parse().unwrap(),
            tls: wealth_server::TlsMode::Generated,
            start_time: Some(chrono::DateTime::parse_from_rfc3339("2026-11-19T10:00:00+08:00").unwrap()),
        }))
        .unwrap();
    std::fs::write(dir.path().join("ca.pem"), s.ca_cert_pem.as_deref().unwrap()).unwrap();
    (s, dir)
}

#[test]
fn a_remote_server_with_its_ca() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let c = Console::new();

    let (sandbox, ca_dir) = server(true, &rt);
    let ca = ca_dir.path().join("ca.pem");
    let remote = ["--server", sandbox.url.as_str(), "--ca", ca.to_str().unwrap()];
    assert_eq!(c.ok(&cat(&remote, &["clock", "show"]))["now"], "2026-11-19T10:00:00+08:00");
    assert_eq!(c.ok(&cat(&remote, &["deposit", "500"]))["order"]["confirm_day"], "2026-11-20");
    assert_eq!(c.ok(&cat(&remote, &["home"]))["figures"]["pending_in"], "500.00");
    // Without the CA the server's certificate is not trusted: home shows the replica and says why.
    let h = c.ok(&["--server", sandbox.url.as_str(), "home"]);
    assert_eq!(h["sync_error"]["code"], "NETWORK", "{h}");
    assert_eq!(h["figures"]["pending_in"], "500.00");

    let (production, ca_dir) = server(false, &rt);
    let ca = ca_dir.path().join("ca.pem");
    let prod = ["--server", production.url.as_str(), "--ca", ca.to_str().unwrap()];
    let e = c.refused(&[&prod[..], &["clock", "advance", "1d"]].concat(), "NOT_SANDBOX");
    assert!(e["hint"].as_str().unwrap().contains("--sandbox"), "{e}");
    c.refused(&[&prod[..], &["home"]].concat(), "NOT_SANDBOX");
    rt.block_on(async {
        sandbox.shutdown().await;
        production.shutdown().await;
    });
}
