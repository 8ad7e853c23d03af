//! interdict-matcher
