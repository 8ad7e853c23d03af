//! How well screening groups one subject's records across lists, measured
//! against the links the lists themselves give: an EU or UK record that
//! carries a UN reference number (`QDi.043`) is the same subject as the UN
//! record with that number, and as every other record carrying it.
//!
//! Each record that carries or is a UN reference is screened with its own
//! names, dates of birth, nationalities and identifiers, and the records
//! grouped with it (one subject on several lists, as `POST /match` numbers
//! them) are its predicted partners:
//!
//! * **recall**: of the pairs the references link (on different lists),
//!   the share predicted;
//! * **precision**: of the predicted pairs whose both records have a UN
//!   reference, the share whose references agree (a pair of records with
//!   different UN references is a wrong merge). Pairs with a record without
//!   any reference cannot be judged and are counted apart.

use std::collections::{BTreeMap, BTreeSet};

use interdict_matcher::{Options, Query, Screener};
use interdict_model::Entity;
use serde::Serialize;

/// The source id of the UN Security Council's list, whose record ids are
/// its reference numbers.
const UN_SOURCE: &str = "un_sc";

/// A UN reference as compared: upper case, without spaces, a final dot or
/// the leading zeros of its number (the EU writes `LYi.28` for `LYi.028`).
fn canonical_reference(text: &str) -> Option<String> {
    let reference: String = text
        .trim()
        .trim_end_matches('.')
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    // `QDi.043`, `KPe.062`, `QI.B.62.02`: letters, a dot, more.
    if reference.len() < 5 || !reference.contains('.') {
        return None;
    }
    let parts: Vec<String> = reference
        .split('.')
        .map(|part| {
            if part.len() > 1 && part.bytes().all(|b| b.is_ascii_digit()) {
                let trimmed = part.trim_start_matches('0');
                if trimmed.is_empty() { "0" } else { trimmed }.to_owned()
            } else {
                part.to_owned()
            }
        })
        .collect();
    Some(parts.join("."))
}

/// The UN references of an entity: its own id on the UN's list, and the
/// identifiers other lists label as UN references.
pub fn un_references(entity: &Entity) -> BTreeSet<String> {
    let mut references = BTreeSet::new();
    if let Some(number) = entity.id.strip_prefix("un_sc:")
        && entity.listings.iter().any(|l| l.source == UN_SOURCE)
        && let Some(reference) = canonical_reference(number)
    {
        references.insert(reference);
    }
    for identifier in &entity.identifiers {
        let is_un = identifier
            .label
            .as_deref()
            .is_some_and(|label| label.to_ascii_lowercase().starts_with("un reference"));
        if is_un && let Some(reference) = canonical_reference(&identifier.number) {
            references.insert(reference);
        }
    }
    references
}

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
    /// Of those, pairs screening grouped.
    pub linked_found: usize,
    /// `linked_found / linked_pairs`.
    pub recall: f64,
    /// Grouped pairs whose both records have UN references.
    pub judged_pairs: usize,
    /// Of those, pairs whose references agree.
    pub judged_correct: usize,
    /// `judged_correct / judged_pairs`.
    pub precision: f64,
    /// Grouped pairs with a record without a UN reference: not judged.
    pub unjudged_pairs: usize,
    /// Linked pairs not grouped (ids and names), the first ones.
    pub missed: Vec<String>,
    /// Grouped pairs with different references, the first ones.
    pub wrong: Vec<String>,
}

/// How many examples of each error the report keeps.
const EXAMPLES: usize = 20;

/// Screens every record with a UN reference and compares its group with
/// the references.
pub fn run(screener: &Screener, threshold: f32) -> ConsolidationReport {
    let entities = screener.entities();
    let references: Vec<BTreeSet<String>> = entities.iter().map(un_references).collect();
    let with_reference: Vec<usize> = (0..entities.len())
        .filter(|&i| references.get(i).is_some_and(|r| !r.is_empty()))
        .collect();

    let mut records_by_source: BTreeMap<String, usize> = BTreeMap::new();
    for &i in &with_reference {
        if let Some(entity) = entities.get(i) {
            for source in sources(entity) {
                *records_by_source.entry(source.to_owned()).or_default() += 1;
            }
        }
    }

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

    // The pairs screening groups, from each referenced record.
    let options = Options {
        threshold,
        limit: 20,
    };
    let mut grouped: BTreeSet<(String, String)> = BTreeSet::new();
    for &i in &with_reference {
        let Some(entity) = entities.get(i) else {
            continue;
        };
        for other in grouped_with(screener, i, &options) {
            if let Some(other) = entities.get(other)
                && other.id != entity.id
            {
                grouped.insert(pair(&entity.id, &other.id));
            }
        }
    }

    let position: BTreeMap<&str, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let refs_of = |id: &str| {
        position
            .get(id)
            .and_then(|&i| references.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let caption = |id: &str| {
        position
            .get(id)
            .and_then(|&i| entities.get(i))
            .map_or("", |e| e.caption())
            .to_owned()
    };

    let linked_found = linked.iter().filter(|p| grouped.contains(*p)).count();
    let missed: Vec<String> = linked
        .iter()
        .filter(|p| !grouped.contains(*p))
        .take(EXAMPLES)
        .map(|(a, b)| format!("{a} ({}) ~ {b} ({})", caption(a), caption(b)))
        .collect();
    let (mut judged_pairs, mut judged_correct, mut unjudged_pairs) = (0, 0, 0);
    let mut wrong = Vec::new();
    for (a, b) in &grouped {
        let (ra, rb) = (refs_of(a), refs_of(b));
        if ra.is_empty() || rb.is_empty() {
            unjudged_pairs += 1;
            continue;
        }
        judged_pairs += 1;
        if ra.is_disjoint(&rb) {
            if wrong.len() < EXAMPLES {
                wrong.push(format!(
                    "{a} ({}, {ra:?}) ~ {b} ({}, {rb:?})",
                    caption(a),
                    caption(b)
                ));
            }
        } else {
            judged_correct += 1;
        }
    }
    let share = |part: usize, whole: usize| {
        if whole == 0 {
            0.0
        } else {
            part as f64 / whole as f64
        }
    };
    ConsolidationReport {
        records_by_source,
        linked_pairs: linked.len(),
        linked_found,
        recall: share(linked_found, linked.len()),
        judged_pairs,
        judged_correct,
        precision: share(judged_correct, judged_pairs),
        unjudged_pairs,
        missed,
        wrong,
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
            "recall: {} of {} pairs the UN references link were grouped = {:.4}",
            self.linked_found, self.linked_pairs, self.recall
        );
        let _ = writeln!(
            out,
            "precision: {} of {} grouped pairs with references on both sides agree = {:.4} ({} grouped pairs not judged: a record without a UN reference)",
            self.judged_correct, self.judged_pairs, self.precision, self.unjudged_pairs
        );
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
        let report = run(&screener, 0.8);
        assert_eq!(report.linked_pairs, 2);
        assert_eq!(report.linked_found, 2, "{report:?}");
        // The EU record with another reference is grouped with the two
        // others by name: two wrong pairs of three judged.
        assert_eq!(report.judged_pairs, 4, "{report:?}");
        assert_eq!(report.judged_correct, 2, "{report:?}");
        assert_eq!(report.wrong.len(), 2);
    }
}
