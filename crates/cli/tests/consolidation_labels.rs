//! `interdict eval consolidation --labels` refuses a labels file naming a
//! record no list holds (the figures on the real labels are pinned in
//! tests/consolidation.rs).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::process::Command;

#[test]
fn a_labels_file_with_an_unknown_record_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("labels.csv");
    std::fs::write(
        &path,
        "subject,record,confidence\nkony,un_sc:CFi.009,sure\nkony,eu_fsf:EU.0.0,sure\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(["eval", "consolidation", "--labels"])
        .arg(&path)
        .env_remove("INTERDICT_STORE")
        .env("XDG_DATA_HOME", "/nonexistent/interdict-tests")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 3: column record: no loaded entity eu_fsf:EU.0.0"),
        "{stderr}"
    );
}
