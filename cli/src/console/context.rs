//! Where a console command runs: the data directory, the server (the embedded sandbox, started
//! for the command on its SQLite file in the data directory, or `--server URL`), the sandbox
//! admin client, and the investor's device.
//!
//! Layout of the data directory:
//! ```text
//! DATA/sandbox/books.sqlite3        the embedded sandbox's books and clock
//! DATA/embedded/                    the device for the embedded sandbox
//!     replica.sqlite3               the device replica (orders, income, 万份收益, outbox)
//!     session.json                  {"account_id", "token"} (mode 0600; QA sandbox tokens only)
//!     offline                       present while `wealth offline` is in force
//! DATA/servers/HOST_PORT/           the same, for each --server
//! ```

use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use wealth_core::api::CreateInvestor;
use wealth_core::calendar::BusinessTime;
use wealth_core::device::{Device, DeviceConfig, SandboxAdminClient};
use wealth_server::{RunningServer, ServerConfig, TlsMode};

use super::args::GlobalArgs;
use super::error::{admin_error, ConsoleError};

/// The entries of the data directory the console owns (and `reset` removes).
pub const OWNED_ENTRIES: &[&str] = &["sandbox", "embedded", "servers"];

/// The data directory: `--data-dir`, else the user's data folder + `wealth`.
pub fn data_dir(g: &GlobalArgs) -> Result<PathBuf, ConsoleError> {
    match &g.data_dir {
        Some(d) => Ok(d.clone()),
        None => dirs::data_dir().map(|d| d.join("wealth")).ok_or_else(|| {
            ConsoleError::new("CONFIG", "this system has no user data folder").hint("pass --data-dir DIR")
        }),
    }
}

/// The folder of the device for the chosen server.
pub fn profile_dir(g: &GlobalArgs) -> Result<PathBuf, ConsoleError> {
    let data = data_dir(g)?;
    Ok(match &g.server {
        None => data.join("embedded"),
        Some(url) => {
            let name: String = url
                .trim_end_matches('/')
                .split("://")
                .last()
                .unwrap_or(url)
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
                .collect();
            data.join("servers").join(name)
        }
    })
}

/// Whether `wealth offline` is in force for the chosen server.
pub fn is_offline(g: &GlobalArgs) -> Result<bool, ConsoleError> {
    Ok(profile_dir(g)?.join("offline").exists())
}

/// Set or clear the offline marker.
pub fn set_offline(g: &GlobalArgs, offline: bool) -> Result<(), ConsoleError> {
    let dir = profile_dir(g)?;
    let marker = dir.join("offline");
    let io = |e: std::io::Error| ConsoleError::new("STORAGE", format!("{}: {e}", marker.display()));
    if offline {
        std::fs::create_dir_all(&dir).map_err(io)?;
        std::fs::write(&marker, b"offline\n").map_err(io)?;
    } else if marker.exists() {
        std::fs::remove_file(&marker).map_err(io)?;
    }
    Ok(())
}

#[derive(Serialize, Deserialize)]
struct Session {
    account_id: String,
    token: String,
}

/// A connection to the server for one command.
pub struct Context {
    url: String,
    ca_pem: Option<String>,
    embedded: Option<RunningServer>,
    profile: PathBuf,
    offline: bool,
    /// The sandbox admin API (clock, 万份收益, investors).
    pub admin: SandboxAdminClient,
}

fn storage(path: &Path, e: impl std::fmt::Display) -> ConsoleError {
    ConsoleError::new("STORAGE", format!("{}: {e}", path.display()))
}

impl Context {
    /// Start the embedded sandbox on the data directory's books (clock at `start` when the books
    /// are new, else the stored clock), or prepare the clients for `--server`.
    pub async fn open(g: &GlobalArgs, start: Option<BusinessTime>) -> Result<Context, ConsoleError> {
        let profile = profile_dir(g)?;
        let offline = is_offline(g)?;
        let (url, ca_pem, embedded) = match &g.server {
            None => {
                let dir = data_dir(g)?.join("sandbox");
                std::fs::create_dir_all(&dir).map_err(|e| storage(&dir, e))?;
                let server = wealth_server::start(ServerConfig {
                    sandbox: true,
                    db_path: Some(dir.join("books.sqlite3")),
                    listen: SocketAddr::from(([127, 0, 0, 1], 0)),
                    tls: TlsMode::Generated,
                    start_time: start,
                })
                .await
                .map_err(|e| ConsoleError::new("CONFIG", format!("cannot start the embedded sandbox: {e}")))?;
                (server.url.clone(), server.ca_cert_pem.clone(), Some(server))
            }
            Some(url) => {
                let ca = match &g.ca {
                    Some(f) => Some(std::fs::read_to_string(f).map_err(|e| {
                        ConsoleError::new("CONFIG", format!("cannot read the CA certificate {}: {e}", f.display()))
                    })?),
                    None => None,
                };
                (url.clone(), ca, None)
            }
        };
        let admin = SandboxAdminClient::new(&url, ca_pem.as_deref())?;
        Ok(Context { url, ca_pem, embedded, profile, offline, admin })
    }

    /// The investor's device: the session in the data directory, or a new sandbox investor made
    /// through the admin API on first use (onboarding, issue 3, will replace this).
    pub async fn device(&self) -> Result<Device, ConsoleError> {
        let path = self.profile.join("session.json");
        let session = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice::<Session>(&bytes)
                .map_err(|e| storage(&path, format!("{e}")).hint("`wealth reset` starts over with a new account"))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if self.offline {
                    return Err(ConsoleError::new("OFFLINE", "there is no account here yet, and you are offline")
                        .hint("`wealth online`"));
                }
                let created = self
                    .admin
                    .create_investor(&CreateInvestor {
                        name: "QA Investor".into(),
                        card_last4: "0042".into(),
                        ..Default::default()
                    })
                    .await
                    .map_err(admin_error)?;
                let s = Session { account_id: created.account_id, token: created.token };
                write_private(&path, &serde_json::to_vec_pretty(&s).expect("session serialises"))?;
                s
            }
            Err(e) => return Err(storage(&path, e)),
        };
        let device = Device::open(&DeviceConfig {
            server_url: self.url.clone(),
            ca_cert_pem: self.ca_pem.clone(),
            data_dir: self.profile.clone(),
            session_token: session.token,
        })?;
        device.set_offline(self.offline);
        Ok(device)
    }

    /// Whether `wealth offline` is in force.
    pub fn offline(&self) -> bool {
        self.offline
    }

    /// Stop the embedded sandbox (its books and clock stay in the data directory).
    pub async fn close(self) {
        if let Some(s) = self.embedded {
            s.shutdown().await;
        }
    }
}

/// Write `bytes` to `path` readable by the user only, atomically (temp file + rename).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), ConsoleError> {
    let dir = path.parent().expect("a file in a folder");
    std::fs::create_dir_all(dir).map_err(|e| storage(dir, e))?;
    let tmp = path.with_extension("tmp");
    {
        use std::io::Write;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp).map_err(|e| storage(&tmp, e))?;
        f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| storage(&tmp, e))?;
    }
    std::fs::rename(&tmp, path).map_err(|e| storage(path, e))
}
