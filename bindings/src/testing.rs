//! Test-only entry points, compiled into debug builds and the `testing` feature, never into a
//! release build: they let each language's tests prove that no panic crosses the FFI.

use crate::error;
use crate::WealthError;

/// Panics inside the core, behind the same guard as every exported method: the caller gets
/// `WealthError::Internal` (code `INTERNAL`), never a crash. Absent from release builds.
#[uniffi::export]
pub fn debug_panic(message: String) -> Result<(), WealthError> {
    error::guard(|| boom("debug_panic", &message))
}

/// The async path: the same guarantee for a panic while a future is polled.
#[uniffi::export(async_runtime = "tokio")]
pub async fn debug_panic_async(message: String) -> Result<(), WealthError> {
    error::guard_async(async move { boom("debug_panic_async", &message) }).await
}

fn boom(what: &str, message: &str) -> Result<(), WealthError> {
    panic!("{what}: {message}")
}
