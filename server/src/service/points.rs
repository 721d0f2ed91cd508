//! The points programme's operations: the ledger by cursor, redemption of points into coupons,
//! the coupon wallet, referral codes and binding, and the sandbox's identity and reversal hooks.
//! Rules are `wealth_core::points`'s; this only loads, calls and stores in one transaction.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use uuid::Uuid;
use wealth_core::points::api::{
    BindReferral, CouponWallet, PointsDelta, RedeemPoints, ReferralStatus, ReferralView, ReverseEarning, SetIdentity,
};
use wealth_core::points::{coupon, referral, Coupon, CouponStatus, PointsError};
use wealth_core::Money;

use super::{InvestorId, Service, MAX_KEY_CHARS};
use crate::db;
use crate::error::Failure;
use crate::points_db;

/// Most transfers in one page of `GET /v1/points`.
pub const MAX_PAGE: usize = 1000;

fn account_id(text: &str) -> Result<i64, Failure> {
    text.trim().parse::<i64>().map_err(|_| Failure::bad_request("account_id must be an account id"))
}

fn mask(id: i64) -> String {
    let s = id.to_string();
    let keep = s.len().min(2);
    format!("{}{}", "*".repeat(s.len().max(4) - keep), &s[s.len() - keep..])
}

impl Service {
    /// The investor's transfers after the cursor, a page at a time, with the server's balances
    /// (`GET /v1/points`).
    pub fn points(&self, who: InvestorId, after: i64, limit: Option<usize>) -> Result<PointsDelta, Failure> {
        if after < 0 {
            return Err(Failure::bad_request("after must be a cursor (0 or more)"));
        }
        let limit = limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
        let guard = self.lock();
        let now = guard.clock.now();
        let (transfers, more) = points_db::transfers_after(&guard.conn, who.0, after, limit)?;
        let cursor = transfers.iter().map(|t| t.seq).fold(after, i64::max);
        // The balances are what a device checks its replica against once it has every page:
        // rebuilding the ledger for each page of a long history would make a full sync
        // quadratic, so intermediate pages carry none (0).
        let (balance, clawback_owed) = if more {
            (0, 0)
        } else {
            let ledger = points_db::ledger(&guard.conn, who.0)?;
            (ledger.balance(), ledger.clawback_owed())
        };
        Ok(PointsDelta { server_time: now, cursor, more, transfers, balance, clawback_owed })
    }

    /// Turn points into a cashback coupon (`POST /v1/points/redeem`). A repeat of the key with the
    /// same value returns the first coupon; with another value, `ID_CONFLICT`.
    pub fn redeem_points(&self, who: InvestorId, req: &RedeemPoints) -> Result<Coupon, Failure> {
        let key = req.idempotency_key.as_str();
        if key.trim().is_empty() || key.chars().count() > MAX_KEY_CHARS {
            return Err(Failure::bad_request(format!("idempotency_key must be 1 to {MAX_KEY_CHARS} characters")));
        }
        let mut guard = self.lock();
        let now = guard.clock.now();
        let rules = guard.programme.clone();
        let offer = coupon::offer(&rules, &req.coupon_value, now)?;
        let tx = guard.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let seen: Option<Coupon> = tx
            .query_row(
                &format!("SELECT {} FROM coupons WHERE investor = ?1 AND redeem_key = ?2", points_db::COUPON_COLS),
                params![who.0, key],
                points_db::coupon_of,
            )
            .optional()?;
        if let Some(c) = seen {
            if c.value == offer.value {
                return Ok(Coupon { status: c.status_at(now), ..c });
            }
            return Err(PointsError::IdConflict { id: key.into() }.into());
        }
        let id = Uuid::new_v4().to_string();
        let mut ledger = points_db::ledger(&tx, who.0)?;
        let new = ledger.spend(&format!("redeem:{key}"), offer.points, &format!("coupon {id}"), now)?;
        points_db::post(&tx, who.0, &new)?;
        tx.execute(
            "INSERT INTO coupons (id, investor, value, min_deposit, points, issued_at, expires_at, status, order_id, redeem_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'issued', NULL, ?8)",
            params![
                id,
                who.0,
                offer.value.to_string(),
                offer.min_deposit.to_string(),
                offer.points,
                db::time_text(now),
                db::time_text(offer.expires_at),
                key
            ],
        )?;
        tx.commit()?;
        tracing::info!(account = who.0, coupon = %id, "points redeemed");
        Ok(Coupon {
            id,
            value: offer.value,
            min_deposit: offer.min_deposit,
            points: offer.points,
            issued_at: now,
            expires_at: offer.expires_at,
            status: CouponStatus::Issued,
            order_id: None,
        })
    }

    /// The coupon wallet, statuses at the server's time (`GET /v1/coupons`).
    pub fn coupons(&self, who: InvestorId) -> Result<CouponWallet, Failure> {
        let guard = self.lock();
        let now = guard.clock.now();
        let mut st = guard.conn.prepare(&format!(
            "SELECT {} FROM coupons WHERE investor = ?1 ORDER BY issued_at DESC, id",
            points_db::COUPON_COLS
        ))?;
        let rows = st.query_map([who.0], points_db::coupon_of)?;
        let coupons =
            rows.map(|c| c.map(|c| Coupon { status: c.status_at(now), ..c })).collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(CouponWallet { server_time: now, coupons })
    }

    fn code_of(conn: &rusqlite::Connection, investor: i64) -> Result<Option<String>, Failure> {
        Ok(conn
            .query_row("SELECT code FROM referral_codes WHERE investor = ?1", [investor], |r| r.get(0))
            .optional()?)
    }

    /// The investor's referral code (made on first use), referrer and referrals
    /// (`GET /v1/referral`).
    pub fn referral(&self, who: InvestorId) -> Result<ReferralStatus, Failure> {
        let mut guard = self.lock();
        let rules = guard.programme.clone();
        let tx = guard.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let code = match Self::code_of(&tx, who.0)? {
            Some(c) => c,
            None => {
                let c = format!("R{}", &Uuid::new_v4().simple().to_string()[..8].to_uppercase());
                tx.execute("INSERT INTO referral_codes (investor, code) VALUES (?1, ?2)", params![who.0, c])?;
                c
            }
        };
        let referred_by = match tx
            .query_row("SELECT referrer FROM referrals WHERE referee = ?1", [who.0], |r| r.get::<_, i64>(0))
            .optional()?
        {
            Some(r) => Self::code_of(&tx, r)?,
            None => None,
        };
        let referrals: Vec<ReferralView> = {
            let mut st = tx.prepare(
                "SELECT referee, status, decision_day FROM referrals WHERE referrer = ?1 ORDER BY bound_at, referee",
            )?;
            let rows = st.query_map([who.0], |r| {
                let day: Option<String> = r.get(2)?;
                Ok(ReferralView {
                    referee: mask(r.get(0)?),
                    status: r.get(1)?,
                    reward: rules.referral_reward,
                    decision_day: day.and_then(|d| d.parse().ok()),
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let ledger = points_db::ledger(&tx, who.0)?;
        tx.commit()?;
        Ok(ReferralStatus { code, referred_by, referrals, paid: Money::from_fen(ledger.reward_cash_fen()) })
    }

    /// Bind to a referrer's code (`POST /v1/referral/bind`): no self-referral (same account, ID,
    /// phone, card or device), one referrer per referee. Binding the same code again is a repeat.
    pub fn bind_referral(&self, who: InvestorId, req: &BindReferral) -> Result<ReferralStatus, Failure> {
        let code = req.code.trim().to_uppercase();
        let device = req.device_id.as_deref().map(str::trim).filter(|d| !d.is_empty());
        if device.is_some_and(|d| d.chars().count() > 128) {
            return Err(Failure::bad_request("device_id has at most 128 characters"));
        }
        {
            let mut guard = self.lock();
            let now = guard.clock.now();
            let tx = guard.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let referrer: i64 = tx
                .query_row("SELECT investor FROM referral_codes WHERE code = ?1", [&code], |r| r.get(0))
                .optional()?
                .ok_or_else(|| PointsError::UnknownReferralCode { code: code.chars().take(32).collect() })?;
            let mut mine = points_db::identity(&tx, who.0)?;
            if let Some(d) = device {
                if !mine.devices.iter().any(|x| x == d) {
                    mine.devices.push(d.to_string());
                }
            }
            let theirs = points_db::identity(&tx, referrer)?;
            let existing: Option<i64> =
                tx.query_row("SELECT referrer FROM referrals WHERE referee = ?1", [who.0], |r| r.get(0)).optional()?;
            referral::check_bind(referrer, &theirs, who.0, &mine, existing)?;
            if existing.is_none() {
                tx.execute(
                    "INSERT INTO referrals (referee, referrer, bound_at, status) VALUES (?1, ?2, ?3, 'bound')",
                    params![who.0, referrer, db::time_text(now)],
                )?;
                if device.is_some() {
                    points_db::set_identity(&tx, who.0, &mine)?;
                }
            }
            tx.commit()?;
        }
        self.referral(who)
    }

    /// Record the identity facts onboarding would (sandbox, `POST /admin/identity`).
    pub fn set_identity(&self, req: &SetIdentity) -> Result<SetIdentity, Failure> {
        let id = account_id(&req.account_id)?;
        let mut guard = self.lock();
        let tx = guard.conn.transaction()?;
        let known: Option<i64> =
            tx.query_row("SELECT 1 FROM investors WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        if known.is_none() {
            return Err(Failure::new(axum::http::StatusCode::NOT_FOUND, "UNKNOWN_ACCOUNT", "no such account"));
        }
        points_db::set_identity(&tx, id, &req.identity)?;
        tx.commit()?;
        Ok(req.clone())
    }

    /// Reverse a rewarded event (sandbox, `POST /admin/points/reverse`): what the balance covers
    /// is taken back, the rest is owed in `points:clawback` and taken from later earnings.
    pub fn reverse_earning(&self, req: &ReverseEarning) -> Result<PointsDelta, Failure> {
        let id = account_id(&req.account_id)?;
        {
            let mut guard = self.lock();
            let now = guard.clock.now();
            let tx = guard.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut ledger = points_db::ledger(&tx, id)?;
            let new = ledger.reverse(&format!("reverse:{}", req.transfer_id), &req.transfer_id, now)?;
            points_db::post(&tx, id, &new)?;
            tx.commit()?;
        }
        self.points(InvestorId(id), 0, None)
    }

    /// Test hook: the next 00:00 batch does all its work and then stops before its commit, as if
    /// the process died there (nothing of that day is kept; the next move of the clock reruns it).
    #[doc(hidden)]
    pub fn fail_next_batch_before_commit(&self) {
        self.lock().fail_next_batch = true;
    }

    /// The programme rules in force.
    pub fn programme(&self) -> wealth_core::points::ProgrammeRules {
        self.lock().programme.clone()
    }
}
