//! `interdict bench` run as a user runs it, on the UN list and a few
//! queries so the test stays quick.

// Helpers outside `#[test]` functions fail the test when the binary misbehaves.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::process::Command;

use serde_json::Value;

/// Runs `interdict bench` from the repository's root, where the default
/// fixture paths (`../shared/data/...`) lead to the shared data.
fn bench(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_interdict"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .args(["--source", "un_sc", "bench"])
        .args(args)
        .output()
        .expect("the interdict binary runs")
}

fn number(report: &Value, pointer: &str) -> f64 {
    report
        .pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("no number at {pointer} in {report:#}"))
}

#[test]
fn bench_json_has_every_figure_for_one_core_and_two() {
    let run = bench(&[
        "--queries",
        "12",
        "--threads",
        "1,2",
        "--scale",
        "1500",
        "--batch-rows",
        "20",
        "--format",
        "json",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();

    assert!(!report["machine"]["cpu_model"].as_str().unwrap().is_empty());
    assert!(number(&report, "/machine/cores") >= 1.0);
    assert_eq!(report["lists"]["sources"], 1);
    let loaded = number(&report, "/lists/loaded_entities");
    assert!(loaded > 900.0, "{loaded}");
    assert_eq!(report["lists"]["indexed_entities"], 1500);
    assert_eq!(
        number(&report, "/scale/copies"),
        1500.0 - loaded,
        "copies make up the difference"
    );
    for figure in ["load_secs", "scale_secs", "index_secs", "total_secs"] {
        assert!(number(&report, &format!("/load/{figure}")) >= 0.0);
    }
    for at in ["after_index", "at_end"] {
        let rss = number(&report, &format!("/memory/{at}/rss_mib"));
        let peak = number(&report, &format!("/memory/{at}/peak_rss_mib"));
        assert!(rss > 0.0 && peak >= rss, "{at}: {rss} {peak}");
    }
    assert_eq!(report["queries"]["positives"], 683);
    assert_eq!(report["queries"]["negatives"], 100_000);
    assert_eq!(report["queries"]["screened"], 12);
    assert!(number(&report, "/threshold") > 0.0);

    let runs = report["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    for (run, threads) in runs.iter().zip([1, 2]) {
        assert_eq!(run["threads"], threads);
        assert_eq!(run["queries"], 12);
        assert!(number(run, "/screenings_per_sec") > 0.0);
        let (p50, p90, p99, max) = (
            number(run, "/latency/p50_ms"),
            number(run, "/latency/p90_ms"),
            number(run, "/latency/p99_ms"),
            number(run, "/latency/max_ms"),
        );
        assert!(0.0 < p50 && p50 <= p90 && p90 <= p99 && p99 <= max, "{run}");
        assert!(number(run, "/latency/mean_ms") > 0.0);
        // The sample starts with a UN positive, found on the UN list.
        assert!(number(run, "/queries_with_hits") >= 1.0);
    }

    assert_eq!(report["batch"]["rows"], 20);
    assert_eq!(report["batch"]["summary"]["rows"], 20);
    assert_eq!(report["batch"]["summary"]["complete"], true);
    assert!(number(&report, "/batch/summary/rows_per_sec") > 0.0);
}

#[test]
fn bench_prints_a_table_naming_the_machine() {
    let run = bench(&["--queries", "3", "--threads", "1"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(text.starts_with("machine: "), "{text}");
    assert!(text.contains(" cores"), "{text}");
    assert!(
        text.contains("memory held by the lists and index: "),
        "{text}"
    );
    assert!(text.contains("slowest on 1 threads: "), "{text}");
    assert!(text.contains("screenings/s"), "{text}");
    assert!(text.contains("p99 ms"), "{text}");

    let run = bench(&["--queries", "3", "--threads", "0"]);
    assert!(!run.status.success());
}
