//! Consolidated subjects over HTTP: results carry their subject across
//! lists, `GET /subjects/{id}` shows every listing and why the records are
//! one, and `POST /subjects/decisions` splits a subject, stored and applied
//! at once. On the bundled EU, UK and Canadian lists, with a store.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{TestServer, consolidating_server, get, post};
use interdict_server::Readiness;
use interdict_server::store::ServerStore;
use serde_json::{Value, json};

/// How long the test waits for a (debug build's) consolidation.
const PATIENCE: Duration = Duration::from_secs(600);

fn server(dir: &std::path::Path) -> TestServer {
    let store = ServerStore::open(&dir.join("store.db")).unwrap();
    let state = consolidating_server(store, &["eu_fsf", "gb_ofsi", "ca_sema"]);
    assert!(
        matches!(state.readiness(), Readiness::Ready { .. }),
        "{:?}",
        state.readiness()
    );
    TestServer::from_state(state)
}

/// `GET path` until `done` holds of the answer, or fails after [`PATIENCE`].
fn wait_for(server: &TestServer, path: &str, done: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let reply = get(&server.url(path));
        if reply.status == 200 && done(&reply.json()) {
            return reply.json();
        }
        assert!(
            reply.status == 200 || reply.status == 503,
            "{}: {}",
            reply.status,
            reply.body
        );
        assert!(
            started.elapsed() < PATIENCE,
            "{path} not as expected in time: {}",
            reply.body
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn member_ids(subject: &Value) -> Vec<String> {
    let mut ids: Vec<String> = subject["listings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["entity_id"].as_str().unwrap().to_owned())
        .collect();
    ids.dedup();
    ids
}

#[test]
fn a_subject_across_lists_is_shown_and_can_be_split() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path());

    // Zhu Hailun is on all three lists.
    let request =
        json!({"queries": {"q": {"schema": "Person", "properties": {"name": ["Zhu Hailun"]}}}});
    let reply = post(&server.url("/match/default?threshold=0.8"), &request);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let results = reply.json()["responses"]["q"]["results"].clone();
    let listed = |prefix: &str| -> String {
        results
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"].as_str().unwrap().starts_with(prefix) && r["match"] == true)
            .unwrap_or_else(|| panic!("{prefix} in {results}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (eu, uk, ca) = (listed("eu_fsf:"), listed("gb_ofsi:"), listed("ca_sema:"));

    let subject = wait_for(&server, &format!("/subjects/{eu}"), |_| true);
    let members = member_ids(&subject);
    for id in [&eu, &uk, &ca] {
        assert!(members.contains(id), "{id} in {subject}");
    }
    let summary = subject["summary"].as_str().unwrap();
    for badge in ["EU", "UK", "CA"] {
        assert!(summary.contains(badge), "{summary}");
    }
    assert!(summary.contains("since 2021-03-2"), "{summary}");
    let reasons = subject["links"].to_string();
    assert!(reasons.contains("same name"), "{reasons}");
    // Any member's id gives the same subject.
    let by_uk = get(&server.url(&format!("/subjects/{uk}"))).json();
    assert_eq!(by_uk["id"], subject["id"]);

    // Screening now shows the consolidated subject.
    let reply = post(&server.url("/match/default?threshold=0.8"), &request);
    let results = reply.json()["responses"]["q"]["results"].clone();
    let of = |id: &str| {
        results
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(of(&eu)["subject_id"], subject["id"]);
    assert_eq!(of(&eu)["subject"], of(&uk)["subject"]);
    assert_eq!(of(&eu)["subject"], of(&ca)["subject"]);
    let referents = of(&eu)["referents"].to_string();
    assert!(
        referents.contains(&uk) && referents.contains(&ca),
        "{referents}"
    );

    // Bad decisions are refused, naming what is wrong.
    let decide = |body: Value| post(&server.url("/subjects/decisions"), &body);
    let reply = decide(json!({"decision": "split", "a": eu, "b": uk, "comment": " "}));
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.detail().contains("comment"), "{}", reply.body);
    let reply = decide(json!({"decision": "divorce", "a": eu, "b": uk, "comment": "x"}));
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.detail().contains("divorce"), "{}", reply.body);
    let reply = decide(json!({"decision": "split", "a": eu, "b": "eu_fsf:nobody", "comment": "x"}));
    assert_eq!(reply.status, 404, "{}", reply.body);
    assert!(reply.detail().contains("eu_fsf:nobody"), "{}", reply.body);
    assert_eq!(get(&server.url("/subjects/nobody:1")).status, 404);

    // A split is stored, audited, and applied.
    let reply = decide(
        json!({"decision": "split", "a": eu, "b": uk, "comment": "checking the split works"}),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    let decided = reply.json();
    assert_eq!(decided["decision"], "split");
    assert!(decided["audit_seq"].as_i64().unwrap() > 0, "{decided}");
    let split = wait_for(&server, &format!("/subjects/{eu}"), |s| {
        !member_ids(s).contains(&uk)
    });
    let uk_subject = get(&server.url(&format!("/subjects/{uk}"))).json();
    assert!(!member_ids(&uk_subject).contains(&eu), "{uk_subject}");
    assert_ne!(split["id"], uk_subject["id"]);
}
