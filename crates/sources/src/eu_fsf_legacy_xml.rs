//! Placeholder: the parser for this format is being written.

use std::io::BufRead;

use crate::{Context, Location, Parsed, SourceError};

/// Reads a whole list (not implemented yet).
pub fn parse(_input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    Err(SourceError::new(
        &context.label,
        Location::File,
        "this format is not supported yet",
    ))
}
