//! The home view model for JNA shells without JNA's per-call allocations (ADR 0011).
//!
//! Every uniffi call from Kotlin allocates several JNA `Structure`s (the call status, the
//! returned buffer, and again for cloning the object handle and freeing the buffer); each is
//! native memory that JNA tracks in a global map until the garbage collector releases it. For a
//! call a screen makes many times a second that bookkeeping is most of the cost. A home reader
//! is a numbered borrow of one `Wealth`: the shell asks for the home view model with one plain C
//! call, [`wealth_ffi_home_reader_read`], passing a buffer it owns, and gets back the view model
//! serialised exactly as uniffi serialises it, so the generated `FfiConverterTypeHomeViewModel`
//! reads it. Errors never travel this way: on any failure the shell makes the ordinary
//! `Wealth.home()` call, which returns the typed error.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use uniffi::Lower;

use crate::{error, HomeViewModel, Wealth};

/// `wealth_ffi_home_reader_read`: no open reader has this id (closed, or never opened).
pub const READ_UNKNOWN_READER: i64 = -1;
/// `wealth_ffi_home_reader_read`: the `Wealth` it reads is gone (closed by the shell).
pub const READ_CLOSED: i64 = -2;
/// `wealth_ffi_home_reader_read`: the core returned an error; call `Wealth.home()` for it.
pub const READ_FAILED: i64 = -3;
/// `wealth_ffi_home_reader_read`: a null buffer with a non-zero capacity.
pub const READ_BAD_BUFFER: i64 = -4;

#[derive(Default)]
struct Readers {
    next: u64,
    open: HashMap<u64, Weak<Wealth>>,
}

fn readers() -> &'static Mutex<Readers> {
    static READERS: OnceLock<Mutex<Readers>> = OnceLock::new();
    READERS.get_or_init(Mutex::default)
}

/// Open a reader of `wealth`'s home view model; the id is never 0 and never reused. The reader
/// does not keep `wealth` open.
pub(crate) fn open(wealth: &Arc<Wealth>) -> u64 {
    let mut r = readers().lock().unwrap_or_else(|p| p.into_inner());
    r.next += 1;
    let id = r.next;
    r.open.insert(id, Arc::downgrade(wealth));
    id
}

/// Close reader `id` (closing it twice, or an unknown id, does nothing).
pub(crate) fn close(id: u64) {
    readers().lock().unwrap_or_else(|p| p.into_inner()).open.remove(&id);
}

/// The home view model of reader `id`, serialised as uniffi serialises a `HomeViewModel`.
fn serialised_home(id: u64) -> Result<Vec<u8>, i64> {
    let wealth = {
        let r = readers().lock().unwrap_or_else(|p| p.into_inner());
        r.open.get(&id).ok_or(READ_UNKNOWN_READER)?.upgrade().ok_or(READ_CLOSED)?
    };
    let view = wealth.home().map_err(|_| READ_FAILED)?;
    let mut bytes = Vec::with_capacity(512);
    <HomeViewModel as Lower<crate::UniFfiTag>>::write(view, &mut bytes);
    Ok(bytes)
}

/// Write the home view model of reader `id` into `buffer` (`capacity` bytes, owned by the
/// caller) and return its length in bytes. If the length is more than `capacity`, nothing is
/// written: call again with a buffer of at least that length. A negative result is one of the
/// `READ_*` codes and writes nothing. Never unwinds.
///
/// # Safety
/// `buffer` must be valid for writes of `capacity` bytes (or null with `capacity` 0).
#[no_mangle]
pub unsafe extern "C" fn wealth_ffi_home_reader_read(id: u64, buffer: *mut u8, capacity: u64) -> i64 {
    if buffer.is_null() && capacity != 0 {
        return READ_BAD_BUFFER;
    }
    let bytes = match error::guard(|| Ok(serialised_home(id))) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(code)) => return code,
        Err(_) => return READ_FAILED,
    };
    if bytes.len() as u64 <= capacity {
        // SAFETY: the caller guarantees `buffer` is valid for `capacity` bytes, and the length
        // fits in it; a Vec never overlaps a buffer it did not allocate.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), buffer, bytes.len()) };
    }
    bytes.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WealthConfig;

    fn open_offline(dir: &std::path::Path) -> Arc<Wealth> {
        let config = WealthConfig {
            server_url: "https://127.0.0.1:9".into(),
            ca_cert_pem: None,
            data_dir: dir.to_string_lossy().into(),
            session_token: "t".into(),
        };
        Wealth::open(config).unwrap()
    }

    fn read(id: u64, capacity: usize) -> (i64, Vec<u8>) {
        let mut buffer = vec![0u8; capacity];
        let n = unsafe { wealth_ffi_home_reader_read(id, buffer.as_mut_ptr(), capacity as u64) };
        (n, buffer)
    }

    #[test]
    fn unknown_and_closed_readers_and_a_null_buffer_are_refused() {
        assert_eq!(read(u64::MAX, 16).0, READ_UNKNOWN_READER);
        assert_eq!(unsafe { wealth_ffi_home_reader_read(1, std::ptr::null_mut(), 8) }, READ_BAD_BUFFER);
        let dir = tempfile::tempdir().unwrap();
        let wealth = open_offline(dir.path());
        let id = wealth.clone().open_home_reader();
        drop(wealth);
        assert_eq!(read(id, 4096).0, READ_CLOSED);
        close(id);
        close(id);
        assert_eq!(read(id, 4096).0, READ_UNKNOWN_READER);
    }

    #[test]
    fn writes_what_home_returns_in_uniffi_form_and_asks_for_room() {
        let dir = tempfile::tempdir().unwrap();
        let wealth = open_offline(dir.path());
        let id = wealth.clone().open_home_reader();
        let mut expected = Vec::new();
        <HomeViewModel as Lower<crate::UniFfiTag>>::write(wealth.home().unwrap(), &mut expected);

        let (needed, untouched) = read(id, 4);
        assert_eq!(needed, expected.len() as i64);
        assert_eq!(untouched, vec![0u8; 4], "too small: nothing written");
        let (n, buffer) = read(id, expected.len());
        assert_eq!(&buffer[..n as usize], &expected[..]);
        wealth.close_home_reader(id);
        assert_eq!(read(id, 4096).0, READ_UNKNOWN_READER);
    }
}
