//! List versions: every list file loaded, and when each was served.
//!
//! A version is one file's content for one source, identified by the
//! SHA-256 of the file's bytes. Loading the same bytes again changes
//! nothing. A new version is parsed completely before anything is written;
//! then, in one transaction, it is stored with its entities, the previous
//! active version's activation is closed and the new one's opened. A file
//! that fails to parse leaves the store as it was.
//!
//! An *activation* is a period during which a version was the one served
//! for its source. A source that goes back to an earlier content gets a new
//! activation of the earlier version, so "which version was served at time
//! T" always has one answer per source.

use std::path::Path;
use std::time::Duration;

use interdict_catalog::{Format, LoadedSource, Manifest, SourceFile, SourceInfo};
use interdict_model::{Authority, Entity, PartialDate};
use serde::Serialize;

use crate::backend::{Backend, DbError, Row, params};

use crate::fingerprint::entity_fingerprint;
use crate::{SqlContext as _, Store, StoreError, Timestamp, sha256_hex};

/// One stored version of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListVersion {
    /// The version's number in this store.
    pub id: i64,
    /// The source id (`un_sc`).
    pub source: String,
    /// The list's title.
    pub title: String,
    /// The publishing authority's id.
    pub authority: String,
    /// The file format's id.
    pub format: String,
    /// The publication date the file states (else the one given when it
    /// was loaded).
    pub published: Option<PartialDate>,
    /// SHA-256 of the file's bytes, in hex.
    pub content_hash: String,
    /// The file's size in bytes.
    pub byte_count: u64,
    /// How many entities it holds.
    pub entity_count: usize,
    /// Where it was loaded from: a path or URL.
    pub origin: String,
    /// When it was stored.
    pub loaded_at: Timestamp,
    /// When it last became the served version, if ever.
    pub active_from: Option<Timestamp>,
    /// When that ended; none while it is served.
    pub active_until: Option<Timestamp>,
}

impl ListVersion {
    /// Whether it is the version served now.
    pub fn is_active(&self) -> bool {
        self.active_from.is_some() && self.active_until.is_none()
    }

    /// The first 12 hex digits of its content hash.
    pub fn short_hash(&self) -> &str {
        self.content_hash.get(..12).unwrap_or(&self.content_hash)
    }

    /// What the audit log records of a version screened against: source,
    /// version number, content hash and publication date.
    pub fn audit_json(&self) -> serde_json::Value {
        serde_json::json!({
            "source": self.source,
            "version": self.id,
            "content_hash": self.content_hash,
            "published": self.published,
        })
    }
}

/// What loading a file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IngestOutcome {
    /// A new version, now active.
    Added,
    /// The content of an earlier version, active again.
    Reactivated,
    /// The content of the active version: nothing changed.
    Unchanged,
}

/// The result of loading one file.
#[derive(Debug, Clone, Serialize)]
pub struct IngestReport {
    /// What happened.
    pub outcome: IngestOutcome,
    /// The version now active for the source.
    pub version: ListVersion,
    /// The version it replaced, if one did.
    pub replaced: Option<ListVersion>,
    /// Warnings the parser gave (values kept as text), when it parsed.
    pub warnings: usize,
    /// How long parsing took, when it parsed.
    #[serde(skip)]
    pub parse_time: Option<Duration>,
}

/// A stored version with its entities, ready to screen against.
pub type VersionedSource = (ListVersion, LoadedSource);

/// Which versions a screening "as of" a date uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// The versions this store was serving at that instant (by their
    /// activations): what a screening made then actually used.
    Served(Timestamp),
    /// For each source, the stored version with the latest publication date
    /// on or before that date, whether or not it had been loaded by then.
    Published(PartialDate),
}

/// The columns of a version row, with its latest activation.
const VERSION_COLUMNS: &str = "v.id, v.source, v.title, v.authority, v.format, v.published, \
     v.content_hash, v.byte_count, v.entity_count, v.origin, v.loaded_at, \
     (SELECT a.active_from FROM activation a WHERE a.version_id = v.id \
        ORDER BY a.active_from DESC, a.id DESC LIMIT 1), \
     (SELECT a.active_until FROM activation a WHERE a.version_id = v.id \
        ORDER BY a.active_from DESC, a.id DESC LIMIT 1)";

fn conversion_error(column: usize, error: impl std::fmt::Display) -> DbError {
    DbError::Parse {
        column,
        message: error.to_string(),
    }
}

/// A time stored as text.
pub(crate) fn time_column(row: &Row, column: usize) -> Result<Timestamp, DbError> {
    let text = row.text(column)?;
    Timestamp::parse(&text).map_err(|e| conversion_error(column, e))
}

fn optional_time_column(row: &Row, column: usize) -> Result<Option<Timestamp>, DbError> {
    row.opt_text(column)?
        .map(|t| Timestamp::parse(&t).map_err(|e| conversion_error(column, e)))
        .transpose()
}

fn version_from_row(row: &Row) -> Result<ListVersion, DbError> {
    let published = row
        .opt_text(5)?
        .map(|p| p.parse::<PartialDate>().map_err(|e| conversion_error(5, e)))
        .transpose()?;
    Ok(ListVersion {
        id: row.int(0)?,
        source: row.text(1)?,
        title: row.text(2)?,
        authority: row.text(3)?,
        format: row.text(4)?,
        published,
        content_hash: row.text(6)?,
        byte_count: row.int(7)?.try_into().unwrap_or(0),
        entity_count: row.int(8)?.try_into().unwrap_or(0),
        origin: row.text(9)?,
        loaded_at: time_column(row, 10)?,
        active_from: optional_time_column(row, 11)?,
        active_until: optional_time_column(row, 12)?,
    })
}

/// The versions a query finds.
fn versions_from(
    db: &mut dyn Backend,
    sql: &str,
    params: &[crate::backend::Value],
) -> Result<Vec<ListVersion>, DbError> {
    db.query(sql, params)?
        .iter()
        .map(version_from_row)
        .collect()
}

/// The version a query finds, if any.
fn version_from(
    db: &mut dyn Backend,
    sql: &str,
    params: &[crate::backend::Value],
) -> Result<Option<ListVersion>, DbError> {
    db.query_opt(sql, params)?
        .as_ref()
        .map(version_from_row)
        .transpose()
}

/// Parses a list file on disk as `info` describes it (its `file` is
/// replaced by `path`); companion files beside it are found.
pub fn parse_file(info: &SourceInfo, path: &Path) -> Result<LoadedSource, StoreError> {
    let mut manifest = Manifest::from_files(&[(Some(info.id.clone()), path.to_path_buf())])?;
    for source in &mut manifest.sources {
        *source = SourceInfo {
            file: source.file.clone(),
            ..info.clone()
        };
    }
    manifest
        .load()?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::UnknownVersion {
            source_id: info.id.clone(),
            version: path.display().to_string(),
        })
}

impl Store {
    /// Loads a list file from disk as a version of `info.id` and makes it
    /// active, unless its content is the active version's already.
    /// `info.published` is used only when the file states no date.
    pub fn ingest_file(
        &mut self,
        info: &SourceInfo,
        path: &Path,
    ) -> Result<IngestReport, StoreError> {
        let bytes = std::fs::read(path).map_err(|error| StoreError::Io {
            path: path.display().to_string(),
            what: "cannot read the list file",
            error,
        })?;
        let origin = std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string();
        self.ingest_with(info, &bytes, &origin, || parse_file(info, path))
    }

    /// Loads a list held in memory (a download) as a version of `info.id`;
    /// `origin` (its URL) names it in errors and in the version.
    pub fn ingest_bytes(
        &mut self,
        info: &SourceInfo,
        bytes: &[u8],
        origin: &str,
    ) -> Result<IngestReport, StoreError> {
        self.ingest_with(info, bytes, origin, || {
            Ok(Manifest::load_bytes(info, bytes, origin)?)
        })
    }

    fn ingest_with(
        &mut self,
        info: &SourceInfo,
        bytes: &[u8],
        origin: &str,
        parse: impl FnOnce() -> Result<LoadedSource, StoreError>,
    ) -> Result<IngestReport, StoreError> {
        let hash = sha256_hex(bytes);
        let active = self.active_version(&info.id)?;
        if let Some(active) = &active
            && active.content_hash == hash
        {
            return Ok(IngestReport {
                outcome: IngestOutcome::Unchanged,
                version: active.clone(),
                replaced: None,
                warnings: 0,
                parse_time: None,
            });
        }
        let now = self.now();
        if let Some(earlier) = self.version_by_hash(&info.id, &hash)? {
            self.write("reactivating a version", |tx| {
                activate(tx, &info.id, earlier.id, now)
            })?;
            return Ok(IngestReport {
                outcome: IngestOutcome::Reactivated,
                version: self.version(earlier.id)?,
                replaced: active,
                warnings: 0,
                parse_time: None,
            });
        }

        let loaded = parse()?;
        let rows = loaded
            .entities
            .iter()
            .map(|entity| {
                serde_json::to_string(entity)
                    .map(|json| (entity.id.as_str(), entity_fingerprint(entity), json))
                    .map_err(|error| StoreError::Corrupt {
                        what: format!("entity {}", entity.id),
                        error,
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;

        let stored = self.write("storing a version", |tx| {
            // Another process may have stored the same content meanwhile.
            let stored_meanwhile = tx
                .query_opt(
                    "SELECT id FROM list_version WHERE source = ?1 AND content_hash = ?2",
                    params![&info.id, &hash],
                )
                .sql("finding a version by content")?;
            if let Some(row) = stored_meanwhile {
                return Ok(Err(row.int(0).sql("finding a version by content")?));
            }
            let version_id = tx
                .query_one(
                    "INSERT INTO list_version (source, title, authority, format, published, \
                     content_hash, byte_count, entity_count, origin, loaded_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                    params![
                        &info.id,
                        &info.title,
                        loaded.authority.id(),
                        loaded.format.id(),
                        loaded.published.map(|p| p.to_string()),
                        &hash,
                        i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                        i64::try_from(rows.len()).unwrap_or(i64::MAX),
                        origin,
                        now.to_string(),
                    ],
                )
                .and_then(|row| row.int(0))
                .sql("storing a version")?;
            for (position, (entity_id, fingerprint, json)) in rows.iter().enumerate() {
                tx.execute(
                    "INSERT INTO version_entity (version_id, position, entity_id, fingerprint, body) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        version_id,
                        i64::try_from(position).unwrap_or(i64::MAX),
                        *entity_id,
                        fingerprint,
                        json
                    ],
                )
                .sql("storing an entity")?;
            }
            activate(tx, &info.id, version_id, now)?;
            Ok(Ok(version_id))
        })?;
        let version_id = match stored {
            Ok(id) => id,
            Err(id) => {
                return Ok(IngestReport {
                    outcome: IngestOutcome::Unchanged,
                    version: self.version(id)?,
                    replaced: None,
                    warnings: loaded.warnings.len(),
                    parse_time: Some(loaded.elapsed),
                });
            }
        };
        Ok(IngestReport {
            outcome: IngestOutcome::Added,
            version: self.version(version_id)?,
            replaced: active,
            warnings: loaded.warnings.len(),
            parse_time: Some(loaded.elapsed),
        })
    }

    /// One version, by number.
    pub fn version(&self, id: i64) -> Result<ListVersion, StoreError> {
        version_from(
            self.db().as_mut(),
            &format!("SELECT {VERSION_COLUMNS} FROM list_version v WHERE v.id = ?1"),
            params![id],
        )
        .sql("reading a version")?
        .ok_or_else(|| StoreError::UnknownVersion {
            source_id: "?".into(),
            version: id.to_string(),
        })
    }

    fn version_by_hash(&self, source: &str, hash: &str) -> Result<Option<ListVersion>, StoreError> {
        version_from(
            self.db().as_mut(),
            &format!(
                "SELECT {VERSION_COLUMNS} FROM list_version v \
                 WHERE v.source = ?1 AND v.content_hash = ?2"
            ),
            params![source, hash],
        )
        .sql("finding a version by content")
    }

    /// Every stored version, of one source or of all, oldest first within
    /// each source.
    pub fn versions(&self, source: Option<&str>) -> Result<Vec<ListVersion>, StoreError> {
        versions_from(
            self.db().as_mut(),
            &format!(
                "SELECT {VERSION_COLUMNS} FROM list_version v \
                 WHERE CAST(?1 AS TEXT) IS NULL OR v.source = ?1 ORDER BY v.source, v.loaded_at, v.id"
            ),
            params![source],
        )
        .sql("listing versions")
    }

    /// The version served now for `source`, if any.
    pub fn active_version(&self, source: &str) -> Result<Option<ListVersion>, StoreError> {
        version_from(
            self.db().as_mut(),
            &format!(
                "SELECT {VERSION_COLUMNS} FROM activation a JOIN list_version v \
                 ON v.id = a.version_id WHERE a.source = ?1 AND a.active_until IS NULL"
            ),
            params![source],
        )
        .sql("finding the active version")
    }

    /// Waits until a process activates a version of any source (`true`;
    /// on PostgreSQL it is told at once) or `timeout` passes (`false`; on
    /// SQLite, which cannot tell, always after the whole `timeout`). A
    /// server's reload loop calls it between looks at the active versions,
    /// with a connection of its own: the wait holds the connection.
    pub fn wait_for_new_versions(&self, timeout: Duration) -> Result<bool, StoreError> {
        self.db()
            .wait_for_versions(timeout)
            .sql("waiting for new list versions")
    }

    /// The versions served now, one per source.
    pub fn active_versions(&self) -> Result<Vec<ListVersion>, StoreError> {
        self.versions_where("a.active_until IS NULL", params![])
    }

    /// The version served before the active one for `source`.
    pub fn previous_version(&self, source: &str) -> Result<Option<ListVersion>, StoreError> {
        let Some(active) = self.active_version(source)? else {
            return Ok(None);
        };
        let id: Option<i64> = self
            .db()
            .query_opt(
                "SELECT version_id FROM activation WHERE source = ?1 AND version_id != ?2 \
                 AND active_until IS NOT NULL ORDER BY active_until DESC, id DESC LIMIT 1",
                params![source, active.id],
            )
            .and_then(|row| row.map(|row| row.int(0)).transpose())
            .sql("finding the previous version")?;
        id.map(|id| self.version(id)).transpose()
    }

    fn versions_where(
        &self,
        condition: &str,
        values: &[crate::backend::Value],
    ) -> Result<Vec<ListVersion>, StoreError> {
        versions_from(
            self.db().as_mut(),
            &format!(
                "SELECT {VERSION_COLUMNS} FROM activation a JOIN list_version v \
                 ON v.id = a.version_id WHERE {condition} ORDER BY v.source"
            ),
            values,
        )
        .sql("finding versions")
    }

    /// The versions to screen against as of a time or date, one per source
    /// (see [`AsOf`]).
    pub fn versions_as_of(&self, as_of: AsOf) -> Result<Vec<ListVersion>, StoreError> {
        match as_of {
            AsOf::Served(at) => {
                let at = at.to_string();
                let mut versions = self.versions_where(
                    "a.active_from <= ?1 AND (a.active_until IS NULL OR a.active_until > ?1)",
                    params![&at],
                )?;
                // The activation columns describe the latest activation;
                // keep the one in force at `at`.
                for version in &mut versions {
                    let (from, until): (String, Option<String>) = self
                        .db()
                        .query_one(
                            "SELECT active_from, active_until FROM activation \
                             WHERE version_id = ?1 AND active_from <= ?2 \
                             AND (active_until IS NULL OR active_until > ?2)",
                            params![version.id, &at],
                        )
                        .and_then(|row| Ok((row.text(0)?, row.opt_text(1)?)))
                        .sql("reading an activation")?;
                    version.active_from = Timestamp::parse(&from).ok();
                    version.active_until = until.and_then(|u| Timestamp::parse(&u).ok());
                }
                Ok(versions)
            }
            AsOf::Published(date) => {
                let day = date.last_day();
                let mut chosen: Vec<ListVersion> = Vec::new();
                for version in self.versions(None)? {
                    let Some(published) = version.published else {
                        continue;
                    };
                    if published.first_day() > day {
                        continue;
                    }
                    match chosen.iter_mut().find(|v| v.source == version.source) {
                        Some(current) => {
                            let key =
                                |v: &ListVersion| (v.published.map(|p| p.first_day()), v.loaded_at);
                            if key(&version) > key(current) {
                                *current = version;
                            }
                        }
                        None => chosen.push(version),
                    }
                }
                Ok(chosen)
            }
        }
    }

    /// The entities of a version, in the file's order.
    pub fn entities(&self, version_id: i64) -> Result<Vec<Entity>, StoreError> {
        let rows = self
            .db()
            .query(
                "SELECT position, body FROM version_entity WHERE version_id = ?1 ORDER BY position",
                params![version_id],
            )
            .sql("reading entities")?;
        let mut entities = Vec::with_capacity(rows.len());
        for row in rows {
            let (position, body) =
                (|| Ok((row.int(0)?, row.text(1)?)))().sql("reading an entity")?;
            let mut entity: Entity =
                serde_json::from_str(&body).map_err(|error| StoreError::Corrupt {
                    what: format!("version {version_id}, entity {position}"),
                    error,
                })?;
            entity.shrink_to_fit();
            entities.push(entity);
        }
        Ok(entities)
    }

    /// The versions as of a time or date with their entities, as loaded
    /// sources ready to screen against.
    pub fn sources_as_of(&self, as_of: AsOf) -> Result<Vec<VersionedSource>, StoreError> {
        self.versions_as_of(as_of)?
            .into_iter()
            .map(|version| {
                let source = self.loaded_source(&version)?;
                Ok((version, source))
            })
            .collect()
    }

    /// The versions served now with their entities.
    pub fn active_sources(&self) -> Result<Vec<VersionedSource>, StoreError> {
        self.active_versions()?
            .into_iter()
            .map(|version| {
                let source = self.loaded_source(&version)?;
                Ok((version, source))
            })
            .collect()
    }

    /// What a service serves for `manifest`: each of its sources' active
    /// version, storing (and activating) the manifest's own file first for
    /// a source the store holds no version of; with `others`, also every
    /// other source the store serves (a list ingested by hand). Returns the
    /// versions with their entities, and a report for each file stored.
    pub fn sources_to_serve(
        &mut self,
        manifest: &Manifest,
        others: bool,
    ) -> Result<(Vec<VersionedSource>, Vec<IngestReport>), StoreError> {
        let stored: Vec<String> = self
            .active_versions()?
            .into_iter()
            .map(|version| version.source)
            .collect();
        let mut reports = Vec::new();
        for info in &manifest.sources {
            if stored.contains(&info.id) {
                continue;
            }
            let report = match manifest.source_file(info)? {
                SourceFile::Bundled { bytes, label } => self.ingest_bytes(info, &bytes, &label)?,
                SourceFile::Path(path) => self.ingest_file(info, &path)?,
            };
            reports.push(report);
        }
        let mut served = Vec::new();
        for version in self.active_versions()? {
            let info = manifest.sources.iter().find(|s| s.id == version.source);
            if info.is_none() && !others {
                continue;
            }
            let mut source = self.loaded_source(&version)?;
            if let Some(info) = info {
                source.info.url.clone_from(&info.url);
                source.info.licence.clone_from(&info.licence);
            }
            served.push((version, source));
        }
        Ok((served, reports))
    }

    /// A stored version as the catalog's loaded source.
    pub fn loaded_source(&self, version: &ListVersion) -> Result<LoadedSource, StoreError> {
        let entities = self.entities(version.id)?;
        let format: Option<Format> = version.format.parse().ok();
        let authority: Authority = version
            .authority
            .parse()
            .unwrap_or_else(|_| Authority::Other(version.authority.clone()));
        Ok(LoadedSource {
            info: SourceInfo {
                id: version.source.clone(),
                title: version.title.clone(),
                authority: Some(authority.clone()),
                format,
                file: version.origin.clone(),
                published: version.published,
                url: None,
                licence: None,
                exclude_programmes: Vec::new(),
            },
            format: format.unwrap_or(Format::ALL[0]),
            authority,
            published: version.published,
            entities,
            warnings: Vec::new(),
            elapsed: Duration::ZERO,
        })
    }

    /// Finds a version of `source` by number, content-hash prefix (at least
    /// 6 hex digits), publication date as written (`2024-05-15`, `2025-05`;
    /// the latest loaded if several), `active` or `previous`.
    pub fn find_version(&self, source: &str, spec: &str) -> Result<ListVersion, StoreError> {
        let unknown = || StoreError::UnknownVersion {
            source_id: source.to_owned(),
            version: spec.to_owned(),
        };
        match spec {
            "active" => return self.active_version(source)?.ok_or_else(unknown),
            "previous" => return self.previous_version(source)?.ok_or_else(unknown),
            _ => {}
        }
        let versions = self.versions(Some(source))?;
        if let Ok(id) = spec.parse::<i64>()
            && let Some(version) = versions.iter().find(|v| v.id == id)
        {
            return Ok(version.clone());
        }
        let spec_lower = spec.to_ascii_lowercase();
        if spec.len() >= 6 && spec.bytes().all(|b| b.is_ascii_hexdigit()) {
            let mut matching = versions
                .iter()
                .filter(|v| v.content_hash.starts_with(&spec_lower));
            if let (Some(version), None) = (matching.next(), matching.next()) {
                return Ok(version.clone());
            }
        }
        versions
            .iter()
            .rev()
            .find(|v| v.published.is_some_and(|p| p.to_string() == spec))
            .cloned()
            .ok_or_else(unknown)
    }
}

/// Makes `version_id` the active version of `source` from `now`, closing
/// the current activation.
fn activate(
    tx: &mut dyn Backend,
    source: &str,
    version_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now = now.to_string();
    tx.execute(
        "UPDATE activation SET active_until = ?2 WHERE source = ?1 AND active_until IS NULL",
        params![source, &now],
    )
    .sql("closing the active version")?;
    tx.execute(
        "INSERT INTO activation (source, version_id, active_from) VALUES (?1, ?2, ?3)",
        params![source, version_id, now],
    )
    .sql("activating a version")?;
    tx.notify_versions()
        .sql("telling other processes of a version")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{TestBackend, TestStore};

    const UN_2024: &str = "../../../shared/data/lists/un_sc/2024-05-15/un_consolidated.xml.gz";
    const UN_2026: &str = "../../../shared/data/lists/un_sc/2026-02-27/consolidated.xml.gz";

    crate::on_both_backends!(
        loading_the_same_file_twice_changes_nothing,
        a_malformed_file_leaves_nothing_behind,
        two_processes_loading_at_once_leave_one_active_version,
    );

    fn un_info() -> SourceInfo {
        SourceInfo::named("un_sc")
    }

    fn loading_the_same_file_twice_changes_nothing(backend: TestBackend) {
        let Some(place) = TestStore::new(backend) else {
            return;
        };
        let mut store = place.open();
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(UN_2024);
        let first = store.ingest_file(&un_info(), &path).unwrap();
        assert_eq!(first.outcome, IngestOutcome::Added);
        assert!(first.version.is_active());
        let second = store.ingest_file(&un_info(), &path).unwrap();
        assert_eq!(second.outcome, IngestOutcome::Unchanged);
        assert_eq!(second.version.id, first.version.id);
        assert_eq!(store.versions(None).unwrap().len(), 1);
        let entities = store.entities(first.version.id).unwrap();
        assert_eq!(entities.len(), first.version.entity_count);
        let reparsed = parse_file(&un_info(), &path).unwrap();
        assert_eq!(entities, reparsed.entities);
    }

    fn a_malformed_file_leaves_nothing_behind(backend: TestBackend) {
        let Some(place) = TestStore::new(backend) else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let mut store = place.open();
        let bad = dir.path().join("bad.xml");
        std::fs::write(&bad, "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>").unwrap();
        let mut info = un_info();
        info.format = Some("un_sc_xml".parse().unwrap());
        let error = store.ingest_file(&info, &bad).unwrap_err().to_string();
        assert!(error.contains("bad.xml"), "{error}");
        assert!(store.versions(None).unwrap().is_empty());
        assert!(store.active_version("un_sc").unwrap().is_none());
    }

    /// Two connections loading the two UN lists back and forth at once:
    /// every load succeeds, and one version of the source is active.
    fn two_processes_loading_at_once_leave_one_active_version(backend: TestBackend) {
        let Some(place) = TestStore::new(backend) else {
            return;
        };
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let place = &place;
        std::thread::scope(|scope| {
            for first in [UN_2024, UN_2026] {
                scope.spawn(move || {
                    let mut store = place.open();
                    let second = if first == UN_2024 { UN_2026 } else { UN_2024 };
                    for file in [first, second, first] {
                        store.ingest_file(&un_info(), &root.join(file)).unwrap();
                    }
                });
            }
        });
        let store = place.open();
        assert_eq!(store.versions(Some("un_sc")).unwrap().len(), 2);
        let active: Vec<ListVersion> = store
            .versions(Some("un_sc"))
            .unwrap()
            .into_iter()
            .filter(ListVersion::is_active)
            .collect();
        assert_eq!(active.len(), 1);
        assert_eq!(store.active_versions().unwrap(), active);
    }
}
