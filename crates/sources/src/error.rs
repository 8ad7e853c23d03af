//! Errors and warnings from reading a list.

use std::fmt;

/// Where in a file something happened: the record, line or byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (its header, its compression, its encoding).
    File,
    /// A byte offset in the (decompressed) input.
    Byte(u64),
    /// A line, counting from 1.
    Line(u64),
    /// A record, by its position (from 1) and, where known, its own id.
    Record {
        /// Position of the record in the file, from 1.
        index: usize,
        /// The record's own reference, if it got far enough to read one.
        id: Option<String>,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Byte(offset) => write!(f, "byte {offset}: "),
            Location::Line(line) => write!(f, "line {line}: "),
            Location::Record {
                index,
                id: Some(id),
            } => write!(f, "record {index} ({id}): "),
            Location::Record { index, id: None } => write!(f, "record {index}: "),
        }
    }
}

/// A list file that could not be read. The message names the file and,
/// where it can, the record or line.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {location}{message}")]
pub struct SourceError {
    /// The file, as the caller named it.
    pub file: String,
    /// Where in the file.
    pub location: Location,
    /// What went wrong.
    pub message: String,
}

impl SourceError {
    /// An error at `location` in `file`.
    pub fn new(file: &str, location: Location, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            location,
            message: message.into(),
        }
    }
}

/// A value that was kept as text because it could not be read into its
/// field, or a record that was skipped. Warnings never stop a load.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// The record, by its own reference.
    pub record: String,
    /// The field (`birth_date`, `nationality`).
    pub field: String,
    /// The value as written.
    pub value: String,
    /// Why it could not be read.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} {:?}: {}",
            self.record, self.field, self.value, self.message
        )
    }
}
