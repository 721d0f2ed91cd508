//! The project keeps its own copy of the specification's data (`spec/golden`, `spec/scenarios`,
//! `docs/scenarios.md`, the built-in calendar and questionnaire) and its own rules document
//! (`docs/rules.md`). When the shared specification is beside the clone (`../shared/spec`, or
//! `$WEALTH_SHARED_SPEC`), this test names every difference between the two, so they never drift
//! silently. Without it the test has nothing to compare and passes: a plain clone stands alone.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shared() -> Option<PathBuf> {
    let dir =
        std::env::var_os("WEALTH_SHARED_SPEC").map(PathBuf::from).unwrap_or_else(|| repo().join("../shared/spec"));
    dir.is_dir().then_some(dir)
}

fn json(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn json_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default()
}

/// Compare two JSON files; a difference names the file and the first differing path.
fn compare_json(ours: &Path, theirs: &Path, differences: &mut Vec<String>) {
    match (json(ours), json(theirs)) {
        (Ok(a), Ok(b)) if a == b => {}
        (Ok(a), Ok(b)) => {
            let at = first_difference(&a, &b, "$".into());
            differences.push(format!("{} differs from {} at {at}", ours.display(), theirs.display()))
        }
        (Err(e), _) | (_, Err(e)) => differences.push(e),
    }
}

fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: String) -> String {
    use serde_json::Value::{Array, Object};
    match (a, b) {
        (Object(x), Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) if p == q => {}
                    (Some(p), Some(q)) => return first_difference(p, q, format!("{at}.{k}")),
                    (Some(_), None) => return format!("{at}.{k} (only in ours)"),
                    (None, _) => return format!("{at}.{k} (only in the shared spec)"),
                }
            }
            at
        }
        (Array(x), Array(y)) => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                if p != q {
                    return first_difference(p, q, format!("{at}[{i}]"));
                }
            }
            format!("{at} (lengths {} and {})", x.len(), y.len())
        }
        _ => format!("{at} ({a} here, {b} in the shared spec)"),
    }
}

/// The SHA-256 of the shared `domain.md` that `docs/rules.md` was last checked against (its
/// header line `Checked against domain.md sha256 HEX`).
fn rules_checked_against() -> Option<String> {
    let rules = std::fs::read_to_string(repo().join("docs/rules.md")).ok()?;
    rules.lines().find_map(|l| l.split("domain.md sha256 ").nth(1)).map(|h| h.trim().trim_matches('`').to_string())
}

#[test]
fn project_spec_matches_the_shared_spec() {
    let Some(shared) = shared() else {
        eprintln!("no ../shared/spec beside the clone: nothing to compare");
        return;
    };
    let repo = repo();
    let mut differences = Vec::new();
    for sub in ["golden", "scenarios"] {
        let (ours, theirs) = (repo.join("spec").join(sub), shared.join(sub));
        let (a, b) = (json_names(&ours), json_names(&theirs));
        for name in b.difference(&a) {
            differences.push(format!("shared spec/{sub}/{name} has no copy in spec/{sub}/"));
        }
        for name in a.difference(&b) {
            differences.push(format!("spec/{sub}/{name} is not in the shared spec"));
        }
        for name in a.intersection(&b) {
            compare_json(&ours.join(name), &theirs.join(name), &mut differences);
        }
    }
    compare_json(&repo.join("core/data/calendar.json"), &shared.join("calendar.json"), &mut differences);
    compare_json(&repo.join("server/data/questionnaire.json"), &shared.join("questionnaire.json"), &mut differences);
    let (ours, theirs) = (repo.join("docs/scenarios.md"), shared.join("scenarios.md"));
    if std::fs::read(&ours).ok() != std::fs::read(&theirs).ok() {
        differences.push(format!("{} differs from {}", ours.display(), theirs.display()));
    }
    match std::fs::read(shared.join("domain.md")) {
        Ok(domain) => {
            let hex: String = Sha256::digest(&domain).iter().map(|b| format!("{b:02x}")).collect();
            if rules_checked_against().as_deref() != Some(hex.as_str()) {
                differences.push(format!(
                    "the shared domain.md (sha256 {hex}) is not the one docs/rules.md was checked against \
                     ({:?}): read its changes into docs/rules.md, then update the header",
                    rules_checked_against()
                ));
            }
        }
        Err(e) => differences.push(format!("shared domain.md: {e}")),
    }
    assert!(differences.is_empty(), "the project's spec and ../shared/spec differ:\n- {}", differences.join("\n- "));
}
