//! interdict-index
