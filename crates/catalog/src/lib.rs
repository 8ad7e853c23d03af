//! interdict-catalog
