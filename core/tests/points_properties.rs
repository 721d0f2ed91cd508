//! Property tests of the points ledger over random sequences of earn / spend / expire / reverse /
//! coupon (pending cash) operations: debits = credits always, no user account below zero,
//! balance = sum of live lots, and replaying any transfer id changes nothing.

use chrono::{DateTime, Duration};
use proptest::prelude::*;
use wealth_core::calendar::BusinessTime;
use wealth_core::points::{Ledger, PointsError};

#[derive(Debug, Clone)]
enum Op {
    Earn(i64),
    Spend(i64),
    Reverse(usize),
    Expire,
    Reserve(i64),
    Resolve(usize, bool),
    Replay(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (-5i64..800).prop_map(Op::Earn),
        3 => (-5i64..900).prop_map(Op::Spend),
        1 => (0usize..50).prop_map(Op::Reverse),
        1 => Just(Op::Expire),
        1 => (1i64..3000).prop_map(Op::Reserve),
        1 => (0usize..50, any::<bool>()).prop_map(|(i, p)| Op::Resolve(i, p)),
        2 => (0usize..200).prop_map(Op::Replay),
    ]
}

fn start() -> BusinessTime {
    DateTime::parse_from_rfc3339("2025-01-01T10:00:00+08:00").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn ledger_invariants_hold(ops in proptest::collection::vec((op(), 0i64..40), 1..80)) {
        let mut l = Ledger::new();
        let mut at = start();
        let mut earns: Vec<String> = Vec::new();
        let mut pendings: Vec<String> = Vec::new();
        for (i, (op, days)) in ops.into_iter().enumerate() {
            at += Duration::days(days);
            let before = l.clone();
            let id = format!("t{i}");
            let r: Result<(), PointsError> = match op {
                Op::Earn(p) => l.earn(&id, p, "task", at).map(|ts| { if !ts.is_empty() { earns.push(id.clone()) } }),
                Op::Spend(p) => l.spend(&id, p, "coupon", at).map(|_| ()),
                Op::Reverse(k) if !earns.is_empty() => l.reverse(&id, &earns[k % earns.len()].clone(), at).map(|_| ()),
                Op::Reverse(_) => Ok(()),
                Op::Expire => l.run_expiry(at).map(|_| ()),
                Op::Reserve(f) => l.pend_cash(&id, f, "coupon", at).map(|_| pendings.push(id.clone())),
                Op::Resolve(k, post) if !pendings.is_empty() => {
                    l.resolve_pending(&pendings[k % pendings.len()].clone(), post, at).map(|_| ())
                }
                Op::Resolve(..) => Ok(()),
                Op::Replay(k) if !l.transfers().is_empty() => {
                    let t = l.transfers()[k % l.transfers().len()].clone();
                    let n = l.transfers().len();
                    prop_assert_eq!(l.apply(t.clone()), Ok(false), "replaying {} applies nothing", t.id);
                    prop_assert_eq!(l.transfers().len(), n);
                    // The same id with other fields is refused.
                    let mut other = t.clone();
                    other.amount += 1;
                    prop_assert_eq!(l.apply(other).unwrap_err().code(), "ID_CONFLICT");
                    Ok(())
                }
                Op::Replay(_) => Ok(()),
            };
            if let Err(e) = &r {
                prop_assert!(
                    matches!(e.code(), "INSUFFICIENT_POINTS" | "INVALID_POINTS" | "LEDGER_INVARIANT"),
                    "unexpected refusal {e}"
                );
                prop_assert_eq!(l.transfers(), before.transfers(), "a refusal changed nothing");
            }
            if let Err(e) = l.check() {
                prop_assert!(false, "after op {}: {}", i, e);
            }
            prop_assert!(l.balance() >= 0);
            prop_assert!(l.clawback_owed() >= 0);
            let lots: i64 = l.lots().iter().map(|x| x.left).sum();
            prop_assert_eq!(lots, l.balance());
            // The ledger rebuilt from its transfers is the same ledger.
            let again = Ledger::replay(l.transfers()).unwrap();
            prop_assert_eq!(again.balance(), l.balance());
            prop_assert_eq!(again.lots(), l.lots());
            prop_assert_eq!(again.accounts(), l.accounts());
        }
    }
}
