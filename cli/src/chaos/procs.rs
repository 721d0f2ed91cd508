//! The two child processes the chaos harness kills with SIGKILL: a server with a file database,
//! and a device placing deposits. Both are the `wealth` binary itself (hidden subcommands).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use wealth_core::calendar::BusinessTime;
use wealth_core::device::{Device, DeviceConfig, DeviceOptions, RetryPolicy};
use wealth_server::{ServerConfig, TlsMode};

/// `wealth chaos-server`: the sandbox server on plain HTTP (loopback) with the database `db`;
/// writes its URL to `ready` once listening, then serves until killed.
pub async fn server_main(db: PathBuf, ready: PathBuf, start: BusinessTime) -> Result<(), String> {
    let server = wealth_server::start(ServerConfig {
        sandbox: true,
        db_path: Some(db),
        listen: "127.0.0.1:0".parse().expect("literal address"),
        tls: TlsMode::PlainLoopback,
        start_time: Some(start),
    })
    .await
    .map_err(|e| e.to_string())?;
    let tmp = ready.with_extension("tmp");
    std::fs::write(&tmp, &server.url).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, &ready).map_err(|e| e.to_string())?;
    // Serve until killed, or until the harness goes away (its end of our stdin closes), so that
    // no server outlives a harness that crashed.
    std::thread::spawn(|| {
        let mut sink = Vec::new();
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
        std::process::exit(0);
    });
    std::future::pending::<()>().await;
    Ok(())
}

/// `wealth chaos-device`: open the device in `dir` and deposit each amount, printing
/// `start N` before and `done N` / `error N CODE` after each, flushed at once.
pub async fn device_main(dir: PathBuf, url: String, token: String, amounts: Vec<String>) -> Result<(), String> {
    let device = open_device(&dir, &url, &token).map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "ready");
    let _ = out.flush();
    for (i, amount) in amounts.iter().enumerate() {
        let _ = writeln!(out, "start {i}");
        let _ = out.flush();
        match device.deposit_with(amount, &super::investor_auth()).await {
            Ok(_) => {
                let _ = writeln!(out, "done {i}");
            }
            Err(e) => {
                let _ = writeln!(out, "error {i} {}", e.code());
            }
        }
        let _ = out.flush();
    }
    Ok(())
}

/// The device of a trial: file secret store in `dir`, resends without backoff.
pub fn open_device(dir: &Path, url: &str, token: &str) -> Result<Device, wealth_core::device::DeviceError> {
    Device::open_with(
        &DeviceConfig {
            server_url: url.to_string(),
            ca_cert_pem: None,
            data_dir: dir.to_path_buf(),
            session_token: token.to_string(),
        },
        DeviceOptions { retry: RetryPolicy::IMMEDIATE, ..DeviceOptions::default() },
    )
}

/// A server child process.
pub struct ServerProcess {
    child: Child,
    /// Its base URL.
    pub url: String,
}

impl ServerProcess {
    /// Start `wealth chaos-server` and wait for its ready file.
    pub fn spawn(exe: &Path, db: &Path, dir: &Path, start: BusinessTime) -> Result<ServerProcess, String> {
        let ready = dir.join(format!("server-{}.ready", uuid_like()));
        let child = Command::new(exe)
            .arg("chaos-server")
            .arg("--db")
            .arg(db)
            .arg("--ready-file")
            .arg(&ready)
            .arg("--start")
            .arg(start.to_rfc3339())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the server process: {e}"))?;
        let began = Instant::now();
        loop {
            if let Ok(url) = std::fs::read_to_string(&ready) {
                let _ = std::fs::remove_file(&ready);
                return Ok(ServerProcess { child, url });
            }
            if began.elapsed() > Duration::from_secs(20) {
                return Err("the server process did not start in 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Its listening address.
    pub fn addr(&self) -> std::net::SocketAddr {
        self.url.trim_start_matches("http://").parse().expect("the server's URL is host:port")
    }

    /// SIGKILL and reap.
    pub fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}
