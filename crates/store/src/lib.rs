//! The interdict store: what a compliance team's screening service keeps.
//!
//! One embedded SQLite file (WAL mode, schema versioned with
//! `PRAGMA user_version`) holds:
//!
//! * **list versions** ([`versions`]): every list file loaded, by source and
//!   content hash, with its entities, and when each version was the one
//!   served (its activations), so a past screening can be repeated
//!   ([`Store::sources_as_of`]);
//! * **diffs** ([`diff`]) between two versions of a source;
//! * **monitoring** ([`monitor`]): watched customers, re-screened when a
//!   list changes, with alerts for new or changed hits and delistings, and
//!   analysts' dispositions;
//! * an append-only, hash-chained **audit log** ([`audit`]) of screenings
//!   and decisions;
//! * **updates** ([`update`]) downloaded from each source's URL, activated
//!   only once they parse fully.
//!
//! A version becomes active in the same transaction that stores it, so a
//! reader sees either the previous version or the new one, never a part.

pub mod audit;
pub mod diff;
mod error;
pub mod fingerprint;
pub mod monitor;
mod schema;
pub mod time;
pub mod update;
pub mod versions;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use error::StoreError;
pub use time::Timestamp;
pub use versions::{AsOf, IngestOutcome, IngestReport, ListVersion, VersionedSource};

/// The engine version recorded with every screening in the audit log.
pub const ENGINE_VERSION: &str = concat!("interdict ", env!("CARGO_PKG_VERSION"));

/// Where the store is when neither `--store` nor `INTERDICT_STORE` says:
/// `$XDG_DATA_HOME/interdict/interdict.db`, else
/// `$HOME/.local/share/interdict/interdict.db`, else `./interdict.db`.
pub fn default_path() -> PathBuf {
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|home| PathBuf::from(home).join(".local/share"))
        });
    match data_home {
        Some(dir) => dir.join("interdict").join("interdict.db"),
        None => PathBuf::from("interdict.db"),
    }
}

/// A source of the current time; replaceable in tests.
pub type Clock = Box<dyn Fn() -> Timestamp + Send>;

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    clock: Clock,
}

impl Store {
    /// Opens the store at `path`, creating it (and its folder) if needed,
    /// and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|error| StoreError::Io {
                path: parent.display().to_string(),
                what: "cannot create the store's folder",
                error,
            })?;
        }
        let open_error = |error| StoreError::Open {
            path: path.display().to_string(),
            error,
        };
        let mut conn = Connection::open(path).map_err(open_error)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(open_error)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_error)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(open_error)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_error)?;
        schema::migrate(&mut conn, path)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            clock: Box::new(Timestamp::now),
        })
    }

    /// The same store, telling the time with `clock` (for tests and
    /// replays).
    pub fn with_clock(mut self, clock: impl Fn() -> Timestamp + Send + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn now(&self) -> Timestamp {
        (self.clock)()
    }
}

/// Adds what was being done to a SQLite error.
pub(crate) trait SqlContext<T> {
    /// The error, saying what was being done.
    fn sql(self, what: &'static str) -> Result<T, StoreError>;
}

impl<T> SqlContext<T> for Result<T, rusqlite::Error> {
    fn sql(self, what: &'static str) -> Result<T, StoreError> {
        self.map_err(|error| StoreError::Sql { what, error })
    }
}

/// Lower-case hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// The SHA-256 of bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex(&sha2::Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc_is_the_standard_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn opening_twice_keeps_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/store.db");
        drop(Store::open(&path).unwrap());
        let store = Store::open(&path).unwrap();
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap();
        assert_eq!(version, schema::CURRENT);
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
