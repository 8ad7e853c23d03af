//! What the server holds: its configuration, the loaded lists (once they
//! are loaded), its metrics and, when one is plugged in, a store.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use interdict_catalog::{LoadedSource, Manifest};
use interdict_graph::SanctionsGraph;
use interdict_matcher::Screener;
use interdict_matcher::consolidate::{Consolidation, Evidence, PairDecision};
use interdict_model::{Entity, PartialDate};
use interdict_store::subjects_cache::clustering_key;
use interdict_store::{ListVersion, VersionedSource};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::ApiKeys;
use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::store::ServerStore;

/// Scopes that select every loaded list, as yente names its collections.
pub const ALL_LISTS_SCOPES: [&str; 3] = ["default", "sanctions", "all"];

/// How the server behaves: limits, keys, defaults.
#[derive(Debug, Clone)]
pub struct Config {
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The most queries one `POST /match` may hold.
    pub max_batch: usize,
    /// The most results one query may ask for.
    pub max_limit: usize,
    /// Results per query when the request does not say (yente: 5).
    pub default_limit: usize,
    /// The API keys accepted; `None` serves without keys.
    pub keys: Option<ApiKeys>,
    /// Whether `GET /metrics` is served without a key.
    pub public_metrics: bool,
    /// Whether the API description (`/openapi.json`, `/docs`) is served
    /// without a key.
    pub public_docs: bool,
    /// With a store: also serve the lists the store serves that the
    /// manifest does not name (lists ingested by hand).
    pub other_stored_lists: bool,
    /// With a store: how often to look for list versions activated by
    /// another process (`interdict update`) and serve them.
    pub reload_every: Option<Duration>,
    /// Cluster the loaded records into subjects across lists, in the
    /// background after each load (seconds of work): results then carry
    /// their consolidated subject, and `GET /subjects/{id}` answers.
    pub consolidate: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
            max_batch: 100,
            max_limit: 500,
            default_limit: 5,
            keys: None,
            public_metrics: false,
            public_docs: false,
            other_stored_lists: true,
            reload_every: Some(Duration::from_secs(60)),
            consolidate: false,
        }
    }
}

/// One loaded list, as `GET /lists` describes it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListInfo {
    /// Source id (`us_ofac_sdn`); also a scope of `POST /match/{scope}`.
    #[schema(example = "us_ofac_sdn")]
    pub id: String,
    /// Title.
    pub title: String,
    /// The publishing authority's id (`us_ofac`); also a scope.
    #[schema(example = "us_ofac")]
    pub authority: String,
    /// The publishing authority's name.
    pub authority_name: String,
    /// The file format it was read from.
    pub format: String,
    /// Publication date of the loaded copy (`2024-05-07`, or `2025-05`).
    #[schema(value_type = Option<String>, example = "2024-05-07")]
    pub published: Option<PartialDate>,
    /// Where the authority publishes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its licence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// Number of entities.
    pub entities: usize,
    /// Number of listings.
    pub listings: usize,
    /// Entities by schema.
    pub schemas: BTreeMap<String, usize>,
    /// The stored version served (with a store); `GET
    /// /lists/{source}/diff` compares versions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// SHA-256 of the file served, in hex (with a store).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
}

impl ListInfo {
    fn of(source: &LoadedSource, version: Option<&ListVersion>) -> Self {
        let mut schemas = BTreeMap::new();
        for entity in &source.entities {
            *schemas
                .entry(entity.schema.as_str().to_owned())
                .or_default() += 1;
        }
        Self {
            id: source.info.id.clone(),
            title: source.info.title.clone(),
            authority: source.authority.id().to_owned(),
            authority_name: source.authority.name().to_owned(),
            format: source.format.id().to_owned(),
            published: source.published,
            url: source.info.url.clone(),
            licence: source.info.licence.clone(),
            entities: source.entities.len(),
            listings: source.entities.iter().map(|e| e.listings.len()).sum(),
            schemas,
            version: version.map(|v| v.id),
            content_hash: version.map(|v| v.content_hash.clone()),
        }
    }
}

/// Which lists a request screens against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every loaded list.
    All,
    /// One list, by source id.
    Source(String),
    /// Every listing by one authority: on the lists it publishes, and on
    /// lists that gather several authorities' (the US Consolidated
    /// Screening List holds BIS and State Department listings).
    Authority {
        /// The authority's id (`us_ofac`).
        id: String,
        /// The lists the authority publishes.
        sources: Vec<String>,
    },
}

impl Scope {
    /// Whether `entity` is listed within this scope.
    pub fn covers(&self, entity: &Entity) -> bool {
        match self {
            Scope::All => true,
            Scope::Source(id) => entity.listings.iter().any(|l| l.source == *id),
            Scope::Authority { id, sources } => entity
                .listings
                .iter()
                .any(|l| l.authority.id() == id || sources.contains(&l.source)),
        }
    }
}

/// The loaded lists, indexed for screening.
pub struct Lists {
    screener: Screener,
    /// Who sanctioned whom, built once with the index.
    graph: SanctionsGraph,
    lists: Vec<ListInfo>,
    /// The stored versions the lists are (with a store).
    versions: Vec<ListVersion>,
    /// The authorities of the lists and of their listings, by id.
    authorities: BTreeSet<String>,
    positions: HashMap<String, usize>,
    loaded_at: SystemTime,
    load_time: Duration,
    /// The records clustered into subjects, once done.
    consolidation: RwLock<Option<Arc<Consolidation>>>,
}

impl Lists {
    /// Indexes loaded sources; `load_time` is how long loading them took.
    pub fn new(sources: Vec<LoadedSource>, load_time: Duration) -> Self {
        Self::build(sources.into_iter().map(|s| (None, s)).collect(), load_time)
    }

    /// Indexes stored versions with their entities.
    pub fn from_versions(served: Vec<VersionedSource>, load_time: Duration) -> Self {
        Self::build(
            served.into_iter().map(|(v, s)| (Some(v), s)).collect(),
            load_time,
        )
    }

    fn build(sources: Vec<(Option<ListVersion>, LoadedSource)>, load_time: Duration) -> Self {
        let started = std::time::Instant::now();
        let lists: Vec<ListInfo> = sources
            .iter()
            .map(|(version, source)| ListInfo::of(source, version.as_ref()))
            .collect();
        let (versions, sources): (Vec<Option<ListVersion>>, Vec<LoadedSource>) =
            sources.into_iter().unzip();
        let versions: Vec<ListVersion> = versions.into_iter().flatten().collect();
        let mut authorities: BTreeSet<String> =
            lists.iter().map(|list| list.authority.clone()).collect();
        for source in &sources {
            for entity in &source.entities {
                for listing in &entity.listings {
                    if !authorities.contains(listing.authority.id()) {
                        authorities.insert(listing.authority.id().to_owned());
                    }
                }
            }
        }
        let entities = interdict_catalog::entities_of(sources);
        let screener = Screener::new(entities);
        let graph = SanctionsGraph::build(screener.entities());
        let positions = screener
            .entities()
            .iter()
            .enumerate()
            .map(|(position, entity)| (entity.id.clone(), position))
            .collect();
        Self {
            screener,
            graph,
            lists,
            versions,
            authorities,
            positions,
            loaded_at: SystemTime::now(),
            load_time: load_time + started.elapsed(),
            consolidation: RwLock::new(None),
        }
    }

    /// The records clustered into subjects across lists, if the clustering
    /// has been made ([`Config::consolidate`]).
    pub fn consolidation(&self) -> Option<Arc<Consolidation>> {
        self.consolidation
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Clusters the records into subjects with analysts' `decisions`, and
    /// serves the clustering from now on. Takes seconds.
    pub fn consolidate(&self, decisions: &[PairDecision]) -> Arc<Consolidation> {
        let made = Arc::new(self.screener.consolidate(decisions, Evidence::default()));
        self.serve_consolidation(Arc::clone(&made));
        made
    }

    /// Serves `consolidation` (a clustering of these records, such as one
    /// kept in the store) from now on.
    pub fn serve_consolidation(&self, consolidation: Arc<Consolidation>) {
        *self
            .consolidation
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(consolidation);
    }

    /// Loads and indexes the lists of a manifest.
    pub fn load(manifest: &Manifest) -> Result<Self, interdict_catalog::CatalogError> {
        let started = std::time::Instant::now();
        let sources = manifest.load()?;
        Ok(Self::new(sources, started.elapsed()))
    }

    /// The screener over every loaded entity.
    pub fn screener(&self) -> &Screener {
        &self.screener
    }

    /// Who sanctioned whom in the loaded lists.
    pub fn graph(&self) -> &SanctionsGraph {
        &self.graph
    }

    /// The loaded lists.
    pub fn lists(&self) -> &[ListInfo] {
        &self.lists
    }

    /// The stored versions the lists are; empty without a store.
    pub fn versions(&self) -> &[ListVersion] {
        &self.versions
    }

    /// The ids of [`Lists::versions`], sorted.
    pub fn version_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.versions.iter().map(|v| v.id).collect();
        ids.sort_unstable();
        ids
    }

    /// The position of the entity with this id among the screener's.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.position(id)
            .and_then(|position| self.screener.entities().get(position))
    }

    /// When loading finished, in seconds since 1970.
    pub fn loaded_at_unix(&self) -> u64 {
        self.loaded_at
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs())
    }

    /// How long loading and indexing took.
    pub fn load_time(&self) -> Duration {
        self.load_time
    }

    /// The scope a name selects: `default`, `sanctions` or `all` for every
    /// list, a source id for one list, an authority id for its lists.
    pub fn scope(&self, name: &str) -> Result<Scope, ApiError> {
        if ALL_LISTS_SCOPES.contains(&name) {
            return Ok(Scope::All);
        }
        if self.lists.iter().any(|list| list.id == name) {
            return Ok(Scope::Source(name.to_owned()));
        }
        if self.authorities.contains(name) {
            return Ok(Scope::Authority {
                id: name.to_owned(),
                sources: self
                    .lists
                    .iter()
                    .filter(|list| list.authority == name)
                    .map(|list| list.id.clone())
                    .collect(),
            });
        }
        Err(ApiError::NotFound(format!(
            "no scope {name:?}: known scopes are {}",
            self.scope_names().join(", ")
        )))
    }

    /// Every scope name: those of all lists, then the source ids, then the
    /// authority ids that are not also source ids.
    pub fn scope_names(&self) -> Vec<String> {
        let mut names: Vec<String> = ALL_LISTS_SCOPES.iter().map(|s| (*s).to_owned()).collect();
        names.extend(self.lists.iter().map(|list| list.id.clone()));
        for authority in &self.authorities {
            if !names.contains(authority) {
                names.push(authority.clone());
            }
        }
        names
    }
}

/// Where loading the lists is.
enum Loading {
    InProgress,
    Ready(Arc<Lists>),
    Failed(String),
}

/// Whether the server can screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    /// The lists are loading.
    Loading,
    /// The lists are loaded and indexed.
    Ready {
        /// Entities indexed.
        entities: usize,
        /// Lists loaded.
        lists: usize,
    },
    /// Loading failed, for this reason.
    Failed(String),
}

/// Everything a request handler can reach; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    lists: RwLock<Loading>,
    metrics: Metrics,
    store: Option<Arc<ServerStore>>,
}

impl AppState {
    /// A server whose lists are not loaded yet (see [`AppState::set_lists`]).
    pub fn new(config: Config) -> Self {
        Self::with(config, None)
    }

    /// A server whose lists are `store`'s versions, recording every
    /// screening in its audit log and answering `as_of`, diffs and
    /// monitoring from it.
    pub fn with_store(config: Config, store: Arc<ServerStore>) -> Self {
        Self::with(config, Some(store))
    }

    fn with(config: Config, store: Option<Arc<ServerStore>>) -> Self {
        Self {
            inner: Arc::new(Inner {
                config,
                lists: RwLock::new(Loading::InProgress),
                metrics: Metrics::new(),
                store,
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// The store, if the server has one.
    pub fn store(&self) -> Option<&Arc<ServerStore>> {
        self.inner.store.as_ref()
    }

    /// The store, or a 404 saying the server runs without one.
    pub fn require_store(&self, what: &str) -> Result<&Arc<ServerStore>, ApiError> {
        self.store().ok_or_else(|| {
            ApiError::NotFound(format!(
                "{what} needs the store of list versions, and this server runs without one (interdict serve --no-store)"
            ))
        })
    }

    /// Serves `lists` from now on (the server becomes ready). When the
    /// server consolidates, they come with the clustering the store keeps
    /// for their versions and decisions, if it keeps one; else they are
    /// clustered in the background.
    pub fn set_lists(&self, lists: Lists) {
        self.inner
            .metrics
            .set_entities(lists.screener().entities().len());
        let kept = self.config().consolidate && self.serve_kept_clustering(&lists);
        let lists = Arc::new(lists);
        *self
            .inner
            .lists
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Loading::Ready(Arc::clone(&lists));
        if self.config().consolidate && !kept {
            self.consolidate_in_background(lists);
        }
    }

    /// Serves with `lists` the clustering the store keeps for their
    /// versions and the decisions stored now; whether it keeps one that
    /// fits them.
    fn serve_kept_clustering(&self, lists: &Lists) -> bool {
        let Some(store) = self.store() else {
            return false;
        };
        if lists.versions().is_empty() {
            return false;
        }
        let started = std::time::Instant::now();
        let read = {
            let store = store.lock();
            store
                .current_clustering_key(lists.versions())
                .and_then(|key| store.load_clustering(&key, lists.screener().entities()))
        };
        match read {
            Ok(Some(kept)) => {
                eprintln!(
                    "read the kept clustering of {} records into {} subjects in {:.0} ms",
                    lists.screener().entities().len(),
                    kept.subjects().len(),
                    started.elapsed().as_secs_f64() * 1e3
                );
                lists.serve_consolidation(Arc::new(kept));
                true
            }
            Ok(None) => false,
            Err(error) => {
                eprintln!("warning: {error}; the lists are clustered again");
                false
            }
        }
    }

    /// Clusters `lists` into subjects on a thread of its own, with the
    /// store's split and merge decisions, and keeps the clustering in the
    /// store for the next start.
    pub fn consolidate_in_background(&self, lists: Arc<Lists>) {
        let store = self.store().cloned();
        let spawned = std::thread::Builder::new()
            .name("interdict-consolidate".to_owned())
            .spawn(move || {
                let decisions = match store.as_ref().map(|store| store.lock().pair_decisions()) {
                    None => Vec::new(),
                    Some(Ok(decisions)) => decisions,
                    Some(Err(error)) => {
                        eprintln!("error: reading the subject decisions: {error}");
                        Vec::new()
                    }
                };
                let started = std::time::Instant::now();
                let made = lists.consolidate(&decisions);
                eprintln!(
                    "consolidated {} records into {} subjects in {:.1} s",
                    lists.screener().entities().len(),
                    made.subjects().len(),
                    started.elapsed().as_secs_f64()
                );
                if let Some(store) = store.filter(|_| !lists.versions().is_empty()) {
                    let key = clustering_key(lists.versions(), &decisions);
                    let saved =
                        store
                            .lock()
                            .save_clustering(&key, &made, lists.screener().entities());
                    if let Err(error) = saved {
                        eprintln!("error: keeping the clustering in the store: {error}");
                    }
                }
            });
        if let Err(error) = spawned {
            eprintln!("error: cannot start consolidating the lists: {error}");
        }
    }

    /// Records that loading the lists failed; the server stays unready.
    pub fn set_failed(&self, reason: String) {
        let mut loading = self
            .inner
            .lists
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if !matches!(*loading, Loading::Ready(_)) {
            *loading = Loading::Failed(reason);
        }
    }

    /// The loaded lists, or a 503 saying why there are none yet.
    pub fn lists(&self) -> Result<Arc<Lists>, ApiError> {
        match &*self
            .inner
            .lists
            .read()
            .unwrap_or_else(PoisonError::into_inner)
        {
            Loading::Ready(lists) => Ok(Arc::clone(lists)),
            Loading::InProgress => Err(ApiError::Unavailable(
                "the lists are still loading; GET /readyz says when they are ready".to_owned(),
            )),
            Loading::Failed(reason) => Err(ApiError::Unavailable(format!(
                "the lists failed to load: {reason}"
            ))),
        }
    }

    /// Whether the lists are loaded.
    pub fn readiness(&self) -> Readiness {
        match &*self
            .inner
            .lists
            .read()
            .unwrap_or_else(PoisonError::into_inner)
        {
            Loading::Ready(lists) => Readiness::Ready {
                entities: lists.screener().entities().len(),
                lists: lists.lists().len(),
            },
            Loading::InProgress => Readiness::Loading,
            Loading::Failed(reason) => Readiness::Failed(reason.clone()),
        }
    }

    /// Loads `manifest` on a thread of its own and serves it once indexed;
    /// the server answers `/healthz` meanwhile. With a store, the lists
    /// are the store's active versions (the manifest's files are stored
    /// first where it holds none), and every [`Config::reload_every`] the
    /// thread looks for versions activated since and serves them. Works
    /// inside or outside an async runtime.
    pub fn spawn_loading(
        &self,
        manifest: Manifest,
    ) -> std::io::Result<std::thread::JoinHandle<()>> {
        let state = self.clone();
        std::thread::Builder::new()
            .name("interdict-load".to_owned())
            .spawn(move || state.load_and_watch(&manifest))
    }

    fn load_and_watch(&self, manifest: &Manifest) {
        let Some(store) = self.store() else {
            match Lists::load(manifest) {
                Ok(lists) => self.set_lists(lists),
                Err(error) => self.set_failed(error.to_string()),
            }
            return;
        };
        let others = self.config().other_stored_lists;
        match store.load_lists(manifest, others) {
            Ok(lists) => self.set_lists(lists),
            Err(error) => {
                self.set_failed(error.to_string());
                return;
            }
        }
        if let Some(every) = self.config().reload_every {
            let state = self.clone();
            let manifest = manifest.clone();
            let spawned = std::thread::Builder::new()
                .name("interdict-reload".to_owned())
                .spawn(move || state.watch_store(&manifest, every));
            if let Err(error) = spawned {
                eprintln!("error: cannot watch the store for new list versions: {error}");
            }
        }
    }

    /// Every `every`, or as soon as the store tells of a version another
    /// process activated (PostgreSQL's `NOTIFY`), serves the store's
    /// active versions if they are not those served.
    fn watch_store(&self, manifest: &Manifest, every: Duration) {
        let Some(store) = self.store() else {
            return;
        };
        let others = self.config().other_stored_lists;
        let sources: Option<Vec<String>> =
            (!others).then(|| manifest.sources.iter().map(|s| s.id.clone()).collect());
        loop {
            store.wait_for_new_versions(every);
            let served = match self.lists() {
                Ok(lists) => lists.version_ids(),
                Err(_) => Vec::new(),
            };
            match store.active_version_ids(sources.as_deref()) {
                Ok(active) if active != served => match store.load_lists(manifest, others) {
                    Ok(lists) => self.set_lists(lists),
                    Err(error) => eprintln!("error: reloading the lists: {error}"),
                },
                Ok(_) => {}
                Err(error) => eprintln!("error: looking for new list versions: {error}"),
            }
        }
    }
}
