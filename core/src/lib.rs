//! wealth-core: the rules of the cash-management account (money, calendar, orders, income,
//! yield, quota, statement), the HTTP contract, and the device side (replica store, sync, API
//! client, view models). No FFI types: `wealth-ffi` wraps this crate.
//!
//! Every rule is a pure function over explicit time; the core never reads the device clock for a
//! business rule.

pub mod api;
pub mod calendar;
pub mod display;
pub mod error;
pub mod home;
pub mod income;
pub mod money;
pub mod onboarding;
pub mod order;
pub mod points;
pub mod redact;
pub mod settings;
pub mod statement;

#[cfg(feature = "device")]
pub mod device;

pub use error::RuleError;
pub use money::{Currency, Money, Per10k, Units};
