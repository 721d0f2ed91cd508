//! The server's logs (tracing, as operators see them) carry no name, card, amount or token.
//! Alone in its file: it installs the process-wide log subscriber.

use std::io::Write;
use std::sync::{Arc, Mutex};

use wealth_core::api::CreateInvestor;
use wealth_core::device::{Device, DeviceConfig, MovementAuth, SandboxAdminClient};
use wealth_server::ServerConfig;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_journey_leaves_no_pii_in_the_logs() {
    let buf = Buffer::default();
    let writer = buf.clone();
    tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).init();
    let server = wealth_server::start(ServerConfig::sandbox_default()).await.unwrap();
    let admin = SandboxAdminClient::new(&server.url, server.ca_cert_pem.as_deref()).unwrap();
    let created = admin
        .create_investor(&CreateInvestor {
            name: "王小明PII".into(), card_last4: "9876".into(), ..Default::default()
        })
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let device = Device::open(&DeviceConfig {
        server_url: server.url.clone(),
        ca_cert_pem: server.ca_cert_pem.clone(),
        data_dir: dir.path().to_path_buf(),
        session_token: created.token.clone(),
    })
    .unwrap();
    device.sync().await.unwrap();
    device.deposit_with("31415.92", &MovementAuth { biometric: true, ..MovementAuth::pin("135790") }).await.unwrap();
    let _ = device.deposit("27182.818").await;
    let _ = device.cancel("no-such-order").await;
    device.sync().await.unwrap();
    server.shutdown().await;
    let logs = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("request"), "the logs were captured: {logs}");
    for needle in ["王小明", "9876", "31415", "27182", created.token.as_str()] {
        assert!(!logs.contains(needle), "{needle} in the logs:\n{logs}");
    }
}
