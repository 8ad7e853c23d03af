//! The interdict store: what a compliance team's screening service keeps.
//!
//! One embedded SQLite file (WAL mode, schema versioned with
//! `PRAGMA user_version`), or a PostgreSQL database that several servers
//! share (see [`Location`] and [`backend`]), holds:
//!
//! * **list versions** ([`versions`]): every list file loaded, by source and
//!   content hash, with its entities, and when each version was the one
//!   served (its activations), so a past screening can be repeated
//!   ([`Store::sources_as_of`]);
//! * **diffs** ([`diff`]) between two versions of a source;
//! * **monitoring** ([`monitor`]): watched customers, re-screened when a
//!   list changes, with alerts for new or changed hits and delistings, and
//!   analysts' dispositions;
//! * analysts' **subject decisions** ([`consolidation`]): two records split
//!   apart or merged into one consolidated subject;
//! * the **clustering into subjects** of the lists served
//!   ([`subjects_cache`]), so a process need not make it again;
//! * an append-only, hash-chained **audit log** ([`audit`]) of screenings
//!   and decisions;
//! * **updates** ([`update`]) downloaded from each source's URL, activated
//!   only once they parse fully.
//!
//! A version becomes active in the same transaction that stores it, so a
//! reader sees either the previous version or the new one, never a part.
//!
//! Every module writes its SQL once, above the small [`backend::Backend`]
//! trait; only the schema's DDL is written per database.

pub mod audit;
pub mod backend;
pub mod consolidation;
pub mod diff;
mod error;
pub mod fingerprint;
pub mod monitor;
mod schema;
pub mod subjects_cache;
pub mod testing;
pub mod time;
pub mod update;
pub mod versions;

use std::cell::{RefCell, RefMut};
use std::fmt;
use std::path::{Path, PathBuf};

use backend::{Backend, DbError};

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

/// Where a store is: a SQLite file, or a PostgreSQL database named by a
/// `postgres://` (or `postgresql://`) URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An embedded SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database:
    /// `postgres://user[:password]@host[:port]/database[?options]`.
    Postgres(String),
}

impl Location {
    /// The store `text` names: a PostgreSQL URL, else a SQLite file's path.
    pub fn parse(text: &str) -> Self {
        if backend::postgres::is_url(text) {
            Location::Postgres(text.to_owned())
        } else {
            Location::Sqlite(PathBuf::from(text))
        }
    }

    /// The store a path names: a PostgreSQL URL given where a path was
    /// expected (`--store postgres://...`) is one.
    pub fn from_path(path: &Path) -> Self {
        match path.to_str() {
            Some(text) if backend::postgres::is_url(text) => Location::Postgres(text.to_owned()),
            _ => Location::Sqlite(path.to_path_buf()),
        }
    }

    /// Whether the store exists already: a file that does, or a server
    /// (which is asked when the store is opened).
    pub fn exists(&self) -> bool {
        match self {
            Location::Sqlite(path) => path.exists(),
            Location::Postgres(_) => true,
        }
    }
}

impl fmt::Display for Location {
    /// The path, or the URL without its password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&backend::postgres::redact(url)),
        }
    }
}

/// A source of the current time; replaceable in tests.
pub type Clock = Box<dyn Fn() -> Timestamp + Send>;

/// An open store.
pub struct Store {
    db: RefCell<Box<dyn Backend>>,
    location: Location,
    clock: Clock,
}

impl Store {
    /// Opens the store at `path`, creating it (and its folder) if needed,
    /// and brings its schema up to date. A `postgres://` URL given as the
    /// path opens that database instead (see [`Store::open_at`]).
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_at(&Location::from_path(path))
    }

    /// Opens the store at `location`, creating a SQLite file (and its
    /// folder) if needed, and brings its schema up to date. A PostgreSQL
    /// database must exist; the tables are created in its current schema
    /// (the URL's `options=-csearch_path=...` can choose one). Call it, and
    /// every method, outside async code: the PostgreSQL client blocks.
    pub fn open_at(location: &Location) -> Result<Self, StoreError> {
        let named = location.to_string();
        let open_error = |error| StoreError::Open {
            path: named.clone(),
            error,
        };
        let mut db: Box<dyn Backend> = match location {
            Location::Sqlite(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|error| StoreError::Io {
                        path: parent.display().to_string(),
                        what: "cannot create the store's folder",
                        error,
                    })?;
                }
                Box::new(backend::sqlite::Sqlite::open(path).map_err(open_error)?)
            }
            Location::Postgres(url) => {
                Box::new(backend::postgres::Postgres::connect(url).map_err(open_error)?)
            }
        };
        schema::migrate(db.as_mut(), &named)?;
        Ok(Self {
            db: RefCell::new(db),
            location: location.clone(),
            clock: Box::new(Timestamp::now),
        })
    }

    /// The same store, telling the time with `clock` (for tests and
    /// replays).
    pub fn with_clock(mut self, clock: impl Fn() -> Timestamp + Send + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    /// Where the store is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Which database the store is in.
    pub fn dialect(&self) -> backend::Dialect {
        self.db().dialect()
    }

    fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// The connection, for one statement or one transaction; not to be
    /// held across a call to another method.
    pub(crate) fn db(&self) -> RefMut<'_, Box<dyn Backend>> {
        self.db.borrow_mut()
    }

    /// Runs `write` in a transaction that holds the store's write lock
    /// (see [`Backend::begin_write`]): committed if it returns `Ok`, rolled
    /// back otherwise.
    pub(crate) fn write<T>(
        &self,
        what: &'static str,
        write: impl FnOnce(&mut dyn Backend) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut guard = WriteGuard {
            db: self.db(),
            open: false,
        };
        guard.db.begin_write().sql(what)?;
        guard.open = true;
        let written = write(guard.db.as_mut());
        guard.open = false;
        match written {
            Ok(value) => {
                guard.db.commit().sql(what)?;
                Ok(value)
            }
            Err(error) => {
                let _ = guard.db.rollback();
                Err(error)
            }
        }
    }
}

/// Rolls a write back if it is left open (its code panicked), so the
/// connection serves the next one.
struct WriteGuard<'a> {
    db: RefMut<'a, Box<dyn Backend>>,
    open: bool,
}

impl Drop for WriteGuard<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.db.rollback();
        }
    }
}

/// Adds what was being done to a database error.
pub(crate) trait SqlContext<T> {
    /// The error, saying what was being done.
    fn sql(self, what: &'static str) -> Result<T, StoreError>;
}

impl<T> SqlContext<T> for Result<T, DbError> {
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
        assert_eq!(
            schema::version(store.db().as_mut()).unwrap(),
            schema::CURRENT
        );
        let mode = store
            .db()
            .query_one("PRAGMA journal_mode", &[])
            .unwrap()
            .text(0)
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn opening_a_postgres_store_twice_keeps_the_schema() {
        let Some(server) = testing::postgres_server() else {
            return;
        };
        let schema_name = server.fresh_schema().unwrap();
        let url = server.url_in(&schema_name);
        drop(Store::open_at(&Location::parse(&url)).unwrap());
        let store = Store::open(Path::new(&url)).unwrap();
        assert_eq!(store.dialect(), backend::Dialect::Postgres);
        assert_eq!(
            schema::version(store.db().as_mut()).unwrap(),
            schema::CURRENT
        );
        drop(store);
        server.drop_schema(&schema_name).unwrap();
    }

    #[test]
    fn a_postgres_store_reconnects_after_the_server_drops_it() {
        let Some(place) = testing::TestStore::new(testing::TestBackend::Postgres) else {
            return;
        };
        let store = place.open();
        let pid = store
            .db()
            .query_one("SELECT pg_backend_pid()", &[])
            .unwrap()
            .int(0)
            .unwrap();
        // As a server restart or an administrator would.
        let other = place.open();
        other
            .db()
            .execute("SELECT pg_terminate_backend(?1)", backend::params![pid])
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        // The next read goes through, on a new connection.
        assert!(store.versions(None).unwrap().is_empty());
        // And so does the next write.
        let pid = store
            .db()
            .query_one("SELECT pg_backend_pid()", &[])
            .unwrap()
            .int(0)
            .unwrap();
        other
            .db()
            .execute("SELECT pg_terminate_backend(?1)", backend::params![pid])
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        let mut store = store;
        assert_eq!(
            store
                .append_audit("a", "note", &serde_json::json!({}))
                .unwrap()
                .seq,
            1
        );
        assert_eq!(store.verify_audit().unwrap().rows, 1);
    }

    #[test]
    fn a_write_that_panics_is_rolled_back_and_the_connection_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = store.write("a test", |tx| -> Result<(), StoreError> {
                tx.execute(
                    "INSERT INTO monitored (key, query, query_hash, added_at) \
                     VALUES ('k', '{}', 'h', 't')",
                    &[],
                )
                .sql("a test")?;
                panic!("half way");
            });
        }));
        assert!(panicked.is_err());
        assert!(store.monitored().unwrap().is_empty());
        store
            .append_audit("a", "note", &serde_json::json!({}))
            .unwrap();
    }

    #[test]
    fn locations_are_told_apart_and_named_without_passwords() {
        let url = "postgres://app:pw@127.0.0.1:5/db";
        assert_eq!(Location::parse(url), Location::Postgres(url.to_owned()));
        assert_eq!(
            Location::from_path(Path::new("postgresql://h/d")),
            Location::Postgres("postgresql://h/d".to_owned())
        );
        assert_eq!(
            Location::parse("store.db"),
            Location::Sqlite(PathBuf::from("store.db"))
        );
        assert_eq!(
            Location::parse(url).to_string(),
            "postgres://app:***@127.0.0.1:5/db"
        );
    }

    #[test]
    fn an_unreachable_server_is_named_in_the_error() {
        // Port 9 (discard) on loopback: nothing listens there.
        let url = "postgres://app:secret@127.0.0.1:9/db?connect_timeout=5";
        let error = Store::open_at(&Location::parse(url))
            .err()
            .unwrap()
            .to_string();
        assert!(
            error.contains("postgres://app:***@127.0.0.1:9/db"),
            "{error}"
        );
        assert!(!error.contains("secret"), "{error}");
        assert!(error.contains("cannot open the store"), "{error}");
    }
}
