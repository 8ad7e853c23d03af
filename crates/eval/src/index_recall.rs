//! The index's recall against brute force.
//!
//! Screening scores only the candidates the name index returns, and of
//! those only the pairs of query and listed name forms the index found
//! sharing enough. This evaluation checks what that loses: for a sample of
//! queries (the UN positives, each kind of perturbed positive and the
//! synthetic negatives of the screening evaluation), every form of every
//! loaded entity is scored exhaustively, and the hits at or above the
//! threshold are looked up among screening's hits.
//!
//! * **Recall**: the share of exhaustive hits screening returned.
//! * **Best-hit recall**: the share of queries with any exhaustive hit whose
//!   best one screening returned (what changes the answer an analyst sees).

use std::time::{Duration, Instant};

use interdict_matcher::Screener;
use rayon::prelude::*;
use serde::Serialize;

use crate::screening::{Person, perturb};
use crate::table::Table;

/// How many missed hits a report keeps as examples.
const EXAMPLES: usize = 20;

/// The index's recall on one set of queries.
#[derive(Debug, Clone, Serialize)]
pub struct SetRecall {
    /// What the set is (`un_positives`, `typo`, `negatives`).
    pub set: String,
    /// Queries screened.
    pub queries: usize,
    /// Hits the exhaustive scan found at or above the threshold.
    pub exhaustive_hits: usize,
    /// Of those, the ones screening returned.
    pub retrieved_hits: usize,
    /// `retrieved_hits / exhaustive_hits` (1 when there are none).
    pub recall: f64,
    /// Queries with at least one exhaustive hit.
    pub queries_with_hits: usize,
    /// Of those, the ones whose best exhaustive hit was a candidate.
    pub best_retrieved: usize,
    /// `best_retrieved / queries_with_hits` (1 when there are none).
    pub best_hit_recall: f64,
    /// Mean number of candidates the index returned a query.
    pub mean_candidates: f64,
}

/// The evaluation's result.
#[derive(Debug, Clone, Serialize)]
pub struct IndexRecallReport {
    /// The threshold hits are counted from.
    pub threshold: f32,
    /// Entities loaded (what the exhaustive scan scores for each query).
    pub entities: usize,
    /// Per set of queries.
    pub sets: Vec<SetRecall>,
    /// All sets together.
    pub overall: SetRecall,
    /// Mean milliseconds an exhaustive scan took a query, on one core.
    pub exhaustive_ms_per_query: f64,
    /// Hits screening missed: the query, the entity and its exhaustive score.
    pub missed: Vec<String>,
}

/// What one query gave.
struct Outcome {
    exhaustive_hits: usize,
    retrieved_hits: usize,
    best_retrieved: Option<bool>,
    candidates: usize,
    exhaustive_time: Duration,
    missed: Vec<String>,
}

/// Measures the index's recall on `per_set` queries from each set: the
/// positives, each kind of perturbation of them, and the negatives (spread
/// evenly over each list).
pub fn run(
    screener: &Screener,
    positives: &[Person],
    negatives: &[Person],
    per_set: usize,
    threshold: f32,
) -> IndexRecallReport {
    let mut sets: Vec<(String, Vec<Person>)> =
        vec![("un_positives".to_owned(), sample(positives, per_set))];
    for (kind, people) in perturb::perturbed_sets(positives) {
        sets.push((kind.to_owned(), sample(&people, per_set)));
    }
    sets.push(("negatives".to_owned(), sample(negatives, per_set)));

    let mut results = Vec::new();
    let mut missed = Vec::new();
    let mut exhaustive_time = Duration::ZERO;
    let mut queries = 0;
    for (set, people) in &sets {
        let outcomes: Vec<Outcome> = people
            .par_iter()
            .map(|person| measure(screener, person, threshold))
            .collect();
        exhaustive_time += outcomes.iter().map(|o| o.exhaustive_time).sum::<Duration>();
        queries += outcomes.len();
        missed.extend(outcomes.iter().flat_map(|o| o.missed.iter().cloned()));
        results.push(summarise(set, &outcomes));
    }
    let overall = SetRecall {
        set: "all".to_owned(),
        queries: results.iter().map(|r| r.queries).sum(),
        exhaustive_hits: results.iter().map(|r| r.exhaustive_hits).sum(),
        retrieved_hits: results.iter().map(|r| r.retrieved_hits).sum(),
        recall: 0.0,
        queries_with_hits: results.iter().map(|r| r.queries_with_hits).sum(),
        best_retrieved: results.iter().map(|r| r.best_retrieved).sum(),
        best_hit_recall: 0.0,
        mean_candidates: if queries == 0 {
            0.0
        } else {
            results
                .iter()
                .map(|r| r.mean_candidates * r.queries as f64)
                .sum::<f64>()
                / queries as f64
        },
    };
    let overall = SetRecall {
        recall: share(overall.retrieved_hits, overall.exhaustive_hits),
        best_hit_recall: share(overall.best_retrieved, overall.queries_with_hits),
        ..overall
    };
    missed.truncate(EXAMPLES);
    IndexRecallReport {
        threshold,
        entities: screener.entities().len(),
        sets: results,
        overall,
        exhaustive_ms_per_query: if queries == 0 {
            0.0
        } else {
            exhaustive_time.as_secs_f64() * 1000.0 / queries as f64
        },
        missed,
    }
}

/// `count` people spread evenly over `people`.
fn sample(people: &[Person], count: usize) -> Vec<Person> {
    if people.len() <= count {
        return people.to_vec();
    }
    (0..count)
        .filter_map(|i| people.get(i * people.len() / count).cloned())
        .collect()
}

fn measure(screener: &Screener, person: &Person, threshold: f32) -> Outcome {
    let query = person.query();
    let candidates = screener.candidates(&query, threshold);
    let screened = screener.hits(&query, threshold);
    let started = Instant::now();
    let hits = screener.screen_exhaustively(&query, threshold);
    let exhaustive_time = started.elapsed();
    let retrieved = |entity: usize| screened.iter().any(|hit| hit.entity == entity);
    let missed = hits
        .iter()
        .filter(|hit| !retrieved(hit.entity))
        .map(|hit| {
            let caption = screener
                .entities()
                .get(hit.entity)
                .map_or_else(String::new, |e| format!("{} ({})", e.caption(), e.id));
            format!("{} -> {caption} {:.2}", person.name, hit.score)
        })
        .collect::<Vec<_>>();
    Outcome {
        exhaustive_hits: hits.len(),
        retrieved_hits: hits.len() - missed.len(),
        best_retrieved: hits.first().map(|best| retrieved(best.entity)),
        candidates: candidates.len(),
        exhaustive_time,
        missed,
    }
}

fn summarise(set: &str, outcomes: &[Outcome]) -> SetRecall {
    let exhaustive_hits = outcomes.iter().map(|o| o.exhaustive_hits).sum();
    let retrieved_hits = outcomes.iter().map(|o| o.retrieved_hits).sum();
    let queries_with_hits = outcomes
        .iter()
        .filter(|o| o.best_retrieved.is_some())
        .count();
    let best_retrieved = outcomes
        .iter()
        .filter(|o| o.best_retrieved == Some(true))
        .count();
    SetRecall {
        set: set.to_owned(),
        queries: outcomes.len(),
        exhaustive_hits,
        retrieved_hits,
        recall: share(retrieved_hits, exhaustive_hits),
        queries_with_hits,
        best_retrieved,
        best_hit_recall: share(best_retrieved, queries_with_hits),
        mean_candidates: if outcomes.is_empty() {
            0.0
        } else {
            outcomes.iter().map(|o| o.candidates).sum::<usize>() as f64 / outcomes.len() as f64
        },
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

impl IndexRecallReport {
    /// The report as a table.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Index recall against an exhaustive scan of {} entities, hits from {:.2}\n\n",
            self.entities, self.threshold
        );
        let mut table = Table::new(&[
            "queries",
            "count",
            "hits",
            "retrieved",
            "recall",
            "best hit recall",
            "candidates",
        ]);
        for r in self.sets.iter().chain(std::iter::once(&self.overall)) {
            table.row(vec![
                r.set.clone(),
                r.queries.to_string(),
                r.exhaustive_hits.to_string(),
                r.retrieved_hits.to_string(),
                format!("{:.4}", r.recall),
                format!("{:.4} of {}", r.best_hit_recall, r.queries_with_hits),
                format!("{:.1}", r.mean_candidates),
            ]);
        }
        out.push_str(&table.render());
        out.push_str(&format!(
            "\nexhaustive scan: {:.1} ms a query on one core\n",
            self.exhaustive_ms_per_query
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str) -> Person {
        Person {
            name: name.to_owned(),
            birth_date: None,
            nationality: None,
        }
    }

    #[test]
    fn samples_spread_over_the_whole_set() {
        let people: Vec<Person> = (0..10).map(|i| person(&i.to_string())).collect();
        let names: Vec<String> = sample(&people, 3).into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["0", "3", "6"]);
        assert_eq!(sample(&people, 20).len(), 10);
    }

    #[test]
    fn shares_of_nothing_are_whole() {
        assert_eq!(share(0, 0), 1.0);
        assert_eq!(share(1, 4), 0.25);
    }
}
