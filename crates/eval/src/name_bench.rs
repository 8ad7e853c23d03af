//! The name benchmark: labelled pairs of names (nomenklatura's
//! `contrib/name_bench/cases.csv`), scored pair by pair.
//!
//! Each case gives a schema, two names and whether they name the same
//! subject. interdict scores the pair with [`Screener::compare_pair`];
//! precision, recall and F1 are reported overall, per `case_group` and per
//! `category`, at the threshold asked for and at the best one. Beside them
//! stand the same figures for a reference run (OpenSanctions' logic-v2
//! matcher, `logicv2-frozen.csv`), read from its own predictions.

use std::collections::BTreeMap;
use std::path::Path;

use interdict_matcher::Screener;
use interdict_model::{Entity, Name, NameKind, Schema};
use rayon::prelude::*;
use serde::Serialize;

use crate::metrics::{Confusion, Scores, best_threshold};
use crate::table::{Table, blank_cells, score_cells};
use crate::{EvalError, csv_rows};

/// One labelled pair of names.
#[derive(Debug, Clone, PartialEq)]
pub struct NameCase {
    /// Where the case comes from (`nk_checks`, `synth_people`).
    pub group: String,
    /// What kind of subject the names are of.
    pub schema: Schema,
    /// The first name.
    pub name1: String,
    /// The second name.
    pub name2: String,
    /// Whether they name the same subject.
    pub is_match: bool,
    /// What the case tests (`Word Reordering`), possibly blank.
    pub category: String,
}

/// A case as the reference run decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceCase {
    /// The case group.
    pub group: String,
    /// The category.
    pub category: String,
    /// The truth.
    pub is_match: bool,
    /// What the reference matcher predicted.
    pub predicted: bool,
}

/// Reads `cases.csv` (`case_group, schema, name1, name2, is_match, quality,
/// category, notes`).
pub fn read_cases(path: &Path) -> Result<Vec<NameCase>, EvalError> {
    csv_rows(
        path,
        &[
            "case_group",
            "schema",
            "name1",
            "name2",
            "is_match",
            "category",
        ],
    )?
    .into_iter()
    .map(|row| {
        Ok(NameCase {
            group: row.get("case_group").to_owned(),
            schema: row.parse_field("schema", |s| s.parse::<Schema>().ok())?,
            name1: row.get("name1").to_owned(),
            name2: row.get("name2").to_owned(),
            is_match: row.parse_field("is_match", parse_bool)?,
            category: row.get("category").to_owned(),
        })
    })
    .collect()
}

/// Reads a reference run (`logicv2-frozen.csv`: the cases plus `score,
/// predicted_match, outcome`).
pub fn read_reference(path: &Path) -> Result<Vec<ReferenceCase>, EvalError> {
    csv_rows(
        path,
        &["case_group", "is_match", "category", "predicted_match"],
    )?
    .into_iter()
    .map(|row| {
        Ok(ReferenceCase {
            group: row.get("case_group").to_owned(),
            category: row.get("category").to_owned(),
            is_match: row.parse_field("is_match", parse_bool)?,
            predicted: row.parse_field("predicted_match", parse_bool)?,
        })
    })
    .collect()
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

/// Figures for one slice of the cases, ours beside the reference's.
#[derive(Debug, Clone, Serialize)]
pub struct SliceReport {
    /// The slice: a case group or category (`(none)` for blank).
    pub name: String,
    /// interdict at the threshold.
    pub interdict: Scores,
    /// The reference run on the same slice, where it scored any case.
    pub reference: Option<Scores>,
}

/// The name benchmark's result.
#[derive(Debug, Clone, Serialize)]
pub struct NameBenchReport {
    /// Number of cases.
    pub cases: usize,
    /// The threshold the figures are at.
    pub threshold: f32,
    /// interdict, all cases.
    pub overall: Scores,
    /// The threshold with the best F1, and the figures there.
    pub best_threshold: f32,
    /// interdict at the best threshold.
    pub at_best_threshold: Scores,
    /// The reference run, all the cases it scored.
    pub reference: Option<Scores>,
    /// Per case group.
    pub groups: Vec<SliceReport>,
    /// Per category.
    pub categories: Vec<SliceReport>,
    /// The cases interdict got wrong at the threshold.
    pub errors: Vec<CaseError>,
}

/// A case decided wrongly.
#[derive(Debug, Clone, Serialize)]
pub struct CaseError {
    /// Case group.
    pub group: String,
    /// The first name.
    pub name1: String,
    /// The second name.
    pub name2: String,
    /// The truth.
    pub is_match: bool,
    /// interdict's score.
    pub score: f32,
}

/// Scores every case and computes the report.
pub fn run(
    screener: &Screener,
    cases: &[NameCase],
    reference: Option<&[ReferenceCase]>,
    threshold: f32,
) -> NameBenchReport {
    let scores: Vec<f32> = cases
        .par_iter()
        .map(|case| {
            let a = entity_named(&case.name1, case.schema);
            let b = entity_named(&case.name2, case.schema);
            screener.compare_pair(&a, &b).score
        })
        .collect();
    let scored: Vec<(f32, bool)> = scores
        .iter()
        .zip(cases)
        .map(|(&score, case)| (score, case.is_match))
        .collect();
    let (best, at_best) = best_threshold(&scored);

    let slice = |key: &dyn Fn(&NameCase) -> &str,
                 reference_key: &dyn Fn(&ReferenceCase) -> &str| {
        let mut ours: BTreeMap<String, Confusion> = BTreeMap::new();
        for (case, &(score, actual)) in cases.iter().zip(&scored) {
            ours.entry(label(key(case)))
                .or_default()
                .add(score >= threshold, actual);
        }
        let mut theirs: BTreeMap<String, Confusion> = BTreeMap::new();
        for case in reference.unwrap_or_default() {
            theirs
                .entry(label(reference_key(case)))
                .or_default()
                .add(case.predicted, case.is_match);
        }
        ours.into_iter()
            .map(|(name, confusion)| SliceReport {
                reference: theirs.get(&name).map(Confusion::scores),
                interdict: confusion.scores(),
                name,
            })
            .collect::<Vec<_>>()
    };
    let groups = slice(&|c| &c.group, &|c| &c.group);
    let categories = slice(&|c| &c.category, &|c| &c.category);

    let reference_overall = reference.map(|cases| {
        let mut confusion = Confusion::default();
        for case in cases {
            confusion.add(case.predicted, case.is_match);
        }
        confusion.scores()
    });
    let errors = cases
        .iter()
        .zip(&scored)
        .filter(|&(_, &(score, actual))| (score >= threshold) != actual)
        .map(|(case, &(score, _))| CaseError {
            group: case.group.clone(),
            name1: case.name1.clone(),
            name2: case.name2.clone(),
            is_match: case.is_match,
            score,
        })
        .collect();
    NameBenchReport {
        cases: cases.len(),
        threshold,
        overall: Confusion::at_threshold(&scored, threshold).scores(),
        best_threshold: best,
        at_best_threshold: at_best.scores(),
        reference: reference_overall,
        groups,
        categories,
        errors,
    }
}

fn label(text: &str) -> String {
    if text.trim().is_empty() {
        "(none)".to_owned()
    } else {
        text.to_owned()
    }
}

/// An entity with one name, for comparing bare names.
pub fn entity_named(name: &str, schema: Schema) -> Entity {
    let mut entity = Entity::new("pair", name, schema);
    entity.add_name(Name::new(name, NameKind::Primary));
    entity
}

impl NameBenchReport {
    /// The report as tables: overall, per group, per category.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Name benchmark: {} cases, threshold {:.2} (best threshold {:.2}: P {:.3} R {:.3} F1 {:.3})\n\n",
            self.cases,
            self.threshold,
            self.best_threshold,
            self.at_best_threshold.precision,
            self.at_best_threshold.recall,
            self.at_best_threshold.f1,
        );
        let header = [
            "",
            "precision",
            "recall",
            "F1",
            "cases",
            "ref P",
            "ref R",
            "ref F1",
            "ref cases",
        ];
        let mut overall = Table::new(&header);
        let mut cells = vec!["overall".to_owned()];
        cells.extend(score_cells(&self.overall));
        cells.extend(
            self.reference
                .as_ref()
                .map_or_else(blank_cells, score_cells),
        );
        overall.row(cells);
        out.push_str(&overall.render());
        for (title, slices) in [("case_group", &self.groups), ("category", &self.categories)] {
            let mut header = header;
            header[0] = title;
            let mut table = Table::new(&header);
            for slice in slices {
                let mut cells = vec![slice.name.clone()];
                cells.extend(score_cells(&slice.interdict));
                cells.extend(
                    slice
                        .reference
                        .as_ref()
                        .map_or_else(blank_cells, score_cells),
                );
                table.row(cells);
            }
            out.push('\n');
            out.push_str(&table.render());
        }
        out.push_str("\n(ref: OpenSanctions logic-v2, from its frozen run)\n");
        out
    }
}
