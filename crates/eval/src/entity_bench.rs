//! The entity benchmark: labelled pairs of entities (nomenklatura's
//! `contrib/entity_bench/checks.yml`), scored pair by pair.
//!
//! The file holds a list `checks`; each check gives `match` (whether the
//! two describe the same subject), a FollowTheMoney `schema`, an optional
//! `label` (what the check tests, `Character Deletion`), and a `query` and a
//! `candidate`, each a map of FtM properties (`name`, `firstName`,
//! `birthDate`, `nationality`, `idNumber`, ...) to a value or a list of
//! values. Both sides are read as FtM entities of the check's schema
//! ([`interdict_sources::ftm_json::entity_from_value`]) and scored with
//! [`Screener::compare_pair`], as `interdict compare` scores them.
//! Accuracy, precision, recall and F1 are reported overall and per label,
//! at the threshold asked for and at the best one.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

use interdict_matcher::{Explanation, PairComparison, Screener};
use interdict_model::{Entity, Schema};
use interdict_sources::ftm_json::entity_from_value;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::metrics::{Confusion, Scores, best_threshold};
use crate::table::Table;
use crate::{EvalError, open};

/// One labelled pair of entities.
#[derive(Debug, Clone)]
pub struct EntityCheck {
    /// The check's position in the file, from 1.
    pub number: usize,
    /// What the check tests, if the file says.
    pub label: Option<String>,
    /// Whether the two describe the same subject.
    pub is_match: bool,
    /// The entity screened.
    pub query: Entity,
    /// The entity it is compared with.
    pub candidate: Entity,
}

/// A check as the file writes it.
#[derive(Deserialize)]
struct CheckRecord {
    #[serde(rename = "match")]
    is_match: bool,
    schema: String,
    #[serde(default)]
    label: Option<String>,
    query: Map<String, Value>,
    candidate: Map<String, Value>,
}

#[derive(Deserialize)]
struct ChecksFile {
    checks: Vec<serde_yaml_ng::Value>,
}

/// Reads `checks.yml`.
pub fn read_checks(path: &Path) -> Result<Vec<EntityCheck>, EvalError> {
    let label = path.display().to_string();
    let mut text = String::new();
    open(path)?
        .read_to_string(&mut text)
        .map_err(|e| EvalError::Io {
            path: label.clone(),
            message: format!("cannot read: {e}"),
        })?;
    parse_checks(&text, &label)
}

/// Reads the checks from the text of a `checks.yml`; `path` names it in
/// errors.
pub fn parse_checks(text: &str, path: &str) -> Result<Vec<EntityCheck>, EvalError> {
    let file: ChecksFile = serde_yaml_ng::from_str(text).map_err(|e| EvalError::Record {
        path: path.to_owned(),
        line: e.location().map_or(0, |l| l.line() as u64),
        message: format!("not an entity benchmark: {e}"),
    })?;
    file.checks
        .into_iter()
        .enumerate()
        .map(|(position, value)| {
            let number = position + 1;
            read_check(value, number).map_err(|message| EvalError::Check {
                path: path.to_owned(),
                check: number,
                message,
            })
        })
        .collect()
}

fn read_check(value: serde_yaml_ng::Value, number: usize) -> Result<EntityCheck, String> {
    let record: CheckRecord = serde_yaml_ng::from_value(value).map_err(|e| e.to_string())?;
    let side = |role: &str, properties: &Map<String, Value>| {
        let object = ftm_object(&record.schema, number, role, properties)?;
        entity_from_value(&object, role).map_err(|e| format!("{role}: {e}"))
    };
    Ok(EntityCheck {
        number,
        label: record
            .label
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned),
        is_match: record.is_match,
        query: side("query", &record.query)?,
        candidate: side("candidate", &record.candidate)?,
    })
}

/// A side of a check as an FtM entity object: every property a list of
/// strings (YAML writes `idNumber: 123` as a number).
fn ftm_object(
    schema: &str,
    number: usize,
    role: &str,
    properties: &Map<String, Value>,
) -> Result<Value, String> {
    let mut ftm_properties = Map::new();
    for (property, value) in properties {
        let values: &[Value] = match value {
            Value::Array(values) => values,
            single => std::slice::from_ref(single),
        };
        let texts = values
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| match v {
                Value::String(text) => Ok(Value::String(text.clone())),
                Value::Number(n) => Ok(Value::String(n.to_string())),
                Value::Bool(b) => Ok(Value::String(b.to_string())),
                other => Err(format!(
                    "{role}: property {property:?} holds {other}, not text"
                )),
            })
            .collect::<Result<Vec<_>, _>>()?;
        ftm_properties.insert(property.clone(), Value::Array(texts));
    }
    Ok(serde_json::json!({
        "id": number.to_string(),
        "schema": schema,
        "properties": ftm_properties,
    }))
}

/// Which side of a pair was screened against the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The first (left, query) entity screened against the second.
    Left,
    /// The second (right, candidate) entity screened against the first.
    Right,
}

/// A pair's score, the decision at a threshold, and why.
#[derive(Debug, Clone, Serialize)]
pub struct PairDecision {
    /// The score, 0–1.
    pub score: f32,
    /// Whether the score reaches the threshold.
    #[serde(rename = "match")]
    pub is_match: bool,
    /// Why the score is 0 without a comparison (incompatible schemas, no
    /// name on one side).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The side whose names were the query in the direction that decided
    /// the score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_side: Option<Side>,
    /// The evidence of that direction, each feature's contribution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

impl PairDecision {
    /// The decision on a compared pair at `threshold`: the better of its
    /// two directions explains the score (the first on a tie).
    pub fn new(pair: &PairComparison, threshold: f32) -> Self {
        let deciding = match (&pair.forward, &pair.backward) {
            (Some(forward), Some(backward)) if backward.score > forward.score => {
                Some((Side::Right, backward))
            }
            (Some(forward), Some(_)) => Some((Side::Left, forward)),
            _ => None,
        };
        let reason = pair.reason.clone().or_else(|| {
            deciding
                .is_none()
                .then(|| "no name on one side to compare".to_owned())
        });
        Self {
            score: pair.score,
            is_match: pair.score >= threshold,
            reason,
            query_side: deciding.map(|(side, _)| side),
            explanation: deciding.map(|(_, hit)| hit.explanation.clone()),
        }
    }
}

/// Compares two entities and decides at `threshold`.
pub fn decide(screener: &Screener, left: &Entity, right: &Entity, threshold: f32) -> PairDecision {
    PairDecision::new(&screener.compare_pair(left, right), threshold)
}

/// Figures for the checks with one label.
#[derive(Debug, Clone, Serialize)]
pub struct LabelReport {
    /// The label (`(none)` for checks without one).
    pub label: String,
    /// The figures at the threshold.
    pub scores: Scores,
}

/// A check decided wrongly.
#[derive(Debug, Clone, Serialize)]
pub struct CheckError {
    /// The check's position in the file, from 1.
    pub check: usize,
    /// Its label, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The check's schema.
    pub schema: Schema,
    /// The query's names, joined with ` / `.
    pub query: String,
    /// The candidate's names, joined with ` / `.
    pub candidate: String,
    /// The truth.
    pub expected: bool,
    /// interdict's decision and why.
    pub decision: PairDecision,
}

/// The entity benchmark's result.
#[derive(Debug, Clone, Serialize)]
pub struct EntityBenchReport {
    /// Number of checks.
    pub checks: usize,
    /// The threshold the figures are at.
    pub threshold: f32,
    /// How many listed entities name words are weighed by, by their rarity
    /// among them; with none, every name word weighs the same.
    pub rarity_from_entities: usize,
    /// All checks at the threshold.
    pub overall: Scores,
    /// The threshold with the best F1.
    pub best_threshold: f32,
    /// All checks at the best threshold.
    pub at_best_threshold: Scores,
    /// Per label, at the threshold.
    pub labels: Vec<LabelReport>,
    /// The checks decided wrongly at the threshold.
    pub errors: Vec<CheckError>,
}

/// Scores every check and computes the report.
pub fn run(screener: &Screener, checks: &[EntityCheck], threshold: f32) -> EntityBenchReport {
    let decisions: Vec<PairDecision> = checks
        .par_iter()
        .map(|check| decide(screener, &check.query, &check.candidate, threshold))
        .collect();
    let scored: Vec<(f32, bool)> = decisions
        .iter()
        .zip(checks)
        .map(|(decision, check)| (decision.score, check.is_match))
        .collect();
    let (best, at_best) = best_threshold(&scored);

    let mut by_label: BTreeMap<String, Confusion> = BTreeMap::new();
    for (check, decision) in checks.iter().zip(&decisions) {
        by_label
            .entry(check.label.clone().unwrap_or_else(|| "(none)".to_owned()))
            .or_default()
            .add(decision.is_match, check.is_match);
    }
    let labels = by_label
        .into_iter()
        .map(|(label, confusion)| LabelReport {
            label,
            scores: confusion.scores(),
        })
        .collect();

    let errors = checks
        .iter()
        .zip(decisions)
        .filter(|(check, decision)| decision.is_match != check.is_match)
        .map(|(check, decision)| CheckError {
            check: check.number,
            label: check.label.clone(),
            schema: check.query.schema,
            query: names(&check.query),
            candidate: names(&check.candidate),
            expected: check.is_match,
            decision,
        })
        .collect();
    EntityBenchReport {
        checks: checks.len(),
        threshold,
        rarity_from_entities: screener.entities().len(),
        overall: Confusion::at_threshold(&scored, threshold).scores(),
        best_threshold: best,
        at_best_threshold: at_best.scores(),
        labels,
        errors,
    }
}

fn names(entity: &Entity) -> String {
    entity
        .names
        .iter()
        .map(|n| n.full.as_str())
        .collect::<Vec<_>>()
        .join(" / ")
}

impl EntityBenchReport {
    /// The report as tables: overall, then per label.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Entity benchmark: {} checks, threshold {:.2} (best threshold {:.2}: accuracy {:.3} P {:.3} R {:.3} F1 {:.3})\n\n",
            self.checks,
            self.threshold,
            self.best_threshold,
            self.at_best_threshold.accuracy,
            self.at_best_threshold.precision,
            self.at_best_threshold.recall,
            self.at_best_threshold.f1,
        );
        out.push_str(&match self.rarity_from_entities {
            0 => "Name words weigh equally (no lists loaded).\n\n".to_owned(),
            entities => {
                format!("Name words weigh by their rarity in {entities} listed entities.\n\n")
            }
        });
        let header = [
            "",
            "accuracy",
            "precision",
            "recall",
            "F1",
            "TP",
            "FP",
            "TN",
            "FN",
            "checks",
        ];
        let mut overall = Table::new(&header);
        overall.row(figure_cells("overall", &self.overall));
        out.push_str(&overall.render());
        let mut header = header;
        header[0] = "label";
        let mut labels = Table::new(&header);
        for slice in &self.labels {
            labels.row(figure_cells(&slice.label, &slice.scores));
        }
        out.push('\n');
        out.push_str(&labels.render());
        out
    }
}

fn figure_cells(name: &str, scores: &Scores) -> Vec<String> {
    vec![
        name.to_owned(),
        format!("{:.3}", scores.accuracy),
        format!("{:.3}", scores.precision),
        format!("{:.3}", scores.recall),
        format!("{:.3}", scores.f1),
        scores.tp.to_string(),
        scores.fp.to_string(),
        scores.tn.to_string(),
        scores.fn_.to_string(),
        scores.cases.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::NameKind;

    const CHECKS: &str = r#"
checks:
  # A comment is not a section.
  - match: true
    schema: Person
    query:
      name: Olaf Scholze
      birthDate: 1958-06-14
      idNumber: 12345
    candidate:
      name: [Olaf Scholz, Olaf SCHOLZ]
  - match: false
    label: Character Deletion
    schema: Company
    query:
      firstName: Hans
    candidate:
      name: Siemens AG
      alias: Siemens
"#;

    fn checks() -> Vec<EntityCheck> {
        parse_checks(CHECKS, "checks.yml").unwrap_or_else(|e| panic!("{e}"))
    }

    fn error(text: &str) -> String {
        match parse_checks(text, "checks.yml") {
            Ok(checks) => panic!("accepted {} checks", checks.len()),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn reads_checks_as_ftm_entities() {
        let checks = checks();
        let [first, second] = checks.as_slice() else {
            panic!("two checks");
        };
        assert_eq!(
            (first.number, first.is_match, first.label.as_deref()),
            (1, true, None)
        );
        assert_eq!(first.query.schema, Schema::Person);
        assert_eq!(first.query.birth_dates[0].to_string(), "1958-06-14");
        assert_eq!(first.query.identifiers[0].number, "12345");
        let candidate_names: Vec<_> = first
            .candidate
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            candidate_names,
            [
                ("Olaf Scholz", NameKind::Primary),
                ("Olaf SCHOLZ", NameKind::Primary)
            ]
        );
        assert_eq!(second.label.as_deref(), Some("Character Deletion"));
        assert_eq!(second.query.caption(), "Hans", "a name from its parts");
        assert_eq!(second.candidate.schema, Schema::Company);
    }

    #[test]
    fn errors_name_the_file_and_the_check() {
        assert_eq!(
            error(
                "checks:\n  - match: true\n    schema: Sanction\n    query: {name: A}\n    candidate: {name: B}\n"
            ),
            "checks.yml: check 1: query: schema \"Sanction\" is not a subject interdict compares (Person, Organization, Company, LegalEntity, PublicBody, Vessel or Airplane)"
        );
        assert!(
            error("checks:\n  - {match: true, schema: Person, query: {name: A}, candidate: {name: B}}\n  - {schema: Person, query: {name: A}, candidate: {name: B}}\n")
                .starts_with("checks.yml: check 2: missing field `match`"),
        );
        assert_eq!(
            error(
                "checks:\n  - {match: true, schema: Person, query: {name: {a: 1}}, candidate: {name: B}}\n"
            ),
            "checks.yml: check 1: query: property \"name\" holds {\"a\":1}, not text"
        );
        assert!(error("checks: [\n").starts_with("checks.yml: line "));
        assert!(error("cases: []\n").contains("missing field `checks`"));
    }

    #[test]
    fn a_report_counts_decisions_per_label() {
        let report = run(&Screener::new(Vec::new()), &checks(), 0.8);
        assert_eq!(report.checks, 2);
        assert_eq!(report.overall.cases, 2);
        assert_eq!(report.overall.tn, 1, "Hans is not Siemens");
        let labels: Vec<&str> = report.labels.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["(none)", "Character Deletion"]);
        for error in &report.errors {
            assert_ne!(error.expected, error.decision.is_match);
        }
        let text = report.to_text();
        assert!(
            text.starts_with("Entity benchmark: 2 checks, threshold 0.80"),
            "{text}"
        );
        assert!(text.contains("\noverall "), "{text}");
        assert!(text.contains("Name words weigh equally"), "{text}");
    }

    #[test]
    fn incompatible_schemas_decide_no_match_with_the_reason() {
        let mut person = Entity::new("t", "p", Schema::Person);
        person.add_name(interdict_model::Name::new("Sea Star", NameKind::Primary));
        let mut vessel = Entity::new("t", "v", Schema::Vessel);
        vessel.add_name(interdict_model::Name::new("Sea Star", NameKind::Primary));
        let decision = decide(&Screener::new(Vec::new()), &person, &vessel, 0.8);
        assert_eq!((decision.score, decision.is_match), (0.0, false));
        assert_eq!(
            decision.reason.as_deref(),
            Some("a Person cannot be a Vessel")
        );
        assert!(decision.explanation.is_none());
        let nameless = Entity::new("t", "n", Schema::Person);
        let decision = decide(&Screener::new(Vec::new()), &person, &nameless, 0.8);
        assert_eq!(
            decision.reason.as_deref(),
            Some("no name on one side to compare")
        );
    }

    #[test]
    fn the_better_direction_explains_the_score() {
        let short = crate::name_bench::entity_named("Boris Johnson", Schema::Person);
        let long =
            crate::name_bench::entity_named("Alexander Boris de Pfeffel Johnson", Schema::Person);
        let screener = Screener::new(Vec::new());
        let pair = screener.compare_pair(&short, &long);
        let decision = PairDecision::new(&pair, 0.8);
        let (deciding, listed) = match decision.query_side {
            Some(Side::Left) => (pair.forward.as_ref(), &long),
            Some(Side::Right) => (pair.backward.as_ref(), &short),
            None => panic!("no direction decided"),
        };
        let deciding = deciding.unwrap_or_else(|| panic!("the deciding hit"));
        assert_eq!(deciding.score, decision.score);
        let explanation = decision
            .explanation
            .as_ref()
            .unwrap_or_else(|| panic!("explained"));
        assert_eq!(explanation.name.listed_name, listed.caption());
    }
}
