//! Stripped release size of the bindings cdylib (`libwealth_ffi`), from the file cargo builds
//! with the workspace's size-tuned release profile (opt-level z, fat LTO, one codegen unit).
//!
//! `scripts/test-bindings.sh` builds the same library with its symbol table kept (uniffi's
//! library mode reads metadata symbols from it), and both share one artifact; so this figure is
//! measured on a copy stripped with `strip --strip-all`, which is what the profile's
//! `strip = "symbols"` produces. Unless `--no-build`, `cargo build --release -p wealth-ffi --lib`
//! runs first (a no-op when up to date).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Measured, Settings};

/// The repository this binary was built from.
pub fn workspace_root() -> Result<PathBuf, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf);
    root.filter(|r| r.join("Cargo.toml").exists())
        .ok_or_else(|| "the source checkout this console was built from is gone; run it from a checkout".into())
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The cargo target directory of the workspace (honours CARGO_TARGET_DIR and cargo config).
pub fn target_dir(root: &Path) -> Result<PathBuf, String> {
    let out = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata printed something odd: {e}"))?;
    v["target_directory"].as_str().map(PathBuf::from).ok_or_else(|| "cargo metadata has no target_directory".into())
}

/// The command that builds the library, as printed to people.
pub const BUILD_COMMAND: &str = "cargo build --release -p wealth-ffi --lib";

fn build(root: &Path) -> Result<(), String> {
    let status = Command::new(cargo())
        .args(["build", "--release", "-q", "-p", "wealth-ffi", "--lib", "--config"])
        .arg("profile.release.package.wealth-ffi.strip=\"none\"")
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{BUILD_COMMAND}` failed ({status})"))
    }
}

fn strip_copy(lib: &Path) -> Result<(u64, &'static str), String> {
    let dir = tempfile::tempdir().map_err(|e| format!("temporary folder: {e}"))?;
    let copy = dir.path().join(lib.file_name().expect("a file name"));
    std::fs::copy(lib, &copy).map_err(|e| format!("cannot copy {}: {e}", lib.display()))?;
    let flag = if cfg!(target_os = "macos") { "-x" } else { "--strip-all" };
    for tool in ["strip", "llvm-strip"] {
        if let Ok(s) = Command::new(tool).arg(flag).arg(&copy).status() {
            if s.success() {
                let len = std::fs::metadata(&copy).map_err(|e| e.to_string())?.len();
                return Ok((len, tool));
            }
        }
    }
    Err("no working `strip` or `llvm-strip` on the PATH (install binutils)".into())
}

/// Megabytes (10^6 bytes) of the stripped library.
pub fn measure(s: &Settings) -> Result<Measured, String> {
    let root = workspace_root()?;
    let target = target_dir(&root)?;
    let name = format!("{}wealth_ffi{}", std::env::consts::DLL_PREFIX, std::env::consts::DLL_SUFFIX);
    let lib = target.join("release").join(&name);
    if !s.no_build {
        build(&root)?;
    } else if !lib.exists() {
        return Err(format!("not built: {} is missing; build it with `{BUILD_COMMAND}`", lib.display()));
    }
    let built = std::fs::metadata(&lib).map_err(|e| format!("{}: {e}", lib.display()))?.len();
    let (stripped, tool) = strip_copy(&lib)?;
    Ok(Measured {
        value: stripped as f64 / 1e6,
        note: format!(
            "{stripped} bytes after `{tool}` ({built} as built with uniffi's symbol table): {}",
            lib.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        ),
    })
}
