//! `interdict screen` and `interdict lists` on the bundled lists, run as a
//! user runs them.

// Helpers outside `#[test]` functions fail the test when the binary misbehaves.
#![allow(clippy::expect_used)]

use std::process::{Command, Output};

use serde_json::Value;

/// Runs the binary on the bundled lists: with no store (a store that holds
/// list versions would be screened against instead).
fn interdict(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(args)
        .env_remove("INTERDICT_STORE")
        .env("XDG_DATA_HOME", "/nonexistent/interdict-tests")
        .output()
        .expect("the interdict binary runs")
}

/// Screens `name` and returns the JSON report.
fn screen_json(name: &str, extra: &[&str]) -> Value {
    let mut args = vec!["screen", name, "--format", "json"];
    args.extend_from_slice(extra);
    let output = interdict(&args);
    assert!(
        output.status.success(),
        "screen {name:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("screen --format json prints JSON")
}

/// The entity ids of the first result group.
fn first_group_ids(report: &Value) -> Vec<String> {
    report["results"][0]["entities"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|hit| hit["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

const ZHU_HAILUN: [&str; 4] = [
    "us_ofac_sdn:29219",
    "eu_fsf:EU.6251.70",
    "ca_sema:china-part-1-item-1",
    "gb_ofsi:14078",
];

#[test]
fn zhu_hailun_in_latin_han_and_last_first_order_is_one_result_on_three_lists() {
    for name in ["Zhu Hailun", "朱海仑", "ZHU, Hailun"] {
        let report = screen_json(name, &[]);
        let mut ids = first_group_ids(&report);
        ids.sort();
        let mut expected = ZHU_HAILUN.map(str::to_owned).to_vec();
        expected.sort();
        assert_eq!(ids, expected, "{name}");
        let listed_by = &report["results"][0]["listed_by"];
        assert_eq!(
            listed_by,
            &serde_json::json!(["US", "EU", "CA", "UK"]),
            "{name}"
        );
    }
}

#[test]
fn cyrillic_query_finds_sergey_lavrov() {
    let report = screen_json("Сергей Лавров", &[]);
    let ids = first_group_ids(&report);
    assert!(ids.contains(&"eu_fsf:EU.7511.15".to_owned()), "{ids:?}");
    assert!(ids.contains(&"us_ofac_sdn:35233".to_owned()), "{ids:?}");
    let first = &report["results"][0]["entities"][0];
    assert_eq!(
        first["explanation"]["name"]["query_romanisation"],
        "cyrillic_bgn_pcgn"
    );
}

#[test]
fn adrian_zenz_is_on_chinas_counter_sanctions() {
    let report = screen_json("Adrian Zenz", &[]);
    assert_eq!(first_group_ids(&report), ["cn_sanctions:adrian-zenz"]);
    let listing = &report["results"][0]["entities"][0]["listings"][0];
    assert_eq!(listing["authority"], "cn_mfa");
    assert_eq!(listing["listed_on"], "2021-03-22");
}

#[test]
fn unlisted_people_are_not_hits() {
    for name in ["Mao Ning", "Angela Merkel"] {
        let report = screen_json(name, &[]);
        assert_eq!(report["results"], serde_json::json!([]), "{name}");
    }
}

#[test]
fn json_report_carries_listings_scores_and_explanations() {
    let report = screen_json(
        "Chen Quanguo",
        &["--dob", "1955-11-20", "--country", "China"],
    );
    assert_eq!(
        report["query"]["birth_dates"],
        serde_json::json!(["1955-11-20"])
    );
    assert_eq!(report["query"]["countries"], serde_json::json!(["CN"]));
    assert_eq!(report["threshold"].as_f64(), Some(0.8));
    assert_eq!(report["lists"].as_array().map(Vec::len), Some(11));
    let canada = report["results"][0]["entities"]
        .as_array()
        .and_then(|hits| {
            hits.iter().find(|h| {
                h["id"]
                    .as_str()
                    .is_some_and(|id| id.starts_with("ca_sema:"))
            })
        })
        .expect("Chen Quanguo's Canadian listing is in the first result");
    assert_eq!(canada["birth_dates"], serde_json::json!(["1955-11"]));
    assert_eq!(canada["listings"][0]["listed_on"], "2024-12-09");
    let features = canada["explanation"]["features"]
        .as_array()
        .expect("features");
    let birth_date = features
        .iter()
        .find(|f| f["feature"] == "birth_date")
        .expect("a date-of-birth feature");
    assert!(
        birth_date["effect"].as_f64().is_some_and(|e| e > 0.0),
        "{birth_date}"
    );
    let score = canada["score"].as_f64().expect("score");
    assert!((0.8..=1.0).contains(&score), "{score}");
}

#[test]
fn a_conflicting_birth_date_lowers_the_score_below_the_threshold() {
    let report = screen_json(
        "Chen Quanguo",
        &["--dob", "1990-01-01", "--source", "ca_sema"],
    );
    assert_eq!(report["results"], serde_json::json!([]));
    let report = screen_json(
        "Chen Quanguo",
        &[
            "--dob",
            "1990-01-01",
            "--source",
            "ca_sema",
            "--threshold",
            "0",
        ],
    );
    let features = &report["results"][0]["entities"][0]["explanation"]["features"];
    assert!(
        features[0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("conflicts with")),
        "{features}"
    );
}

#[test]
fn table_output_names_lists_and_reasons() {
    let output = interdict(&["screen", "Zhu Hailun"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("1. "), "{text}");
    assert!(
        text.contains("[EU] European Union | HR | listed 2021-03-22 | ref EU.6251.70"),
        "{text}"
    );
    assert!(text.contains("zhu=zhu exact"), "{text}");
}

#[test]
fn lists_shows_every_bundled_source_with_counts() {
    let output = interdict(&["lists", "--format", "json"]);
    assert!(output.status.success());
    let lists: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let counts: Vec<(String, u64, String)> = lists
        .as_array()
        .expect("an array")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap_or_default().to_owned(),
                s["entities"].as_u64().unwrap_or_default(),
                s["published"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("us_ofac_sdn", 14_966, "2024-05-07"),
        ("eu_fsf", 4_811, "2024-05-13"),
        ("un_sc", 1_003, "2026-02-27"),
        ("ca_sema", 4_759, "2025-05"),
        ("cn_sanctions", 457, "2026-08"),
        ("us_ofac_cons", 442, "2026-01-08"),
        ("gb_ofsi", 4_688, "2025-04-14"),
        ("ch_seco", 3, "2024-01-17"),
        ("au_dfat", 3_062, "2024-12"),
        ("us_trade_csl", 3_625, "2022-05-16"),
        ("us_dod_1260h", 224, "2026-08"),
    ]
    .map(|(id, n, date)| (id.to_owned(), n, date.to_owned()));
    assert_eq!(counts, expected);
}

#[test]
fn bad_input_is_one_clear_line_and_a_failure() {
    for (args, message) in [
        (
            vec!["screen", "x", "--dob", "someday"],
            "error: --dob: cannot read \"someday\" as a date",
        ),
        (
            vec!["screen", "x", "--country", "Atlantis"],
            "error: --country \"Atlantis\" is not a known country",
        ),
        (
            vec!["screen", "x", "--threshold", "2"],
            "error: --threshold 2 is outside 0 to 1",
        ),
        (
            vec!["screen"],
            "error: the following required arguments were not provided: <NAME>",
        ),
        (
            vec!["--manifest", "/nonexistent/manifest.toml", "lists"],
            "error: /nonexistent/manifest.toml: cannot read manifest",
        ),
        (vec!["--source", "nope", "lists"], "unknown source \"nope\""),
    ] {
        let output = interdict(&args);
        assert!(!output.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn show_prints_an_entity_as_text_json_and_followthemoney() {
    let output = interdict(&["show", "eu_fsf:EU.6251.70"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("朱海仑 [alias, Hani, zh]"), "{text}");
    assert!(
        text.contains("listing   [EU] European Union | HR | listed 2021-03-22"),
        "{text}"
    );

    let output = interdict(&["show", "eu_fsf:EU.6251.70", "--format", "json"]);
    let entity: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(entity["birth_dates"], serde_json::json!(["1958-01"]));
    assert_eq!(entity["citizenships"], serde_json::json!(["CN"]));

    let output = interdict(&["show", "us_ofac_sdn:29219", "--format", "ftm"]);
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one FtM entity per line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["schema"], "Person");
    assert_eq!(lines[1]["schema"], "Sanction");
    assert_eq!(
        lines[1]["properties"]["program"],
        serde_json::json!(["GLOMAG"])
    );

    let output = interdict(&["show", "un_sc:NOPE"]);
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "error: no entity \"un_sc:NOPE\""
    );
}

const SHARED_LISTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/lists/");

#[test]
fn load_recognises_a_file_and_reports_what_it_holds() {
    let file = format!("{SHARED_LISTS}un_sc/2024-05-15/un_consolidated.xml.gz");
    let output = interdict(&["load", &file, "--format", "json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let list = &report["lists"][0];
    assert_eq!(list["format"], "un_sc_xml");
    assert_eq!(list["authority"], "un_sc");
    assert_eq!(list["published"], "2024-05-15");
    assert_eq!(list["entities"], 875);
    assert_eq!(report["warnings"].as_array().map(Vec::len), Some(10));

    let companion = format!("{SHARED_LISTS}us_ofac/sdn_csv_2021-07/alt.csv.gz");
    let output = interdict(&["load", &companion]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot tell which list format this is"),
        "{stderr}"
    );
    assert!(
        stderr.contains("companion file of OFAC's legacy CSV set"),
        "{stderr}"
    );
}

#[test]
fn screening_against_a_list_file_instead_of_the_bundled_lists() {
    let file = format!("canada_2020={SHARED_LISTS}ca_sema/2020-04/sema-lmes.xml.gz");
    let report = screen_json("Nicolas Maduro", &["--list", &file]);
    assert_eq!(report["lists"][0]["id"], "canada_2020");
    assert_eq!(report["lists"][0]["entities"], 1_369);
    let ids = first_group_ids(&report);
    assert!(
        ids.iter().all(|id| id.starts_with("canada_2020:")),
        "{ids:?}"
    );
    assert_eq!(ids.len(), 1, "{ids:?}");
}

#[test]
fn an_identifier_finds_a_vessel_whatever_its_name() {
    let report = screen_json(
        "Unknown Ship",
        &["--id", "IMO 9187629", "--schema", "vessel"],
    );
    let ids = first_group_ids(&report);
    assert!(!ids.is_empty(), "no hit for the IMO number");
    let features = &report["results"][0]["entities"][0]["explanation"]["features"];
    assert!(
        features
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["feature"] == "identifier")),
        "{features}"
    );
}
