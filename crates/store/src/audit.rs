//! The audit log: every screening and decision, append-only and
//! hash-chained.
//!
//! Each row stores `hash = SHA-256(prev_hash ‖ document)`, where `prev_hash`
//! is the previous row's hash (64 zeros for the first row) and `document` is
//! the canonical JSON of the row (`seq`, `recorded_at`, `actor`, `kind` and
//! `body`, keys sorted, no whitespace). Triggers refuse updates and
//! deletions; [`Store::verify_audit`] recomputes the chain, so a row changed
//! or removed behind the database's back (or with the triggers dropped) is
//! found.
//!
//! Appends take the store's write lock (see
//! [`Backend::begin_write`](crate::backend::Backend::begin_write)), so
//! processes sharing one PostgreSQL database append one at a time and the
//! chain never forks.

use interdict_matcher::{Group, Options, Query, Screener};
use serde::Serialize;
use serde_json::{Value, json};

use crate::backend::{Backend, DbError, Row, params};
use crate::fingerprint::{canonical_json, entity_fingerprint};
use crate::versions::ListVersion;
use crate::{ENGINE_VERSION, SqlContext as _, Store, StoreError, Timestamp, sha256_hex};

/// The previous hash of the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// Its position, from 1.
    pub seq: i64,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    /// Who: a user name or an API key's id.
    pub actor: String,
    /// What: `screening`, `disposition`.
    pub kind: String,
    /// The record itself.
    pub body: Value,
    /// The previous row's hash.
    pub prev_hash: String,
    /// This row's hash.
    pub hash: String,
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditCheck {
    /// Rows checked.
    pub rows: u64,
    /// The first row that does not match the chain, if any.
    pub first_bad: Option<Tampered>,
}

/// A row that breaks the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tampered {
    /// The row's `seq`.
    pub seq: i64,
    /// What is wrong with it.
    pub reason: String,
}

/// The text hashed for a row.
fn row_document(seq: i64, recorded_at: &str, actor: &str, kind: &str, body: &str) -> String {
    let text = |s: &str| Value::String(s.to_owned()).to_string();
    format!(
        "{{\"actor\":{},\"body\":{body},\"kind\":{},\"recorded_at\":{},\"seq\":{seq}}}",
        text(actor),
        text(kind),
        text(recorded_at),
    )
}

fn row_hash(prev_hash: &str, document: &str) -> String {
    let mut bytes = Vec::with_capacity(prev_hash.len() + document.len());
    bytes.extend_from_slice(prev_hash.as_bytes());
    bytes.extend_from_slice(document.as_bytes());
    sha256_hex(&bytes)
}

/// What a screening used and found, as the audit log records it.
#[derive(Clone)]
pub struct ScreeningRecord<'a> {
    /// Who asked: a user name or an API key's id.
    pub actor: &'a str,
    /// What was screened.
    pub query: &'a Query,
    /// How.
    pub options: &'a Options,
    /// The list versions screened against.
    pub versions: &'a [ListVersion],
    /// The screener the results' entity positions refer to.
    pub screener: &'a Screener,
    /// The results.
    pub groups: &'a [Group],
}

/// A query as JSON.
pub fn query_json(query: &Query) -> Value {
    json!({
        "names": query.names,
        "birth_dates": query.birth_dates,
        "countries": query.countries,
        "identifiers": query.identifiers,
        "schema": query.schema,
    })
}

impl ScreeningRecord<'_> {
    /// The body stored in the log.
    pub fn body(&self) -> Value {
        let entities = self.screener.entities();
        let results: Vec<Value> = self
            .groups
            .iter()
            .map(|group| {
                let hits: Vec<Value> = group
                    .hits
                    .iter()
                    .map(|hit| {
                        let entity = entities.get(hit.entity);
                        json!({
                            "entity_id": entity.map(|e| e.id.as_str()),
                            "caption": entity.map(|e| e.caption()),
                            "fingerprint": entity.map(entity_fingerprint),
                            "score": hit.score,
                            "explanation": hit.explanation,
                        })
                    })
                    .collect();
                json!({ "score": group.score, "hits": hits })
            })
            .collect();
        let versions: Vec<Value> = self.versions.iter().map(ListVersion::audit_json).collect();
        json!({
            "query": query_json(self.query),
            "engine": ENGINE_VERSION,
            "threshold": self.options.threshold,
            "limit": self.options.limit,
            "lists": versions,
            "results": results,
        })
    }
}

impl Store {
    /// Records a screening in the audit log.
    pub fn record_screening(
        &mut self,
        record: &ScreeningRecord<'_>,
    ) -> Result<AuditEntry, StoreError> {
        self.append_audit(record.actor, "screening", &record.body())
    }

    /// Appends a row to the audit log.
    pub fn append_audit(
        &mut self,
        actor: &str,
        kind: &str,
        body: &Value,
    ) -> Result<AuditEntry, StoreError> {
        let now = self.now();
        self.write("appending to the audit log", |tx| {
            append_in(tx, now, actor, kind, body)
        })
    }

    /// Appends rows (actor, kind, body) to the audit log in one
    /// transaction: all are recorded, in order, or none. A server records
    /// the screenings of concurrent requests this way, one disk sync for
    /// many rows.
    pub fn append_audit_batch(
        &mut self,
        rows: &[(&str, &str, &Value)],
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let now = self.now();
        self.write("appending to the audit log", |tx| {
            rows.iter()
                .map(|(actor, kind, body)| append_in(tx, now, actor, kind, body))
                .collect::<Result<Vec<_>, _>>()
        })
    }

    /// The audit log's rows from `from_seq` on, at most `limit`.
    pub fn audit_entries(
        &self,
        from_seq: i64,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = self
            .db()
            .query(
                "SELECT seq, recorded_at, actor, kind, body, prev_hash, hash FROM audit_log \
                 WHERE seq >= ?1 ORDER BY seq LIMIT ?2",
                params![from_seq, i64::try_from(limit).unwrap_or(i64::MAX)],
            )
            .sql("reading the audit log")?;
        let mut entries = Vec::with_capacity(rows.len());
        for row in rows {
            let AuditRow {
                seq,
                recorded_at,
                actor,
                kind,
                body,
                prev_hash,
                hash,
            } = AuditRow::read(&row).sql("reading an audit row")?;
            let recorded_at = Timestamp::parse(&recorded_at)?;
            let body = serde_json::from_str(&body).map_err(|error| StoreError::Corrupt {
                what: format!("audit row {seq}"),
                error,
            })?;
            entries.push(AuditEntry {
                seq,
                recorded_at,
                actor,
                kind,
                body,
                prev_hash,
                hash,
            });
        }
        Ok(entries)
    }

    /// Recomputes the hash chain and reports the first row that breaks it:
    /// a changed row (its hash no longer matches its content), a removed or
    /// reordered row (a gap in `seq`, or a `prev_hash` that is not the
    /// previous row's hash).
    pub fn verify_audit(&self) -> Result<AuditCheck, StoreError> {
        let mut expected_prev = GENESIS_HASH.to_owned();
        let mut expected_seq = 1;
        let mut checked = 0;
        let mut after = i64::MIN;
        loop {
            // A page at a time: the log can be longer than memory.
            let rows = self
                .db()
                .query(
                    "SELECT seq, recorded_at, actor, kind, body, prev_hash, hash FROM audit_log \
                     WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                    params![after, VERIFY_PAGE],
                )
                .sql("reading the audit log")?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let AuditRow {
                    seq,
                    recorded_at,
                    actor,
                    kind,
                    body,
                    prev_hash,
                    hash,
                } = AuditRow::read(&row).sql("reading an audit row")?;
                checked += 1;
                after = seq;
                let bad = |reason: String| {
                    Ok(AuditCheck {
                        rows: checked,
                        first_bad: Some(Tampered { seq, reason }),
                    })
                };
                if seq != expected_seq {
                    return bad(format!(
                        "expected row {expected_seq} here: rows are missing"
                    ));
                }
                if prev_hash != expected_prev {
                    return bad("its previous hash is not the previous row's hash".into());
                }
                let document = row_document(seq, &recorded_at, &actor, &kind, &body);
                if row_hash(&prev_hash, &document) != hash {
                    return bad("its content does not match its hash".into());
                }
                expected_prev = hash;
                expected_seq += 1;
            }
        }
        Ok(AuditCheck {
            rows: checked,
            first_bad: None,
        })
    }
}

/// How many rows [`Store::verify_audit`] reads at a time.
const VERIFY_PAGE: i64 = 10_000;

/// A row of the audit log as stored.
struct AuditRow {
    seq: i64,
    recorded_at: String,
    actor: String,
    kind: String,
    body: String,
    prev_hash: String,
    hash: String,
}

impl AuditRow {
    fn read(row: &Row) -> Result<Self, DbError> {
        Ok(Self {
            seq: row.int(0)?,
            recorded_at: row.text(1)?,
            actor: row.text(2)?,
            kind: row.text(3)?,
            body: row.text(4)?,
            prev_hash: row.text(5)?,
            hash: row.text(6)?,
        })
    }
}

/// The value with every fractional number rounded to 6 decimals: scores
/// and weights are `f32`s, whose `f64` digits past that are noise, and
/// short decimals read back from the log as exactly the same numbers.
fn rounded(value: &Value) -> Value {
    match value {
        Value::Number(number) if !number.is_i64() && !number.is_u64() => number
            .as_f64()
            .and_then(|x| serde_json::Number::from_f64((x * 1e6).round() / 1e6))
            .map_or_else(|| value.clone(), Value::Number),
        Value::Array(items) => Value::Array(items.iter().map(rounded).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), rounded(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Appends a row inside a transaction the caller holds (so a decision and
/// its audit row are written together).
pub(crate) fn append_in(
    tx: &mut dyn Backend,
    now: Timestamp,
    actor: &str,
    kind: &str,
    body: &Value,
) -> Result<AuditEntry, StoreError> {
    let last: Option<(i64, String)> = tx
        .query_opt(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            params![],
        )
        .and_then(|row| row.map(|row| Ok((row.int(0)?, row.text(1)?))).transpose())
        .sql("reading the audit log's last row")?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let recorded_at = now.to_string();
    let body = rounded(body);
    let body_text = canonical_json(&body);
    let document = row_document(seq, &recorded_at, actor, kind, &body_text);
    let hash = row_hash(&prev_hash, &document);
    tx.execute(
        "INSERT INTO audit_log (seq, recorded_at, actor, kind, body, prev_hash, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            seq,
            &recorded_at,
            actor,
            kind,
            &body_text,
            &prev_hash,
            &hash
        ],
    )
    .sql("appending to the audit log")?;
    Ok(AuditEntry {
        seq,
        recorded_at: now,
        actor: actor.to_owned(),
        kind: kind.to_owned(),
        body,
        prev_hash,
        hash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Dialect;
    use crate::testing::{TestBackend, TestStore};

    crate::on_both_backends!(
        a_batch_of_rows_chains_on_like_single_rows,
        an_untouched_chain_verifies,
        fractions_are_kept_to_six_decimals_and_read_back_the_same,
        updates_and_deletes_are_refused,
        a_changed_row_is_found,
        a_removed_row_is_found,
        a_rewritten_tail_with_recomputed_hashes_still_breaks_at_the_edit,
        appends_from_several_connections_make_one_chain,
    );

    fn store_with_rows(backend: TestBackend, rows: usize) -> Option<(TestStore, Store)> {
        let place = TestStore::new(backend)?;
        let mut store = place.open();
        for i in 0..rows {
            store
                .append_audit("analyst", "note", &json!({"n": i, "text": "é\"x"}))
                .unwrap();
        }
        Some((place, store))
    }

    fn drop_trigger(store: &Store, name: &str) {
        let sql = match store.dialect() {
            Dialect::Sqlite => format!("DROP TRIGGER {name}"),
            Dialect::Postgres => format!("DROP TRIGGER {name} ON audit_log"),
        };
        store.db().batch(&sql).unwrap();
    }

    fn a_batch_of_rows_chains_on_like_single_rows(backend: TestBackend) {
        let Some((_place, mut store)) = store_with_rows(backend, 2) else {
            return;
        };
        let bodies = [json!({"n": 2}), json!({"n": 3}), json!({"n": 4})];
        let rows: Vec<(&str, &str, &Value)> =
            bodies.iter().map(|b| ("key:ops", "screening", b)).collect();
        let entries = store.append_audit_batch(&rows).unwrap();
        assert_eq!(entries.iter().map(|e| e.seq).collect::<Vec<_>>(), [3, 4, 5]);
        assert_eq!(entries[1].prev_hash, entries[0].hash);
        assert_eq!(
            store.verify_audit().unwrap(),
            AuditCheck {
                rows: 5,
                first_bad: None
            }
        );
    }

    fn an_untouched_chain_verifies(backend: TestBackend) {
        let Some((_place, store)) = store_with_rows(backend, 3) else {
            return;
        };
        let check = store.verify_audit().unwrap();
        assert_eq!(check.rows, 3);
        assert_eq!(check.first_bad, None);
        let entries = store.audit_entries(1, 10).unwrap();
        assert_eq!(entries[0].prev_hash, GENESIS_HASH);
        assert_eq!(entries[1].prev_hash, entries[0].hash);
        assert_eq!(entries[2].body, json!({"n": 2, "text": "é\"x"}));
    }

    fn fractions_are_kept_to_six_decimals_and_read_back_the_same(backend: TestBackend) {
        let Some((_place, mut store)) = store_with_rows(backend, 0) else {
            return;
        };
        let score = 0.942_497_43_f32;
        let entry = store
            .append_audit("a", "note", &json!({"score": score, "n": 3}))
            .unwrap();
        assert_eq!(entry.body, json!({"score": 0.942497, "n": 3}));
        assert_eq!(store.audit_entries(1, 1).unwrap()[0].body, entry.body);
    }

    fn updates_and_deletes_are_refused(backend: TestBackend) {
        let Some((_place, store)) = store_with_rows(backend, 2) else {
            return;
        };
        let error = store
            .db()
            .execute("UPDATE audit_log SET actor = 'x' WHERE seq = 1", &[])
            .unwrap_err();
        assert!(error.to_string().contains("append-only"), "{error}");
        let error = store
            .db()
            .execute("DELETE FROM audit_log", &[])
            .unwrap_err();
        assert!(error.to_string().contains("append-only"), "{error}");
        assert_eq!(store.verify_audit().unwrap().rows, 2);
    }

    fn a_changed_row_is_found(backend: TestBackend) {
        let Some((_place, store)) = store_with_rows(backend, 4) else {
            return;
        };
        drop_trigger(&store, "audit_log_no_update");
        store
            .db()
            .batch("UPDATE audit_log SET body = '{\"n\":9,\"text\":\"é\\\"x\"}' WHERE seq = 3")
            .unwrap();
        let check = store.verify_audit().unwrap();
        assert_eq!(check.first_bad.map(|t| t.seq), Some(3));
    }

    fn a_removed_row_is_found(backend: TestBackend) {
        let Some((_place, store)) = store_with_rows(backend, 4) else {
            return;
        };
        drop_trigger(&store, "audit_log_no_delete");
        store
            .db()
            .batch("DELETE FROM audit_log WHERE seq = 2")
            .unwrap();
        let check = store.verify_audit().unwrap();
        let bad = check.first_bad.unwrap();
        assert_eq!(bad.seq, 3);
        assert!(bad.reason.contains("missing"), "{}", bad.reason);
    }

    fn a_rewritten_tail_with_recomputed_hashes_still_breaks_at_the_edit(backend: TestBackend) {
        // Rewriting one row and its own hash is not enough: the next row's
        // previous hash no longer matches.
        let Some((_place, store)) = store_with_rows(backend, 3) else {
            return;
        };
        let document = row_document(2, "2020-01-01T00:00:00.000000Z", "x", "note", "{}");
        let entries = store.audit_entries(1, 3).unwrap();
        let forged = row_hash(&entries[0].hash, &document);
        drop_trigger(&store, "audit_log_no_update");
        store
            .db()
            .execute(
                "UPDATE audit_log SET recorded_at = '2020-01-01T00:00:00.000000Z', actor = 'x', \
                 body = '{}', hash = ?1 WHERE seq = 2",
                crate::backend::params![forged],
            )
            .unwrap();
        let check = store.verify_audit().unwrap();
        assert_eq!(check.first_bad.map(|t| t.seq), Some(3));
    }

    /// Two processes (here: connections on two threads) appending at once
    /// take turns: one chain, no row twice, no fork.
    fn appends_from_several_connections_make_one_chain(backend: TestBackend) {
        let Some((place, _store)) = store_with_rows(backend, 0) else {
            return;
        };
        let place = &place;
        std::thread::scope(|scope| {
            for writer in 0..4 {
                scope.spawn(move || {
                    let mut store = place.open();
                    for n in 0..25 {
                        let body = json!({"writer": writer, "n": n});
                        if n % 5 == 0 {
                            let rows = [("w", "note", &body), ("w", "note", &body)];
                            store.append_audit_batch(&rows).unwrap();
                        } else {
                            store.append_audit("w", "note", &body).unwrap();
                        }
                    }
                });
            }
        });
        let store = place.open();
        assert_eq!(
            store.verify_audit().unwrap(),
            AuditCheck {
                rows: 4 * 30,
                first_bad: None
            }
        );
    }
}
