//! The store behind the server ([`interdict_store`]): the list versions it
//! serves, the audit log every screening is recorded in, the lists as they
//! were on a past date (`as_of`), diffs, monitoring, alerts and analysts'
//! dispositions.
//!
//! Screenings are recorded by one writer thread with a connection of its
//! own. It takes every record waiting and appends them in one transaction,
//! so concurrent requests share one disk sync; each request waits for its
//! own record to be committed before it answers, and a screening that
//! could not be recorded is not returned.

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use interdict_catalog::Manifest;
use interdict_store::fingerprint::entity_fingerprint;
use interdict_store::{AsOf, ListVersion, Location, StoreError, Timestamp};
use serde_json::{Value, json};
use tokio::sync::oneshot;

use crate::error::ApiError;
use crate::matching::ScoredEntity;
use crate::state::Lists;

/// The most records one audit transaction holds.
const MAX_AUDIT_BATCH: usize = 1024;

/// How many past list sets `as_of` keeps built.
const AS_OF_CACHE: usize = 2;

/// A record waiting for the audit writer.
struct PendingRecord {
    actor: String,
    kind: &'static str,
    body: Value,
    done: oneshot::Sender<Result<i64, String>>,
}

/// The store, shared by the request handlers.
pub struct ServerStore {
    /// Reads, and the writes analysts make (monitoring, dispositions).
    connection: Mutex<interdict_store::Store>,
    /// Where screenings go to be recorded.
    audit: Sender<PendingRecord>,
    /// Lists built for `as_of` requests, by the versions they hold.
    as_of_lists: Mutex<Vec<(Vec<i64>, Arc<Lists>)>>,
    /// On PostgreSQL, a connection that waits to be told of versions
    /// another process activates (`LISTEN`); SQLite cannot tell.
    watcher: Option<Mutex<interdict_store::Store>>,
}

impl ServerStore {
    /// Opens the store at `path` (creating it if needed; a `postgres://`
    /// URL opens that database) and starts its audit writer.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_at(&Location::from_path(path))
    }

    /// Opens the store at `location` with two connections, one for reads
    /// and analysts' writes, one for the audit writer, and starts the
    /// writer. Call it outside async code (the PostgreSQL client blocks).
    pub fn open_at(location: &Location) -> Result<Self, StoreError> {
        let connection = interdict_store::Store::open_at(location)?;
        let writer = interdict_store::Store::open_at(location)?;
        let (sender, receiver) = channel();
        std::thread::Builder::new()
            .name("interdict-audit".to_owned())
            .spawn(move || write_audit(writer, &receiver))
            .map_err(|error| StoreError::Io {
                path: location.to_string(),
                what: "cannot start the audit writer",
                error,
            })?;
        let watcher = match location {
            Location::Postgres(_) => Some(Mutex::new(interdict_store::Store::open_at(location)?)),
            Location::Sqlite(_) => None,
        };
        Ok(Self {
            connection: Mutex::new(connection),
            audit: sender,
            as_of_lists: Mutex::new(Vec::new()),
            watcher,
        })
    }

    /// The connection for reads and analysts' writes. Callers run on the
    /// blocking pool or threads of their own: SQLite waits for other
    /// writers, and the PostgreSQL client blocks (it must not be called
    /// from async code).
    pub fn lock(&self) -> MutexGuard<'_, interdict_store::Store> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until another process activates a list version (`true`: on
    /// PostgreSQL the server is told at once) or `timeout` passes
    /// (`false`; on SQLite always the whole `timeout`, then the caller
    /// looks). A connection that fails is reported and the wait is the
    /// whole `timeout`.
    pub fn wait_for_new_versions(&self, timeout: Duration) -> bool {
        let Some(watcher) = &self.watcher else {
            std::thread::sleep(timeout);
            return false;
        };
        let started = Instant::now();
        let waited = watcher
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .wait_for_new_versions(timeout);
        match waited {
            Ok(notified) => notified,
            Err(error) => {
                eprintln!("error: waiting to be told of new list versions: {error}");
                std::thread::sleep(timeout.saturating_sub(started.elapsed()));
                false
            }
        }
    }

    /// Loads what the server serves for `manifest` (see
    /// [`interdict_store::Store::sources_to_serve`]), storing the
    /// manifest's files the store does not hold yet.
    pub fn load_lists(&self, manifest: &Manifest, others: bool) -> Result<Lists, StoreError> {
        let started = Instant::now();
        let (served, _stored) = self.lock().sources_to_serve(manifest, others)?;
        Ok(Lists::from_versions(served, started.elapsed()))
    }

    /// The ids of the versions the store serves now, for `sources` (all
    /// when `None`), in order: when they differ from those of the lists in
    /// memory, the lists are reloaded.
    pub fn active_version_ids(&self, sources: Option<&[String]>) -> Result<Vec<i64>, StoreError> {
        let mut ids: Vec<i64> = self
            .lock()
            .active_versions()?
            .into_iter()
            .filter(|v| sources.is_none_or(|s| s.contains(&v.source)))
            .map(|v| v.id)
            .collect();
        ids.sort_unstable();
        Ok(ids)
    }

    /// The lists the store served at `date` (`YYYY-MM-DD`: its end; or a
    /// UTC time); `None` when it served nothing then. Built once and kept
    /// for the next requests.
    pub fn lists_as_of(&self, date: &str) -> Result<Option<Arc<Lists>>, ApiError> {
        let at = Timestamp::parse_as_of(date)
            .map_err(|error| ApiError::BadRequest(format!("as_of: {error}")))?;
        let started = Instant::now();
        let store = self.lock();
        let versions: Vec<ListVersion> = store
            .versions_as_of(AsOf::Served(at))
            .map_err(store_failed)?;
        if versions.is_empty() {
            return Ok(None);
        }
        let mut ids: Vec<i64> = versions.iter().map(|v| v.id).collect();
        ids.sort_unstable();
        let mut cache = self
            .as_of_lists
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((_, lists)) = cache.iter().find(|(cached, _)| *cached == ids) {
            return Ok(Some(Arc::clone(lists)));
        }
        let served = versions
            .into_iter()
            .map(|version| {
                let source = store.loaded_source(&version)?;
                Ok((version, source))
            })
            .collect::<Result<Vec<_>, StoreError>>()
            .map_err(store_failed)?;
        drop(store);
        let lists = Arc::new(Lists::from_versions(served, started.elapsed()));
        if cache.len() >= AS_OF_CACHE {
            cache.remove(0);
        }
        cache.push((ids, Arc::clone(&lists)));
        Ok(Some(lists))
    }

    /// Appends records (one actor, one kind) to the audit log and returns
    /// their row numbers once committed: all or none. Waiting for the
    /// commit holds no thread, so requests waiting on one disk sync do not
    /// keep others from screening.
    pub async fn record(
        &self,
        actor: &str,
        kind: &'static str,
        bodies: Vec<Value>,
    ) -> Result<Vec<i64>, ApiError> {
        let not_recorded = |reason: &str| {
            ApiError::Internal(format!(
                "the screening could not be recorded in the audit log, so it is not returned: {reason}"
            ))
        };
        let stopped = || not_recorded("the audit writer has stopped");
        let mut waiting = Vec::with_capacity(bodies.len());
        for body in bodies {
            let (done, committed) = oneshot::channel();
            self.audit
                .send(PendingRecord {
                    actor: actor.to_owned(),
                    kind,
                    body,
                    done,
                })
                .map_err(|_| stopped())?;
            waiting.push(committed);
        }
        let mut rows = Vec::with_capacity(waiting.len());
        for committed in waiting {
            rows.push(
                committed
                    .await
                    .map_err(|_| stopped())?
                    .map_err(|reason| not_recorded(&reason))?,
            );
        }
        Ok(rows)
    }
}

/// The list versions screened against, as the audit log records them:
/// source, version, content hash and publication date. A server with a
/// store always serves stored versions.
pub(crate) fn audit_lists(lists: &Lists) -> Value {
    lists
        .versions()
        .iter()
        .map(ListVersion::audit_json)
        .collect()
}

/// Appends the records that arrive, as many in one transaction as are
/// waiting, until every sender is gone.
fn write_audit(mut store: interdict_store::Store, records: &Receiver<PendingRecord>) {
    while let Ok(first) = records.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_AUDIT_BATCH {
            match records.try_recv() {
                Ok(record) => batch.push(record),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let rows: Vec<(&str, &str, &Value)> = batch
            .iter()
            .map(|r| (r.actor.as_str(), r.kind, &r.body))
            .collect();
        match store.append_audit_batch(&rows) {
            Ok(entries) => {
                for (record, entry) in batch.into_iter().zip(entries) {
                    let _ = record.done.send(Ok(entry.seq));
                }
            }
            Err(error) => {
                let reason = error.to_string();
                for record in batch {
                    let _ = record.done.send(Err(reason.clone()));
                }
            }
        }
    }
}

/// Results as the audit log records them: each entity's id, name, score,
/// fingerprint (what a disposition is tied to) and explanation.
pub(crate) fn audit_results(lists: &Lists, results: &[ScoredEntity]) -> Vec<Value> {
    results
        .iter()
        .map(|result| {
            json!({
                "entity_id": result.id,
                "caption": result.caption,
                "score": result.score,
                "match": result.is_match,
                "fingerprint": lists.entity(&result.id).map(entity_fingerprint),
                "features": result.features,
                "explanation": result.explanation,
            })
        })
        .collect()
}

/// A store failure as a 500 that says what failed.
pub(crate) fn store_failed(error: StoreError) -> ApiError {
    ApiError::Internal(format!("the store failed: {error}"))
}
