//! The offline side of the surface: the platform secret store (Keychain / Keystore) and sync
//! progress as callback interfaces, drafts, and sync cancellation.

use std::sync::Arc;

use wealth_core::device::{Draft, SecretStore, SyncCancel, SyncObserver, SyncStep};

/// A failure of the platform's secret store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum SecretStoreError {
    /// The platform refused or failed (locked keychain, keystore error).
    #[error("{detail}")]
    Failed { detail: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for SecretStoreError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        SecretStoreError::Failed { detail: e.reason }
    }
}

/// Named secrets kept by the platform (iOS Keychain, Android Keystore-wrapped storage). The
/// core keeps the replica's 32-byte key (`replica-key`) and the session token
/// (`session-token`) here, never in SQLite.
#[uniffi::export(with_foreign)]
pub trait PlatformSecretStore: Send + Sync {
    /// The secret called `name`, or None.
    fn get(&self, name: String) -> Result<Option<Vec<u8>>, SecretStoreError>;
    /// Store or replace the secret called `name`.
    fn set(&self, name: String, value: Vec<u8>) -> Result<(), SecretStoreError>;
    /// Forget the secret called `name` (no error if absent).
    fn delete(&self, name: String) -> Result<(), SecretStoreError>;
}

/// The core's view of a platform store.
pub(crate) struct ForeignSecrets(pub Arc<dyn PlatformSecretStore>);

impl SecretStore for ForeignSecrets {
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>, String> {
        self.0.get(name.to_string()).map_err(|e| e.to_string())
    }
    fn set(&self, name: &str, value: Vec<u8>) -> Result<(), String> {
        self.0.set(name.to_string(), value).map_err(|e| e.to_string())
    }
    fn delete(&self, name: &str) -> Result<(), String> {
        self.0.delete(name.to_string()).map_err(|e| e.to_string())
    }
}

/// The steps of a sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SyncStage {
    /// Resending unanswered intents.
    Outbox,
    /// Reference data.
    Reference,
    /// The account.
    Account,
    /// Finished.
    Done,
}

/// Told how a sync goes.
#[uniffi::export(with_foreign)]
pub trait SyncProgress: Send + Sync {
    /// `stage` started; `done` of `total` stages are finished.
    fn progress(&self, stage: SyncStage, done: u32, total: u32);
}

pub(crate) struct ForeignProgress(pub Arc<dyn SyncProgress>);

impl SyncObserver for ForeignProgress {
    fn progress(&self, step: SyncStep, done: u32, total: u32) {
        let stage = match step {
            SyncStep::Outbox => SyncStage::Outbox,
            SyncStep::Reference => SyncStage::Reference,
            SyncStep::Account => SyncStage::Account,
            SyncStep::Done => SyncStage::Done,
        };
        self.0.progress(stage, done, total)
    }
}

/// Cancels a sync (`Wealth::sync_with_progress`) from anywhere.
#[derive(uniffi::Object, Default)]
pub struct SyncCancellation {
    pub(crate) token: SyncCancel,
}

#[uniffi::export]
impl SyncCancellation {
    /// A token not cancelled yet.
    #[uniffi::constructor]
    pub fn new() -> Arc<SyncCancellation> {
        Arc::new(SyncCancellation::default())
    }

    /// Cancel the sync (it ends with `CANCELLED`; what it applied stays whole).
    pub fn cancel(&self) {
        self.token.cancel()
    }
}

/// A money movement drafted offline, to confirm again online.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DraftView {
    /// Local id.
    pub id: String,
    /// `deposit`, `normal_withdrawal` or `instant_withdrawal`.
    pub kind: String,
    /// Amount ("100.00").
    pub amount: String,
    /// When drafted (RFC 3339).
    pub created_at: String,
}

impl From<Draft> for DraftView {
    fn from(d: Draft) -> Self {
        DraftView { id: d.id, kind: d.kind.as_str().into(), amount: d.amount, created_at: d.created_at.to_rfc3339() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Wealth, WealthConfig};
    use std::collections::HashMap;
    use std::sync::Mutex;

    /// What a shell's Keychain wrapper does, in Rust.
    #[derive(Default)]
    struct Keychain(Mutex<HashMap<String, Vec<u8>>>);

    impl PlatformSecretStore for Keychain {
        fn get(&self, name: String) -> Result<Option<Vec<u8>>, SecretStoreError> {
            Ok(self.0.lock().unwrap().get(&name).cloned())
        }
        fn set(&self, name: String, value: Vec<u8>) -> Result<(), SecretStoreError> {
            self.0.lock().unwrap().insert(name, value);
            Ok(())
        }
        fn delete(&self, name: String) -> Result<(), SecretStoreError> {
            self.0.lock().unwrap().remove(&name);
            Ok(())
        }
    }

    #[test]
    fn a_platform_store_keeps_the_key_and_token_and_drafts_work_offline() {
        let dir = std::env::temp_dir().join(format!("wealth-ffi-{}", std::process::id()));
        let keychain = Arc::new(Keychain::default());
        let config = |token: &str| WealthConfig {
            server_url: "https://127.0.0.1:9".into(),
            ca_cert_pem: None,
            data_dir: dir.display().to_string(),
            session_token: token.into(),
        };
        let w = Wealth::open_with_secret_store(config("tok-123"), keychain.clone(), vec![]).unwrap();
        w.set_offline(true);
        let d = w.draft_deposit("150.00".into()).unwrap();
        assert_eq!((d.kind.as_str(), d.amount.as_str()), ("deposit", "150.00"));
        assert_eq!(w.drafts().unwrap().len(), 1);
        assert!(!w.home().unwrap().live);
        drop(w);
        assert_eq!(keychain.0.lock().unwrap().get("session-token").unwrap(), b"tok-123");
        assert_eq!(keychain.0.lock().unwrap().get("replica-key").unwrap().len(), 32);
        let again = Wealth::open_with_secret_store(config(""), keychain.clone(), vec![]).unwrap();
        assert_eq!(again.drafts().unwrap().len(), 1);
        again.discard_draft(d.id.clone()).unwrap();
        assert_eq!(again.discard_draft(d.id).unwrap_err().code(), "UNKNOWN_DRAFT");
        let one_pin = Wealth::open_with_secret_store(config(""), keychain, vec!["ab".repeat(32)]);
        assert_eq!(one_pin.err().unwrap().code(), "CONFIG");
        let _ = std::fs::remove_dir_all(dir);
    }
}
