//! The databases the store runs on, behind one small trait.
//!
//! The store's modules write their SQL once, in the dialect both databases
//! read: numbered placeholders (`?1`), `INSERT ... RETURNING id`, text for
//! times and JSON, 64-bit integers and doubles. [`Backend`] runs it on
//! SQLite ([`sqlite`]) or PostgreSQL ([`postgres`]), which rewrites the
//! placeholders (`$1`); where the schema's DDL differs, each backend has
//! its own migrations ([`crate::schema`]).
//!
//! Values cross the trait as [`Value`]s and come back as [`Row`]s of them,
//! read with typed getters, so no module sees either driver's types.

pub(crate) mod postgres;
pub(crate) mod sqlite;

use std::fmt;
use std::time::Duration;

/// Which database a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Embedded SQLite, one file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A value passed to or read from the database.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// A 64-bit integer.
    Int(i64),
    /// A double.
    Real(f64),
    /// Text.
    Text(String),
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Value::Int(value)
    }
}

impl From<f64> for Value {
    fn from(value: f64) -> Self {
        Value::Real(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::Text(value.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::Text(value)
    }
}

impl From<&String> for Value {
    fn from(value: &String) -> Self {
        Value::Text(value.clone())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(Value::Null, Into::into)
    }
}

/// Parameters for a statement: `params![a, b]`.
macro_rules! params {
    () => { &[] as &[$crate::backend::Value] };
    ($($value:expr),+ $(,)?) => {
        &[$($crate::backend::Value::from($value)),+] as &[$crate::backend::Value]
    };
}
pub(crate) use params;

/// An error from a database driver, or a column of the wrong type.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite's error.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL's error (with the server's message and detail).
    #[error("{}", postgres::describe(.0))]
    Postgres(#[from] ::postgres::Error),
    /// A column held another type than the store expected.
    #[error("column {column}: expected {expected}, found {found}")]
    Column {
        /// The column's position, from 0.
        column: usize,
        /// What the store expected.
        expected: &'static str,
        /// What was there.
        found: String,
    },
    /// A value read could not be parsed (a time, a date).
    #[error("column {column}: {message}")]
    Parse {
        /// The column's position, from 0.
        column: usize,
        /// Why.
        message: String,
    },
}

/// One row of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn value(&self, column: usize) -> Result<&Value, DbError> {
        self.0.get(column).ok_or_else(|| DbError::Column {
            column,
            expected: "a column",
            found: format!("a row of {} columns", self.0.len()),
        })
    }

    fn wrong(column: usize, expected: &'static str, found: &Value) -> DbError {
        DbError::Column {
            column,
            expected,
            found: format!("{found:?}"),
        }
    }

    /// An integer column.
    pub fn int(&self, column: usize) -> Result<i64, DbError> {
        match self.value(column)? {
            Value::Int(value) => Ok(*value),
            other => Err(Self::wrong(column, "an integer", other)),
        }
    }

    /// An integer column that may be `NULL`.
    pub fn opt_int(&self, column: usize) -> Result<Option<i64>, DbError> {
        match self.value(column)? {
            Value::Null => Ok(None),
            _ => self.int(column).map(Some),
        }
    }

    /// A number column that may be `NULL`.
    pub fn opt_real(&self, column: usize) -> Result<Option<f64>, DbError> {
        match self.value(column)? {
            Value::Null => Ok(None),
            Value::Real(value) => Ok(Some(*value)),
            // SQLite keeps a whole REAL as an integer.
            Value::Int(value) => Ok(Some(*value as f64)),
            other => Err(Self::wrong(column, "a number", other)),
        }
    }

    /// A text column.
    pub fn text(&self, column: usize) -> Result<String, DbError> {
        match self.value(column)? {
            Value::Text(value) => Ok(value.clone()),
            other => Err(Self::wrong(column, "text", other)),
        }
    }

    /// A text column that may be `NULL`.
    pub fn opt_text(&self, column: usize) -> Result<Option<String>, DbError> {
        match self.value(column)? {
            Value::Null => Ok(None),
            _ => self.text(column).map(Some),
        }
    }
}

/// A connection to one of the databases: what the store's modules need.
///
/// Statements are written once with `?N` placeholders (see the module's
/// documentation). Writes happen between [`Backend::begin_write`] and
/// [`Backend::commit`]; one writer at a time holds the store, as SQLite's
/// `BEGIN IMMEDIATE` does, so a hash chain or an activation read at the
/// start of a write is still the latest at its end, whichever process
/// writes.
pub trait Backend: Send {
    /// The database's dialect.
    fn dialect(&self) -> Dialect;

    /// Runs a statement; how many rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError>;

    /// Runs a query; its rows.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError>;

    /// Runs statements without parameters, separated by semicolons.
    fn batch(&mut self, sql: &str) -> Result<(), DbError>;

    /// Starts a transaction that writes, once no other writer holds the
    /// store (waiting for it).
    fn begin_write(&mut self) -> Result<(), DbError>;

    /// Commits the transaction.
    fn commit(&mut self) -> Result<(), DbError>;

    /// Rolls the transaction back.
    fn rollback(&mut self) -> Result<(), DbError>;

    /// Tells the processes waiting in [`Backend::wait_for_versions`] that
    /// a version was activated, once the transaction commits (PostgreSQL's
    /// `NOTIFY`; nothing on SQLite, whose readers poll).
    fn notify_versions(&mut self) -> Result<(), DbError> {
        Ok(())
    }

    /// Waits until another process activates a version (`true`) or
    /// `timeout` passes (`false`). PostgreSQL is told at once (`LISTEN`);
    /// SQLite cannot tell, so this waits the whole `timeout`.
    fn wait_for_versions(&mut self, timeout: Duration) -> Result<bool, DbError> {
        std::thread::sleep(timeout);
        Ok(false)
    }

    /// The first row of a query, if any.
    fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, DbError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first row of a query, which must have one.
    fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Row, DbError> {
        self.query_opt(sql, params)?.ok_or_else(|| DbError::Column {
            column: 0,
            expected: "a row",
            found: "none".to_owned(),
        })
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        })
    }
}
