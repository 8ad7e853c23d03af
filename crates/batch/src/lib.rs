//! Batch screening for interdict, and the benchmark harness.
//!
//! * [`input`] reads the records to screen from CSV, JSON Lines or Parquet,
//!   mapping columns to fields by header ([`columns`]) and turning each row
//!   into a [`Query`](interdict_matcher::Query) ([`record`]).
//! * [`driver`] screens them in parallel on all cores, in input order, in
//!   chunks, and writes one row per hit ([`output`]) as CSV, JSON Lines or
//!   Parquet. An interrupted run can be resumed from its checkpoint
//!   ([`checkpoint`]; the design is described in [`driver`]).
//! * [`bench`] measures load time, memory and screening speed;
//!   [`scale`] grows the loaded lists with perturbed copies to measure at
//!   millions of entities; [`sample`] writes large synthetic input files.
//!
//! Parquet is a dependency of this crate only, so the rest of the workspace
//! builds without it, and it is used without Arrow (through its record and
//! column APIs), since Arrow's crates more than double its build time.

pub mod bench;
pub mod checkpoint;
pub mod columns;
pub mod driver;
pub mod input;
pub mod output;
pub mod record;
pub mod sample;
pub mod scale;

use std::fmt;
use std::path::Path;

pub use driver::{BatchOptions, NoProgress, Progress, Summary, run, screen_record};
pub use input::InputFormat;
pub use output::{HitRow, OutputFormat};

/// What went wrong in a batch run: every error names the file, and for bad
/// input the row (and line) and the field.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A file could not be opened, read, written or synced.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// The input's header or schema does not give what screening needs.
    #[error("{path}: {message}")]
    Header {
        /// The input file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// One input record cannot be read or screened.
    #[error("{path}: {location}{field}: {message}", field = FieldLabel(.field.as_deref()))]
    Record {
        /// The input file.
        path: String,
        /// Which record.
        location: Location,
        /// The field, when one field is at fault.
        field: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A run cannot be resumed from its checkpoint.
    #[error("cannot resume: {0}")]
    Resume(String),
    /// The options contradict each other or the files.
    #[error("{0}")]
    Usage(String),
}

impl BatchError {
    /// An I/O error on `path`.
    pub fn io(path: &Path, what: &str, error: impl fmt::Display) -> Self {
        Self::Io {
            path: path.display().to_string(),
            message: format!("{what}: {error}"),
        }
    }
}

/// Where a record is in its input: its row (data records counted from 1,
/// without the header) and, for text formats, its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// The record's position among the data records, from 1.
    pub row: u64,
    /// The line it starts on, from 1, for CSV and JSON Lines.
    pub line: Option<u64>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "row {} (line {line})", self.row),
            None => write!(f, "row {}", self.row),
        }
    }
}

/// Prints `, field NAME` when there is a field.
struct FieldLabel<'a>(Option<&'a str>);

impl fmt::Display for FieldLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(field) => write!(f, ", field {field}"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_errors_name_file_row_line_and_field() {
        let error = BatchError::Record {
            path: "people.csv".into(),
            location: Location {
                row: 3,
                line: Some(4),
            },
            field: Some("dob".into()),
            message: "cannot read \"31/31/1990\" as a date".into(),
        };
        assert_eq!(
            error.to_string(),
            "people.csv: row 3 (line 4), field dob: cannot read \"31/31/1990\" as a date"
        );
        let error = BatchError::Record {
            path: "people.parquet".into(),
            location: Location { row: 9, line: None },
            field: None,
            message: "bad".into(),
        };
        assert_eq!(error.to_string(), "people.parquet: row 9: bad");
    }
}
