//! The lists a screener is built from, in a form that travels: loaded once
//! (from the bundled lists, a manifest or the store), then sent as bytes to
//! every worker that screens, such as Spark's executors, which build their
//! own index from them.

use std::io::{Read, Write};
use std::path::Path;

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use interdict_catalog::{LoadedSource, Manifest};
use interdict_model::Entity;
use interdict_store::Store;
use serde::{Deserialize, Serialize};

use crate::Error;

/// One list of a bundle: which list, which version, how many entities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSummary {
    /// The source id (`un_sc`).
    pub source: String,
    /// The list's title.
    pub title: String,
    /// The publication date it states, if any (`2026-02-27`).
    pub published: Option<String>,
    /// The stored version's content hash, for lists read from the store.
    pub content_hash: Option<String>,
    /// How many entities it holds.
    pub entities: usize,
}

/// Lists with their entities, ready to build a screener from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListBundle {
    /// The lists, in load order.
    pub lists: Vec<ListSummary>,
    /// Every list's entities, in the same order.
    pub entities: Vec<Entity>,
}

/// The first bytes of [`ListBundle::to_bytes`]: a format name and version,
/// so bytes of another kind or of a later layout are refused by name.
const MAGIC: &[u8] = b"interdict-list-bundle/1\n";

impl ListBundle {
    /// The lists built into interdict (its bundled default lists).
    pub fn bundled() -> Result<Self, Error> {
        Ok(Self::from_sources(Manifest::bundled()?.load()?))
    }

    /// The lists a manifest file names, read from disk.
    pub fn from_manifest(path: &Path) -> Result<Self, Error> {
        Ok(Self::from_sources(Manifest::from_path(path)?.load()?))
    }

    /// The versions a store serves now (each source's active version), as
    /// `interdict serve` would screen against.
    pub fn from_store(path: &Path) -> Result<Self, Error> {
        let store = Store::open(path)?;
        let served = store.active_sources()?;
        if served.is_empty() {
            return Err(Error::Usage(format!(
                "{}: the store holds no active list version (run `interdict update` or \
                 `interdict store ingest` first)",
                path.display()
            )));
        }
        let hashes: Vec<(String, String)> = served
            .iter()
            .map(|(version, _)| (version.source.clone(), version.content_hash.clone()))
            .collect();
        let sources = served.into_iter().map(|(_, source)| source).collect();
        Ok(Self::from_loaded(sources, |id| {
            hashes
                .iter()
                .find(|(source, _)| source == id)
                .map(|(_, hash)| hash.clone())
        }))
    }

    /// Lists already loaded (by the catalog or the store).
    pub fn from_sources(sources: Vec<LoadedSource>) -> Self {
        Self::from_loaded(sources, |_| None)
    }

    fn from_loaded(
        sources: Vec<LoadedSource>,
        content_hash: impl Fn(&str) -> Option<String>,
    ) -> Self {
        let mut lists = Vec::with_capacity(sources.len());
        let mut entities = Vec::new();
        for source in sources {
            lists.push(ListSummary {
                content_hash: content_hash(&source.info.id),
                source: source.info.id,
                title: source.info.title,
                published: source.published.map(|date| date.to_string()),
                entities: source.entities.len(),
            });
            entities.extend(source.entities);
        }
        Self { lists, entities }
    }

    /// The bundle as bytes: [`MAGIC`], then the bundle as gzip-compressed
    /// JSON.
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let mut encoder = GzEncoder::new(MAGIC.to_vec(), Compression::fast());
        serde_json::to_writer(&mut encoder, self)
            .map_err(|e| Error::Bundle(format!("cannot encode the lists: {e}")))?;
        encoder
            .flush()
            .and_then(|()| encoder.finish())
            .map_err(|e| Error::Bundle(format!("cannot compress the lists: {e}")))
    }

    /// A bundle from bytes made by [`ListBundle::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let body = bytes.strip_prefix(MAGIC).ok_or_else(|| {
            Error::Bundle("these bytes are not an interdict list bundle (format 1)".into())
        })?;
        let mut json = Vec::new();
        GzDecoder::new(body)
            .read_to_end(&mut json)
            .map_err(|e| Error::Bundle(format!("cannot decompress the lists: {e}")))?;
        serde_json::from_slice(&json)
            .map_err(|e| Error::Bundle(format!("cannot decode the lists: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn un_2024() -> ListBundle {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/lists/un_sc/2024-05-15/un_consolidated.xml.gz");
        let manifest = Manifest::from_files(&[(Some("un_sc".into()), path)]).unwrap();
        ListBundle::from_sources(manifest.load().unwrap())
    }

    #[test]
    fn a_bundle_survives_its_bytes() {
        let bundle = un_2024();
        assert_eq!(bundle.lists.len(), 1);
        assert_eq!(bundle.lists[0].entities, bundle.entities.len());
        let bytes = bundle.to_bytes().unwrap();
        let back = ListBundle::from_bytes(&bytes).unwrap();
        assert_eq!(back.lists, bundle.lists);
        assert_eq!(back.entities, bundle.entities);
    }

    #[test]
    fn other_bytes_are_refused_by_name() {
        let error = ListBundle::from_bytes(b"PAR1 not a bundle").unwrap_err();
        assert!(error.to_string().contains("not an interdict list bundle"));
        let mut truncated = un_2024().to_bytes().unwrap();
        truncated.truncate(truncated.len() / 2);
        let error = ListBundle::from_bytes(&truncated).unwrap_err();
        assert!(error.to_string().contains("cannot decompress"), "{error}");
    }
}
