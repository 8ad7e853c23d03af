//! What can go wrong with the store.

use interdict_catalog::CatalogError;

/// An error from the store, saying what was being done and to what.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or set up.
    #[error("{path}: cannot open the store: {error}")]
    Open {
        /// The store's file, or its URL without the password.
        path: String,
        /// Why.
        error: crate::backend::DbError,
    },
    /// The database was written by a newer interdict.
    #[error(
        "{path}: the store's schema is version {found}, newer than this interdict knows ({known})"
    )]
    SchemaTooNew {
        /// The store's file.
        path: String,
        /// The version found.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// A query failed.
    #[error("store: {what}: {error}")]
    Sql {
        /// What was being done.
        what: &'static str,
        /// The database's error.
        error: crate::backend::DbError,
    },
    /// A file could not be read or written.
    #[error("{path}: {what}: {error}")]
    Io {
        /// The file.
        path: String,
        /// What was being done.
        what: &'static str,
        /// Why.
        error: std::io::Error,
    },
    /// A list could not be loaded (the message names the source, file and
    /// record).
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// A value stored in the database could not be read back.
    #[error("store: {what}: stored JSON is invalid: {error}")]
    Corrupt {
        /// Which value (`version 3, entity 12`).
        what: String,
        /// Why.
        error: serde_json::Error,
    },
    /// A version asked for does not exist.
    #[error("source {source_id}: no version {version:?} (see `interdict versions {source_id}`)")]
    UnknownVersion {
        /// The source.
        source_id: String,
        /// The version as given.
        version: String,
    },
    /// A source has fewer than two versions to compare.
    #[error("source {source_id}: {message}")]
    NothingToCompare {
        /// The source.
        source_id: String,
        /// What is missing.
        message: String,
    },
    /// A date or time could not be read.
    #[error("{text:?} is not a date (YYYY-MM-DD) or UTC time (YYYY-MM-DDTHH:MM:SSZ)")]
    BadTime {
        /// The text given.
        text: String,
    },
    /// An alert asked for does not exist.
    #[error("no alert {0}")]
    UnknownAlert(i64),
    /// A download failed.
    #[error("source {source_id}: {url}: {message}")]
    Download {
        /// The source.
        source_id: String,
        /// Where it was downloaded from.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// A source has no URL to update it from.
    #[error("source {source_id}: the manifest gives no url to download it from")]
    NoUrl {
        /// The source.
        source_id: String,
    },
    /// A kept clustering does not fit the records it was looked up for.
    #[error("store: clustering {key}: {error}")]
    StaleClustering {
        /// The clustering's key.
        key: String,
        /// Why it does not fit.
        error: interdict_matcher::consolidate::StoredConsolidationError,
    },
    /// A decision on consolidated subjects that cannot be recorded.
    #[error("subject decision: {0}")]
    BadDecision(String),
}
