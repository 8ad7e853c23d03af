//! `interdict compare` and `interdict eval entities`, run as a user runs
//! them. Neither loads the bundled lists, so these tests are quick.

// Helpers outside `#[test]` functions fail the test when the binary misbehaves.
#![allow(clippy::expect_used)]

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn interdict(args: &[&str]) -> Output {
    interdict_with_input(args, "")
}

fn interdict_with_input(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the interdict binary runs");
    child
        .stdin
        .take()
        .expect("standard input is piped")
        .write_all(input.as_bytes())
        .expect("the input is written");
    child.wait_with_output().expect("the interdict binary ends")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Writes `text` to a file of this test run and returns its path.
fn file(name: &str, text: &str) -> String {
    let path = format!("{}/{name}", env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(&path, text).expect("the test file is written");
    path
}

const PAIRS: &str = concat!(
    r#"{"left":{"id":"a","schema":"Person","properties":{"name":["Vladimir Putin"],"birthDate":["1952-10-07"]}},"#,
    r#""right":{"id":"b","schema":"Person","properties":{"name":["Владимир Путин"],"birthDate":["1952"]}},"judgement":"positive"}"#,
    "\n\n",
    r#"{"left":{"id":"c","schema":"Person","properties":{"name":["Sea Star"]}},"#,
    r#""right":{"id":"d","schema":"Vessel","properties":{"name":["Sea Star"]}},"judgement":"negative"}"#,
    "\n",
    r#"{"left":{"schema":"Company","properties":{"name":["Siemens AG"]}},"#,
    r#""right":{"schema":"Company","properties":{"name":["Volkswagen AG"]}}}"#,
    "\n",
);

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

#[test]
fn two_names_print_score_decision_and_explanation() {
    let text = stdout(&interdict(&[
        "compare",
        "Olaf Scholze",
        "Olaf Scholz",
        "--schema",
        "Person",
    ]));
    assert!(
        text.starts_with("\"Olaf Scholze\" ~ \"Olaf Scholz\" (Person)\nscore "),
        "{text}"
    );
    assert!(text.contains(": a match at threshold 0.80"), "{text}");
    assert!(text.contains("olaf=olaf exact 1.00"), "{text}");

    let json: Value = serde_json::from_str(&stdout(&interdict(&[
        "compare",
        "ZHU, Hailun",
        "朱海仑",
        "--format",
        "json",
    ])))
    .expect("compare --format json prints JSON");
    assert_eq!(json["schema"], "LegalEntity");
    assert_eq!(json["score"], 1.0);
    assert_eq!(json["match"], true);
    assert_eq!(json["explanation"]["name"]["query_romanisation"], "latin");
}

#[test]
fn compare_loads_no_list() {
    let text = stdout(&interdict(&[
        "--manifest",
        "/no/such/manifest.toml",
        "compare",
        "Angela Merkel",
        "Angelo Mercaz",
    ]));
    assert!(text.contains("no match"), "{text}");
}

#[test]
fn pairs_from_a_file_give_one_json_line_each() {
    let path = file("pairs.jsonl", PAIRS);
    let lines = json_lines(&stdout(&interdict(&["compare", "--pairs", &path])));
    let [putin, sea_star, companies] = lines.as_slice() else {
        panic!("three lines: {lines:?}");
    };
    assert_eq!(
        (&putin["left_id"], &putin["right_id"]),
        (&"a".into(), &"b".into())
    );
    assert_eq!(putin["match"], true);
    assert!(putin["explanation"]["features"].is_array(), "{putin}");
    assert_eq!(sea_star["score"], 0.0);
    assert_eq!(sea_star["reason"], "a Person cannot be a Vessel");
    assert_eq!(companies["match"], false);
    assert!(companies.get("left_id").is_none(), "{companies}");
}

#[test]
fn pairs_from_standard_input_as_a_json_array() {
    let array: Vec<Value> = json_lines(&PAIRS.replace("\n\n", "\n"));
    let input = serde_json::to_string(&array).expect("JSON");
    let lines = json_lines(&stdout(&interdict_with_input(
        &["compare", "--pairs", "-"],
        &input,
    )));
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["reason"], "a Person cannot be a Vessel");
}

#[test]
fn a_malformed_pair_names_the_file_and_line() {
    let path = file(
        "malformed.jsonl",
        &format!("{PAIRS}{{\"left\": {{\"schema\": \"Person\"}}}}\n"),
    );
    let output = interdict(&["compare", "--pairs", &path]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim(),
        format!("error: {path}: line 5: no \"right\" entity")
    );
    assert_eq!(
        json_lines(&String::from_utf8_lossy(&output.stdout)).len(),
        3
    );
}

const CHECKS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/eval/nomenklatura_entity_bench/checks.yml"
);

#[test]
fn eval_entities_reports_the_real_checks() {
    let report: Value = serde_json::from_str(&stdout(&interdict(&[
        "eval", "entities", CHECKS, "--format", "json",
    ])))
    .expect("eval entities --format json prints JSON");
    assert_eq!(report["checks"], 228);
    assert_eq!(report["overall"]["cases"], 228);
    for figure in ["accuracy", "precision", "recall", "f1"] {
        assert!(report["overall"][figure].is_number(), "{figure}");
    }
    assert!(report["best_threshold"].is_number());

    let text = stdout(&interdict(&["eval", "entities", CHECKS, "--show-errors"]));
    assert!(text.starts_with("Entity benchmark: 228 checks"), "{text}");
    assert!(text.contains("\nDecided wrongly:\n  check "), "{text}");
}

#[test]
fn an_unreadable_check_names_the_file_and_check() {
    let path = file(
        "checks.yml",
        "checks:\n  - {match: true, schema: Person, query: {name: A}, candidate: {name: B}}\n  - {match: maybe, schema: Person, query: {name: A}, candidate: {name: B}}\n",
    );
    let output = interdict(&["eval", "entities", &path]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(&format!("error: {path}: check 2: ")),
        "{stderr}"
    );
}
