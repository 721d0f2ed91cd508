//! Secrets the platform keeps (Keychain on iOS, Keystore on Android, a private file on the
//! desktop): the replica's encryption key and the session token. The core only asks for bytes by
//! name; nothing secret is ever written to SQLite or to a log.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::device::error::DeviceError;

/// Name of the replica's 32-byte encryption key.
pub const REPLICA_KEY: &str = "replica-key";
/// Name of the session token (UTF-8).
pub const SESSION_TOKEN: &str = "session-token";

/// A store of named secrets, implemented by each platform.
pub trait SecretStore: Send + Sync {
    /// The secret called `name`, if any.
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>, String>;
    /// Store (or replace) the secret called `name`.
    fn set(&self, name: &str, value: Vec<u8>) -> Result<(), String>;
    /// Forget the secret called `name` (no error if absent).
    fn delete(&self, name: &str) -> Result<(), String>;
}

fn secret_error(name: &str, e: String) -> DeviceError {
    DeviceError::Config(format!("the platform's secret store failed for {name}: {e}"))
}

/// The replica key: the stored one, or a fresh random 32-byte key stored before first use.
pub fn replica_key(secrets: &dyn SecretStore) -> Result<[u8; 32], DeviceError> {
    if let Some(bytes) = secrets.get(REPLICA_KEY).map_err(|e| secret_error(REPLICA_KEY, e))? {
        return bytes
            .as_slice()
            .try_into()
            .map_err(|_| DeviceError::Config(format!("the stored replica key has {} bytes, not 32", bytes.len())));
    }
    let mut key = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut key)
        .map_err(|_| DeviceError::Config("no system randomness for the replica key".into()))?;
    secrets.set(REPLICA_KEY, key.to_vec()).map_err(|e| secret_error(REPLICA_KEY, e))?;
    Ok(key)
}

/// The session token kept in the secret store, if any.
pub fn session_token(secrets: &dyn SecretStore) -> Result<Option<String>, DeviceError> {
    match secrets.get(SESSION_TOKEN).map_err(|e| secret_error(SESSION_TOKEN, e))? {
        Some(b) => String::from_utf8(b)
            .map(Some)
            .map_err(|_| DeviceError::Config("the stored session token is not text".into())),
        None => Ok(None),
    }
}

/// Desktop and console: one file per secret in a private folder (mode 0600 on Unix), written
/// atomically. Phones use the platform store through the bindings instead.
#[derive(Debug, Clone)]
pub struct FileSecretStore {
    dir: PathBuf,
}

impl FileSecretStore {
    /// Secrets kept in `dir` (created, private, if missing).
    pub fn new(dir: &Path) -> Result<FileSecretStore, DeviceError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| DeviceError::Config(format!("secret folder {}: {e}", dir.display())))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        }
        Ok(FileSecretStore { dir: dir.to_path_buf() })
    }

    fn path(&self, name: &str) -> Result<PathBuf, String> {
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Err(format!("{name:?} is not a secret name (letters, digits, - and _)"));
        }
        Ok(self.dir.join(name))
    }
}

impl SecretStore for FileSecretStore {
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>, String> {
        match std::fs::read(self.path(name)?) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn set(&self, name: &str, value: Vec<u8>) -> Result<(), String> {
        use std::io::Write;
        let path = self.path(name)?;
        let tmp = self.dir.join(format!(".{name}.tmp"));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp).map_err(|e| e.to_string())?;
        f.write_all(&value).and_then(|_| f.sync_all()).map_err(|e| e.to_string())?;
        std::fs::rename(&tmp, &path).map_err(|e| e.to_string())
    }

    fn delete(&self, name: &str) -> Result<(), String> {
        match std::fs::remove_file(self.path(name)?) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// Secrets in memory (tests).
#[derive(Debug, Default)]
pub struct MemorySecretStore {
    map: Mutex<HashMap<String, Vec<u8>>>,
}

impl SecretStore for MemorySecretStore {
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>, String> {
        Ok(self.map.lock().unwrap_or_else(|p| p.into_inner()).get(name).cloned())
    }
    fn set(&self, name: &str, value: Vec<u8>) -> Result<(), String> {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).insert(name.to_string(), value);
        Ok(())
    }
    fn delete(&self, name: &str) -> Result<(), String> {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).remove(name);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_store_round_trips_and_makes_one_key() {
        let dir = std::env::temp_dir().join(format!("wealth-secrets-{}", uuid::Uuid::new_v4()));
        let s = FileSecretStore::new(&dir).unwrap();
        assert_eq!(s.get("x").unwrap(), None);
        s.set("x", b"abc".to_vec()).unwrap();
        assert_eq!(s.get("x").unwrap(), Some(b"abc".to_vec()));
        s.delete("x").unwrap();
        s.delete("x").unwrap();
        assert_eq!(s.get("x").unwrap(), None);
        assert!(s.get("../etc").is_err());
        let k1 = replica_key(&s).unwrap();
        let k2 = replica_key(&s).unwrap();
        assert_eq!(k1, k2);
        assert_ne!(k1, [0u8; 32]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(REPLICA_KEY)).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "the key file is private");
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
