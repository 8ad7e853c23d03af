//! The shared backend: a PostgreSQL server, named by a URL
//! (`postgres://user@host:port/database`).
//!
//! Uses the synchronous `postgres` client, which runs a small runtime of
//! its own: call it from plain threads (or tokio's blocking pool), never
//! from async code. Statements are prepared once per connection. Writers
//! take an exclusive lock on the one-row table `writer_lock` inside their
//! transaction, so writes from several processes (replicas, `interdict
//! update`) are serialised as SQLite serialises them; readers never wait.

use std::collections::HashMap;
use std::time::Duration;

use ::postgres::fallible_iterator::FallibleIterator as _;
use ::postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use ::postgres::{Client, Config, NoTls, Statement};
use bytes::BytesMut;

use super::{Backend, DbError, Dialect, Row, Value};

/// The channel a process activating a version notifies on.
const VERSIONS_CHANNEL: &str = "interdict_versions";

/// How long connecting may take when the URL does not say.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether `location` names a PostgreSQL server rather than a file.
pub(crate) fn is_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// The URL with its password, if any, replaced by `***`, for messages.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    let user = match userinfo.split_once(':') {
        Some((user, _password)) => format!("{user}:***"),
        None => userinfo.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => {
                        format!("{key}=***")
                    }
                    _ => pair.to_owned(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{user}@{host}{tail}")
}

/// The server's message, detail and hint when it gave them, else the
/// client's own.
pub(crate) fn describe(error: &::postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => {
            let mut text = format!("{}: {}", db.severity(), db.message());
            if let Some(detail) = db.detail() {
                text.push_str(&format!(" ({detail})"));
            }
            if let Some(hint) = db.hint() {
                text.push_str(&format!("; hint: {hint}"));
            }
            text
        }
        None => {
            let mut text = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                let cause_text = cause.to_string();
                if !text.contains(&cause_text) {
                    text.push_str(&format!(": {cause_text}"));
                }
                source = cause.source();
            }
            text
        }
    }
}

/// `?N` placeholders as PostgreSQL's `$N` (outside quoted text).
pub(crate) fn rewrite_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted && chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
            _ => out.push(c),
        }
    }
    out
}

/// A connection to a PostgreSQL database.
pub(crate) struct Postgres {
    config: Config,
    client: Client,
    statements: HashMap<String, Statement>,
    in_transaction: bool,
    listening: bool,
}

impl Postgres {
    /// Connects to the database `url` names, without TLS (for a server on
    /// this machine or a private network).
    pub(crate) fn connect(url: &str) -> Result<Self, DbError> {
        let mut config: Config = url.parse()?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("interdict");
        }
        let client = config.connect(NoTls)?;
        Ok(Self {
            config,
            client,
            statements: HashMap::new(),
            in_transaction: false,
            listening: false,
        })
    }

    /// Connects again when the server closed the connection (a restart),
    /// between transactions.
    fn ensure_connected(&mut self) -> Result<(), DbError> {
        if self.client.is_closed() && !self.in_transaction {
            self.reconnect()?;
        }
        Ok(())
    }

    /// Whether `error` says the connection is gone: closed, or ended by
    /// the server (SQLSTATE class 57P: shutdown, restart, terminated).
    fn connection_lost(&self, error: &::postgres::Error) -> bool {
        self.client.is_closed()
            || error.is_closed()
            || error
                .code()
                .is_some_and(|code| code.code().starts_with("57P"))
    }

    fn reconnect(&mut self) -> Result<(), DbError> {
        self.client = self.config.connect(NoTls)?;
        self.statements.clear();
        self.listening = false;
        Ok(())
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, ::postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(&rewrite_placeholders(sql))?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    fn try_query(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> Result<Vec<::postgres::Row>, ::postgres::Error> {
        let statement = self.statement(sql)?;
        self.client.query(&statement, &as_params(params))
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Real(v) => match *ty {
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Text(v) => v.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn row_values(row: &::postgres::Row) -> Result<Row, DbError> {
    let mut values = Vec::with_capacity(row.len());
    for (i, column) in row.columns().iter().enumerate() {
        let value = match *column.type_() {
            Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
            Type::INT4 => row
                .try_get::<_, Option<i32>>(i)?
                .map(|v| Value::Int(i64::from(v))),
            Type::INT2 => row
                .try_get::<_, Option<i16>>(i)?
                .map(|v| Value::Int(i64::from(v))),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(i)?
                .map(|v| Value::Int(i64::from(v))),
            Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
            Type::FLOAT4 => row
                .try_get::<_, Option<f32>>(i)?
                .map(|v| Value::Real(f64::from(v))),
            Type::BYTEA => row
                .try_get::<_, Option<Vec<u8>>>(i)?
                .map(|v| Value::Text(String::from_utf8_lossy(&v).into_owned())),
            _ => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
        };
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(Row(values))
}

fn as_params(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

impl Backend for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        self.ensure_connected()?;
        let statement = self.statement(sql)?;
        Ok(self.client.execute(&statement, &as_params(params))?)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        self.ensure_connected()?;
        let rows = match self.try_query(sql, params) {
            Ok(rows) => rows,
            // The server dropped the connection (a restart, a failover, an
            // administrator): outside a transaction a query only reads, so
            // it is asked again once on a new connection.
            Err(error) if !self.in_transaction && self.connection_lost(&error) => {
                self.reconnect()?;
                self.try_query(sql, params)?
            }
            Err(error) => return Err(error.into()),
        };
        rows.iter().map(row_values).collect()
    }

    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.ensure_connected()?;
        Ok(self.client.batch_execute(sql)?)
    }

    fn begin_write(&mut self) -> Result<(), DbError> {
        self.ensure_connected()?;
        if let Err(error) = self.client.batch_execute("BEGIN") {
            // Nothing was done yet: on a dropped connection, begin anew.
            if !self.connection_lost(&error) {
                return Err(error.into());
            }
            self.reconnect()?;
            self.client.batch_execute("BEGIN")?;
        }
        self.in_transaction = true;
        if let Err(error) = self
            .client
            .batch_execute("LOCK TABLE writer_lock IN EXCLUSIVE MODE")
        {
            let _ = self.rollback();
            return Err(error.into());
        }
        Ok(())
    }

    fn commit(&mut self) -> Result<(), DbError> {
        let committed = self.client.batch_execute("COMMIT");
        if committed.is_err() {
            let _ = self.client.batch_execute("ROLLBACK");
        }
        self.in_transaction = false;
        Ok(committed?)
    }

    fn notify_versions(&mut self) -> Result<(), DbError> {
        Ok(self
            .client
            .batch_execute(&format!("NOTIFY {VERSIONS_CHANNEL}"))?)
    }

    fn wait_for_versions(&mut self, timeout: Duration) -> Result<bool, DbError> {
        self.ensure_connected()?;
        if !self.listening {
            self.client
                .batch_execute(&format!("LISTEN {VERSIONS_CHANNEL}"))?;
            self.listening = true;
        }
        let mut notifications = self.client.notifications();
        let notified = notifications.timeout_iter(timeout).next()?;
        if notified.is_some() {
            // Several activations at once need one reload.
            while notifications.iter().next()?.is_some() {}
        }
        Ok(notified.is_some())
    }

    fn rollback(&mut self) -> Result<(), DbError> {
        self.in_transaction = false;
        if self.client.is_closed() {
            return Ok(());
        }
        Ok(self.client.batch_execute("ROLLBACK")?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_with_dollars_outside_quotes() {
        assert_eq!(
            rewrite_placeholders("SELECT '?1', x FROM t WHERE a = ?1 AND (?2 IS NULL OR b = ?12)"),
            "SELECT '?1', x FROM t WHERE a = $1 AND ($2 IS NULL OR b = $12)"
        );
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://app:s3cret@db.example:5432/interdict?sslmode=disable"),
            "postgres://app:***@db.example:5432/interdict?sslmode=disable"
        );
        assert_eq!(
            redact("postgresql://app@127.0.0.1/x?password=s3cret&options=-c"),
            "postgresql://app@127.0.0.1/x?password=***&options=-c"
        );
        assert_eq!(
            redact("postgres://127.0.0.1:5/x"),
            "postgres://127.0.0.1:5/x"
        );
        assert!(is_url("postgresql://h/d") && is_url("postgres://h/d"));
        assert!(!is_url("/var/lib/interdict.db"));
    }
}
