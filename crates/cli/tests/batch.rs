//! `interdict batch` run as a user runs it, against the UN list only so the
//! tests stay quick.

// Helpers outside `#[test]` functions fail the test when the binary misbehaves.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use interdict_batch::OutputFormat;
use interdict_batch::output::read_hits;
use serde_json::Value;

const POSITIVES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/eval/yente_screening_fixtures/positives_un_untreated.csv"
);

fn interdict(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(["--source", "un_sc"])
        .args(args)
        .output()
        .expect("the interdict binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The first `n` UN positives as `ref,Kunde,geboren,land` rows.
fn write_sample(path: &Path, n: usize) {
    let mut reader = csv::Reader::from_path(POSITIVES).unwrap();
    let mut writer = csv::Writer::from_path(path).unwrap();
    writer
        .write_record(["ref", "Kunde", "geboren", "land"])
        .unwrap();
    for (i, record) in reader.records().take(n).enumerate() {
        let record = record.unwrap();
        writer
            .write_record([&format!("K{}", i + 1), &record[0], &record[5], &record[7]])
            .unwrap();
    }
    writer.flush().unwrap();
}

#[test]
fn a_csv_with_named_columns_screens_into_parquet_with_a_json_summary() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("customers.csv");
    write_sample(&input, 6);
    let output = dir.path().join("hits.parquet");
    let run = interdict(&[
        "batch",
        input.to_str().unwrap(),
        "--out",
        output.to_str().unwrap(),
        "--name-column",
        "Kunde",
        "--dob-column",
        "geboren",
        "--country-column",
        "land",
        "--format",
        "json",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    // Standard error is not a terminal here: no progress bar, one line.
    let stderr = text(&run.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("loaded and indexed "), "{stderr}");
    let summary: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(summary["rows"], 6);
    assert_eq!(summary["rows_with_hits"], 6);
    assert_eq!(summary["complete"], true);
    assert!(summary["elapsed_secs"].as_f64().unwrap() > 0.0);
    assert!(summary["rows_per_sec"].as_f64().unwrap() > 0.0);

    let hits = read_hits(&output, OutputFormat::Parquet).unwrap();
    assert_eq!(Some(hits.len() as u64), summary["hits"].as_u64());
    assert_eq!(hits[0].row, 1);
    assert_eq!(hits[0].key.as_deref(), Some("K1"));
    assert!(hits[0].entity_id.starts_with("un_sc:"));
    assert!(hits.iter().all(|h| h.score >= 0.8));

    // --quiet says nothing on standard error; the table summary is on
    // standard output.
    let jsonl = dir.path().join("hits.jsonl");
    let run = interdict(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        jsonl.to_str().unwrap(),
        "--name-column",
        "Kunde",
        "--quiet",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(text(&run.stderr), "");
    let stdout = text(&run.stdout);
    assert!(stdout.starts_with("6 rows: 6 with hits, "), "{stdout}");
    assert!(stdout.contains("rows/s on"), "{stdout}");
}

#[test]
fn a_bad_row_stops_the_run_naming_file_row_and_field_and_keeps_earlier_rows() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("customers.csv");
    std::fs::write(
        &input,
        "name,dob,nationality\nABDULHAI SALEK,1965,af\nJANAN AGHA,1958,af\nANOTHER NAME,the 5th of never,af\n",
    )
    .unwrap();
    let output = dir.path().join("hits.csv");
    let run = interdict(&[
        "batch",
        input.to_str().unwrap(),
        "--out",
        output.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(!run.status.success());
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains(&format!(
            "{}: row 3 (line 4), field dob: cannot read \"the 5th of never\" as a date",
            input.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("the first 2 records are screened and their hits written"),
        "{stderr}"
    );
    let rows: Vec<u64> = read_hits(&output, OutputFormat::Csv)
        .unwrap()
        .iter()
        .map(|h| h.row)
        .collect();
    assert!(
        rows.contains(&1) && rows.contains(&2) && !rows.contains(&3),
        "{rows:?}"
    );

    let run = interdict(&["batch", input.to_str().unwrap(), "--out", "hits.xlsx"]);
    assert!(!run.status.success());
    assert!(
        text(&run.stderr).contains("cannot tell the output format from the extension"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn a_killed_run_resumes_to_exactly_the_output_of_an_uninterrupted_one() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("customers.csv");
    write_sample(&input, 80);
    let output = dir.path().join("hits.jsonl");
    let checkpoint = dir.path().join("hits.jsonl.checkpoint");
    let args = |out: &Path| {
        vec![
            "batch".to_owned(),
            input.display().to_string(),
            "--out".to_owned(),
            out.display().to_string(),
            "--name-column".to_owned(),
            "Kunde".to_owned(),
            "--chunk-rows".to_owned(),
            "1".to_owned(),
            "--threads".to_owned(),
            "1".to_owned(),
            "--quiet".to_owned(),
        ]
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(["--source", "un_sc"])
        .args(args(&output))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once a few records are checkpointed.
    let started = Instant::now();
    let mut killed = false;
    while started.elapsed() < Duration::from_secs(120) {
        let done = std::fs::read_to_string(&checkpoint)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .and_then(|v| v["rows_done"].as_u64())
            .unwrap_or(0);
        if done >= 3 {
            killed = child.kill().is_ok();
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.wait();
    assert!(killed, "the run ended before it could be interrupted");
    assert!(checkpoint.exists());

    let mut resume = args(&output);
    resume.push("--resume".to_owned());
    let resume: Vec<&str> = resume.iter().map(String::as_str).collect();
    let run = interdict(&resume);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let stdout = text(&run.stdout);
    assert!(stdout.starts_with("80 rows (resumed after "), "{stdout}");
    assert!(!checkpoint.exists());

    let fresh = dir.path().join("fresh.jsonl");
    let whole = args(&fresh);
    let whole: Vec<&str> = whole.iter().map(String::as_str).collect();
    let run = interdict(&whole);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(
        std::fs::read(&output).unwrap(),
        std::fs::read(&fresh).unwrap()
    );
}
