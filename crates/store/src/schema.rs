//! The database schema and its migrations, versioned with
//! `PRAGMA user_version`.

use std::path::Path;

use rusqlite::Connection;

use crate::StoreError;

/// Each migration, in order; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[
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
];

/// The schema version this build writes.
pub const CURRENT: i64 = MIGRATIONS.len() as i64;

/// Applies the migrations the database has not had yet, each in its own
/// transaction with its version bump.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let open_error = |error| StoreError::Open {
        path: path.display().to_string(),
        error,
    };
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(open_error)?;
    if found > CURRENT {
        return Err(StoreError::SchemaTooNew {
            path: path.display().to_string(),
            found,
            known: CURRENT,
        });
    }
    for (done, migration) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)
            .map_err(open_error)?;
        // Another process may have migrated while this one waited.
        let now: i64 = tx
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(open_error)?;
        if now > done as i64 {
            continue;
        }
        tx.execute_batch(migration).map_err(open_error)?;
        tx.pragma_update(None, "user_version", done as i64 + 1)
            .map_err(open_error)?;
        tx.commit().map_err(open_error)?;
    }
    Ok(())
}
