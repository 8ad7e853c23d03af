//! interdict-names
