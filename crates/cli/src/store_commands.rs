//! The commands that use the store (see docs/store.md): list versions,
//! updates, diffs, monitoring, alerts, dispositions, the audit log, and
//! screening as of a date.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use clap::{Subcommand, ValueEnum};
use interdict_catalog::LoadedSource;
use interdict_matcher::{Group, Options, Query, Screener};
use interdict_model::PartialDate;
use interdict_store::audit::ScreeningRecord;
use interdict_store::diff::VersionDiff;
use interdict_store::monitor::{
    AlertStatus, CustomerChange, Decision, RescreenReport, monitor_options,
};
use interdict_store::update::Downloader;
use interdict_store::{AsOf, IngestOutcome, IngestReport, ListVersion, Location, Store, Timestamp};

use crate::batch::ColumnArgs;
use crate::{Cli, Format, manifest};

/// The store's commands, flattened into the top-level ones.
#[derive(Subcommand)]
pub(crate) enum StoreCommand {
    /// List the stored versions of each list (or of one source): dates,
    /// content hashes, counts, and when each was served.
    Versions(VersionsArgs),
    /// Store list files as new versions and serve them: FILE as source
    /// `--id`, or without FILE every source of `--manifest`.
    Ingest(IngestArgs),
    /// Download every source of the manifest from its URL, check that it
    /// parses, and only then serve it; re-screens monitored customers if a
    /// list changed.
    Update(UpdateArgs),
    /// What changed between two versions of a source (default: the
    /// previous and the active one).
    Diff(DiffArgs),
    /// Watch customers: import them from a file, list them, re-screen them.
    #[command(subcommand)]
    Monitor(MonitorCommand),
    /// List the alerts monitoring raised.
    Alerts(AlertsArgs),
    /// Record an analyst's decision on an alert.
    Disposition(DispositionArgs),
    /// Show or check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(clap::Args)]
pub(crate) struct VersionsArgs {
    /// Only this source.
    source: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args)]
pub(crate) struct IngestArgs {
    /// The list file (any format interdict reads).
    file: Option<PathBuf>,
    /// The source it is a version of (required with FILE). Title, format
    /// and authority come from the manifest when it names this source.
    #[arg(long)]
    id: Option<String>,
    /// Its publication date, when the file does not state one.
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
    /// Do not re-screen monitored customers afterwards.
    #[arg(long)]
    no_rescreen: bool,
    /// Do not cluster the served lists into subjects afterwards (seconds
    /// for every bundled list); `screen` then groups hits at query time
    /// until `interdict consolidate` runs.
    #[arg(long)]
    no_consolidate: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args)]
pub(crate) struct UpdateArgs {
    /// Give up a download after this many seconds.
    #[arg(long, default_value_t = 600)]
    timeout: u64,
    /// Do not re-screen monitored customers afterwards.
    #[arg(long)]
    no_rescreen: bool,
    /// Do not cluster the served lists into subjects afterwards (seconds
    /// for every bundled list); `screen` then groups hits at query time
    /// until `interdict consolidate` runs.
    #[arg(long)]
    no_consolidate: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args)]
pub(crate) struct DiffArgs {
    /// The source (`un_sc`).
    source: String,
    /// The older version: its number, a content-hash prefix, its
    /// publication date, or `previous`.
    old: Option<String>,
    /// The newer version, named the same ways, or `active`.
    new: Option<String>,
    /// List at most this many entities of each kind (0: counts only).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Subcommand)]
pub(crate) enum MonitorCommand {
    /// Add or update the customers of a file (CSV with a header, JSON
    /// Lines or Parquet; columns as for `batch`, and a key column is
    /// required), then re-screen.
    Import(ImportArgs),
    /// List the watched customers.
    List(FormatArgs),
    /// Re-screen every watched customer against the lists served now.
    Rescreen(FormatArgs),
    /// Stop watching a customer.
    Remove(RemoveArgs),
}

#[derive(clap::Args)]
pub(crate) struct ImportArgs {
    /// The customers.
    file: PathBuf,
    #[command(flatten)]
    columns: ColumnArgs,
    /// Leave out values that cannot be read instead of stopping.
    #[arg(long)]
    lenient: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args)]
pub(crate) struct RemoveArgs {
    /// The customer's key.
    key: String,
}

#[derive(clap::Args)]
pub(crate) struct FormatArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args)]
pub(crate) struct AlertsArgs {
    /// Also list decided alerts.
    #[arg(long)]
    all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DecisionArg {
    /// The customer is the listed entity.
    TrueMatch,
    /// The customer is not the listed entity: the hit stays quiet until the
    /// listing's names, dates of birth, nationalities or identifiers change.
    FalsePositive,
}

#[derive(clap::Args)]
pub(crate) struct DispositionArgs {
    /// The alert's number (see `interdict alerts`).
    alert: i64,
    /// The decision.
    #[arg(value_enum)]
    decision: DecisionArg,
    /// Why.
    #[arg(long)]
    comment: String,
    /// Who decides (default: $USER).
    #[arg(long)]
    user: Option<String>,
}

#[derive(Subcommand)]
pub(crate) enum AuditCommand {
    /// Recompute the hash chain and report the first tampered row.
    Verify,
    /// Print rows of the log as JSON Lines.
    Show(AuditShowArgs),
}

#[derive(clap::Args)]
pub(crate) struct AuditShowArgs {
    /// From this row.
    #[arg(long, default_value_t = 1)]
    from: i64,
    /// At most this many rows.
    #[arg(long, default_value_t = 100)]
    limit: usize,
}

/// The store `--store` or `INTERDICT_STORE` names (a SQLite file, or a
/// PostgreSQL database by its `postgres://` URL), else the default file.
pub(crate) fn store_location(cli: &Cli) -> Location {
    let path = cli
        .store
        .clone()
        .or_else(|| {
            std::env::var_os("INTERDICT_STORE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(interdict_store::default_path);
    Location::from_path(&path)
}

/// Opens the store [`store_location`] names.
pub(crate) fn open(cli: &Cli) -> Result<Store> {
    Ok(Store::open_at(&store_location(cli))?)
}

/// Who acts: `given`, else $USER, else `cli`.
pub(crate) fn user(given: Option<&String>) -> String {
    given
        .cloned()
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "cli".to_owned())
}

/// Runs one of the store's commands.
pub(crate) fn run(cli: &Cli, command: &StoreCommand) -> Result<()> {
    match command {
        StoreCommand::Versions(args) => versions(cli, args),
        StoreCommand::Ingest(args) => ingest(cli, args),
        StoreCommand::Update(args) => update(cli, args),
        StoreCommand::Diff(args) => diff(cli, args),
        StoreCommand::Monitor(MonitorCommand::Import(args)) => import(cli, args),
        StoreCommand::Monitor(MonitorCommand::List(args)) => monitored(cli, args),
        StoreCommand::Monitor(MonitorCommand::Rescreen(args)) => {
            let report = open(cli)?.rescreen_active(&monitor_options())?;
            print_rescreen(&report, args.format)
        }
        StoreCommand::Monitor(MonitorCommand::Remove(args)) => {
            if !open(cli)?.remove_monitored(&args.key)? {
                bail!("no customer {:?} is watched", args.key);
            }
            Ok(())
        }
        StoreCommand::Alerts(args) => alerts(cli, args),
        StoreCommand::Disposition(args) => disposition(cli, args),
        StoreCommand::Audit(AuditCommand::Verify) => audit_verify(cli),
        StoreCommand::Audit(AuditCommand::Show(args)) => {
            for entry in open(cli)?.audit_entries(args.from, args.limit)? {
                println!("{}", serde_json::to_string(&entry)?);
            }
            Ok(())
        }
    }
}

fn versions(cli: &Cli, args: &VersionsArgs) -> Result<()> {
    let versions = open(cli)?.versions(args.source.as_deref())?;
    if args.format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&versions)?);
        return Ok(());
    }
    if versions.is_empty() {
        println!("No list versions stored in {}", store_location(cli));
        return Ok(());
    }
    println!(
        "{:>4}  {:<14} {:<11} {:<12} {:>8}  {:<20} {:<20}",
        "id", "source", "published", "hash", "entities", "served from", "until"
    );
    for v in &versions {
        println!(
            "{:>4}  {:<14} {:<11} {:<12} {:>8}  {:<20} {:<20}",
            v.id,
            v.source,
            v.published
                .map_or_else(|| "-".to_owned(), |p| p.to_string()),
            v.short_hash(),
            v.entity_count,
            v.active_from.map_or_else(|| "-".to_owned(), short_time),
            match (v.active_from, v.active_until) {
                (Some(_), None) => "(active)".to_owned(),
                (_, Some(until)) => short_time(until),
                (None, None) => "-".to_owned(),
            },
        );
    }
    Ok(())
}

/// `2026-11-23T14:20:00Z`, without fractions.
fn short_time(time: Timestamp) -> String {
    let text = time.to_string();
    match text.split_once('.') {
        Some((seconds, _)) => format!("{seconds}Z"),
        None => text,
    }
}

fn ingest(cli: &Cli, args: &IngestArgs) -> Result<()> {
    let manifest = manifest(cli)?;
    let published = args
        .published
        .as_deref()
        .map(|p| p.parse::<PartialDate>().context("--published"))
        .transpose()?;
    let mut jobs: Vec<(interdict_catalog::SourceInfo, PathBuf)> = Vec::new();
    match &args.file {
        Some(file) => {
            let id = args
                .id
                .clone()
                .context("say which source the file is a version of with --id")?;
            let mut info = manifest
                .sources
                .iter()
                .find(|s| s.id == id)
                .cloned()
                .unwrap_or_else(|| interdict_catalog::SourceInfo::named(&id));
            // The manifest's date describes its own copy, not this file.
            info.published = published;
            jobs.push((info, file.clone()));
        }
        None => {
            let Some(manifest_path) = &cli.manifest else {
                bail!("give a FILE with --id, or a --manifest whose files to store");
            };
            let folder = manifest_path.parent().unwrap_or(Path::new("."));
            for info in &manifest.sources {
                jobs.push((info.clone(), folder.join(&info.file)));
            }
        }
    }
    let mut store = open(cli)?;
    let mut reports = Vec::new();
    for (info, path) in &jobs {
        reports.push(store.ingest_file(info, path)?);
    }
    let changed = reports
        .iter()
        .any(|r| r.outcome != IngestOutcome::Unchanged);
    let rescreen = if changed && !args.no_rescreen {
        Some(store.rescreen_active(&monitor_options())?)
    } else {
        None
    };
    let subjects = if args.no_consolidate {
        None
    } else {
        crate::stored_subjects::keep_for_active(&mut store, None)?
    };
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "versions": reports,
                "rescreen": rescreen,
                "subjects": subjects,
            }))?
        ),
        Format::Table => {
            for report in &reports {
                println!("{}", ingest_line(&report.version.source, report));
            }
            if let Some(report) = rescreen.as_ref().filter(|r| r.customers > 0) {
                print_rescreen(report, Format::Table)?;
            }
            if let Some(subjects) = &subjects {
                println!("{}", subjects.line());
            }
        }
    }
    Ok(())
}

fn ingest_line(source: &str, report: &IngestReport) -> String {
    let v = &report.version;
    let what = match report.outcome {
        IngestOutcome::Added => "new version",
        IngestOutcome::Reactivated => "earlier version served again",
        IngestOutcome::Unchanged => "unchanged",
    };
    let mut line = format!(
        "{source}: {what}: version {} ({} entities, published {}, sha256 {})",
        v.id,
        v.entity_count,
        v.published
            .map_or_else(|| "unknown".to_owned(), |p| p.to_string()),
        v.short_hash()
    );
    if let Some(replaced) = &report.replaced {
        let _ = write!(line, ", replacing version {}", replaced.id);
    }
    line
}

fn update(cli: &Cli, args: &UpdateArgs) -> Result<()> {
    let manifest = manifest(cli)?;
    let downloader = Downloader::new(
        std::time::Duration::from_secs(30),
        std::time::Duration::from_secs(args.timeout),
    );
    let mut store = open(cli)?;
    let results = store.update(&manifest.sources, &downloader);
    let changed = results.iter().any(|r| {
        r.outcome
            .as_ref()
            .is_ok_and(|report| report.outcome != IngestOutcome::Unchanged)
    });
    let rescreen = if changed && !args.no_rescreen {
        Some(store.rescreen_active(&monitor_options())?)
    } else {
        None
    };
    let subjects = if args.no_consolidate {
        None
    } else {
        crate::stored_subjects::keep_for_active(&mut store, None)?
    };
    let failed = results.iter().filter(|r| r.outcome.is_err()).count();
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "sources": results,
                "rescreen": rescreen,
                "subjects": subjects,
            }))?
        ),
        Format::Table => {
            for result in &results {
                match &result.outcome {
                    Ok(report) => println!("{}", ingest_line(&result.source, report)),
                    Err(error) => {
                        println!("{}: FAILED, previous version kept: {error}", result.source)
                    }
                }
            }
            if let Some(report) = rescreen.as_ref().filter(|r| r.customers > 0) {
                print_rescreen(report, Format::Table)?;
            }
            if let Some(subjects) = &subjects {
                println!("{}", subjects.line());
            }
        }
    }
    if failed > 0 {
        bail!("{failed} of {} sources could not be updated", results.len());
    }
    Ok(())
}

fn diff(cli: &Cli, args: &DiffArgs) -> Result<()> {
    let versions = match (&args.old, &args.new) {
        (Some(old), Some(new)) => Some((old.as_str(), new.as_str())),
        (None, None) => None,
        (Some(old), None) => Some((old.as_str(), "active")),
        (None, Some(new)) => Some(("previous", new.as_str())),
    };
    let diff = open(cli)?.diff(&args.source, versions)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&diff)?),
        Format::Table => print!("{}", diff_text(&diff, args.limit)),
    }
    Ok(())
}

fn version_label(v: &ListVersion) -> String {
    format!(
        "version {} (published {}, {} entities, sha256 {})",
        v.id,
        v.published
            .map_or_else(|| "unknown".to_owned(), |p| p.to_string()),
        v.entity_count,
        v.short_hash()
    )
}

fn diff_text(diff: &VersionDiff, limit: usize) -> String {
    let e = &diff.entities;
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", diff.old.source, version_label(&diff.old));
    let _ = writeln!(out, "  -> {}", version_label(&diff.new));
    let _ = writeln!(
        out,
        "{} added, {} removed, {} changed, {} re-identified (new id, same names), {} unchanged",
        e.added.len(),
        e.removed.len(),
        e.changed.len(),
        e.reidentified.len(),
        e.unchanged
    );
    let counts: Vec<String> = e
        .field_counts()
        .iter()
        .map(|(field, n)| format!("{field} {n}"))
        .collect();
    if !counts.is_empty() {
        let _ = writeln!(out, "changed fields: {}", counts.join(", "));
    }
    if limit == 0 {
        return out;
    }
    let more = |out: &mut String, total: usize| {
        if total > limit {
            let _ = writeln!(out, "  ... and {} more", total - limit);
        }
    };
    if !e.added.is_empty() {
        let _ = writeln!(out, "\nAdded:");
        for entity in e.added.iter().take(limit) {
            let _ = writeln!(out, "  + {} {}", entity.id, entity.caption);
        }
        more(&mut out, e.added.len());
    }
    if !e.removed.is_empty() {
        let _ = writeln!(out, "\nRemoved:");
        for entity in e.removed.iter().take(limit) {
            let _ = writeln!(out, "  - {} {}", entity.id, entity.caption);
        }
        more(&mut out, e.removed.len());
    }
    if !e.changed.is_empty() {
        let _ = writeln!(out, "\nChanged:");
        for entity in e.changed.iter().take(limit) {
            let fields: Vec<&str> = entity.fields.iter().map(|f| f.label()).collect();
            let _ = writeln!(
                out,
                "  ~ {} {}: {}",
                entity.id,
                entity.caption,
                fields.join(", ")
            );
        }
        more(&mut out, e.changed.len());
    }
    if !e.reidentified.is_empty() {
        let _ = writeln!(out, "\nRe-identified:");
        for entity in e.reidentified.iter().take(limit) {
            let fields: Vec<&str> = entity.fields.iter().map(|f| f.label()).collect();
            let _ = writeln!(
                out,
                "  = {} -> {} {}{}",
                entity.old_id,
                entity.new_id,
                entity.caption,
                if fields.is_empty() {
                    String::new()
                } else {
                    format!(": {}", fields.join(", "))
                }
            );
        }
        more(&mut out, e.reidentified.len());
    }
    out
}

fn import(cli: &Cli, args: &ImportArgs) -> Result<()> {
    let format = interdict_batch::InputFormat::from_path(&args.file).with_context(|| {
        format!(
            "{}: cannot tell the format from the extension (.csv, .jsonl, .parquet)",
            args.file.display()
        )
    })?;
    let label = args.file.display().to_string();
    let records = interdict_batch::input::open(&args.file, format, &args.columns.column_map())?;
    let mut customers = Vec::new();
    for record in records {
        let record = record?;
        let Some(prepared) = record.prepare(&label, args.lenient)? else {
            continue;
        };
        let key = prepared.key.with_context(|| {
            format!(
                "{label}: {}: no customer key: monitoring needs a key column \
                 (key, customer_id, record_id, ...; or --key-column)",
                prepared.location
            )
        })?;
        customers.push((key, prepared.query));
    }
    let mut store = open(cli)?;
    let mut counts = [0_usize; 3];
    for (key, query) in &customers {
        let slot = match store.add_monitored(key, query)? {
            CustomerChange::Added => 0,
            CustomerChange::Updated => 1,
            CustomerChange::Unchanged => 2,
        };
        counts[slot] += 1;
    }
    let report = store.rescreen_active(&monitor_options())?;
    if args.format == Format::Table {
        println!(
            "{label}: {} customers: {} added, {} updated, {} unchanged",
            customers.len(),
            counts[0],
            counts[1],
            counts[2]
        );
    }
    print_rescreen(&report, args.format)
}

fn monitored(cli: &Cli, args: &FormatArgs) -> Result<()> {
    let customers = open(cli)?.monitored()?;
    let rows: Vec<serde_json::Value> = customers
        .iter()
        .map(|c| {
            let mut value = interdict_store::audit::query_json(&c.query);
            if let Some(object) = value.as_object_mut() {
                object.insert("key".into(), c.key.clone().into());
                object.insert("added_at".into(), c.added_at.to_string().into());
            }
            value
        })
        .collect();
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
        Format::Table => {
            for customer in &customers {
                println!(
                    "{}: {}{}{}",
                    customer.key,
                    customer.query.names.join(" / "),
                    customer
                        .query
                        .birth_dates
                        .iter()
                        .map(|d| format!(", born {d}"))
                        .collect::<String>(),
                    customer
                        .query
                        .countries
                        .iter()
                        .map(|c| format!(", {}", c.code()))
                        .collect::<String>(),
                );
            }
        }
    }
    Ok(())
}

fn print_rescreen(report: &RescreenReport, format: Format) -> Result<()> {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(report)?),
        Format::Table => {
            println!(
                "re-screened {} customers: {} hits, {} new alerts, {} suppressed as false positives",
                report.customers,
                report.hits,
                report.alerts.len(),
                report.suppressed
            );
            for alert in &report.alerts {
                println!("  {}", alert_line(alert));
            }
        }
    }
    Ok(())
}

fn alert_line(alert: &interdict_store::monitor::Alert) -> String {
    let kind = serde_json::to_value(alert.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let status = serde_json::to_value(alert.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let mut line = format!(
        "#{} [{status}] {kind}: customer {} ~ {} {}",
        alert.id, alert.customer, alert.entity_id, alert.caption
    );
    if let Some(score) = alert.score {
        let _ = write!(line, " score {score:.2}");
    }
    if !alert.changed_fields.is_empty() {
        let _ = write!(line, " (changed: {})", alert.changed_fields.join(", "));
    }
    if let Some(decided) = &alert.decided {
        let _ = write!(
            line,
            "; decided by {} at {}: {}",
            decided.actor, decided.decided_at, decided.comment
        );
    }
    line
}

fn alerts(cli: &Cli, args: &AlertsArgs) -> Result<()> {
    let status = (!args.all).then_some(AlertStatus::Open);
    let alerts = open(cli)?.alerts(status)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&alerts)?),
        Format::Table => {
            if alerts.is_empty() {
                println!("No {}alerts", if args.all { "" } else { "open " });
            }
            for alert in &alerts {
                println!("{}", alert_line(alert));
            }
        }
    }
    Ok(())
}

fn disposition(cli: &Cli, args: &DispositionArgs) -> Result<()> {
    if args.comment.trim().is_empty() {
        bail!("--comment is empty: say why");
    }
    let decision = match args.decision {
        DecisionArg::TrueMatch => Decision::TrueMatch,
        DecisionArg::FalsePositive => Decision::FalsePositive,
    };
    let actor = user(args.user.as_ref());
    let recorded = open(cli)?.dispose(args.alert, decision, &args.comment, &actor)?;
    println!(
        "alert #{} marked {} by {} (audit row {})",
        recorded.alert_id,
        match decision {
            Decision::TrueMatch => "a true match",
            Decision::FalsePositive => "a false positive",
        },
        recorded.actor,
        recorded.audit_seq
    );
    Ok(())
}

fn audit_verify(cli: &Cli) -> Result<()> {
    let check = open(cli)?.verify_audit()?;
    match check.first_bad {
        None => {
            println!("audit log intact: {} rows, hash chain verified", check.rows);
            Ok(())
        }
        Some(bad) => bail!(
            "audit log TAMPERED at row {}: {} ({} rows read)",
            bad.seq,
            bad.reason,
            check.rows
        ),
    }
}

/// The lists as of `--as-of` (an instant the store served them, or with
/// `--as-of-published` a publication date), with their versions.
pub(crate) fn sources_as_of(
    cli: &Cli,
    as_of: &str,
    by_publication: bool,
) -> Result<(Vec<LoadedSource>, Vec<ListVersion>)> {
    let as_of = if by_publication {
        AsOf::Published(
            as_of
                .parse::<PartialDate>()
                .context("--as-of with --as-of-published takes a date")?,
        )
    } else {
        AsOf::Served(Timestamp::parse_as_of(as_of).context("--as-of")?)
    };
    let store = open(cli)?;
    let found = load_narrowed(cli, &store, store.versions_as_of(as_of)?)?;
    if found.1.is_empty() {
        bail!(
            "the store {} holds no list version for that date (see `interdict versions`)",
            store_location(cli)
        );
    }
    Ok(found)
}

/// The versions `--source` asks for (all without it), with their
/// entities; only those are read from the store.
fn load_narrowed(
    cli: &Cli,
    store: &Store,
    versions: Vec<ListVersion>,
) -> Result<(Vec<LoadedSource>, Vec<ListVersion>)> {
    let versions: Vec<ListVersion> = versions
        .into_iter()
        .filter(|v| cli.sources.is_empty() || cli.sources.contains(&v.source))
        .collect();
    let sources = versions
        .iter()
        .map(|version| store.loaded_source(version))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((sources, versions))
}

/// The list versions the store serves now, with their entities, when
/// there is a store holding any (narrowed by `--source`); `None` without
/// one, or with `--list` files, which are screened as they are.
pub(crate) fn served_sources(cli: &Cli) -> Result<Option<(Vec<LoadedSource>, Vec<ListVersion>)>> {
    let location = store_location(cli);
    if !cli.lists.is_empty() || !location.exists() {
        return Ok(None);
    }
    let store = Store::open_at(&location)?;
    let served = load_narrowed(cli, &store, store.active_versions()?)?;
    Ok((!served.1.is_empty()).then_some(served))
}

/// Records a screening made against stored versions in the audit log, and
/// returns its row number.
pub(crate) fn record_screening(
    cli: &Cli,
    query: &Query,
    options: &Options,
    versions: &[ListVersion],
    screener: &Screener,
    groups: &[Group],
) -> Result<i64> {
    let actor = user(None);
    let entry = open(cli)?.record_screening(&ScreeningRecord {
        actor: &actor,
        query,
        options,
        versions,
        screener,
        groups,
    })?;
    Ok(entry.seq)
}
