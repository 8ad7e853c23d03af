//! The batch driver: records in, hits out, in parallel, resumable.
//!
//! # How a run goes
//!
//! The input is read in order, in chunks of [`BatchOptions::chunk_rows`]
//! records. Each chunk's records are turned into queries (in order, so the
//! first bad record is the one reported), screened in parallel on the rayon
//! pool the caller runs in (all cores by default), and their hits are
//! written in input order. Output order therefore never depends on the
//! number of threads, and a run gives the same bytes as any other run of the
//! same input.
//!
//! # Resuming
//!
//! After each chunk the driver
//!
//! 1. appends the chunk's hits to the *data file* (the CSV or JSON Lines
//!    output itself, or, for Parquet, a JSON Lines spool `OUTPUT.spool.jsonl`
//!    beside it, since a Parquet file cannot be appended to), flushes it and
//!    syncs it to disk;
//! 2. then writes the checkpoint `OUTPUT.checkpoint` ([`crate::checkpoint`])
//!    atomically (temporary file, sync, rename, directory sync): how many
//!    input records are done, how long the data file was after them, the
//!    running hit counts, a fingerprint of the finished records' content and
//!    the run's settings.
//!
//! Because the data file is synced before the checkpoint names its length,
//! the checkpoint never claims more than is on disk; a crash can only leave
//! *extra* bytes after the recorded length (a chunk written but not yet
//! checkpointed, possibly cut mid-line). `--resume` reads the checkpoint,
//! refuses to go on if the settings differ (another input, threshold, set of
//! lists, column mapping or format) or if the finished records' fingerprint
//! no longer matches the input, cuts the data file back to the recorded
//! length, skips the finished records without screening them, and carries
//! on. The resumed output is byte for byte the output of an uninterrupted
//! run. When the input is exhausted, a Parquet run turns its spool into the
//! Parquet file (through a temporary file renamed into place), and the
//! checkpoint and spool are removed: an output without a checkpoint beside
//! it is complete. A run without `--resume` does not start over while a
//! checkpoint is there: it asks for `--resume`, or for the checkpoint to be
//! deleted.
//!
//! The data file is locked while a run writes it, so a second run on the
//! same output (say, a `--resume` started while the first still runs) stops
//! with an error instead of interleaving its writes.
//!
//! A record that cannot be read or turned into a query stops the run with an
//! error naming the file, row (and line) and field, after the records before
//! it in its chunk have been written and checkpointed, so nothing screened is
//! lost; after fixing the record, `--resume` goes on from it.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

use interdict_matcher::{DEFAULT_THRESHOLD, Options, Screener};
use rayon::prelude::*;
use serde::Serialize;

use crate::BatchError;
use crate::checkpoint::{self, Checkpoint};
use crate::columns::ColumnMap;
use crate::input::{self, InputFormat};
use crate::output::{self, DataWriter, HitRow, OutputFormat, with_suffix};
use crate::record::{Fingerprint, Prepared};

/// What the caller is told as a run goes, to show progress. Calls come from
/// the worker threads, so implementations must be cheap and thread-safe.
pub trait Progress: Sync {
    /// The run starts: `total` records in the input, when counted; `done`
    /// were finished by an earlier run.
    fn start(&self, total: Option<u64>, done: u64) {
        let _ = (total, done);
    }

    /// `rows` more records were screened.
    fn advance(&self, rows: u64) {
        let _ = rows;
    }

    /// The run has ended (complete, stopped or failed).
    fn finish(&self) {}
}

/// Progress reported to no one.
pub struct NoProgress;

impl Progress for NoProgress {}

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The records to screen.
    pub input: PathBuf,
    /// The input's format.
    pub input_format: InputFormat,
    /// Which columns hold which fields.
    pub columns: ColumnMap,
    /// Where hits go.
    pub output: PathBuf,
    /// The output's format.
    pub output_format: OutputFormat,
    /// Threshold and the most results per record.
    pub screen: Options,
    /// A description of the lists screened against (ids and counts): a run
    /// is resumed only against the same lists.
    pub lists: String,
    /// Go on from the checkpoint of an interrupted run, if there is one.
    pub resume: bool,
    /// Leave out values that cannot be read, and skip records without a
    /// name, instead of stopping.
    pub lenient: bool,
    /// Records per chunk: screened in parallel, then written and
    /// checkpointed together.
    pub chunk_rows: usize,
    /// Stop (as an interruption would, keeping the checkpoint) once this
    /// many records are done; for tests and trials.
    pub stop_after_rows: Option<u64>,
    /// Count the input's records first, so progress can show a total.
    pub count_rows: bool,
}

impl BatchOptions {
    /// Options for screening `input` into `output` in the given formats,
    /// with the default threshold, at most 10 results per record, and
    /// chunks of 4096 records.
    pub fn new(
        input: &Path,
        input_format: InputFormat,
        output: &Path,
        output_format: OutputFormat,
    ) -> Self {
        Self {
            input: input.to_owned(),
            input_format,
            columns: ColumnMap::default(),
            output: output.to_owned(),
            output_format,
            screen: Options {
                threshold: DEFAULT_THRESHOLD,
                limit: 10,
            },
            lists: String::new(),
            resume: false,
            lenient: false,
            chunk_rows: 4096,
            stop_after_rows: None,
            count_rows: false,
        }
    }

    /// As [`BatchOptions::new`], with the formats the file names' extensions
    /// imply; an error when one implies none.
    pub fn from_paths(input: &Path, output: &Path) -> Result<Self, BatchError> {
        let input_format = InputFormat::from_path(input).ok_or_else(|| {
            BatchError::Usage(format!(
                "{}: cannot tell the input format from the extension \
                 (.csv, .jsonl, .parquet); say it with --input-format",
                input.display()
            ))
        })?;
        let output_format = OutputFormat::from_path(output).ok_or_else(|| {
            BatchError::Usage(format!(
                "{}: cannot tell the output format from the extension \
                 (.csv, .jsonl, .parquet); say it with --output-format",
                output.display()
            ))
        })?;
        Ok(Self::new(input, input_format, output, output_format))
    }

    /// The settings a resumed run must share with the run it resumes.
    fn settings(&self) -> BTreeMap<String, String> {
        let absolute = |path: &Path| {
            std::path::absolute(path)
                .unwrap_or_else(|_| path.to_owned())
                .display()
                .to_string()
        };
        BTreeMap::from([
            ("input".to_owned(), absolute(&self.input)),
            ("input_format".to_owned(), self.input_format.id().to_owned()),
            ("columns".to_owned(), self.columns.describe()),
            (
                "output_format".to_owned(),
                self.output_format.id().to_owned(),
            ),
            ("lists".to_owned(), self.lists.clone()),
            ("threshold".to_owned(), self.screen.threshold.to_string()),
            ("limit".to_owned(), self.screen.limit.to_string()),
            ("lenient".to_owned(), self.lenient.to_string()),
        ])
    }
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The input file.
    pub input: String,
    /// The output file.
    pub output: String,
    /// Records done in all, with those of earlier runs when resumed.
    pub rows: u64,
    /// Records an earlier run had done (0 unless resumed).
    pub resumed_from: u64,
    /// Records with at least one hit.
    pub rows_with_hits: u64,
    /// Hits written.
    pub hits: u64,
    /// Records skipped for having no name (when lenient).
    pub rows_skipped: u64,
    /// Values left out as unreadable (when lenient).
    pub values_ignored: u64,
    /// Worker threads.
    pub threads: usize,
    /// Seconds this run took (without loading the lists).
    pub elapsed_secs: f64,
    /// Records screened per second in this run.
    pub rows_per_sec: f64,
    /// Whether the output is complete; false when stopped early
    /// ([`BatchOptions::stop_after_rows`]), with the checkpoint kept.
    pub complete: bool,
}

/// The spool of a Parquet output: `OUTPUT.spool.jsonl`.
pub fn spool_path(output: &Path) -> PathBuf {
    with_suffix(output, ".spool.jsonl")
}

/// Screens every record of the input against `screener` and writes the
/// hits, on the rayon pool the caller runs in. See the module documentation
/// for the order of writes and for resuming.
pub fn run(
    screener: &Screener,
    options: &BatchOptions,
    progress: &dyn Progress,
) -> Result<Summary, BatchError> {
    let started = Instant::now();
    let input_label = options.input.display().to_string();
    if same_file(&options.input, &options.output) {
        return Err(BatchError::Usage(format!(
            "{input_label} is both the input and the output"
        )));
    }
    let settings = options.settings();
    let checkpoint_path = checkpoint::path_for(&options.output);
    let parquet = options.output_format == OutputFormat::Parquet;
    let csv = options.output_format == OutputFormat::Csv;
    let data_path = if parquet {
        spool_path(&options.output)
    } else {
        options.output.clone()
    };
    // Opening the input checks its header before anything is written.
    let mut records = input::open(&options.input, options.input_format, &options.columns)?;
    let mut fingerprint = Fingerprint::default();

    let previous = if options.resume {
        checkpoint::read(&checkpoint_path)?
    } else if checkpoint_path.exists() {
        // Starting again would throw away what the interrupted run did: the
        // caller must say which they want.
        return Err(BatchError::Usage(format!(
            "{} holds the progress of an interrupted run: add --resume to go on from it, \
             or delete it to start again",
            checkpoint_path.display()
        )));
    } else {
        None
    };
    let (mut state, mut writer) = match previous {
        Some(previous) => {
            let differences = checkpoint::differences(&previous.settings, &settings);
            if !differences.is_empty() {
                return Err(BatchError::Resume(format!(
                    "the interrupted run had other settings ({}); delete {} to start again",
                    differences.join("; "),
                    checkpoint_path.display()
                )));
            }
            for done in 0..previous.rows_done {
                match records.next() {
                    Some(Ok(record)) => record.fingerprint(&mut fingerprint),
                    Some(Err(error)) => return Err(error),
                    None => {
                        return Err(BatchError::Resume(format!(
                            "{input_label} has {done} records, but the interrupted run had finished {}",
                            previous.rows_done
                        )));
                    }
                }
            }
            if fingerprint.hex() != previous.rows_fingerprint {
                return Err(BatchError::Resume(format!(
                    "the first {} records of {input_label} changed since the interrupted run; \
                     delete {} to start again",
                    previous.rows_done,
                    checkpoint_path.display()
                )));
            }
            let writer = DataWriter::reopen(&data_path, csv, previous.data_bytes)?;
            (previous, writer)
        }
        None => {
            if options.resume && options.output.exists() {
                return Err(BatchError::Resume(format!(
                    "{} exists but {} does not: the run that wrote it finished, or it was not \
                     written by interdict batch; run without --resume to screen again",
                    options.output.display(),
                    checkpoint_path.display()
                )));
            }
            let mut writer = DataWriter::create(&data_path, csv)?;
            if parquet {
                // A finished output of an earlier run must not pass for this
                // one's while it runs.
                remove_if_there(&options.output)?;
            }
            let state = Checkpoint {
                version: checkpoint::VERSION,
                settings,
                rows_done: 0,
                rows_fingerprint: fingerprint.hex(),
                data_bytes: writer.commit()?,
                hits: 0,
                rows_with_hits: 0,
                rows_skipped: 0,
                values_ignored: 0,
            };
            checkpoint::write(&checkpoint_path, &state)?;
            (state, writer)
        }
    };
    let resumed_from = state.rows_done;
    // A count that fails (a malformed row) only costs the progress bar its
    // total: the row is reported where the run reaches it.
    let total = if options.count_rows {
        input::count(&options.input, options.input_format).ok()
    } else {
        None
    };
    progress.start(total, resumed_from);
    let result = screen_chunks(
        screener,
        options,
        progress,
        &mut records,
        &mut writer,
        &mut state,
        &mut fingerprint,
        &checkpoint_path,
    );
    progress.finish();
    let complete = result?;
    drop(writer);
    if complete {
        if parquet {
            output::spool_to_parquet(&data_path, &options.output)?;
            remove_if_there(&data_path)?;
        }
        checkpoint::remove(&checkpoint_path)?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let screened = state.rows_done - resumed_from;
    Ok(Summary {
        input: input_label,
        output: options.output.display().to_string(),
        rows: state.rows_done,
        resumed_from,
        rows_with_hits: state.rows_with_hits,
        hits: state.hits,
        rows_skipped: state.rows_skipped,
        values_ignored: state.values_ignored,
        threads: rayon::current_num_threads(),
        elapsed_secs: elapsed,
        rows_per_sec: if elapsed > 0.0 {
            screened as f64 / elapsed
        } else {
            0.0
        },
        complete,
    })
}

/// Screens the remaining records chunk by chunk; true when the input is
/// exhausted, false when stopped early.
#[allow(clippy::too_many_arguments)]
fn screen_chunks(
    screener: &Screener,
    options: &BatchOptions,
    progress: &dyn Progress,
    records: &mut input::Records,
    writer: &mut DataWriter,
    state: &mut Checkpoint,
    fingerprint: &mut Fingerprint,
    checkpoint_path: &Path,
) -> Result<bool, BatchError> {
    let path = options.input.display().to_string();
    let chunk_rows = options.chunk_rows.max(1);
    loop {
        let mut limit = chunk_rows;
        if let Some(stop) = options.stop_after_rows {
            if state.rows_done >= stop {
                return Ok(false);
            }
            limit = limit.min(usize::try_from(stop - state.rows_done).unwrap_or(usize::MAX));
        }
        let mut chunk = Vec::with_capacity(limit);
        let mut exhausted = false;
        let mut failure = None;
        while chunk.len() < limit {
            match records.next() {
                Some(Ok(record)) => chunk.push(record),
                Some(Err(error)) => {
                    failure = Some(error);
                    break;
                }
                None => {
                    exhausted = true;
                    break;
                }
            }
        }
        let mut prepared: Vec<Option<Prepared>> = Vec::with_capacity(chunk.len());
        for record in &chunk {
            match record.prepare(&path, options.lenient) {
                Ok(p) => prepared.push(p),
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
        }
        let screened: Vec<Result<Vec<HitRow>, BatchError>> = prepared
            .par_iter()
            .map(|record| {
                let hits = match record {
                    Some(record) => screen_record(screener, record, &options.screen, &path),
                    None => Ok(Vec::new()),
                };
                progress.advance(1);
                hits
            })
            .collect();
        // Records up to the first that failed to screen are written.
        let mut rows = Vec::new();
        let mut done = 0;
        for (index, result) in screened.into_iter().enumerate() {
            match result {
                Ok(hits) => {
                    chunk[index].fingerprint(fingerprint);
                    match &prepared[index] {
                        Some(record) => state.values_ignored += record.ignored as u64,
                        None => state.rows_skipped += 1,
                    }
                    if !hits.is_empty() {
                        state.rows_with_hits += 1;
                        state.hits += hits.len() as u64;
                    }
                    rows.extend(hits);
                    done += 1;
                }
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
        }
        if done > 0 {
            writer.write(&rows)?;
            state.data_bytes = writer.commit()?;
            state.rows_done += done;
            state.rows_fingerprint = fingerprint.hex();
            checkpoint::write(checkpoint_path, state)?;
        }
        if let Some(error) = failure {
            return Err(error);
        }
        if exhausted {
            return Ok(true);
        }
    }
}

/// The hits of one record, one row each, ranked by subject; a matcher
/// failure (a panic) is an error naming the record (in the input `path`)
/// rather than the end of the process.
pub fn screen_record(
    screener: &Screener,
    record: &Prepared,
    options: &Options,
    path: &str,
) -> Result<Vec<HitRow>, BatchError> {
    let groups = catch_unwind(AssertUnwindSafe(|| screener.screen(&record.query, options)))
        .map_err(|panic| BatchError::Record {
            path: path.to_owned(),
            location: record.location,
            field: None,
            message: format!(
                "the matcher failed on {:?}: {}",
                record.name,
                panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("panic")
            ),
        })?;
    Ok(groups
        .iter()
        .enumerate()
        .flat_map(|(rank, group)| {
            group
                .hits
                .iter()
                .map(move |hit| HitRow::new(record, rank as u32 + 1, hit, screener))
        })
        .collect())
}

/// Whether two paths are one file (both must exist to be).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn remove_if_there(path: &Path) -> Result<(), BatchError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(BatchError::io(path, "cannot remove", e)),
    }
}
