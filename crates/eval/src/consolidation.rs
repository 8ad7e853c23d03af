//! How well records are consolidated into one subject across lists,
//! measured against the links the lists themselves give: an EU or UK record
//! that carries a UN reference number (`QDi.043`) is the same subject as the
//! UN record with that number, and as every other record carrying it.
//!
//! The global clustering ([`Screener::consolidate`]) is made **without the
//! UN references** (they would link exactly the pairs measured), so the
//! figures say how well names, dates, nationalities and identifiers alone
//! find one subject. For each record that carries or is a UN reference, the
//! other records of its cluster are its predicted partners:
//!
//! * **recall**: of the pairs the references link (on different lists),
//!   the share predicted;
//! * **precision**: of the predicted pairs whose both records have a UN
//!   reference, the share whose references agree (a pair of records with
//!   different UN references is a wrong merge). Pairs with a record without
//!   any reference cannot be judged and are counted apart.
//!
//! The same figures are given for the clustering made with the references
//! (as served), and, on request, for screening's query-time grouping: each
//! referenced record screened with its own names, dates of birth,
//! nationalities and identifiers, and the records grouped with it.

use std::collections::{BTreeMap, BTreeSet};

use std::time::Instant;

use interdict_matcher::consolidate::{Consolidation, Evidence};
use interdict_matcher::{Options, Query, Screener};
use interdict_model::Entity;
use serde::Serialize;

pub use interdict_matcher::consolidate::{canonical_reference, un_references};

/// A pair of records, by id, the smaller first.
fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

fn sources(entity: &Entity) -> BTreeSet<&str> {
    entity.listings.iter().map(|l| l.source.as_str()).collect()
}

/// The records screening groups with the loaded record at `position` when
/// it is screened with its own names, dates, countries and identifiers:
/// the hits of its own group (itself included), by position.
pub(crate) fn grouped_with(screener: &Screener, position: usize, options: &Options) -> Vec<usize> {
    let Some(entity) = screener.entities().get(position) else {
        return Vec::new();
    };
    let groups = screener.screen(&Query::from_entity(entity), options);
    groups
        .iter()
        .find(|group| group.hits.iter().any(|hit| hit.entity == position))
        .into_iter()
        .flat_map(|group| group.hits.iter().map(|hit| hit.entity))
        .collect()
}

/// What the evaluation found.
#[derive(Debug, Clone, Serialize)]
pub struct ConsolidationReport {
    /// Records with a UN reference, by source.
    pub records_by_source: BTreeMap<String, usize>,
    /// Pairs of records on different lists that the references link.
    pub linked_pairs: usize,
    /// Recall and precision of the clustering made without the references
    /// (its fields stand at this level in JSON).
    #[serde(flatten)]
    pub blind: Figures,
    /// Linked pairs not clustered (ids and names), the first ones.
    pub missed: Vec<String>,
    /// Clustered pairs with different references, the first ones.
    pub wrong: Vec<String>,
    /// Clusters, and clusters of records on more than one list.
    pub clusters: usize,
    /// Clusters whose records are on more than one list.
    pub multi_list_clusters: usize,
    /// How long the clustering of every record took, in milliseconds.
    pub clustering_ms: u128,
    /// The same figures for the clustering made with the UN references,
    /// as served.
    pub with_references: Figures,
    /// The same figures for screening's query-time grouping, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_time: Option<Figures>,
}

/// Recall and precision of one way of predicting pairs.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// Linked pairs predicted.
    pub linked_found: usize,
    /// `linked_found / linked_pairs`.
    pub recall: f64,
    /// Predicted pairs with references on both sides.
    pub judged_pairs: usize,
    /// Of those, pairs whose references agree.
    pub judged_correct: usize,
    /// `judged_correct / judged_pairs`.
    pub precision: f64,
    /// Predicted pairs not judged.
    pub unjudged_pairs: usize,
}

/// How many examples of each error the report keeps.
const EXAMPLES: usize = 20;

/// What the references say, and how predicted pairs are judged.
struct Truth<'a> {
    entities: &'a [Entity],
    references: Vec<BTreeSet<String>>,
    with_reference: Vec<usize>,
    linked: BTreeSet<(String, String)>,
    position: BTreeMap<&'a str, usize>,
}

/// Predicted pairs judged, with examples of the errors.
struct Judged {
    figures: Figures,
    missed: Vec<String>,
    wrong: Vec<String>,
}

impl<'a> Truth<'a> {
    fn new(entities: &'a [Entity]) -> Self {
        let references: Vec<BTreeSet<String>> = entities.iter().map(un_references).collect();
        let with_reference: Vec<usize> = (0..entities.len())
            .filter(|&i| references.get(i).is_some_and(|r| !r.is_empty()))
            .collect();
        // The pairs the references link, on different lists.
        let mut by_reference: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in &with_reference {
            for reference in references.get(i).into_iter().flatten() {
                by_reference.entry(reference).or_default().push(i);
            }
        }
        let mut linked: BTreeSet<(String, String)> = BTreeSet::new();
        for members in by_reference.values() {
            for (n, &a) in members.iter().enumerate() {
                for &b in members.iter().skip(n + 1) {
                    let (Some(x), Some(y)) = (entities.get(a), entities.get(b)) else {
                        continue;
                    };
                    if sources(x).is_disjoint(&sources(y)) {
                        linked.insert(pair(&x.id, &y.id));
                    }
                }
            }
        }
        let position = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        Self {
            entities,
            references,
            with_reference,
            linked,
            position,
        }
    }

    fn refs_of(&self, id: &str) -> BTreeSet<String> {
        self.position
            .get(id)
            .and_then(|&i| self.references.get(i))
            .cloned()
            .unwrap_or_default()
    }

    fn caption(&self, id: &str) -> String {
        self.position
            .get(id)
            .and_then(|&i| self.entities.get(i))
            .map_or("", |e| e.caption())
            .to_owned()
    }

    fn judge(&self, predicted: &BTreeSet<(String, String)>) -> Judged {
        let linked_found = self
            .linked
            .iter()
            .filter(|p| predicted.contains(*p))
            .count();
        let missed: Vec<String> = self
            .linked
            .iter()
            .filter(|p| !predicted.contains(*p))
            .take(EXAMPLES)
            .map(|(a, b)| format!("{a} ({}) ~ {b} ({})", self.caption(a), self.caption(b)))
            .collect();
        let (mut judged_pairs, mut judged_correct, mut unjudged_pairs) = (0, 0, 0);
        let mut wrong = Vec::new();
        for (a, b) in predicted {
            let (ra, rb) = (self.refs_of(a), self.refs_of(b));
            if ra.is_empty() || rb.is_empty() {
                unjudged_pairs += 1;
                continue;
            }
            judged_pairs += 1;
            if ra.is_disjoint(&rb) {
                if wrong.len() < EXAMPLES {
                    wrong.push(format!(
                        "{a} ({}, {ra:?}) ~ {b} ({}, {rb:?})",
                        self.caption(a),
                        self.caption(b)
                    ));
                }
            } else {
                judged_correct += 1;
            }
        }
        Judged {
            figures: Figures {
                linked_found,
                recall: share(linked_found, self.linked.len()),
                judged_pairs,
                judged_correct,
                precision: share(judged_correct, judged_pairs),
                unjudged_pairs,
            },
            missed,
            wrong,
        }
    }

    /// The pairs a clustering predicts: each referenced record with every
    /// other record of its cluster.
    fn clustered_pairs(&self, consolidation: &Consolidation) -> BTreeSet<(String, String)> {
        let mut predicted = BTreeSet::new();
        for &i in &self.with_reference {
            let (Some(entity), Some(subject)) = (self.entities.get(i), consolidation.subject_of(i))
            else {
                continue;
            };
            for &other in subject.members.iter().filter(|&&m| m != i) {
                if let Some(other) = self.entities.get(other) {
                    predicted.insert(pair(&entity.id, &other.id));
                }
            }
        }
        predicted
    }

    /// The pairs screening's query-time grouping predicts at `threshold`.
    fn grouped_pairs(&self, screener: &Screener, threshold: f32) -> BTreeSet<(String, String)> {
        let options = Options {
            threshold,
            limit: 20,
        };
        let mut grouped = BTreeSet::new();
        for &i in &self.with_reference {
            let Some(entity) = self.entities.get(i) else {
                continue;
            };
            for other in grouped_with(screener, i, &options) {
                if let Some(other) = self.entities.get(other)
                    && other.id != entity.id
                {
                    grouped.insert(pair(&entity.id, &other.id));
                }
            }
        }
        grouped
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Clusters every record without the UN references and compares the
/// clusters, and the `served` clustering (made with them), with the
/// references; with `query_time`, also
/// screens every referenced record and compares its group at `threshold`.
pub fn run(
    screener: &Screener,
    served: &Consolidation,
    threshold: f32,
    query_time: bool,
) -> ConsolidationReport {
    let entities = screener.entities();
    let truth = Truth::new(entities);
    let mut records_by_source: BTreeMap<String, usize> = BTreeMap::new();
    for &i in &truth.with_reference {
        if let Some(entity) = entities.get(i) {
            for source in sources(entity) {
                *records_by_source.entry(source.to_owned()).or_default() += 1;
            }
        }
    }
    let started = Instant::now();
    let blind = screener.consolidate(
        &[],
        Evidence {
            un_references: false,
        },
    );
    let clustering_ms = started.elapsed().as_millis();
    let judged = truth.judge(&truth.clustered_pairs(&blind));
    let with_references = truth.judge(&truth.clustered_pairs(served)).figures;
    let query_time = query_time.then(|| {
        truth
            .judge(&truth.grouped_pairs(screener, threshold))
            .figures
    });
    let multi_list_clusters = blind
        .subjects()
        .iter()
        .filter(|subject| {
            let lists: BTreeSet<&str> = subject
                .members
                .iter()
                .filter_map(|&m| entities.get(m))
                .flat_map(sources)
                .collect();
            lists.len() > 1
        })
        .count();
    ConsolidationReport {
        records_by_source,
        linked_pairs: truth.linked.len(),
        blind: judged.figures,
        missed: judged.missed,
        wrong: judged.wrong,
        clusters: blind.subjects().len(),
        multi_list_clusters,
        clustering_ms,
        with_references,
        query_time,
    }
}

impl ConsolidationReport {
    /// The report as text.
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let by_source: Vec<String> = self
            .records_by_source
            .iter()
            .map(|(source, count)| format!("{source} {count}"))
            .collect();
        let _ = writeln!(out, "records with a UN reference: {}", by_source.join(", "));
        let _ = writeln!(
            out,
            "clustering without the UN references: {} clusters, {} on more than one list, in {} ms",
            self.clusters, self.multi_list_clusters, self.clustering_ms
        );
        let _ = writeln!(
            out,
            "recall: {} of {} pairs the UN references link were clustered = {:.4}",
            self.blind.linked_found, self.linked_pairs, self.blind.recall
        );
        let _ = writeln!(
            out,
            "precision: {} of {} clustered pairs with references on both sides agree = {:.4} ({} clustered pairs not judged: a record without a UN reference)",
            self.blind.judged_correct,
            self.blind.judged_pairs,
            self.blind.precision,
            self.blind.unjudged_pairs
        );
        let mut other = |label: &str, figures: &Figures| {
            let _ = writeln!(
                out,
                "{label}: recall {}/{} = {:.4}, precision {}/{} = {:.4} ({} not judged)",
                figures.linked_found,
                self.linked_pairs,
                figures.recall,
                figures.judged_correct,
                figures.judged_pairs,
                figures.precision,
                figures.unjudged_pairs
            );
        };
        other("with the UN references (as served)", &self.with_references);
        if let Some(query_time) = &self.query_time {
            other("query-time grouping", query_time);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{Authority, IdKind, Identifier, Listing, Name, NameKind, Schema};

    fn record(source: &str, id: &str, name: &str, un: Option<&str>) -> Entity {
        let mut entity = Entity::new(source, id, Schema::Person);
        entity.add_name(Name::new(name, NameKind::Primary));
        entity.listings.push(Listing::new(source, Authority::Eu));
        if let Some(reference) = un {
            entity.identifiers.push(Identifier {
                kind: IdKind::Other,
                number: reference.to_owned(),
                country: None,
                label: Some("UN Reference Number".to_owned()),
                note: None,
            });
        }
        entity
    }

    #[test]
    fn references_come_from_un_ids_and_labelled_identifiers() {
        let un = record("un_sc", "QDi.043", "Ayman al-Zawahiri", None);
        assert_eq!(
            un_references(&un).into_iter().collect::<Vec<_>>(),
            ["QDI.43"]
        );
        let uk = record("gb_ofsi", "6911", "Ayman al-Zawahiri", Some(" QDi.043. "));
        assert_eq!(
            un_references(&uk).into_iter().collect::<Vec<_>>(),
            ["QDI.43"]
        );
        let none = record("eu_fsf", "EU.1.2", "Someone Else", None);
        assert!(un_references(&none).is_empty());
    }

    #[test]
    fn linked_records_grouped_count_and_different_references_are_wrong() {
        let screener = Screener::new(vec![
            record("un_sc", "QDi.043", "Ayman al-Zawahiri", None),
            record("gb_ofsi", "6911", "Ayman al-Zawahiri", Some("QDi.043")),
            record("eu_fsf", "EU.9", "Ayman al-Zawahiri", Some("QDi.999")),
            record("un_sc", "QDi.100", "Hafiz Muhammad Saeed", None),
            record("eu_fsf", "EU.7", "Hafiz Muhammad Saeed", Some("QDi.100")),
        ]);
        let served = screener.consolidate(&[], Evidence::default());
        let report = run(&screener, &served, 0.8, true);
        assert_eq!(report.linked_pairs, 2);
        assert_eq!(report.blind.linked_found, 2, "{report:?}");
        // The EU record with another reference is grouped with the two
        // others by name: two wrong pairs of three judged.
        assert_eq!(report.blind.judged_pairs, 4, "{report:?}");
        assert_eq!(report.blind.judged_correct, 2, "{report:?}");
        assert_eq!(report.wrong.len(), 2);
        // With the references, EU.9's own reference keeps it apart.
        assert_eq!(report.with_references.judged_pairs, 2, "{report:?}");
        assert_eq!(report.with_references.judged_correct, 2, "{report:?}");
        let query_time = report.query_time.as_ref().unwrap();
        assert_eq!(query_time.linked_found, 2, "{report:?}");
    }
}
