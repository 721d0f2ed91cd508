//! The device's points replica against the server, over real HTTPS: the balance shown is the
//! sum of the replica; a replica that disagrees with the server is reported by the next sync and
//! never silently fixed.

use chrono::DateTime;
use wealth_core::api::{CreateInvestor, PublishPer10k};
use wealth_core::device::{Device, DeviceConfig, ReplicaStore, SandboxAdminClient};
use wealth_core::income::DailyPer10k;
use wealth_core::points::api::PointsDelta;
use wealth_core::points::{Account, Transfer, TransferKind};
use wealth_server::{ServerConfig, TlsMode};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_that_disagrees_is_reported_not_fixed() {
    let start = DateTime::parse_from_rfc3339("2026-11-16T09:00:00+08:00").unwrap();
    let server = wealth_server::start(ServerConfig {
        sandbox: true,
        db_path: None,
        listen: "127.0.0.1:0".parse().unwrap(),
        tls: TlsMode::Generated,
        start_time: Some(start),
    })
    .await
    .unwrap();
    let admin = SandboxAdminClient::new(&server.url, server.ca_cert_pem.as_deref()).unwrap();
    let days = wealth_core::calendar::days_between("2026-11-01".parse().unwrap(), "2026-11-30".parse().unwrap())
        .map(|day| DailyPer10k { day, per_10k: "0.6500".parse().unwrap() })
        .collect();
    admin.publish_per_10k(&PublishPer10k { days }).await.unwrap();
    let created = admin.create_investor(&CreateInvestor::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let device = Device::open(&DeviceConfig {
        server_url: server.url.clone(),
        ca_cert_pem: server.ca_cert_pem.clone(),
        data_dir: dir.path().to_path_buf(),
        session_token: created.token,
    })
    .unwrap();
    let r = device.sync().await.unwrap();
    assert_eq!((r.points_transfers, r.points_mismatch.clone()), (2, None));
    assert_eq!(device.home().unwrap().points, 100);
    assert_eq!(device.points_view().unwrap().lots.len(), 2);

    // Redeeming needs points; 100 are not enough for a 5.00 coupon, and nothing changes.
    assert_eq!(device.redeem_points("5").await.unwrap_err().code(), "INSUFFICIENT_POINTS");
    assert_eq!(device.redeem_points("3").await.unwrap_err().code(), "INVALID_POINTS");
    assert_eq!(device.home().unwrap().points, 100);

    // A transfer the server never made appears in the replica (corruption, a bug).
    let secrets = wealth_core::device::FileSecretStore::new(&dir.path().join("secrets")).unwrap();
    let key = wealth_core::device::secrets::replica_key(&secrets).unwrap();
    let mut store = ReplicaStore::open(&dir.path().join("replica.sqlite3"), &key).unwrap();
    let fake = Transfer {
        id: "fake".into(),
        debit: Account::Issued,
        credit: Account::Available,
        amount: 5,
        kind: TransferKind::Earn,
        reason: "fake".into(),
        at: start,
        expires_at: None,
        pending: false,
        refers_to: None,
        seq: 0,
    };
    store
        .apply_points(&PointsDelta {
            server_time: start,
            cursor: 0,
            more: false,
            transfers: vec![fake],
            balance: 0,
            clawback_owed: 0,
        })
        .unwrap();
    let r = device.sync().await.unwrap();
    let m = r.points_mismatch.expect("the mismatch is reported");
    assert!(m.contains("105") && m.contains("100"), "{m}");
    assert_eq!(device.home().unwrap().points, 105, "reported, never silently fixed");
    let page = device.points_history(None, 2).unwrap();
    assert_eq!(page.transfers.len(), 2);
    assert!(page.next_before.is_some());
    server.shutdown().await;
}
