//! The double-entry ledger of one investor (TigerBeetle's model): accounts, immutable transfers
//! with unique ids, pending → posted / voided two-phase transfers, balances that never go below
//! zero, and corrections as new transfers. The server keeps the authoritative copy (one per
//! investor, rebuilt from its transfers); the device replays its replica through the same code.
//!
//! Two ledgers share the model: points (whole points) and reward cash (fen), never mixed in one
//! transfer.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::calendar::BusinessTime;
use crate::points::error::PointsError;
use crate::points::lots::{default_expiry, spending_order, PointsLot};

/// An account of the ledger. User accounts can never go below zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Account {
    /// The investor's spendable points (`points:available`).
    #[serde(rename = "points:available")]
    Available,
    /// The programme's source of points (`points:issued`).
    #[serde(rename = "points:issued")]
    Issued,
    /// Points turned into coupons (`points:redeemed`).
    #[serde(rename = "points:redeemed")]
    Redeemed,
    /// Points that reached their expiry (`points:expired`).
    #[serde(rename = "points:expired")]
    Expired,
    /// Reversals not covered by the balance: debits here are owed, repaid from later earnings.
    #[serde(rename = "points:clawback")]
    Clawback,
    /// The marketing budget that pays coupons and red packets, in fen (`cash:marketing`).
    #[serde(rename = "cash:marketing")]
    Marketing,
    /// Reward cash paid into the investor's fund account, in fen (`cash:rewards`).
    #[serde(rename = "cash:rewards")]
    Rewards,
}

impl Account {
    /// The account's name (`points:available`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Account::Available => "points:available",
            Account::Issued => "points:issued",
            Account::Redeemed => "points:redeemed",
            Account::Expired => "points:expired",
            Account::Clawback => "points:clawback",
            Account::Marketing => "cash:marketing",
            Account::Rewards => "cash:rewards",
        }
    }

    /// From its name.
    pub fn parse(s: &str) -> Option<Account> {
        [
            Account::Available,
            Account::Issued,
            Account::Redeemed,
            Account::Expired,
            Account::Clawback,
            Account::Marketing,
            Account::Rewards,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }

    /// Whether the account counts points (else fen of reward cash).
    pub fn is_points(self) -> bool {
        !matches!(self, Account::Marketing | Account::Rewards)
    }

    /// Whether the account belongs to the investor (and so may never go below zero).
    pub fn is_user(self) -> bool {
        matches!(self, Account::Available | Account::Rewards)
    }
}

/// Why a transfer was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    /// Points earned (a new lot): issued → available.
    Earn,
    /// Points spent (a coupon): available → redeemed.
    Spend,
    /// What was left of a lot at its expiry: available → expired.
    Expire,
    /// A reversed earning, as far as the balance covers it: available → issued.
    Reverse,
    /// The part of a reversal the balance did not cover, owed: clawback → issued.
    ClawbackOwed,
    /// Owed points taken from a later earning: available → clawback.
    ClawbackRepaid,
    /// Reward cash (coupon or red packet): marketing → rewards, possibly pending first.
    RewardCash,
    /// Posts a pending transfer.
    PostPending,
    /// Voids a pending transfer.
    VoidPending,
}

impl TransferKind {
    /// The kind's name.
    pub fn as_str(self) -> &'static str {
        match self {
            TransferKind::Earn => "earn",
            TransferKind::Spend => "spend",
            TransferKind::Expire => "expire",
            TransferKind::Reverse => "reverse",
            TransferKind::ClawbackOwed => "clawback_owed",
            TransferKind::ClawbackRepaid => "clawback_repaid",
            TransferKind::RewardCash => "reward_cash",
            TransferKind::PostPending => "post_pending",
            TransferKind::VoidPending => "void_pending",
        }
    }

    /// From its name.
    pub fn parse(s: &str) -> Option<TransferKind> {
        use TransferKind::*;
        [Earn, Spend, Expire, Reverse, ClawbackOwed, ClawbackRepaid, RewardCash, PostPending, VoidPending]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One immutable transfer. `amount` is points, or fen on the cash accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    /// Unique id (the same id twice with the same fields is one transfer).
    pub id: String,
    /// Account debited.
    pub debit: Account,
    /// Account credited.
    pub credit: Account,
    /// Points, or fen.
    pub amount: i64,
    /// Why.
    pub kind: TransferKind,
    /// Free reason (`task:card_bound`, `newbie`, `holding:2026-11-18`, a coupon id, ...).
    pub reason: String,
    /// When it took effect.
    pub at: BusinessTime,
    /// Expiry of the lot an earning makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<BusinessTime>,
    /// A pending (reserved) transfer, posted or voided later.
    #[serde(default)]
    pub pending: bool,
    /// The pending transfer a post/void resolves, the earning a reversal reverses, or the lot an
    /// expiry expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refers_to: Option<String>,
    /// Server change sequence (cursor); 0 before it is stored.
    #[serde(default)]
    pub seq: i64,
}

impl Transfer {
    /// What the transfer does to `points:available` once posted: +amount credited, −amount
    /// debited, 0 for a reservation or a void (a post counts as its pending transfer's effect).
    pub fn available_effect(&self) -> i64 {
        if self.pending || self.kind == TransferKind::VoidPending {
            0
        } else if self.credit == Account::Available {
            self.amount
        } else if self.debit == Account::Available {
            -self.amount
        } else {
            0
        }
    }

    /// Whether `other` is the same transfer (all fields but the time and the sequence).
    pub fn same_fields(&self, other: &Transfer) -> bool {
        self.id == other.id
            && self.debit == other.debit
            && self.credit == other.credit
            && self.amount == other.amount
            && self.kind == other.kind
            && self.reason == other.reason
            && self.pending == other.pending
            && self.refers_to == other.refers_to
    }
}

/// Posted and pending sums of one account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountBalance {
    /// Posted debits.
    pub debits_posted: i64,
    /// Posted credits.
    pub credits_posted: i64,
    /// Debits reserved by pending transfers.
    pub debits_pending: i64,
    /// Credits reserved by pending transfers.
    pub credits_pending: i64,
}

impl AccountBalance {
    /// Credits − debits posted.
    pub fn net(&self) -> i64 {
        self.credits_posted - self.debits_posted
    }
}

/// State of a pending transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PendingState {
    /// Reserved.
    Pending,
    /// Posted.
    Posted,
    /// Voided.
    Voided,
}

/// One investor's ledger: transfers in the order applied, balances and lots.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    transfers: Vec<Transfer>,
    index: BTreeMap<String, usize>,
    balances: BTreeMap<Account, AccountBalance>,
    lots: Vec<PointsLot>,
    pending: BTreeMap<String, PendingState>,
    reversed: BTreeMap<String, String>,
}

fn invariant(msg: impl Into<String>) -> PointsError {
    PointsError::Invariant(msg.into())
}

fn positive(points: i64) -> Result<(), PointsError> {
    if points <= 0 {
        return Err(PointsError::InvalidPoints {
            reason: format!("{points} is not a positive whole number of points"),
        });
    }
    Ok(())
}

impl Ledger {
    /// An empty ledger.
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// Rebuild from stored transfers, in the order they were applied.
    pub fn replay<'a>(transfers: impl IntoIterator<Item = &'a Transfer>) -> Result<Ledger, PointsError> {
        let mut l = Ledger::new();
        for t in transfers {
            l.apply(t.clone())?;
        }
        Ok(l)
    }

    /// Every transfer, in the order applied.
    pub fn transfers(&self) -> &[Transfer] {
        &self.transfers
    }

    /// A transfer by id.
    pub fn transfer(&self, id: &str) -> Option<&Transfer> {
        self.index.get(id).map(|&i| &self.transfers[i])
    }

    /// Sums of one account.
    pub fn account(&self, a: Account) -> AccountBalance {
        self.balances.get(&a).copied().unwrap_or_default()
    }

    /// Every account with its sums.
    pub fn accounts(&self) -> &BTreeMap<Account, AccountBalance> {
        &self.balances
    }

    /// Spendable points: posted credits − posted debits − reserved debits of `points:available`.
    pub fn balance(&self) -> i64 {
        let a = self.account(Account::Available);
        a.net() - a.debits_pending
    }

    /// Points owed from reversals not covered by the balance.
    pub fn clawback_owed(&self) -> i64 {
        let c = self.account(Account::Clawback);
        c.debits_posted - c.credits_posted
    }

    /// Points expired so far.
    pub fn expired_total(&self) -> i64 {
        self.account(Account::Expired).net()
    }

    /// Reward cash paid (posted), in fen.
    pub fn reward_cash_fen(&self) -> i64 {
        self.account(Account::Rewards).net()
    }

    /// Live lots (something left), oldest-expiring first.
    pub fn lots(&self) -> Vec<PointsLot> {
        let mut v: Vec<PointsLot> = self.lots.iter().filter(|l| l.left > 0).cloned().collect();
        v.sort_by(spending_order);
        v
    }

    /// State of a pending transfer.
    pub fn pending_state(&self, id: &str) -> Option<PendingState> {
        self.pending.get(id).copied()
    }

    /// Whether an earning was reversed.
    pub fn is_reversed(&self, earn_id: &str) -> bool {
        self.reversed.contains_key(earn_id)
    }

    /// Apply one transfer (a new one, or one replayed from storage). The same id with the same
    /// fields returns `Ok(false)` and changes nothing; other fields are `ID_CONFLICT`. Any
    /// transfer that would take a user account below zero is refused.
    pub fn apply(&mut self, t: Transfer) -> Result<bool, PointsError> {
        if let Some(old) = self.transfer(&t.id) {
            return if old.same_fields(&t) { Ok(false) } else { Err(PointsError::IdConflict { id: t.id }) };
        }
        if t.id.is_empty() || t.id.chars().count() > 200 {
            return Err(PointsError::InvalidPoints { reason: "a transfer id has 1 to 200 characters".into() });
        }
        if t.debit == t.credit || t.debit.is_points() != t.credit.is_points() {
            return Err(invariant(format!("{} → {} is not a transfer", t.debit.as_str(), t.credit.as_str())));
        }
        match t.kind {
            TransferKind::PostPending | TransferKind::VoidPending => return self.resolve(t),
            _ => positive(t.amount)?,
        }
        let from = self.account(t.debit);
        if t.debit.is_user() {
            let free = from.net() - from.debits_pending;
            if free < t.amount {
                return Err(PointsError::InsufficientPoints { available: free.max(0) });
            }
        }
        // Lots consumed by a debit of the investor's points, planned before anything changes.
        let plan = if t.debit == Account::Available && !t.pending { Some(self.plan_consumption(&t)?) } else { None };
        if t.kind == TransferKind::Reverse || t.kind == TransferKind::ClawbackOwed {
            if let Some(of) = &t.refers_to {
                self.reversed.entry(of.clone()).or_insert_with(|| t.id.clone());
            }
        }
        if let Some(plan) = plan {
            for (i, n) in plan {
                self.lots[i].left -= n;
            }
        }
        let (debit, credit, amount, pending) = (t.debit, t.credit, t.amount, t.pending);
        if t.credit == Account::Available && !pending {
            self.lots.push(PointsLot {
                id: t.id.clone(),
                earned_at: t.at,
                expires_at: t.expires_at.unwrap_or_else(|| default_expiry(t.at)),
                points: amount,
                left: amount,
            });
        }
        if pending {
            self.pending.insert(t.id.clone(), PendingState::Pending);
            self.balances.entry(debit).or_default().debits_pending += amount;
            self.balances.entry(credit).or_default().credits_pending += amount;
        } else {
            self.balances.entry(debit).or_default().debits_posted += amount;
            self.balances.entry(credit).or_default().credits_posted += amount;
        }
        self.push(t);
        Ok(true)
    }

    fn push(&mut self, t: Transfer) {
        self.index.insert(t.id.clone(), self.transfers.len());
        self.transfers.push(t);
    }

    /// Which lots a debit of `points:available` takes: the lot it names first (an expiry, a
    /// reversal), then the oldest-expiring.
    fn plan_consumption(&self, t: &Transfer) -> Result<Vec<(usize, i64)>, PointsError> {
        let mut order: Vec<usize> = (0..self.lots.len()).filter(|&i| self.lots[i].left > 0).collect();
        order.sort_by(|&a, &b| spending_order(&self.lots[a], &self.lots[b]));
        if let Some(named) = &t.refers_to {
            if let Some(pos) = order.iter().position(|&i| &self.lots[i].id == named) {
                let i = order.remove(pos);
                order.insert(0, i);
            }
        }
        let mut need = t.amount;
        let mut plan = Vec::new();
        for i in order {
            if need == 0 {
                break;
            }
            let take = need.min(self.lots[i].left);
            plan.push((i, take));
            need -= take;
        }
        if need > 0 {
            return Err(invariant("lots do not cover the balance"));
        }
        Ok(plan)
    }

    fn resolve(&mut self, t: Transfer) -> Result<bool, PointsError> {
        let pid = t.refers_to.clone().ok_or_else(|| invariant("post/void without the pending id"))?;
        let p = self.transfer(&pid).cloned().ok_or(PointsError::UnknownTransfer { id: pid.clone() })?;
        if !p.pending || self.pending.get(&pid) != Some(&PendingState::Pending) {
            return Err(invariant(format!("{pid} is not pending")));
        }
        if p.debit != t.debit || p.credit != t.credit || p.amount != t.amount {
            return Err(invariant("a post/void must name the pending transfer's accounts and amount"));
        }
        let post = t.kind == TransferKind::PostPending;
        {
            let d = self.balances.entry(p.debit).or_default();
            d.debits_pending -= p.amount;
            if post {
                d.debits_posted += p.amount;
            }
        }
        {
            let c = self.balances.entry(p.credit).or_default();
            c.credits_pending -= p.amount;
            if post {
                c.credits_posted += p.amount;
            }
        }
        self.pending.insert(pid, if post { PendingState::Posted } else { PendingState::Voided });
        self.push(t);
        Ok(true)
    }

    /// Apply transfers that belong together, all or none.
    pub fn apply_all(&mut self, ts: Vec<Transfer>) -> Result<Vec<Transfer>, PointsError> {
        let mut next = self.clone();
        let mut new = Vec::new();
        for t in ts {
            if next.apply(t.clone())? {
                new.push(t);
            }
        }
        *self = next;
        Ok(new)
    }

    fn reuse(
        &self,
        id: &str,
        kind: TransferKind,
        amount: i64,
        reason: &str,
    ) -> Option<Result<Vec<Transfer>, PointsError>> {
        self.transfer(id).map(|old| {
            if old.kind == kind && old.amount == amount && old.reason == reason {
                Ok(Vec::new())
            } else {
                Err(PointsError::IdConflict { id: id.into() })
            }
        })
    }

    /// Earn `points` (a lot expiring by the default rule), taking any clawback owed first.
    /// Returns the transfers made (none when `id` was already applied with the same fields).
    pub fn earn(
        &mut self,
        id: &str,
        points: i64,
        reason: &str,
        at: BusinessTime,
    ) -> Result<Vec<Transfer>, PointsError> {
        if let Some(r) = self.reuse(id, TransferKind::Earn, points, reason) {
            return r;
        }
        positive(points)?;
        let mut ts = vec![Transfer {
            id: id.into(),
            debit: Account::Issued,
            credit: Account::Available,
            amount: points,
            kind: TransferKind::Earn,
            reason: reason.into(),
            at,
            expires_at: Some(default_expiry(at)),
            pending: false,
            refers_to: None,
            seq: 0,
        }];
        let repay = self.clawback_owed().min(points);
        if repay > 0 {
            ts.push(Transfer {
                id: format!("{id}/clawback"),
                debit: Account::Available,
                credit: Account::Clawback,
                amount: repay,
                kind: TransferKind::ClawbackRepaid,
                reason: "clawback".into(),
                at,
                expires_at: None,
                pending: false,
                refers_to: Some(id.into()),
                seq: 0,
            });
        }
        self.apply_all(ts)
    }

    /// Spend `points` (to `points:redeemed`), oldest-expiring lots first.
    pub fn spend(
        &mut self,
        id: &str,
        points: i64,
        reason: &str,
        at: BusinessTime,
    ) -> Result<Vec<Transfer>, PointsError> {
        if let Some(r) = self.reuse(id, TransferKind::Spend, points, reason) {
            return r;
        }
        positive(points)?;
        self.apply_all(vec![Transfer {
            id: id.into(),
            debit: Account::Available,
            credit: Account::Redeemed,
            amount: points,
            kind: TransferKind::Spend,
            reason: reason.into(),
            at,
            expires_at: None,
            pending: false,
            refers_to: None,
            seq: 0,
        }])
    }

    /// Reverse the earning `of`: take back what the balance covers (that lot first), and record
    /// the rest as owed in `points:clawback`, repaid from later earnings. Reversing twice changes
    /// nothing.
    pub fn reverse(&mut self, id: &str, of: &str, at: BusinessTime) -> Result<Vec<Transfer>, PointsError> {
        if let Some(old) = self.transfer(id) {
            return if old.refers_to.as_deref() == Some(of)
                && matches!(old.kind, TransferKind::Reverse | TransferKind::ClawbackOwed)
            {
                Ok(Vec::new())
            } else {
                Err(PointsError::IdConflict { id: id.into() })
            };
        }
        let earned = self.transfer(of).cloned().ok_or(PointsError::UnknownTransfer { id: of.into() })?;
        if earned.kind != TransferKind::Earn {
            return Err(PointsError::UnknownTransfer { id: of.into() });
        }
        if self.is_reversed(of) {
            return Ok(Vec::new());
        }
        let covered = self.balance().max(0).min(earned.amount);
        let short = earned.amount - covered;
        let mut ts = Vec::new();
        let base = |tid: String, debit, credit, amount, kind| Transfer {
            id: tid,
            debit,
            credit,
            amount,
            kind,
            reason: format!("reverse:{of}"),
            at,
            expires_at: None,
            pending: false,
            refers_to: Some(of.into()),
            seq: 0,
        };
        if covered > 0 {
            ts.push(base(id.into(), Account::Available, Account::Issued, covered, TransferKind::Reverse));
        }
        if short > 0 {
            let tid = if covered > 0 { format!("{id}/shortfall") } else { id.to_string() };
            ts.push(base(tid, Account::Clawback, Account::Issued, short, TransferKind::ClawbackOwed));
        }
        self.apply_all(ts)
    }

    /// Expire what is left of every lot whose expiry is at or before `at` (one transfer per lot,
    /// dated at the lot's expiry; id `expire:<lot id>`, so running it again changes nothing).
    pub fn run_expiry(&mut self, at: BusinessTime) -> Result<Vec<Transfer>, PointsError> {
        let due: Vec<PointsLot> = self.lots().into_iter().filter(|l| l.expires_at <= at).collect();
        let ts = due
            .into_iter()
            .map(|l| Transfer {
                id: format!("expire:{}", l.id),
                debit: Account::Available,
                credit: Account::Expired,
                amount: l.left,
                kind: TransferKind::Expire,
                reason: "expiry".into(),
                at: l.expires_at,
                expires_at: None,
                pending: false,
                refers_to: Some(l.id.clone()),
                seq: 0,
            })
            .collect();
        self.apply_all(ts)
    }

    /// Reserve reward cash (fen) from the marketing budget: a pending transfer.
    pub fn pend_cash(
        &mut self,
        id: &str,
        fen: i64,
        reason: &str,
        at: BusinessTime,
    ) -> Result<Vec<Transfer>, PointsError> {
        let t = Transfer {
            id: id.into(),
            debit: Account::Marketing,
            credit: Account::Rewards,
            amount: fen,
            kind: TransferKind::RewardCash,
            reason: reason.into(),
            at,
            expires_at: None,
            pending: true,
            refers_to: None,
            seq: 0,
        };
        if let Some(old) = self.transfer(id) {
            return if old.same_fields(&t) { Ok(Vec::new()) } else { Err(PointsError::IdConflict { id: id.into() }) };
        }
        self.apply_all(vec![t])
    }

    /// Post (`post = true`) or void a pending transfer; id `<pending>/post` or `<pending>/void`.
    /// Resolving it again the same way changes nothing; the other way is refused.
    pub fn resolve_pending(
        &mut self,
        pending_id: &str,
        post: bool,
        at: BusinessTime,
    ) -> Result<Vec<Transfer>, PointsError> {
        let p = self.transfer(pending_id).cloned().ok_or(PointsError::UnknownTransfer { id: pending_id.into() })?;
        let want = if post { PendingState::Posted } else { PendingState::Voided };
        match self.pending_state(pending_id) {
            Some(s) if s == want => return Ok(Vec::new()),
            Some(PendingState::Pending) => {}
            _ => return Err(invariant(format!("{pending_id} was already resolved the other way"))),
        }
        let kind = if post { TransferKind::PostPending } else { TransferKind::VoidPending };
        self.apply_all(vec![Transfer {
            id: format!("{pending_id}/{}", if post { "post" } else { "void" }),
            debit: p.debit,
            credit: p.credit,
            amount: p.amount,
            kind,
            reason: p.reason.clone(),
            at,
            expires_at: None,
            pending: false,
            refers_to: Some(pending_id.into()),
            seq: 0,
        }])
    }

    /// Check the invariants: debits = credits over all accounts, no user account below zero,
    /// points balance = sum of live lots. `Err` names the first broken one.
    pub fn check(&self) -> Result<(), PointsError> {
        let (mut d, mut c, mut dp, mut cp) = (0i64, 0i64, 0i64, 0i64);
        for b in self.balances.values() {
            d += b.debits_posted;
            c += b.credits_posted;
            dp += b.debits_pending;
            cp += b.credits_pending;
        }
        if d != c || dp != cp {
            return Err(invariant(format!("debits {d}/{dp} ≠ credits {c}/{cp}")));
        }
        for a in [Account::Available, Account::Rewards] {
            let b = self.account(a);
            if b.net() - b.debits_pending < 0 {
                return Err(invariant(format!("{} below zero", a.as_str())));
            }
        }
        let lots: i64 = self.lots.iter().map(|l| l.left).sum();
        if lots != self.account(Account::Available).net() || self.lots.iter().any(|l| l.left < 0) {
            return Err(invariant(format!("lots {lots} ≠ balance {}", self.balance())));
        }
        Ok(())
    }
}
