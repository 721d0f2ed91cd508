//! A console refusal: the stable code (shared with the server and the bindings), a message a
//! person can act on, the server's details, and a hint naming the console command that helps.

use serde_json::{json, Value};

use wealth_core::device::DeviceError;
use wealth_core::RuleError;

/// Why a console command did nothing. Exit status 1.
#[derive(Debug, Clone)]
pub struct ConsoleError {
    /// Stable code (`INVALID_AMOUNT`, `OFFLINE`, `NOT_SANDBOX`, ...).
    pub code: String,
    /// What went wrong and what to do.
    pub message: String,
    /// The server's details (remaining quota, plan, ...), as JSON.
    pub details: Value,
    /// A console command that helps, if any.
    pub hint: Option<String>,
}

impl ConsoleError {
    /// A refusal with a code and a message.
    pub fn new(code: &str, message: impl Into<String>) -> ConsoleError {
        ConsoleError { code: code.into(), message: message.into(), details: json!({}), hint: None }
    }

    /// Add a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> ConsoleError {
        self.hint = Some(hint.into());
        self
    }

    /// Print it: `{"error": {...}}` on stdout with `--json`, else `error CODE: message` on stderr.
    pub fn print(&self, json: bool) {
        if json {
            let body = json!({"error": {
                "code": self.code, "message": self.message, "details": self.details, "hint": self.hint,
            }});
            println!("{}", serde_json::to_string_pretty(&body).expect("JSON values serialise"));
        } else {
            eprintln!("error {}: {}", self.code, self.message);
            if let Some(h) = &self.hint {
                eprintln!("  hint: {h}");
            }
        }
    }
}

impl From<RuleError> for ConsoleError {
    fn from(e: RuleError) -> Self {
        ConsoleError::new(e.code(), e.to_string())
    }
}

impl From<DeviceError> for ConsoleError {
    fn from(e: DeviceError) -> Self {
        let code = e.code();
        let details = e.api_error().map(|a| serde_json::to_value(&a.details).unwrap_or_default()).unwrap_or(json!({}));
        let err = ConsoleError { code: code.clone(), message: e.to_string(), details, hint: None };
        match code.as_str() {
            "OFFLINE" => err.hint("`wealth online` to reconnect"),
            "PER_10K_MISSING" => {
                err.hint("publish it first, e.g. `wealth per10k publish --from YYYY-MM-DD --to YYYY-MM-DD 0.6500`")
            }
            "INSTANT_QUOTA_EXCEEDED" => err.hint("`--split` withdraws instantly up to the quota and the rest normally"),
            "CLOCK_BACKWARDS" => {
                err.hint("the sandbox clock only moves forward; `wealth reset --start TIME` starts over")
            }
            "UNKNOWN_ORDER" => err.hint("`wealth orders` lists the account's order ids"),
            "NETWORK" => err.hint("is the server running? check --server and --ca"),
            _ => err,
        }
    }
}

/// An admin call on a server without the sandbox's admin API.
pub fn admin_error(e: DeviceError) -> ConsoleError {
    match &e {
        DeviceError::Api { status: 404, error } if error.code == "NOT_FOUND" => ConsoleError::new(
            "NOT_SANDBOX",
            "this server has no sandbox admin API: the clock, 万份收益 and test investors exist only on a sandbox",
        )
        .hint("start wealth-server with --sandbox, or drop --server to use the embedded sandbox"),
        _ => e.into(),
    }
}
