//! `interdict`: screen names against sanctions lists from the terminal.

mod batch;
mod bench;
mod compare;
mod consolidate;
mod graph;
mod output;
mod serve;
mod store_commands;
mod stored_subjects;

/// mimalloc rather than the system allocator: screening makes many short
/// strings and vectors, and loading frees the parsers' buffers. Measured
/// with `interdict bench` (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use interdict_catalog::{LoadedSource, Manifest};
use interdict_matcher::{DEFAULT_THRESHOLD, Options, Query, Screener};
use interdict_model::{Country, FuzzyDate, Schema};

/// Screen names against sanctions lists: who is listed, by whom, since when,
/// and why interdict thinks so.
#[derive(Parser)]
#[command(name = "interdict", version, about, long_about = None)]
struct Cli {
    /// Load the lists named in this manifest instead of the bundled ones.
    #[arg(long, global = true, value_name = "FILE")]
    manifest: Option<PathBuf>,
    /// Load only these sources (by id, e.g. `us_ofac_sdn`); repeatable.
    #[arg(long = "source", global = true, value_name = "ID")]
    sources: Vec<String>,
    /// Screen against this list file instead of the bundled lists, in any
    /// format interdict reads (recognised from its content); `ID=FILE` sets
    /// the source id. Repeatable.
    #[arg(long = "list", global = true, value_name = "[ID=]FILE")]
    lists: Vec<String>,
    /// The store of list versions, monitoring and audit log: a SQLite file,
    /// or a PostgreSQL database as postgres://user@host:port/database
    /// (default: $INTERDICT_STORE, else interdict/interdict.db in the
    /// user's data folder); see docs/store.md.
    #[arg(long, global = true, value_name = "FILE|URL")]
    store: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Screen a name against the loaded lists.
    Screen(ScreenArgs),
    /// List the loaded sources with their publication dates and counts.
    Lists(ListsArgs),
    /// Show everything the lists say about one entity, by id.
    Show(ShowArgs),
    /// Read a list file, recognising its format, and report what it holds.
    Load(LoadArgs),
    /// Score two names, or pairs of FollowTheMoney entities, against each
    /// other, with the explanation.
    Compare(compare::CompareArgs),
    /// Measure matching quality on benchmarks.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Screen a file of records (CSV, JSON Lines or Parquet) on all cores
    /// and write one row per hit; resumable.
    Batch(batch::BatchArgs),
    /// Measure load time, memory, screenings per second and latency.
    Bench(bench::BenchArgs),
    /// Serve the HTTP API (yente-compatible matching, search, entities,
    /// lists, health and metrics).
    Serve(serve::ServeArgs),
    /// Who sanctioned whom: which authorities list a subject, what an
    /// authority listed in a date range, counter-sanctions between them.
    Graph(graph::GraphArgs),
    /// Cluster every loaded record into subjects across the lists, with
    /// the reasons; record analysts' split and merge decisions.
    Consolidate(consolidate::ConsolidateArgs),
    #[command(flatten)]
    Store(store_commands::StoreCommand),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Precision, recall and F1 on labelled name pairs (nomenklatura's
    /// name_bench cases.csv), beside a reference run.
    Names(EvalNamesArgs),
    /// Accuracy, precision, recall and F1 on labelled pairs of entities
    /// (nomenklatura's entity_bench checks.yml), scored as `compare` scores
    /// them.
    Entities(EvalEntitiesArgs),
    /// Recall on real UN-listed people (and perturbed copies) and the false
    /// alert rate on synthetic non-listed people, screened against the
    /// loaded lists.
    Screening(EvalScreeningArgs),
    /// The name index's recall: the share of the hits an exhaustive scan of
    /// every entity finds that the index's candidates hold, on samples of
    /// the screening evaluation's queries.
    Index(EvalIndexArgs),
    /// How well records are consolidated into one subject across lists,
    /// against the UN reference numbers EU and UK records carry.
    Consolidation(EvalConsolidationArgs),
}

/// The threshold and output of an evaluation.
#[derive(clap::Args)]
struct EvalOutputArgs {
    /// Count a hit or a match, and group records, from this score.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    threshold: f32,
    /// Also list what was decided wrongly: cases, checks, misses and false
    /// alerts, hits the index missed, pairs not grouped or wrongly grouped.
    #[arg(long)]
    show_errors: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args)]
struct EvalConsolidationArgs {
    /// Also measure screening's query-time grouping (screens every record
    /// with a UN reference).
    #[arg(long)]
    query_time: bool,
    #[command(flatten)]
    output: EvalOutputArgs,
    /// Also measure against this file of hand-labelled subjects
    /// (crates/eval/data/consolidation_labels.csv; docs/consolidation.md).
    #[arg(long, value_name = "FILE")]
    labels: Option<PathBuf>,
}

#[derive(clap::Args)]
struct EvalIndexArgs {
    #[command(flatten)]
    fixtures: FixtureArgs,
    /// Queries from each set (the positives, each perturbation of them, the
    /// negatives), spread evenly over it. Each is scored against every
    /// entity, so this sets the run time.
    #[arg(long, default_value_t = 150)]
    per_set: usize,
    #[command(flatten)]
    output: EvalOutputArgs,
}

/// Where the shared evaluation fixtures are, relative to a checkout.
const FIXTURES: &str = "../shared/data/eval/yente_screening_fixtures";

/// The people screened by `eval screening`, `eval index` and `bench`: real
/// listed ones and synthetic non-listed ones.
#[derive(clap::Args)]
pub(crate) struct FixtureArgs {
    /// Real listed people (full_name, date_of_birth, nationality, ...).
    #[arg(long, default_value_t = format!("{FIXTURES}/positives_un_untreated.csv"))]
    pub(crate) positives: String,
    /// Synthetic non-listed people; repeatable.
    #[arg(long = "negatives", default_values_t = [
        format!("{FIXTURES}/negatives_global.csv.gz"),
        format!("{FIXTURES}/negatives_us.csv.gz"),
    ])]
    pub(crate) negatives: Vec<String>,
}

impl FixtureArgs {
    /// The real listed people.
    pub(crate) fn read_positives(&self) -> Result<Vec<interdict_eval::screening::Person>> {
        Ok(interdict_eval::screening::read_people(
            std::path::Path::new(&self.positives),
        )?)
    }

    /// The synthetic non-listed people of each file, with the file's name.
    pub(crate) fn read_negatives(
        &self,
    ) -> Result<Vec<(String, Vec<interdict_eval::screening::Person>)>> {
        self.negatives
            .iter()
            .map(|path| {
                let path = std::path::Path::new(path);
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                Ok((name, interdict_eval::screening::read_people(path)?))
            })
            .collect()
    }
}

#[derive(clap::Args)]
struct EvalScreeningArgs {
    #[command(flatten)]
    fixtures: FixtureArgs,
    /// Measure recall only, without the negatives.
    #[arg(long)]
    no_negatives: bool,
    #[command(flatten)]
    output: EvalOutputArgs,
}

#[derive(clap::Args)]
struct EvalNamesArgs {
    /// The cases (case_group, schema, name1, name2, is_match, ..., category).
    cases: PathBuf,
    /// A reference run of the same cases with predicted_match (default:
    /// logicv2-frozen.csv beside the cases, if there).
    #[arg(long)]
    reference: Option<PathBuf>,
    #[command(flatten)]
    output: EvalOutputArgs,
}

#[derive(clap::Args)]
struct EvalEntitiesArgs {
    /// The checks (YAML: `checks`, each with match, schema, label, query and
    /// candidate as FollowTheMoney properties).
    checks: PathBuf,
    /// Weigh name words by their rarity in the lists, as screening does
    /// (loads the lists); without it they weigh equally, as in `compare`.
    #[arg(long)]
    rarity_from_lists: bool,
    #[command(flatten)]
    output: EvalOutputArgs,
}

#[derive(clap::Args)]
struct LoadArgs {
    /// The list file (plain or gzip; XML, CSV, XLSX, ZIP, JSON Lines, YAML).
    file: PathBuf,
    /// Read the file as this format instead of recognising it.
    #[arg(long, value_name = "FORMAT")]
    list_format: Option<String>,
    /// Source id for the entities (default: from the file name).
    #[arg(long)]
    id: Option<String>,
    /// Print every warning (values kept as text), not just the first ten.
    #[arg(long)]
    warnings: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args)]
struct ShowArgs {
    /// The entity id, as screening prints it (`eu_fsf:EU.6251.70`).
    id: String,
    /// Output format: text, interdict's JSON model, or FollowTheMoney
    /// entities (the entity and one Sanction per listing, one per line).
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    format: ShowFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ShowFormat {
    Table,
    Json,
    Ftm,
}

#[derive(clap::Args)]
struct ScreenArgs {
    /// The name to screen, in any script or order ("ZHU, Hailun", "朱海仑").
    name: String,
    /// Another name of the same subject; repeatable.
    #[arg(long = "alias", value_name = "NAME")]
    aliases: Vec<String>,
    /// Date of birth (or incorporation): 1958-01-15, 1958-01, 1958, "circa 1958";
    /// repeatable.
    #[arg(long = "dob", value_name = "DATE")]
    dobs: Vec<String>,
    /// An identifier number (passport, national ID, IMO, registration); repeatable.
    #[arg(long = "id", value_name = "NUMBER")]
    identifiers: Vec<String>,
    /// Nationality or country, as an ISO code or a name; repeatable.
    #[arg(long = "country")]
    countries: Vec<String>,
    /// What the subject is.
    #[arg(long, value_enum)]
    schema: Option<SchemaArg>,
    /// Report hits scoring at least this (0 to 1).
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    threshold: f32,
    /// At most this many results.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Screen against the list versions the store served at this date
    /// (its end) or UTC time, or `now`; recorded in the audit log.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// With --as-of: the versions latest published by that date instead.
    #[arg(long, requires = "as_of")]
    as_of_published: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args)]
struct ListsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaArg {
    Person,
    Organization,
    Company,
    Vessel,
    Aircraft,
}

impl From<SchemaArg> for Schema {
    fn from(value: SchemaArg) -> Self {
        match value {
            SchemaArg::Person => Schema::Person,
            SchemaArg::Organization => Schema::Organization,
            SchemaArg::Company => Schema::Company,
            SchemaArg::Vessel => Schema::Vessel,
            SchemaArg::Aircraft => Schema::Aircraft,
        }
    }
}

/// How to print results.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text for people.
    Table,
    /// One JSON document.
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            use clap::error::ErrorKind;
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) {
                let _ = error.print();
                return ExitCode::SUCCESS;
            }
            // One clear line: clap's message without the usage block.
            let rendered = error.render().to_string();
            let message: Vec<&str> = rendered
                .lines()
                .take_while(|line| !line.is_empty() && !line.starts_with("Usage:"))
                .map(str::trim)
                .collect();
            eprintln!("{} (see interdict --help)", message.join(" "));
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match &cli.command {
        Command::Screen(args) => screen(&cli, args),
        Command::Lists(args) => lists(&cli, args),
        Command::Show(args) => show(&cli, args),
        Command::Consolidate(args) => consolidate::run(&cli, args),
        Command::Load(args) => load_file(args),
        Command::Compare(args) => compare::run(&cli, args),
        Command::Eval(EvalCommand::Names(args)) => eval_names(&cli, args),
        Command::Eval(EvalCommand::Entities(args)) => eval_entities(&cli, args),
        Command::Eval(EvalCommand::Screening(args)) => eval_screening(&cli, args),
        Command::Eval(EvalCommand::Index(args)) => eval_index(&cli, args),
        Command::Eval(EvalCommand::Consolidation(args)) => eval_consolidation(&cli, args),
        Command::Batch(args) => batch::run(&cli, args),
        Command::Bench(args) => bench::run(&cli, args),
        Command::Serve(args) => serve::run(&cli, args),
        Command::Graph(args) => graph::run(&cli, args),
        Command::Store(command) => store_commands::run(&cli, command),
    }
}

/// The manifest the global options ask for: `--list` files, else
/// `--manifest`, else the bundled lists; narrowed by `--source`.
fn manifest(cli: &Cli) -> Result<Manifest> {
    let manifest = if !cli.lists.is_empty() {
        let files: Vec<(Option<String>, PathBuf)> = cli
            .lists
            .iter()
            .map(|arg| match arg.split_once('=') {
                Some((id, file)) if !id.contains('/') => (Some(id.to_owned()), PathBuf::from(file)),
                _ => (None, PathBuf::from(arg)),
            })
            .collect();
        Manifest::from_files(&files)?
    } else {
        match &cli.manifest {
            Some(path) => Manifest::from_path(path)?,
            None => Manifest::bundled()?,
        }
    };
    Ok(if cli.sources.is_empty() {
        manifest
    } else {
        manifest.select(&cli.sources)?
    })
}

fn load(cli: &Cli) -> Result<Vec<LoadedSource>> {
    Ok(manifest(cli)?.load()?)
}

fn screen(cli: &Cli, args: &ScreenArgs) -> Result<()> {
    if args.name.trim().is_empty() {
        bail!("the name to screen is empty");
    }
    if !(0.0..=1.0).contains(&args.threshold) {
        bail!("--threshold {} is outside 0 to 1", args.threshold);
    }
    let birth_dates = args
        .dobs
        .iter()
        .map(|d| FuzzyDate::parse(d).context("--dob"))
        .collect::<Result<Vec<_>>>()?;
    let countries = args
        .countries
        .iter()
        .map(|c| {
            Country::resolve(c).with_context(|| format!("--country {c:?} is not a known country"))
        })
        .collect::<Result<Vec<_>>>()?;
    let query = Query {
        names: std::iter::once(&args.name)
            .chain(&args.aliases)
            .cloned()
            .collect(),
        birth_dates,
        countries,
        identifiers: args.identifiers.clone(),
        schema: args.schema.map(Schema::from),
    };

    let started = Instant::now();
    let (sources, versions) = match &args.as_of {
        Some(as_of) => store_commands::sources_as_of(cli, as_of, args.as_of_published)?,
        None => match store_commands::served_sources(cli)? {
            Some(served) => served,
            None => (load(cli)?, Vec::new()),
        },
    };
    let summaries = output::summarise(&sources);
    let entities = sources.into_iter().flat_map(|s| s.entities).collect();
    let screener = Screener::new(entities);
    let loaded_in = started.elapsed();
    let subjects = if versions.is_empty() {
        None
    } else {
        let kept = stored_subjects::kept(&store_commands::open(cli)?, &versions, &screener)?;
        if kept.is_none() {
            eprintln!(
                "no clustering into subjects is kept for these lists: hits are grouped at query time \
                 (run `interdict consolidate` to cluster the lists once and keep it)"
            );
        }
        kept
    };

    let started = Instant::now();
    let options = Options {
        threshold: args.threshold,
        limit: args.limit,
    };
    let groups = match &subjects {
        Some((clustering, _)) => {
            clustering.group_hits(screener.hits(&query, options.threshold), options.limit)
        }
        None => screener.screen(&query, &options),
    };
    let screened_in = started.elapsed();
    let recorded = if versions.is_empty() {
        None
    } else {
        Some(store_commands::record_screening(
            cli, &query, &options, &versions, &screener, &groups,
        )?)
    };

    let report = output::ScreeningReport::new(
        &query,
        &options,
        &summaries,
        &screener,
        &groups,
        subjects.as_ref().map(|(clustering, _)| clustering),
    );
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Table => {
            print!("{}", report.to_text());
            eprintln!(
                "loaded and indexed {} entities in {:.0} ms; screened in {:.2} ms",
                screener.entities().len(),
                loaded_in.as_secs_f64() * 1e3,
                screened_in.as_secs_f64() * 1e3
            );
            if let Some((clustering, read_in)) = &subjects {
                eprintln!(
                    "grouped by the {} subjects kept in the store (read in {:.0} ms)",
                    clustering.subjects().len(),
                    read_in.as_secs_f64() * 1e3
                );
            }
            if let Some(seq) = recorded {
                eprintln!(
                    "screened against {} stored list version(s); recorded as audit row {seq} in {}",
                    versions.len(),
                    store_commands::store_location(cli)
                );
            }
        }
    }
    Ok(())
}

fn lists(cli: &Cli, args: &ListsArgs) -> Result<()> {
    let sources = load(cli)?;
    let summaries = output::summarise(&sources);
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&summaries)?),
        Format::Table => print!("{}", output::lists_text(&summaries)),
    }
    Ok(())
}

fn show(cli: &Cli, args: &ShowArgs) -> Result<()> {
    let source = args
        .id
        .split_once(':')
        .map(|(source, _)| source.to_owned())
        .with_context(|| format!("{:?} is not an entity id (source:reference)", args.id))?;
    let manifest = manifest(cli)?;
    let manifest = if manifest.sources.iter().any(|s| s.id == source) {
        manifest.select(&[source])?
    } else {
        manifest
    };
    let entity = manifest
        .load()?
        .into_iter()
        .flat_map(|s| s.entities)
        .find(|e| e.id == args.id)
        .with_context(|| format!("no entity {:?}", args.id))?;
    match args.format {
        ShowFormat::Json => println!("{}", serde_json::to_string_pretty(&entity)?),
        ShowFormat::Ftm => {
            for object in interdict_model::ftm::to_ftm(&entity) {
                println!("{object}");
            }
        }
        ShowFormat::Table => print!("{}", output::entity_text(&entity)),
    }
    Ok(())
}

fn load_file(args: &LoadArgs) -> Result<()> {
    let mut manifest = Manifest::from_files(&[(args.id.clone(), args.file.clone())])?;
    if let Some(format) = &args.list_format {
        let format = format.parse().with_context(|| {
            let known: Vec<&str> = interdict_catalog::Format::ALL
                .iter()
                .map(|f| f.id())
                .collect();
            format!("--list-format: known formats are {}", known.join(", "))
        })?;
        for source in &mut manifest.sources {
            source.format = Some(format);
        }
    }
    let sources = manifest.load()?;
    let summaries = output::summarise(&sources);
    match args.format {
        Format::Json => {
            let report = output::LoadReport::new(&summaries, &sources, args.warnings);
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        Format::Table => print!("{}", output::load_text(&summaries, &sources, args.warnings)),
    }
    Ok(())
}

/// The screener over the lists the global options ask for.
fn screener(cli: &Cli) -> Result<Screener> {
    let entities = load(cli)?.into_iter().flat_map(|s| s.entities).collect();
    Ok(Screener::new(entities))
}

fn eval_names(cli: &Cli, args: &EvalNamesArgs) -> Result<()> {
    use interdict_eval::name_bench;
    let cases = name_bench::read_cases(&args.cases)?;
    let reference_path = args.reference.clone().or_else(|| {
        let beside = args.cases.with_file_name("logicv2-frozen.csv");
        beside.is_file().then_some(beside)
    });
    let reference = reference_path
        .as_deref()
        .map(name_bench::read_reference)
        .transpose()?;
    let screener = screener(cli)?;
    let report = name_bench::run(
        &screener,
        &cases,
        reference.as_deref(),
        args.output.threshold,
    );
    match args.output.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Table => {
            print!("{}", report.to_text());
            if args.output.show_errors {
                println!("\nDecided wrongly:");
                for error in &report.errors {
                    println!(
                        "  {:<16} {:>5.2} {} {:?} ~ {:?}",
                        error.group,
                        error.score,
                        if error.is_match {
                            "missed"
                        } else {
                            "false alert"
                        },
                        error.name1,
                        error.name2
                    );
                }
            }
        }
    }
    Ok(())
}

fn eval_entities(cli: &Cli, args: &EvalEntitiesArgs) -> Result<()> {
    use interdict_eval::entity_bench;
    let checks = entity_bench::read_checks(&args.checks)?;
    let screener = if args.rarity_from_lists {
        screener(cli)?
    } else {
        Screener::new(Vec::new())
    };
    let report = entity_bench::run(&screener, &checks, args.output.threshold);
    match args.output.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Table => {
            print!("{}", report.to_text());
            if args.output.show_errors {
                println!("\nDecided wrongly:");
                for error in &report.errors {
                    let label = error
                        .label
                        .as_deref()
                        .map_or_else(String::new, |l| format!(" [{l}]"));
                    println!(
                        "  check {}{label} {}: {} at {:.2}: {:?} ~ {:?}",
                        error.check,
                        error.schema,
                        if error.expected {
                            "missed"
                        } else {
                            "false alert"
                        },
                        error.decision.score,
                        error.query,
                        error.candidate,
                    );
                    if let Some(reason) = &error.decision.reason {
                        println!("      {reason}");
                    }
                    if let Some(explanation) = &error.decision.explanation {
                        for line in compare::explanation_lines(explanation) {
                            println!("      {line}");
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

fn eval_index(cli: &Cli, args: &EvalIndexArgs) -> Result<()> {
    use interdict_eval::index_recall;
    let positives = args.fixtures.read_positives()?;
    let negatives: Vec<_> = args
        .fixtures
        .read_negatives()?
        .into_iter()
        .flat_map(|(_, people)| people)
        .collect();
    let screener = screener(cli)?;
    let report = index_recall::run(
        &screener,
        &positives,
        &negatives,
        args.per_set,
        args.output.threshold,
    );
    match args.output.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Table => {
            print!("{}", report.to_text());
            if args.output.show_errors {
                for missed in &report.missed {
                    println!("  missed: {missed}");
                }
            }
        }
    }
    Ok(())
}

fn eval_consolidation(cli: &Cli, args: &EvalConsolidationArgs) -> Result<()> {
    use interdict_eval::consolidation_labels as labels;
    let screener = screener(cli)?;
    let output = &args.output;
    // The labels are checked before the seconds of clustering.
    let labelled = args
        .labels
        .as_deref()
        .map(|path| labels::read_loaded(&screener, path))
        .transpose()?;
    let served = screener.consolidate(&[], interdict_matcher::consolidate::Evidence::default());
    let report =
        interdict_eval::consolidation::run(&screener, &served, output.threshold, args.query_time);
    let labelled = labelled.map(|labelled| {
        let clustering = labels::measure(&labelled, labels::clustered_with(&screener, &served));
        let query_time = args.query_time.then(|| {
            labels::measure(
                &labelled,
                labels::query_time_grouping(&screener, output.threshold),
            )
        });
        (clustering, query_time)
    });
    match output.format {
        Format::Json => match &labelled {
            None => println!("{}", serde_json::to_string_pretty(&report)?),
            Some((clustering, query_time)) => println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "un_references": report,
                    "labels": clustering,
                    "labels_query_time": query_time,
                }))?
            ),
        },
        Format::Table => {
            print!("{}", report.to_text());
            if output.show_errors {
                for missed in &report.missed {
                    println!("  not grouped: {missed}");
                }
                for wrong in &report.wrong {
                    println!("  wrongly grouped: {wrong}");
                }
            }
            let measured = labelled.iter().flat_map(|(clustering, query_time)| {
                [
                    Some(("clustering", clustering)),
                    query_time.as_ref().map(|q| ("query-time grouping", q)),
                ]
                .into_iter()
                .flatten()
            });
            for (what, labelled) in measured {
                print!("{what}, {}", labelled.to_text());
                if output.show_errors {
                    for missed in &labelled.missed {
                        println!("  not grouped: {missed}");
                    }
                    for wrong in &labelled.wrong {
                        println!("  wrongly grouped: {wrong}");
                    }
                    for partner in &labelled.unlabelled {
                        println!("  grouped with an unlabelled record: {partner}");
                    }
                }
            }
        }
    }
    Ok(())
}

fn eval_screening(cli: &Cli, args: &EvalScreeningArgs) -> Result<()> {
    use interdict_eval::screening;
    let positives = args.fixtures.read_positives()?;
    let negatives = if args.no_negatives {
        Vec::new()
    } else {
        args.fixtures.read_negatives()?
    };
    let screener = screener(cli)?;
    let report = screening::run(&screener, &positives, &negatives, args.output.threshold);
    match args.output.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Table => {
            print!("{}", report.to_text());
            if args.output.show_errors {
                for recall in &report.recall {
                    for missed in &recall.missed {
                        println!("  missed ({}): {missed}", recall.set);
                    }
                }
                for alerts in &report.false_alerts {
                    for example in &alerts.examples {
                        println!("  alert ({}): {example}", alerts.set);
                    }
                }
            }
        }
    }
    Ok(())
}
