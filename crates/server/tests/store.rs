//! The API with its store, end to end over loopback HTTP, on the real UN
//! lists of 2024-05-15 and 2026-02-27: every screening recorded in the
//! audit log, `as_of`, diffs, monitoring, alerts and dispositions, and
//! versions activated by another process picked up.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{KEY, TestServer, delete, get, post, test_config};
use interdict_catalog::{Manifest, SourceInfo};
use interdict_server::store::ServerStore;
use interdict_server::{AppState, Config, Readiness};
use interdict_store::testing::{TestBackend, TestStore};
use interdict_store::{Store, Timestamp};

interdict_store::on_both_backends!(
    every_screening_is_recorded_with_the_list_versions_it_used,
    concurrent_screenings_are_all_recorded_in_one_unbroken_chain,
    as_of_screens_against_the_versions_served_then,
    diffs_between_versions_over_http,
    monitored_customers_raise_alerts_analysts_decide,
    versions_another_process_activates_are_served,
    store_routes_need_a_key,
);
use serde_json::{Value, json};

fn un_list(date: &str) -> PathBuf {
    let file = if date == "2024-05-15" {
        "un_consolidated.xml.gz"
    } else {
        "consolidated.xml.gz"
    };
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/lists/un_sc")
        .join(date)
        .join(file)
}

/// Stores a UN list as served from the start of `day` (a `Store` of its
/// own, as `interdict ingest` run at that time would).
fn ingest_un(store: &Path, date: &str, day: (u16, u8, u8)) {
    let at = Timestamp::start_of_day(day.0, day.1, day.2);
    let mut store = Store::open(store).unwrap().with_clock(move || at);
    store
        .ingest_file(&SourceInfo::named("un_sc"), &un_list(date))
        .unwrap();
}

/// A store holding the 2024 UN list (served from 2025-01-01) and, when
/// `both`, the 2026 one (served from 2026-03-01).
/// The store is a SQLite file or, on PostgreSQL, a database URL, given
/// where a path goes (as `--store` takes it); `None` when that backend is
/// not available.
fn un_store(backend: TestBackend, both: bool) -> Option<(TestStore, PathBuf)> {
    let place = TestStore::new(backend)?;
    let path = PathBuf::from(place.arg());
    ingest_un(&path, "2024-05-15", (2025, 1, 1));
    if both {
        ingest_un(&path, "2026-02-27", (2026, 3, 1));
    }
    Some((place, path))
}

/// A server on the store at `path`, its lists loaded.
fn serve(path: &Path, config: Config) -> TestServer {
    let store = Arc::new(ServerStore::open(path).unwrap());
    let state = AppState::with_store(config, store);
    let manifest =
        Manifest::from_files(&[(Some("un_sc".to_owned()), un_list("2026-02-27"))]).unwrap();
    state.spawn_loading(manifest).unwrap().join().unwrap();
    assert!(
        matches!(state.readiness(), Readiness::Ready { .. }),
        "{:?}",
        state.readiness()
    );
    TestServer::from_state(state)
}

fn config() -> Config {
    Config {
        reload_every: None,
        ..test_config()
    }
}

fn person(name: &str) -> Value {
    json!({"schema": "Person", "properties": {"name": [name]}})
}

fn audit(path: &Path) -> Vec<interdict_store::audit::AuditEntry> {
    Store::open(path).unwrap().audit_entries(1, 1000).unwrap()
}

fn every_screening_is_recorded_with_the_list_versions_it_used(backend: TestBackend) {
    let Some((_place, path)) = un_store(backend, true) else {
        return;
    };
    let server = serve(&path, config());
    let active = Store::open(&path)
        .unwrap()
        .active_version("un_sc")
        .unwrap()
        .unwrap();

    let lists = get(&server.url("/lists")).json();
    assert_eq!(lists["lists"][0]["id"], "un_sc");
    assert_eq!(lists["lists"][0]["version"], active.id);
    assert_eq!(lists["lists"][0]["content_hash"], active.content_hash);
    assert_eq!(lists["lists"][0]["entities"], 1003);

    let request = json!({"queries": {
        "a": person("Hafiz Muhammad Saeed"),
        "b": person("Nobody Atall Whatsoever"),
    }});
    let reply = post(&server.url("/match/default?threshold=0.8"), &request);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let top = reply.json()["responses"]["a"]["results"][0].clone();
    assert_eq!(top["match"], true, "{top}");
    let search = get(&server.url("/search?q=Hafiz%20Saeed"));
    assert_eq!(search.status, 200, "{}", search.body);

    let rows = audit(&path);
    assert_eq!(rows.len(), 3, "two queries and one search");
    let first = &rows[0];
    assert_eq!(first.actor, "tests");
    assert_eq!(first.kind, "screening");
    let body = &first.body;
    assert_eq!(body["request"], "POST /match/default");
    assert_eq!(body["query_name"], "a");
    assert_eq!(
        body["query"]["properties"]["name"],
        json!(["Hafiz Muhammad Saeed"])
    );
    assert!(body["engine"].as_str().unwrap().starts_with("interdict "));
    assert_eq!(body["threshold"], 0.8);
    assert_eq!(body["lists"][0]["source"], "un_sc");
    assert_eq!(body["lists"][0]["version"], active.id);
    assert_eq!(body["lists"][0]["content_hash"], active.content_hash);
    assert_eq!(body["results"][0]["entity_id"], top["id"]);
    assert_eq!(
        body["results"][0]["fingerprint"].as_str().unwrap().len(),
        32
    );
    assert!(body["results"][0]["explanation"]["name"].is_object());
    assert_eq!(rows[1].body["query_name"], "b");
    assert_eq!(rows[1].body["results"], json!([]));
    assert_eq!(rows[2].kind, "search");
    assert_eq!(rows[2].body["query"]["name"], "Hafiz Saeed");
    let check = Store::open(&path).unwrap().verify_audit().unwrap();
    assert_eq!(check.rows, 3);
    assert_eq!(check.first_bad, None);
}

fn concurrent_screenings_are_all_recorded_in_one_unbroken_chain(backend: TestBackend) {
    let Some((_place, path)) = un_store(backend, false) else {
        return;
    };
    let server = serve(&path, config());
    let url = server.url("/match/un_sc");
    std::thread::scope(|scope| {
        for client in 0..8 {
            let url = &url;
            scope.spawn(move || {
                for n in 0..10 {
                    let name = format!("Client {client} Query {n}");
                    let reply = post(url, &json!({"queries": {"q": person(&name)}}));
                    assert_eq!(reply.status, 200, "{}", reply.body);
                }
            });
        }
    });
    let rows = audit(&path);
    assert_eq!(rows.len(), 80);
    let check = Store::open(&path).unwrap().verify_audit().unwrap();
    assert_eq!(check.first_bad, None);
}

/// On SQLite only: the test makes the disk look full with a trigger.
#[test]
fn a_screening_that_cannot_be_recorded_is_not_returned() {
    let Some((_place, path)) = un_store(TestBackend::Sqlite, false) else {
        return;
    };
    let server = serve(&path, config());
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection
        .execute_batch(
            "CREATE TRIGGER full_disk BEFORE INSERT ON audit_log \
             BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END;",
        )
        .unwrap();
    let reply = post(
        &server.url("/match/default"),
        &json!({"queries": {"q": person("Hafiz Muhammad Saeed")}}),
    );
    assert_eq!(reply.status, 500, "{}", reply.body);
    assert!(reply.detail().contains("not returned"), "{}", reply.body);
    assert!(reply.detail().contains("disk is full"), "{}", reply.body);
    assert!(!reply.body.contains("results"));
}

fn as_of_screens_against_the_versions_served_then(backend: TestBackend) {
    let Some((_place, path)) = un_store(backend, true) else {
        return;
    };
    let server = serve(&path, config());
    // An entity the 2026 list added: found now, not as of mid-2025.
    let diff = get(&server.url("/lists/un_sc/diff")).json();
    let added = diff["added"][0].clone();
    let name = added["caption"].as_str().unwrap();
    let request = json!({"queries": {"q": person(name)}});
    let now = post(&server.url("/match/default"), &request).result_ids("q");
    assert_eq!(now.first().map(String::as_str), added["id"].as_str());
    let then = post(&server.url("/match/default?as_of=2025-06-01"), &request).result_ids("q");
    assert!(
        !then
            .iter()
            .any(|id| Some(id.as_str()) == added["id"].as_str())
    );

    let rows = audit(&path);
    let versions = Store::open(&path).unwrap().versions(Some("un_sc")).unwrap();
    assert_eq!(rows[1].body["as_of"], "2025-06-01");
    assert_eq!(rows[1].body["lists"][0]["version"], versions[0].id);
    assert_eq!(rows[0].body["lists"][0]["version"], versions[1].id);

    let before = post(&server.url("/match/default?as_of=2024-12-31"), &request);
    assert_eq!(before.status, 404, "{}", before.body);
    let bad = post(&server.url("/match/default?as_of=last%20year"), &request);
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.detail().contains("last year"), "{}", bad.body);
}

fn diffs_between_versions_over_http(backend: TestBackend) {
    let Some((_place, path)) = un_store(backend, true) else {
        return;
    };
    let server = serve(&path, config());
    let versions = get(&server.url("/lists/un_sc/versions")).json();
    assert_eq!(versions["versions"].as_array().unwrap().len(), 2);

    let diff = get(&server.url("/lists/un_sc/diff"));
    assert_eq!(diff.status, 200, "{}", diff.body);
    let diff = diff.json();
    assert_eq!(
        diff["counts"],
        json!({"added": 137, "removed": 9, "changed": 108, "reidentified": 0, "unchanged": 758})
    );
    assert_eq!(diff["old"]["published"], "2024-05-15");
    assert_eq!(diff["new"]["published"], "2026-02-27");
    assert_eq!(diff["fields"]["birth_places"], 74);
    assert_eq!(diff["added"].as_array().unwrap().len(), 137);
    assert_eq!(diff["truncated"], false);

    let named = get(&server.url("/lists/un_sc/diff?old=2024-05-15&new=2026-02-27&limit=5")).json();
    assert_eq!(named["counts"], diff["counts"]);
    assert_eq!(named["added"].as_array().unwrap().len(), 5);
    assert_eq!(named["truncated"], true);

    let unknown = get(&server.url("/lists/un_sc/diff?old=1999-01-01"));
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    let no_source = get(&server.url("/lists/xx_nowhere/diff"));
    assert_eq!(no_source.status, 404, "{}", no_source.body);
    let bad = get(&server.url("/lists/un_sc/diff?since=2024"));
    assert_eq!(bad.status, 400, "{}", bad.body);
}

fn monitored_customers_raise_alerts_analysts_decide(backend: TestBackend) {
    let Some((_place, path)) = un_store(backend, true) else {
        return;
    };
    let server = serve(&path, config());
    let request = json!({"customers": {
        "cust-1": {"schema": "Person", "properties": {"name": ["Hafiz Muhammad Saeed"]}},
        "cust-2": {"schema": "Person", "properties": {"name": ["Margarethe Lindqvist-Obermaier"]}},
    }});
    let reply = post(&server.url("/monitored"), &request);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    assert_eq!(
        body["customers"],
        json!({"cust-1": "added", "cust-2": "added"})
    );
    assert_eq!(body["rescreen"]["customers"], 2);
    let raised = body["rescreen"]["alerts"].as_array().unwrap();
    assert!(!raised.is_empty());
    assert!(
        raised.iter().all(|a| a["customer"] == "cust-1"),
        "{raised:?}"
    );

    let again = post(&server.url("/monitored"), &request).json();
    assert_eq!(again["customers"]["cust-1"], "unchanged");
    assert_eq!(
        again["rescreen"]["alerts"],
        json!([]),
        "no new hits, no alerts"
    );

    let watched = get(&server.url("/monitored")).json();
    assert_eq!(watched.as_array().unwrap().len(), 2);

    let open = get(&server.url("/alerts")).json();
    assert_eq!(open.as_array().unwrap().len(), raised.len());
    let alert = open[0]["id"].as_i64().unwrap();
    let decision = post(
        &server.url(&format!("/alerts/{alert}/disposition")),
        &json!({"decision": "false_positive", "comment": "born 1984 in Uppsala"}),
    );
    assert_eq!(decision.status, 200, "{}", decision.body);
    let decision = decision.json();
    assert_eq!(decision["actor"], "tests");
    let seq = decision["audit_seq"].as_i64().unwrap();
    let rows = audit(&path);
    let row = rows.iter().find(|r| r.seq == seq).unwrap();
    assert_eq!(row.kind, "disposition");
    assert_eq!(row.body["comment"], "born 1984 in Uppsala");

    let decided = get(&server.url("/alerts?status=false_positive")).json();
    assert_eq!(decided.as_array().unwrap().len(), 1);
    assert_eq!(decided[0]["id"], alert);
    assert_eq!(decided[0]["decided"]["decision"], "false_positive");
    assert_eq!(decided[0]["decided"]["comment"], "born 1984 in Uppsala");
    assert_eq!(decided[0]["decided"]["actor"], "tests");
    assert!(open[0].get("decided").is_none());
    let still_open = get(&server.url("/alerts")).json();
    assert_eq!(still_open.as_array().unwrap().len(), raised.len() - 1);

    let no_comment = post(
        &server.url(&format!("/alerts/{alert}/disposition")),
        &json!({"decision": "true_match", "comment": " "}),
    );
    assert_eq!(no_comment.status, 400, "{}", no_comment.body);
    let unknown_decision = post(
        &server.url(&format!("/alerts/{alert}/disposition")),
        &json!({"decision": "maybe", "comment": "x"}),
    );
    assert_eq!(unknown_decision.status, 422, "{}", unknown_decision.body);
    let no_alert = post(
        &server.url("/alerts/999999/disposition"),
        &json!({"decision": "true_match", "comment": "x"}),
    );
    assert_eq!(no_alert.status, 404, "{}", no_alert.body);
    let bad_status = get(&server.url("/alerts?status=closed"));
    assert_eq!(bad_status.status, 400, "{}", bad_status.body);

    assert_eq!(delete(&server.url("/monitored/cust-2")).status, 204);
    assert_eq!(delete(&server.url("/monitored/cust-2")).status, 404);
    let no_name = post(
        &server.url("/monitored"),
        &json!({"customers": {"c": {"schema": "Person", "properties": {}}}}),
    );
    assert_eq!(no_name.status, 400, "{}", no_name.body);
}

fn versions_another_process_activates_are_served(backend: TestBackend) {
    let Some((_place, path)) = un_store(backend, false) else {
        return;
    };
    let server = serve(
        &path,
        Config {
            reload_every: Some(Duration::from_millis(100)),
            ..test_config()
        },
    );
    let version =
        |server: &TestServer| get(&server.url("/lists")).json()["lists"][0]["version"].as_i64();
    let first = version(&server);
    // `interdict update` in another process.
    ingest_un(&path, "2026-02-27", (2026, 3, 1));
    let started = Instant::now();
    while version(&server) == first {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the new version is not served"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let lists = get(&server.url("/lists")).json();
    assert_eq!(lists["lists"][0]["published"], "2026-02-27");
    assert_eq!(lists["lists"][0]["entities"], 1003);
}

fn store_routes_need_a_key(backend: TestBackend) {
    let Some((_place, path)) = un_store(backend, false) else {
        return;
    };
    let server = serve(&path, config());
    for route in [
        "/alerts",
        "/monitored",
        "/lists/un_sc/diff",
        "/openapi.json",
    ] {
        let reply = common::get_with(&server.url(route), &[]);
        assert_eq!(reply.status, 401, "{route}: {}", reply.body);
    }
    let with_key = common::get_with(&server.url("/openapi.json"), &[("X-API-Key", KEY)]);
    assert_eq!(with_key.status, 200);
}
