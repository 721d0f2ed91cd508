//! The server's operations, in-process: the HTTP routes call these (on a blocking thread), and
//! so can tests. Every rule comes from `wealth-core`; this module only loads records, calls the
//! rules and writes the outcome in one transaction. The SQLite connection sits behind a mutex:
//! operations are short and serialised, so checks and writes never interleave.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use wealth_core::api::{
    AccountDelta, AccountSummary, ClockMoved, CreateInvestor, InvestorCreated, OrderRecord, OverrideSettings,
    PlaceOrder, PublishPer10k, ReferenceData,
};
use wealth_core::calendar::{shanghai, start_of_day, BusinessTime, TradingCalendar};
use wealth_core::income::DailyPer10k;
use wealth_core::order::{self, OrderKind, OrderStatus};
use wealth_core::settings::ProductSettings;
use wealth_core::statement::{self, MovementKind, Statement, StatementHeader};
use wealth_core::{home, Money, Per10k, RuleError};

use crate::batch;
use crate::rewards;
use wealth_core::points::{PointsError, ProgrammeRules};

mod points;
use crate::clock::Clock;
use crate::db;
use crate::error::{Failure, ServerError};

/// An authenticated investor (the account id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InvestorId(pub i64);

/// Consistency facts of the books (for tests and operators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    /// One entry per investor.
    pub investors: Vec<InvestorAudit>,
    /// Orders whose status and unit movements disagree: a confirmed order must have moved units
    /// exactly once, any other order never.
    pub order_movement_mismatches: i64,
    /// Natural days whose 00:00 batch ran, in order.
    pub batch_days: Vec<NaiveDate>,
}

/// One investor's books.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvestorAudit {
    /// The investor.
    pub investor: InvestorId,
    /// Units in the holdings table.
    pub holding: Money,
    /// Sum of the unit journal.
    pub journal_sum: Money,
    /// Lowest running balance of the journal, in the order it was written.
    pub journal_low: Money,
}

pub(crate) struct Inner {
    pub(crate) conn: Connection,
    pub(crate) settings: ProductSettings,
    pub(crate) programme: ProgrammeRules,
    pub(crate) clock: Clock,
    /// Test hook: the next batch stops before its commit, as if the process died there.
    pub(crate) fail_next_batch: bool,
}

/// The reference server's books and operations.
pub struct Service {
    inner: Mutex<Inner>,
    calendar: TradingCalendar,
    sandbox: bool,
    pub(crate) onboarding: crate::onboarding::OnboardingConfig,
}

const MAX_KEY_CHARS: usize = 128;

/// How long the server keeps an idempotency key and answers its repeats with the first result
/// (domain §7: at least 30 days). Keys are only purged after this, by `purge_expired_keys`.
pub const IDEMPOTENCY_KEY_RETENTION_DAYS: i64 = 30;

pub(crate) fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn load_settings(conn: &Connection) -> Result<ProductSettings, ServerError> {
    let mut settings = ProductSettings::default();
    let mut st = conn.prepare("SELECT name, value FROM settings ORDER BY name")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (name, value) = row?;
        if wealth_core::onboarding::OnboardingSettings::is_setting(&name) || ProgrammeRules::is_setting(&name) {
            continue; // onboarding: `onboarding::OnboardingConfig::load`; programme: `points_db::programme`
        }
        settings.set(&name, &value).map_err(|e| ServerError::Data(e.to_string()))?;
    }
    Ok(settings)
}

impl Service {
    /// Open the books (in memory when `db_path` is `None`). In the sandbox the clock is the one
    /// stored in the database, else `start`, else the real time now; without the sandbox it is
    /// the real clock and `start` is ignored.
    pub fn open(db_path: Option<&Path>, sandbox: bool, start: Option<BusinessTime>) -> Result<Service, ServerError> {
        let conn = db::open(db_path)?;
        crate::onboarding::init_schema(&conn)?;
        let settings = load_settings(&conn)?;
        let programme = crate::points_db::programme(&conn).map_err(|e| ServerError::Data(e.to_string()))?;
        let clock = if sandbox {
            let now = match db::clock(&conn)? {
                Some(stored) => {
                    if start.is_some_and(|s| s != stored) {
                        tracing::warn!("the database has a sandbox clock; the start time is ignored");
                    }
                    stored
                }
                None => start.map(|s| s.with_timezone(&shanghai())).unwrap_or_else(|| Clock::Real.now()),
            };
            db::set_clock(&conn, now)?;
            Clock::Sandbox(now)
        } else {
            Clock::Real
        };
        let onboarding = crate::onboarding::OnboardingConfig::load(sandbox, &conn)?;
        if db::meta(&conn, batch::LAST_BATCH_DAY)?.is_none() {
            // Batches are due from the day after the books were opened.
            db::set_meta(&conn, batch::LAST_BATCH_DAY, &db::day_text(clock.now().date_naive()))?;
        }
        Ok(Service {
            inner: Mutex::new(Inner { conn, settings, programme, clock, fail_next_batch: false }),
            calendar: TradingCalendar::builtin(),
            sandbox,
            onboarding,
        })
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic inside an operation rolled its transaction back; the books are intact.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether this is the sandbox (simulated clock, admin routes).
    pub fn is_sandbox(&self) -> bool {
        self.sandbox
    }

    /// The trading calendar served and used.
    pub fn calendar(&self) -> &TradingCalendar {
        &self.calendar
    }

    /// The server's time now.
    pub fn now(&self) -> BusinessTime {
        self.lock().clock.now()
    }

    /// The investor a session token belongs to.
    pub fn authenticate(&self, token: &str) -> Result<InvestorId, Failure> {
        if token.is_empty() || token.len() > 256 {
            return Err(Failure::unauthenticated());
        }
        let inner = self.lock();
        let id: Option<i64> = inner
            .conn
            .query_row("SELECT id FROM investors WHERE token_hash = ?1", [token_hash(token)], |r| r.get(0))
            .optional()?;
        id.map(InvestorId).ok_or_else(Failure::unauthenticated)
    }

    /// Create an onboarded investor with a fresh random session token (sandbox).
    pub fn create_investor(&self, req: &CreateInvestor) -> Result<InvestorCreated, Failure> {
        let last4 = req.card_last4.trim();
        if !(last4.is_empty() || (last4.len() == 4 && last4.bytes().all(|b| b.is_ascii_digit()))) {
            return Err(Failure::bad_request("card_last4 must be the last four digits of the card"));
        }
        if req.name.chars().count() > 200 {
            return Err(Failure::bad_request("name is too long"));
        }
        let token = Uuid::new_v4().simple().to_string();
        let mut inner = self.lock();
        let now = inner.clock.now();
        let tx = inner.conn.transaction()?;
        tx.execute(
            "INSERT INTO investors (token_hash, name, card_last4, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![token_hash(&token), req.name, last4, db::time_text(now)],
        )?;
        let id = tx.last_insert_rowid();
        db::set_holding(&tx, id, Money::ZERO)?;
        crate::onboarding::seed_onboarded(&tx, &self.onboarding, id, req, now)?;
        // A sandbox investor is created onboarded: both onboarding tasks are complete.
        for task in ["risk_questionnaire", "card_bound"] {
            rewards::on_onboarding_task(&tx, id, task, now)?;
        }
        tx.commit()?;
        tracing::info!(account = id, "investor created");
        Ok(InvestorCreated { account_id: id.to_string(), token })
    }

    /// Place a deposit or a withdrawal (`POST /v1/orders`).
    pub fn place_order(&self, who: InvestorId, req: &PlaceOrder) -> Result<OrderRecord, Failure> {
        let key = req.idempotency_key.as_str();
        if key.trim().is_empty() || key.chars().count() > MAX_KEY_CHARS {
            return Err(Failure::bad_request(format!("idempotency_key must be 1 to {MAX_KEY_CHARS} characters")));
        }
        let mut guard = self.lock();
        let Inner { conn, settings, clock, .. } = &mut *guard;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let seen: Option<(String, String, String)> = tx
            .query_row(
                "SELECT kind, amount, order_id FROM idempotency WHERE investor = ?1 AND key = ?2",
                params![who.0, key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((kind, amount, order_id)) = seen {
            let same_amount = Money::parse_positive(&req.amount).map(|a| a.to_string() == amount).unwrap_or(false);
            let coupon = crate::points_db::coupon_of_order(&tx, &order_id)?.map(|(_, c)| c.id);
            if kind == req.kind.as_str() && same_amount && coupon == req.coupon {
                return db::order(&tx, who.0, &order_id)?.ok_or_else(|| {
                    tracing::error!(order = %order_id, "idempotency key without its order");
                    Failure::internal()
                });
            }
            return Err(Failure::conflict(
                "ID_CONFLICT",
                "this idempotency key was already used for a different order; make a new key for a new order",
            ));
        }

        let amount = Money::parse_positive(&req.amount)?;
        let now = clock.now();
        let orders = db::orders(&tx, who.0, 0)?;
        let income = db::income(&tx, who.0, 0)?;
        let pos = home::account_position(&orders, &income, now);
        let held = db::holding(&tx, who.0)?;
        if pos.units.as_money() != held {
            tracing::error!(account = who.0, "orders and income disagree with the holding");
            return Err(Failure::internal());
        }
        match req.kind {
            OrderKind::Deposit => order::check_deposit(settings, &pos, amount)?,
            OrderKind::NormalWithdrawal => order::check_withdrawal(settings, &pos, amount, false)?,
            OrderKind::InstantWithdrawal => order::check_withdrawal(settings, &pos, amount, true).map_err(|e| {
                let mut f = Failure::rule(&e);
                if matches!(e, RuleError::InstantQuotaExceeded { .. }) {
                    f.error.details.plan = order::withdrawal_plan(settings, &pos, amount).ok();
                }
                f
            })?,
        }
        let auth = match crate::onboarding::authorize_movement(
            &tx,
            &self.onboarding,
            settings,
            who,
            req,
            amount,
            &orders,
            now,
        ) {
            Ok(auth) => auth,
            Err(refusal) => {
                if refusal.commit {
                    tx.commit()?;
                }
                return Err(refusal.failure);
            }
        };
        if let Some(cid) = &req.coupon {
            let unknown = || PointsError::CouponNotApplicable { reason: "no such coupon in this wallet".into() };
            if req.kind != OrderKind::Deposit {
                return Err(PointsError::CouponNotApplicable { reason: "coupons apply to deposits only".into() }.into());
            }
            let c = crate::points_db::coupon(&tx, who.0, cid)?.ok_or_else(unknown)?;
            c.check_apply(amount, now)?;
        }
        let timing = order::order_timing(&self.calendar, req.kind, now)?;
        let instant = req.kind == OrderKind::InstantWithdrawal;
        let status = if instant { OrderStatus::Confirmed } else { OrderStatus::Pending };
        let id = Uuid::new_v4().to_string();
        let seq = db::next_seq(&tx)?;
        tx.execute(
            "INSERT INTO orders (id, investor, kind, status, amount, placed_at, trading_day, confirm_day, seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                who.0,
                req.kind.as_str(),
                status.as_str(),
                amount.to_string(),
                db::time_text(now),
                timing.trading_day.map(db::day_text),
                db::day_text(timing.confirm_day),
                seq
            ],
        )?;
        if instant {
            // Units leave and cash is paid at once; they earn nothing for this natural day.
            let after = held.checked_sub(amount).ok_or_else(Failure::internal)?;
            if after.is_negative() {
                tracing::error!(account = who.0, "instant withdrawal would overdraw");
                return Err(Failure::internal());
            }
            db::set_holding(&tx, who.0, after)?;
            let out = Money::ZERO.checked_sub(amount).ok_or_else(Failure::internal)?;
            db::journal(&tx, who.0, timing.confirm_day, MovementKind::InstantWithdrawal, out, Some(&id))?;
        }
        crate::onboarding::record_movement(&tx, who, &auth, &id, now)?;
        tx.execute(
            "INSERT INTO idempotency (investor, key, kind, amount, order_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![who.0, key, req.kind.as_str(), amount.to_string(), id, db::time_text(now)],
        )?;
        if let Some(cid) = &req.coupon {
            rewards::reserve_coupon(&tx, who.0, cid, &id, now)?;
        }
        tx.commit()?;
        tracing::info!(account = who.0, order = %id, kind = req.kind.as_str(), "order accepted");
        Ok(OrderRecord {
            id,
            kind: req.kind,
            status,
            amount,
            placed_at: now,
            trading_day: timing.trading_day,
            confirm_day: timing.confirm_day,
            seq,
        })
    }

    /// Cancel a pending order before its cut-off (`POST /v1/orders/{id}/cancel`). Cancelling an
    /// already-cancelled order returns it unchanged.
    pub fn cancel_order(&self, who: InvestorId, order_id: &str) -> Result<OrderRecord, Failure> {
        let mut guard = self.lock();
        let now = guard.clock.now();
        let tx = guard.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut o = db::order(&tx, who.0, order_id)?
            .ok_or_else(|| RuleError::UnknownOrder { order_id: order_id.chars().take(64).collect() })?;
        if o.status == OrderStatus::Cancelled {
            return Ok(o);
        }
        order::check_cancel(&self.calendar, o.kind, o.status, o.trading_day, now)?;
        let seq = db::next_seq(&tx)?;
        let changed = tx.execute(
            "UPDATE orders SET status = 'cancelled', seq = ?1 WHERE id = ?2 AND investor = ?3 AND status = 'pending'",
            params![seq, o.id, who.0],
        )?;
        if changed != 1 {
            tracing::error!(order = %o.id, "pending order changed under the lock");
            return Err(Failure::internal());
        }
        rewards::on_order_released(&tx, who.0, &o.id, now)?;
        tx.commit()?;
        o.status = OrderStatus::Cancelled;
        o.seq = seq;
        tracing::info!(account = who.0, order = %o.id, "order cancelled");
        Ok(o)
    }

    /// What changed after the cursor, and the server's figures (`GET /v1/account`).
    pub fn account(&self, who: InvestorId, after: i64) -> Result<AccountDelta, Failure> {
        if after < 0 {
            return Err(Failure::bad_request("after must be a cursor (0 or more)"));
        }
        let guard = self.lock();
        let now = guard.clock.now();
        let conn = &guard.conn;
        let orders = db::orders(conn, who.0, 0)?;
        let income = db::income(conn, who.0, 0)?;
        let today = now.date_naive();
        let per10k = db::per10k_range(conn, today - Duration::days(7), today)?;
        let figures = home::account_figures(&orders, &income, &per10k, &guard.settings, now);
        let changed_orders: Vec<OrderRecord> = orders.into_iter().filter(|o| o.seq > after).collect();
        let changed_income: Vec<_> = income.into_iter().filter(|i| i.seq > after).collect();
        let cursor =
            changed_orders.iter().map(|o| o.seq).chain(changed_income.iter().map(|i| i.seq)).fold(after, i64::max);
        Ok(AccountDelta {
            server_time: now,
            cursor,
            orders: changed_orders,
            income: changed_income,
            summary: AccountSummary {
                units: figures.units,
                total_income: figures.total_income,
                cash_out: figures.cash_out,
            },
        })
    }

    /// The statement of a month ("YYYY-MM") from the unit journal and the holding.
    pub fn statement(&self, who: InvestorId, month: &str) -> Result<Statement, Failure> {
        statement::month_bounds(month).map_err(|_| {
            Failure::bad_request(format!(
                "{:?} is not a month; use YYYY-MM",
                month.chars().take(20).collect::<String>()
            ))
        })?;
        let guard = self.lock();
        let now = guard.clock.now();
        let conn = &guard.conn;
        let card_last4: String = conn
            .query_row("SELECT card_last4 FROM investors WHERE id = ?1", [who.0], |r| r.get(0))
            .optional()?
            .ok_or_else(Failure::unauthenticated)?;
        let movements = db::movements(conn, who.0)?;
        let units_now = db::holding(conn, who.0)?;
        let per10k = db::per10k_before(conn, now.date_naive())?;
        let header = StatementHeader {
            account_id: who.0.to_string(),
            fund_code: guard.settings.fund_code.clone(),
            fund_name: guard.settings.fund_name.clone(),
            card_last4,
        };
        let s = statement::build_statement(header, month, &movements, units_now, &per10k)?;
        if !s.identity_holds {
            tracing::error!(account = who.0, month = %s.month, "statement identity does not hold");
        }
        Ok(s)
    }

    /// Product settings, calendar and 万份收益 from `per10k_from` (default: 30 days back) to the
    /// latest published day before today (`GET /v1/reference`).
    pub fn reference(&self, per10k_from: Option<NaiveDate>) -> Result<ReferenceData, Failure> {
        let guard = self.lock();
        let now = guard.clock.now();
        let today = now.date_naive();
        let from = per10k_from.unwrap_or(today - Duration::days(30));
        Ok(ReferenceData {
            product: guard.settings.clone(),
            calendar: self.calendar.data().clone(),
            per_10k: db::per10k_range(&guard.conn, from, today)?,
            server_time: now,
            programme: guard.programme.clone(),
        })
    }

    /// The clock now (`GET /admin/clock`).
    pub fn clock(&self) -> ClockMoved {
        ClockMoved { now: self.now(), batches: Vec::new() }
    }

    /// Move the sandbox clock forward to `to`, running every 00:00 batch passed on the way, each
    /// in its own transaction, in order (`POST /admin/clock`). Nothing runs if a batch on the way
    /// lacks its 万份收益 (`PER_10K_MISSING`) or calendar.
    pub fn set_clock(&self, to: BusinessTime) -> Result<ClockMoved, Failure> {
        if !self.sandbox {
            return Err(Failure::not_found());
        }
        let to = to.with_timezone(&shanghai());
        let mut guard = self.lock();
        let now = guard.clock.now();
        if to < now {
            return Err(Failure::conflict("CLOCK_BACKWARDS", format!("the clock is at {now}; it only moves forward")));
        }
        let days = batch::due_days(&guard.conn, to.date_naive())?;
        batch::precheck(&guard.conn, &self.calendar, &days)?;
        let mut ran = Vec::new();
        for day in days {
            let fail = std::mem::take(&mut guard.fail_next_batch);
            if batch::run_batch(&mut guard.conn, &self.calendar, day, true, fail)?.is_some() {
                ran.push(day);
            }
            guard.clock = Clock::Sandbox(start_of_day(day).max(now));
        }
        db::set_clock(&guard.conn, to)?;
        guard.clock = Clock::Sandbox(to);
        Ok(ClockMoved { now: to, batches: ran })
    }

    /// Run every 00:00 batch due by the clock now (the real-clock server calls this every
    /// minute). Stops at the first batch that cannot run; the days already run stay run.
    pub fn run_due_batches(&self) -> Result<Vec<NaiveDate>, Failure> {
        let mut guard = self.lock();
        let today = guard.clock.now().date_naive();
        let days = batch::due_days(&guard.conn, today)?;
        let mut ran = Vec::new();
        for day in days {
            let fail = std::mem::take(&mut guard.fail_next_batch);
            if batch::run_batch(&mut guard.conn, &self.calendar, day, self.sandbox, fail)?.is_some() {
                ran.push(day);
            }
        }
        Ok(ran)
    }

    /// Publish 万份收益 values (`POST /admin/per10k`). A day whose income was already posted
    /// keeps its value (`PER_10K_ALREADY_USED` for a different one).
    pub fn publish_per10k(&self, req: &PublishPer10k) -> Result<PublishPer10k, Failure> {
        let limit = rust_decimal::Decimal::from(10_000);
        let mut days: BTreeMap<NaiveDate, Per10k> = BTreeMap::new();
        for d in &req.days {
            if d.per_10k.decimal().abs() >= limit {
                return Err(Failure::rule(&RuleError::InvalidPer10k { input: d.per_10k.to_string() }));
            }
            if days.insert(d.day, d.per_10k).is_some_and(|v| v != d.per_10k) {
                return Err(Failure::bad_request(format!("{} is given twice with different values", d.day)));
            }
        }
        let mut guard = self.lock();
        let tx = guard.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (&day, &value) in &days {
            let existing = db::per10k_of(&tx, day)?;
            if existing == Some(value) {
                continue;
            }
            let used: Option<i64> = tx
                .query_row("SELECT 1 FROM batch_runs WHERE day = ?1", [db::day_text(day + Duration::days(1))], |r| {
                    r.get(0)
                })
                .optional()?;
            if used.is_some() {
                return Err(Failure::conflict(
                    "PER_10K_ALREADY_USED",
                    format!("the income of {day} was already posted with its 万份收益"),
                ));
            }
            tx.execute(
                "INSERT INTO per10k (day, value) VALUES (?1, ?2)
                 ON CONFLICT (day) DO UPDATE SET value = excluded.value",
                params![db::day_text(day), value.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(PublishPer10k { days: days.into_iter().map(|(day, per_10k)| DailyPer10k { day, per_10k }).collect() })
    }

    /// Override product settings by their domain names, all or none (`POST /admin/settings`).
    pub fn override_settings(&self, req: &OverrideSettings) -> Result<ProductSettings, Failure> {
        let mut guard = self.lock();
        let mut next = guard.settings.clone();
        let mut onboarding = self.onboarding.settings();
        let mut programme = guard.programme.clone();
        for (name, value) in &req.settings {
            if wealth_core::onboarding::OnboardingSettings::is_setting(name) {
                onboarding.set(name, value)?;
            } else if ProgrammeRules::is_setting(name) {
                programme.set(name, value)?;
            } else {
                next.set(name, value)?;
            }
        }
        let tx = guard.conn.transaction()?;
        for (name, value) in &req.settings {
            tx.execute(
                "INSERT INTO settings (name, value) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                params![name, value],
            )?;
        }
        tx.commit()?;
        guard.settings = next.clone();
        self.onboarding.set_settings(onboarding);
        guard.programme = programme;
        Ok(next)
    }

    /// The product settings in force.
    pub fn settings(&self) -> ProductSettings {
        self.lock().settings.clone()
    }

    /// Forget idempotency keys older than `IDEMPOTENCY_KEY_RETENTION_DAYS` at the server's time;
    /// returns how many. Orders stay; only the repeat protection of old keys ends.
    pub fn purge_expired_keys(&self) -> Result<usize, Failure> {
        let guard = self.lock();
        let cutoff = guard.clock.now() - Duration::days(IDEMPOTENCY_KEY_RETENTION_DAYS);
        Ok(guard.conn.execute("DELETE FROM idempotency WHERE created_at < ?1", [db::time_text(cutoff)])?)
    }

    /// Sandbox only (benchmarks): give `who` a long history in one transaction: `orders`
    /// cancelled deposits and `income_days` income lines on consecutive days before today (no
    /// units move, so the books stay balanced).
    pub fn seed_history(
        &self,
        who: InvestorId,
        orders: usize,
        income_days: usize,
        points_transfers: usize,
    ) -> Result<(), Failure> {
        if !self.sandbox {
            return Err(Failure::not_found());
        }
        let mut guard = self.lock();
        let today = guard.clock.now().date_naive();
        let placed = guard.clock.now() - Duration::days(1);
        let tx = guard.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for n in 0..orders {
            let seq = db::next_seq(&tx)?;
            tx.execute(
                "INSERT INTO orders (id, investor, kind, status, amount, placed_at, trading_day, confirm_day, seq)
                 VALUES (?1, ?2, 'deposit', 'cancelled', ?3, ?4, ?5, ?6, ?7)",
                params![
                    format!("seed-{}-{n}", who.0),
                    who.0,
                    format!("{}.00", 100 + n % 900),
                    db::time_text(placed),
                    db::day_text(today),
                    db::day_text(today + Duration::days(1)),
                    seq
                ],
            )?;
        }
        for n in 0..income_days {
            let seq = db::next_seq(&tx)?;
            let day = today - Duration::days(2 + n as i64);
            tx.execute(
                "INSERT INTO income (investor, day, units, income, pool_fen, seq) VALUES (?1, ?2, '0.00', '0.00', 0, ?3)",
                params![who.0, db::day_text(day), seq],
            )?;
        }
        let earnings: Vec<wealth_core::points::Transfer> = (0..points_transfers)
            .map(|n| wealth_core::points::Transfer {
                id: format!("seed-{}-{n}", who.0),
                debit: wealth_core::points::Account::Issued,
                credit: wealth_core::points::Account::Available,
                amount: 1,
                kind: wealth_core::points::TransferKind::Earn,
                reason: "seed".into(),
                at: placed,
                expires_at: None,
                pending: false,
                refers_to: None,
                seq: 0,
            })
            .collect();
        crate::points_db::post(&tx, who.0, &earnings)?;
        tx.commit()?;
        Ok(())
    }

    /// Consistency facts of the books: holdings against the journal, orders against movements.
    pub fn audit(&self) -> Result<Audit, Failure> {
        let guard = self.lock();
        let conn = &guard.conn;
        let ids: Vec<i64> = {
            let mut st = conn.prepare("SELECT id FROM investors ORDER BY id")?;
            let rows = st.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut investors = Vec::new();
        for id in ids {
            let mut sum = Money::ZERO;
            let mut low = Money::ZERO;
            for m in db::movements(conn, id)? {
                sum = sum.checked_add(m.amount).ok_or_else(Failure::internal)?;
                low = low.min(sum);
            }
            investors.push(InvestorAudit {
                investor: InvestorId(id),
                holding: db::holding(conn, id)?,
                journal_sum: sum,
                journal_low: low,
            });
        }
        let order_movement_mismatches: i64 = conn.query_row(
            "SELECT COUNT(*) FROM orders o
             WHERE (o.status = 'confirmed') <> ((SELECT COUNT(*) FROM journal j WHERE j.order_id = o.id) = 1)
                OR (SELECT COUNT(*) FROM journal j WHERE j.order_id = o.id) > 1",
            [],
            |r| r.get(0),
        )?;
        let batch_days = {
            let mut st = conn.prepare("SELECT day FROM batch_runs ORDER BY day")?;
            let rows = st.query_map([], |r| db::col_day(r, 0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        Ok(Audit { investors, order_movement_mismatches, batch_days })
    }
}
