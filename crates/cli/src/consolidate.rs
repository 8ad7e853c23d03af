//! `interdict consolidate`: every loaded record clustered into subjects
//! across the lists (one person on the OFAC, EU, UK, UN and Canadian lists
//! is one subject), with the reasons each subject's records were joined,
//! and analysts' split and merge decisions, kept in the store
//! (docs/consolidation.md).

use std::fmt::Write as _;
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use interdict_matcher::Screener;
use interdict_matcher::consolidate::{
    Consolidation, DecisionKind, Evidence, PairDecision, SubjectView,
};
use interdict_store::ListVersion;
use interdict_store::subjects_cache::clustering_key;
use serde::Serialize;

use crate::store_commands::{open, served_sources, store_location, user};
use crate::stored_subjects::{keep_for_active, kept};
use crate::{Cli, Format};

#[derive(clap::Args)]
pub(crate) struct ConsolidateArgs {
    #[command(subcommand)]
    command: Option<ConsolidateCommand>,
    /// Show the subject of this record (any member's id,
    /// `eu_fsf:EU.6251.70`): every listing and why its records are one.
    #[arg(long, value_name = "ID")]
    subject: Option<String>,
    /// In the summary, show this many of the subjects listed by the most
    /// authorities.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table, global = true)]
    format: Format,
}

#[derive(clap::Subcommand)]
enum ConsolidateCommand {
    /// Record that two records are two subjects: the clustering never
    /// joins them again, directly or through others.
    Split(DecisionArgs),
    /// Record that two records are one subject, whatever the evidence.
    Merge(DecisionArgs),
    /// The decisions that hold, oldest first.
    Decisions,
}

#[derive(clap::Args)]
struct DecisionArgs {
    /// One record's id.
    a: String,
    /// The other record's id.
    b: String,
    /// Why (required; kept in the audit log).
    #[arg(long)]
    comment: String,
    /// Who decides (default: $USER).
    #[arg(long)]
    user: Option<String>,
}

/// The summary `interdict consolidate` prints.
#[derive(Serialize)]
struct Summary {
    records: usize,
    subjects: usize,
    /// Subjects of two records or more.
    joined: usize,
    /// Subjects listed by two authorities or more.
    several_authorities: usize,
    decisions: usize,
    /// Decisions naming a record not loaded.
    unknown_decisions: usize,
    /// Whether the clustering was read from the store rather than made.
    kept: bool,
    milliseconds: u128,
    /// The subjects listed by the most authorities.
    top: Vec<SubjectView>,
}

/// Runs `interdict consolidate`.
pub(crate) fn run(cli: &Cli, args: &ConsolidateArgs) -> Result<()> {
    match &args.command {
        Some(ConsolidateCommand::Split(decision)) => decide(cli, DecisionKind::Split, decision),
        Some(ConsolidateCommand::Merge(decision)) => decide(cli, DecisionKind::Merge, decision),
        Some(ConsolidateCommand::Decisions) => decisions(cli, args.format),
        None => show(cli, args),
    }
}

/// The records `consolidate` clusters: the list versions the store serves
/// (those `screen` uses) when it serves any, else the manifest's lists;
/// with the versions.
fn served(cli: &Cli) -> Result<(Screener, Vec<ListVersion>)> {
    let (sources, versions) = match served_sources(cli)? {
        Some(served) => served,
        None => (crate::load(cli)?, Vec::new()),
    };
    let entities = interdict_catalog::entities_of(sources);
    Ok((Screener::new(entities), versions))
}

fn decide(cli: &Cli, kind: DecisionKind, args: &DecisionArgs) -> Result<()> {
    let (screener, versions) = served(cli)?;
    for id in [&args.a, &args.b] {
        if !screener.entities().iter().any(|e| &e.id == id) {
            bail!("no loaded record has the id {id:?} (see `interdict show`)");
        }
    }
    let actor = user(args.user.as_ref());
    let mut store = open(cli)?;
    let decided = store.decide_subjects(kind, &args.a, &args.b, &args.comment, &actor)?;
    println!(
        "recorded {} of {} and {} as decision {} (audit row {}) in {}",
        decided.decision.id(),
        decided.a,
        decided.b,
        decided.id,
        decided.audit_seq,
        store_location(cli)
    );
    if let Some(kept) = keep_for_active(&mut store, Some((&screener, &versions)))? {
        println!("{}", kept.line());
    }
    Ok(())
}

fn decisions(cli: &Cli, format: Format) -> Result<()> {
    let decisions = if store_location(cli).exists() {
        open(cli)?.subject_decisions()?
    } else {
        Vec::new()
    };
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&decisions)?),
        Format::Table => {
            if decisions.is_empty() {
                println!("no split or merge decisions recorded");
            }
            for d in &decisions {
                println!(
                    "{} {} {} ~ {} by {} at {}: {}",
                    d.id,
                    d.decision.id(),
                    d.a,
                    d.b,
                    d.actor,
                    d.decided_at,
                    d.comment
                );
            }
        }
    }
    Ok(())
}

/// The analysts' decisions the clustering applies: those in the store, if
/// there is one.
pub(crate) fn stored_decisions(cli: &Cli) -> Result<Vec<PairDecision>> {
    if !store_location(cli).exists() {
        return Ok(Vec::new());
    }
    Ok(open(cli)?.pair_decisions()?)
}

/// The clustering of the records `screener` holds with the stored
/// decisions, how many decisions there are, and whether it was kept in the
/// store already. For stored `versions`, the kept clustering is read when
/// there is one, else made and kept.
fn clustering(
    cli: &Cli,
    screener: &Screener,
    versions: &[ListVersion],
) -> Result<(Consolidation, usize, bool)> {
    let decisions = stored_decisions(cli)?;
    if versions.is_empty() {
        let made = screener.consolidate(&decisions, Evidence::default());
        return Ok((made, decisions.len(), false));
    }
    let mut store = open(cli)?;
    if let Some((kept, _)) = kept(&store, versions, screener)? {
        return Ok((kept, decisions.len(), true));
    }
    let made = screener.consolidate(&decisions, Evidence::default());
    let key = clustering_key(versions, &decisions);
    let saved = store.save_clustering(&key, &made, screener.entities())?;
    eprintln!(
        "kept the clustering in the store {} ({:.1} MB): `screen` groups hits by it",
        store_location(cli),
        saved.bytes as f64 / 1e6
    );
    Ok((made, decisions.len(), false))
}

fn show(cli: &Cli, args: &ConsolidateArgs) -> Result<()> {
    let (screener, versions) = served(cli)?;
    let started = Instant::now();
    let (consolidation, decisions, was_kept) = clustering(cli, &screener, &versions)?;
    let milliseconds = started.elapsed().as_millis();
    let entities = screener.entities();
    if let Some(id) = &args.subject {
        let position = entities
            .iter()
            .position(|e| &e.id == id)
            .with_context(|| format!("no loaded record has the id {id:?}"))?;
        let subject = consolidation
            .subject_of(position)
            .with_context(|| format!("{id} is in no subject"))?;
        let view = consolidation.view(subject, entities);
        match args.format {
            Format::Json => println!("{}", serde_json::to_string_pretty(&view)?),
            Format::Table => print!("{}", subject_text(&view)),
        }
        return Ok(());
    }
    let views: Vec<SubjectView> = consolidation
        .subjects()
        .iter()
        .filter(|s| s.members.len() > 1)
        .map(|s| consolidation.view(s, entities))
        .collect();
    let several_authorities = views.iter().filter(|v| v.authorities.len() > 1).count();
    let mut top = views;
    top.sort_by(|a, b| {
        b.authorities
            .len()
            .cmp(&a.authorities.len())
            .then_with(|| b.listings.len().cmp(&a.listings.len()))
            .then_with(|| a.id.cmp(&b.id))
    });
    let joined = top.len();
    top.truncate(args.top);
    let summary = Summary {
        records: entities.len(),
        subjects: consolidation.subjects().len(),
        joined,
        several_authorities,
        decisions,
        unknown_decisions: consolidation.unknown_decisions().len(),
        kept: was_kept,
        milliseconds,
        top,
    };
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&summary)?),
        Format::Table => {
            println!(
                "{} records in {} subjects: {} of several records, {} listed by several authorities; \
                 {} decision(s) applied ({} naming records not loaded); {} in {} ms",
                summary.records,
                summary.subjects,
                summary.joined,
                summary.several_authorities,
                summary.decisions,
                summary.unknown_decisions,
                if summary.kept {
                    "clustering read from the store"
                } else {
                    "clustered"
                },
                summary.milliseconds
            );
            for view in &summary.top {
                println!("{}  {}  [{}]", view.id, view.caption, view.summary);
            }
        }
    }
    Ok(())
}

/// A subject as text: its summary, its listings, and its links.
fn subject_text(view: &SubjectView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", view.caption, view.id);
    let _ = writeln!(out, "  {}", view.summary);
    for listing in &view.listings {
        let listed = listing
            .listed_on
            .map_or_else(|| "date unknown".to_owned(), |d| format!("listed {d}"));
        let _ = writeln!(
            out,
            "  listing  [{}] {} {} | {} | {}",
            listing.badge,
            listing.entity_id,
            listing.caption,
            listing.programmes.join(", "),
            listed
        );
    }
    for link in &view.links {
        let _ = writeln!(
            out,
            "  link     {} ~ {}: {}",
            link.a,
            link.b,
            link.reasons.join("; ")
        );
    }
    out
}
