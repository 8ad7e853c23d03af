//! `GET /graph` and its questions over the bundled lists, with the
//! illustrative Russian MFA stop list (a user's list, authority `ru_mfa`)
//! loaded beside them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

use common::{TestServer, example_list, get, get_with, test_config};
use interdict_catalog::Manifest;
use interdict_server::Lists;

fn server() -> TestServer {
    let started = Instant::now();
    let mut sources = Manifest::bundled().unwrap().load().unwrap();
    let stop_list = Manifest::from_files(&[(None, example_list("ru_mfa_stop_list.yaml"))]).unwrap();
    sources.extend(stop_list.load().unwrap());
    TestServer::with_lists(test_config(), Lists::new(sources, started.elapsed()))
}

#[test]
fn the_graph_answers_over_http() {
    let server = server();

    // The overview: nodes are authorities, edges their targets' countries,
    // and China's MFA answered the EU, the UK, Canada and the US (BIS).
    let overview = get(&server.url("/graph"));
    assert_eq!(overview.status, 200, "{}", overview.body);
    let overview = overview.json();
    let authorities: Vec<&str> = overview["authorities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["authority"].as_str())
        .collect();
    for id in ["eu", "gb_ofsi", "ca_gac", "us_ofac", "cn_mfa", "ru_mfa"] {
        assert!(authorities.contains(&id), "{id} in {authorities:?}");
    }
    let edges: Vec<(&str, &str)> = overview["counter_edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["by"].as_str().unwrap(), e["against"].as_str().unwrap()))
        .collect();
    for against in ["eu", "gb_ofsi", "ca_gac", "us_bis"] {
        assert!(edges.contains(&("cn_mfa", against)), "{against}: {edges:?}");
    }
    // The DoD's 1260H companies are China's: MOFCOM's countermeasures
    // against US firms answer its editions.
    assert!(edges.contains(&("cn_mofcom", "us_dod")), "{edges:?}");
    assert_eq!(overview["window_days"], 90);
    let eu_cn = overview["target_edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["authority"] == "eu" && e["target"] == "CN")
        .expect("the EU lists targets of CN");
    assert!(eu_cn["listings"].as_u64().unwrap() >= 5);

    // Who lists Zhu Hailun, by name and by id.
    let who = get(&server.url("/graph/who?name=Zhu%20Hailun"));
    assert_eq!(who.status, 200, "{}", who.body);
    let who = who.json();
    let mut listed: Vec<&str> = who["listings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["authority"].as_str())
        .collect();
    listed.sort_unstable();
    assert_eq!(listed, ["ca_gac", "eu", "gb_ofsi", "us_ofac"]);
    let by_id = get(&server.url("/graph/who?entity=eu_fsf:EU.6251.70")).json();
    assert_eq!(by_id["listings"][0]["listed_on"], "2021-03-22");
    assert_eq!(by_id["counter_sanctions"][0]["by"], "cn_mfa");

    // What the EU listed in March 2021 (29, see crates/graph/tests/bundled.rs).
    let march = get(&server.url("/graph/listed-by/eu?from=2021-03-01&to=2021-03-31&limit=5"));
    assert_eq!(march.status, 200, "{}", march.body);
    let march = march.json();
    assert_eq!(march["total"], 29);
    assert_eq!(march["listings"].as_array().unwrap().len(), 5);

    // The counter-sanctions by China against the EU.
    let counter = get(&server.url("/graph/counter?by=cn_mfa&against=eu")).json();
    assert_eq!(counter["links"].as_array().unwrap().len(), 1);
    assert_eq!(counter["links"][0]["on"], "2021-03-22");

    // Russia's stop list of 2022-03-15 names no countermeasure, so it is
    // linked on timing alone: to BIS's listings of Russian targets before.
    let named = get(&server.url("/graph/counter?by=ru_mfa")).json();
    assert!(named["links"].as_array().unwrap().is_empty());
    let timing = get(&server.url("/graph/counter?by=ru_mfa&timing_only=true")).json();
    let links = timing["links"].as_array().unwrap();
    assert!(
        links
            .iter()
            .any(|l| l["against"] == "us_bis" && l["on"] == "2022-03-15"),
        "{links:?}"
    );
}

#[test]
fn bad_questions_are_400s_that_say_why() {
    let server = server();
    let bad_date = get(&server.url("/graph/listed-by/eu?from=22.03.2021"));
    assert_eq!(bad_date.status, 400);
    assert!(
        bad_date.detail().contains("\"22.03.2021\" is not a date"),
        "{}",
        bad_date.body
    );
    let reversed = get(&server.url("/graph/listed-by/eu?from=2021-04-01&to=2021-03-01"));
    assert_eq!(reversed.status, 400);
    let unknown = get(&server.url("/graph/listed-by/nobody"));
    assert_eq!(unknown.status, 400);
    assert!(
        unknown
            .detail()
            .contains("no listings by authority \"nobody\""),
        "{}",
        unknown.body
    );
    let unknown = get(&server.url("/graph/counter?against=nobody"));
    assert_eq!(unknown.status, 400);
    let nothing = get(&server.url("/graph/who"));
    assert_eq!(nothing.status, 400);
    let no_entity = get(&server.url("/graph/who?entity=eu_fsf:nothing"));
    assert_eq!(no_entity.status, 404);
    let no_key = get_with(&server.url("/graph"), &[]);
    assert_eq!(no_key.status, 401);
}
