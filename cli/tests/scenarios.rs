//! The console's scenario runner over the shared scenario files and the project's own, through
//! the real binary (embedded server, device side, HTTPS).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec_dir() -> PathBuf {
    std::env::var_os("WEALTH_SPEC_DIR").map(PathBuf::from).unwrap_or_else(|| repo().join("spec"))
}

fn json_files(dir: &Path, skip_prefix: Option<&str>) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| skip_prefix.is_none_or(|s| !p.file_name().unwrap().to_string_lossy().starts_with(s)))
        .collect();
    v.sort();
    v
}

fn wealth(args: &[&str], files: &[PathBuf]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wealth")).args(args).args(files).output().expect("wealth runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn shared_and_project_scenarios_pass() {
    // Every spec file (the project's copy of the shared ones) must pass, the points ledger's (issue 4) included.
    let mut files = json_files(&spec_dir().join("scenarios"), None);
    assert!(files.len() >= 5, "shared scenarios found: {files:?}");
    assert!(files.iter().any(|f| f.to_string_lossy().contains("points-")), "{files:?}");
    files.extend(json_files(&repo().join("tests/scenarios"), None));
    let (code, out, err) = wealth(&["scenario", "run"], &files);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(out.lines().last().unwrap(), format!("{} passed, 0 failed", files.len()));
}

#[test]
fn a_wrong_expectation_names_file_step_and_field() {
    let f = repo().join("cli/tests/fixtures/wrong-expectation.json");
    let (code, out, _) = wealth(&["scenario", "run"], std::slice::from_ref(&f));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("wrong-expectation.json"), "{out}");
    assert!(out.contains("step 1") && out.contains("units: shown 0.00, expected 10000.00"), "{out}");
    assert!(!out.contains("pending_in:"), "the right field is not reported: {out}");
    assert_eq!(out.lines().last().unwrap(), "0 passed, 1 failed");
    let (code, out, _) = wealth(&["scenario", "run", "--json"], &[f]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["failed"], 1);
    assert_eq!(v["files"][0]["failures"][0]["field"], "units");
    assert_eq!(v["files"][0]["failures"][0]["step"], 1);
}

#[test]
fn a_malformed_file_exits_2_with_the_json_path() {
    let (code, _, err) = wealth(&["scenario", "run"], &[repo().join("cli/tests/fixtures/malformed.json")]);
    assert_eq!(code, 2);
    assert!(err.contains("$.steps[0].mode"), "{err}");
    let (code, _, err) = wealth(&["scenario", "run"], &[repo().join("cli/tests/fixtures/malformed-type.json")]);
    assert_eq!(code, 2);
    assert!(err.contains("$.per_10k.default"), "{err}");
}

#[test]
fn the_demo_tells_a_week_with_real_figures() {
    let (code, out, err) = wealth(&["demo"], &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("20003.90"), "weekend income shown: {out}");
    assert!(out.contains("INSTANT_QUOTA_EXCEEDED"), "the instant quota shown: {out}");
    assert!(out.contains("= closing — holds"), "statement identity: {out}");
}
