//! The device offline and online against a real sandbox over HTTPS: drafts, `OFFLINE`, the "as
//! of" time and the live flag, ETag sync, progress and cancellation, certificate pinning, the
//! secret store, and no PII in the server's logs.

use std::sync::{Arc, Mutex};

use wealth_core::api::CreateInvestor;
use wealth_core::device::pinning::spki_pin_of_pem;
use wealth_core::device::{
    Device, DeviceConfig, DeviceOptions, MemorySecretStore, MovementAuth, SandboxAdminClient, SecretStore, SyncCancel,
    SyncObserver, SyncStep,
};
use wealth_core::order::OrderKind;
use wealth_server::{RunningServer, ServerConfig};

struct Env {
    server: RunningServer,
    admin: SandboxAdminClient,
    dir: tempfile::TempDir,
}

async fn env() -> Env {
    let server = wealth_server::start(ServerConfig {
        start_time: Some(chrono::DateTime::parse_from_rfc3339("2026-11-16T09:00:00+08:00").unwrap()),
        ..ServerConfig::sandbox_default()
    })
    .await
    .unwrap();
    let admin = SandboxAdminClient::new(&server.url, server.ca_cert_pem.as_deref()).unwrap();
    let days = wealth_core::calendar::days_between("2026-11-01".parse().unwrap(), "2026-11-30".parse().unwrap())
        .map(|day| wealth_core::income::DailyPer10k { day, per_10k: "0.5000".parse().unwrap() })
        .collect();
    admin.publish_per_10k(&wealth_core::api::PublishPer10k { days }).await.unwrap();
    Env { server, admin, dir: tempfile::tempdir().unwrap() }
}

impl Env {
    async fn token(&self, name: &str) -> String {
        self.admin
            .create_investor(&CreateInvestor { name: name.into(), card_last4: "4321".into(), ..Default::default() })
            .await
            .unwrap()
            .token
    }

    fn config(&self, token: &str, sub: &str) -> DeviceConfig {
        DeviceConfig {
            server_url: self.server.url.clone(),
            ca_cert_pem: self.server.ca_cert_pem.clone(),
            data_dir: self.dir.path().join(sub),
            session_token: token.into(),
        }
    }
}

#[tokio::test]
async fn offline_money_movements_are_drafts_confirmed_online() {
    let e = env().await;
    let device = Device::open(&e.config(&e.token("A").await, "a")).unwrap();
    device.sync().await.unwrap();
    let pin = MovementAuth { biometric: true, ..MovementAuth::pin("135790") };
    device.deposit_with("1000.00", &pin).await.unwrap();
    device.sync().await.unwrap();
    let online = device.home().unwrap();
    assert!(online.live, "just synced and online");

    device.set_offline(true);
    let home = device.home().unwrap();
    assert!(!home.live, "nothing cached is shown as live");
    assert_eq!(home.as_of, online.as_of);
    assert_eq!(home.figures.pending_in.to_string(), "1000.00", "the last state, offline");
    let err = device.deposit_with("200.00", &pin).await.unwrap_err();
    assert_eq!(err.code(), "OFFLINE");
    assert!(device.pending_intents().unwrap().is_empty(), "a refused request writes nothing");
    assert_eq!(device.sync().await.unwrap_err().code(), "OFFLINE");

    let draft = device.save_draft(OrderKind::Deposit, "200.00").unwrap();
    let other = device.save_draft(OrderKind::NormalWithdrawal, "5.00").unwrap();
    assert_eq!(device.save_draft(OrderKind::Deposit, "-1").unwrap_err().code(), "INVALID_AMOUNT");
    assert_eq!(device.drafts().unwrap().len(), 2);
    assert_eq!(device.confirm_draft(&draft.id, &pin).await.unwrap_err().code(), "OFFLINE");
    assert_eq!(device.drafts().unwrap().len(), 2, "the draft stays");
    device.discard_draft(&other.id).unwrap();
    assert_eq!(device.discard_draft(&other.id).unwrap_err().code(), "UNKNOWN_DRAFT");

    device.set_offline(false);
    let wrong = MovementAuth::pin("999990");
    assert_eq!(device.confirm_draft(&draft.id, &wrong).await.unwrap_err().code(), "PIN_WRONG");
    assert_eq!(device.drafts().unwrap().len(), 1, "a wrong PIN keeps the draft");
    let order = device.confirm_draft(&draft.id, &pin).await.unwrap();
    assert_eq!(order.amount.to_string(), "200.00");
    assert!(device.drafts().unwrap().is_empty());
    assert_eq!(device.confirm_draft(&draft.id, &pin).await.unwrap_err().code(), "UNKNOWN_DRAFT");
    device.sync().await.unwrap();
    assert_eq!(device.home().unwrap().figures.pending_in.to_string(), "1200.00");
    e.server.shutdown().await;
}

struct Steps(Mutex<Vec<SyncStep>>);

impl SyncObserver for Steps {
    fn progress(&self, step: SyncStep, _done: u32, total: u32) {
        assert_eq!(total, 3);
        self.0.lock().unwrap().push(step);
    }
}

#[tokio::test]
async fn sync_uses_the_etag_reports_progress_and_can_be_cancelled() {
    let e = env().await;
    let device = Device::open(&e.config(&e.token("B").await, "b")).unwrap();
    let first = device.sync().await.unwrap();
    assert!(!first.reference_not_modified);
    // The second asks for 万份收益 from the last day it holds (a new query, a new tag).
    device.sync().await.unwrap();
    let steps = Steps(Mutex::new(Vec::new()));
    let again = device.sync_with(Some(&steps), &SyncCancel::new()).await.unwrap();
    assert!(again.reference_not_modified, "unchanged reference data: 304");
    assert_eq!(again.orders, 0);
    assert_eq!(
        *steps.0.lock().unwrap(),
        vec![SyncStep::Outbox, SyncStep::Reference, SyncStep::Account, SyncStep::Done]
    );
    let cancel = SyncCancel::new();
    cancel.cancel();
    assert_eq!(device.sync_with(None, &cancel).await.unwrap_err().code(), "CANCELLED");
    device.sync().await.unwrap();
    e.server.shutdown().await;
}

#[tokio::test]
async fn pinning_refuses_a_wrong_key_and_accepts_the_backup_pin() {
    let e = env().await;
    let token = e.token("C").await;
    let good = spki_pin_of_pem(e.server.ca_cert_pem.as_deref().unwrap()).unwrap();
    let wrong = "ab".repeat(32);
    let wrong2 = "cd".repeat(32);
    let open = |pins: Vec<String>, sub: &str| {
        Device::open_with(&e.config(&token, sub), DeviceOptions { spki_pins: pins, ..DeviceOptions::default() })
    };
    let refused = open(vec![wrong.clone(), wrong2], "c1").unwrap();
    let err = refused.sync().await.unwrap_err();
    assert_eq!(err.code(), "NETWORK");
    assert!(err.to_string().contains("pinned keys"), "{err}");
    let backup = open(vec![wrong.clone(), good.clone()], "c2").unwrap();
    backup.sync().await.unwrap();
    assert_eq!(open(vec![good], "c3").err().unwrap().code(), "CONFIG", "a backup pin is required");
    e.server.shutdown().await;
}

#[tokio::test]
async fn the_key_and_the_token_live_in_the_secret_store_not_in_the_files() {
    let e = env().await;
    let token = e.token("D").await;
    let secrets = Arc::new(MemorySecretStore::default());
    let opts = || DeviceOptions { secrets: Some(secrets.clone()), ..DeviceOptions::default() };
    let device = Device::open_with(&e.config(&token, "d"), opts()).unwrap();
    device.sync().await.unwrap();
    device.deposit_with("4321.98", &MovementAuth { biometric: true, ..MovementAuth::pin("135790") }).await.unwrap();
    drop(device);
    assert_eq!(secrets.get("session-token").unwrap().unwrap(), token.as_bytes());
    assert_eq!(secrets.get("replica-key").unwrap().unwrap().len(), 32);
    // Relaunch without the token: the stored one is used.
    let again = Device::open_with(&e.config("", "d"), opts()).unwrap();
    again.sync().await.unwrap();
    assert_eq!(again.orders().unwrap().len(), 1);
    drop(again);
    let mut bytes = Vec::new();
    for f in std::fs::read_dir(e.dir.path().join("d")).unwrap() {
        let p = f.unwrap().path();
        assert!(!p.ends_with("secrets"), "no secret files beside a platform store");
        bytes.extend(std::fs::read(&p).unwrap());
    }
    for needle in [token.as_str(), "4321.98", "deposit"] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} readable on disk");
    }
    // A lost key cannot read the replica: refused, not garbage.
    secrets.delete("replica-key").unwrap();
    assert_eq!(Device::open_with(&e.config("", "d"), opts()).err().unwrap().code(), "STORAGE");
    e.server.shutdown().await;
}
