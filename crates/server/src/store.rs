//! The hook a persistent store plugs into: the server records every
//! screening through it and asks it for the lists as they were on a date
//! (`as_of`). Without a store the server keeps no record and answers
//! `as_of` with an error.

use std::sync::Arc;

use serde::Serialize;

use crate::state::Lists;

/// A store's failure, in words.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(pub String);

/// One screening, as the audit log keeps it.
#[derive(Debug, Serialize)]
pub struct ScreeningRecord<'a> {
    /// Who asked: the API key's name, or `anonymous`.
    pub caller: &'a str,
    /// The scope screened against (`default`, `us_ofac_sdn`).
    pub scope: &'a str,
    /// The query's name within its batch (`q1`).
    pub query_name: &'a str,
    /// The query entity, as the client sent it.
    pub query: &'a serde_json::Value,
    /// The threshold a result counts as a match from.
    pub threshold: f32,
    /// The engine's version.
    pub engine_version: &'static str,
    /// The date the lists were taken as of, when the request gave one.
    pub as_of: Option<&'a str>,
    /// The lists screened against: source id and publication date.
    pub lists: Vec<(&'a str, Option<String>)>,
    /// The answer as returned: results with scores and explanations.
    pub response: &'a serde_json::Value,
}

/// A persistent store of list versions and screenings.
pub trait Store: Send + Sync {
    /// Appends one screening to the audit log. An error fails the request:
    /// a screening that cannot be recorded is not returned.
    fn record_screening(&self, record: &ScreeningRecord<'_>) -> Result<(), StoreError>;

    /// The lists that were active on `date` (`YYYY-MM-DD`), or `None` when
    /// the store holds no version from then.
    fn lists_as_of(&self, date: &str) -> Result<Option<Arc<Lists>>, StoreError>;
}
