//! The API over the bundled default lists, loaded in the background as
//! `interdict serve` loads them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{TestServer, get, get_with, post, test_config};
use interdict_catalog::Manifest;
use serde_json::json;

#[test]
fn zhu_hailun_on_the_bundled_lists() {
    let server = TestServer::start(test_config());
    let loading = server
        .state
        .spawn_loading(Manifest::bundled().unwrap())
        .unwrap();

    assert_eq!(get_with(&server.url("/healthz"), &[]).status, 200);
    let started = Instant::now();
    loop {
        let ready = get_with(&server.url("/readyz"), &[]);
        if ready.status == 200 {
            assert!(ready.json()["entities"].as_u64().unwrap() > 30_000);
            break;
        }
        assert_eq!(ready.status, 503);
        assert_eq!(ready.json()["status"], "loading", "{}", ready.body);
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "not ready after 5 minutes"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    loading.join().unwrap();

    let request = json!({"queries": {"zhu": {"schema": "Person", "properties": {
        "name": ["Zhu Hailun"], "birthDate": ["1958"], "nationality": ["cn"]}}}});
    let ids = |scope: &str| -> Vec<String> {
        post(&server.url(&format!("/match/{scope}?limit=20")), &request).result_ids("zhu")
    };
    let all = ids("default");
    assert!(all.contains(&"us_ofac_sdn:29219".to_owned()), "{all:?}");
    assert!(all.iter().any(|id| id.starts_with("gb_ofsi:")), "{all:?}");
    assert_eq!(ids("us_ofac_sdn"), ["us_ofac_sdn:29219"]);
    let uk = ids("gb_ofsi");
    assert!(
        !uk.is_empty() && uk.iter().all(|id| id.starts_with("gb_ofsi:")),
        "{uk:?}"
    );

    let chinese = post(
        &server.url("/match/us_ofac"),
        &json!({"queries": {"q": {"schema": "Person", "properties": {"name": "朱海仑"}}}}),
    )
    .json();
    assert_eq!(
        chinese["responses"]["q"]["results"][0]["id"],
        "us_ofac_sdn:29219"
    );

    let entity = get(&server.url("/entities/us_ofac_sdn:29219")).json();
    assert_eq!(entity["schema"], "Person");
    assert_eq!(
        entity["properties"]["sanctions"][0]["properties"]["program"],
        json!(["GLOMAG"])
    );

    let lists = get(&server.url("/lists")).json();
    let ofac = lists["lists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "us_ofac_sdn")
        .unwrap();
    assert_eq!(ofac["published"], "2024-05-07");
    assert!(ofac["entities"].as_u64().unwrap() > 10_000);
    let scopes = lists["scopes"].as_array().unwrap();
    for scope in [
        "default",
        "us_ofac_sdn",
        "us_ofac",
        "us_trade",
        "us_bis",
        "eu",
    ] {
        assert!(scopes.contains(&json!(scope)), "{scope}: {scopes:?}");
        let reply = post(&server.url(&format!("/match/{scope}")), &request);
        assert_eq!(reply.status, 200, "{scope}: {}", reply.body);
    }
}
