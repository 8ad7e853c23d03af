//! The screening evaluation: real listed people should be found, synthetic
//! non-listed people should not.
//!
//! * **Positives**: people the UN lists (yente's `positives_un_untreated.csv`,
//!   683 rows: name, date of birth, nationality). Each is screened against
//!   the loaded lists; it is found when the best result above the threshold
//!   is the UN-listed person: a group of hits (one person's records across
//!   lists, as screening shows them) with a UN-listed entity (one with a
//!   `un_sc` listing) in it. Results within [`TIE`] of the best, which show
//!   as the same score, tie with it.
//! * **Perturbed positives**: the same people with the mistakes real
//!   customer data has (see [`perturb`]); recall is reported per kind.
//! * **Negatives**: synthetic people who are on no list (`negatives_*.csv`,
//!   50,000 each), screened with their date of birth and nationality; the
//!   false alert rate is the share with any hit above the threshold.

use std::path::Path;
use std::time::Instant;

use interdict_matcher::{Options, Query, Screener};
use interdict_model::{Country, FuzzyDate, Schema};
use rayon::prelude::*;
use serde::Serialize;

use crate::table::Table;
use crate::{EvalError, csv_rows};

pub mod perturb;

/// A person from a screening fixture.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// The full name as given.
    pub name: String,
    /// Date of birth, if given and readable.
    pub birth_date: Option<FuzzyDate>,
    /// Nationality, if given and known.
    pub nationality: Option<Country>,
}

impl Person {
    /// The query screening this person.
    pub fn query(&self) -> Query {
        Query {
            names: vec![self.name.clone()],
            birth_dates: self.birth_date.into_iter().collect(),
            countries: self.nationality.into_iter().collect(),
            identifiers: Vec::new(),
            schema: Some(Schema::Person),
        }
    }
}

/// Reads a fixture (`full_name, ..., date_of_birth, ..., nationality`).
pub fn read_people(path: &Path) -> Result<Vec<Person>, EvalError> {
    Ok(
        csv_rows(path, &["full_name", "date_of_birth", "nationality"])?
            .into_iter()
            .filter(|row| !row.get("full_name").is_empty())
            .map(|row| Person {
                name: row.get("full_name").to_owned(),
                birth_date: FuzzyDate::parse(row.get("date_of_birth")).ok(),
                nationality: Country::resolve(row.get("nationality")),
            })
            .collect(),
    )
}

/// Recall on one set of positives.
#[derive(Debug, Clone, Serialize)]
pub struct Recall {
    /// What the set is (`un_positives`, `typo`).
    pub set: String,
    /// People screened.
    pub people: usize,
    /// Found: a UN-listed entity in the first result.
    pub found: usize,
    /// `found / people`.
    pub recall: f64,
    /// Some of those not found, for reading.
    pub missed: Vec<String>,
}

/// The false alerts on one set of negatives.
#[derive(Debug, Clone, Serialize)]
pub struct FalseAlerts {
    /// The file.
    pub set: String,
    /// People screened.
    pub people: usize,
    /// Those with any hit at or above the threshold.
    pub alerted: usize,
    /// `alerted / people`.
    pub rate: f64,
    /// Screenings per second, on all cores.
    pub per_second: f64,
    /// Some of the alerts, for reading: the person and the entity hit.
    pub examples: Vec<String>,
}

/// The screening evaluation's result.
#[derive(Debug, Clone, Serialize)]
pub struct ScreeningReport {
    /// The threshold.
    pub threshold: f32,
    /// Recall on the real positives, then on each kind of perturbation.
    pub recall: Vec<Recall>,
    /// False alerts on each file of negatives.
    pub false_alerts: Vec<FalseAlerts>,
    /// All negatives together.
    pub false_alert_rate: f64,
}

/// How many result groups are looked at for hits tied with the best.
const TIED_GROUPS: usize = 10;
/// Scores this close to the best tie with it: they show as the same score,
/// to two decimals.
const TIE: f32 = 0.005;
/// How many misses or alerts a report keeps as examples.
const EXAMPLES: usize = 20;

/// Screens positives (and their perturbations) and negatives.
pub fn run(
    screener: &Screener,
    positives: &[Person],
    negatives: &[(String, Vec<Person>)],
    threshold: f32,
) -> ScreeningReport {
    let options = Options {
        threshold,
        limit: 1,
    };
    let mut recall = vec![measure_recall(
        screener,
        "un_positives",
        positives,
        &options,
    )];
    for (kind, people) in perturb::perturbed_sets(positives) {
        recall.push(measure_recall(screener, kind, &people, &options));
    }
    let false_alerts: Vec<FalseAlerts> = negatives
        .iter()
        .map(|(set, people)| measure_false_alerts(screener, set, people, &options))
        .collect();
    let people: usize = false_alerts.iter().map(|f| f.people).sum();
    let alerted: usize = false_alerts.iter().map(|f| f.alerted).sum();
    ScreeningReport {
        threshold,
        recall,
        false_alerts,
        false_alert_rate: if people == 0 {
            0.0
        } else {
            alerted as f64 / people as f64
        },
    }
}

fn measure_recall(screener: &Screener, set: &str, people: &[Person], options: &Options) -> Recall {
    let options = Options {
        limit: TIED_GROUPS,
        ..*options
    };
    let found: Vec<bool> = people
        .par_iter()
        .map(|person| {
            let groups = screener.screen(&person.query(), &options);
            let Some(best) = groups.first().map(|g| g.score) else {
                return false;
            };
            // Several people can tie at the top (the same name on a list
            // with another date of birth): the UN's counts if it is one.
            groups
                .iter()
                .take_while(|group| group.score >= best - TIE)
                .flat_map(|group| &group.hits)
                .any(|hit| {
                    screener
                        .entities()
                        .get(hit.entity)
                        .is_some_and(|entity| entity.listings.iter().any(|l| l.source == "un_sc"))
                })
        })
        .collect();
    let hits = found.iter().filter(|&&f| f).count();
    Recall {
        set: set.to_owned(),
        people: people.len(),
        found: hits,
        recall: if people.is_empty() {
            1.0
        } else {
            hits as f64 / people.len() as f64
        },
        missed: people
            .iter()
            .zip(&found)
            .filter(|(_, found)| !**found)
            .take(EXAMPLES)
            .map(|(person, _)| person.name.clone())
            .collect(),
    }
}

fn measure_false_alerts(
    screener: &Screener,
    set: &str,
    people: &[Person],
    options: &Options,
) -> FalseAlerts {
    let started = Instant::now();
    let alerts: Vec<Option<String>> = people
        .par_iter()
        .map(|person| {
            let groups = screener.screen(&person.query(), options);
            let hit = groups.first()?.hits.first()?;
            let entity = screener.entities().get(hit.entity)?;
            Some(format!(
                "{} -> {} ({}) {:.2}",
                person.name,
                entity.caption(),
                entity.id,
                hit.score
            ))
        })
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let alerted = alerts.iter().filter(|a| a.is_some()).count();
    FalseAlerts {
        set: set.to_owned(),
        people: people.len(),
        alerted,
        rate: if people.is_empty() {
            0.0
        } else {
            alerted as f64 / people.len() as f64
        },
        per_second: if seconds > 0.0 {
            people.len() as f64 / seconds
        } else {
            0.0
        },
        examples: alerts.into_iter().flatten().take(EXAMPLES).collect(),
    }
}

impl ScreeningReport {
    /// The report as tables.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Screening evaluation at threshold {:.2}\n\n",
            self.threshold
        );
        let mut recall = Table::new(&["positives", "people", "found", "recall"]);
        for r in &self.recall {
            recall.row(vec![
                r.set.clone(),
                r.people.to_string(),
                r.found.to_string(),
                format!("{:.4}", r.recall),
            ]);
        }
        out.push_str(&recall.render());
        let mut alerts = Table::new(&["negatives", "people", "alerted", "rate", "per second"]);
        for f in &self.false_alerts {
            alerts.row(vec![
                f.set.clone(),
                f.people.to_string(),
                f.alerted.to_string(),
                format!("{:.4}%", f.rate * 100.0),
                format!("{:.0}", f.per_second),
            ]);
        }
        out.push('\n');
        out.push_str(&alerts.render());
        out.push_str(&format!(
            "\nfalse alert rate, all negatives: {:.4}%\n",
            self.false_alert_rate * 100.0
        ));
        out
    }
}
