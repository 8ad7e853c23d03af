//! The evaluation harness of interdict.
//!
//! Every change to matching is measured here: a name benchmark, an entity
//! benchmark and a screening run over real listed people and synthetic
//! non-listed ones. Each evaluation returns a report that prints as a table
//! or as JSON.

pub mod metrics;
