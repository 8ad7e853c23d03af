//! The evaluation harness of interdict.
//!
//! Every change to matching is measured here: a name benchmark
//! ([`name_bench`]), an entity benchmark ([`entity_bench`]), and a screening
//! run over real listed people and synthetic non-listed ones
//! ([`screening`]), and the name index's recall against an exhaustive scan
//! ([`index_recall`]). Each evaluation returns a report that prints as a table
//! ([`table`]) or serialises to JSON.

pub mod consolidation;
pub mod consolidation_labels;
pub mod entity_bench;
pub mod index_recall;
pub mod metrics;
pub mod name_bench;
pub mod screening;
pub mod table;

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// A benchmark file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be opened or read.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// A record of the file is not what the benchmark expects.
    #[error("{path}: line {line}: {message}")]
    Record {
        /// The file.
        path: String,
        /// The line, from 1.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A check of an entity benchmark is not what the benchmark expects.
    #[error("{path}: check {check}: {message}")]
    Check {
        /// The file.
        path: String,
        /// The check's position in the file, from 1.
        check: usize,
        /// What is wrong.
        message: String,
    },
}

/// One CSV row, with its cells by column name.
pub(crate) struct Row {
    path: String,
    line: u64,
    cells: HashMap<String, String>,
}

impl Row {
    /// The cell in `column`, trimmed; empty when the row has no such cell.
    pub(crate) fn get(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", |c| c.trim())
    }

    /// The cell in `column`, read by `parse`; an error naming the line and
    /// column when it cannot be.
    pub(crate) fn parse_field<T>(
        &self,
        column: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<T, EvalError> {
        let value = self.get(column);
        parse(value).ok_or_else(|| EvalError::Record {
            path: self.path.clone(),
            line: self.line,
            message: format!("column {column}: cannot read {value:?}"),
        })
    }
}

/// Opens a file, decompressing it when it is gzip.
pub(crate) fn open(path: &Path) -> Result<Box<dyn Read>, EvalError> {
    let label = path.display().to_string();
    let file = File::open(path).map_err(|e| EvalError::Io {
        path: label.clone(),
        message: format!("cannot open: {e}"),
    })?;
    let mut reader = BufReader::new(file);
    let mut magic = [0u8; 2];
    let is_gzip = {
        use std::io::BufRead;
        let head = reader.fill_buf().map_err(|e| EvalError::Io {
            path: label.clone(),
            message: format!("cannot read: {e}"),
        })?;
        if head.len() >= 2 {
            magic.copy_from_slice(&head[..2]);
        }
        magic == [0x1f, 0x8b]
    };
    Ok(if is_gzip {
        Box::new(flate2::read::MultiGzDecoder::new(reader))
    } else {
        Box::new(reader)
    })
}

/// Every row of a CSV file with a header, checking that `required` columns
/// are there.
pub(crate) fn csv_rows(path: &Path, required: &[&str]) -> Result<Vec<Row>, EvalError> {
    let label = path.display().to_string();
    let mut reader = csv::Reader::from_reader(open(path)?);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| EvalError::Record {
            path: label.clone(),
            line: 1,
            message: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if let Some(missing) = required.iter().find(|c| !header.iter().any(|h| h == *c)) {
        return Err(EvalError::Record {
            path: label,
            line: 1,
            message: format!("missing column {missing:?}"),
        });
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| EvalError::Record {
            path: label.clone(),
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let cells = header
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_owned))
            .collect();
        rows.push(Row {
            path: label.clone(),
            line,
            cells,
        });
    }
    Ok(rows)
}
