//! `interdict graph` on the bundled lists, run as a user runs it.

// Helpers outside `#[test]` functions fail the test when the binary misbehaves.
#![allow(clippy::expect_used)]

use std::process::{Command, Output};

use serde_json::Value;

/// Runs the binary on the bundled lists, with no store.
fn interdict(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(args)
        .env_remove("INTERDICT_STORE")
        .env("XDG_DATA_HOME", "/nonexistent/interdict-tests")
        .output()
        .expect("the interdict binary runs")
}

fn json(args: &[&str]) -> Value {
    let output = interdict(args);
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("--format json prints JSON")
}

#[test]
fn who_lists_zhu_hailun_and_what_china_answered() {
    let report = json(&["graph", "who", "Zhu Hailun", "--format", "json"]);
    let listings: Vec<(String, Option<String>)> = report["listings"]
        .as_array()
        .expect("listings")
        .iter()
        .map(|l| {
            (
                l["authority"].as_str().unwrap_or_default().to_owned(),
                l["listed_on"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let mut authorities: Vec<&str> = listings.iter().map(|(a, _)| a.as_str()).collect();
    authorities.sort_unstable();
    assert_eq!(authorities, ["ca_gac", "eu", "gb_ofsi", "us_ofac"]);
    assert!(listings.contains(&("eu".into(), Some("2021-03-22".into()))));
    assert!(listings.contains(&("gb_ofsi".into(), Some("2021-03-22".into()))));
    assert!(listings.contains(&("ca_gac".into(), Some("2021-03-21".into()))));
    assert!(
        listings.contains(&("us_ofac".into(), None)),
        "OFAC's SDN XML gives no date: {listings:?}"
    );
    let against: Vec<&str> = report["counter_sanctions"]
        .as_array()
        .expect("counter_sanctions")
        .iter()
        .filter_map(|l| l["against"].as_str())
        .collect();
    assert_eq!(against, ["eu", "gb_ofsi", "ca_gac"]);

    let text = interdict(&["graph", "who", "eu_fsf:EU.6251.70"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("since 2021-03-22"), "{text}");
    assert!(text.contains("Adrian Zenz"), "{text}");
}

#[test]
fn listed_by_counts_the_eus_march_2021_and_counter_links_china() {
    // 29: counted from data/eu_fsf/eu_fsf_2024-05-13.xml.gz with Python (see
    // crates/graph/tests/bundled.rs).
    let listed = json(&[
        "graph",
        "listed-by",
        "eu",
        "--from",
        "2021-03-01",
        "--to",
        "2021-03-31",
        "--format",
        "json",
    ]);
    assert_eq!(listed["listings"].as_array().map(Vec::len), Some(29));
    assert_eq!(listed["by_programme"]["MMR"], 11);

    let counter = json(&[
        "graph",
        "counter",
        "--by",
        "cn_mfa",
        "--against",
        "eu",
        "--format",
        "json",
    ]);
    assert_eq!(counter["window_days"], 90);
    let links = counter["links"].as_array().expect("links");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0]["on"], "2021-03-22");
    let counter_names: Vec<&str> = links[0]["counter"]
        .as_array()
        .expect("counter")
        .iter()
        .filter_map(|l| l["caption"].as_str())
        .collect();
    assert!(counter_names.contains(&"Adrian Zenz"), "{counter_names:?}");
}

#[test]
fn bad_dates_and_unknown_authorities_are_named() {
    let output = interdict(&["graph", "listed-by", "eu", "--from", "22.03.2021"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\"22.03.2021\" is not a date"), "{stderr}");

    let output = interdict(&["graph", "counter", "--by", "nobody"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no listings by authority \"nobody\""),
        "{stderr}"
    );
}
