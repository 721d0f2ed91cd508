//! Where events earn rewards (the points ledger, issue 4). Each hook runs inside the SQLite
//! transaction of the event that causes it, so the event and its reward commit together or not
//! at all.

use rusqlite::Transaction;
use wealth_core::calendar::BusinessTime;

use crate::error::Failure;

/// An onboarding task an investor completed: `"risk_questionnaire"` or `"card_bound"`
/// (domain.md §6: +50 points each, credited when the step completes).
#[allow(dead_code)] // called by the onboarding flow (issue 3)
pub(crate) fn on_onboarding_task(
    _tx: &Transaction<'_>,
    _investor: i64,
    _task: &str,
    _at: BusinessTime,
) -> Result<(), Failure> {
    // The points ledger (issue 4) credits the task reward here, idempotently by transfer id.
    Ok(())
}
