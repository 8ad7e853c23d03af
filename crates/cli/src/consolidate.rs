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
use serde::Serialize;

use crate::store_commands::{open, store_location, user};
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

fn decide(cli: &Cli, kind: DecisionKind, args: &DecisionArgs) -> Result<()> {
    let screener = crate::screener(cli)?;
    for id in [&args.a, &args.b] {
        if !screener.entities().iter().any(|e| &e.id == id) {
            bail!("no loaded record has the id {id:?} (see `interdict show`)");
        }
    }
    let actor = user(args.user.as_ref());
    let decided = open(cli)?.decide_subjects(kind, &args.a, &args.b, &args.comment, &actor)?;
    println!(
        "recorded {} of {} and {} as decision {} (audit row {}) in {}",
        decided.decision.id(),
        decided.a,
        decided.b,
        decided.id,
        decided.audit_seq,
        store_location(cli)
    );
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

/// Clusters the records `screener` holds, applying the stored decisions.
pub(crate) fn consolidate(cli: &Cli, screener: &Screener) -> Result<(Consolidation, usize)> {
    let decisions = stored_decisions(cli)?;
    Ok((
        screener.consolidate(&decisions, Evidence::default()),
        decisions.len(),
    ))
}

fn show(cli: &Cli, args: &ConsolidateArgs) -> Result<()> {
    let screener = crate::screener(cli)?;
    let started = Instant::now();
    let (consolidation, decisions) = consolidate(cli, &screener)?;
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
        milliseconds,
        top,
    };
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&summary)?),
        Format::Table => {
            println!(
                "{} records in {} subjects: {} of several records, {} listed by several authorities; \
                 {} decision(s) applied ({} naming records not loaded); clustered in {} ms",
                summary.records,
                summary.subjects,
                summary.joined,
                summary.several_authorities,
                summary.decisions,
                summary.unknown_decisions,
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
