//! Clusterings of the served lists into consolidated subjects, kept so that
//! `interdict screen`, `interdict consolidate` and a starting server read
//! one instead of spending seconds making it
//! ([`interdict_matcher::Screener::consolidate`]).
//!
//! A clustering is kept under a key ([`clustering_key`]): the SHA-256 of
//! the clustering rules' version
//! ([`interdict_matcher::consolidate::CONSOLIDATION_VERSION`]), the content
//! hashes of the list versions clustered and the analysts' decisions
//! applied. Any change to one of them changes the key, so a clustering is
//! never used for other lists, rules or decisions. Its payload names records
//! by entity id (as [`StoredConsolidation`] JSON); one that names a record
//! not loaded is refused, and the caller clusters again. Only the newest
//! [`KEPT_CLUSTERINGS`] are kept.

use interdict_matcher::consolidate::{
    CONSOLIDATION_VERSION, Consolidation, PairDecision, StoredConsolidation,
};
use interdict_model::Entity;
use serde::Serialize;

use crate::backend::params;
use crate::versions::ListVersion;
use crate::{SqlContext as _, Store, StoreError, sha256_hex};

/// How many clusterings the store keeps: the newest, by when they were
/// saved.
pub const KEPT_CLUSTERINGS: usize = 3;

/// What a clustering's key is the hash of.
#[derive(Serialize)]
struct KeyParts<'a> {
    rules: u32,
    /// `(source, content hash)` of each version, sorted.
    lists: Vec<(&'a str, &'a str)>,
    decisions: &'a [PairDecision],
}

/// The key of the clustering of `versions` with `decisions` applied, under
/// this build's clustering rules: the SHA-256, in hex, of the rules'
/// version, each version's source and content hash (in source order,
/// whatever the order given) and the decisions (in the order given, as
/// [`Store::pair_decisions`] returns them).
pub fn clustering_key(versions: &[ListVersion], decisions: &[PairDecision]) -> String {
    let mut lists: Vec<(&str, &str)> = versions
        .iter()
        .map(|v| (v.source.as_str(), v.content_hash.as_str()))
        .collect();
    lists.sort_unstable();
    let parts = KeyParts {
        rules: CONSOLIDATION_VERSION,
        lists,
        decisions,
    };
    // Serialising these plain values cannot fail.
    let text = serde_json::to_string(&parts).unwrap_or_default();
    sha256_hex(text.as_bytes())
}

/// A clustering as saved: its key and the size of its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedClustering {
    /// Its key.
    pub key: String,
    /// The payload's size in bytes.
    pub bytes: usize,
}

impl Store {
    /// The key of the clustering of `versions` with the decisions stored
    /// now (see [`clustering_key`]).
    pub fn current_clustering_key(&self, versions: &[ListVersion]) -> Result<String, StoreError> {
        Ok(clustering_key(versions, &self.pair_decisions()?))
    }

    /// Keeps `clustering` of `entities` (the screener's records, as
    /// clustered) under `key`, replacing one kept under it, and forgets all
    /// but the newest [`KEPT_CLUSTERINGS`].
    pub fn save_clustering(
        &mut self,
        key: &str,
        clustering: &Consolidation,
        entities: &[Entity],
    ) -> Result<SavedClustering, StoreError> {
        let payload = serde_json::to_string(&clustering.to_stored(entities)).map_err(|error| {
            StoreError::Corrupt {
                what: format!("clustering {key}"),
                error,
            }
        })?;
        let now = self.now().to_string();
        self.write("keeping a clustering into subjects", |tx| {
            tx.execute(
                "INSERT INTO consolidation (key, created_at, payload) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (key) DO UPDATE SET created_at = excluded.created_at, \
                 payload = excluded.payload",
                params![key, now.as_str(), payload.as_str()],
            )
            .sql("keeping a clustering into subjects")?;
            tx.execute(
                &format!(
                    "DELETE FROM consolidation WHERE key NOT IN (SELECT key FROM consolidation \
                     ORDER BY created_at DESC, key DESC LIMIT {KEPT_CLUSTERINGS})"
                ),
                params![],
            )
            .sql("forgetting older clusterings")?;
            Ok(())
        })?;
        Ok(SavedClustering {
            key: key.to_owned(),
            bytes: payload.len(),
        })
    }

    /// Whether a clustering is kept under `key`.
    pub fn has_clustering(&self, key: &str) -> Result<bool, StoreError> {
        self.db()
            .query_opt("SELECT 1 FROM consolidation WHERE key = ?1", params![key])
            .map(|row| row.is_some())
            .sql("looking for a kept clustering")
    }

    /// The clustering kept under `key`, over `entities` (the screener's
    /// records); `None` when none is. A payload that is not valid JSON, was
    /// made by other clustering rules or names a record `entities` lacks is
    /// an error: the caller should cluster again.
    pub fn load_clustering(
        &self,
        key: &str,
        entities: &[Entity],
    ) -> Result<Option<Consolidation>, StoreError> {
        let payload = self
            .db()
            .query_opt(
                "SELECT payload FROM consolidation WHERE key = ?1",
                params![key],
            )
            .and_then(|row| row.map(|row| row.text(0)).transpose())
            .sql("reading a kept clustering")?;
        let Some(payload) = payload else {
            return Ok(None);
        };
        let stored: StoredConsolidation =
            serde_json::from_str(&payload).map_err(|error| StoreError::Corrupt {
                what: format!("clustering {key}"),
                error,
            })?;
        Consolidation::from_stored(stored, entities)
            .map(Some)
            .map_err(|error| StoreError::StaleClustering {
                key: key.to_owned(),
                error,
            })
    }

    /// The keys of the kept clusterings, newest first.
    pub fn clustering_keys(&self) -> Result<Vec<String>, StoreError> {
        self.db()
            .query(
                "SELECT key FROM consolidation ORDER BY created_at DESC, key DESC",
                params![],
            )
            .and_then(|rows| rows.iter().map(|row| row.text(0)).collect())
            .sql("listing kept clusterings")
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicI64, Ordering};

    use interdict_catalog::Manifest;
    use interdict_matcher::Screener;
    use interdict_matcher::consolidate::{DecisionKind, Evidence, StoredConsolidationError};

    use super::*;
    use crate::Timestamp;
    use crate::testing::{TestBackend, TestStore};

    crate::on_both_backends!(
        a_kept_clustering_reads_back_and_another_key_misses,
        only_the_newest_clusterings_are_kept,
        a_clustering_naming_a_record_not_loaded_is_refused,
    );

    /// The bundled UN and UK lists, indexed: many of their records are
    /// one subject.
    fn un_and_uk_screener() -> Screener {
        let entities = Manifest::bundled()
            .and_then(|m| m.select(&["un_sc".to_owned(), "gb_ofsi".to_owned()]))
            .and_then(|m| m.load())
            .unwrap()
            .into_iter()
            .flat_map(|s| s.entities)
            .collect();
        Screener::new(entities)
    }

    /// A store whose clock moves one second at each reading.
    fn ticking(place: &TestStore) -> Store {
        let micros = Arc::new(AtomicI64::new(1_800_000_000_000_000));
        place.open().with_clock(move || {
            Timestamp::from_micros(micros.fetch_add(1_000_000, Ordering::SeqCst))
        })
    }

    fn a_kept_clustering_reads_back_and_another_key_misses(backend: TestBackend) {
        let Some(place) = TestStore::new(backend) else {
            return;
        };
        let mut store = ticking(&place);
        let screener = un_and_uk_screener();
        let made = screener.consolidate(&[], Evidence::default());
        assert!(made.subjects().len() < screener.entities().len());
        let saved = store
            .save_clustering("k1", &made, screener.entities())
            .unwrap();
        assert!(saved.bytes > 1000, "{saved:?}");
        assert!(store.has_clustering("k1").unwrap());
        let read = store
            .load_clustering("k1", screener.entities())
            .unwrap()
            .unwrap();
        assert_eq!(read, made);
        assert!(!store.has_clustering("k2").unwrap());
        assert!(
            store
                .load_clustering("k2", screener.entities())
                .unwrap()
                .is_none()
        );
        // Saved again under its key, it replaces the first.
        store
            .save_clustering("k1", &made, screener.entities())
            .unwrap();
        assert_eq!(store.clustering_keys().unwrap(), ["k1"]);
    }

    fn only_the_newest_clusterings_are_kept(backend: TestBackend) {
        let Some(place) = TestStore::new(backend) else {
            return;
        };
        let mut store = ticking(&place);
        let screener = Screener::new(Vec::new());
        let empty = screener.consolidate(&[], Evidence::default());
        for key in ["a", "b", "c", "d", "e"] {
            store
                .save_clustering(key, &empty, screener.entities())
                .unwrap();
        }
        assert_eq!(store.clustering_keys().unwrap(), ["e", "d", "c"]);
        // Saving an old key again makes it the newest.
        store
            .save_clustering("c", &empty, screener.entities())
            .unwrap();
        store
            .save_clustering("f", &empty, screener.entities())
            .unwrap();
        assert_eq!(store.clustering_keys().unwrap(), ["f", "c", "e"]);
        assert!(!store.has_clustering("a").unwrap());
        assert!(!store.has_clustering("d").unwrap());
    }

    fn a_clustering_naming_a_record_not_loaded_is_refused(backend: TestBackend) {
        let Some(place) = TestStore::new(backend) else {
            return;
        };
        let mut store = ticking(&place);
        let screener = un_and_uk_screener();
        let made = screener.consolidate(&[], Evidence::default());
        store
            .save_clustering("full", &made, screener.entities())
            .unwrap();
        // The same lists without the records of the first joined subject.
        let first_joined = made
            .subjects()
            .iter()
            .find(|s| s.members.len() > 1)
            .unwrap();
        let missing = screener.entities()[first_joined.members[0]].id.clone();
        let fewer: Vec<Entity> = screener
            .entities()
            .iter()
            .filter(|e| e.id != missing)
            .cloned()
            .collect();
        let error = store.load_clustering("full", &fewer).unwrap_err();
        match &error {
            StoreError::StaleClustering { key, error } => {
                assert_eq!(key, "full");
                match error {
                    StoredConsolidationError::UnknownRecord { record } => {
                        assert_eq!(record.id(), missing);
                    }
                    other => panic!("not an unknown record: {other}"),
                }
            }
            other => panic!("not a stale clustering: {other}"),
        }
        assert!(error.to_string().contains(&missing), "{error}");

        // A payload that is not a clustering is refused too.
        store
            .db()
            .execute(
                "UPDATE consolidation SET payload = ?1 WHERE key = ?2",
                params!["{\"subjects\": 3}", "full"],
            )
            .unwrap();
        let error = store
            .load_clustering("full", screener.entities())
            .unwrap_err();
        assert!(matches!(error, StoreError::Corrupt { .. }), "{error}");
    }

    #[test]
    fn the_key_follows_the_versions_and_the_decisions() {
        let version = |source: &str, hash: &str| ListVersion {
            id: 1,
            source: source.to_owned(),
            title: String::new(),
            authority: String::new(),
            format: String::new(),
            published: None,
            content_hash: hash.to_owned(),
            byte_count: 0,
            entity_count: 0,
            origin: String::new(),
            loaded_at: Timestamp::from_micros(0),
            active_from: None,
            active_until: None,
        };
        let un = version("un_sc", "aa");
        let eu = version("eu_fsf", "bb");
        let key = clustering_key(&[un.clone(), eu.clone()], &[]);
        assert_eq!(key.len(), 64);
        assert_eq!(key, clustering_key(&[eu.clone(), un.clone()], &[]));
        assert_ne!(key, clustering_key(std::slice::from_ref(&un), &[]));
        assert_ne!(
            key,
            clustering_key(&[version("un_sc", "cc"), eu.clone()], &[])
        );
        let split = PairDecision {
            kind: DecisionKind::Split,
            a: "eu_fsf:1".to_owned(),
            b: "un_sc:2".to_owned(),
            comment: "two people".to_owned(),
        };
        assert_ne!(key, clustering_key(&[un, eu], &[split]));
    }
}
