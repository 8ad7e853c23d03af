//! Batch runs end to end on a small real sample: UN-listed people from
//! yente's screening fixtures, screened against the UN list.

// Test helpers fail the test when a step fails.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use interdict_batch::columns::Field;
use interdict_batch::output::read_hits;
use interdict_batch::{BatchOptions, HitRow, InputFormat, NoProgress, OutputFormat, Summary};
use interdict_catalog::Manifest;
use interdict_matcher::Screener;

const POSITIVES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/eval/yente_screening_fixtures/positives_un_untreated.csv"
);

/// The UN list, indexed once for all tests.
fn screener() -> &'static Screener {
    static SCREENER: OnceLock<Screener> = OnceLock::new();
    SCREENER.get_or_init(|| {
        let sources = Manifest::bundled()
            .and_then(|m| m.select(&["un_sc".to_owned()]))
            .and_then(|m| m.load())
            .expect("the bundled UN list loads");
        Screener::new(sources.into_iter().flat_map(|s| s.entities).collect())
    })
}

/// A person of the sample: customer id, name, date of birth, nationality.
struct Person {
    key: String,
    name: String,
    dob: String,
    nationality: String,
}

/// The first `n` UN positives, with one synthetic non-listed person after
/// every fourth, so some records have no hits.
fn people(n: usize) -> Vec<Person> {
    let mut reader = csv::Reader::from_path(POSITIVES).expect("the UN positives are there");
    let mut people = Vec::new();
    for (i, record) in reader.records().take(n).enumerate() {
        let record = record.expect("a readable fixture row");
        people.push(Person {
            key: format!("C{:03}", people.len() + 1),
            name: record[0].to_owned(),
            dob: record[5].to_owned(),
            nationality: record[7].to_owned(),
        });
        if i % 4 == 3 {
            people.push(Person {
                key: format!("C{:03}", people.len() + 1),
                name: format!("Marguerite Fontaine-{i}"),
                dob: "1984-06-02".to_owned(),
                nationality: "FR".to_owned(),
            });
        }
    }
    people
}

fn write_csv(path: &Path, header: [&str; 4], people: &[Person]) {
    let mut writer = csv::Writer::from_path(path).unwrap();
    writer.write_record(header).unwrap();
    for p in people {
        writer
            .write_record([&p.key, &p.name, &p.dob, &p.nationality])
            .unwrap();
    }
    writer.flush().unwrap();
}

fn write_jsonl(path: &Path, people: &[Person]) {
    let mut text = String::new();
    for p in people {
        // Countries as an array, a key the header mapping must find, and a
        // blank line between records.
        let object = serde_json::json!({
            "customer_id": p.key,
            "full_name": p.name,
            "date_of_birth": if p.dob.is_empty() { serde_json::Value::Null } else { p.dob.clone().into() },
            "nationality": [p.nationality],
            "notes": {"ignored": true},
        });
        text.push_str(&object.to_string());
        text.push_str("\n\n");
    }
    std::fs::write(path, text).unwrap();
}

/// Writes a Parquet file of one row group with parquet's column API:
/// `schema` is the message type, `columns` the values of each column in
/// order (none for a null).
fn write_parquet_columns(path: &Path, schema: &str, columns: &[Vec<Option<&str>>]) {
    use parquet::data_type::{ByteArray, ByteArrayType, DoubleType};
    let message = Arc::new(parquet::schema::parser::parse_message_type(schema).unwrap());
    let file = std::fs::File::create(path).unwrap();
    let mut writer =
        parquet::file::writer::SerializedFileWriter::new(file, message, Default::default())
            .unwrap();
    let mut group = writer.next_row_group().unwrap();
    let mut index = 0;
    while let Some(mut column) = group.next_column().unwrap() {
        let cells = &columns[index];
        let levels: Vec<i16> = cells.iter().map(|c| i16::from(c.is_some())).collect();
        if schema.contains(" double ") {
            let values: Vec<f64> = cells
                .iter()
                .flatten()
                .filter_map(|c| c.parse().ok())
                .collect();
            column
                .typed::<DoubleType>()
                .write_batch(&values, None, None)
                .unwrap();
        } else {
            let values: Vec<ByteArray> = cells
                .iter()
                .flatten()
                .map(|c| ByteArray::from(*c))
                .collect();
            column
                .typed::<ByteArrayType>()
                .write_batch(&values, Some(&levels), None)
                .unwrap();
        }
        column.close().unwrap();
        index += 1;
    }
    group.close().unwrap();
    writer.close().unwrap();
}

fn write_parquet(path: &Path, people: &[Person]) {
    let column = |get: fn(&Person) -> &str| -> Vec<Option<&str>> {
        people
            .iter()
            .map(|p| Some(get(p)).filter(|v| !v.is_empty()))
            .collect()
    };
    write_parquet_columns(
        path,
        "message people {
            optional binary key (STRING);
            optional binary name (STRING);
            optional binary dob (STRING);
            optional binary country (STRING);
        }",
        &[
            column(|p| &p.key),
            column(|p| &p.name),
            column(|p| &p.dob),
            column(|p| &p.nationality),
        ],
    );
}

fn options(input: &Path, output: &Path) -> BatchOptions {
    let mut options = BatchOptions::from_paths(input, output).unwrap();
    options.chunk_rows = 4;
    options.lists = "un_sc".to_owned();
    options
}

fn run(options: &BatchOptions) -> Result<Summary, String> {
    interdict_batch::run(screener(), options, &NoProgress).map_err(|e| e.to_string())
}

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn csv_jsonl_and_parquet_inputs_give_the_same_hits_in_every_output_format() {
    let dir = dir();
    let people = people(12);
    let csv = dir.path().join("people.csv");
    let jsonl = dir.path().join("people.jsonl");
    let parquet = dir.path().join("people.parquet");
    write_csv(
        &csv,
        ["Customer ID", "Full Name", "Date of Birth", "Nationality"],
        &people,
    );
    write_jsonl(&jsonl, &people);
    write_parquet(&parquet, &people);

    let mut outputs: Vec<(PathBuf, Vec<HitRow>)> = Vec::new();
    for input in [&csv, &jsonl, &parquet] {
        for extension in ["csv", "jsonl", "parquet"] {
            let stem = input.extension().unwrap().to_string_lossy().into_owned();
            let output = dir.path().join(format!("hits-from-{stem}.{extension}"));
            let summary = run(&options(input, &output)).unwrap();
            assert!(summary.complete);
            assert_eq!(summary.rows, people.len() as u64);
            let hits = read_hits(&output, OutputFormat::from_path(&output).unwrap()).unwrap();
            assert_eq!(summary.hits, hits.len() as u64);
            // No checkpoint or spool is left beside a complete output.
            let leftovers: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains("checkpoint") || n.contains("spool"))
                .collect();
            assert!(leftovers.is_empty(), "{leftovers:?}");
            outputs.push((output, hits));
        }
    }
    let (first_path, first) = &outputs[0];
    for (path, hits) in &outputs[1..] {
        assert_eq!(
            hits,
            first,
            "{} differs from {}",
            path.display(),
            first_path.display()
        );
    }

    // Every UN positive is found on the UN list, with its key and row, and
    // the synthetic people are not.
    let found: std::collections::BTreeSet<u64> = first.iter().map(|h| h.row).collect();
    for (row, person) in people.iter().enumerate() {
        let row = row as u64 + 1;
        let synthetic = person.name.starts_with("Marguerite");
        assert_eq!(
            found.contains(&row),
            !synthetic,
            "row {row}: {}",
            person.name
        );
    }
    let top = first.iter().find(|h| h.row == 1).unwrap();
    assert_eq!(top.key.as_deref(), Some("C001"));
    assert_eq!(top.query_name, people[0].name);
    assert_eq!(top.rank, 1);
    assert!(top.entity_id.starts_with("un_sc:"), "{}", top.entity_id);
    assert_eq!(top.sources, "un_sc");
    assert!(top.score >= 0.8 && top.name_score > 0.0);
    assert!(top.features.contains("birth_date"), "{}", top.features);
    assert!(top.explanation["name"]["listed_name"].is_string());
    // Rows are in input order.
    assert!(first.windows(2).all(|w| w[0].row <= w[1].row));
}

#[test]
fn named_columns_override_the_header() {
    let dir = dir();
    let people = people(3);
    let input = dir.path().join("people.csv");
    write_csv(&input, ["ref_no", "Kunde", "geboren", "land"], &people);
    let output = dir.path().join("hits.jsonl");
    let mut options = options(&input, &output);
    let error = run(&options).unwrap_err();
    assert!(error.contains("no name column"), "{error}");
    assert!(
        error.contains("\"ref_no\", \"Kunde\", \"geboren\", \"land\""),
        "{error}"
    );
    options.columns = options
        .columns
        .with(Field::Name, "Kunde")
        .with(Field::BirthDate, "geboren")
        .with(Field::Country, "land")
        .with(Field::Key, "ref_no");
    let summary = run(&options).unwrap();
    assert_eq!((summary.rows, summary.rows_with_hits), (3, 3));
    let hits = read_hits(&output, OutputFormat::Jsonl).unwrap();
    assert_eq!(hits[0].key.as_deref(), Some("C001"));
    assert!(
        hits[0].features.contains("birth_date"),
        "{}",
        hits[0].features
    );
}

#[test]
fn a_malformed_row_is_reported_by_file_row_and_field_and_earlier_rows_are_kept() {
    let dir = dir();
    let mut people = people(8);
    // Row 7; row 5 is a synthetic person without hits.
    people[6].dob = "31/31/1970".to_owned();
    let input = dir.path().join("people.csv");
    write_csv(&input, ["key", "name", "dob", "nationality"], &people);
    let output = dir.path().join("hits.csv");
    let options = options(&input, &output);
    let error = run(&options).unwrap_err();
    assert!(
        error.starts_with(&format!(
            "{}: row 7 (line 8), field dob: cannot read \"31/31/1970\" as a date",
            input.display()
        )),
        "{error}"
    );
    // The six rows before it are written and checkpointed.
    let written = read_hits(&output, OutputFormat::Csv).unwrap();
    let rows: std::collections::BTreeSet<u64> = written.iter().map(|h| h.row).collect();
    assert_eq!(rows, [1, 2, 3, 4, 6].into(), "rows 1 to 6 keep their hits");
    let checkpoint =
        interdict_batch::checkpoint::read(&interdict_batch::checkpoint::path_for(&output))
            .unwrap()
            .unwrap();
    assert_eq!(checkpoint.rows_done, 6);

    // Fixed, the run resumes from row 7 and ends as an uninterrupted run.
    people[6].dob = "1970".to_owned();
    write_csv(&input, ["key", "name", "dob", "nationality"], &people);
    let mut resume = options.clone();
    resume.resume = true;
    let summary = run(&resume).unwrap();
    assert_eq!(
        (summary.resumed_from, summary.rows),
        (6, people.len() as u64)
    );
    let fresh = dir.path().join("fresh.csv");
    run(&self::options(&input, &fresh)).unwrap();
    assert_eq!(
        std::fs::read(&output).unwrap(),
        std::fs::read(&fresh).unwrap()
    );
}

#[test]
fn broken_records_in_each_format_are_reported_with_their_place() {
    let dir = dir();
    let csv = dir.path().join("short.csv");
    std::fs::write(&csv, "name,dob\nAnn Smith,1970\nBob Jones\n").unwrap();
    let error = run(&options(&csv, &dir.path().join("a.csv"))).unwrap_err();
    assert!(
        error.ends_with("short.csv: row 2 (line 3): has 1 fields where the header has 2"),
        "{error}"
    );

    let jsonl = dir.path().join("bad.jsonl");
    std::fs::write(&jsonl, "{\"name\": \"Ann Smith\"}\n\n{\"name\": \"Bob\n").unwrap();
    let error = run(&options(&jsonl, &dir.path().join("b.csv"))).unwrap_err();
    assert!(
        error.contains("bad.jsonl: row 2 (line 3): not a JSON object"),
        "{error}"
    );

    let nested = dir.path().join("nested.jsonl");
    std::fs::write(&nested, "{\"name\": {\"first\": \"Ann\"}}\n").unwrap();
    let error = run(&options(&nested, &dir.path().join("c.csv"))).unwrap_err();
    assert!(
        error
            .contains("nested.jsonl: row 1 (line 1), field name (key \"name\"): expected a string"),
        "{error}"
    );

    let country = dir.path().join("country.jsonl");
    std::fs::write(
        &country,
        "{\"name\": \"Ann Smith\", \"country\": [\"FR\", \"Atlantis\"]}\n",
    )
    .unwrap();
    let error = run(&options(&country, &dir.path().join("d.csv"))).unwrap_err();
    assert!(
        error.contains(
            "country.jsonl: row 1 (line 1), field country: \"Atlantis\" is not a known country"
        ),
        "{error}"
    );

    let parquet = dir.path().join("numbers.parquet");
    write_parquet_columns(
        &parquet,
        "message numbers { required double name; }",
        &[vec![Some("1.5")]],
    );
    let error = run(&options(&parquet, &dir.path().join("e.csv"))).unwrap_err();
    assert!(
        error.contains("column \"name\" (the name) is DOUBLE, which is not text"),
        "{error}"
    );
}

#[test]
fn lenient_runs_leave_out_what_they_cannot_read() {
    let dir = dir();
    let input = dir.path().join("people.csv");
    std::fs::write(
        &input,
        "name,dob,country\nABDULHAI SALEK,sometime,af\n,1970,FR\nJANAN AGHA,1958,Atlantis\n",
    )
    .unwrap();
    let mut options = options(&input, &dir.path().join("hits.csv"));
    options.lenient = true;
    let summary = run(&options).unwrap();
    assert_eq!(
        (summary.rows, summary.rows_skipped, summary.values_ignored),
        (3, 1, 2)
    );
    assert!(summary.rows_with_hits >= 2);
}

/// Runs `options` stopped after `stop` records, appends what a crash in the
/// middle of a chunk leaves behind, resumes, and checks the output against
/// an uninterrupted run into `fresh`.
fn interrupt_and_resume(options: &BatchOptions, fresh: &Path, stop: u64, rows: u64) {
    let mut stopped = options.clone();
    stopped.stop_after_rows = Some(stop);
    let summary = run(&stopped).unwrap();
    assert!(!summary.complete);
    assert_eq!(summary.rows, stop);
    let checkpoint_path = interdict_batch::checkpoint::path_for(&options.output);
    assert!(checkpoint_path.exists());
    // A chunk written but not checkpointed, cut mid-line.
    let data = if options.output_format == OutputFormat::Parquet {
        interdict_batch::driver::spool_path(&options.output)
    } else {
        options.output.clone()
    };
    let mut bytes = std::fs::read(&data).unwrap();
    bytes.extend_from_slice(b"99,,PARTIAL ROW OF A CHUNK THAT WAS NEVER CHECKP");
    std::fs::write(&data, bytes).unwrap();

    let mut resumed = options.clone();
    resumed.resume = true;
    let summary = run(&resumed).unwrap();
    assert!(summary.complete);
    assert_eq!((summary.resumed_from, summary.rows), (stop, rows));
    assert!(!checkpoint_path.exists());

    let mut uninterrupted = options.clone();
    uninterrupted.output = fresh.to_owned();
    let whole = run(&uninterrupted).unwrap();
    assert_eq!(
        (summary.hits, summary.rows_with_hits),
        (whole.hits, whole.rows_with_hits)
    );
    assert_eq!(
        std::fs::read(&options.output).unwrap(),
        std::fs::read(fresh).unwrap(),
        "{} differs after resuming",
        options.output.display()
    );
}

#[test]
fn a_resumed_run_writes_exactly_what_an_uninterrupted_run_writes() {
    let dir = dir();
    let people = people(16);
    let rows = people.len() as u64;
    let input = dir.path().join("people.csv");
    write_csv(&input, ["key", "name", "dob", "nationality"], &people);
    for extension in ["csv", "jsonl", "parquet"] {
        let output = dir.path().join(format!("hits.{extension}"));
        let fresh = dir.path().join(format!("fresh.{extension}"));
        // Stopped at a chunk boundary and in the middle of one.
        interrupt_and_resume(&options(&input, &output), &fresh, 8, rows);
        interrupt_and_resume(&options(&input, &output), &fresh, 7, rows);
    }
}

#[test]
fn resuming_refuses_other_settings_a_changed_input_and_a_finished_output() {
    let dir = dir();
    let mut people = people(10);
    let input = dir.path().join("people.csv");
    write_csv(&input, ["key", "name", "dob", "nationality"], &people);
    let output = dir.path().join("hits.csv");
    let mut options = options(&input, &output);
    options.stop_after_rows = Some(6);
    run(&options).unwrap();
    options.stop_after_rows = None;
    options.resume = true;

    let mut other = options.clone();
    other.screen.threshold = 0.7;
    let error = run(&other).unwrap_err();
    assert!(
        error.starts_with("cannot resume: the interrupted run had other settings (threshold: \"0.8\" then, \"0.7\" now)"),
        "{error}"
    );

    people[2].name = "Someone Else Entirely".to_owned();
    write_csv(&input, ["key", "name", "dob", "nationality"], &people);
    let error = run(&options).unwrap_err();
    assert!(
        error.contains("the first 6 records of") && error.contains("changed"),
        "{error}"
    );

    // Without --resume the run does not throw the checkpoint away; once it
    // is deleted, the run starts again and finishes, and then there is
    // nothing to resume.
    options.resume = false;
    let error = run(&options).unwrap_err();
    assert!(
        error.ends_with(
            "hits.csv.checkpoint holds the progress of an interrupted run: \
             add --resume to go on from it, or delete it to start again"
        ),
        "{error}"
    );
    std::fs::remove_file(interdict_batch::checkpoint::path_for(&output)).unwrap();
    assert!(run(&options).unwrap().complete);
    options.resume = true;
    let error = run(&options).unwrap_err();
    assert!(
        error.contains("exists but") && error.contains("does not"),
        "{error}"
    );
}

#[test]
fn the_same_input_gives_the_same_bytes_on_one_thread_and_many() {
    let dir = dir();
    let people = people(10);
    let input = dir.path().join("people.jsonl");
    write_jsonl(&input, &people);
    let mut outputs = Vec::new();
    for threads in [1, 3] {
        let output = dir.path().join(format!("hits-{threads}.jsonl"));
        let options = options(&input, &output);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let summary = pool.install(|| run(&options)).unwrap();
        assert_eq!(summary.threads, threads);
        outputs.push(std::fs::read(&output).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(InputFormat::from_path(&input), Some(InputFormat::Jsonl));
}

#[test]
fn parquet_lists_dates_and_numbers_are_read_as_text() {
    use interdict_batch::columns::ColumnMap;
    use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
    let dir = dir();
    let path = dir.path().join("typed.parquet");
    let message = Arc::new(
        parquet::schema::parser::parse_message_type(
            "message people {
                required int64 customer_id;
                required binary name (STRING);
                optional int32 dob (DATE);
                optional group nationality (LIST) {
                    repeated group list { optional binary element (STRING); }
                }
            }",
        )
        .unwrap(),
    );
    let file = std::fs::File::create(&path).unwrap();
    let mut writer =
        parquet::file::writer::SerializedFileWriter::new(file, message, Default::default())
            .unwrap();
    let mut group = writer.next_row_group().unwrap();
    let mut index = 0;
    while let Some(mut column) = group.next_column().unwrap() {
        match index {
            0 => {
                column
                    .typed::<Int64Type>()
                    .write_batch(&[7, 8], None, None)
                    .unwrap();
            }
            1 => {
                let names = [ByteArray::from("Ann Smith"), ByteArray::from("Bob Jones")];
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&names, None, None)
                    .unwrap();
            }
            2 => {
                // 1958-01-15, then null.
                column
                    .typed::<Int32Type>()
                    .write_batch(&[-4369], Some(&[1, 0]), None)
                    .unwrap();
            }
            _ => {
                // ["FR", "DE"], then an empty list.
                let values = [ByteArray::from("FR"), ByteArray::from("DE")];
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, Some(&[3, 3, 1]), Some(&[0, 1, 0]))
                    .unwrap();
            }
        }
        column.close().unwrap();
        index += 1;
    }
    group.close().unwrap();
    writer.close().unwrap();

    let records =
        interdict_batch::input::read_all(&path, InputFormat::Parquet, &ColumnMap::default())
            .unwrap();
    assert_eq!(records.len(), 2);
    let texts = |row: usize, field: Field| -> Vec<&str> { records[row].texts(field).collect() };
    assert_eq!(texts(0, Field::Key), ["7"]);
    assert_eq!(texts(0, Field::Name), ["Ann Smith"]);
    assert_eq!(texts(0, Field::BirthDate), ["1958-01-15"]);
    assert_eq!(texts(0, Field::Country), ["FR", "DE"]);
    assert_eq!(records[1].location.row, 2);
    assert!(texts(1, Field::BirthDate).is_empty());
    assert!(texts(1, Field::Country).is_empty());
    assert_eq!(
        interdict_batch::input::count(&path, InputFormat::Parquet).ok(),
        Some(2)
    );
}
