//! Which input column (or JSON key) holds which field.
//!
//! A column is recognised by its header, compared without case, spaces,
//! hyphens or underscores (`Date of Birth`, `date_of_birth` and `DOB`
//! variants all work), against each field's aliases in order of preference;
//! `--name-column` and its siblings name a column outright. Only the name is
//! required.

use std::fmt;

/// A field of a record to screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The caller's own key for the record (echoed in the output, not
    /// screened): `key`, `record_id`, `customer_id`, ...
    Key,
    /// The name to screen: `name`, `full_name`, ...
    Name,
    /// Other names of the same subject, `;`-separated.
    Alias,
    /// Date of birth or incorporation, in any form lists use;
    /// `;`-separated when several.
    BirthDate,
    /// Nationality or country, as an ISO code or a name; `;`-separated.
    Country,
    /// An identifier number (passport, national ID, IMO, registration), as
    /// `interdict screen --id` takes; `;`-separated.
    Identifier,
    /// What the subject is: person, organization, company, vessel, aircraft.
    Schema,
}

impl Field {
    /// Every field, in output order.
    pub const ALL: [Field; 7] = [
        Field::Key,
        Field::Name,
        Field::Alias,
        Field::BirthDate,
        Field::Country,
        Field::Identifier,
        Field::Schema,
    ];

    /// The field's short name, as the `--*-column` options and errors say
    /// it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Key => "key",
            Field::Name => "name",
            Field::Alias => "alias",
            Field::BirthDate => "dob",
            Field::Country => "country",
            Field::Identifier => "id",
            Field::Schema => "schema",
        }
    }

    /// Headers recognised as this field, most preferred first, in the
    /// compact form [`compact`] makes.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Key => &[
                "key",
                "recordid",
                "rowid",
                "customerid",
                "clientid",
                "uid",
                "ref",
                "reference",
            ],
            Field::Name => &[
                "name",
                "fullname",
                "customername",
                "entityname",
                "subject",
                "caption",
            ],
            Field::Alias => &["alias", "aliases", "othernames", "aka"],
            Field::BirthDate => &[
                "dob",
                "birthdate",
                "dateofbirth",
                "born",
                "incorporationdate",
            ],
            Field::Country => &["country", "nationality", "countries", "citizenship"],
            Field::Identifier => &[
                "id",
                "idnumber",
                "identifier",
                "passport",
                "passportnumber",
                "nationalid",
                "registrationnumber",
                "imo",
            ],
            Field::Schema => &["schema", "type", "entitytype", "kind"],
        }
    }

    /// Whether a cell may hold several values separated by `;`.
    pub fn is_multi(self) -> bool {
        matches!(
            self,
            Field::Alias | Field::BirthDate | Field::Country | Field::Identifier
        )
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A header in compact form: lower case, without spaces, `_`, `-` or `.`.
pub fn compact(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The columns the caller named for some fields; the others are recognised
/// by header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    named: Vec<(Field, String)>,
}

/// Which column holds each field, resolved against one header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// For each field of [`Field::ALL`] that the input has: the field, the
    /// column's position and its header as written.
    pub columns: Vec<(Field, usize, String)>,
}

impl ColumnMap {
    /// Reads `field` from the column headed `column` (compared exactly,
    /// then without case and punctuation).
    pub fn with(mut self, field: Field, column: &str) -> Self {
        self.named.retain(|(f, _)| *f != field);
        self.named.push((field, column.to_owned()));
        self
    }

    /// The column the caller named for `field`, if any.
    pub fn named(&self, field: Field) -> Option<&str> {
        self.named
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| c.as_str())
    }

    /// A one-line description, for the checkpoint: the named columns.
    pub fn describe(&self) -> String {
        let mut named: Vec<String> = self
            .named
            .iter()
            .map(|(field, column)| format!("{field}={column}"))
            .collect();
        named.sort();
        named.join(",")
    }

    /// Finds each field's column in `header`. A named column that is not
    /// there, or no name column at all, is an error (the message lists the
    /// header).
    pub fn resolve(&self, header: &[String]) -> Result<Resolved, String> {
        let compact_header: Vec<String> = header.iter().map(|h| compact(h)).collect();
        let mut columns = Vec::new();
        for field in Field::ALL {
            let position = match self.named(field) {
                Some(name) => {
                    let found = header
                        .iter()
                        .position(|h| h.trim() == name)
                        .or_else(|| compact_header.iter().position(|h| *h == compact(name)));
                    match found {
                        Some(position) => Some(position),
                        None => {
                            return Err(format!(
                                "no column {name:?} for the {field} (the header has {})",
                                list(header)
                            ));
                        }
                    }
                }
                None => field.aliases().iter().find_map(|alias| {
                    compact_header
                        .iter()
                        .position(|h| h == alias)
                        .filter(|p| !self.is_named_elsewhere(&header[*p]))
                }),
            };
            if let Some(position) = position {
                if let Some((other, _, _)) = columns.iter().find(|(_, p, _)| *p == position) {
                    return Err(format!(
                        "column {:?} is both the {other} and the {field}",
                        header[position]
                    ));
                }
                let name = header[position].trim().trim_start_matches('\u{feff}');
                columns.push((field, position, name.to_owned()));
            }
        }
        if !columns.iter().any(|(f, _, _)| *f == Field::Name) {
            return Err(format!(
                "no name column (looked for {}; name one with --name-column); the header has {}",
                Field::Name.aliases().join(", "),
                list(header)
            ));
        }
        Ok(Resolved { columns })
    }

    /// Whether a header is a column the caller named for some field.
    fn is_named_elsewhere(&self, header: &str) -> bool {
        self.named
            .iter()
            .any(|(_, name)| header.trim() == name || compact(header) == compact(name))
    }
}

/// `"a", "b", "c"`.
fn list(header: &[String]) -> String {
    if header.is_empty() {
        return "no columns".to_owned();
    }
    header
        .iter()
        .map(|h| format!("{h:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(columns: &[&str]) -> Vec<String> {
        columns.iter().map(|c| (*c).to_owned()).collect()
    }

    fn fields(resolved: &Resolved) -> Vec<(Field, usize)> {
        resolved.columns.iter().map(|(f, p, _)| (*f, *p)).collect()
    }

    #[test]
    fn headers_are_recognised_without_case_or_punctuation() {
        let map = ColumnMap::default();
        let resolved = map
            .resolve(&header(&[
                "Customer ID",
                "Full Name",
                "Date-of-Birth",
                "NATIONALITY",
                "passport_number",
                "Type",
                "notes",
            ]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            fields(&resolved),
            vec![
                (Field::Key, 0),
                (Field::Name, 1),
                (Field::BirthDate, 2),
                (Field::Country, 3),
                (Field::Identifier, 4),
                (Field::Schema, 5),
            ]
        );
    }

    #[test]
    fn the_preferred_alias_wins_over_header_order() {
        let resolved = ColumnMap::default()
            .resolve(&header(&["full_name", "name", "nationality", "country"]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            fields(&resolved),
            vec![(Field::Name, 1), (Field::Country, 3)]
        );
    }

    #[test]
    fn named_columns_override_and_are_not_taken_by_other_fields() {
        let map = ColumnMap::default()
            .with(Field::Name, "subject_name")
            .with(Field::Key, "id");
        let resolved = map
            .resolve(&header(&["id", "subject_name", "name", "born"]))
            .unwrap_or_else(|e| panic!("{e}"));
        // `id` is the key here, so it is not read as an identifier number.
        assert_eq!(
            fields(&resolved),
            vec![(Field::Key, 0), (Field::Name, 1), (Field::BirthDate, 3)]
        );
    }

    #[test]
    fn a_missing_name_or_named_column_is_an_error_listing_the_header() {
        let error = ColumnMap::default()
            .resolve(&header(&["first", "last"]))
            .err()
            .unwrap_or_default();
        assert!(error.contains("no name column"), "{error}");
        assert!(error.contains("\"first\", \"last\""), "{error}");
        let error = ColumnMap::default()
            .with(Field::BirthDate, "geboren")
            .resolve(&header(&["name"]))
            .err()
            .unwrap_or_default();
        assert!(
            error.contains("no column \"geboren\" for the dob"),
            "{error}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_header() {
        let resolved = ColumnMap::default()
            .resolve(&header(&["\u{feff}Name", "dob"]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(resolved.columns[0], (Field::Name, 0, "Name".to_owned()));
    }

    #[test]
    fn one_column_cannot_be_two_fields() {
        let error = ColumnMap::default()
            .with(Field::Name, "x")
            .with(Field::Alias, "x")
            .resolve(&header(&["x"]))
            .err()
            .unwrap_or_default();
        assert!(error.contains("both the name and the alias"), "{error}");
    }
}
