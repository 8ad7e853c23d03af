//! The clustering into consolidated subjects kept in the store
//! (docs/store.md, "Where the clustering is kept"): made after `ingest`,
//! `update` or a `consolidate split|merge` changes what it depends on, and
//! read by `screen` and `consolidate` instead of clustering for seconds.

use std::time::{Duration, Instant};

use anyhow::Result;
use interdict_matcher::Screener;
use interdict_matcher::consolidate::{Consolidation, Evidence};
use interdict_model::Entity;
use interdict_store::subjects_cache::clustering_key;
use interdict_store::{ListVersion, Store, StoreError};
use serde::Serialize;

/// What keeping the clustering of the served lists did.
#[derive(Debug, Serialize)]
pub(crate) struct KeptClustering {
    /// The clustering's key.
    key: String,
    /// Whether one was kept for these lists and decisions already.
    already_kept: bool,
    /// Records clustered (when clustered now).
    #[serde(skip_serializing_if = "Option::is_none")]
    records: Option<usize>,
    /// Subjects made (when clustered now).
    #[serde(skip_serializing_if = "Option::is_none")]
    subjects: Option<usize>,
    /// Reading and indexing the lists, in milliseconds.
    load_ms: u128,
    /// Clustering, in milliseconds.
    cluster_ms: u128,
    /// The kept payload's size in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    bytes: Option<usize>,
}

impl KeptClustering {
    /// One line for a terminal.
    pub(crate) fn line(&self) -> String {
        if self.already_kept {
            return "subjects: the clustering of the served lists is kept already".to_owned();
        }
        format!(
            "subjects: clustered {} records into {} subjects in {:.1} s (lists read and indexed in {:.1} s); kept in the store ({:.1} MB)",
            self.records.unwrap_or_default(),
            self.subjects.unwrap_or_default(),
            self.cluster_ms as f64 / 1e3,
            self.load_ms as f64 / 1e3,
            self.bytes.unwrap_or_default() as f64 / 1e6,
        )
    }
}

/// Clusters the versions the store serves now (every source) with its
/// decisions and keeps the clustering, unless one is kept for them
/// already. `built` is a screener already made of some versions: used when
/// they are those served. `None` when the store serves no list.
pub(crate) fn keep_for_active(
    store: &mut Store,
    built: Option<(&Screener, &[ListVersion])>,
) -> Result<Option<KeptClustering>> {
    let versions = store.active_versions()?;
    if versions.is_empty() {
        return Ok(None);
    }
    let decisions = store.pair_decisions()?;
    let key = clustering_key(&versions, &decisions);
    if store.has_clustering(&key)? {
        return Ok(Some(KeptClustering {
            key,
            already_kept: true,
            records: None,
            subjects: None,
            load_ms: 0,
            cluster_ms: 0,
            bytes: None,
        }));
    }
    let started = Instant::now();
    let ids = |versions: &[ListVersion]| {
        let mut ids: Vec<i64> = versions.iter().map(|v| v.id).collect();
        ids.sort_unstable();
        ids
    };
    let reusable = built
        .filter(|(_, built_versions)| ids(built_versions) == ids(&versions))
        .map(|(screener, _)| screener);
    let made_here;
    let screener = match reusable {
        Some(screener) => screener,
        None => {
            let mut entities: Vec<Entity> = Vec::new();
            for version in &versions {
                entities.extend(store.entities(version.id)?);
            }
            made_here = Screener::new(entities);
            &made_here
        }
    };
    let load_time = started.elapsed();
    let started = Instant::now();
    let made = screener.consolidate(&decisions, Evidence::default());
    let cluster_time = started.elapsed();
    let saved = store.save_clustering(&key, &made, screener.entities())?;
    Ok(Some(KeptClustering {
        key,
        already_kept: false,
        records: Some(screener.entities().len()),
        subjects: Some(made.subjects().len()),
        load_ms: load_time.as_millis(),
        cluster_ms: cluster_time.as_millis(),
        bytes: Some(saved.bytes),
    }))
}

/// The clustering kept for `versions` with the store's decisions now, over
/// `screener`'s records, and how long reading it took; `None` when none is
/// kept. One that does not fit the records (a record it names is not
/// loaded) is reported on standard error and not used.
pub(crate) fn kept(
    store: &Store,
    versions: &[ListVersion],
    screener: &Screener,
) -> Result<Option<(Consolidation, Duration)>> {
    let started = Instant::now();
    let key = store.current_clustering_key(versions)?;
    match store.load_clustering(&key, screener.entities()) {
        Ok(found) => Ok(found.map(|c| (c, started.elapsed()))),
        Err(error @ (StoreError::StaleClustering { .. } | StoreError::Corrupt { .. })) => {
            eprintln!("warning: {error}; it is not used");
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
}
