//! What `interdict` prints: screening reports and list summaries, as text
//! for people and as JSON for programs.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use interdict_catalog::LoadedSource;
use interdict_matcher::consolidate::Consolidation;
use interdict_matcher::{Explanation, Group, Options, Query, Screener};
use interdict_model::{Country, Entity, FuzzyDate, Listing, NameKind, PartialDate, Schema};
use serde::Serialize;

/// One loaded source, summarised.
#[derive(Debug, Clone, Serialize)]
pub struct SourceSummary {
    /// Source id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The list's format.
    pub format: &'static str,
    /// Publishing authority's id.
    pub authority: String,
    /// Publishing authority's name.
    pub authority_name: String,
    /// Publication date of the loaded copy.
    pub published: Option<PartialDate>,
    /// Number of entities.
    pub entities: usize,
    /// Entities by schema.
    pub schemas: BTreeMap<Schema, usize>,
    /// Number of listings (a curated list may list one subject several times).
    pub listings: usize,
    /// Values kept as text while parsing.
    pub warnings: usize,
    /// Time spent parsing, in milliseconds.
    pub parse_ms: u64,
}

/// Summarises loaded sources.
pub fn summarise(sources: &[LoadedSource]) -> Vec<SourceSummary> {
    sources
        .iter()
        .map(|source| {
            let mut schemas = BTreeMap::new();
            for entity in &source.entities {
                *schemas.entry(entity.schema).or_default() += 1;
            }
            SourceSummary {
                id: source.info.id.clone(),
                title: source.info.title.clone(),
                format: source.format.id(),
                authority: source.authority.id().to_owned(),
                authority_name: source.authority.name().to_owned(),
                published: source.published,
                entities: source.entities.len(),
                schemas,
                listings: source.entities.iter().map(|e| e.listings.len()).sum(),
                warnings: source.warnings.len(),
                parse_ms: source.elapsed.as_millis() as u64,
            }
        })
        .collect()
}

/// The `interdict lists` table.
pub fn lists_text(summaries: &[SourceSummary]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<14} {:<34} {:<11} {:>8} {:>9} {:>8}  contents",
        "source", "authority", "published", "entities", "listings", "warnings"
    );
    for s in summaries {
        let contents = s
            .schemas
            .iter()
            .map(|(schema, n)| format!("{n} {schema}"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "{:<14} {:<34} {:<11} {:>8} {:>9} {:>8}  {}",
            s.id,
            s.authority_name,
            s.published
                .map_or_else(|| "unknown".to_owned(), |d| d.to_string()),
            s.entities,
            s.listings,
            s.warnings,
            contents
        );
    }
    let total: usize = summaries.iter().map(|s| s.entities).sum();
    let _ = writeln!(out, "{} sources, {total} entities", summaries.len());
    out
}

/// A screening's result, as printed.
#[derive(Debug, Serialize)]
pub struct ScreeningReport<'a> {
    query: QueryEcho<'a>,
    threshold: f32,
    lists: Vec<ListEcho<'a>>,
    results: Vec<ResultGroup<'a>>,
}

#[derive(Debug, Serialize)]
struct QueryEcho<'a> {
    names: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    birth_dates: &'a [FuzzyDate],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    countries: &'a [Country],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    identifiers: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<Schema>,
}

#[derive(Debug, Serialize)]
struct ListEcho<'a> {
    id: &'a str,
    published: Option<PartialDate>,
    entities: usize,
}

#[derive(Debug, Serialize)]
struct ResultGroup<'a> {
    /// The best score in the group.
    score: f32,
    /// Authority badges of every listing in the group.
    listed_by: Vec<String>,
    /// The consolidated subject's id, when the lists' clustering is kept
    /// in the store (else the group is made at query time).
    #[serde(skip_serializing_if = "Option::is_none")]
    subject_id: Option<&'a str>,
    /// "sanctioned by EU, UK since 2021-03-22", with the subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    subject_summary: Option<String>,
    /// The subject's records that are not among the hits.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    other_records: Vec<&'a str>,
    /// The hits: one per listed entity.
    entities: Vec<EntityHit<'a>>,
}

#[derive(Debug, Serialize)]
struct EntityHit<'a> {
    id: &'a str,
    schema: Schema,
    caption: &'a str,
    score: f32,
    matched_name: &'a str,
    matched_name_kind: NameKind,
    listings: &'a [Listing],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    birth_dates: &'a [FuzzyDate],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    nationalities: Vec<Country>,
    /// Its consolidated subject's id, as `POST /match` gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    subject_id: Option<&'a str>,
    /// The other records of its subject, as `POST /match` gives them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    referents: Vec<&'a str>,
    explanation: &'a Explanation,
}

impl<'a> ScreeningReport<'a> {
    /// Collects what to print about a screening; with `subjects`, the
    /// clustering the groups were made by, each hit's consolidated subject.
    pub fn new(
        query: &'a Query,
        options: &Options,
        summaries: &'a [SourceSummary],
        screener: &'a Screener,
        groups: &'a [Group],
        subjects: Option<&'a Consolidation>,
    ) -> Self {
        let entities = screener.entities();
        let id_of = |position: usize| entities.get(position).map(|e| e.id.as_str());
        let results = groups
            .iter()
            .map(|group| {
                let hits: Vec<EntityHit<'a>> = group
                    .hits
                    .iter()
                    .filter_map(|hit| {
                        let entity = entities.get(hit.entity)?;
                        let subject = subjects.and_then(|c| c.subject_of(hit.entity));
                        Some(EntityHit {
                            subject_id: subject.map(|s| s.id.as_str()),
                            referents: subject
                                .into_iter()
                                .flat_map(|s| &s.members)
                                .filter(|&&m| m != hit.entity)
                                .filter_map(|&m| id_of(m))
                                .collect(),
                            id: &entity.id,
                            schema: entity.schema,
                            caption: entity.caption(),
                            score: hit.score,
                            matched_name: &hit.explanation.name.listed_name,
                            matched_name_kind: hit.explanation.name.listed_kind,
                            listings: &entity.listings,
                            birth_dates: &entity.birth_dates,
                            nationalities: entity.nationality_like().collect(),
                            explanation: &hit.explanation,
                        })
                    })
                    .collect();
                let mut listed_by: Vec<String> = Vec::new();
                for hit in &hits {
                    for listing in hit.listings {
                        let badge = listing.authority.badge().to_owned();
                        if !listed_by.contains(&badge) {
                            listed_by.push(badge);
                        }
                    }
                }
                let subject = subjects
                    .zip(group.hits.first())
                    .and_then(|(c, hit)| c.subject_of(hit.entity).map(|subject| (c, subject)));
                ResultGroup {
                    score: group.score,
                    listed_by,
                    subject_id: subject.map(|(_, s)| s.id.as_str()),
                    subject_summary: subject.map(|(c, s)| c.view(s, entities).summary),
                    other_records: subject
                        .into_iter()
                        .flat_map(|(_, s)| &s.members)
                        .filter(|&&m| group.hits.iter().all(|hit| hit.entity != m))
                        .filter_map(|&m| id_of(m))
                        .collect(),
                    entities: hits,
                }
            })
            .collect();
        Self {
            query: QueryEcho {
                names: &query.names,
                birth_dates: &query.birth_dates,
                countries: &query.countries,
                identifiers: &query.identifiers,
                schema: query.schema,
            },
            threshold: options.threshold,
            lists: summaries
                .iter()
                .map(|s| ListEcho {
                    id: &s.id,
                    published: s.published,
                    entities: s.entities,
                })
                .collect(),
            results,
        }
    }

    /// The report as text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let total: usize = self.lists.iter().map(|l| l.entities).sum();
        let _ = writeln!(
            out,
            "Screening {:?} against {} lists ({total} entities), threshold {:.2}",
            self.query.names.join(" / "),
            self.lists.len(),
            self.threshold
        );
        if self.results.is_empty() {
            let _ = writeln!(out, "No hit at or above the threshold.");
            return out;
        }
        for (rank, group) in self.results.iter().enumerate() {
            let Some(first) = group.entities.first() else {
                continue;
            };
            let _ = writeln!(
                out,
                "\n{}. {} ({}) score {:.2}, listed by {}",
                rank + 1,
                first.caption,
                first.schema,
                group.score,
                group.listed_by.join(", ")
            );
            if let (Some(id), Some(summary)) = (group.subject_id, &group.subject_summary) {
                let _ = writeln!(out, "   subject {id}: {summary}");
            }
            if !group.other_records.is_empty() {
                let _ = writeln!(
                    out,
                    "   other records of the subject: {}",
                    group.other_records.join(", ")
                );
            }
            for hit in &group.entities {
                write_hit(&mut out, hit);
            }
        }
        out
    }
}

fn write_hit(out: &mut String, hit: &EntityHit<'_>) {
    for listing in hit.listings {
        let _ = writeln!(out, "   {}", listing_line(listing));
    }
    let mut about = vec![format!("{} score {:.2}", hit.id, hit.score)];
    if !hit.birth_dates.is_empty() {
        let dates: Vec<String> = hit.birth_dates.iter().map(ToString::to_string).collect();
        about.push(format!("born {}", dates.join(" or ")));
    }
    if !hit.nationalities.is_empty() {
        let codes: Vec<&str> = hit.nationalities.iter().map(Country::code).collect();
        about.push(format!("nationality {}", codes.join(", ")));
    }
    let _ = writeln!(out, "      {}", about.join("; "));
    let name = &hit.explanation.name;
    let tokens: Vec<String> =
        name.comparison
            .tokens
            .iter()
            .map(|t| match &t.listed {
                Some(listed) => format!("{}={} {:?} {:.2}", t.query, listed, t.kind, t.similarity)
                    .to_lowercase(),
                None => format!("{} missing", t.query),
            })
            .collect();
    let _ = writeln!(
        out,
        "      name {:.2}: {:?} ({}) matched {} {:?} as {:?}: {}",
        name.score,
        name.query_form,
        name.query_romanisation,
        kind_label(name.listed_kind),
        name.listed_name,
        name.listed_form,
        tokens.join(", ")
    );
    for feature in &hit.explanation.features {
        let _ = writeln!(
            out,
            "      {} {:+.2}: {}",
            feature.feature.replace('_', " "),
            feature.effect,
            feature.detail
        );
    }
}

/// `[EU] European Union | HR | listed 2021-03-22 | ref EU.6251.70`
fn listing_line(listing: &Listing) -> String {
    let mut facts = vec![format!(
        "[{}] {}",
        listing.authority.badge(),
        listing.authority.name()
    )];
    if !listing.programmes.is_empty() {
        facts.push(listing.programmes.join(", "));
    }
    if let Some(date) = listing.listed_on {
        facts.push(format!("listed {date}"));
    }
    if let Some(reference) = &listing.reference {
        facts.push(format!("ref {reference}"));
    }
    facts.join(" | ")
}

fn kind_label(kind: NameKind) -> &'static str {
    match kind {
        NameKind::Primary => "primary name",
        NameKind::Alias => "alias",
        NameKind::WeakAlias => "weak alias",
        NameKind::Former => "former name",
    }
}

/// Everything known about one entity, as text.
pub fn entity_text(entity: &Entity) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}) {}",
        entity.caption(),
        entity.schema,
        entity.id
    );
    for name in &entity.names {
        let mut about = vec![kind_label(name.kind).to_owned()];
        about.extend(name.script.clone());
        about.extend(name.language.clone());
        let _ = writeln!(out, "  name      {} [{}]", name.full, about.join(", "));
    }
    let lines: [(&str, Vec<String>); 8] = [
        (
            "born",
            entity.birth_dates.iter().map(ToString::to_string).collect(),
        ),
        ("born in", entity.birth_places.clone()),
        (
            "national",
            entity
                .nationalities
                .iter()
                .map(|c| c.code().to_owned())
                .collect(),
        ),
        (
            "citizen",
            entity
                .citizenships
                .iter()
                .map(|c| c.code().to_owned())
                .collect(),
        ),
        (
            "country",
            entity
                .countries
                .iter()
                .map(|c| c.code().to_owned())
                .collect(),
        ),
        ("title", entity.titles.clone()),
        ("position", entity.positions.clone()),
        (
            "address",
            entity.addresses.iter().map(|a| a.full.clone()).collect(),
        ),
    ];
    for (label, values) in lines {
        for value in values {
            let _ = writeln!(out, "  {label:<9} {value}");
        }
    }
    if let Some(gender) = entity.gender {
        let _ = writeln!(out, "  gender    {gender:?}");
    }
    for id in &entity.identifiers {
        let country = id.country.map(|c| format!(" ({c})")).unwrap_or_default();
        let label = id.label.as_deref().unwrap_or_default();
        let _ = writeln!(
            out,
            "  id        {:?} {}{country} {label}",
            id.kind, id.number
        );
    }
    for listing in &entity.listings {
        let _ = writeln!(out, "  listing   {}", listing_line(listing));
        if let Some(url) = &listing.url {
            let _ = writeln!(out, "            {url}");
        }
    }
    for value in &entity.unparsed {
        let _ = writeln!(out, "  as given  {}: {}", value.field, value.value);
    }
    out
}

/// How many warnings `interdict load` prints unless asked for all.
const WARNINGS_SHOWN: usize = 10;

/// What `interdict load` reports as JSON.
#[derive(Debug, Serialize)]
pub struct LoadReport<'a> {
    lists: &'a [SourceSummary],
    warnings: Vec<&'a interdict_catalog::Warning>,
}

impl<'a> LoadReport<'a> {
    /// The summaries, with the first warnings (or all of them).
    pub fn new(
        summaries: &'a [SourceSummary],
        sources: &'a [LoadedSource],
        all_warnings: bool,
    ) -> Self {
        let limit = if all_warnings {
            usize::MAX
        } else {
            WARNINGS_SHOWN
        };
        Self {
            lists: summaries,
            warnings: sources
                .iter()
                .flat_map(|s| &s.warnings)
                .take(limit)
                .collect(),
        }
    }
}

/// The `interdict load` report as text.
pub fn load_text(
    summaries: &[SourceSummary],
    sources: &[LoadedSource],
    all_warnings: bool,
) -> String {
    let mut out = String::new();
    for (summary, source) in summaries.iter().zip(sources) {
        let _ = writeln!(
            out,
            "{}: {} format, {}",
            source.info.title, summary.format, summary.authority_name
        );
        let _ = writeln!(
            out,
            "  published {}; {} entities ({}), {} listings; parsed in {} ms",
            summary
                .published
                .map_or_else(|| "unknown".to_owned(), |d| d.to_string()),
            summary.entities,
            summary
                .schemas
                .iter()
                .map(|(schema, n)| format!("{n} {schema}"))
                .collect::<Vec<_>>()
                .join(", "),
            summary.listings,
            summary.parse_ms,
        );
        let _ = writeln!(out, "  {} values kept as text (warnings)", summary.warnings);
        let limit = if all_warnings {
            usize::MAX
        } else {
            WARNINGS_SHOWN
        };
        for warning in source.warnings.iter().take(limit) {
            let _ = writeln!(out, "    {warning}");
        }
        if source.warnings.len() > limit {
            let _ = writeln!(
                out,
                "    ... and {} more (--warnings shows all)",
                source.warnings.len() - limit
            );
        }
    }
    out
}
