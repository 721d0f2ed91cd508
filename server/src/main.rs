//! `wealth-server`: run the reference server until SIGTERM or Ctrl-C.
//!
//! ```text
//! wealth-server --sandbox --listen 127.0.0.1:0 --ready-file build/server.json \
//!     [--db PATH] [--plain-http] [--cert F --key F] [--start 2026-11-16T09:00:00+08:00]
//! ```
//! Once listening it writes the ready file `{"url": "...", "ca_cert_pem": "..."}` atomically.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use wealth_core::calendar::BusinessTime;
use wealth_server::{ServerConfig, TlsMode};

#[derive(Debug, Parser)]
#[command(name = "wealth-server", version, about = "Reference server of the cash app")]
struct Args {
    /// Simulated clock and /admin routes (never in production).
    #[arg(long)]
    sandbox: bool,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8443")]
    listen: SocketAddr,
    /// Write {"url", "ca_cert_pem"} here once listening.
    #[arg(long)]
    ready_file: Option<PathBuf>,
    /// SQLite database file (default: in memory).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Plain HTTP (loopback addresses only).
    #[arg(long, conflicts_with_all = ["cert", "key"])]
    plain_http: bool,
    /// Certificate chain (PEM) instead of a generated CA.
    #[arg(long, requires = "key")]
    cert: Option<PathBuf>,
    /// Private key (PEM) of --cert.
    #[arg(long, requires = "cert")]
    key: Option<PathBuf>,
    /// Sandbox clock start (RFC 3339), default now.
    #[arg(long, requires = "sandbox", value_parser = parse_time)]
    start: Option<BusinessTime>,
}

fn parse_time(s: &str) -> Result<BusinessTime, String> {
    chrono::DateTime::parse_from_rfc3339(s).map_err(|e| format!("{e} (use e.g. 2026-11-16T09:00:00+08:00)"))
}

fn write_ready(path: &Path, url: &str, ca: Option<&str>) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let body = serde_json::json!({ "url": url, "ca_cert_pem": ca });
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, serde_json::to_vec_pretty(&body)?)?;
    std::fs::rename(&tmp, path)
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_target(false).init();
    let args = Args::parse();
    let tls = match (args.plain_http, args.cert, args.key) {
        (true, _, _) => TlsMode::PlainLoopback,
        (false, Some(cert_pem), Some(key_pem)) => TlsMode::Files { cert_pem, key_pem },
        _ => TlsMode::Generated,
    };
    let config =
        ServerConfig { sandbox: args.sandbox, db_path: args.db, listen: args.listen, tls, start_time: args.start };
    let server = match wealth_server::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("wealth-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(path) = &args.ready_file {
        if let Err(e) = write_ready(path, &server.url, server.ca_cert_pem.as_deref()) {
            eprintln!("wealth-server: cannot write {}: {e}", path.display());
            server.shutdown().await;
            return ExitCode::FAILURE;
        }
    }
    eprintln!("wealth-server: listening on {}", server.url);
    stop_signal().await;
    server.shutdown().await;
    ExitCode::SUCCESS
}
