//! The Spark job (`python -m interdict.spark`, crates/python) screens a
//! CSV of customers in PySpark's local mode and must give the hits
//! `interdict batch` gives for the same file, row for row: same entities,
//! ranks, scores and explanations.
//!
//! It needs a Python with the `interdict` wheel, pyspark and pyarrow
//! installed, named by `INTERDICT_PYTHON`. `.ci/run` builds that and sets
//! `INTERDICT_SPARK_TESTS=require`, so there a missing Python fails the
//! test; elsewhere the test says what is missing and passes.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use interdict_batch::sample::read_fixture;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/eval/yente_screening_fixtures")
        .join(name)
}

/// The Python to run the job with, or what is missing.
fn python() -> Result<PathBuf, String> {
    let python = std::env::var_os("INTERDICT_PYTHON")
        .map(PathBuf::from)
        .ok_or("INTERDICT_PYTHON is not set")?;
    let probe = Command::new(&python)
        .args(["-c", "import interdict, interdict.spark, pyspark, pyarrow"])
        .output()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    if !probe.status.success() {
        return Err(format!(
            "{} cannot import interdict and pyspark: {}",
            python.display(),
            String::from_utf8_lossy(&probe.stderr)
        ));
    }
    Ok(python)
}

/// Writes `customer_id,name,dob,nationality`: every fifth customer a UN-
/// listed person of the screening fixtures, the others synthetic people who
/// are not listed.
fn write_customers(path: &Path, rows: usize) -> usize {
    let negatives = read_fixture(&fixture("negatives_global.csv.gz")).unwrap();
    let positives = read_fixture(&fixture("positives_un_untreated.csv")).unwrap();
    let mut writer = csv::Writer::from_path(path).unwrap();
    writer
        .write_record(["customer_id", "name", "dob", "nationality"])
        .unwrap();
    let (mut negative, mut positive) = (negatives.iter(), positives.iter().cycle());
    let mut listed = 0;
    for row in 0..rows {
        let person = if row % 5 == 4 {
            listed += 1;
            positive.next().unwrap()
        } else {
            negative.next().unwrap()
        };
        writer
            .write_record([
                format!("c{row:05}").as_str(),
                &person.name,
                &person.dob,
                &person.nationality,
            ])
            .unwrap();
    }
    writer.flush().unwrap();
    listed
}

#[test]
fn the_spark_job_gives_the_hits_interdict_batch_gives() {
    let python = match python() {
        Ok(python) => python,
        Err(what) => {
            assert!(
                std::env::var("INTERDICT_SPARK_TESTS").as_deref() != Ok("require"),
                "the Spark test cannot run: {what}"
            );
            eprintln!("skipped: {what} (.ci/run installs it)");
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let customers = dir.path().join("customers.csv");
    let rows = 3000;
    let listed = write_customers(&customers, rows);

    let cli_hits = dir.path().join("cli.parquet");
    let batch = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .arg("batch")
        .arg(&customers)
        .arg("--out")
        .arg(&cli_hits)
        .arg("--quiet")
        .env("XDG_DATA_HOME", dir.path().join("no-data-home"))
        .env_remove("INTERDICT_STORE")
        .output()
        .unwrap();
    assert!(batch.status.success(), "{batch:?}");

    let spark_hits = dir.path().join("spark-hits");
    let started = Instant::now();
    let job = Command::new(&python)
        .args(["-m", "interdict.spark"])
        .arg(&customers)
        .arg(&spark_hits)
        .args(["--master", "local[2]"])
        .env("PYSPARK_PYTHON", &python)
        .env("PYSPARK_DRIVER_PYTHON", &python)
        .output()
        .unwrap();
    assert!(
        job.status.success(),
        "the Spark job failed: {}",
        String::from_utf8_lossy(&job.stderr)
    );
    eprintln!(
        "Spark local[2]: {rows} customers screened and written in {:.1} s (JVM start included)",
        started.elapsed().as_secs_f64()
    );

    let compare = Command::new(&python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../python/tests/compare_hits.py"))
        .arg(&cli_hits)
        .arg(&spark_hits)
        .output()
        .unwrap();
    assert!(compare.status.success(), "{compare:?}");
    let report: serde_json::Value = serde_json::from_slice(&compare.stdout).unwrap();
    eprintln!("{report}");
    assert_eq!(report["differences"], 0, "{report}");
    assert_eq!(report["cli_hits"], report["spark_hits"], "{report}");
    // Nearly every listed customer is found (the matcher's recall on the
    // UN positives is 0.9956), and hits are not only listed customers.
    let with_hits = report["customers_with_hits"].as_u64().unwrap() as usize;
    assert!(with_hits >= listed * 98 / 100, "{report}, {listed} listed");
}
