//! Generator of `core/tests/data/replica-schema1.sqlite3`: a replica written by the schema-1
//! store (plaintext SQLite, `user_version` 1), through its public API, as an installed app
//! would have left it. Run once with `cargo test -p wealth-core --test make_schema1_replica --
//! --ignored`; the upgrade test (`replica_upgrade.rs`) opens the committed file.

use chrono::{DateTime, NaiveDate};
use wealth_core::api::{AccountDelta, AccountSummary, IncomeRecord, OrderRecord, ReferenceData};
use wealth_core::calendar::TradingCalendar;
use wealth_core::device::{OutboxIntent, ReplicaStore};
use wealth_core::income::DailyPer10k;
use wealth_core::order::{OrderKind, OrderStatus};
use wealth_core::settings::ProductSettings;

#[test]
#[ignore = "generator: run by hand, the file is committed"]
fn make_schema1_replica() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/replica-schema1.sqlite3");
    let _ = std::fs::remove_file(&path);
    let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let mut store = ReplicaStore::open(&path).unwrap();
    store
        .apply_reference(&ReferenceData {
            product: ProductSettings::default(),
            calendar: TradingCalendar::builtin().data().clone(),
            per_10k: vec![
                DailyPer10k { day: d("2026-11-15"), per_10k: "0.4100".parse().unwrap() },
                DailyPer10k { day: d("2026-11-16"), per_10k: "0.4200".parse().unwrap() },
            ],
            server_time: t("2026-11-17T10:00:00+08:00"),
        })
        .unwrap();
    let orders = vec![
        OrderRecord {
            id: "order-deposit-1".into(),
            kind: OrderKind::Deposit,
            status: OrderStatus::Confirmed,
            amount: "10000.00".parse().unwrap(),
            placed_at: t("2026-11-16T09:30:00+08:00"),
            trading_day: Some(d("2026-11-16")),
            confirm_day: d("2026-11-17"),
            seq: 1,
        },
        OrderRecord {
            id: "order-withdraw-2".into(),
            kind: OrderKind::NormalWithdrawal,
            status: OrderStatus::Pending,
            amount: "1234.56".parse().unwrap(),
            placed_at: t("2026-11-17T09:45:00+08:00"),
            trading_day: Some(d("2026-11-17")),
            confirm_day: d("2026-11-18"),
            seq: 3,
        },
    ];
    let income = vec![IncomeRecord {
        day: d("2026-11-17"),
        units: "10000.00".parse().unwrap(),
        income: "0.42".parse().unwrap(),
        seq: 2,
    }];
    store
        .apply_delta(
            &AccountDelta {
                server_time: t("2026-11-17T10:00:00+08:00"),
                cursor: 3,
                orders,
                income,
                summary: AccountSummary {
                    units: "10000.00".parse().unwrap(),
                    total_income: "0.42".parse().unwrap(),
                    cash_out: "0.00".parse().unwrap(),
                },
            },
            -1500,
        )
        .unwrap();
    store
        .add_intent(&OutboxIntent {
            idempotency_key: "key-unsent-deposit".into(),
            kind: OrderKind::Deposit,
            amount: "88.80".into(),
            created_at: t("2026-11-17T10:05:00+08:00"),
        })
        .unwrap();
    drop(store);
    for ext in ["-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(ext);
        assert!(!std::path::Path::new(&p).exists(), "the WAL was checkpointed at close");
    }
}
