//! Writing hits: one row per (input record, hit), as CSV, JSON Lines or
//! Parquet.
//!
//! CSV and JSON Lines are appended chunk by chunk to the output itself, so an
//! interrupted run keeps what it wrote. Parquet keeps its index in a footer
//! written last, so it cannot be appended to: a Parquet run appends to a JSON
//! Lines spool beside the output and turns it into the Parquet file at the
//! end (see [`crate::driver`]).

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use interdict_matcher::{Hit, Screener};
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, FloatType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::reader::SerializedFileReader;
use parquet::file::writer::SerializedFileWriter;
use parquet::record::Field as Cell;
use parquet::schema::parser::parse_message_type;
use serde::{Deserialize, Serialize};

use crate::BatchError;
use crate::record::Prepared;

/// An output file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Comma-separated values with a header row; the explanation is a JSON
    /// text in its column.
    Csv,
    /// One JSON object per hit; the explanation is a nested object.
    Jsonl,
    /// Apache Parquet (Snappy); the explanation is a JSON text column.
    Parquet,
}

impl OutputFormat {
    /// The format a file name implies, if it implies one.
    pub fn from_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        Some(match name.rsplit_once('.')?.1 {
            "csv" => Self::Csv,
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

/// The output's columns, in order.
pub const COLUMNS: [&str; 13] = [
    "row",
    "key",
    "query_name",
    "rank",
    "entity_id",
    "entity_name",
    "schema",
    "sources",
    "matched_name",
    "score",
    "name_score",
    "features",
    "explanation",
];

/// One hit of one input record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HitRow {
    /// The input record's row, from 1 (data rows, without the header).
    pub row: u64,
    /// The input record's own key, when the input has a key column.
    pub key: Option<String>,
    /// The name screened.
    pub query_name: String,
    /// The rank of the hit's group among the record's results, from 1; hits
    /// that look like one subject on several lists share a rank.
    pub rank: u32,
    /// The matched entity's id (`eu_fsf:EU.6251.70`).
    pub entity_id: String,
    /// The entity's primary name.
    pub entity_name: String,
    /// What the entity is (`Person`, `Organization`, ...).
    pub schema: String,
    /// The lists that name the entity, `;`-separated.
    pub sources: String,
    /// The listed name that matched, as the list writes it.
    pub matched_name: String,
    /// The score, 0–1.
    pub score: f32,
    /// The name's part of the score, before dates, countries and
    /// identifiers.
    pub name_score: f32,
    /// Each contribution besides the name, in words:
    /// `birth_date +0.05 (...); country -0.10 (...)`.
    pub features: String,
    /// The matcher's whole explanation.
    pub explanation: serde_json::Value,
}

impl HitRow {
    /// The row for `hit`, the `rank`-th result of `record`.
    pub fn new(record: &Prepared, rank: u32, hit: &Hit, screener: &Screener) -> Self {
        let entity = screener.entities().get(hit.entity);
        let mut sources: Vec<&str> = Vec::new();
        for listing in entity.map(|e| e.listings.as_slice()).unwrap_or_default() {
            if !sources.contains(&listing.source.as_str()) {
                sources.push(&listing.source);
            }
        }
        let features = hit
            .explanation
            .features
            .iter()
            .map(|f| format!("{} {:+.2} ({})", f.feature, f.effect, f.detail))
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            row: record.location.row,
            key: record.key.clone(),
            query_name: record.name.clone(),
            rank,
            entity_id: entity.map(|e| e.id.clone()).unwrap_or_default(),
            entity_name: entity
                .and_then(|e| e.names.first())
                .map(|n| n.full.clone())
                .unwrap_or_default(),
            schema: entity.map(|e| e.schema.to_string()).unwrap_or_default(),
            sources: sources.join(";"),
            matched_name: hit.explanation.name.listed_name.clone(),
            score: hit.score,
            name_score: hit.explanation.name.score,
            features,
            // Through text, so scores print as the f32 they are (0.9, not
            // 0.8999999761581421).
            explanation: serde_json::to_string(&hit.explanation)
                .ok()
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default(),
        }
    }

    /// The row as CSV cells, in [`COLUMNS`] order.
    fn cells(&self) -> [String; 13] {
        [
            self.row.to_string(),
            self.key.clone().unwrap_or_default(),
            self.query_name.clone(),
            self.rank.to_string(),
            self.entity_id.clone(),
            self.entity_name.clone(),
            self.schema.clone(),
            self.sources.clone(),
            self.matched_name.clone(),
            self.score.to_string(),
            self.name_score.to_string(),
            self.features.clone(),
            self.explanation.to_string(),
        ]
    }
}

/// The text file a run appends hits to: the CSV or JSON Lines output, or
/// the JSON Lines spool of a Parquet output. It knows its committed length.
pub struct DataWriter {
    path: PathBuf,
    file: BufWriter<File>,
    csv: bool,
    len: u64,
}

impl DataWriter {
    /// Creates (or empties) `path`; a CSV file starts with its header.
    pub fn create(path: &Path, csv: bool) -> Result<Self, BatchError> {
        let file = open_locked(path)?;
        file.set_len(0)
            .map_err(|e| BatchError::io(path, "cannot truncate", e))?;
        let mut writer = Self {
            path: path.to_owned(),
            file: BufWriter::with_capacity(1 << 16, file),
            csv,
            len: 0,
        };
        if csv {
            let header = csv_line(&COLUMNS.map(str::to_owned))?;
            writer.write_bytes(&header)?;
        }
        Ok(writer)
    }

    /// Opens `path` to append after its first `len` bytes, cutting off
    /// anything after them (what an interrupted run wrote but did not
    /// commit).
    pub fn reopen(path: &Path, csv: bool, len: u64) -> Result<Self, BatchError> {
        if !path.exists() {
            return Err(BatchError::Resume(format!(
                "{} is gone; delete the checkpoint beside it to start again",
                path.display()
            )));
        }
        let mut file = open_locked(path)?;
        let actual = file
            .metadata()
            .map_err(|e| BatchError::io(path, "cannot read", e))?
            .len();
        if actual < len {
            return Err(BatchError::Resume(format!(
                "{} has {actual} bytes where the checkpoint recorded {len}; it was changed \
                 after the run stopped (delete the checkpoint beside it to start again)",
                path.display()
            )));
        }
        file.set_len(len)
            .and_then(|()| file.seek(SeekFrom::Start(len)).map(|_| ()))
            .and_then(|()| file.sync_data())
            .map_err(|e| BatchError::io(path, "cannot truncate", e))?;
        Ok(Self {
            path: path.to_owned(),
            file: BufWriter::with_capacity(1 << 16, file),
            csv,
            len,
        })
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), BatchError> {
        self.file
            .write_all(bytes)
            .map_err(|e| BatchError::io(&self.path, "cannot write", e))?;
        self.len += bytes.len() as u64;
        Ok(())
    }

    /// Appends hits (buffered until [`DataWriter::commit`]).
    pub fn write(&mut self, rows: &[HitRow]) -> Result<(), BatchError> {
        let mut bytes = Vec::new();
        for row in rows {
            if self.csv {
                bytes.extend_from_slice(&csv_line(&row.cells())?);
            } else {
                serde_json::to_writer(&mut bytes, row)
                    .map_err(|e| BatchError::io(&self.path, "cannot write", e))?;
                bytes.push(b'\n');
            }
        }
        self.write_bytes(&bytes)
    }

    /// Writes out the buffer and syncs the file to disk; returns the length
    /// now safely on disk.
    pub fn commit(&mut self) -> Result<u64, BatchError> {
        self.file
            .flush()
            .and_then(|()| self.file.get_ref().sync_data())
            .map_err(|e| BatchError::io(&self.path, "cannot write", e))?;
        Ok(self.len)
    }
}

/// Opens `path` for writing without truncating it, and locks it for as long
/// as it stays open, so two runs cannot write one output at once.
fn open_locked(path: &Path) -> Result<File, BatchError> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| BatchError::io(path, "cannot open", e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(BatchError::Usage(format!(
            "{} is being written by another run; wait for it or stop it first",
            path.display()
        ))),
        // Where the file system has no locks, go on without one.
        Err(std::fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
            Ok(file)
        }
        Err(std::fs::TryLockError::Error(e)) => Err(BatchError::io(path, "cannot lock", e)),
    }
}

/// One CSV line.
fn csv_line(cells: &[String]) -> Result<Vec<u8>, BatchError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(cells)
        .map_err(|e| BatchError::Usage(format!("cannot write CSV: {e}")))?;
    writer
        .into_inner()
        .map_err(|e| BatchError::Usage(format!("cannot write CSV: {e}")))
}

/// The Parquet schema of an output: the [`COLUMNS`], text as UTF-8 strings,
/// `row` and `rank` as unsigned integers, scores as floats; only `key` may
/// be null.
pub const PARQUET_SCHEMA: &str = "message hits {
    required int64 row (INTEGER(64, false));
    optional binary key (STRING);
    required binary query_name (STRING);
    required int32 rank (INTEGER(32, false));
    required binary entity_id (STRING);
    required binary entity_name (STRING);
    required binary schema (STRING);
    required binary sources (STRING);
    required binary matched_name (STRING);
    required float score;
    required float name_score;
    required binary features (STRING);
    required binary explanation (STRING);
}";

/// Writes hits as one row group.
fn write_row_group(
    writer: &mut SerializedFileWriter<File>,
    rows: &[HitRow],
) -> parquet::errors::Result<()> {
    let text = |get: &dyn Fn(&HitRow) -> &str| -> Vec<ByteArray> {
        rows.iter().map(|r| ByteArray::from(get(r))).collect()
    };
    let mut group = writer.next_row_group()?;
    let mut index = 0;
    while let Some(mut column) = group.next_column()? {
        match index {
            0 => {
                let values: Vec<i64> = rows.iter().map(|r| r.row as i64).collect();
                column
                    .typed::<Int64Type>()
                    .write_batch(&values, None, None)?;
            }
            1 => {
                let levels: Vec<i16> = rows.iter().map(|r| i16::from(r.key.is_some())).collect();
                let values: Vec<ByteArray> = rows
                    .iter()
                    .filter_map(|r| r.key.as_deref().map(ByteArray::from))
                    .collect();
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, Some(&levels), None)?;
            }
            3 => {
                let values: Vec<i32> = rows.iter().map(|r| r.rank as i32).collect();
                column
                    .typed::<Int32Type>()
                    .write_batch(&values, None, None)?;
            }
            9 | 10 => {
                let values: Vec<f32> = rows
                    .iter()
                    .map(|r| if index == 9 { r.score } else { r.name_score })
                    .collect();
                column
                    .typed::<FloatType>()
                    .write_batch(&values, None, None)?;
            }
            _ => {
                let values = match index {
                    2 => text(&|r| &r.query_name),
                    4 => text(&|r| &r.entity_id),
                    5 => text(&|r| &r.entity_name),
                    6 => text(&|r| &r.schema),
                    7 => text(&|r| &r.sources),
                    8 => text(&|r| &r.matched_name),
                    11 => text(&|r| &r.features),
                    _ => rows
                        .iter()
                        .map(|r| ByteArray::from(r.explanation.to_string().as_str()))
                        .collect(),
                };
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, None, None)?;
            }
        }
        column.close()?;
        index += 1;
    }
    group.close()?;
    Ok(())
}

/// Writes the hits of a JSON Lines spool as a Parquet file at `out`,
/// through a temporary file renamed into place, so `out` is either whole or
/// absent. Returns the number of hits.
pub fn spool_to_parquet(spool: &Path, out: &Path) -> Result<u64, BatchError> {
    let temporary = with_suffix(out, ".tmp");
    let file =
        File::create(&temporary).map_err(|e| BatchError::io(&temporary, "cannot create", e))?;
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let parquet_error =
        |e: parquet::errors::ParquetError| BatchError::io(&temporary, "cannot write Parquet", e);
    let schema = parse_message_type(PARQUET_SCHEMA).map_err(parquet_error)?;
    let mut writer = SerializedFileWriter::new(file, Arc::new(schema), Arc::new(properties))
        .map_err(parquet_error)?;
    let reader =
        BufReader::new(File::open(spool).map_err(|e| BatchError::io(spool, "cannot open", e))?);
    let mut rows = Vec::new();
    let mut count = 0;
    for (number, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| BatchError::io(spool, "cannot read", e))?;
        let row: HitRow = serde_json::from_str(&line)
            .map_err(|e| BatchError::io(spool, &format!("line {}: not a hit", number + 1), e))?;
        rows.push(row);
        count += 1;
        if rows.len() == 8192 {
            write_row_group(&mut writer, &rows).map_err(parquet_error)?;
            rows.clear();
        }
    }
    if !rows.is_empty() || count == 0 {
        write_row_group(&mut writer, &rows).map_err(parquet_error)?;
    }
    let file = writer.into_inner().map_err(parquet_error)?;
    file.sync_all()
        .map_err(|e| BatchError::io(&temporary, "cannot write", e))?;
    drop(file);
    std::fs::rename(&temporary, out)
        .map_err(|e| BatchError::io(out, "cannot rename into place", e))?;
    crate::checkpoint::sync_dir(out)?;
    Ok(count)
}

/// `path` with `suffix` added to its file name.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// Reads back an output file of any of the three formats.
pub fn read_hits(path: &Path, format: OutputFormat) -> Result<Vec<HitRow>, BatchError> {
    match format {
        OutputFormat::Jsonl => {
            let reader = BufReader::new(
                File::open(path).map_err(|e| BatchError::io(path, "cannot open", e))?,
            );
            reader
                .lines()
                .enumerate()
                .map(|(number, line)| {
                    let line = line.map_err(|e| BatchError::io(path, "cannot read", e))?;
                    serde_json::from_str(&line).map_err(|e| {
                        BatchError::io(path, &format!("line {}: not a hit", number + 1), e)
                    })
                })
                .collect()
        }
        OutputFormat::Csv => {
            let mut reader =
                csv::Reader::from_path(path).map_err(|e| BatchError::io(path, "cannot open", e))?;
            let mut rows = Vec::new();
            for record in reader.records() {
                let record = record.map_err(|e| BatchError::io(path, "cannot read", e))?;
                let cell = |i: usize| record.get(i).unwrap_or_default();
                let number = |i: usize| -> Result<f64, BatchError> {
                    cell(i).parse::<f64>().map_err(|e| {
                        BatchError::io(path, &format!("column {}: {:?}", COLUMNS[i], cell(i)), e)
                    })
                };
                rows.push(HitRow {
                    row: number(0)? as u64,
                    key: Some(cell(1).to_owned()).filter(|k| !k.is_empty()),
                    query_name: cell(2).to_owned(),
                    rank: number(3)? as u32,
                    entity_id: cell(4).to_owned(),
                    entity_name: cell(5).to_owned(),
                    schema: cell(6).to_owned(),
                    sources: cell(7).to_owned(),
                    matched_name: cell(8).to_owned(),
                    score: cell(9)
                        .parse()
                        .map_err(|e| BatchError::io(path, "column score", e))?,
                    name_score: cell(10)
                        .parse()
                        .map_err(|e| BatchError::io(path, "column name_score", e))?,
                    features: cell(11).to_owned(),
                    explanation: serde_json::from_str(cell(12))
                        .map_err(|e| BatchError::io(path, "column explanation", e))?,
                });
            }
            Ok(rows)
        }
        OutputFormat::Parquet => {
            let file = File::open(path).map_err(|e| BatchError::io(path, "cannot open", e))?;
            let reader = SerializedFileReader::new(file)
                .map_err(|e| BatchError::io(path, "not a Parquet file", e))?;
            let mut rows = Vec::new();
            for row in reader {
                let row = row.map_err(|e| BatchError::io(path, "cannot read", e))?;
                let cells: Vec<&Cell> = row.get_column_iter().map(|(_, cell)| cell).collect();
                let bad = |column: usize| {
                    BatchError::io(
                        path,
                        "not an interdict output",
                        format!("column {} holds {:?}", COLUMNS[column], cells.get(column)),
                    )
                };
                let text = |column: usize| match cells.get(column) {
                    Some(Cell::Str(s)) => Ok(s.clone()),
                    _ => Err(bad(column)),
                };
                let number = |column: usize| match cells.get(column) {
                    Some(Cell::ULong(n)) => Ok(*n),
                    Some(Cell::UInt(n)) => Ok(u64::from(*n)),
                    _ => Err(bad(column)),
                };
                let float = |column: usize| match cells.get(column) {
                    Some(Cell::Float(f)) => Ok(*f),
                    _ => Err(bad(column)),
                };
                rows.push(HitRow {
                    row: number(0)?,
                    key: match cells.get(1) {
                        Some(Cell::Null) => None,
                        _ => Some(text(1)?),
                    },
                    query_name: text(2)?,
                    rank: u32::try_from(number(3)?).map_err(|_| bad(3))?,
                    entity_id: text(4)?,
                    entity_name: text(5)?,
                    schema: text(6)?,
                    sources: text(7)?,
                    matched_name: text(8)?,
                    score: float(9)?,
                    name_score: float(10)?,
                    features: text(11)?,
                    explanation: serde_json::from_str(&text(12)?)
                        .map_err(|e| BatchError::io(path, "column explanation", e))?,
                });
            }
            Ok(rows)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(row: u64) -> HitRow {
        HitRow {
            row,
            key: row.is_multiple_of(2).then(|| format!("K{row}")),
            query_name: "Zhu, \"Hailun\"".into(),
            rank: 1,
            entity_id: "eu_fsf:EU.6251.70".into(),
            entity_name: "ZHU Hailun".into(),
            schema: "Person".into(),
            sources: "eu_fsf".into(),
            matched_name: "ZHU Hailun".into(),
            score: 0.912_345_6,
            name_score: 0.9,
            features: "birth_date +0.05 (born 1958)".into(),
            explanation: serde_json::json!({"name": {"score": 0.9}, "features": []}),
        }
    }

    #[test]
    fn every_format_reads_back_what_was_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let rows: Vec<HitRow> = (1..=3).map(sample).collect();
        for (csv, name) in [(true, "hits.csv"), (false, "hits.jsonl")] {
            let path = dir.path().join(name);
            let mut writer = DataWriter::create(&path, csv).unwrap_or_else(|e| panic!("{e}"));
            writer.write(&rows).unwrap_or_else(|e| panic!("{e}"));
            writer.commit().unwrap_or_else(|e| panic!("{e}"));
            let format = OutputFormat::from_path(&path).unwrap_or(OutputFormat::Csv);
            assert_eq!(read_hits(&path, format).ok(), Some(rows.clone()), "{name}");
        }
        let parquet = dir.path().join("hits.parquet");
        let written = spool_to_parquet(&dir.path().join("hits.jsonl"), &parquet);
        assert_eq!(written.ok(), Some(3));
        assert_eq!(read_hits(&parquet, OutputFormat::Parquet).ok(), Some(rows));
    }

    #[test]
    fn reopening_cuts_off_what_was_not_committed() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("hits.csv");
        let mut writer = DataWriter::create(&path, true).unwrap_or_else(|e| panic!("{e}"));
        writer.write(&[sample(1)]).unwrap_or_else(|e| panic!("{e}"));
        let committed = writer.commit().unwrap_or_else(|e| panic!("{e}"));
        writer.write(&[sample(2)]).unwrap_or_else(|e| panic!("{e}"));
        writer.commit().unwrap_or_else(|e| panic!("{e}"));
        drop(writer);
        let mut writer =
            DataWriter::reopen(&path, true, committed).unwrap_or_else(|e| panic!("{e}"));
        writer.write(&[sample(3)]).unwrap_or_else(|e| panic!("{e}"));
        writer.commit().unwrap_or_else(|e| panic!("{e}"));
        let rows = read_hits(&path, OutputFormat::Csv).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows, vec![sample(1), sample(3)]);
        drop(writer);
        let error = DataWriter::reopen(&path, true, 1 << 20)
            .err()
            .map(|e| e.to_string());
        assert!(error.unwrap_or_default().starts_with("cannot resume:"));
    }

    #[test]
    fn a_file_being_written_cannot_be_written_by_another_run() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("hits.jsonl");
        let first = DataWriter::create(&path, false).unwrap_or_else(|e| panic!("{e}"));
        let error = DataWriter::create(&path, false)
            .err()
            .map(|e| e.to_string());
        assert!(
            error
                .unwrap_or_default()
                .ends_with("is being written by another run; wait for it or stop it first")
        );
        assert!(DataWriter::reopen(&path, false, 0).is_err());
        drop(first);
        assert!(DataWriter::reopen(&path, false, 0).is_ok());
    }
}
