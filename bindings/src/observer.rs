//! Change notification and display language: the shell-facing state of a `Wealth`.
//!
//! A shell registers one `WealthObserver`; the core calls it after every operation that changed
//! the local store (sync, deposit, withdraw, cancel) so view models reload without polling. The
//! call comes on a core thread: shells hop to their UI thread (Swift `@MainActor`, Kotlin
//! `StateFlow`, which is thread-safe). Shells that need several listeners fan out themselves.

use std::sync::{Arc, Mutex};

use wealth_core::display::DisplayLocale as CoreLocale;

use crate::home_cache::HomeCache;
use crate::logging::{self, LogLevel};
use crate::WealthError;

/// What changed, so a shell reloads only the view models concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ChangeKind {
    /// Figures, orders or the "as of" time changed: reload home, orders and statements.
    Account,
    /// The display language changed: every display string is stale.
    Locale,
}

/// Told by the core when its state changed. Implemented by the shells.
#[uniffi::export(with_foreign)]
pub trait WealthObserver: Send + Sync {
    /// Called after the change is stored; never called while a core lock is held.
    fn on_change(&self, what: ChangeKind);
}

/// The languages the core writes display strings in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, uniffi::Enum)]
pub enum DisplayLocale {
    /// Simplified Chinese (default).
    #[default]
    ZhCn,
    /// English.
    En,
}

impl From<DisplayLocale> for CoreLocale {
    fn from(l: DisplayLocale) -> Self {
        match l {
            DisplayLocale::ZhCn => CoreLocale::ZhCn,
            DisplayLocale::En => CoreLocale::En,
        }
    }
}

/// The display locale for a BCP 47 tag (`zh-Hans-CN` → zh-CN; anything else → English), for
/// shells that pass the platform's preferred language.
#[uniffi::export]
pub fn display_locale_for_tag(tag: String) -> DisplayLocale {
    match CoreLocale::from_tag(&tag) {
        CoreLocale::ZhCn => DisplayLocale::ZhCn,
        CoreLocale::En => DisplayLocale::En,
    }
}

/// The observer and locale of one `Wealth`.
#[derive(Default)]
pub(crate) struct ShellState {
    observer: Mutex<Option<Arc<dyn WealthObserver>>>,
    locale: Mutex<DisplayLocale>,
    /// The last home view model (cleared by every change below).
    pub(crate) home: HomeCache,
}

impl ShellState {
    pub(crate) fn set_observer(&self, observer: Option<Arc<dyn WealthObserver>>) {
        *self.observer.lock().unwrap_or_else(|p| p.into_inner()) = observer;
    }

    pub(crate) fn locale(&self) -> CoreLocale {
        (*self.locale.lock().unwrap_or_else(|p| p.into_inner())).into()
    }

    pub(crate) fn set_locale(&self, locale: DisplayLocale) {
        let changed = {
            let mut l = self.locale.lock().unwrap_or_else(|p| p.into_inner());
            std::mem::replace(&mut *l, locale) != locale
        };
        if changed {
            self.home.clear();
            self.notify(ChangeKind::Locale);
        }
    }

    /// Tell the observer. A foreign observer that fails must not fail the operation that
    /// already succeeded: its panic is caught and logged.
    pub(crate) fn notify(&self, what: ChangeKind) {
        let observer = self.observer.lock().unwrap_or_else(|p| p.into_inner()).clone();
        if let Some(o) = observer {
            if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| o.on_change(what))).is_err() {
                logging::emit(LogLevel::Error, "wealth::observer", "the change observer failed; ignored");
            }
        }
    }

    /// Log the outcome of `op` and, when it succeeded, tell the observer the account changed.
    /// The home memo is cleared either way (a refusal may still have touched the store).
    pub(crate) fn changed<T>(&self, op: &str, r: Result<T, WealthError>) -> Result<T, WealthError> {
        self.home.clear();
        match &r {
            Ok(_) => {
                logging::emit(LogLevel::Info, "wealth::ops", &format!("{op}: done"));
                self.notify(ChangeKind::Account);
            }
            Err(e) => logging::emit(LogLevel::Warn, "wealth::ops", &format!("{op}: {e}")),
        }
        r
    }
}
