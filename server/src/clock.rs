//! The server's clock: the real one (Asia/Shanghai), or the sandbox's, which stands still
//! between `POST /admin/clock` moves and is stored in the database.

use chrono::Utc;
use wealth_core::calendar::{to_shanghai, BusinessTime};

/// Where "now" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clock {
    /// The machine's clock, in Shanghai time.
    Real,
    /// A simulated instant, moved only forward by the admin route (batches run on the way).
    Sandbox(BusinessTime),
}

impl Clock {
    /// Now, in business time.
    pub(crate) fn now(&self) -> BusinessTime {
        match self {
            Clock::Real => to_shanghai(Utc::now()),
            Clock::Sandbox(t) => *t,
        }
    }
}
