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
    // Zhu Hailun on the US, EU, UK and Canadian lists is one subject.
    let answer = post(&server.url("/match/default?limit=20"), &request).json();
    let subject_of = |id: &str| {
        answer["responses"]["zhu"]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["subject"].clone())
    };
    let first = subject_of("us_ofac_sdn:29219").expect("the OFAC record");
    for id in [
        "eu_fsf:EU.6251.70",
        "gb_ofsi:14078",
        "ca_sema:china-part-1-item-1",
    ] {
        assert_eq!(subject_of(id), Some(first.clone()), "{id}");
    }
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

    // The same person on the other lists: EU, UK and Canada, all listed
    // in March 2021.
    let related = get(&server.url("/entities/us_ofac_sdn:29219/related")).json();
    let ids: Vec<&str> = related["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in [
        "eu_fsf:EU.6251.70",
        "gb_ofsi:14078",
        "ca_sema:china-part-1-item-1",
    ] {
        assert!(ids.contains(&id), "{id} not in {ids:?}");
    }
    assert!(!ids.contains(&"us_ofac_sdn:29219"));
    for record in related["related"].as_array().unwrap() {
        let sanctions = record["properties"]["sanctions"].as_array().unwrap();
        assert!(
            sanctions.iter().any(|s| {
                s["properties"]["startDate"]
                    .as_array()
                    .or_else(|| s["properties"]["listingDate"].as_array())
                    .is_some_and(|d| {
                        d.iter()
                            .any(|d| d.as_str().unwrap_or("").starts_with("2021-03"))
                    })
            }),
            "{record}"
        );
    }
    assert_eq!(get(&server.url("/entities/nowhere:1/related")).status, 404);

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
