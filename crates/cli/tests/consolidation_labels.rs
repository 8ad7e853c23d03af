//! `interdict eval consolidation --labels` on the bundled lists: how well
//! screening groups one subject's records across the US, EU, UK, Canadian
//! and UN lists, against the hand-labelled sample in
//! crates/eval/data/consolidation_labels.csv (docs/consolidation.md). The
//! figures are pinned, so a change to the grouping or to the labels shows
//! here. Issue 9 asks for precision of at least 0.99 and recall of at least
//! 0.95; query-time grouping meets the first and not yet the second.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::process::Command;

use serde_json::Value;

#[test]
fn hand_labelled_subjects_are_grouped() {
    let labels = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../eval/data/consolidation_labels.csv"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args([
            "eval",
            "consolidation",
            "--labels",
            labels,
            "--format",
            "json",
        ])
        .env_remove("INTERDICT_STORE")
        .env("XDG_DATA_HOME", "/nonexistent/interdict-tests")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let labelled = &report["labels"];
    assert_eq!(labelled["subjects"], 86);
    assert_eq!(
        labelled["records_by_source"],
        serde_json::json!({"ca_sema": 47, "eu_fsf": 52, "gb_ofsi": 51, "un_sc": 11, "us_ofac_sdn": 64})
    );
    assert_eq!(labelled["unsure_records"], 2);
    assert_eq!(labelled["same_subject_pairs"], 245);
    assert_eq!(labelled["same_subject_found"], 231);
    assert_eq!(labelled["predicted_pairs"], 231);
    assert_eq!(labelled["predicted_correct"], 231);
    assert_eq!(labelled["unlabelled_partners"], 0);
    assert!(
        labelled["precision"].as_f64().unwrap() >= 0.99,
        "{labelled}"
    );
    // Below the 0.95 target: records whose names differ beyond spelling
    // (a vessel renamed, a company's short and long names) and records the
    // greedy query-time grouping splits. A clustering should raise this.
    assert!(labelled["recall"].as_f64().unwrap() < 0.95, "{labelled}");
    let missed = labelled["missed"].to_string();
    // The tanker Canada lists as BRATSK and OFAC as NS BURGAS shares only
    // its IMO number.
    assert!(
        missed.contains("ca_sema:russia-1-1-item-84 ~ us_ofac_sdn:47006"),
        "{missed}"
    );
    // The UN-reference measurement is still there beside it.
    assert_eq!(report["un_references"]["linked_pairs"], 1020);
}

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
