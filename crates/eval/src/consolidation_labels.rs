//! How well one subject's records are grouped across lists, measured
//! against a hand-labelled sample (`crates/eval/data/consolidation_labels.csv`,
//! drawn and labelled as docs/consolidation.md says).
//!
//! Each row of the file places one record (`eu_fsf:EU.7103.8`) in one
//! labelled subject and says whether the labeller is sure of it. The
//! records of a subject are all of its records on the lists the sample
//! covers, so a grouping is measured by pairs of records on different
//! lists:
//!
//! * **recall**: of the pairs the labels put in one subject, the share
//!   predicted together;
//! * **precision**: of the predicted pairs whose both records are labelled,
//!   the share the labels put in one subject (a pair of two labelled
//!   subjects is a wrong merge).
//!
//! Records labelled `unsure` take part in no scored pair. A predicted
//! partner on a covered list that the labels leave out is counted apart:
//! it is either a wrong merge or a record the labeller missed.
//!
//! The grouping measured is an input (a function from a record to the
//! records predicted with it), so query-time grouping and any clustering
//! are measured the same way; [`query_time_grouping`] is the first.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use interdict_matcher::consolidate::Consolidation;
use interdict_matcher::{Options, Screener};
use serde::Serialize;

use crate::EvalError;

/// One labelled record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The subject it belongs to, a name the labeller chose.
    pub subject: String,
    /// The record's entity id (`source:record-id`).
    pub record: String,
    /// Whether the labeller is sure the record is this subject.
    pub sure: bool,
    /// Why the labeller judged so.
    pub evidence: String,
    /// The line of the file, from 1.
    pub line: u64,
}

impl Label {
    /// The source of the record: its id up to the first `:`.
    pub fn source(&self) -> &str {
        self.record
            .split_once(':')
            .map_or(self.record.as_str(), |(source, _)| source)
    }
}

/// Reads the labels, skipping `#` comment lines. Every row needs a subject,
/// a record id of the form `source:id` and a confidence of `sure` or
/// `unsure`; a record may be in one subject only.
pub fn read_labels(path: &Path) -> Result<Vec<Label>, EvalError> {
    let label = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| EvalError::Io {
        path: label.clone(),
        message: format!("cannot open: {e}"),
    })?;
    parse_labels(file, &label)
}

fn parse_labels(input: impl std::io::Read, path: &str) -> Result<Vec<Label>, EvalError> {
    let error = |line: u64, message: String| EvalError::Record {
        path: path.to_owned(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(input);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| error(1, e.to_string()))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| error(1, format!("missing column {name:?}")))
    };
    let (subject_at, record_at, confidence_at) =
        (column("subject")?, column("record")?, column("confidence")?);
    let evidence_at = header.iter().position(|h| h == "evidence");

    let mut labels: Vec<Label> = Vec::new();
    let mut line_of: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| error(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = row.position().map_or(0, |p| p.line());
        let cell = |at: usize| row.get(at).unwrap_or("").trim();
        let subject = cell(subject_at);
        if subject.is_empty() {
            return Err(error(line, "column subject: empty".into()));
        }
        let record = cell(record_at);
        if !record
            .split_once(':')
            .is_some_and(|(source, id)| !source.is_empty() && !id.is_empty())
        {
            return Err(error(
                line,
                format!("column record: {record:?} is not a `source:id` entity id"),
            ));
        }
        let sure = match cell(confidence_at) {
            "sure" => true,
            "unsure" => false,
            other => {
                return Err(error(
                    line,
                    format!("column confidence: {other:?} is neither `sure` nor `unsure`"),
                ));
            }
        };
        if let Some((first, first_subject)) = line_of.get(record) {
            return Err(error(
                line,
                format!(
                    "record {record} is already labelled, as {first_subject:?} on line {first}"
                ),
            ));
        }
        line_of.insert(record.to_owned(), (line, subject.to_owned()));
        labels.push(Label {
            subject: subject.to_owned(),
            record: record.to_owned(),
            sure,
            evidence: evidence_at.map_or("", cell).to_owned(),
            line,
        });
    }
    Ok(labels)
}

/// Checks that every labelled record is among the loaded entities: a record
/// that is not means a list changed, and the labels must be redone for it.
pub fn check_records(
    labels: &[Label],
    path: &Path,
    is_loaded: impl Fn(&str) -> bool,
) -> Result<(), EvalError> {
    let unknown: Vec<&Label> = labels.iter().filter(|l| !is_loaded(&l.record)).collect();
    match unknown.first() {
        None => Ok(()),
        Some(first) => Err(EvalError::Record {
            path: path.display().to_string(),
            line: first.line,
            message: format!(
                "column record: no loaded entity {} ({} labelled records unknown: {}); has a list changed?",
                first.record,
                unknown.len(),
                unknown
                    .iter()
                    .map(|l| l.record.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
    }
}

/// What the measurement found.
#[derive(Debug, Clone, Serialize)]
pub struct LabelReport {
    /// Labelled subjects.
    pub subjects: usize,
    /// Labelled records, by source.
    pub records_by_source: BTreeMap<String, usize>,
    /// Records labelled `unsure`, left out of every scored pair.
    pub unsure_records: usize,
    /// Pairs of sure records on different lists that the labels put in one
    /// subject.
    pub same_subject_pairs: usize,
    /// Of those, pairs predicted together.
    pub same_subject_found: usize,
    /// `same_subject_found / same_subject_pairs`.
    pub recall: f64,
    /// Predicted pairs of sure records on different lists.
    pub predicted_pairs: usize,
    /// Of those, pairs the labels put in one subject.
    pub predicted_correct: usize,
    /// `predicted_correct / predicted_pairs`.
    pub precision: f64,
    /// Predicted partners of labelled records that are on a list the sample
    /// covers but are not labelled: wrong merges, or records the labeller
    /// missed. Not in precision.
    pub unlabelled_partners: usize,
    /// Same-subject pairs not predicted together (ids and subjects), the
    /// first ones.
    pub missed: Vec<String>,
    /// Predicted pairs of different subjects, the first ones.
    pub wrong: Vec<String>,
    /// Unlabelled partners, the first ones.
    pub unlabelled: Vec<String>,
}

/// How many examples of each error the report keeps.
const EXAMPLES: usize = 30;

/// A pair of records, by id, the smaller first.
fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

fn source_of(id: &str) -> &str {
    id.split_once(':').map_or(id, |(source, _)| source)
}

/// Measures a grouping against the labels: `predicted` gives, for a
/// labelled record, the ids of the records grouped with it. A pair counts
/// as predicted when either of its records predicts the other.
pub fn measure(labels: &[Label], predicted: impl Fn(&str) -> Vec<String>) -> LabelReport {
    let by_record: BTreeMap<&str, &Label> = labels.iter().map(|l| (l.record.as_str(), l)).collect();
    let covered: BTreeSet<&str> = labels.iter().map(Label::source).collect();
    let mut records_by_source: BTreeMap<String, usize> = BTreeMap::new();
    for label in labels {
        *records_by_source
            .entry(label.source().to_owned())
            .or_default() += 1;
    }
    let sure: Vec<&Label> = labels.iter().filter(|l| l.sure).collect();

    let mut same: BTreeSet<(String, String)> = BTreeSet::new();
    for (n, a) in sure.iter().enumerate() {
        for b in sure.iter().skip(n + 1) {
            if a.subject == b.subject && a.source() != b.source() {
                same.insert(pair(&a.record, &b.record));
            }
        }
    }

    let mut grouped: BTreeSet<(String, String)> = BTreeSet::new();
    let mut unlabelled: BTreeSet<(String, String)> = BTreeSet::new();
    for label in labels {
        for other in predicted(&label.record) {
            if other == label.record || source_of(&other) == label.source() {
                continue;
            }
            match by_record.get(other.as_str()) {
                Some(_) => {
                    grouped.insert(pair(&label.record, &other));
                }
                None if covered.contains(source_of(&other)) => {
                    unlabelled.insert((label.record.clone(), other));
                }
                None => {}
            }
        }
    }

    let subject = |id: &str| by_record.get(id).map_or("", |l| l.subject.as_str());
    let is_sure = |id: &str| by_record.get(id).is_some_and(|l| l.sure);
    let same_subject_found = same.iter().filter(|p| grouped.contains(*p)).count();
    let missed = same
        .iter()
        .filter(|p| !grouped.contains(*p))
        .take(EXAMPLES)
        .map(|(a, b)| format!("{a} ~ {b} ({})", subject(a)))
        .collect();
    let judged: Vec<&(String, String)> = grouped
        .iter()
        .filter(|(a, b)| is_sure(a) && is_sure(b))
        .collect();
    let predicted_correct = judged
        .iter()
        .filter(|(a, b)| subject(a) == subject(b))
        .count();
    let wrong = judged
        .iter()
        .filter(|(a, b)| subject(a) != subject(b))
        .take(EXAMPLES)
        .map(|(a, b)| format!("{a} ({}) ~ {b} ({})", subject(a), subject(b)))
        .collect();
    let share = |part: usize, whole: usize| {
        if whole == 0 {
            0.0
        } else {
            part as f64 / whole as f64
        }
    };
    LabelReport {
        subjects: labels
            .iter()
            .map(|l| l.subject.as_str())
            .collect::<BTreeSet<_>>()
            .len(),
        records_by_source,
        unsure_records: labels.len() - sure.len(),
        same_subject_pairs: same.len(),
        same_subject_found,
        recall: share(same_subject_found, same.len()),
        predicted_pairs: judged.len(),
        predicted_correct,
        precision: share(predicted_correct, judged.len()),
        unlabelled_partners: unlabelled.len(),
        missed,
        wrong,
        unlabelled: unlabelled
            .iter()
            .take(EXAMPLES)
            .map(|(a, b)| format!("{a} ({}) ~ {b}", subject(a)))
            .collect(),
    }
}

/// Screening's grouping at query time: a record is screened with its own
/// names, dates of birth, nationalities and identifiers, and the records in
/// its own group are its partners (as [`crate::consolidation`] does).
pub fn query_time_grouping(screener: &Screener, threshold: f32) -> impl Fn(&str) -> Vec<String> {
    let options = Options {
        threshold,
        limit: 20,
    };
    by_id(screener, move |i| {
        crate::consolidation::grouped_with(screener, i, &options)
    })
}

/// A grouping of records by position as one of records by id: `partners`
/// gives the positions grouped with a record's (its own may be among
/// them).
fn by_id<'a>(
    screener: &'a Screener,
    partners: impl Fn(usize) -> Vec<usize> + 'a,
) -> impl Fn(&str) -> Vec<String> + 'a {
    let entities = screener.entities();
    let position: BTreeMap<&str, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    move |id: &str| {
        let Some(&i) = position.get(id) else {
            return Vec::new();
        };
        partners(i)
            .into_iter()
            .filter(|&other| other != i)
            .filter_map(|other| entities.get(other).map(|e| e.id.clone()))
            .collect()
    }
}

/// Each record's partners in the global clustering: the other members of
/// its subject.
pub fn clustered_with<'a>(
    screener: &'a Screener,
    consolidation: &'a Consolidation,
) -> impl Fn(&str) -> Vec<String> + 'a {
    by_id(screener, move |i| {
        consolidation
            .subject_of(i)
            .map(|subject| subject.members.clone())
            .unwrap_or_default()
    })
}

/// Reads the labels at `path` and checks their records are loaded.
pub fn read_loaded(screener: &Screener, path: &Path) -> Result<Vec<Label>, EvalError> {
    let labels = read_labels(path)?;
    let loaded: BTreeSet<&str> = screener.entities().iter().map(|e| e.id.as_str()).collect();
    check_records(&labels, path, |id| loaded.contains(id))?;
    Ok(labels)
}

impl LabelReport {
    /// The report as text.
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let by_source: Vec<String> = self
            .records_by_source
            .iter()
            .map(|(source, count)| format!("{source} {count}"))
            .collect();
        let _ = writeln!(
            out,
            "hand-labelled subjects: {} ({} records: {}; {} unsure, not scored)",
            self.subjects,
            self.records_by_source.values().sum::<usize>(),
            by_source.join(", "),
            self.unsure_records
        );
        let _ = writeln!(
            out,
            "recall: {} of {} labelled same-subject pairs were grouped = {:.4}",
            self.same_subject_found, self.same_subject_pairs, self.recall
        );
        let _ = writeln!(
            out,
            "precision: {} of {} grouped pairs of labelled records are one subject = {:.4} ({} grouped with an unlabelled record of a covered list)",
            self.predicted_correct, self.predicted_pairs, self.precision, self.unlabelled_partners
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Result<Vec<Label>, EvalError> {
        parse_labels(text.as_bytes(), "labels.csv")
    }

    const GOOD: &str = "\
# a comment
subject,record,caption,confidence,evidence
kony,un_sc:CFi.009,JOSEPH KONY,sure,UN reference
kony,eu_fsf:EU.3885.38,Joseph KONY,sure,same DOBs
kony,gb_ofsi:13344,JOSEPH KONY,sure,UN reference
kony,ca_sema:x-1,Joseph Kony,unsure,no DOB
ali,un_sc:CFi.010,ALI KONY,sure,UN reference
ali,gb_ofsi:13378,ALI KONY,sure,UN reference
";

    #[test]
    fn reads_rows_and_skips_comments() {
        let read = labels(GOOD).unwrap();
        assert_eq!(read.len(), 6);
        assert_eq!(read[0].subject, "kony");
        assert_eq!(read[0].source(), "un_sc");
        assert!(!read[3].sure);
        assert_eq!(read[3].evidence, "no DOB");
        assert_eq!(read[0].line, 3);
    }

    #[test]
    fn bad_rows_are_errors_naming_line_and_column() {
        let missing = labels("subject,record\nx,un_sc:1\n").unwrap_err();
        assert!(
            missing
                .to_string()
                .contains("missing column \"confidence\"")
        );
        let confidence = labels("subject,record,confidence\nx,un_sc:1,maybe\n").unwrap_err();
        assert_eq!(
            confidence.to_string(),
            "labels.csv: line 2: column confidence: \"maybe\" is neither `sure` nor `unsure`"
        );
        let record = labels("subject,record,confidence\nx,QDi.043,sure\n").unwrap_err();
        assert!(
            record.to_string().contains("line 2: column record"),
            "{record}"
        );
        let subject = labels("subject,record,confidence\n ,un_sc:1,sure\n").unwrap_err();
        assert!(subject.to_string().contains("column subject: empty"));
    }

    #[test]
    fn a_record_in_two_subjects_is_an_error() {
        let error =
            labels("subject,record,confidence\na,un_sc:1,sure\nb,un_sc:2,sure\nc,un_sc:1,sure\n")
                .unwrap_err();
        assert_eq!(
            error.to_string(),
            "labels.csv: line 4: record un_sc:1 is already labelled, as \"a\" on line 2"
        );
    }

    #[test]
    fn unknown_records_are_reported() {
        let read = labels(GOOD).unwrap();
        let loaded = ["un_sc:CFi.009", "eu_fsf:EU.3885.38", "gb_ofsi:13344"];
        let error = check_records(&read, Path::new("labels.csv"), |id| loaded.contains(&id))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("labels.csv: line 6: column record: no loaded entity ca_sema:x-1 (3 labelled records unknown"), "{error}");
        assert!(error.contains("gb_ofsi:13378"), "{error}");
        assert!(check_records(&read, Path::new("labels.csv"), |_| true).is_ok());
    }

    #[test]
    fn pairs_are_counted_by_subject_and_list() {
        let read = labels(GOOD).unwrap();
        // Everything named Kony in one group, plus an unlabelled UK record
        // and a record of a list the sample does not cover.
        let group = [
            "un_sc:CFi.009",
            "eu_fsf:EU.3885.38",
            "gb_ofsi:13344",
            "ca_sema:x-1",
            "un_sc:CFi.010",
            "gb_ofsi:99999",
            "au_dfat:1",
        ];
        let report = measure(&read, |id| {
            if id == "gb_ofsi:13378" {
                Vec::new()
            } else {
                group.iter().map(|s| (*s).to_owned()).collect()
            }
        });
        assert_eq!(report.subjects, 2);
        assert_eq!(report.unsure_records, 1);
        // kony: un-eu, un-gb, eu-gb; ali: un-gb. The unsure CA record is in
        // no pair.
        assert_eq!(report.same_subject_pairs, 4);
        // ali's UN and UK records are not grouped.
        assert_eq!(report.same_subject_found, 3);
        assert_eq!(report.missed, ["gb_ofsi:13378 ~ un_sc:CFi.010 (ali)"]);
        // Grouped pairs of sure records on different lists: the three kony
        // pairs, and ali's UN record with kony's EU and UK records; the
        // two UN records are on one list.
        assert_eq!(report.predicted_pairs, 5);
        assert_eq!(report.predicted_correct, 3);
        assert_eq!(report.wrong.len(), 2);
        assert!((report.precision - 0.6).abs() < 1e-9);
        assert!((report.recall - 0.75).abs() < 1e-9);
        // gb_ofsi:99999 from each of the four records not on the UK list;
        // au_dfat is not covered.
        assert_eq!(report.unlabelled_partners, 4, "{report:?}");
    }

    #[test]
    fn a_perfect_grouping_scores_one() {
        let read = labels(GOOD).unwrap();
        let report = measure(&read, |id| {
            let subject = read.iter().find(|l| l.record == id).map(|l| &l.subject);
            read.iter()
                .filter(|l| Some(&l.subject) == subject)
                .map(|l| l.record.clone())
                .collect()
        });
        assert_eq!(report.recall, 1.0);
        assert_eq!(report.precision, 1.0);
        assert_eq!(report.unlabelled_partners, 0);
    }
}
