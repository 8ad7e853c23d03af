//! Python bindings for interdict's matching core, so that screening can run
//! inside Python data tools, Apache Spark above all (`docs/spark.md`).
//!
//! * [`lists`]: the lists a screener is built from, loaded from the bundle,
//!   a manifest or the store, and carried as bytes to Spark's executors.
//! * [`arrow_batch`]: screening an Arrow record batch into a batch of hits
//!   with the columns of `interdict batch`'s output, through the same code
//!   (`interdict_batch::screen_record`), so both give the same rows.
//! * With the `python` feature (as maturin builds it), the module
//!   `interdict._native`; the package around it, `python/interdict`, adds
//!   the Spark job (`interdict.spark`).

pub mod arrow_batch;
pub mod lists;
#[cfg(feature = "python")]
#[allow(unsafe_code)]
mod python;

pub use arrow_batch::{BatchScreening, hits_schema, screen_batch};
pub use lists::{ListBundle, ListSummary};

/// What went wrong: every error says which input, list or field.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The lists could not be loaded.
    #[error(transparent)]
    Catalog(#[from] interdict_catalog::CatalogError),
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] interdict_store::StoreError),
    /// A record could not be read or screened.
    #[error(transparent)]
    Batch(#[from] interdict_batch::BatchError),
    /// A record batch does not give what screening needs.
    #[error("{0}")]
    Input(String),
    /// List bundle bytes could not be made or read.
    #[error("{0}")]
    Bundle(String),
    /// The call cannot be done as asked.
    #[error("{0}")]
    Usage(String),
}
