//! A fault proxy on 127.0.0.1 between the device and the server, at the HTTP level (plain HTTP
//! on loopback, so that it can see requests): each request is passed, delayed, dropped before
//! or after the server commits, answered 5xx before or after the server commits, truncated, or
//! sent to the server twice.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy does to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward and answer.
    Pass,
    /// Wait a little, then pass.
    Delay,
    /// Close the connection without forwarding (the server never sees it).
    DropBeforeServer,
    /// Forward (the server commits), then close without answering.
    DropAfterServer,
    /// Answer 503 without forwarding.
    Error5xxBeforeServer,
    /// Forward (the server commits), then answer 502.
    Error5xxAfterServer,
    /// Forward, then send half of the answer and close.
    Truncate,
    /// Forward twice (the second on a new connection), answer the second.
    Duplicate,
}

/// Counts of faults injected.
#[derive(Debug, Default)]
pub struct FaultCounts {
    /// Requests seen.
    pub requests: AtomicU64,
    /// Requests that got a fault other than `Pass`.
    pub faulted: AtomicU64,
}

/// The proxy's shared state.
pub struct Proxy {
    /// Where the device connects.
    pub addr: std::net::SocketAddr,
    upstream: Arc<Mutex<std::net::SocketAddr>>,
    faults_on: Arc<AtomicBool>,
    /// Counts.
    pub counts: Arc<FaultCounts>,
}

impl Proxy {
    /// Listen on 127.0.0.1 and forward to `upstream`.
    pub async fn start(upstream: std::net::SocketAddr, seed: u64) -> std::io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let upstream = Arc::new(Mutex::new(upstream));
        let faults_on = Arc::new(AtomicBool::new(false));
        let counts = Arc::new(FaultCounts::default());
        let rng = Arc::new(Mutex::new(StdRng::seed_from_u64(seed ^ 0x5eed_f00d)));
        let (u, f, c) = (upstream.clone(), faults_on.clone(), counts.clone());
        tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                let (u, f, c, rng) = (u.clone(), f.clone(), c.clone(), rng.clone());
                tokio::spawn(async move {
                    let _ = serve(conn, u, f, c, rng).await;
                });
            }
        });
        Ok(Proxy { addr, upstream, faults_on, counts })
    }

    /// Point at a restarted server.
    pub fn set_upstream(&self, addr: std::net::SocketAddr) {
        *self.upstream.lock().unwrap_or_else(|p| p.into_inner()) = addr;
    }

    /// Inject faults (true) or pass everything (false).
    pub fn set_faults(&self, on: bool) {
        self.faults_on.store(on, Ordering::SeqCst);
    }
}

fn pick(rng: &Mutex<StdRng>) -> Fault {
    let mut r = rng.lock().unwrap_or_else(|p| p.into_inner());
    match r.random_range(0..100) {
        0..40 => Fault::Pass,
        40..50 => Fault::Delay,
        50..58 => Fault::DropBeforeServer,
        58..70 => Fault::DropAfterServer,
        70..76 => Fault::Error5xxBeforeServer,
        76..84 => Fault::Error5xxAfterServer,
        84..92 => Fault::Truncate,
        _ => Fault::Duplicate,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Read one HTTP/1.1 request (headers and a Content-Length body) from the device.
async fn read_request(conn: &mut TcpStream) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let n = conn.read(&mut chunk).await?;
                if n == 0 {
                    return Ok(None);
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            buf.truncate(end + 4 + len);
            return Ok(Some(buf));
        }
        let n = conn.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Send `request` to the server on a fresh connection with `Connection: close`; the whole answer.
async fn forward(upstream: std::net::SocketAddr, request: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut up = TcpStream::connect(upstream).await?;
    let line_end = find(request, b"\r\n").unwrap_or(0);
    let mut req = request[..line_end + 2].to_vec();
    req.extend_from_slice(b"Connection: close\r\n");
    req.extend_from_slice(&request[line_end + 2..]);
    up.write_all(&req).await?;
    let mut resp = Vec::new();
    up.read_to_end(&mut resp).await?;
    Ok(resp)
}

/// Answer the response with `Connection: close` so the device opens a new connection next time.
fn closing(resp: Vec<u8>) -> Vec<u8> {
    match find(&resp, b"\r\n") {
        Some(i) => {
            let mut out = resp[..i + 2].to_vec();
            out.extend_from_slice(b"Connection: close\r\n");
            out.extend_from_slice(&resp[i + 2..]);
            out
        }
        None => resp,
    }
}

fn error_503() -> Vec<u8> {
    let body = r#"{"code":"UNAVAILABLE","message":"injected by the proxy"}"#;
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

async fn serve(
    mut conn: TcpStream,
    upstream: Arc<Mutex<std::net::SocketAddr>>,
    faults_on: Arc<AtomicBool>,
    counts: Arc<FaultCounts>,
    rng: Arc<Mutex<StdRng>>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut conn).await? else { return Ok(()) };
    counts.requests.fetch_add(1, Ordering::Relaxed);
    let fault = if faults_on.load(Ordering::SeqCst) { pick(&rng) } else { Fault::Pass };
    if fault != Fault::Pass {
        counts.faulted.fetch_add(1, Ordering::Relaxed);
    }
    let up = *upstream.lock().unwrap_or_else(|p| p.into_inner());
    match fault {
        Fault::DropBeforeServer => return Ok(()),
        Fault::Error5xxBeforeServer => return conn.write_all(&error_503()).await,
        Fault::Delay => {
            let ms = rng.lock().unwrap_or_else(|p| p.into_inner()).random_range(1..20);
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        _ => {}
    }
    let mut resp = forward(up, &request).await?;
    match fault {
        Fault::DropAfterServer => Ok(()),
        Fault::Error5xxAfterServer => conn.write_all(&error_503()).await,
        Fault::Truncate => {
            let half = resp.len() / 2;
            conn.write_all(&resp[..half]).await
        }
        Fault::Duplicate => {
            resp = forward(up, &request).await?;
            conn.write_all(&closing(resp)).await
        }
        _ => conn.write_all(&closing(resp)).await,
    }
}
