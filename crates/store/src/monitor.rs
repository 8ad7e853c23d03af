//! Monitoring: watched customers, re-screened when a list changes; alerts;
//! analysts' dispositions.
//!
//! Each re-screening compares a customer's hits with those of the last one:
//!
//! * a hit on an entity not hit before is a `new` alert;
//! * a hit on an entity whose identifying facts changed (its
//!   [fingerprint](crate::fingerprint::entity_fingerprint): names, dates of
//!   birth, nationalities, identifiers) is a `changed` alert;
//! * an entity hit before that is no longer on any served list, and that an
//!   analyst confirmed as a true match for the customer, is a `delisted`
//!   alert.
//!
//! A hit an analyst marked as a false positive for the same query (the
//! customer's data, by hash) and the same fingerprint raises no alert; once
//! the listing's identifying facts change, it does again.

use std::collections::{HashMap, HashSet};

use interdict_matcher::{DEFAULT_THRESHOLD, Options, Query, Screener};
use interdict_model::{Country, Entity, FuzzyDate, Schema};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::audit::{append_in, query_json};
use crate::backend::{Backend, DbError, Row, params};
use crate::diff::changed_fields;
use crate::fingerprint::{canonical_json, entity_fingerprint};
use crate::versions::{ListVersion, time_column};
use crate::{SqlContext as _, Store, StoreError, Timestamp, sha256_hex};

/// A watched customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    /// The caller's key for the customer.
    pub key: String,
    /// What is screened.
    pub query: Query,
    /// SHA-256 of the query's canonical JSON: dispositions hold for this
    /// query only.
    pub query_hash: String,
    /// When it was added or last changed.
    pub added_at: Timestamp,
}

/// What adding a customer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerChange {
    /// A new customer.
    Added,
    /// A known key with different data: its hits start afresh.
    Updated,
    /// A known key with the same data.
    Unchanged,
}

/// Why an alert was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// A hit on an entity not hit before.
    New,
    /// A hit on an entity whose identifying facts changed.
    Changed,
    /// A confirmed hit's entity was removed from its list.
    Delisted,
}

/// Where an alert stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    /// Not decided yet.
    Open,
    /// Decided: the customer is the listed entity.
    TrueMatch,
    /// Decided: the customer is not the listed entity.
    FalsePositive,
}

/// An analyst's decision on an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The customer is the listed entity.
    TrueMatch,
    /// The customer is not the listed entity.
    FalsePositive,
}

impl Decision {
    fn id(self) -> &'static str {
        match self {
            Decision::TrueMatch => "true_match",
            Decision::FalsePositive => "false_positive",
        }
    }
}

fn text_enum<T: for<'de> Deserialize<'de>>(text: &str) -> Option<T> {
    serde_json::from_value(Value::String(text.to_owned())).ok()
}

fn enum_text<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(text)) => text,
        _ => String::new(),
    }
}

/// An alert for an analyst.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// Its number.
    pub id: i64,
    /// The customer's key.
    pub customer: String,
    /// The listed entity's id.
    pub entity_id: String,
    /// The listed entity's name.
    pub caption: String,
    /// Why it was raised.
    pub kind: AlertKind,
    /// The hit's score (none for a delisting).
    pub score: Option<f32>,
    /// The entity's fingerprint when the alert was raised.
    pub fingerprint: String,
    /// For a changed listing, the fields that changed.
    pub changed_fields: Vec<String>,
    /// The hit's explanation.
    pub explanation: Option<Value>,
    /// The list version that raised it.
    pub version_id: Option<i64>,
    /// When.
    pub created_at: Timestamp,
    /// Where it stands.
    pub status: AlertStatus,
    /// The analyst's decision, once made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided: Option<Decided>,
}

/// An analyst's decision as an alert shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decided {
    /// The decision.
    pub decision: Decision,
    /// Why.
    pub comment: String,
    /// Who decided.
    pub actor: String,
    /// When.
    pub decided_at: Timestamp,
}

/// An analyst's decision, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disposition {
    /// The alert decided.
    pub alert_id: i64,
    /// The decision.
    pub decision: Decision,
    /// The analyst's comment.
    pub comment: String,
    /// Who decided.
    pub actor: String,
    /// When.
    pub decided_at: Timestamp,
    /// The audit log row that records it.
    pub audit_seq: i64,
}

/// What a re-screening did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RescreenReport {
    /// Customers screened.
    pub customers: usize,
    /// Hits found.
    pub hits: usize,
    /// Alerts raised.
    pub alerts: Vec<Alert>,
    /// New or changed hits not raised because an analyst marked them false
    /// positives for the same query and fingerprint.
    pub suppressed: usize,
}

/// How monitoring screens: the default threshold, up to 25 results.
pub fn monitor_options() -> Options {
    Options {
        threshold: DEFAULT_THRESHOLD,
        limit: 25,
    }
}

#[derive(Deserialize)]
struct StoredQuery {
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    birth_dates: Vec<FuzzyDate>,
    #[serde(default)]
    countries: Vec<Country>,
    #[serde(default)]
    identifiers: Vec<String>,
    #[serde(default)]
    schema: Option<Schema>,
}

/// The hash dispositions are keyed on: SHA-256 of the query's canonical
/// JSON.
pub fn query_hash(query: &Query) -> String {
    sha256_hex(canonical_json(&query_json(query)).as_bytes())
}

const ALERT_COLUMNS: &str = "a.id, m.key, a.entity_id, a.caption, a.kind, a.score, a.fingerprint, \
     a.changed_fields, a.explanation, a.version_id, a.created_at, a.status, \
     d.decision, d.comment, d.actor, d.decided_at";

/// The alerts with their customers and their latest decisions.
const ALERT_TABLES: &str = "alert a JOIN monitored m ON m.id = a.customer_id \
     LEFT JOIN disposition d ON d.id = (SELECT max(id) FROM disposition WHERE alert_id = a.id)";

fn alert_from_row(row: &Row) -> Result<Alert, DbError> {
    let kind = row.text(4)?;
    let changed = row.text(7)?;
    let explanation = row.opt_text(8)?;
    let status = row.text(11)?;
    let decision = row.opt_text(12)?;
    let decided = match decision.as_deref().and_then(text_enum::<Decision>) {
        Some(decision) => Some(Decided {
            decision,
            comment: row.text(13)?,
            actor: row.text(14)?,
            decided_at: time_column(row, 15)?,
        }),
        None => None,
    };
    Ok(Alert {
        id: row.int(0)?,
        customer: row.text(1)?,
        entity_id: row.text(2)?,
        caption: row.text(3)?,
        kind: text_enum(&kind).unwrap_or(AlertKind::New),
        score: row.opt_real(5)?.map(|s| s as f32),
        fingerprint: row.text(6)?,
        changed_fields: serde_json::from_str(&changed).unwrap_or_default(),
        explanation: explanation.and_then(|e| serde_json::from_str(&e).ok()),
        version_id: row.opt_int(9)?,
        created_at: time_column(row, 10)?,
        status: text_enum(&status).unwrap_or(AlertStatus::Open),
        decided,
    })
}

impl Store {
    /// Watches a customer under `key`; a key already watched with other
    /// data is updated, and its hits start afresh.
    pub fn add_monitored(
        &mut self,
        key: &str,
        query: &Query,
    ) -> Result<CustomerChange, StoreError> {
        let hash = query_hash(query);
        let text = canonical_json(&query_json(query));
        let now = self.now().to_string();
        self.write("saving a customer", |tx| {
            let existing: Option<(i64, String)> = tx
                .query_opt(
                    "SELECT id, query_hash FROM monitored WHERE key = ?1",
                    params![key],
                )
                .and_then(|row| row.map(|row| Ok((row.int(0)?, row.text(1)?))).transpose())
                .sql("finding a customer")?;
            Ok(match existing {
                None => {
                    tx.execute(
                        "INSERT INTO monitored (key, query, query_hash, added_at) VALUES (?1, ?2, ?3, ?4)",
                        params![key, &text, &hash, &now],
                    )
                    .sql("adding a customer")?;
                    CustomerChange::Added
                }
                Some((_, old_hash)) if old_hash == hash => CustomerChange::Unchanged,
                Some((id, _)) => {
                    tx.execute(
                        "UPDATE monitored SET query = ?2, query_hash = ?3, added_at = ?4 WHERE id = ?1",
                        params![id, &text, &hash, &now],
                    )
                    .sql("updating a customer")?;
                    tx.execute("DELETE FROM monitor_hit WHERE customer_id = ?1", params![id])
                        .sql("clearing a customer's hits")?;
                    CustomerChange::Updated
                }
            })
        })
    }

    /// Stops watching a customer; whether it was watched.
    pub fn remove_monitored(&mut self, key: &str) -> Result<bool, StoreError> {
        let removed = self.write("removing a customer", |tx| {
            tx.execute("DELETE FROM monitored WHERE key = ?1", params![key])
                .sql("removing a customer")
        })?;
        Ok(removed > 0)
    }

    /// The watched customers, by key.
    pub fn monitored(&self) -> Result<Vec<Customer>, StoreError> {
        Ok(self
            .monitored_rows()?
            .into_iter()
            .map(|(_, customer)| customer)
            .collect())
    }

    fn monitored_rows(&self) -> Result<Vec<(i64, Customer)>, StoreError> {
        let rows = self
            .db()
            .query(
                "SELECT id, key, query, query_hash, added_at FROM monitored ORDER BY key",
                params![],
            )
            .sql("listing customers")?;
        let mut customers = Vec::with_capacity(rows.len());
        for row in rows {
            let read = |row: &Row| -> Result<_, DbError> {
                Ok((
                    row.int(0)?,
                    row.text(1)?,
                    row.text(2)?,
                    row.text(3)?,
                    time_column(row, 4)?,
                ))
            };
            let (id, key, query, query_hash, added_at) = read(&row).sql("reading a customer")?;
            let stored: StoredQuery =
                serde_json::from_str(&query).map_err(|error| StoreError::Corrupt {
                    what: format!("customer {key:?}"),
                    error,
                })?;
            customers.push((
                id,
                Customer {
                    key,
                    query: Query {
                        names: stored.names,
                        birth_dates: stored.birth_dates,
                        countries: stored.countries,
                        identifiers: stored.identifiers,
                        schema: stored.schema,
                    },
                    query_hash,
                    added_at,
                },
            ));
        }
        Ok(customers)
    }

    /// Re-screens every watched customer against the versions served now
    /// and raises alerts (see the module's documentation).
    pub fn rescreen_active(&mut self, options: &Options) -> Result<RescreenReport, StoreError> {
        let watched: i64 = self
            .db()
            .query_one("SELECT count(*) FROM monitored", params![])
            .and_then(|row| row.int(0))
            .sql("counting customers")?;
        if watched == 0 {
            return Ok(RescreenReport::default());
        }
        let mut versions = Vec::new();
        let mut entities = Vec::new();
        for (version, source) in self.active_sources()? {
            versions.push(version);
            entities.extend(source.entities);
        }
        let screener = Screener::new(entities);
        self.rescreen(&screener, &versions, options)
    }

    /// Re-screens every watched customer with `screener`, built over the
    /// entities of `versions`, and raises alerts.
    pub fn rescreen(
        &mut self,
        screener: &Screener,
        versions: &[ListVersion],
        options: &Options,
    ) -> Result<RescreenReport, StoreError> {
        let customers = self.monitored_rows()?;
        let version_of: HashMap<&str, i64> =
            versions.iter().map(|v| (v.source.as_str(), v.id)).collect();
        let listed: HashSet<&str> = screener.entities().iter().map(|e| e.id.as_str()).collect();
        let now = self.now();
        let mut report = RescreenReport {
            customers: customers.len(),
            ..RescreenReport::default()
        };
        self.write("saving a re-screening", |tx| {
            for (customer_id, customer) in &customers {
                let mut current: Vec<(&Entity, String, f32, Value)> = Vec::new();
                for group in screener.screen(&customer.query, options) {
                    for hit in group.hits {
                        let Some(entity) = screener.entities().get(hit.entity) else {
                            continue;
                        };
                        if current.iter().any(|(e, ..)| e.id == entity.id) {
                            continue;
                        }
                        let explanation =
                            serde_json::to_value(&hit.explanation).unwrap_or(Value::Null);
                        current.push((entity, entity_fingerprint(entity), hit.score, explanation));
                    }
                }
                report.hits += current.len();
                let previous: HashMap<String, String> = tx
                    .query(
                        "SELECT entity_id, fingerprint FROM monitor_hit WHERE customer_id = ?1",
                        params![*customer_id],
                    )
                    .and_then(|rows| {
                        rows.iter()
                            .map(|row| Ok((row.text(0)?, row.text(1)?)))
                            .collect()
                    })
                    .sql("reading previous hits")?;
                for (entity, fingerprint, score, explanation) in &current {
                    let (kind, fields) = match previous.get(&entity.id) {
                        None => (AlertKind::New, Vec::new()),
                        Some(before) if before != fingerprint => {
                            (AlertKind::Changed, changed_since(tx, entity, before)?)
                        }
                        Some(_) => continue,
                    };
                    if has_decision(
                        tx,
                        &customer.query_hash,
                        &entity.id,
                        Some(fingerprint),
                        Decision::FalsePositive,
                    )? {
                        report.suppressed += 1;
                        continue;
                    }
                    let source = entity.id.split_once(':').map_or("", |(s, _)| s);
                    let alert = insert_alert(
                        tx,
                        NewAlert {
                            customer_id: *customer_id,
                            customer: &customer.key,
                            entity_id: &entity.id,
                            caption: entity.caption(),
                            kind,
                            score: Some(*score),
                            fingerprint,
                            query_hash: &customer.query_hash,
                            changed_fields: fields,
                            explanation: Some(explanation.clone()),
                            version_id: version_of.get(source).copied(),
                            now,
                        },
                    )?;
                    report.alerts.push(alert);
                }
                for (entity_id, fingerprint) in &previous {
                    if current.iter().any(|(e, ..)| &e.id == entity_id)
                        || listed.contains(entity_id.as_str())
                        || !has_decision(
                            tx,
                            &customer.query_hash,
                            entity_id,
                            None,
                            Decision::TrueMatch,
                        )?
                    {
                        continue;
                    }
                    let caption: String = tx
                        .query_opt(
                            "SELECT caption FROM alert WHERE customer_id = ?1 AND entity_id = ?2 \
                             ORDER BY id DESC LIMIT 1",
                            params![*customer_id, entity_id],
                        )
                        .and_then(|row| row.map(|row| row.text(0)).transpose())
                        .sql("finding a hit's name")?
                        .unwrap_or_default();
                    let source = entity_id.split_once(':').map_or("", |(s, _)| s);
                    let alert = insert_alert(
                        tx,
                        NewAlert {
                            customer_id: *customer_id,
                            customer: &customer.key,
                            entity_id,
                            caption: &caption,
                            kind: AlertKind::Delisted,
                            score: None,
                            fingerprint,
                            query_hash: &customer.query_hash,
                            changed_fields: Vec::new(),
                            explanation: None,
                            version_id: version_of.get(source).copied(),
                            now,
                        },
                    )?;
                    report.alerts.push(alert);
                }
                tx.execute(
                    "DELETE FROM monitor_hit WHERE customer_id = ?1",
                    params![*customer_id],
                )
                .sql("replacing hits")?;
                for (entity, fingerprint, score, _) in &current {
                    tx.execute(
                        "INSERT INTO monitor_hit (customer_id, entity_id, fingerprint, score) \
                         VALUES (?1, ?2, ?3, ?4)",
                        params![*customer_id, &entity.id, fingerprint, f64::from(*score)],
                    )
                    .sql("saving hits")?;
                }
            }
            Ok(())
        })?;
        Ok(report)
    }

    /// The alerts, newest first; only those with `status` if given.
    pub fn alerts(&self, status: Option<AlertStatus>) -> Result<Vec<Alert>, StoreError> {
        self.db()
            .query(
                &format!(
                    "SELECT {ALERT_COLUMNS} FROM {ALERT_TABLES} WHERE CAST(?1 AS TEXT) IS NULL OR a.status = ?1 ORDER BY a.id DESC"
                ),
                params![status.map(enum_text)],
            )
            .and_then(|rows| rows.iter().map(alert_from_row).collect())
            .sql("listing alerts")
    }

    /// One alert.
    pub fn alert(&self, id: i64) -> Result<Alert, StoreError> {
        self.db()
            .query_opt(
                &format!("SELECT {ALERT_COLUMNS} FROM {ALERT_TABLES} WHERE a.id = ?1"),
                params![id],
            )
            .and_then(|row| row.as_ref().map(alert_from_row).transpose())
            .sql("reading an alert")?
            .ok_or(StoreError::UnknownAlert(id))
    }

    /// Records an analyst's decision on an alert, and the decision in the
    /// audit log, in one transaction.
    pub fn dispose(
        &mut self,
        alert_id: i64,
        decision: Decision,
        comment: &str,
        actor: &str,
    ) -> Result<Disposition, StoreError> {
        let alert = self.alert(alert_id)?;
        let query_hash: String = self
            .db()
            .query_one(
                "SELECT query_hash FROM alert WHERE id = ?1",
                params![alert_id],
            )
            .and_then(|row| row.text(0))
            .sql("reading an alert")?;
        let now = self.now();
        let entry = self.write("recording a decision", |tx| {
            tx.execute(
                "INSERT INTO disposition (alert_id, query_hash, entity_id, fingerprint, decision, \
             comment, actor, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    alert_id,
                    &query_hash,
                    &alert.entity_id,
                    &alert.fingerprint,
                    decision.id(),
                    comment,
                    actor,
                    now.to_string()
                ],
            )
            .sql("recording a decision")?;
            tx.execute(
                "UPDATE alert SET status = ?2 WHERE id = ?1",
                params![alert_id, decision.id()],
            )
            .sql("closing an alert")?;
            append_in(
                tx,
                now,
                actor,
                "disposition",
                &json!({
                    "alert": alert_id,
                    "customer": alert.customer,
                    "query_hash": query_hash,
                    "entity_id": alert.entity_id,
                    "fingerprint": alert.fingerprint,
                    "alert_kind": alert.kind,
                    "decision": decision,
                    "comment": comment,
                }),
            )
        })?;
        Ok(Disposition {
            alert_id,
            decision,
            comment: comment.to_owned(),
            actor: actor.to_owned(),
            decided_at: now,
            audit_seq: entry.seq,
        })
    }

    /// Whether an analyst marked `entity_id` a false positive for a query
    /// with this hash while the entity had this fingerprint (screening
    /// outside monitoring can hide such hits).
    pub fn is_false_positive(
        &self,
        query_hash: &str,
        entity_id: &str,
        fingerprint: &str,
    ) -> Result<bool, StoreError> {
        has_decision(
            self.db().as_mut(),
            query_hash,
            entity_id,
            Some(fingerprint),
            Decision::FalsePositive,
        )
    }
}

struct NewAlert<'a> {
    customer_id: i64,
    customer: &'a str,
    entity_id: &'a str,
    caption: &'a str,
    kind: AlertKind,
    score: Option<f32>,
    fingerprint: &'a str,
    query_hash: &'a str,
    changed_fields: Vec<String>,
    explanation: Option<Value>,
    version_id: Option<i64>,
    now: Timestamp,
}

fn insert_alert(tx: &mut dyn Backend, alert: NewAlert<'_>) -> Result<Alert, StoreError> {
    let changed = serde_json::to_string(&alert.changed_fields).unwrap_or_else(|_| "[]".into());
    let explanation = alert.explanation.as_ref().map(canonical_json);
    let id = tx.query_one(
        "INSERT INTO alert (customer_id, entity_id, caption, kind, score, fingerprint, query_hash, \
         changed_fields, explanation, version_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
        params![
            alert.customer_id,
            alert.entity_id,
            alert.caption,
            enum_text(alert.kind),
            alert.score.map(f64::from),
            alert.fingerprint,
            alert.query_hash,
            changed,
            explanation,
            alert.version_id,
            alert.now.to_string(),
        ],
    )
    .and_then(|row| row.int(0))
    .sql("raising an alert")?;
    Ok(Alert {
        id,
        customer: alert.customer.to_owned(),
        entity_id: alert.entity_id.to_owned(),
        caption: alert.caption.to_owned(),
        kind: alert.kind,
        score: alert.score,
        fingerprint: alert.fingerprint.to_owned(),
        changed_fields: alert.changed_fields,
        explanation: alert.explanation,
        version_id: alert.version_id,
        created_at: alert.now,
        status: AlertStatus::Open,
        decided: None,
    })
}

/// Whether a decision of this kind was made for the query and entity (and,
/// when given, the fingerprint).
fn has_decision(
    tx: &mut dyn Backend,
    query_hash: &str,
    entity_id: &str,
    fingerprint: Option<&str>,
    decision: Decision,
) -> Result<bool, StoreError> {
    let found = tx
        .query_opt(
            "SELECT 1 FROM disposition WHERE query_hash = ?1 AND entity_id = ?2 \
             AND decision = ?3 AND (CAST(?4 AS TEXT) IS NULL OR fingerprint = ?4) LIMIT 1",
            params![query_hash, entity_id, decision.id(), fingerprint],
        )
        .sql("reading decisions")?;
    Ok(found.is_some())
}

/// The fields of `entity` that differ from its stored record with the
/// fingerprint `before`.
fn changed_since(
    tx: &mut dyn Backend,
    entity: &Entity,
    before: &str,
) -> Result<Vec<String>, StoreError> {
    let body: Option<String> = tx
        .query_opt(
            "SELECT body FROM version_entity WHERE entity_id = ?1 AND fingerprint = ?2 \
             ORDER BY version_id DESC LIMIT 1",
            params![&entity.id, before],
        )
        .and_then(|row| row.map(|row| row.text(0)).transpose())
        .sql("reading an earlier record")?;
    let Some(body) = body else {
        return Ok(Vec::new());
    };
    let earlier: Entity = serde_json::from_str(&body).map_err(|error| StoreError::Corrupt {
        what: format!("earlier record of {}", entity.id),
        error,
    })?;
    Ok(changed_fields(&earlier, entity)
        .into_iter()
        .map(|f| f.label().to_owned())
        .collect())
}
