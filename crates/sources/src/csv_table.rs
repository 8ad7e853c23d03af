//! Reading CSV tables: columns found by header name, rows with their line
//! numbers, and errors that name the file, line and column.
