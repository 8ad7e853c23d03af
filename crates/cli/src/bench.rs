//! `interdict bench`: how long the lists take to load and index, how much
//! memory they hold, and how fast screening is on one core and on all of
//! them, on yente's screening fixtures (683 UN-listed people and 100,000
//! synthetic non-listed ones). `--scale N` first grows the index to N
//! entities with perturbed copies; `--batch-rows N` also times a batch run
//! over a generated CSV.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use interdict_batch::bench::{self, Machine, Memory, Run};
use interdict_batch::{
    BatchOptions, InputFormat, NoProgress, OutputFormat, Summary, sample, scale,
};
use interdict_eval::screening;
use interdict_matcher::{DEFAULT_THRESHOLD, Options, Query, Screener};
use serde::Serialize;

use crate::{Cli, FixtureArgs, Format, load};

/// The options of `interdict bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    #[command(flatten)]
    fixtures: FixtureArgs,
    /// Screen at most this many queries, spread evenly over the positives
    /// and negatives (default: all 100,683).
    #[arg(long, value_name = "N")]
    queries: Option<usize>,
    /// Grow the index to this many entities with perturbed copies of the
    /// loaded ones (new ids, typos, swapped and dropped words) before
    /// measuring.
    #[arg(long, value_name = "ENTITIES")]
    scale: Option<usize>,
    /// Seed of the perturbations (--scale, --batch-rows).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Thread counts to measure, comma-separated (default: 1 and all
    /// cores).
    #[arg(long, value_delimiter = ',', value_name = "N,...")]
    threads: Vec<usize>,
    /// Count hits from this score.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    threshold: f32,
    /// Also time `interdict batch` on all cores over a generated CSV of
    /// this many rows (made from the negatives in a temporary directory,
    /// then removed).
    #[arg(long, value_name = "ROWS")]
    batch_rows: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Everything `interdict bench` measures.
#[derive(Debug, Serialize)]
struct BenchReport {
    machine: Machine,
    lists: ListFigures,
    load: LoadFigures,
    #[serde(skip_serializing_if = "Option::is_none")]
    scale: Option<ScaleFigures>,
    memory: MemoryFigures,
    queries: QueryFigures,
    threshold: f32,
    runs: Vec<Run>,
    #[serde(skip_serializing_if = "Option::is_none")]
    batch: Option<BatchFigures>,
}

#[derive(Debug, Serialize)]
struct ListFigures {
    /// Sources loaded.
    sources: usize,
    /// Entities loaded from them.
    loaded_entities: usize,
    /// Entities indexed (with the copies, when scaled).
    indexed_entities: usize,
}

#[derive(Debug, Serialize)]
struct LoadFigures {
    /// Reading and parsing the lists.
    load_secs: f64,
    /// Making the scale copies.
    #[serde(skip_serializing_if = "Option::is_none")]
    scale_secs: Option<f64>,
    /// Building the index.
    index_secs: f64,
    /// All of it.
    total_secs: f64,
}

#[derive(Debug, Serialize)]
struct ScaleFigures {
    requested: usize,
    copies: usize,
    seed: u64,
}

#[derive(Debug, Serialize)]
struct MemoryFigures {
    /// Before loading, with the benchmark's queries in memory.
    before_load: Option<Memory>,
    /// After loading and indexing.
    after_index: Option<Memory>,
    /// What loading and indexing added to the resident memory: what the
    /// lists and their index hold, without the benchmark's own queries.
    lists_and_index_mib: Option<f64>,
    /// After the runs.
    at_end: Option<Memory>,
}

#[derive(Debug, Serialize)]
struct QueryFigures {
    positives: usize,
    negatives: usize,
    screened: usize,
}

#[derive(Debug, Serialize)]
struct BatchFigures {
    rows: u64,
    generate_secs: f64,
    summary: Summary,
}

/// Runs `interdict bench` and prints the figures.
pub fn run(cli: &Cli, args: &BenchArgs) -> Result<()> {
    if !(0.0..=1.0).contains(&args.threshold) {
        bail!("--threshold {} is outside 0 to 1", args.threshold);
    }
    let machine = bench::machine();
    let mut threads = if args.threads.is_empty() {
        vec![1, machine.cores]
    } else {
        args.threads.clone()
    };
    threads.dedup();
    if threads.contains(&0) {
        bail!("--threads: a pool needs at least 1 thread");
    }

    // The fixtures first, so a missing file fails before the slow part.
    let positives = args.fixtures.read_positives()?;
    let negatives: Vec<screening::Person> = args
        .fixtures
        .read_negatives()?
        .into_iter()
        .flat_map(|(_, people)| people)
        .collect();
    let all: Vec<Query> = positives
        .iter()
        .chain(&negatives)
        .map(screening::Person::query)
        .collect();
    let queries = match args.queries {
        Some(n) => {
            let sample = bench::sample_evenly(&all, n);
            drop(all);
            sample
        }
        None => all,
    };
    let (positive_count, negative_count) = (positives.len(), negatives.len());
    drop((positives, negatives));
    let before_load = bench::memory();

    let started = Instant::now();
    let sources = load(cli)?;
    let load_secs = started.elapsed().as_secs_f64();
    let source_count = sources.len();
    let mut entities = interdict_catalog::entities_of(sources);
    let loaded_entities = entities.len();
    let (scale_figures, scale_secs) = match args.scale {
        Some(target) => {
            let started = Instant::now();
            let copies = scale::grow(&mut entities, target, args.seed);
            (
                Some(ScaleFigures {
                    requested: target,
                    copies,
                    seed: args.seed,
                }),
                Some(started.elapsed().as_secs_f64()),
            )
        }
        None => (None, None),
    };
    let started_index = Instant::now();
    let screener = Screener::new(entities);
    let index_secs = started_index.elapsed().as_secs_f64();
    let total_secs = started.elapsed().as_secs_f64();
    let after_index = bench::memory();

    let options = Options {
        threshold: args.threshold,
        limit: 10,
    };
    let mut runs = Vec::new();
    for &count in &threads {
        runs.push(bench::measure(&screener, &queries, &options, count)?);
    }

    let batch = match args.batch_rows {
        Some(rows) => Some(time_batch(&screener, args, rows)?),
        None => None,
    };

    let report = BenchReport {
        machine,
        lists: ListFigures {
            sources: source_count,
            loaded_entities,
            indexed_entities: screener.entities().len(),
        },
        load: LoadFigures {
            load_secs,
            scale_secs,
            index_secs,
            total_secs,
        },
        scale: scale_figures,
        memory: MemoryFigures {
            before_load,
            after_index,
            lists_and_index_mib: before_load
                .zip(after_index)
                .map(|(before, after)| after.rss_mib - before.rss_mib),
            at_end: bench::memory(),
        },
        queries: QueryFigures {
            positives: positive_count,
            negatives: negative_count,
            screened: queries.len(),
        },
        threshold: args.threshold,
        runs,
        batch,
    };
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Table => print!("{}", report.to_text()),
    }
    Ok(())
}

/// Generates a CSV of `rows` rows in a temporary directory and screens it
/// as `interdict batch` does, on all cores; the directory is removed after.
fn time_batch(screener: &Screener, args: &BenchArgs, rows: u64) -> Result<BatchFigures> {
    let dir = std::env::temp_dir().join(format!("interdict-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let result = (|| -> Result<BatchFigures> {
        let started = Instant::now();
        let mut negatives = Vec::new();
        for path in &args.fixtures.negatives {
            negatives.extend(sample::read_fixture(Path::new(path))?);
        }
        let positives = sample::read_fixture(Path::new(&args.fixtures.positives))?;
        let input = dir.join("customers.csv");
        sample::write_csv(&input, rows, &negatives, &positives, args.seed)?;
        let generate_secs = started.elapsed().as_secs_f64();
        let mut options = BatchOptions::new(
            &input,
            InputFormat::Csv,
            &dir.join("hits.csv"),
            OutputFormat::Csv,
        );
        options.screen.threshold = args.threshold;
        let summary = interdict_batch::run(screener, &options, &NoProgress)?;
        Ok(BatchFigures {
            rows,
            generate_secs,
            summary,
        })
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

impl BenchReport {
    fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let m = &self.machine;
        let memory = m.memory_mib.map_or_else(String::new, |mib| {
            format!(", {:.1} GiB", mib as f64 / 1024.0)
        });
        let _ = writeln!(
            out,
            "machine: {}, {} cores{memory}, {}",
            m.cpu_model, m.cores, m.os
        );
        let scaled = match &self.scale {
            Some(scale) => format!(
                ", grown to {} with {} perturbed copies (seed {})",
                self.lists.indexed_entities, scale.copies, scale.seed
            ),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "lists: {} sources, {} entities{scaled}",
            self.lists.sources, self.lists.loaded_entities
        );
        let scale_time = self
            .load
            .scale_secs
            .map_or_else(String::new, |s| format!(", copies {s:.1} s"));
        let _ = writeln!(
            out,
            "load and index: {:.1} s (parse {:.1} s{scale_time}, index {:.1} s)",
            self.load.total_secs, self.load.load_secs, self.load.index_secs
        );
        let show = |memory: &Option<Memory>| {
            memory.map_or_else(
                || "unknown".to_owned(),
                |m| {
                    format!(
                        "{:.0} MiB resident, peak {:.0} MiB",
                        m.rss_mib, m.peak_rss_mib
                    )
                },
            )
        };
        if let Some(held) = self.memory.lists_and_index_mib {
            let _ = writeln!(out, "memory held by the lists and index: {held:.0} MiB");
        }
        let _ = writeln!(
            out,
            "process memory before loading (the queries): {}; after indexing: {}; at the end: {}",
            show(&self.memory.before_load),
            show(&self.memory.after_index),
            show(&self.memory.at_end)
        );
        let _ = writeln!(
            out,
            "queries: {} of {} positives and {} negatives, threshold {:.2}",
            self.queries.screened, self.queries.positives, self.queries.negatives, self.threshold
        );
        let _ = writeln!(
            out,
            "\n{:>7} {:>8} {:>9} {:>13} {:>8} {:>8} {:>8} {:>8} {:>10}",
            "threads",
            "queries",
            "seconds",
            "screenings/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "max ms",
            "with hits"
        );
        for run in &self.runs {
            let _ = writeln!(
                out,
                "{:>7} {:>8} {:>9.1} {:>13.0} {:>8.2} {:>8.2} {:>8.2} {:>8.1} {:>10}",
                run.threads,
                run.queries,
                run.elapsed_secs,
                run.screenings_per_sec,
                run.latency.p50_ms,
                run.latency.p90_ms,
                run.latency.p99_ms,
                run.latency.max_ms,
                run.queries_with_hits
            );
        }
        if let Some(run) = self.runs.first() {
            let slowest: Vec<String> = run
                .slowest
                .iter()
                .map(|q| format!("{} ({:.1} ms)", q.names.join(" / "), q.ms))
                .collect();
            let _ = writeln!(
                out,
                "slowest on {} threads: {}",
                run.threads,
                slowest.join(", ")
            );
        }
        if let Some(batch) = &self.batch {
            let s = &batch.summary;
            let _ = writeln!(
                out,
                "\nbatch: {} CSV rows (generated in {:.1} s) screened in {:.1} s, {:.0} rows/s on {} \
                 threads; {} rows with hits, {} hits",
                batch.rows,
                batch.generate_secs,
                s.elapsed_secs,
                s.rows_per_sec,
                s.threads,
                s.rows_with_hits,
                s.hits
            );
        }
        out
    }
}
