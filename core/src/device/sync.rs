//! Sync progress and cancellation, and the outbox's retry backoff.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::Duration;
use tokio::sync::Notify;

/// The steps of a sync, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncStep {
    /// Resending unanswered intents of the outbox.
    Outbox,
    /// Reference data (settings, calendar, 万份收益), by ETag.
    Reference,
    /// The account (orders, income) after the cursor.
    Account,
    /// Finished.
    Done,
}

/// Told how a sync goes (the shells redraw a progress indicator).
pub trait SyncObserver: Send + Sync {
    /// `step` started; `done` of `total` steps are finished.
    fn progress(&self, step: SyncStep, done: u32, total: u32);
}

/// Cancels a sync from another task or thread. A cancelled sync stops between requests, or
/// abandons the request in flight; what was already applied stays whole (one transaction each).
#[derive(Debug, Clone, Default)]
pub struct SyncCancel {
    inner: Arc<(AtomicBool, Notify)>,
}

impl SyncCancel {
    /// A token not cancelled yet.
    pub fn new() -> SyncCancel {
        SyncCancel::default()
    }

    /// Cancel.
    pub fn cancel(&self) {
        self.inner.0.store(true, Ordering::SeqCst);
        self.inner.1.notify_waiters();
    }

    /// Whether `cancel` was called.
    pub fn is_cancelled(&self) -> bool {
        self.inner.0.load(Ordering::SeqCst)
    }

    /// Resolves once cancelled.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.inner.1.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// How long an intent waits before it is resent after `attempts` failed sends: exponential from
/// `base_ms`, capped at `max_ms`. The key never changes between sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Wait after the first failure.
    pub base_ms: i64,
    /// Longest wait.
    pub max_ms: i64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { base_ms: 1_000, max_ms: 5 * 60_000 }
    }
}

impl RetryPolicy {
    /// Resend immediately (tests and the chaos harness).
    pub const IMMEDIATE: RetryPolicy = RetryPolicy { base_ms: 0, max_ms: 0 };

    /// The wait after `attempts` failed sends (1, 2, 4, ... times `base_ms`, capped).
    pub fn delay(&self, attempts: i64) -> Duration {
        let shift = attempts.clamp(1, 20) - 1;
        Duration::milliseconds(self.base_ms.saturating_mul(1 << shift).min(self.max_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1), Duration::seconds(1));
        assert_eq!(p.delay(2), Duration::seconds(2));
        assert_eq!(p.delay(4), Duration::seconds(8));
        assert_eq!(p.delay(50), Duration::minutes(5));
        assert_eq!(RetryPolicy::IMMEDIATE.delay(3), Duration::zero());
    }
}
