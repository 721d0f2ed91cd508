//! The shell-facing surface without a server: no panic crosses the boundary, the observer hears
//! locale changes, locale tags map as documented.

use std::sync::{Arc, Mutex};

use wealth_ffi::{ChangeKind, DisplayLocale, Wealth, WealthConfig, WealthError, WealthObserver};

#[test]
fn a_panic_in_the_core_is_an_internal_error() {
    let err = wealth_ffi::debug_panic("boom".into()).unwrap_err();
    assert!(matches!(&err, WealthError::Internal { code, detail } if code == "INTERNAL" && detail.contains("boom")));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let err = rt.block_on(wealth_ffi::debug_panic_async("later".into())).unwrap_err();
    assert_eq!(err.code(), "INTERNAL");
}

#[derive(Default)]
struct Heard(Mutex<Vec<ChangeKind>>);
impl WealthObserver for Heard {
    fn on_change(&self, what: ChangeKind) {
        self.0.lock().unwrap().push(what);
    }
}

struct Failing;
impl WealthObserver for Failing {
    fn on_change(&self, _: ChangeKind) {
        panic!("observer bug");
    }
}

fn open(dir: &std::path::Path) -> Arc<Wealth> {
    Wealth::open(WealthConfig {
        server_url: "https://127.0.0.1:9".into(),
        ca_cert_pem: None,
        data_dir: dir.to_string_lossy().into(),
        session_token: "t".into(),
    })
    .unwrap()
}

#[test]
fn observer_hears_locale_changes_and_display_strings_follow() {
    let dir = std::env::temp_dir().join(format!("wealth-ffi-shell-{}", std::process::id()));
    let wealth = open(&dir);
    let heard = Arc::new(Heard::default());
    wealth.set_observer(Some(heard.clone()));
    assert_eq!(wealth.home().unwrap().display.as_of, "尚未同步");
    wealth.set_locale(DisplayLocale::En);
    wealth.set_locale(DisplayLocale::En); // unchanged: no second call
    let home = wealth.home().unwrap();
    assert_eq!(home.display.as_of, "not synced yet");
    assert_eq!(home.display.units, "¥0.00");
    assert_eq!(*heard.0.lock().unwrap(), vec![ChangeKind::Locale]);

    // A failing observer does not fail the call that notified it.
    wealth.set_observer(Some(Arc::new(Failing)));
    wealth.set_locale(DisplayLocale::ZhCn);
    assert_eq!(wealth.home().unwrap().display.as_of, "尚未同步");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn locale_tags() {
    assert_eq!(wealth_ffi::display_locale_for_tag("zh-Hans-CN".into()), DisplayLocale::ZhCn);
    assert_eq!(wealth_ffi::display_locale_for_tag("en-US".into()), DisplayLocale::En);
}
