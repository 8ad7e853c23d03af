//! The clustering into subjects kept in the store: `interdict ingest` makes
//! and keeps it, `interdict screen` groups hits by it (each hit with its
//! subject and the subject's other records, as `POST /match` gives them),
//! and a `consolidate split` keeps a new one that `screen` follows at
//! once. On the bundled EU and UK lists.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{interdict_isolated, json, ok};

use std::path::{Path, PathBuf};

use interdict_store::testing::{TestBackend, TestStore};
use serde_json::Value;

interdict_store::on_both_backends!(screen_groups_hits_by_the_kept_clustering);

fn bundled_manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/manifest.toml")
}

/// The ids of a result group's entities.
fn entity_ids(group: &Value) -> Vec<&str> {
    group["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect()
}

/// The first result group holding a record of `source`, and that record's
/// id.
fn group_with<'a>(results: &'a [Value], source: &str) -> (&'a Value, String) {
    let prefix = format!("{source}:");
    results
        .iter()
        .find_map(|group| {
            entity_ids(group)
                .into_iter()
                .find(|id| id.starts_with(&prefix))
                .map(|id| (group, id.to_owned()))
        })
        .unwrap_or_else(|| panic!("no result from {source}: {results:?}"))
}

fn screen_groups_hits_by_the_kept_clustering(backend: TestBackend) {
    let Some(place) = TestStore::new(backend) else {
        return;
    };
    let store = place.arg();
    let data_home = tempfile::tempdir().unwrap();
    let data_home = data_home.path().join("nothing-here");
    let manifest = bundled_manifest();
    let manifest = manifest.to_str().unwrap();

    let ingested = json(&interdict_isolated(
        &store,
        &data_home,
        &[
            "--manifest",
            manifest,
            "--source",
            "eu_fsf",
            "--source",
            "gb_ofsi",
            "ingest",
            "--format",
            "json",
        ],
    ));
    let entities: u64 = ingested["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"]["entity_count"].as_u64().unwrap())
        .sum();
    let subjects = &ingested["subjects"];
    assert_eq!(subjects["already_kept"], false, "{subjects}");
    assert_eq!(subjects["records"].as_u64(), Some(entities), "{subjects}");
    let subject_count = subjects["subjects"].as_u64().unwrap();
    assert!(
        subject_count < entities && subject_count > entities / 2,
        "{subjects}"
    );
    assert!(subjects["bytes"].as_u64().unwrap() > 10_000, "{subjects}");
    let kept = place.open().clustering_keys().unwrap();
    assert_eq!(kept, [subjects["key"].as_str().unwrap()]);

    // Screening groups the hits by the kept subjects.
    let screen = |extra: &[&str]| {
        let mut args = vec!["screen", "Zhu Hailun", "--format", "json"];
        args.extend_from_slice(extra);
        interdict_isolated(&store, &data_home, &args)
    };
    let screened = screen(&[]);
    let stderr = String::from_utf8_lossy(&screened.stderr).into_owned();
    assert!(!stderr.contains("query time"), "{stderr}");
    let report = json(&screened);
    let results = report["results"].as_array().unwrap();
    let (eu_group, eu_id) = group_with(results, "eu_fsf");
    let (uk_group, uk_id) = group_with(results, "gb_ofsi");
    assert!(std::ptr::eq(eu_group, uk_group), "{results:?}");
    let subject_id = eu_group["subject_id"].as_str().unwrap();
    assert!(subject_id == eu_id || subject_id == uk_id, "{subject_id}");
    assert!(
        eu_group["subject_summary"]
            .as_str()
            .unwrap()
            .starts_with("sanctioned by "),
        "{eu_group}"
    );
    for entity in eu_group["entities"].as_array().unwrap() {
        assert_eq!(entity["subject_id"], subject_id, "{entity}");
    }
    let eu_hit = eu_group["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == eu_id.as_str())
        .unwrap();
    let referents: Vec<&str> = eu_hit["referents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(referents.contains(&uk_id.as_str()), "{referents:?}");

    // A split keeps a new clustering, which screening follows.
    let split = ok(&interdict_isolated(
        &store,
        &data_home,
        &[
            "consolidate",
            "split",
            &eu_id,
            &uk_id,
            "--comment",
            "checked: two people",
        ],
    ));
    assert!(split.contains("subjects: clustered"), "{split}");
    assert_eq!(place.open().clustering_keys().unwrap().len(), 2);
    let report = json(&screen(&[]));
    let results = report["results"].as_array().unwrap();
    let (eu_group, _) = group_with(results, "eu_fsf");
    let (uk_group, _) = group_with(results, "gb_ofsi");
    assert!(!std::ptr::eq(eu_group, uk_group), "{results:?}");
    assert_ne!(eu_group["subject_id"], uk_group["subject_id"]);
    assert!(eu_group["subject_id"].is_string(), "{eu_group}");
    assert!(uk_group["subject_id"].is_string(), "{uk_group}");

    // Lists no clustering is kept for are grouped at query time, and the
    // screening says so.
    let narrowed = screen(&["--source", "eu_fsf"]);
    let stderr = String::from_utf8_lossy(&narrowed.stderr).into_owned();
    assert!(stderr.contains("grouped at query time"), "{stderr}");
    assert!(stderr.contains("interdict consolidate"), "{stderr}");
    let report = json(&narrowed);
    let results = report["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(
        results.iter().all(|g| g.get("subject_id").is_none()),
        "{results:?}"
    );
}
