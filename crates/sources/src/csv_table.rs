//! Reading CSV tables: columns found by header name, rows with their line
//! numbers, and errors that name the file, line and column.
//!
//! Most lists published as CSV are a header row naming the columns, then one
//! record a line. A parser declares the columns it reads ([`Column`]: a
//! header, the other headers it goes by, and whether the file is unreadable
//! without it); [`Table`] reads
//! the header, finds each declared column whatever the order of the columns,
//! their case and the spaces around them (`line 1: missing column "Name"`
//! when a required one is absent), and then gives each record as a [`Row`],
//! whose values are read by column name (`row.get("Name")`), trimmed, with
//! the row's line for errors. Records the CSV reader cannot read (a stray
//! quote, a wrong number of fields, invalid UTF-8) are errors naming their
//! line ([`unreadable`]).
//!
//! The same header lookup ([`Columns`]) and rows serve spreadsheets and files
//! whose header is not their first line (OFSI's `ConList.csv` starts with a
//! `Last Updated` line), which read their rows themselves;
//! [`for_each_record`] reads such a CSV file, UTF-8 or, as older files are,
//! Windows-1252.

use std::borrow::Cow;
use std::io::Read;

use csv::StringRecord;

use crate::{Location, SourceError};

/// A column a parser reads, by the header that names it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// The header, which is also the name the column is read by.
    name: &'static str,
    /// Other headers for the same column (older layouts of the list), tried
    /// in order after `name`.
    aliases: &'static [&'static str],
    /// Whether a file without the column is refused.
    required: bool,
}

impl Column {
    /// A column the file must have.
    pub(crate) const fn required(name: &'static str) -> Self {
        Self {
            name,
            aliases: &[],
            required: true,
        }
    }

    /// A column the file may lack; its values are then all blank.
    pub(crate) const fn optional(name: &'static str) -> Self {
        Self {
            name,
            aliases: &[],
            required: false,
        }
    }

    /// The same column, also found under `aliases` (the 2016 OFSI file's `NI
    /// Number` for `National Identification Details`). It is still read by
    /// its first name.
    pub(crate) const fn or(self, aliases: &'static [&'static str]) -> Self {
        Self { aliases, ..self }
    }
}

/// How a header is compared with the names of the declared columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderMatch {
    /// Equal but for ASCII case, the spaces around it and a byte-order mark
    /// (`Start date` is `START DATE `): what most lists need.
    IgnoreCase,
    /// Equal in their letters and digits, lower case (`Group ID`, `GroupID`
    /// and `group id` are one column): for lists whose headers' spacing and
    /// punctuation changed between editions (OFSI, DFAT).
    LettersAndDigits,
}

impl HeaderMatch {
    /// The form of a header, or a column name, that this compares.
    fn key(self, header: &str) -> String {
        match self {
            HeaderMatch::IgnoreCase => header
                .trim_start_matches('\u{feff}')
                .trim()
                .to_ascii_lowercase(),
            HeaderMatch::LettersAndDigits => header
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect(),
        }
    }
}

/// Where each declared column is in a header row.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    /// Each declared column's name, and its position when the header has it.
    found: Vec<(&'static str, Option<usize>)>,
}

impl Columns {
    /// Finds the `declared` columns in `header`. The error is the name of
    /// the first required column the header lacks.
    pub(crate) fn find<S: AsRef<str>>(
        header: &[S],
        declared: &[Column],
        matching: HeaderMatch,
    ) -> Result<Self, &'static str> {
        let keys: Vec<String> = header.iter().map(|h| matching.key(h.as_ref())).collect();
        let mut found = Vec::with_capacity(declared.len());
        for column in declared {
            let position = std::iter::once(&column.name)
                .chain(column.aliases)
                .find_map(|name| {
                    let wanted = matching.key(name);
                    keys.iter().position(|key| *key == wanted)
                });
            if column.required && position.is_none() {
                return Err(column.name);
            }
            found.push((column.name, position));
        }
        Ok(Self { found })
    }

    /// The position of the column declared as `name`; none when the header
    /// lacks it.
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        let found = self.found.iter().find(|(declared, _)| *declared == name);
        // Reading a column that was never declared is a mistake in the
        // parser, not in the file: the tests catch it, and a release build
        // reads the column as absent.
        debug_assert!(found.is_some(), "column {name:?} was not declared");
        found.and_then(|&(_, position)| position)
    }
}

/// The cells of a row, by position from 0.
pub(crate) trait Cells {
    /// The text of the cell at `index`, as read; none past the last cell.
    fn cell(&self, index: usize) -> Option<&str>;

    /// The number of cells.
    fn count(&self) -> usize;
}

impl Cells for StringRecord {
    fn cell(&self, index: usize) -> Option<&str> {
        self.get(index)
    }

    fn count(&self) -> usize {
        self.len()
    }
}

impl<S: AsRef<str>> Cells for [S] {
    fn cell(&self, index: usize) -> Option<&str> {
        self.get(index).map(AsRef::as_ref)
    }

    fn count(&self) -> usize {
        self.len()
    }
}

/// One row of a table, read through its columns.
pub(crate) struct Row<'a, C: Cells + ?Sized> {
    cells: &'a C,
    columns: &'a Columns,
    line: u64,
    label: &'a str,
}

impl<C: Cells + ?Sized> Clone for Row<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: Cells + ?Sized> Copy for Row<'_, C> {}

impl<'a, C: Cells + ?Sized> Row<'a, C> {
    /// The row of `cells` at `line` of the file called `label`.
    pub(crate) fn new(cells: &'a C, columns: &'a Columns, line: u64, label: &'a str) -> Self {
        Self {
            cells,
            columns,
            line,
            label,
        }
    }

    /// The trimmed value of the column declared as `name`; none when blank,
    /// or when the file has no such column.
    pub(crate) fn get(&self, name: &str) -> Option<&'a str> {
        self.columns.position(name).and_then(|index| self.at(index))
    }

    /// The trimmed value of the cell at `index`, whatever its column; none
    /// when blank or absent.
    pub(crate) fn at(&self, index: usize) -> Option<&'a str> {
        let cells: &'a C = self.cells;
        cells
            .cell(index)
            .map(str::trim)
            .filter(|value| !value.is_empty())
    }

    /// Whether every cell is blank: a spacer line, which lists that allow
    /// them skip.
    pub(crate) fn is_blank(&self) -> bool {
        (0..self.cells.count()).all(|index| self.at(index).is_none())
    }

    /// The row's line in the file (its row number in a spreadsheet).
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// An error about this row: `{label}: line {line}: {message}`.
    pub(crate) fn error(&self, message: impl Into<String>) -> SourceError {
        SourceError::new(self.label, Location::Line(self.line), message)
    }
}

/// A CSV file with a header row, read one record at a time.
pub(crate) struct Table<'l, R> {
    reader: csv::Reader<R>,
    label: &'l str,
    header: Vec<String>,
    columns: Columns,
    record: StringRecord,
}

impl<'l, R: Read> Table<'l, R> {
    /// Reads the header row of `reader` (built with the format's delimiter,
    /// reading headers) and finds the `declared` columns in it, ignoring
    /// case. A missing required column is an error at line 1, `missing
    /// column "Name"`; `label` names the file in errors.
    pub(crate) fn new(
        reader: csv::Reader<R>,
        label: &'l str,
        declared: &[Column],
    ) -> Result<Self, SourceError> {
        Self::open(reader, label, declared, "")
    }

    /// Like [`Table::new`], but a missing required column also says what
    /// the file is then not: `missing column "schema": not an OpenSanctions
    /// targets.simple.csv` for the `format` `an OpenSanctions
    /// targets.simple.csv`.
    pub(crate) fn new_for_format(
        reader: csv::Reader<R>,
        label: &'l str,
        declared: &[Column],
        format: &str,
    ) -> Result<Self, SourceError> {
        Self::open(reader, label, declared, &format!(": not {format}"))
    }

    fn open(
        mut reader: csv::Reader<R>,
        label: &'l str,
        declared: &[Column],
        missing_suffix: &str,
    ) -> Result<Self, SourceError> {
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| unreadable(label, &e))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
            .collect();
        let columns =
            Columns::find(&header, declared, HeaderMatch::IgnoreCase).map_err(|column| {
                SourceError::new(
                    label,
                    Location::Line(1),
                    format!("missing column {column:?}{missing_suffix}"),
                )
            })?;
        Ok(Self {
            reader,
            label,
            header,
            columns,
            record: StringRecord::new(),
        })
    }

    /// The header row's cells, trimmed, without a byte-order mark.
    pub(crate) fn header(&self) -> &[String] {
        &self.header
    }

    /// An error about the header row: `{label}: line 1: {message}`.
    pub(crate) fn header_error(&self, message: impl Into<String>) -> SourceError {
        SourceError::new(self.label, Location::Line(1), message)
    }

    /// The next record; none at the end of the file. A record the CSV
    /// reader cannot read is an error naming its line.
    pub(crate) fn next_row(&mut self) -> Result<Option<Row<'_, StringRecord>>, SourceError> {
        let more = self
            .reader
            .read_record(&mut self.record)
            .map_err(|e| unreadable(self.label, &e))?;
        if !more {
            return Ok(None);
        }
        let line = self.record.position().map_or(0, csv::Position::line);
        Ok(Some(Row::new(
            &self.record,
            &self.columns,
            line,
            self.label,
        )))
    }
}

/// The error for what the CSV reader could not read (`unreadable CSV: …`),
/// at its line when it knows it.
pub(crate) fn unreadable(label: &str, error: &csv::Error) -> SourceError {
    let location = error
        .position()
        .map_or(Location::File, |p| Location::Line(p.line()));
    SourceError::new(label, location, format!("unreadable CSV: {error}"))
}

/// Reads every record of a CSV file that has no header row of its own, or
/// not as its first line, calling `each` with the record's line and its
/// fields as text ([`decode`]). Records may have any number of fields.
/// Fails with the first record the CSV reader cannot read, and with the
/// first error `each` returns.
pub(crate) fn for_each_record(
    input: impl Read,
    label: &str,
    mut each: impl FnMut(u64, &[Cow<str>]) -> Result<(), SourceError>,
) -> Result<(), SourceError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    for record in reader.byte_records() {
        let record = record.map_err(|e| unreadable(label, &e))?;
        let line = record.position().map_or(0, csv::Position::line);
        let cells: Vec<Cow<str>> = record.iter().map(decode).collect();
        each(line, &cells)?;
    }
    Ok(())
}

/// A CSV field as text: UTF-8 when it is valid UTF-8 (a byte-order mark
/// removed), else Windows-1252, the encoding of older files of lists that
/// were first published from Excel.
pub(crate) fn decode(field: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(field) {
        Ok(text) => Cow::Borrowed(text.trim_start_matches('\u{feff}')),
        Err(_) => Cow::Owned(field.iter().map(|&b| windows_1252(b)).collect()),
    }
}

/// The character a Windows-1252 byte stands for. The five bytes the code
/// page leaves undefined are read as the C1 controls of the same value, as
/// browsers do.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH
            .get(usize::from(byte - 0x80))
            .copied()
            .unwrap_or(char::REPLACEMENT_CHARACTER),
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [Column; 3] = [
        Column::required("Name"),
        Column::optional("Start date").or(&["Listed on"]),
        Column::optional("Note"),
    ];

    fn open(text: &str) -> Result<Table<'static, &[u8]>, SourceError> {
        let reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        Table::new(reader, "t.csv", &COLUMNS)
    }

    #[test]
    fn finds_columns_by_header_in_any_order_and_case() {
        let mut table = open("\u{feff} start DATE ,Extra,NAME\n 2021 ,x, A \n,,\n").unwrap();
        assert_eq!(table.header(), ["start DATE", "Extra", "NAME"]);
        let row = table.next_row().unwrap().unwrap();
        assert_eq!(row.get("Name"), Some("A"));
        assert_eq!(row.get("Start date"), Some("2021"));
        assert_eq!(row.get("Note"), None, "an absent column is blank");
        assert_eq!(row.line(), 2);
        assert!(!row.is_blank());
        let row = table.next_row().unwrap().unwrap();
        assert!(row.is_blank());
        assert_eq!(row.get("Name"), None);
        assert_eq!(row.error("no Name").to_string(), "t.csv: line 3: no Name");
        assert!(table.next_row().unwrap().is_none());

        let mut table = open("name,LISTED ON\nA,2020\n").unwrap();
        let row = table.next_row().unwrap().unwrap();
        assert_eq!(row.get("Start date"), Some("2020"), "found by its alias");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let Err(error) = open("Note,Start date\nx,y\n") else {
            panic!("accepted a file without its Name column");
        };
        assert_eq!(error.to_string(), "t.csv: line 1: missing column \"Name\"");

        let reader = csv::ReaderBuilder::new().from_reader(&b"id\n1\n"[..]);
        let Err(error) = Table::new_for_format(reader, "s.csv", &COLUMNS, "a list") else {
            panic!("accepted a file without its Name column");
        };
        assert_eq!(
            error.to_string(),
            "s.csv: line 1: missing column \"Name\": not a list"
        );

        let mut table = open("Name,Note\nA,1\nB\n").unwrap();
        assert!(table.next_row().unwrap().is_some());
        let Err(error) = table.next_row() else {
            panic!("accepted a short record");
        };
        assert!(
            error
                .to_string()
                .starts_with("t.csv: line 3: unreadable CSV"),
            "{error}"
        );

        let reader = csv::ReaderBuilder::new().from_reader(&b"Name\n\xff\n"[..]);
        let mut table = Table::new(reader, "u.csv", &COLUMNS).unwrap();
        let Err(error) = table.next_row() else {
            panic!("accepted invalid UTF-8");
        };
        assert!(
            error
                .to_string()
                .starts_with("u.csv: line 2: unreadable CSV"),
            "{error}"
        );
    }

    #[test]
    fn headers_may_be_matched_by_letters_and_digits() {
        let header = ["Group ID", "name  6", "DOB"];
        let declared = [
            Column::required("GroupID"),
            Column::required("Name 6"),
            Column::optional("Date of Birth").or(&["DOB"]),
        ];
        let columns = Columns::find(&header, &declared, HeaderMatch::LettersAndDigits).unwrap();
        assert_eq!(columns.position("GroupID"), Some(0));
        assert_eq!(columns.position("Name 6"), Some(1));
        assert_eq!(columns.position("Date of Birth"), Some(2));
        assert_eq!(
            Columns::find(&header, &declared, HeaderMatch::IgnoreCase).err(),
            Some("GroupID")
        );
        let cells = ["12", " ", "1960"];
        let row = Row::new(&cells[..], &columns, 5, "x.xlsx");
        assert_eq!(row.get("GroupID"), Some("12"));
        assert_eq!(row.get("Name 6"), None);
    }

    #[test]
    fn records_without_a_header_in_any_encoding() {
        let mut rows = Vec::new();
        for_each_record(
            &b"Last Updated,01/01/2020\n\xef\xbb\xbfName,caf\xe9 \x93x\x94\n"[..],
            "c.csv",
            |line, cells| {
                rows.push((
                    line,
                    cells.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                ));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(
            rows,
            [
                (1, vec!["Last Updated".to_owned(), "01/01/2020".to_owned()]),
                (2, vec!["Name".to_owned(), "café “x”".to_owned()]),
            ]
        );
    }

    #[test]
    fn windows_1252_bytes() {
        assert_eq!(decode(b"caf\xe9 \x93x\x94"), "café “x”");
        assert_eq!(decode("\u{feff}Name 6".as_bytes()), "Name 6");
        assert_eq!(windows_1252(0x81), '\u{81}');
    }
}
