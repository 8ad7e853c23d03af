//! `interdict graph`: who sanctioned whom in the loaded lists: which
//! authorities list a subject, what an authority listed in a date range,
//! which listings another authority answered with counter-sanctions, and
//! an overview (see docs/graph.md).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use interdict_graph::{CounterLink, DateRange, GraphListing, SanctionsGraph};
use interdict_matcher::{DEFAULT_THRESHOLD, Options, Query, Screener};
use interdict_model::Entity;
use serde::Serialize;

use crate::{Cli, Format};

#[derive(clap::Args)]
pub(crate) struct GraphArgs {
    #[command(subcommand)]
    command: GraphCommand,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table, global = true)]
    format: Format,
}

#[derive(clap::Subcommand)]
enum GraphCommand {
    /// The authorities, their listings by target country, and the
    /// counter-sanctions edges between them.
    Overview,
    /// Which authorities list a subject, since when and under which
    /// programme: a name (screened, the best result taken) or an entity id.
    Who {
        /// A name in any script or order, or an entity id (`eu_fsf:EU.6251.70`).
        subject: String,
    },
    /// What one authority listed in a date range, counted by programme and
    /// target country.
    ListedBy {
        /// The authority's id (`eu`, `gb_ofsi`, `cn_mfa`, a user list's own).
        authority: String,
        /// From this date (YYYY-MM-DD, YYYY-MM or YYYY).
        #[arg(long)]
        from: Option<String>,
        /// To this date, inclusive.
        #[arg(long)]
        to: Option<String>,
        /// Print at most this many listings (counts cover all).
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Counter-sanctions: B's listings of A's people, linked to A's
    /// listings of B's people shortly before.
    Counter {
        /// The authority that counter-sanctions (B).
        #[arg(long)]
        by: Option<String>,
        /// The authority answered (A).
        #[arg(long)]
        against: Option<String>,
        /// Also links on timing alone, where the list does not name B's
        /// listing a countermeasure.
        #[arg(long)]
        timing_only: bool,
    },
}

/// Runs `interdict graph`.
pub(crate) fn run(cli: &Cli, args: &GraphArgs) -> Result<()> {
    let entities: Vec<Entity> = interdict_catalog::entities_of(crate::load(cli)?);
    let started = Instant::now();
    let graph = SanctionsGraph::build(&entities);
    let built_in = started.elapsed();
    let text = match &args.command {
        GraphCommand::Overview => {
            let overview = graph.overview();
            if args.format == Format::Json {
                return print_json(&overview);
            }
            overview_text(&graph)
        }
        GraphCommand::Who { subject } => {
            let ids = subject_ids(entities, subject)?;
            let report = WhoReport::new(&graph, subject, &ids);
            if args.format == Format::Json {
                return print_json(&report);
            }
            report.to_text()
        }
        GraphCommand::ListedBy {
            authority,
            from,
            to,
            limit,
        } => {
            let range = DateRange::parse(from.as_deref(), to.as_deref())?;
            let listed = graph.listed_by(authority, range)?;
            if args.format == Format::Json {
                return print_json(&listed);
            }
            listed_by_text(&listed, *limit)
        }
        GraphCommand::Counter {
            by,
            against,
            timing_only,
        } => {
            let links = graph.counter(by.as_deref(), against.as_deref(), *timing_only)?;
            if args.format == Format::Json {
                return print_json(&CounterReport {
                    window_days: graph.rule().window_days,
                    rule: graph.rule().describe(),
                    links,
                });
            }
            counter_text(&graph, &links)
        }
    };
    print!("{text}");
    eprintln!(
        "graph of {} listings built in {:.0} ms",
        graph.listings().len(),
        built_in.as_secs_f64() * 1e3
    );
    Ok(())
}

fn print_json(value: &impl Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// The entity ids a subject names: the entity with that id, else the best
/// screening result's entities (the lists are indexed for screening only
/// then).
fn subject_ids(entities: Vec<Entity>, subject: &str) -> Result<Vec<String>> {
    let subject = subject.trim();
    if subject.is_empty() {
        bail!("the subject is empty: give a name or an entity id");
    }
    if entities.iter().any(|e| e.id == subject) {
        return Ok(vec![subject.to_owned()]);
    }
    let screener = Screener::new(entities);
    let query = Query::name(subject);
    let options = Options {
        threshold: DEFAULT_THRESHOLD,
        limit: 1,
    };
    let group = screener
        .screen(&query, &options)
        .into_iter()
        .next()
        .with_context(|| format!("no listed subject matches {subject:?}"))?;
    Ok(group
        .hits
        .iter()
        .filter_map(|hit| screener.entities().get(hit.entity))
        .map(|entity| entity.id.clone())
        .collect())
}

/// Which authorities list a subject, and the counter-sanctions it is in.
#[derive(Serialize)]
struct WhoReport<'a> {
    subject: &'a str,
    entities: &'a [String],
    listings: Vec<&'a GraphListing>,
    counter_sanctions: Vec<&'a CounterLink>,
}

impl<'a> WhoReport<'a> {
    fn new(graph: &'a SanctionsGraph, subject: &'a str, ids: &'a [String]) -> Self {
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        Self {
            subject,
            entities: ids,
            listings: graph.listings_of(id_refs.iter().copied()),
            counter_sanctions: graph.links_involving(&id_refs),
        }
    }

    fn to_text(&self) -> String {
        let caption = self.listings.first().map_or("", |l| l.caption.as_str());
        let mut out = format!(
            "{:?}: {caption} ({} record(s): {})\n",
            self.subject,
            self.entities.len(),
            self.entities.join(", ")
        );
        for listing in &self.listings {
            let _ = writeln!(
                out,
                "  {:<34} {:<12} {:<28} since {}",
                listing.authority.name(),
                listing.source,
                listing.programmes.join(", "),
                listing.date_text()
            );
        }
        if !self.counter_sanctions.is_empty() {
            let _ = writeln!(out, "Counter-sanctions linked to these listings:");
            for link in &self.counter_sanctions {
                let _ = writeln!(out, "  {}", link.reason);
            }
        }
        out
    }
}

#[derive(Serialize)]
struct CounterReport<'a> {
    window_days: u32,
    rule: String,
    links: Vec<&'a CounterLink>,
}

fn overview_text(graph: &SanctionsGraph) -> String {
    let overview = graph.overview();
    let mut out = format!(
        "{:<12} {:<34} {:>8} {:>8} {:>8}  top target countries\n",
        "authority", "name", "listings", "dated", "undated"
    );
    for summary in overview.authorities {
        let _ = writeln!(
            out,
            "{:<12} {:<34} {:>8} {:>8} {:>8}  {}",
            summary.authority.id(),
            summary.name,
            summary.listings,
            summary.dated,
            summary.undated,
            top(&summary.by_target, 5)
        );
    }
    let _ = writeln!(
        out,
        "\nCounter-sanctions (window {} days):",
        overview.window_days
    );
    if overview.counter_edges.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for edge in &overview.counter_edges {
        let _ = writeln!(
            out,
            "  {} -> {}: {} day(s), {} listing(s), {} to {}",
            edge.by, edge.against, edge.links, edge.counter_listings, edge.first, edge.last
        );
    }
    let _ = writeln!(
        out,
        "  ({} more link(s) on timing alone: interdict graph counter --timing-only)",
        overview.timing_only_links
    );
    out
}

/// `CN 664, RU 594, AE 211`: the largest counts first.
fn top(counts: &BTreeMap<String, usize>, n: usize) -> String {
    let mut sorted: Vec<(&String, &usize)> = counts.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    sorted
        .iter()
        .take(n)
        .map(|(key, count)| format!("{key} {count}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn listed_by_text(listed: &interdict_graph::ListedBy<'_>, limit: usize) -> String {
    let bound = |day: Option<interdict_model::Day>| day.map_or("…".to_owned(), |d| d.to_string());
    let mut out = format!(
        "{} ({}) listed {} time(s), {} entities, from {} to {}\n",
        listed.name,
        listed.authority,
        listed.listings.len(),
        listed.entities,
        bound(listed.from),
        bound(listed.to)
    );
    let _ = writeln!(out, "  by programme: {}", top(&listed.by_programme, 10));
    let _ = writeln!(out, "  by target country: {}", top(&listed.by_target, 10));
    if listed.undated_outside > 0 {
        let _ = writeln!(
            out,
            "  {} listing(s) by {} have no date and may or may not fall in the range",
            listed.undated_outside, listed.authority
        );
    }
    for listing in listed.listings.iter().take(limit) {
        let _ = writeln!(
            out,
            "  {}  {:<40} {:<8} {:<24} {}",
            listing.date_text(),
            listing.caption,
            listing.targets_text(),
            listing.programmes.join(", "),
            listing.entity_id
        );
    }
    if listed.listings.len() > limit {
        let _ = writeln!(out, "  … {} more (--limit)", listed.listings.len() - limit);
    }
    out
}

fn counter_text(graph: &SanctionsGraph, links: &[&CounterLink]) -> String {
    let mut out = format!(
        "{} link(s); rule: {}\n",
        links.len(),
        graph.rule().describe()
    );
    for link in links {
        let _ = writeln!(out, "\n{} {} -> {}", link.on, link.by, link.against);
        let _ = writeln!(out, "  {}", link.reason);
    }
    out
}
