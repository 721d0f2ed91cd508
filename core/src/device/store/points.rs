//! The replica of the investor's points transfers (by cursor), the cached coupon wallet and the
//! outbox of redemptions. Every write is one transaction; transfers are inserted by id, so
//! applying a page twice changes nothing.

use chrono::DateTime;
use rusqlite::{params, OptionalExtension};

use super::{bad, ReplicaStore};
use crate::calendar::BusinessTime;
use crate::device::error::DeviceError;
use crate::points::api::{CouponWallet, PointsDelta};
use crate::points::{Coupon, Transfer};

/// A redemption written before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedeemIntent {
    /// Made before the first send; every retry reuses it.
    pub idempotency_key: String,
    /// Coupon value asked for ("5", "10", "20").
    pub coupon_value: String,
    /// When the user asked.
    pub created_at: BusinessTime,
}

impl ReplicaStore {
    /// The points cursor of the last applied page.
    pub fn points_cursor(&self) -> Result<i64, DeviceError> {
        Ok(self.meta("points_cursor")?.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// Apply a page of transfers and move the points cursor, in one transaction.
    pub fn apply_points(&mut self, d: &PointsDelta) -> Result<usize, DeviceError> {
        let tx = self.conn.transaction()?;
        let mut added = 0;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO points_transfers(id, body, seq, available_effect) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO NOTHING",
            )?;
            let mut body = Vec::with_capacity(512);
            for t in &d.transfers {
                body.clear();
                serde_json::to_writer(&mut body, t).map_err(bad)?;
                let text = std::str::from_utf8(&body).map_err(bad)?;
                added += st.execute(params![t.id, text, t.seq, t.available_effect()])?;
            }
        }
        let cursor: i64 = Self::meta_in(&tx, "points_cursor")?.and_then(|v| v.parse().ok()).unwrap_or(0);
        Self::set_meta(&tx, "points_cursor", &d.cursor.max(cursor).to_string())?;
        tx.commit()?;
        Ok(added)
    }

    /// Every transfer in the replica, in the server's order.
    pub fn points_transfers(&self) -> Result<Vec<Transfer>, DeviceError> {
        let mut st = self.conn.prepare_cached("SELECT body FROM points_transfers ORDER BY seq, id")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|b| serde_json::from_str(&b?).map_err(bad)).collect()
    }

    /// A page of transfers, newest first, strictly before `before_seq` (all when `None`).
    pub fn points_page(&self, before_seq: Option<i64>, limit: usize) -> Result<Vec<Transfer>, DeviceError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT body FROM points_transfers WHERE seq < ?1 ORDER BY seq DESC, id DESC LIMIT ?2")?;
        let rows = st.query_map(params![before_seq.unwrap_or(i64::MAX), limit as i64], |r| r.get::<_, String>(0))?;
        rows.map(|b| serde_json::from_str(&b?).map_err(bad)).collect()
    }

    /// Points available: the sum of the replica's transfers' effects on `points:available`
    /// (stored with each transfer when it is applied; one SQL aggregate).
    pub fn points_balance(&self) -> Result<i64, DeviceError> {
        let v: Option<i64> =
            self.conn.query_row("SELECT SUM(available_effect) FROM points_transfers", [], |r| r.get(0))?;
        Ok(v.unwrap_or(0))
    }

    /// Replace the cached coupon wallet.
    pub fn put_coupons(&mut self, w: &CouponWallet) -> Result<(), DeviceError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM coupons", [])?;
        for c in &w.coupons {
            tx.execute(
                "INSERT INTO coupons(id, body) VALUES (?1, ?2)",
                params![c.id, serde_json::to_string(c).map_err(bad)?],
            )?;
        }
        Self::set_meta(&tx, "coupons_as_of", &w.server_time.to_rfc3339())?;
        tx.commit()?;
        Ok(())
    }

    /// Store one coupon the server returned.
    pub fn put_coupon(&mut self, c: &Coupon) -> Result<(), DeviceError> {
        self.conn.execute(
            "INSERT INTO coupons(id, body) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET body = excluded.body",
            params![c.id, serde_json::to_string(c).map_err(bad)?],
        )?;
        Ok(())
    }

    /// The cached coupon wallet and when the server sent it.
    pub fn coupons(&self) -> Result<(Vec<Coupon>, Option<BusinessTime>), DeviceError> {
        let mut st = self.conn.prepare("SELECT body FROM coupons")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        let mut v: Vec<Coupon> = rows.map(|b| serde_json::from_str(&b?).map_err(bad)).collect::<Result<_, _>>()?;
        v.sort_by(|a, b| b.issued_at.cmp(&a.issued_at).then(a.id.cmp(&b.id)));
        let as_of = self.meta("coupons_as_of")?.map(|t| DateTime::parse_from_rfc3339(&t).map_err(bad)).transpose()?;
        Ok((v, as_of))
    }

    /// Record a redemption before it is sent.
    pub fn add_redeem_intent(&mut self, i: &RedeemIntent) -> Result<(), DeviceError> {
        self.conn.execute(
            "INSERT INTO redeem_outbox(idempotency_key, coupon_value, created_at) VALUES (?1, ?2, ?3)",
            params![i.idempotency_key, i.coupon_value, i.created_at.to_rfc3339()],
        )?;
        Ok(())
    }

    /// The server answered a redemption: store the coupon and clear the intent, atomically.
    pub fn complete_redeem(&mut self, key: &str, coupon: Option<&Coupon>) -> Result<(), DeviceError> {
        let tx = self.conn.transaction()?;
        if let Some(c) = coupon {
            tx.execute(
                "INSERT INTO coupons(id, body) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET body = excluded.body",
                params![c.id, serde_json::to_string(c).map_err(bad)?],
            )?;
        }
        tx.execute("DELETE FROM redeem_outbox WHERE idempotency_key = ?1", [key])?;
        tx.commit()?;
        Ok(())
    }

    /// Redemptions not yet answered, oldest first.
    pub fn pending_redeems(&self) -> Result<Vec<RedeemIntent>, DeviceError> {
        let mut st = self.conn.prepare(
            "SELECT idempotency_key, coupon_value, created_at FROM redeem_outbox ORDER BY created_at, rowid",
        )?;
        let rows =
            st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        rows.map(|r| {
            let (idempotency_key, coupon_value, at) = r?;
            Ok(RedeemIntent {
                idempotency_key,
                coupon_value,
                created_at: DateTime::parse_from_rfc3339(&at).map_err(bad)?,
            })
        })
        .collect()
    }

    /// The cached programme rules (defaults before the first sync).
    pub fn snapshot_programme(&self) -> Result<crate::points::ProgrammeRules, DeviceError> {
        match self.meta("programme")? {
            Some(json) => serde_json::from_str(&json).map_err(bad),
            None => Ok(crate::points::ProgrammeRules::default()),
        }
    }

    /// This install's device id (made once, kept in the store), for anti self-referral.
    pub fn device_id(&mut self) -> Result<String, DeviceError> {
        if let Some(id) = self.meta("device_id")? {
            return Ok(id);
        }
        let id = uuid::Uuid::new_v4().to_string();
        let tx = self.conn.transaction()?;
        let existing: Option<String> =
            tx.query_row("SELECT value FROM meta WHERE key = 'device_id'", [], |r| r.get(0)).optional()?;
        let id = existing.unwrap_or(id);
        Self::set_meta(&tx, "device_id", &id)?;
        tx.commit()?;
        Ok(id)
    }
}
