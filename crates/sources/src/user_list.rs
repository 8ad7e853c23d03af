//! Placeholder: the parser for this format is being written.

use std::io::BufRead;

use crate::{Context, Location, Parsed, SourceError};

/// Reads a user's list in CSV (not implemented yet).
pub fn parse_csv(_input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    Err(SourceError::new(
        &context.label,
        Location::File,
        "this format is not supported yet",
    ))
}

/// Reads a user's list in YAML (not implemented yet).
pub fn parse_yaml(_input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    Err(SourceError::new(
        &context.label,
        Location::File,
        "this format is not supported yet",
    ))
}
