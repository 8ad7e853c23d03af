//! Reading the records to screen: CSV, JSON Lines and Parquet.
//!
//! Every reader yields [`Record`]s in input order, numbered from 1, and stops
//! at the first record it cannot read with an error naming the file, the row
//! (and line) and, where one is at fault, the field. CSV and JSON Lines may
//! be gzip-compressed (recognised from the content).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;

use interdict_model::Day;
use parquet::basic::{ConvertedType, LogicalType, Type as PhysicalType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::reader::RowIter;
use parquet::record::{Field as Cell, Row};
use parquet::schema::types::Type;

use crate::columns::{ColumnMap, Field, compact};
use crate::record::Record;
use crate::{BatchError, Location};

/// An input file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Comma-separated values with a header row (`.csv`, `.csv.gz`; `.tsv`
    /// is read with tabs).
    Csv,
    /// One JSON object per line (`.jsonl`, `.ndjson`, `.json`, and `.gz` of
    /// them).
    Jsonl,
    /// Apache Parquet (`.parquet`, `.pq`).
    Parquet,
}

impl InputFormat {
    /// The format a file name implies, if it implies one.
    pub fn from_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let extension = name.rsplit_once('.')?.1;
        Some(match extension {
            "csv" | "tsv" | "txt" => Self::Csv,
            "jsonl" | "ndjson" | "json" => Self::Jsonl,
            "parquet" | "pq" => Self::Parquet,
            _ => return None,
        })
    }

    /// The format's id: `csv`, `jsonl`, `parquet`.
    pub fn id(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
            Self::Parquet => "parquet",
        }
    }
}

/// Records read one after another.
pub type Records = Box<dyn Iterator<Item = Result<Record, BatchError>> + Send>;

/// Opens `path` as `format`, resolving the columns against its header (or
/// Parquet schema). JSON keys are resolved line by line.
pub fn open(path: &Path, format: InputFormat, columns: &ColumnMap) -> Result<Records, BatchError> {
    match format {
        InputFormat::Csv => CsvRecords::open(path, columns).map(|r| Box::new(r) as Records),
        InputFormat::Jsonl => JsonRecords::open(path, columns).map(|r| Box::new(r) as Records),
        InputFormat::Parquet => ParquetRecords::open(path, columns).map(|r| Box::new(r) as Records),
    }
}

/// How many records `path` holds (data rows, without the header), for a
/// progress bar. Parquet says so in its footer; text formats are read
/// through once, which costs far less than screening them.
pub fn count(path: &Path, format: InputFormat) -> Result<u64, BatchError> {
    match format {
        InputFormat::Csv => {
            let mut reader = csv_reader(path)?;
            let mut record = csv::ByteRecord::new();
            let mut rows = 0;
            while reader
                .read_byte_record(&mut record)
                .map_err(|e| BatchError::io(path, "cannot read", e))?
            {
                rows += 1;
            }
            Ok(rows)
        }
        InputFormat::Jsonl => {
            let mut reader = open_text(path)?;
            let mut line = Vec::new();
            let mut rows = 0;
            loop {
                line.clear();
                let read = reader
                    .read_until(b'\n', &mut line)
                    .map_err(|e| BatchError::io(path, "cannot read", e))?;
                if read == 0 {
                    return Ok(rows);
                }
                if !line.trim_ascii().is_empty() {
                    rows += 1;
                }
            }
        }
        InputFormat::Parquet => {
            let reader = parquet_reader(path)?;
            Ok(reader.metadata().file_metadata().num_rows().max(0) as u64)
        }
    }
}

/// Opens a text file, undoing gzip when its content is gzip.
fn open_text(path: &Path) -> Result<Box<dyn BufRead + Send>, BatchError> {
    let file = File::open(path).map_err(|e| BatchError::io(path, "cannot open", e))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let head = reader
        .fill_buf()
        .map_err(|e| BatchError::io(path, "cannot read", e))?;
    Ok(if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::read::MultiGzDecoder::new(reader),
        ))
    } else {
        Box::new(reader)
    })
}

fn csv_reader(path: &Path) -> Result<csv::Reader<Box<dyn BufRead + Send>>, BatchError> {
    let name = path.to_string_lossy().to_lowercase();
    let delimiter = if name.ends_with(".tsv") || name.ends_with(".tsv.gz") {
        b'\t'
    } else {
        b','
    };
    Ok(csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .from_reader(open_text(path)?))
}

/// CSV records.
struct CsvRecords {
    path: String,
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    columns: Vec<(Field, usize, Arc<str>)>,
    record: csv::StringRecord,
    row: u64,
    done: bool,
}

impl CsvRecords {
    fn open(path: &Path, columns: &ColumnMap) -> Result<Self, BatchError> {
        let label = path.display().to_string();
        let mut reader = csv_reader(path)?;
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| BatchError::Header {
                path: label.clone(),
                message: format!("cannot read the header: {e}"),
            })?
            .iter()
            .map(str::to_owned)
            .collect();
        let resolved = columns
            .resolve(&header)
            .map_err(|message| BatchError::Header {
                path: label.clone(),
                message,
            })?;
        Ok(Self {
            path: label,
            reader,
            columns: resolved
                .columns
                .into_iter()
                .map(|(field, position, name)| (field, position, Arc::from(name)))
                .collect(),
            record: csv::StringRecord::new(),
            row: 0,
            done: false,
        })
    }
}

impl Iterator for CsvRecords {
    type Item = Result<Record, BatchError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.reader.read_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                self.row += 1;
                let location = Location {
                    row: self.row,
                    line: self.record.position().map(|p| p.line()),
                };
                let mut record = Record::new(location);
                for (field, position, column) in &self.columns {
                    if let Some(text) = self.record.get(*position) {
                        record.push_cell(*field, column, text);
                    }
                }
                Some(Ok(record))
            }
            Err(error) => {
                self.done = true;
                let line = error.position().map(|p| p.line());
                let (field, message) = match error.kind() {
                    csv::ErrorKind::Utf8 { err, .. } => {
                        let field = self
                            .columns
                            .iter()
                            .find(|(_, position, _)| *position == err.field())
                            .map_or_else(
                                || format!("column {}", err.field() + 1),
                                |(field, _, column)| format!("{field} (column {column:?})"),
                            );
                        (Some(field), "is not valid UTF-8".to_owned())
                    }
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => (
                        None,
                        format!("has {len} fields where the header has {expected_len}"),
                    ),
                    _ => (None, error.to_string()),
                };
                Some(Err(BatchError::Record {
                    path: self.path.clone(),
                    location: Location {
                        row: self.row + 1,
                        line,
                    },
                    field,
                    message,
                }))
            }
        }
    }
}

/// JSON Lines records; blank lines are skipped.
struct JsonRecords {
    path: String,
    reader: Box<dyn BufRead + Send>,
    columns: ColumnMap,
    /// Resolved fields by key, as keys are met.
    keys: std::collections::HashMap<String, Option<(Field, usize, Arc<str>)>>,
    line: u64,
    row: u64,
    buffer: String,
    done: bool,
}

impl JsonRecords {
    fn open(path: &Path, columns: &ColumnMap) -> Result<Self, BatchError> {
        Ok(Self {
            path: path.display().to_string(),
            reader: open_text(path)?,
            columns: columns.clone(),
            keys: std::collections::HashMap::new(),
            line: 0,
            row: 0,
            buffer: String::new(),
            done: false,
        })
    }

    /// The field a key stands for, and the key's preference among the
    /// field's aliases (lower is better; a named key is 0).
    fn field_of(&mut self, key: &str) -> Option<(Field, usize, Arc<str>)> {
        if let Some(known) = self.keys.get(key) {
            return known.clone();
        }
        let compact_key = compact(key);
        let named = Field::ALL.iter().find_map(|&field| {
            let name = self.columns.named(field)?;
            (key == name || compact(name) == compact_key).then_some((field, 0))
        });
        let found = named.or_else(|| {
            Field::ALL
                .iter()
                .filter(|&&field| self.columns.named(field).is_none())
                .find_map(|&field| {
                    let preference = field.aliases().iter().position(|a| *a == compact_key)?;
                    Some((field, preference + 1))
                })
        });
        let found = found.map(|(field, preference)| (field, preference, Arc::from(key)));
        self.keys.insert(key.to_owned(), found.clone());
        found
    }

    fn error(&self, field: Option<String>, message: String) -> BatchError {
        BatchError::Record {
            path: self.path.clone(),
            location: Location {
                row: self.row,
                line: Some(self.line),
            },
            field,
            message,
        }
    }

    fn parse(&mut self) -> Result<Record, BatchError> {
        let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&self.buffer)
            .map_err(|e| self.error(None, format!("not a JSON object: {e}")))?;
        // The best key for each field.
        let mut chosen: Vec<(Field, usize, Arc<str>, &serde_json::Value)> = Vec::new();
        for (key, value) in &object {
            let Some((field, preference, column)) = self.field_of(key) else {
                continue;
            };
            match chosen.iter_mut().find(|(f, ..)| *f == field) {
                Some(slot) if slot.1 > preference => *slot = (field, preference, column, value),
                Some(_) => {}
                None => chosen.push((field, preference, column, value)),
            }
        }
        if !chosen.iter().any(|(f, ..)| *f == Field::Name)
            && self.columns.named(Field::Name).is_some()
        {
            let name = self.columns.named(Field::Name).unwrap_or_default();
            return Err(self.error(
                Some(Field::Name.label().to_owned()),
                format!("no key {name:?}"),
            ));
        }
        chosen.sort_by_key(|(field, ..)| *field);
        let mut record = Record::new(Location {
            row: self.row,
            line: Some(self.line),
        });
        for (field, _, column, value) in chosen {
            let mut texts = Vec::new();
            json_texts(value, &mut texts, true).map_err(|message| {
                self.error(Some(format!("{field} (key {column:?})")), message)
            })?;
            for text in texts {
                record.push_cell(field, &column, &text);
            }
        }
        Ok(record)
    }
}

/// The texts of a JSON value: a string, a number or a boolean, or (at the top
/// level) an array of them; null is nothing.
fn json_texts(value: &serde_json::Value, out: &mut Vec<String>, top: bool) -> Result<(), String> {
    use serde_json::Value;
    match value {
        Value::Null => Ok(()),
        Value::String(s) => {
            out.push(s.clone());
            Ok(())
        }
        Value::Number(n) => {
            out.push(n.to_string());
            Ok(())
        }
        Value::Bool(b) => {
            out.push(b.to_string());
            Ok(())
        }
        Value::Array(items) if top => items
            .iter()
            .try_for_each(|item| json_texts(item, out, false)),
        Value::Array(_) => {
            Err("expected a string or an array of strings, not nested arrays".into())
        }
        Value::Object(_) => Err("expected a string or an array of strings, not an object".into()),
    }
}

impl Iterator for JsonRecords {
    type Item = Result<Record, BatchError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buffer.clear();
            match self.reader.read_line(&mut self.buffer) {
                Ok(0) => {
                    self.done = true;
                }
                Ok(_) => {
                    self.line += 1;
                    if self.buffer.trim().is_empty() {
                        continue;
                    }
                    self.row += 1;
                    let result = self.parse();
                    self.done = result.is_err();
                    return Some(result);
                }
                Err(error) => {
                    self.done = true;
                    self.line += 1;
                    self.row += 1;
                    let message = if error.kind() == std::io::ErrorKind::InvalidData {
                        "is not valid UTF-8".to_owned()
                    } else {
                        format!("cannot read: {error}")
                    };
                    return Some(Err(self.error(None, message)));
                }
            }
        }
        None
    }
}

fn parquet_reader(path: &Path) -> Result<SerializedFileReader<File>, BatchError> {
    let file = File::open(path).map_err(|e| BatchError::io(path, "cannot open", e))?;
    SerializedFileReader::new(file).map_err(|e| BatchError::io(path, "not a Parquet file", e))
}

/// Parquet records, read row by row with parquet's record API (no Arrow,
/// which would double the crate's build time).
struct ParquetRecords {
    path: String,
    rows: RowIter<'static>,
    /// The projected columns, in file order, with their fields.
    columns: Vec<(Field, Arc<str>)>,
    row: u64,
    done: bool,
}

impl ParquetRecords {
    fn open(path: &Path, columns: &ColumnMap) -> Result<Self, BatchError> {
        let label = path.display().to_string();
        let reader = parquet_reader(path)?;
        let root = reader.metadata().file_metadata().schema().clone();
        let fields = root.get_fields();
        let header: Vec<String> = fields.iter().map(|f| f.name().to_owned()).collect();
        let resolved = columns
            .resolve(&header)
            .map_err(|message| BatchError::Header {
                path: label.clone(),
                message,
            })?;
        let mut chosen = resolved.columns.clone();
        chosen.sort_by_key(|(_, position, _)| *position);
        for (field, position, name) in &chosen {
            if let Err(kind) = readable(&fields[*position]) {
                return Err(BatchError::Header {
                    path: label,
                    message: format!(
                        "column {name:?} (the {field}) is {kind}, which is not text, \
                         a whole number, a date or a list of them"
                    ),
                });
            }
        }
        let projection = Type::group_type_builder(root.name())
            .with_fields(
                chosen
                    .iter()
                    .map(|(_, p, _)| Arc::clone(&fields[*p]))
                    .collect(),
            )
            .build()
            .map_err(|e| BatchError::io(path, "cannot read", e))?;
        let rows = reader
            .into_iter()
            .project(Some(projection))
            .map_err(|e| BatchError::io(path, "cannot read", e))?;
        Ok(Self {
            path: label,
            rows,
            columns: chosen
                .into_iter()
                .map(|(field, _, name)| (field, Arc::from(name)))
                .collect(),
            row: 0,
            done: false,
        })
    }

    fn error(&self, field: Option<String>, message: String) -> BatchError {
        BatchError::Record {
            path: self.path.clone(),
            location: Location {
                row: self.row,
                line: None,
            },
            field,
            message,
        }
    }

    fn record(&self, row: &Row) -> Result<Record, BatchError> {
        let mut record = Record::new(Location {
            row: self.row,
            line: None,
        });
        let mut texts = Vec::new();
        for (name, cell) in row.get_column_iter() {
            let Some((field, column)) = self.columns.iter().find(|(_, c)| **c == **name) else {
                continue;
            };
            texts.clear();
            cell_texts(cell, &mut texts, true).map_err(|message| {
                self.error(Some(format!("{field} (column {column:?})")), message)
            })?;
            for text in &texts {
                record.push_cell(*field, column, text);
            }
        }
        Ok(record)
    }
}

/// Whether cells of this column can be read as text: text, whole numbers,
/// dates, and lists of them. The error names what the column is.
fn readable(column: &Type) -> Result<(), String> {
    if column.is_primitive() {
        let physical = column.get_physical_type();
        let info = column.get_basic_info();
        let text = matches!(
            info.logical_type_ref(),
            Some(LogicalType::String | LogicalType::Enum | LogicalType::Json)
        ) || matches!(
            info.converted_type(),
            ConvertedType::UTF8 | ConvertedType::ENUM | ConvertedType::JSON
        );
        return match physical {
            PhysicalType::INT32 | PhysicalType::INT64 => Ok(()),
            PhysicalType::BYTE_ARRAY if text => Ok(()),
            other if physical == PhysicalType::BYTE_ARRAY => Err(format!("{other} (bytes)")),
            other => Err(other.to_string()),
        };
    }
    // A list: LIST group > repeated group > element (or the legacy forms).
    let is_list = matches!(
        column.get_basic_info().logical_type_ref(),
        Some(LogicalType::List)
    ) || column.get_basic_info().converted_type() == ConvertedType::LIST;
    if !is_list {
        return Err("a group".to_owned());
    }
    let mut element = column;
    while element.is_group() {
        match element.get_fields() {
            [only] => element = only,
            _ => return Err("a group".to_owned()),
        }
    }
    readable(element).map_err(|kind| format!("a list of {kind}"))
}

/// The texts of one cell; a list cell gives each of its items.
fn cell_texts(cell: &Cell, out: &mut Vec<String>, top: bool) -> Result<(), String> {
    match cell {
        Cell::Null => {}
        Cell::Str(s) => out.push(s.clone()),
        Cell::Bytes(bytes) => match bytes.as_utf8() {
            Ok(s) => out.push(s.to_owned()),
            Err(_) => return Err("is not valid UTF-8".to_owned()),
        },
        Cell::Byte(n) => out.push(n.to_string()),
        Cell::Short(n) => out.push(n.to_string()),
        Cell::Int(n) => out.push(n.to_string()),
        Cell::Long(n) => out.push(n.to_string()),
        Cell::UByte(n) => out.push(n.to_string()),
        Cell::UShort(n) => out.push(n.to_string()),
        Cell::UInt(n) => out.push(n.to_string()),
        Cell::ULong(n) => out.push(n.to_string()),
        Cell::Date(days) => out.push(iso_date(i64::from(*days))?),
        Cell::ListInternal(list) if top => {
            for item in list.elements() {
                cell_texts(item, out, false)?;
            }
        }
        other => return Err(format!("cannot read {other} as text")),
    }
    Ok(())
}

/// `YYYY-MM-DD` for a count of days since 1970-01-01.
fn iso_date(days: i64) -> Result<String, String> {
    Day::from_unix_days(days)
        .map(|day| day.to_string())
        .ok_or_else(|| format!("date {days} days from 1970-01-01 is out of range"))
}

impl Iterator for ParquetRecords {
    type Item = Result<Record, BatchError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.row += 1;
        let result = match self.rows.next()? {
            Ok(row) => self.record(&row),
            Err(error) => Err(self.error(None, format!("cannot read: {error}"))),
        };
        self.done = result.is_err();
        Some(result)
    }
}

/// Reads a whole file into memory; for small inputs and tests.
pub fn read_all(
    path: &Path,
    format: InputFormat,
    columns: &ColumnMap,
) -> Result<Vec<Record>, BatchError> {
    open(path, format, columns)?.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_extension() {
        let format = |name: &str| InputFormat::from_path(Path::new(name));
        assert_eq!(format("a/people.CSV"), Some(InputFormat::Csv));
        assert_eq!(format("people.csv.gz"), Some(InputFormat::Csv));
        assert_eq!(format("people.ndjson"), Some(InputFormat::Jsonl));
        assert_eq!(format("people.jsonl.gz"), Some(InputFormat::Jsonl));
        assert_eq!(format("people.parquet"), Some(InputFormat::Parquet));
        assert_eq!(format("people"), None);
        assert_eq!(format("people.xlsx"), None);
    }

    #[test]
    fn days_since_the_epoch_are_iso_dates() {
        assert_eq!(iso_date(-4_369).as_deref(), Ok("1958-01-15"));
        assert_eq!(iso_date(19_782).as_deref(), Ok("2024-02-29"));
        assert!(iso_date(i64::from(i32::MAX)).is_err());
    }

    #[test]
    fn json_values_are_texts() {
        let mut out = Vec::new();
        let value = serde_json::json!(["CN", 7, null, true]);
        assert!(json_texts(&value, &mut out, true).is_ok());
        assert_eq!(out, vec!["CN", "7", "true"]);
        assert!(json_texts(&serde_json::json!([["x"]]), &mut out, true).is_err());
        assert!(json_texts(&serde_json::json!({"a": 1}), &mut out, true).is_err());
    }
}
