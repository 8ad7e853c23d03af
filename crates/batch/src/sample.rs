//! Large synthetic batch inputs, made at benchmark time (never committed).
//!
//! [`write_csv`] writes `customer_id,name,dob,nationality,schema` rows (all
//! people, so `schema` is `person`, as a customer file of individuals says) from the
//! screening fixtures: the synthetic non-listed people of yente's
//! `negatives_*.csv.gz`, repeated with perturbed names ([`crate::scale`])
//! once they run out, and one real UN-listed person every
//! [`POSITIVE_EVERY`] rows so the output has hits. Dates and nationalities
//! that interdict cannot read are left empty, so the file screens without
//! `--lenient`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use interdict_model::{Country, FuzzyDate};

use crate::BatchError;
use crate::scale::{Rng, perturb_name};

/// One row of every this many is a listed person.
pub const POSITIVE_EVERY: u64 = 1000;

/// A person of a fixture, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The full name.
    pub name: String,
    /// Date of birth, or empty.
    pub dob: String,
    /// Nationality, or empty.
    pub nationality: String,
}

/// Reads a yente screening fixture (`full_name`, `date_of_birth`,
/// `nationality`; plain or gzip), keeping values interdict can read.
pub fn read_fixture(path: &Path) -> Result<Vec<Person>, BatchError> {
    let columns = crate::columns::ColumnMap::default();
    let records = crate::input::read_all(path, crate::InputFormat::Csv, &columns)?;
    use crate::columns::Field;
    Ok(records
        .iter()
        .filter_map(|record| {
            let name = record.texts(Field::Name).next()?.to_owned();
            let dob = record
                .texts(Field::BirthDate)
                .find(|d| FuzzyDate::parse(d).is_ok())
                .unwrap_or_default()
                .to_owned();
            let nationality = record
                .texts(Field::Country)
                .find(|c| Country::resolve(c).is_some())
                .unwrap_or_default()
                .to_owned();
            Some(Person {
                name,
                dob,
                nationality,
            })
        })
        .collect())
}

/// Writes `rows` rows to `out`: negatives in turn (perturbed after the
/// first pass over them), and a positive every [`POSITIVE_EVERY`] rows.
pub fn write_csv(
    out: &Path,
    rows: u64,
    negatives: &[Person],
    positives: &[Person],
    seed: u64,
) -> Result<(), BatchError> {
    if negatives.is_empty() {
        return Err(BatchError::Usage("no negatives to make rows from".into()));
    }
    let file = File::create(out).map_err(|e| BatchError::io(out, "cannot create", e))?;
    let mut writer = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, file));
    let error = |e: csv::Error| BatchError::io(out, "cannot write", e);
    writer
        .write_record(["customer_id", "name", "dob", "nationality", "schema"])
        .map_err(error)?;
    let donors: Vec<String> = negatives
        .iter()
        .step_by(7)
        .filter_map(|p| p.name.split_whitespace().last().map(str::to_owned))
        .collect();
    let mut rng = Rng::new(seed);
    let (mut next_negative, mut next_positive) = (0usize, 0usize);
    for row in 1..=rows {
        let id = format!("C{row:08}");
        let positive = row
            .is_multiple_of(POSITIVE_EVERY)
            .then(|| positives.get(next_positive % positives.len().max(1)))
            .flatten();
        if let Some(person) = positive {
            next_positive += 1;
            writer
                .write_record([
                    &id,
                    &person.name,
                    &person.dob,
                    &person.nationality,
                    "person",
                ])
                .map_err(error)?;
            continue;
        }
        let person = &negatives[next_negative % negatives.len()];
        let name = if next_negative < negatives.len() {
            person.name.clone()
        } else {
            perturb_name(&person.name, &donors, &mut rng)
        };
        next_negative += 1;
        writer
            .write_record([&id, &name, &person.dob, &person.nationality, "person"])
            .map_err(error)?;
    }
    writer
        .into_inner()
        .map_err(|e| BatchError::io(out, "cannot write", e.error()))?
        .flush()
        .map_err(|e| BatchError::io(out, "cannot write", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_repeat_negatives_perturbed_with_a_positive_every_thousand() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let person = |name: &str| Person {
            name: name.to_owned(),
            dob: "1970-01-02".to_owned(),
            nationality: "France".to_owned(),
        };
        let negatives = vec![person("Jean Pierre Martin"), person("Marie Claire Dubois")];
        let positives = vec![person("ABDUL HAQ WASIQ")];
        let out = dir.path().join("rows.csv");
        assert!(write_csv(&out, 2000, &negatives, &positives, 1).is_ok());
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2001);
        assert_eq!(lines[0], "customer_id,name,dob,nationality,schema");
        assert_eq!(
            lines[1],
            "C00000001,Jean Pierre Martin,1970-01-02,France,person"
        );
        assert_eq!(
            lines[2],
            "C00000002,Marie Claire Dubois,1970-01-02,France,person"
        );
        assert!(lines[3].starts_with("C00000003,") && !lines[3].contains("Jean Pierre Martin,"));
        assert_eq!(
            lines[1000],
            "C00001000,ABDUL HAQ WASIQ,1970-01-02,France,person"
        );
        assert_eq!(lines.iter().filter(|l| l.contains("WASIQ")).count(), 2);
    }
}
