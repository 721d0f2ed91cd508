//! wealth-server: the reference backend of the cash app, acting as fund company and transfer
//! agent. Every business rule is `wealth-core`'s; this crate stores records (SQLite), runs the
//! 00:00 batches and serves the JSON contract of `wealth_core::api` over HTTPS (`API.md`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), wealth_server::ServerError> {
//! let server = wealth_server::start(wealth_server::ServerConfig::sandbox_default()).await?;
//! println!("{} trusts {:?}", server.url, server.ca_cert_pem.is_some());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

mod batch;
mod clock;
mod db;
pub mod error;
mod onboarding;
pub(crate) mod points_db;
mod rewards;
mod routes;
mod serve;
pub mod service;
mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;
use wealth_core::calendar::BusinessTime;

pub use error::{Failure, ServerError};
pub use service::{Audit, InvestorAudit, InvestorId, Service};

/// How the server is started.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Simulated clock and `/admin` routes (never in production).
    pub sandbox: bool,
    /// SQLite file; `None` keeps everything in memory.
    pub db_path: Option<PathBuf>,
    /// Where to listen (port 0 picks a free one).
    pub listen: SocketAddr,
    /// TLS certificate source, or plain HTTP on loopback.
    pub tls: TlsMode,
    /// Sandbox clock start; default the real time now (ignored without the sandbox, and when the
    /// database already has a sandbox clock).
    pub start_time: Option<BusinessTime>,
}

impl ServerConfig {
    /// In-memory sandbox on `127.0.0.1:0` with a generated CA, clock at the real time now.
    pub fn sandbox_default() -> ServerConfig {
        ServerConfig {
            sandbox: true,
            db_path: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            tls: TlsMode::Generated,
            start_time: None,
        }
    }
}

/// Where the server's certificate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsMode {
    /// A fresh CA and a leaf for 127.0.0.1/localhost, made at start (CA in `ca_cert_pem`).
    Generated,
    /// A certificate chain and a private key in PEM files.
    Files {
        /// Leaf first, then intermediates.
        cert_pem: PathBuf,
        /// PKCS#8, PKCS#1 or SEC1 key.
        key_pem: PathBuf,
    },
    /// Plain HTTP: only allowed when `listen` is a loopback address.
    PlainLoopback,
}

/// A server that is listening.
pub struct RunningServer {
    /// Base URL, e.g. `https://127.0.0.1:PORT` (`http://` for `PlainLoopback`).
    pub url: String,
    /// The generated CA to trust (PEM), for `TlsMode::Generated`.
    pub ca_cert_pem: Option<String>,
    /// The books, in-process (tests, the CLI's embedded mode).
    pub service: Arc<Service>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningServer {
    /// Stop accepting, let open requests finish (up to 5 s), stop the batch timer.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

/// Start the server inside the current tokio runtime and return once it is listening.
pub async fn start(config: ServerConfig) -> Result<RunningServer, ServerError> {
    let plain = config.tls == TlsMode::PlainLoopback;
    if plain && !config.listen.ip().is_loopback() {
        return Err(ServerError::Config(format!(
            "plain HTTP is only allowed on a loopback address, not {}",
            config.listen
        )));
    }
    let tls = match &config.tls {
        TlsMode::Generated => Some(tls::generate()?),
        TlsMode::Files { cert_pem, key_pem } => Some(tls::from_files(cert_pem, key_pem)?),
        TlsMode::PlainLoopback => None,
    };
    let ca_cert_pem = tls.as_ref().and_then(|id| id.ca_pem.clone());
    let tls_config = tls.map(tls::server_config).transpose()?;

    let db_path = config.db_path.clone();
    let (sandbox, start_time) = (config.sandbox, config.start_time);
    let service = tokio::task::spawn_blocking(move || Service::open(db_path.as_deref(), sandbox, start_time))
        .await
        .map_err(|e| ServerError::Config(format!("opening the books failed: {e}")))??;
    let service = Arc::new(service);

    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let local = listener.local_addr()?;
    let host = match local.ip() {
        ip if ip.is_unspecified() && local.is_ipv6() => "[::1]".to_string(),
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        std::net::IpAddr::V4(ip) => ip.to_string(),
    };
    let scheme = if plain { "http" } else { "https" };
    let url = format!("{scheme}://{host}:{}", local.port());

    let (stop, stop_rx) = watch::channel(false);
    let router = routes::router(service.clone());
    let mut tasks = vec![tokio::spawn(serve::accept_loop(listener, tls_config, router, stop_rx.clone()))];
    if !sandbox {
        tasks.push(tokio::spawn(batch_timer(service.clone(), stop_rx)));
    }
    tracing::info!(%url, sandbox, "listening");
    Ok(RunningServer { url, ca_cert_pem, service, stop, tasks })
}

/// Real clock: run the due 00:00 batches at start and then every minute.
async fn batch_timer(service: Arc<Service>, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = serve::stopped(&mut stop) => return,
        }
        let svc = service.clone();
        match tokio::task::spawn_blocking(move || svc.run_due_batches()).await {
            Ok(Ok(days)) if !days.is_empty() => tracing::info!(?days, "batches ran"),
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(code = e.code(), "a due batch could not run; retrying in a minute"),
            Err(_) => tracing::error!("the batch task panicked"),
        }
    }
}
