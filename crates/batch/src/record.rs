//! One input record, as read, and the query it becomes.

use std::sync::Arc;

use interdict_matcher::Query;
use interdict_model::{Country, FuzzyDate, Schema};

use crate::columns::Field;
use crate::{BatchError, Location};

/// One value of a record: which field, from which column, and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// The field.
    pub field: Field,
    /// The column (or JSON key) it came from, as the input writes it.
    pub column: Arc<str>,
    /// The text, trimmed; never empty.
    pub text: String,
}

/// One record of the input, with its fields as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Where it is in the input.
    pub location: Location,
    /// Its values, in the order read; a multi-valued cell (`a; b`) gives one
    /// value per part.
    pub values: Vec<Value>,
}

/// A record ready to screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// Where it is in the input.
    pub location: Location,
    /// The caller's key for the record, if the input has one.
    pub key: Option<String>,
    /// The name screened (the first name of the query).
    pub name: String,
    /// The query.
    pub query: Query,
    /// Values left out because they could not be read (only when lenient).
    pub ignored: usize,
}

impl Record {
    /// An empty record at `location`.
    pub fn new(location: Location) -> Self {
        Self {
            location,
            values: Vec::new(),
        }
    }

    /// Adds the text of one cell of `field` from `column`: trimmed, split on
    /// `;` for multi-valued fields, empty parts left out.
    pub fn push_cell(&mut self, field: Field, column: &Arc<str>, text: &str) {
        if field.is_multi() {
            for part in text.split(';') {
                self.push_one(field, column, part);
            }
        } else {
            self.push_one(field, column, text);
        }
    }

    fn push_one(&mut self, field: Field, column: &Arc<str>, text: &str) {
        let text = text.trim();
        if !text.is_empty() {
            self.values.push(Value {
                field,
                column: Arc::clone(column),
                text: text.to_owned(),
            });
        }
    }

    /// The texts of one field.
    pub fn texts(&self, field: Field) -> impl Iterator<Item = &str> {
        self.values
            .iter()
            .filter(move |v| v.field == field)
            .map(|v| v.text.as_str())
    }

    /// Turns the record into a query. A date, country or schema that cannot
    /// be read is an error naming the field's column, unless `lenient`, when
    /// it is left out and counted. A record without a name (nor an alias) is
    /// an error, unless `lenient`, when it is skipped (`None`).
    pub fn prepare(&self, path: &str, lenient: bool) -> Result<Option<Prepared>, BatchError> {
        let error = |value: &Value, message: String| BatchError::Record {
            path: path.to_owned(),
            location: self.location,
            field: Some(field_label(value.field, &value.column)),
            message,
        };
        let mut query = Query::default();
        let mut key = None;
        let mut ignored = 0;
        for value in &self.values {
            let text = value.text.as_str();
            match value.field {
                Field::Key => key = Some(text.to_owned()),
                Field::Name => query.names.insert(0, text.to_owned()),
                Field::Alias => query.names.push(text.to_owned()),
                Field::Identifier => query.identifiers.push(text.to_owned()),
                Field::BirthDate => match FuzzyDate::parse(text) {
                    Ok(date) => query.birth_dates.push(date),
                    Err(_) if lenient => ignored += 1,
                    Err(e) => {
                        return Err(error(
                            value,
                            format!("cannot read {text:?} as a date ({e})"),
                        ));
                    }
                },
                Field::Country => match Country::resolve(text) {
                    Some(country) => {
                        if !query.countries.contains(&country) {
                            query.countries.push(country);
                        }
                    }
                    None if lenient => ignored += 1,
                    None => {
                        return Err(error(value, format!("{text:?} is not a known country")));
                    }
                },
                Field::Schema => match text.parse::<Schema>() {
                    Ok(schema) => query.schema = Some(schema),
                    Err(_) if lenient => ignored += 1,
                    Err(_) => {
                        return Err(error(
                            value,
                            format!(
                                "{text:?} is not a schema (person, organization, company, \
                                 legalentity, vessel, aircraft)"
                            ),
                        ));
                    }
                },
            }
        }
        let Some(name) = query.names.first().cloned() else {
            if lenient {
                return Ok(None);
            }
            return Err(BatchError::Record {
                path: path.to_owned(),
                location: self.location,
                field: Some(Field::Name.label().to_owned()),
                message: "the name is empty".to_owned(),
            });
        };
        Ok(Some(Prepared {
            location: self.location,
            key,
            name,
            query,
            ignored,
        }))
    }

    /// Feeds the record's content into a running fingerprint (see
    /// [`Fingerprint`]).
    pub fn fingerprint(&self, into: &mut Fingerprint) {
        into.add(&self.location.row.to_le_bytes());
        for value in &self.values {
            into.add(&[value.field as u8]);
            into.add(value.text.as_bytes());
            into.add(&[0xff]);
        }
    }
}

/// `dob` or `dob (column "Date of Birth")`.
fn field_label(field: Field, column: &str) -> String {
    if column == field.label() {
        column.to_owned()
    } else {
        format!("{field} (column {column:?})")
    }
}

/// A running FNV-1a hash of the records already written, stored in the
/// checkpoint so a resumed run can tell that the input's finished rows are
/// unchanged. FNV is stable across Rust versions and platforms, unlike the
/// standard library's hasher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint(pub u64);

impl Default for Fingerprint {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fingerprint {
    /// Adds bytes.
    pub fn add(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// As 16 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(cells: &[(Field, &str, &str)]) -> Record {
        let mut record = Record::new(Location {
            row: 7,
            line: Some(8),
        });
        for (field, column, text) in cells {
            record.push_cell(*field, &Arc::from(*column), text);
        }
        record
    }

    #[test]
    fn a_record_becomes_a_query_with_aliases_dates_countries_and_ids() {
        let record = record(&[
            (Field::Key, "customer_id", "C-1"),
            (Field::Alias, "alias", "Hailun Zhu; ; 朱海仑"),
            (Field::Name, "name", "  ZHU, Hailun "),
            (Field::BirthDate, "dob", "1958-01; circa 1959"),
            (Field::Country, "nationality", "China; CN"),
            (Field::Identifier, "id", "X123"),
            (Field::Schema, "type", "individual"),
        ]);
        let prepared = record
            .prepare("in.csv", false)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("skipped"));
        assert_eq!(prepared.key.as_deref(), Some("C-1"));
        assert_eq!(prepared.name, "ZHU, Hailun");
        assert_eq!(
            prepared.query.names,
            vec!["ZHU, Hailun", "Hailun Zhu", "朱海仑"]
        );
        assert_eq!(prepared.query.birth_dates.len(), 2);
        assert_eq!(prepared.query.countries.len(), 1);
        assert_eq!(prepared.query.identifiers, vec!["X123"]);
        assert_eq!(prepared.query.schema, Some(Schema::Person));
    }

    #[test]
    fn unreadable_values_are_errors_naming_the_column_unless_lenient() {
        let bad = record(&[
            (Field::Name, "name", "Ann Smith"),
            (Field::BirthDate, "Date of Birth", "31/31/1990"),
        ]);
        let error = bad
            .prepare("in.csv", false)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.starts_with(
                "in.csv: row 7 (line 8), field dob (column \"Date of Birth\"): \
                 cannot read \"31/31/1990\""
            ),
            "{error}"
        );
        let lenient = bad
            .prepare("in.csv", true)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("skipped"));
        assert_eq!(lenient.ignored, 1);
        assert!(lenient.query.birth_dates.is_empty());

        let country = record(&[
            (Field::Name, "name", "Ann Smith"),
            (Field::Country, "country", "Atlantis"),
        ]);
        let error = country
            .prepare("in.csv", false)
            .err()
            .map(|e| e.to_string());
        assert!(
            error
                .unwrap_or_default()
                .ends_with("field country: \"Atlantis\" is not a known country")
        );
    }

    #[test]
    fn a_record_without_a_name_is_an_error_or_skipped() {
        let empty = record(&[
            (Field::Name, "name", "  "),
            (Field::Country, "country", "FR"),
        ]);
        let error = empty
            .prepare("in.jsonl", false)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("in.jsonl: row 7 (line 8), field name: the name is empty")
        );
        assert_eq!(empty.prepare("in.jsonl", true).ok(), Some(None));
    }

    #[test]
    fn the_fingerprint_changes_with_any_value() {
        let fingerprint = |record: &Record| {
            let mut f = Fingerprint::default();
            record.fingerprint(&mut f);
            f
        };
        let a = record(&[(Field::Name, "name", "Ann Smith")]);
        let b = record(&[(Field::Name, "name", "Ann Smyth")]);
        let c = record(&[(Field::Alias, "alias", "Ann Smith")]);
        assert_ne!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(&a), fingerprint(&c));
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
        assert_eq!(fingerprint(&a).hex().len(), 16);
    }
}
