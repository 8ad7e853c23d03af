//! The lists interdict knows about, and loading them.
//!
//! A [`Manifest`] names each source: its id, title, publishing authority,
//! format, file and publication date. The default manifest and its files (the
//! repository's `data/` folder) are embedded in the binary, so a fresh build
//! screens out of the box; [`Manifest::from_path`] reads another manifest from
//! disk, with files relative to it.
//!
//! [`Manifest::from_files`] makes a manifest of files named on the command
//! line. A source's format and authority may be left out: the format is then
//! recognised from the file's content and the authority from the format.
//!
//! [`Manifest::load`] parses every source in parallel and returns the entities
//! with per-source statistics.

use std::borrow::Cow;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use interdict_model::{Authority, Entity, PartialDate};
use interdict_sources::{Companions, Context, Directory, SourceError, detect, input};
pub use interdict_sources::{Format, Warning};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// The repository's `data/` folder, embedded at build time.
#[derive(rust_embed::RustEmbed)]
#[folder = "../../data"]
struct Bundled;

/// A manifest that could not be read, or a list in it that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The manifest file could not be read.
    #[error("{path}: cannot read manifest: {error}")]
    ManifestIo {
        /// The manifest's path.
        path: String,
        /// Why.
        error: std::io::Error,
    },
    /// The manifest is not valid.
    #[error("{path}: invalid manifest: {message}")]
    ManifestInvalid {
        /// The manifest's path.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A source named in the manifest has no file in the bundle.
    #[error("source {source_id}: file {file} is not in the bundled data")]
    MissingBundledFile {
        /// The source id.
        source_id: String,
        /// The file the manifest names.
        file: String,
    },
    /// A list could not be parsed.
    #[error("source {source_id}: {error}")]
    Source {
        /// The source id.
        source_id: String,
        /// The parser's error, naming the file and record.
        error: SourceError,
    },
}

/// One list in a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    /// Short id that prefixes entity ids: `us_ofac_sdn`, `eu_fsf`.
    pub id: String,
    /// The list's title.
    pub title: String,
    /// Who publishes it; when absent, the authority the format belongs to.
    #[serde(default)]
    pub authority: Option<Authority>,
    /// Its file format; when absent, recognised from the file's content.
    #[serde(default)]
    pub format: Option<Format>,
    /// The file, relative to the manifest.
    pub file: String,
    /// When this copy was published (as precise as known).
    #[serde(default)]
    pub published: Option<PartialDate>,
    /// Where the authority publishes it.
    #[serde(default)]
    pub url: Option<String>,
    /// The data's licence.
    #[serde(default)]
    pub licence: Option<String>,
    /// Listings under these programmes are left out (for an aggregate list
    /// whose parts are loaded from their own, newer files). An entity left
    /// with no listing is left out too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_programmes: Vec<String>,
}

impl SourceInfo {
    /// A source known only by its id (a file named on the command line or
    /// downloaded): its title is the id, and its format, authority and date
    /// are found from the file.
    pub fn named(id: &str) -> Self {
        Self {
            id: id.to_owned(),
            title: id.to_owned(),
            authority: None,
            format: None,
            file: String::new(),
            published: None,
            url: None,
            licence: None,
            exclude_programmes: Vec::new(),
        }
    }
}

/// Where a manifest's files are.
#[derive(Debug, Clone)]
enum Origin {
    Bundled,
    Directory(PathBuf),
}

/// A source's file, as [`Manifest::source_file`] finds it.
#[derive(Debug, Clone)]
pub enum SourceFile {
    /// A list embedded in the binary.
    Bundled {
        /// The file's bytes.
        bytes: Cow<'static, [u8]>,
        /// What names it in messages (`bundled data/un_sc/...xml.gz`).
        label: String,
    },
    /// A file on disk.
    Path(PathBuf),
}

/// A set of lists to load.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The lists, in the manifest's order.
    pub sources: Vec<SourceInfo>,
    origin: Origin,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    source: Vec<SourceInfo>,
}

impl Manifest {
    /// The default lists embedded in the binary.
    pub fn bundled() -> Result<Self, CatalogError> {
        let path = "bundled data/manifest.toml";
        let file = Bundled::get("manifest.toml").ok_or_else(|| CatalogError::ManifestInvalid {
            path: path.into(),
            message: "missing from the build".into(),
        })?;
        Self::parse(&file.data, path, Origin::Bundled)
    }

    /// A manifest on disk; its files are relative to its folder.
    pub fn from_path(path: &Path) -> Result<Self, CatalogError> {
        let label = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|error| CatalogError::ManifestIo {
            path: label.clone(),
            error,
        })?;
        let folder = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        Self::parse(&bytes, &label, Origin::Directory(folder))
    }

    fn parse(bytes: &[u8], path: &str, origin: Origin) -> Result<Self, CatalogError> {
        let invalid = |message: String| CatalogError::ManifestInvalid {
            path: path.to_owned(),
            message,
        };
        let text = std::str::from_utf8(bytes).map_err(|e| invalid(e.to_string()))?;
        let file: ManifestFile = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        Self::checked(file.source, path, origin)
    }

    fn checked(sources: Vec<SourceInfo>, path: &str, origin: Origin) -> Result<Self, CatalogError> {
        let invalid = |message: String| CatalogError::ManifestInvalid {
            path: path.to_owned(),
            message,
        };
        let mut seen = std::collections::HashSet::new();
        for source in &sources {
            if !seen.insert(source.id.as_str()) {
                return Err(invalid(format!("source id {:?} appears twice", source.id)));
            }
            if source.id.is_empty() || source.id.contains(':') {
                return Err(invalid(format!(
                    "source id {:?} must be non-empty and contain no ':'",
                    source.id
                )));
            }
        }
        Ok(Self { sources, origin })
    }

    /// A manifest of files given by path, each optionally with the source id
    /// to use (by default the file name up to its first dot, in lower case,
    /// with anything but letters and digits made `_`).
    pub fn from_files(files: &[(Option<String>, PathBuf)]) -> Result<Self, CatalogError> {
        let sources = files
            .iter()
            .map(|(id, path)| {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let id = id
                    .clone()
                    .unwrap_or_else(|| source_id_from_file_name(&name));
                SourceInfo {
                    id,
                    title: name,
                    authority: None,
                    format: None,
                    file: path.display().to_string(),
                    published: None,
                    url: None,
                    licence: None,
                    exclude_programmes: Vec::new(),
                }
            })
            .collect();
        Self::checked(
            sources,
            "the files given",
            Origin::Directory(PathBuf::new()),
        )
    }

    /// Keeps only the sources whose id is in `ids`; an unknown id is an error.
    pub fn select(mut self, ids: &[String]) -> Result<Self, CatalogError> {
        if let Some(unknown) = ids
            .iter()
            .find(|id| !self.sources.iter().any(|s| &s.id == *id))
        {
            let known: Vec<&str> = self.sources.iter().map(|s| s.id.as_str()).collect();
            return Err(CatalogError::ManifestInvalid {
                path: "--source".into(),
                message: format!("unknown source {unknown:?}; known: {}", known.join(", ")),
            });
        }
        self.sources.retain(|s| ids.contains(&s.id));
        Ok(self)
    }

    /// Parses every source, in parallel, and returns them in manifest order.
    /// The first source that fails to load fails the whole load.
    pub fn load(&self) -> Result<Vec<LoadedSource>, CatalogError> {
        self.sources
            .par_iter()
            .map(|info| self.load_one(info))
            .collect()
    }

    fn load_one(&self, info: &SourceInfo) -> Result<LoadedSource, CatalogError> {
        let started = Instant::now();
        let source_error = |error| CatalogError::Source {
            source_id: info.id.clone(),
            error,
        };
        let (format, parsed) = match self.source_file(info)? {
            SourceFile::Bundled { bytes, label } => {
                let format = match info.format {
                    Some(format) => format,
                    None => detect::detect_bytes(&bytes, &label).map_err(source_error)?,
                };
                let folder = info.file.rsplit_once('/').map_or("", |(folder, _)| folder);
                let context =
                    Context::new(&info.id, &label).with_companions(Arc::new(BundledFolder {
                        folder: folder.to_owned(),
                    }));
                let parsed = format
                    .parse(input::from_bytes(&bytes), &context)
                    .map_err(source_error)?;
                (format, parsed)
            }
            SourceFile::Path(path) => {
                let format = match info.format {
                    Some(format) => format,
                    None => detect::detect_path(&path).map_err(source_error)?,
                };
                let siblings = path.parent().unwrap_or(Path::new(".")).to_path_buf();
                let context = Context::new(&info.id, &path.display().to_string())
                    .with_companions(Arc::new(Directory(siblings)));
                let reader = input::open(&path).map_err(source_error)?;
                (
                    format,
                    format.parse(reader, &context).map_err(source_error)?,
                )
            }
        };
        Ok(finish(info, format, parsed, started))
    }

    /// Where a source's file is: its bytes, for a list embedded in the
    /// binary, or its path on disk (a store keeps either as a version).
    pub fn source_file(&self, info: &SourceInfo) -> Result<SourceFile, CatalogError> {
        match &self.origin {
            Origin::Bundled => {
                let file =
                    Bundled::get(&info.file).ok_or_else(|| CatalogError::MissingBundledFile {
                        source_id: info.id.clone(),
                        file: info.file.clone(),
                    })?;
                Ok(SourceFile::Bundled {
                    bytes: file.data,
                    label: format!("bundled data/{}", info.file),
                })
            }
            Origin::Directory(folder) => Ok(SourceFile::Path(folder.join(&info.file))),
        }
    }

    /// Parses one list held in memory (a download, say), as the manifest
    /// entry `info` describes it; `label` names it in errors (its URL).
    /// Companion files are not available, so formats published as a set of
    /// files (OFAC's legacy CSV) read only the main file.
    pub fn load_bytes(
        info: &SourceInfo,
        bytes: &[u8],
        label: &str,
    ) -> Result<LoadedSource, CatalogError> {
        let started = Instant::now();
        let source_error = |error| CatalogError::Source {
            source_id: info.id.clone(),
            error,
        };
        let format = match info.format {
            Some(format) => format,
            None => detect::detect_bytes(bytes, label).map_err(source_error)?,
        };
        let context = Context::new(&info.id, label);
        let parsed = format
            .parse(input::from_bytes(bytes), &context)
            .map_err(source_error)?;
        Ok(finish(info, format, parsed, started))
    }
}

/// A parsed list as a loaded source: programmes excluded, authority settled.
fn finish(
    info: &SourceInfo,
    format: Format,
    parsed: interdict_sources::Parsed,
    started: Instant,
) -> LoadedSource {
    let mut entities = parsed.entities;
    if !info.exclude_programmes.is_empty() {
        for entity in &mut entities {
            entity.listings.retain(|listing| {
                !listing
                    .programmes
                    .iter()
                    .any(|p| info.exclude_programmes.contains(p))
            });
        }
        entities.retain(|entity| !entity.listings.is_empty());
    }
    let authority = info
        .authority
        .clone()
        .or_else(|| format.authority())
        .or_else(|| common_authority(&entities))
        .unwrap_or_else(|| Authority::Other(info.id.clone()));
    LoadedSource {
        info: info.clone(),
        format,
        authority,
        published: parsed.meta.published.or(info.published),
        entities,
        warnings: parsed.warnings,
        elapsed: started.elapsed(),
    }
}

/// The authority of every listing, when they all share one.
fn common_authority(entities: &[Entity]) -> Option<Authority> {
    let mut authorities = entities
        .iter()
        .flat_map(|e| e.listings.iter().map(|l| &l.authority));
    let first = authorities.next()?;
    authorities.all(|a| a == first).then(|| first.clone())
}

/// `ConList.xlsx` → `conlist`, `sdn_2024-05-07.xml.gz` → `sdn_2024_05_07`.
fn source_id_from_file_name(name: &str) -> String {
    let stem = name.split('.').next().unwrap_or(name);
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if id.is_empty() { "list".to_owned() } else { id }
}

/// Companion files in the same folder of the bundled data.
struct BundledFolder {
    folder: String,
}

impl Companions for BundledFolder {
    fn open(&self, name: &str) -> Result<Option<Box<dyn BufRead + Send + '_>>, SourceError> {
        for candidate in [name.to_owned(), format!("{name}.gz")] {
            let path = if self.folder.is_empty() {
                candidate
            } else {
                format!("{}/{candidate}", self.folder)
            };
            if let Some(file) = Bundled::get(&path) {
                let bytes = file.data.into_owned();
                let reader = input::from_bytes(&bytes);
                // The reader borrows the bytes; read it out so it can own them.
                let decompressed = input::read_all(reader, &format!("bundled data/{path}"))?;
                return Ok(Some(Box::new(std::io::Cursor::new(decompressed))));
            }
        }
        Ok(None)
    }

    fn describe(&self) -> String {
        format!("bundled data/{}", self.folder)
    }
}

/// One list, loaded.
#[derive(Debug, Clone)]
pub struct LoadedSource {
    /// What the manifest says about it.
    pub info: SourceInfo,
    /// Its format, as given or recognised.
    pub format: Format,
    /// Who publishes it, as given or as its format or listings say.
    pub authority: Authority,
    /// The publication date the file states, else the manifest's.
    pub published: Option<PartialDate>,
    /// Its entities.
    pub entities: Vec<Entity>,
    /// Values kept as text and records skipped while parsing.
    pub warnings: Vec<Warning>,
    /// How long parsing took.
    pub elapsed: Duration,
}

/// Every entity of `sources`, in order, in one vector of exactly their
/// number: collecting a chain of lists grows a vector by doubling, and the
/// spare room (up to half of the tens of megabytes the bundled lists' 38,000
/// entities take) would be held for as long as the lists are loaded.
pub fn entities_of(sources: Vec<LoadedSource>) -> Vec<Entity> {
    let mut entities = Vec::with_capacity(sources.iter().map(|s| s.entities.len()).sum());
    for source in sources {
        entities.extend(source.entities);
    }
    entities
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_manifest_names_files_that_are_bundled() {
        let manifest = Manifest::bundled().unwrap();
        let ids: Vec<&str> = manifest.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "us_ofac_sdn",
                "eu_fsf",
                "un_sc",
                "ca_sema",
                "cn_sanctions",
                "us_ofac_cons",
                "gb_ofsi",
                "ch_seco",
                "au_dfat",
                "us_trade_csl",
                "us_dod_1260h",
            ]
        );
        for source in &manifest.sources {
            assert!(
                Bundled::get(&source.file).is_some(),
                "{} missing",
                source.file
            );
            assert!(source.published.is_some(), "{} has no date", source.id);
        }
    }

    #[test]
    fn loaded_entities_hold_no_spare_room() {
        let manifest = Manifest::bundled()
            .unwrap()
            .select(&["us_ofac_sdn".to_owned(), "eu_fsf".to_owned()])
            .unwrap();
        let sources = manifest.load().unwrap();
        let ids: Vec<String> = sources
            .iter()
            .flat_map(|s| s.entities.iter().map(|e| e.id.clone()))
            .collect();
        let entities = entities_of(sources);
        assert_eq!(entities.capacity(), entities.len());
        assert!(entities.iter().map(|e| &e.id).eq(ids.iter()));
        for entity in &entities {
            assert_eq!(entity.names.capacity(), entity.names.len(), "{}", entity.id);
            assert_eq!(
                entity.listings.capacity(),
                entity.listings.len(),
                "{}",
                entity.id
            );
            assert_eq!(
                entity.addresses.capacity(),
                entity.addresses.len(),
                "{}",
                entity.id
            );
            assert_eq!(
                entity.identifiers.capacity(),
                entity.identifiers.len(),
                "{}",
                entity.id
            );
        }
    }

    #[test]
    fn manifest_errors_name_the_problem() {
        let duplicate = br#"
            [[source]]
            id = "a"
            title = "A"
            authority = "eu"
            format = "eu_fsf_xml"
            file = "a.xml"
            published = "2024-01-01"
            [[source]]
            id = "a"
            title = "A again"
            authority = "eu"
            format = "eu_fsf_xml"
            file = "b.xml"
            published = "2024-01-01"
        "#;
        let error = Manifest::parse(duplicate, "m.toml", Origin::Bundled).unwrap_err();
        assert_eq!(
            error.to_string(),
            "m.toml: invalid manifest: source id \"a\" appears twice"
        );

        let bad_format = br#"
            [[source]]
            id = "a"
            title = "A"
            authority = "eu"
            format = "pdf"
            file = "a.pdf"
            published = "2024-01-01"
        "#;
        let error = Manifest::parse(bad_format, "m.toml", Origin::Bundled).unwrap_err();
        assert!(
            error.to_string().contains("unknown list format \"pdf\""),
            "{error}"
        );
    }

    #[test]
    fn selecting_an_unknown_source_is_an_error() {
        let manifest = Manifest::bundled().unwrap();
        let error = manifest.select(&["nope".into()]).unwrap_err();
        assert!(
            error.to_string().contains("unknown source \"nope\""),
            "{error}"
        );
    }

    #[test]
    fn missing_file_on_disk_names_it() {
        let dir = std::env::temp_dir().join(format!("interdict-catalog-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let manifest_path = dir.join("manifest.toml");
        std::fs::write(
            &manifest_path,
            "[[source]]\nid = \"x\"\ntitle = \"X\"\nauthority = \"un_sc\"\nformat = \"un_sc_xml\"\nfile = \"missing.xml\"\npublished = \"2024\"\n",
        )
        .unwrap();
        let error = Manifest::from_path(&manifest_path)
            .unwrap()
            .load()
            .unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("source x: "), "{message}");
        assert!(message.contains("missing.xml: cannot open"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
