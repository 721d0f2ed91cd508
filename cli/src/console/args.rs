//! The console's command line (clap). Malformed arguments (a bad duration, date, time or month)
//! are usage errors: clap prints the usage and exits 2. Values a rule decides on (amounts,
//! 万份收益) are checked by the core and refused with their stable code (exit 1).

use chrono::{Duration, NaiveDate};
use clap::{Args, Subcommand};
use std::path::PathBuf;

use wealth_core::calendar::BusinessTime;

/// Options every console command shares.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Where the console keeps the embedded sandbox's books and clock, the device replica and
    /// the session (default: the user's data folder, e.g. ~/.local/share/wealth).
    #[arg(long, global = true, value_name = "DIR", env = "WEALTH_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Talk to this server (e.g. https://127.0.0.1:8443) instead of the embedded sandbox.
    #[arg(long, global = true, value_name = "URL")]
    pub server: Option<String>,
    /// Trust this CA certificate (PEM) for --server, e.g. the `ca_cert_pem` of wealth-server's
    /// ready file.
    #[arg(long, global = true, value_name = "FILE", requires = "server")]
    pub ca: Option<PathBuf>,
    /// The trading PIN that confirms deposits and withdrawals (the sandbox's QA investors use
    /// 135790; never stored by the console).
    #[arg(
        long,
        global = true,
        value_name = "PIN",
        env = "WEALTH_PIN",
        default_value = "135790",
        hide_default_value = true
    )]
    pub pin: String,
}

/// `--json`, on every console command.
#[derive(Debug, Clone, Copy, Args)]
pub struct JsonFlag {
    /// Print one JSON document (shapes in docs/console.md) instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// The console's screens and QA controls.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// The home screen: units, pending, yesterday's income, 7-day yield, instant quota left
    /// (syncs first unless offline).
    Home(JsonFlag),
    /// Deposit (转入) AMOUNT yuan from the bound card, e.g. `wealth deposit 1000.00`.
    Deposit {
        /// Amount in yuan, at most two decimal places.
        #[arg(allow_hyphen_values = true)]
        amount: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Withdraw AMOUNT yuan: shows the instant/normal plan; --instant, --normal or --split
    /// places the order(s).
    Withdraw {
        /// Amount in yuan, at most two decimal places.
        #[arg(allow_hyphen_values = true)]
        amount: String,
        /// Instantly (T+0), within today's instant quota.
        #[arg(long, group = "mode")]
        instant: bool,
        /// Normally: cash on the next trading day (T+1).
        #[arg(long, group = "mode")]
        normal: bool,
        /// As the plan says: instantly up to the quota, the rest normally.
        #[arg(long, group = "mode")]
        split: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Cancel a pending order before its 15:00 cut-off.
    Cancel {
        /// The order's id (see `wealth orders`).
        order_id: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Every order of the account, oldest first (syncs first unless offline).
    Orders(JsonFlag),
    /// The monthly statement; --csv and --html write it to files (the HTML page prints on A4).
    Statement {
        /// The month, YYYY-MM.
        #[arg(value_parser = parse_month)]
        month: String,
        /// Write the transactions and daily income as CSV to FILE.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Write a printable HTML page to FILE.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Points (积分): balance and the lots expiring soonest (syncs first unless offline).
    Points(JsonFlag),
    /// Turn points into a cashback coupon (返现券) worth VALUE yuan (5, 10 or 20).
    Redeem {
        /// The coupon's value in yuan.
        value: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// The coupon wallet.
    Coupons(JsonFlag),
    /// Send waiting intents and fetch what changed since the last sync.
    Sync(JsonFlag),
    /// Act as if the network were gone: figures come from the replica, money movements are
    /// refused with OFFLINE.
    Offline(JsonFlag),
    /// Back online.
    Online(JsonFlag),
    /// The sandbox clock (QA): show, advance or set it; the 00:00 batches run on the way.
    Clock {
        #[command(subcommand)]
        command: ClockCommand,
    },
    /// Publish 万份收益 (income per 10,000 units) on the sandbox (QA).
    #[command(name = "per10k")]
    Per10k {
        #[command(subcommand)]
        command: Per10kCommand,
    },
    /// Delete the console's data (embedded sandbox books, replicas, sessions) in --data-dir.
    Reset {
        /// Start the new embedded sandbox's clock at TIME (RFC 3339) instead of now.
        #[arg(long, value_name = "TIME", value_parser = parse_time)]
        start: Option<BusinessTime>,
        #[command(flatten)]
        out: JsonFlag,
    },
}

/// `wealth clock ...`
#[derive(Debug, Clone, Subcommand)]
pub enum ClockCommand {
    /// The sandbox's time now.
    Show(JsonFlag),
    /// Move the clock forward by a duration: 3d, 4h, 30m or combined (1d4h30m).
    Advance {
        /// How far: a number followed by d, h or m, repeated (e.g. 3d, 1d12h).
        #[arg(value_parser = parse_duration)]
        by: Duration,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Move the clock forward to TIME (RFC 3339, e.g. 2026-11-19T14:30:00+08:00).
    Set {
        /// The new time; it must not be before the current one.
        #[arg(value_parser = parse_time)]
        time: BusinessTime,
        #[command(flatten)]
        out: JsonFlag,
    },
}

/// `wealth per10k ...`
#[derive(Debug, Clone, Subcommand)]
pub enum Per10kCommand {
    /// Publish VALUE for every natural day from --from to --to (inclusive).
    Publish {
        /// First day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        from: NaiveDate,
        /// Last day (YYYY-MM-DD); default --from.
        #[arg(long, value_parser = parse_day)]
        to: Option<NaiveDate>,
        /// 万份收益 in yuan per 10,000 units, e.g. 0.6500 (negative allowed).
        #[arg(allow_hyphen_values = true)]
        value: String,
        #[command(flatten)]
        out: JsonFlag,
    },
}

impl Command {
    /// Whether the command prints JSON.
    pub fn json(&self) -> bool {
        match self {
            Command::Home(o)
            | Command::Orders(o)
            | Command::Sync(o)
            | Command::Offline(o)
            | Command::Online(o)
            | Command::Points(o)
            | Command::Coupons(o) => o.json,
            Command::Deposit { out, .. }
            | Command::Withdraw { out, .. }
            | Command::Cancel { out, .. }
            | Command::Redeem { out, .. }
            | Command::Statement { out, .. }
            | Command::Reset { out, .. } => out.json,
            Command::Clock { command } => match command {
                ClockCommand::Show(o) => o.json,
                ClockCommand::Advance { out, .. } | ClockCommand::Set { out, .. } => out.json,
            },
            Command::Per10k { command: Per10kCommand::Publish { out, .. } } => out.json,
        }
    }
}

/// "3d", "4h", "30m", "1d12h": a positive duration in days, hours and minutes.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let bad = || format!("{s:?} is not a duration; use a number and d, h or m, e.g. 3d, 4h, 30m or 1d12h");
    let mut total = Duration::zero();
    let mut digits = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().map_err(|_| bad())?;
        if n > 100_000 {
            return Err(bad());
        }
        digits.clear();
        total += match c {
            'd' => Duration::days(n),
            'h' => Duration::hours(n),
            'm' => Duration::minutes(n),
            _ => return Err(bad()),
        };
    }
    if !digits.is_empty() || total <= Duration::zero() {
        return Err(bad());
    }
    Ok(total)
}

/// An RFC 3339 time with its offset.
pub fn parse_time(s: &str) -> Result<BusinessTime, String> {
    chrono::DateTime::parse_from_rfc3339(s.trim())
        .map_err(|e| format!("{s:?} is not a time ({e}); use e.g. 2026-11-19T14:30:00+08:00"))
}

/// A calendar day, YYYY-MM-DD.
pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("{s:?} is not a day; use YYYY-MM-DD"))
}

/// A month, YYYY-MM.
pub fn parse_month(s: &str) -> Result<String, String> {
    wealth_core::statement::month_bounds(s.trim())
        .map(|_| s.trim().to_string())
        .map_err(|_| format!("{s:?} is not a month; use YYYY-MM, e.g. 2026-11"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("3d").unwrap(), Duration::days(3));
        assert_eq!(parse_duration("1d12h30m").unwrap(), Duration::minutes(24 * 60 + 12 * 60 + 30));
        for bad in ["", "3", "d", "3x", "-3d", "0m", "3d4", "1.5h"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn months() {
        assert_eq!(parse_month("2026-11").unwrap(), "2026-11");
        assert!(parse_month("2026-13").is_err());
        assert!(parse_month("11-2026").is_err());
    }
}
