//! `interdict eval consolidation --labels` on the bundled lists: how well
//! the global clustering puts one subject's records in one cluster,
//! against the UN references EU and UK records carry (clustering without
//! them) and against the hand-labelled sample of US, EU, UK, Canadian and
//! UN records (crates/eval/data/consolidation_labels.csv). The figures are
//! pinned, so a change to the clustering shows here; issue 9 asks for
//! precision of at least 0.99 and recall of at least 0.95
//! (docs/consolidation.md).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::process::Command;

use serde_json::Value;

#[test]
fn records_linked_by_un_references_are_grouped() {
    let output = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(["eval", "consolidation", "--format", "json", "--labels"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../eval/data/consolidation_labels.csv"
        ))
        .env_remove("INTERDICT_STORE")
        .env("XDG_DATA_HOME", "/nonexistent/interdict-tests")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let both: Value = serde_json::from_slice(&output.stdout).unwrap();
    let report = &both["un_references"];
    assert_eq!(
        report["records_by_source"],
        serde_json::json!({"eu_fsf": 82, "gb_ofsi": 864, "un_sc": 1003})
    );
    assert_eq!(report["linked_pairs"], 1020);
    assert_eq!(report["linked_found"], 1003);
    assert_eq!(report["judged_pairs"], 1009);
    assert_eq!(report["judged_correct"], 1001);
    // Served with the references, every linked pair is one cluster, and
    // only pairs against an EU record's own reference are counted wrong.
    assert_eq!(report["with_references"]["linked_found"], 1020);
    assert!(report["recall"].as_f64().unwrap() >= 0.95, "{report}");
    assert!(report["precision"].as_f64().unwrap() >= 0.99, "{report}");
    // The EU's truncated reference for Abdul Rehman Makki (`QDi.43` for
    // `QDi.433`) is among the pairs counted wrong: an error in the file.
    let wrong = report["wrong"].to_string();
    assert!(wrong.contains("EU.9496.20"), "{wrong}");

    // The hand-labelled sample.
    let labelled = &both["labels"];
    assert_eq!(labelled["subjects"], 86);
    assert_eq!(
        labelled["records_by_source"],
        serde_json::json!({"ca_sema": 47, "eu_fsf": 52, "gb_ofsi": 51, "un_sc": 11, "us_ofac_sdn": 64})
    );
    assert_eq!(labelled["unsure_records"], 2);
    assert_eq!(labelled["same_subject_pairs"], 245);
    assert_eq!(labelled["same_subject_found"], 235);
    assert_eq!(labelled["predicted_pairs"], 235);
    assert_eq!(labelled["predicted_correct"], 235);
    assert!(labelled["recall"].as_f64().unwrap() >= 0.95, "{labelled}");
    assert!(
        labelled["precision"].as_f64().unwrap() >= 0.99,
        "{labelled}"
    );
    let missed = labelled["missed"].to_string();
    // The tanker Canada lists as BRATSK and OFAC as NS BURGAS shares only
    // its IMO number, which joins them.
    assert!(!missed.contains("us_ofac_sdn:47006"), "{missed}");
    // Artem Chaika: born 1975 says OFAC, 1977 the EU.
    assert!(missed.contains("us_ofac_sdn:23303"), "{missed}");
    // Canada lists Arfa Paint Company apart from Yasa Part, which the other
    // lists give it as an alias: the clustering joins Canada's Arfa Paint
    // record with them (three pairs with a record the sample left out).
    assert_eq!(labelled["unlabelled_partners"], 3);
}
