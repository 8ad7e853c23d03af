//! Fresh stores for tests, on each backend, so one test suite runs against
//! SQLite and PostgreSQL.
//!
//! SQLite stores live in a fresh temporary folder. PostgreSQL ones live in
//! a fresh schema of the database `INTERDICT_TEST_POSTGRES` names (a URL
//! whose user may create schemas), so tests run in parallel; each is
//! dropped with its [`TestStore`]. Without that variable (or with a server
//! that does not answer), PostgreSQL tests print a note and do nothing,
//! unless `INTERDICT_POSTGRES_TESTS=require`, when they fail.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::backend::postgres::{describe, redact};
use crate::{Location, Store, StoreError};

/// The variable naming the server tests may create schemas on.
pub const POSTGRES_URL_ENV: &str = "INTERDICT_TEST_POSTGRES";
/// The variable that, set to `require`, makes PostgreSQL tests fail
/// rather than skip when there is no server.
pub const POSTGRES_REQUIRE_ENV: &str = "INTERDICT_POSTGRES_TESTS";

/// A backend a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    /// A SQLite file in a temporary folder.
    Sqlite,
    /// A fresh schema on the test PostgreSQL server.
    Postgres,
}

/// A PostgreSQL server tests may create schemas on.
#[derive(Debug, Clone)]
pub struct PostgresServer {
    url: String,
}

/// Whether PostgreSQL tests must run (`INTERDICT_POSTGRES_TESTS=require`).
pub fn postgres_required() -> bool {
    std::env::var(POSTGRES_REQUIRE_ENV).is_ok_and(|v| v == "require")
}

/// The test server, checked once per process: `None`, with a note on
/// standard error, when none is configured or it does not answer.
///
/// # Panics
///
/// When there is none and `INTERDICT_POSTGRES_TESTS=require`: the test
/// fails rather than passing without having run.
pub fn postgres_server() -> Option<PostgresServer> {
    static SERVER: OnceLock<Result<PostgresServer, String>> = OnceLock::new();
    let found = SERVER.get_or_init(|| {
        let url = std::env::var(POSTGRES_URL_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| format!("{POSTGRES_URL_ENV} is not set"))?;
        let server = PostgresServer { url };
        server
            .admin()
            .map_err(|error| format!("{}: {}", redact(&server.url), describe(&error)))?;
        Ok(server)
    });
    match found {
        Ok(server) => Some(server.clone()),
        Err(reason) if postgres_required() => {
            panic!("PostgreSQL tests are required ({POSTGRES_REQUIRE_ENV}=require) but {reason}")
        }
        Err(reason) => {
            eprintln!("note: skipping a PostgreSQL test: {reason}");
            None
        }
    }
}

fn unique_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

impl PostgresServer {
    /// The server's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn admin(&self) -> Result<postgres::Client, postgres::Error> {
        let mut config: postgres::Config = self.url.parse()?;
        config.connect_timeout(std::time::Duration::from_secs(10));
        config.connect(postgres::NoTls)
    }

    fn admin_batch(&self, sql: &str) -> Result<(), StoreError> {
        let failed = |error: postgres::Error| StoreError::Sql {
            what: "creating or dropping a test schema",
            error: error.into(),
        };
        self.admin()
            .map_err(failed)?
            .batch_execute(sql)
            .map_err(failed)
    }

    /// Creates a schema of its own for a test; its name.
    pub fn fresh_schema(&self) -> Result<String, StoreError> {
        let name = format!("interdict_test_{}", unique_suffix());
        self.admin_batch(&format!("CREATE SCHEMA {name}"))?;
        Ok(name)
    }

    /// Drops a schema [`PostgresServer::fresh_schema`] made, with its
    /// tables.
    pub fn drop_schema(&self, name: &str) -> Result<(), StoreError> {
        self.admin_batch(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
    }

    /// The URL of the server's database with `schema` as the search path.
    pub fn url_in(&self, schema: &str) -> String {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        format!("{}{separator}options=-csearch_path%3D{schema}", self.url)
    }
}

/// Where a fresh store for a test is, removed when dropped.
#[derive(Debug)]
pub struct TestStore {
    location: Location,
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    Folder(PathBuf),
    Schema(PostgresServer, String),
}

impl TestStore {
    /// A fresh, empty place for a store on `backend`; `None` (with a note)
    /// when that is PostgreSQL and no server is configured.
    ///
    /// # Panics
    ///
    /// When the folder or schema cannot be made, or PostgreSQL is required
    /// but missing: the test fails.
    pub fn new(backend: TestBackend) -> Option<Self> {
        match backend {
            TestBackend::Sqlite => {
                let folder =
                    std::env::temp_dir().join(format!("interdict-test-{}", unique_suffix()));
                if let Err(error) = std::fs::create_dir_all(&folder) {
                    panic!("cannot create {}: {error}", folder.display());
                }
                Some(Self {
                    location: Location::Sqlite(folder.join("store.db")),
                    cleanup: Cleanup::Folder(folder),
                })
            }
            TestBackend::Postgres => {
                let server = postgres_server()?;
                let schema = match server.fresh_schema() {
                    Ok(schema) => schema,
                    Err(error) => panic!("cannot create a test schema: {error}"),
                };
                Some(Self {
                    location: Location::Postgres(server.url_in(&schema)),
                    cleanup: Cleanup::Schema(server, schema),
                })
            }
        }
    }

    /// Where the store is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// What `--store` or `INTERDICT_STORE` takes to name it.
    pub fn arg(&self) -> String {
        match &self.location {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => url.clone(),
        }
    }

    /// Opens (a connection to) the store.
    ///
    /// # Panics
    ///
    /// When it cannot be opened: the test fails.
    pub fn open(&self) -> Store {
        match Store::open_at(&self.location) {
            Ok(store) => store,
            Err(error) => panic!("cannot open the test store: {error}"),
        }
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Folder(folder) => {
                let _ = std::fs::remove_dir_all(folder);
            }
            Cleanup::Schema(server, schema) => {
                let _ = server.drop_schema(schema);
            }
        }
    }
}

/// Defines, for each named function taking a [`TestBackend`], a test on
/// SQLite and one on PostgreSQL: `on_both_backends!(a, b)` makes
/// `sqlite::a`, `postgres::a`, `sqlite::b` and `postgres::b`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    super::$name($crate::testing::TestBackend::Sqlite);
                }
            )+
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    super::$name($crate::testing::TestBackend::Postgres);
                }
            )+
        }
    };
}
