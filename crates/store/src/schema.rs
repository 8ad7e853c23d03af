//! The database schema and its migrations: for SQLite versioned with
//! `PRAGMA user_version`, for PostgreSQL in the table `interdict_schema`.
//! Both have the same tables and migrations, each in its own DDL.

use crate::StoreError;
use crate::backend::{Backend, DbError, Dialect, params};

/// SQLite's migrations, in order; the schema version is the number applied.
const SQLITE: &[&str] = &[
    // 1: list versions, activations, audit log, monitoring.
    r"
    CREATE TABLE list_version (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        authority TEXT NOT NULL,
        format TEXT NOT NULL,
        published TEXT,
        content_hash TEXT NOT NULL,
        byte_count INTEGER NOT NULL,
        entity_count INTEGER NOT NULL,
        origin TEXT NOT NULL,
        loaded_at TEXT NOT NULL,
        UNIQUE (source, content_hash)
    );
    CREATE TABLE version_entity (
        version_id INTEGER NOT NULL REFERENCES list_version(id),
        position INTEGER NOT NULL,
        entity_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (version_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX version_entity_by_id ON version_entity (entity_id, version_id);
    CREATE TABLE activation (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        version_id INTEGER NOT NULL REFERENCES list_version(id),
        active_from TEXT NOT NULL,
        active_until TEXT
    );
    CREATE UNIQUE INDEX one_active_version_per_source
        ON activation (source) WHERE active_until IS NULL;
    CREATE INDEX activation_by_time ON activation (source, active_from);

    CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        recorded_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

    CREATE TABLE monitored (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        query TEXT NOT NULL,
        query_hash TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE TABLE monitor_hit (
        customer_id INTEGER NOT NULL REFERENCES monitored(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (customer_id, entity_id)
    ) WITHOUT ROWID;
    CREATE TABLE alert (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES monitored(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL,
        caption TEXT NOT NULL,
        kind TEXT NOT NULL,
        score REAL,
        fingerprint TEXT NOT NULL,
        query_hash TEXT NOT NULL,
        changed_fields TEXT NOT NULL,
        explanation TEXT,
        version_id INTEGER REFERENCES list_version(id),
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open'
    );
    CREATE INDEX alert_by_status ON alert (status, id);
    CREATE TABLE disposition (
        id INTEGER PRIMARY KEY,
        alert_id INTEGER NOT NULL REFERENCES alert(id),
        query_hash TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        decision TEXT NOT NULL,
        comment TEXT NOT NULL,
        actor TEXT NOT NULL,
        decided_at TEXT NOT NULL
    );
    CREATE INDEX disposition_by_subject ON disposition (query_hash, entity_id);
    ",
    // 2: an alert's latest decision, found by alert.
    r"
    CREATE INDEX disposition_by_alert ON disposition (alert_id, id);
    ",
    // 3: analysts' decisions on consolidated subjects: two records split
    // apart or merged; the latest decision on a pair holds.
    r"
    CREATE TABLE subject_decision (
        id INTEGER PRIMARY KEY,
        decision TEXT NOT NULL,
        entity_a TEXT NOT NULL,
        entity_b TEXT NOT NULL,
        comment TEXT NOT NULL,
        actor TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        audit_seq INTEGER NOT NULL
    );
    CREATE INDEX subject_decision_by_pair ON subject_decision (entity_a, entity_b, id);
    ",
    // 4: clusterings of the served lists into subjects, kept so that a
    // process need not make one again: by a key over the clustering rules'
    // version, the versions clustered and the decisions applied.
    r"
    CREATE TABLE consolidation (
        key TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    ",
];

/// PostgreSQL's migrations: the same tables as SQLite's, with identity
/// columns, 64-bit integers and doubles, a trigger function for the
/// append-only log, and text compared byte by byte (`COLLATE "C"`), as
/// SQLite compares it, whatever the database's locale. `writer_lock` is the one-row table writers lock.
const POSTGRES: &[&str] = &[
    // 1: list versions, activations, audit log, monitoring.
    r#"
    CREATE TABLE writer_lock (id BIGINT PRIMARY KEY);
    INSERT INTO writer_lock VALUES (1);
    CREATE TABLE list_version (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        source TEXT COLLATE "C" NOT NULL,
        title TEXT COLLATE "C" NOT NULL,
        authority TEXT COLLATE "C" NOT NULL,
        format TEXT COLLATE "C" NOT NULL,
        published TEXT COLLATE "C",
        content_hash TEXT COLLATE "C" NOT NULL,
        byte_count BIGINT NOT NULL,
        entity_count BIGINT NOT NULL,
        origin TEXT COLLATE "C" NOT NULL,
        loaded_at TEXT COLLATE "C" NOT NULL,
        UNIQUE (source, content_hash)
    );
    CREATE TABLE version_entity (
        version_id BIGINT NOT NULL REFERENCES list_version(id),
        position BIGINT NOT NULL,
        entity_id TEXT COLLATE "C" NOT NULL,
        fingerprint TEXT COLLATE "C" NOT NULL,
        body TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (version_id, position)
    );
    CREATE INDEX version_entity_by_id ON version_entity (entity_id, version_id);
    CREATE TABLE activation (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        source TEXT COLLATE "C" NOT NULL,
        version_id BIGINT NOT NULL REFERENCES list_version(id),
        active_from TEXT COLLATE "C" NOT NULL,
        active_until TEXT COLLATE "C"
    );
    CREATE UNIQUE INDEX one_active_version_per_source
        ON activation (source) WHERE active_until IS NULL;
    CREATE INDEX activation_by_time ON activation (source, active_from);

    CREATE TABLE audit_log (
        seq BIGINT PRIMARY KEY,
        recorded_at TEXT COLLATE "C" NOT NULL,
        actor TEXT COLLATE "C" NOT NULL,
        kind TEXT COLLATE "C" NOT NULL,
        body TEXT COLLATE "C" NOT NULL,
        prev_hash TEXT COLLATE "C" NOT NULL,
        hash TEXT COLLATE "C" NOT NULL
    );
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

    CREATE TABLE monitored (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        key TEXT COLLATE "C" NOT NULL UNIQUE,
        query TEXT COLLATE "C" NOT NULL,
        query_hash TEXT COLLATE "C" NOT NULL,
        added_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE monitor_hit (
        customer_id BIGINT NOT NULL REFERENCES monitored(id) ON DELETE CASCADE,
        entity_id TEXT COLLATE "C" NOT NULL,
        fingerprint TEXT COLLATE "C" NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (customer_id, entity_id)
    );
    CREATE TABLE alert (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        customer_id BIGINT NOT NULL REFERENCES monitored(id) ON DELETE CASCADE,
        entity_id TEXT COLLATE "C" NOT NULL,
        caption TEXT COLLATE "C" NOT NULL,
        kind TEXT COLLATE "C" NOT NULL,
        score DOUBLE PRECISION,
        fingerprint TEXT COLLATE "C" NOT NULL,
        query_hash TEXT COLLATE "C" NOT NULL,
        changed_fields TEXT COLLATE "C" NOT NULL,
        explanation TEXT COLLATE "C",
        version_id BIGINT REFERENCES list_version(id),
        created_at TEXT COLLATE "C" NOT NULL,
        status TEXT COLLATE "C" NOT NULL DEFAULT 'open'
    );
    CREATE INDEX alert_by_status ON alert (status, id);
    CREATE TABLE disposition (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        alert_id BIGINT NOT NULL REFERENCES alert(id),
        query_hash TEXT COLLATE "C" NOT NULL,
        entity_id TEXT COLLATE "C" NOT NULL,
        fingerprint TEXT COLLATE "C" NOT NULL,
        decision TEXT COLLATE "C" NOT NULL,
        comment TEXT COLLATE "C" NOT NULL,
        actor TEXT COLLATE "C" NOT NULL,
        decided_at TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX disposition_by_subject ON disposition (query_hash, entity_id);
    "#,
    // 2: an alert's latest decision, found by alert.
    r#"
    CREATE INDEX disposition_by_alert ON disposition (alert_id, id);
    "#,
    // 3: analysts' decisions on consolidated subjects.
    r#"
    CREATE TABLE subject_decision (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        decision TEXT COLLATE "C" NOT NULL,
        entity_a TEXT COLLATE "C" NOT NULL,
        entity_b TEXT COLLATE "C" NOT NULL,
        comment TEXT COLLATE "C" NOT NULL,
        actor TEXT COLLATE "C" NOT NULL,
        decided_at TEXT COLLATE "C" NOT NULL,
        audit_seq BIGINT NOT NULL
    );
    CREATE INDEX subject_decision_by_pair ON subject_decision (entity_a, entity_b, id);
    "#,
    // 4: kept clusterings of the served lists into subjects.
    r#"
    CREATE TABLE consolidation (
        key TEXT COLLATE "C" PRIMARY KEY,
        created_at TEXT COLLATE "C" NOT NULL,
        payload TEXT COLLATE "C" NOT NULL
    );
    "#,
];

/// The schema version this build writes (both backends have as many
/// migrations).
pub const CURRENT: i64 = SQLITE.len() as i64;

const _: () = assert!(SQLITE.len() == POSTGRES.len());

/// The schema version the database has.
pub(crate) fn version(db: &mut dyn Backend) -> Result<i64, DbError> {
    match db.dialect() {
        Dialect::Sqlite => db.query_one("PRAGMA user_version", params![])?.int(0),
        Dialect::Postgres => Ok(db
            .query_opt("SELECT version FROM interdict_schema", params![])?
            .map(|row| row.int(0))
            .transpose()?
            .unwrap_or(0)),
    }
}

/// Applies the migrations the database has not had yet, each in its own
/// transaction with its version bump; `location` names the store in
/// errors. Processes starting together migrate one at a time.
pub(crate) fn migrate(db: &mut dyn Backend, location: &str) -> Result<(), StoreError> {
    let open_error = |error| StoreError::Open {
        path: location.to_owned(),
        error,
    };
    let dialect = db.dialect();
    if dialect == Dialect::Postgres {
        // Another process may be creating the schema table right now.
        db.batch(
            "BEGIN; SELECT pg_advisory_xact_lock(hashtext('interdict-migrate:' || current_schema())); \
             CREATE TABLE IF NOT EXISTS interdict_schema (version BIGINT NOT NULL); COMMIT",
        )
        .map_err(open_error)?;
    }
    let found = version(db).map_err(open_error)?;
    if found > CURRENT {
        return Err(StoreError::SchemaTooNew {
            path: location.to_owned(),
            found,
            known: CURRENT,
        });
    }
    let migrations = match dialect {
        Dialect::Sqlite => SQLITE,
        Dialect::Postgres => POSTGRES,
    };
    for (done, migration) in migrations.iter().enumerate().skip(found.max(0) as usize) {
        let step = |db: &mut dyn Backend| -> Result<(), DbError> {
            match dialect {
                Dialect::Sqlite => db.batch("BEGIN EXCLUSIVE")?,
                Dialect::Postgres => db.batch(
                    "BEGIN; SELECT pg_advisory_xact_lock(hashtext('interdict-migrate:' || current_schema()))",
                )?,
            }
            // Another process may have migrated while this one waited.
            if version(db)? > done as i64 {
                return Ok(());
            }
            db.batch(migration)?;
            let next = done as i64 + 1;
            match dialect {
                Dialect::Sqlite => db.batch(&format!("PRAGMA user_version = {next}"))?,
                Dialect::Postgres => {
                    db.execute("DELETE FROM interdict_schema", params![])?;
                    db.execute(
                        "INSERT INTO interdict_schema (version) VALUES (?1)",
                        params![next],
                    )?;
                }
            }
            Ok(())
        };
        match step(db) {
            Ok(()) => db.commit().map_err(open_error)?,
            Err(error) => {
                let _ = db.rollback();
                return Err(open_error(error));
            }
        }
    }
    Ok(())
}
