//! `interdict batch`: screen a file of records in parallel and write the
//! hits. The work is done by the `interdict-batch` crate; this module reads
//! the options, loads the lists, shows progress and prints the summary.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use interdict_batch::columns::{ColumnMap, Field};
use interdict_batch::{BatchOptions, InputFormat, NoProgress, OutputFormat, Progress, Summary};
use interdict_matcher::{DEFAULT_THRESHOLD, Screener};

use crate::{Cli, Format, load, output};

/// Which input column holds which field (`batch`, `monitor import`).
#[derive(clap::Args)]
pub(crate) struct ColumnArgs {
    /// The column (or JSON key) with the name to screen (default: `name`,
    /// `full_name`, ...).
    #[arg(long, value_name = "COLUMN")]
    name_column: Option<String>,
    /// The column with other names, `;`-separated (default: `alias`,
    /// `aliases`, ...).
    #[arg(long, value_name = "COLUMN")]
    alias_column: Option<String>,
    /// The column with the date of birth (default: `dob`, `birth_date`,
    /// `date_of_birth`, ...).
    #[arg(long, value_name = "COLUMN")]
    dob_column: Option<String>,
    /// The column with the nationality or country (default: `country`,
    /// `nationality`, ...).
    #[arg(long, value_name = "COLUMN")]
    country_column: Option<String>,
    /// The column with an identifier number such as a passport, as
    /// `screen --id` takes (default: `id`, `id_number`, `passport`, ...).
    #[arg(long, value_name = "COLUMN")]
    id_column: Option<String>,
    /// The column with what the subject is: person, organization, company,
    /// vessel, aircraft (default: `schema`, `type`, ...).
    #[arg(long, value_name = "COLUMN")]
    schema_column: Option<String>,
    /// The column with your own key for each record, copied to the output
    /// and not screened (default: `key`, `record_id`, `customer_id`, ...).
    #[arg(long, value_name = "COLUMN")]
    key_column: Option<String>,
}

impl ColumnArgs {
    /// The columns named on the command line; others are found by header.
    pub(crate) fn column_map(&self) -> ColumnMap {
        let mut columns = ColumnMap::default();
        for (field, column) in [
            (Field::Name, &self.name_column),
            (Field::Alias, &self.alias_column),
            (Field::BirthDate, &self.dob_column),
            (Field::Country, &self.country_column),
            (Field::Identifier, &self.id_column),
            (Field::Schema, &self.schema_column),
            (Field::Key, &self.key_column),
        ] {
            if let Some(column) = column {
                columns = columns.with(field, column);
            }
        }
        columns
    }
}

/// The options of `interdict batch`.
#[derive(clap::Args)]
pub struct BatchArgs {
    /// The records to screen: CSV with a header, JSON Lines, or Parquet
    /// (format from the extension; CSV and JSON Lines may be gzipped).
    input: PathBuf,
    /// Where to write the hits, one row per (record, hit): .csv, .jsonl or
    /// .parquet.
    #[arg(long, short = 'o', value_name = "OUTPUT")]
    out: PathBuf,
    /// Read the input as this format whatever its extension.
    #[arg(long, value_enum)]
    input_format: Option<FileFormat>,
    /// Write the output as this format whatever its extension.
    #[arg(long, value_enum)]
    output_format: Option<FileFormat>,
    #[command(flatten)]
    columns: ColumnArgs,
    /// Report hits scoring at least this (0 to 1).
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    threshold: f32,
    /// At most this many results per record.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Go on from where an interrupted run of the same command stopped.
    #[arg(long)]
    resume: bool,
    /// Leave out dates, countries and schemas that cannot be read, and skip
    /// records without a name, instead of stopping at them.
    #[arg(long)]
    lenient: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Records screened, written and checkpointed together.
    #[arg(long, default_value_t = 4096, value_name = "ROWS")]
    chunk_rows: usize,
    /// Stop once this many records are done, as an interruption would
    /// (for trying out --resume).
    #[arg(long, hide = true, value_name = "ROWS")]
    stop_after: Option<u64>,
    /// No progress bar or messages on standard error.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// How to print the summary.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// A file format named on the command line.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    /// Comma-separated values with a header.
    Csv,
    /// JSON Lines.
    Jsonl,
    /// Apache Parquet.
    Parquet,
}

/// The lists as a checkpoint records them: each source's id, entity count
/// and publication date.
pub fn describe_lists(summaries: &[output::SourceSummary]) -> String {
    summaries
        .iter()
        .map(|s| {
            let published = s.published.map_or_else(String::new, |d| d.to_string());
            format!("{}:{}@{published}", s.id, s.entities)
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// A progress bar on standard error.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, total: Option<u64>, done: u64) {
        let style = match total {
            Some(total) => {
                self.0.set_length(total);
                ProgressStyle::with_template(
                    "{elapsed_precise} [{wide_bar}] {human_pos}/{human_len} rows, {rate}, ETA {eta}",
                )
            }
            None => ProgressStyle::with_template("{elapsed_precise} {human_pos} rows, {rate}"),
        };
        if let Ok(style) = style {
            self.0.set_style(
                style
                    .with_key(
                        "rate",
                        |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                            let _ = write!(out, "{:.0} rows/s", state.per_sec());
                        },
                    )
                    .progress_chars("=> "),
            );
        }
        self.0.set_position(done);
        self.0.reset_eta();
    }

    fn advance(&self, rows: u64) {
        self.0.inc(rows);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Runs `interdict batch`: loads the lists, screens the input, prints the
/// summary.
pub fn run(cli: &Cli, args: &BatchArgs) -> Result<()> {
    if !(0.0..=1.0).contains(&args.threshold) {
        bail!("--threshold {} is outside 0 to 1", args.threshold);
    }
    let input_format = match args.input_format {
        Some(FileFormat::Csv) => InputFormat::Csv,
        Some(FileFormat::Jsonl) => InputFormat::Jsonl,
        Some(FileFormat::Parquet) => InputFormat::Parquet,
        None => InputFormat::from_path(&args.input).with_context(|| {
            format!(
                "{}: cannot tell the input format from the extension (.csv, .jsonl, \
                 .parquet); say it with --input-format",
                args.input.display()
            )
        })?,
    };
    let output_format = match args.output_format {
        Some(FileFormat::Csv) => OutputFormat::Csv,
        Some(FileFormat::Jsonl) => OutputFormat::Jsonl,
        Some(FileFormat::Parquet) => OutputFormat::Parquet,
        None => OutputFormat::from_path(&args.out).with_context(|| {
            format!(
                "{}: cannot tell the output format from the extension (.csv, .jsonl, \
                 .parquet); say it with --output-format",
                args.out.display()
            )
        })?,
    };
    let mut options = BatchOptions::new(&args.input, input_format, &args.out, output_format);
    options.columns = args.columns.column_map();
    options.screen.threshold = args.threshold;
    options.screen.limit = args.limit;
    options.resume = args.resume;
    options.lenient = args.lenient;
    options.chunk_rows = args.chunk_rows;
    options.stop_after_rows = args.stop_after;
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    options.count_rows = show_progress;

    let started = Instant::now();
    let sources = load(cli)?;
    let summaries = output::summarise(&sources);
    options.lists = describe_lists(&summaries);
    let entities = interdict_catalog::entities_of(sources);
    let screener = Screener::new(entities);
    if !args.quiet {
        eprintln!(
            "loaded and indexed {} entities from {} list{} in {:.1} s",
            screener.entities().len(),
            summaries.len(),
            if summaries.len() == 1 { "" } else { "s" },
            started.elapsed().as_secs_f64()
        );
    }

    let bar = show_progress.then(|| {
        Bar(ProgressBar::with_draw_target(
            None,
            ProgressDrawTarget::stderr(),
        ))
    });
    let progress: &dyn Progress = match &bar {
        Some(bar) => bar,
        None => &NoProgress,
    };
    let result = match args.threads {
        Some(threads) => {
            if threads == 0 {
                bail!("--threads must be at least 1");
            }
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .context("cannot start the worker threads")?
                .install(|| interdict_batch::run(&screener, &options, progress))
        }
        None => interdict_batch::run(&screener, &options, progress),
    };
    let summary = result.map_err(anyhow::Error::from).with_context(|| {
        // Say what is safe on disk, so the user knows a fix and --resume
        // lose nothing.
        let checkpoint = interdict_batch::checkpoint::path_for(&args.out);
        match interdict_batch::checkpoint::read(&checkpoint) {
            Ok(Some(state)) if state.rows_done > 0 => format!(
                "batch stopped; the first {} records are screened and their hits written \
                 (run again with --resume to go on from there)",
                state.rows_done
            ),
            _ => "batch stopped".to_owned(),
        }
    })?;
    print_summary(&summary, args.format)
}

fn print_summary(summary: &Summary, format: Format) -> Result<()> {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(summary)?),
        Format::Table => {
            let resumed = if summary.resumed_from > 0 {
                format!(" (resumed after {})", summary.resumed_from)
            } else {
                String::new()
            };
            println!(
                "{} rows{resumed}: {} with hits, {} hits",
                summary.rows, summary.rows_with_hits, summary.hits
            );
            if summary.rows_skipped > 0 || summary.values_ignored > 0 {
                println!(
                    "{} rows skipped without a name, {} unreadable values left out",
                    summary.rows_skipped, summary.values_ignored
                );
            }
            println!(
                "{:.1} s, {:.0} rows/s on {} threads",
                summary.elapsed_secs, summary.rows_per_sec, summary.threads
            );
            if summary.complete {
                println!("hits written to {}", summary.output);
            } else {
                println!(
                    "stopped early; {} holds the hits so far: run again with --resume to finish",
                    summary.output
                );
            }
        }
    }
    Ok(())
}
