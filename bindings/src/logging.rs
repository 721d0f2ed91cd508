//! Log forwarding to the shells (os_log, Logcat, stdout) through a callback, with personal data
//! masked by `wealth_core::redact` before any line leaves the core.

use std::sync::{Arc, RwLock};

/// Severity of a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, uniffi::Enum)]
pub enum LogLevel {
    /// Something failed.
    Error,
    /// A refusal or a retry.
    Warn,
    /// An operation done.
    Info,
    /// Detail for developers.
    Debug,
}

/// One log line, already redacted.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LogRecord {
    /// Severity.
    pub level: LogLevel,
    /// Where it comes from, e.g. `wealth::ops`.
    pub target: String,
    /// The message, with phone, ID and card numbers and secrets masked.
    pub message: String,
}

/// Receives the core's log lines. Implemented by the shells; called on core threads.
#[uniffi::export(with_foreign)]
pub trait LogSink: Send + Sync {
    /// One line.
    fn log(&self, record: LogRecord);
}

struct Installed {
    sink: Arc<dyn LogSink>,
    max_level: LogLevel,
}

static SINK: RwLock<Option<Installed>> = RwLock::new(None);

/// Install (or with `None` remove) the process-wide log sink; lines above `max_level` are dropped.
#[uniffi::export]
pub fn set_log_sink(sink: Option<Arc<dyn LogSink>>, max_level: LogLevel) {
    *SINK.write().unwrap_or_else(|p| p.into_inner()) = sink.map(|sink| Installed { sink, max_level });
}

/// Forward one line, redacted, if a sink wants this level. A failing sink is ignored.
pub(crate) fn emit(level: LogLevel, target: &str, message: &str) {
    let sink = {
        let guard = SINK.read().unwrap_or_else(|p| p.into_inner());
        match guard.as_ref() {
            Some(i) if level <= i.max_level => i.sink.clone(),
            _ => return,
        }
    };
    let record = LogRecord { level, target: target.to_string(), message: wealth_core::redact::redact(message) };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sink.log(record)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Collect(Mutex<Vec<LogRecord>>);
    impl LogSink for Collect {
        fn log(&self, record: LogRecord) {
            self.0.lock().unwrap().push(record);
        }
    }

    #[test]
    fn lines_reach_the_sink_redacted_and_filtered_by_level() {
        let sink = Arc::new(Collect::default());
        set_log_sink(Some(sink.clone()), LogLevel::Info);
        emit(LogLevel::Info, "t", "bound card 6222021234567890 for 13812345678, token=abc");
        emit(LogLevel::Debug, "t", "dropped");
        set_log_sink(None, LogLevel::Debug);
        emit(LogLevel::Error, "t", "after removal");
        let got = sink.0.lock().unwrap().clone();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].message, "bound card ************7890 for 138****5678, token=***");
        assert_eq!(got[0].level, LogLevel::Info);
    }
}
