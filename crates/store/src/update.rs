//! Updating the lists from their publishers' URLs.
//!
//! Each source is downloaded whole into memory, hashed, parsed completely
//! and only then stored and made active (see [`Store::ingest_bytes`]). A
//! download that fails (an HTTP error, a connection cut half way, a
//! truncated or malformed file) changes nothing: the previous version goes
//! on being served, and the error names the source, the URL and, for a bad
//! file, the record.

use std::io::Read as _;
use std::time::Duration;

use interdict_catalog::SourceInfo;
use serde::Serialize;

use crate::versions::IngestReport;
use crate::{Store, StoreError};

/// The largest list accepted (OFAC's advanced XML is about 120 MB).
pub const MAX_LIST_BYTES: u64 = 1 << 30;

/// Downloads lists over HTTP(S) (HTTPS with the `tls` feature).
pub struct Downloader {
    agent: ureq::Agent,
    max_bytes: u64,
}

impl Default for Downloader {
    fn default() -> Self {
        Self::new(Duration::from_secs(30), Duration::from_secs(600))
    }
}

impl Downloader {
    /// A downloader that gives up connecting after `connect_timeout` and on
    /// a whole download after `timeout`.
    pub fn new(connect_timeout: Duration, timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(connect_timeout))
            .timeout_global(Some(timeout))
            .user_agent(concat!("interdict/", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            agent: ureq::Agent::new_with_config(config),
            max_bytes: MAX_LIST_BYTES,
        }
    }

    /// The whole body at `url`; an HTTP error status, a body shorter than
    /// its `Content-Length` or a connection cut are errors.
    pub fn download(&self, source_id: &str, url: &str) -> Result<Vec<u8>, StoreError> {
        let error = |message: String| StoreError::Download {
            source_id: source_id.to_owned(),
            url: url.to_owned(),
            message,
        };
        let mut response = self
            .agent
            .get(url)
            .call()
            .map_err(|e| error(e.to_string()))?;
        let expected: Option<u64> = response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let mut bytes = Vec::new();
        response
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .reader()
            .read_to_end(&mut bytes)
            .map_err(|e| {
                error(format!(
                    "download cut short after {} bytes: {e}",
                    bytes.len()
                ))
            })?;
        if let Some(expected) = expected
            && expected != bytes.len() as u64
        {
            return Err(error(format!(
                "download cut short: {} of {expected} bytes",
                bytes.len()
            )));
        }
        if bytes.is_empty() {
            return Err(error("the download is empty".into()));
        }
        Ok(bytes)
    }
}

/// The result of updating one source.
#[derive(Debug, Serialize)]
pub struct UpdateResult {
    /// The source id.
    pub source: String,
    /// Where it was downloaded from.
    pub url: Option<String>,
    /// What happened, or why nothing did.
    #[serde(serialize_with = "serialize_outcome")]
    pub outcome: Result<IngestReport, StoreError>,
}

fn serialize_outcome<S: serde::Serializer>(
    outcome: &Result<IngestReport, StoreError>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap as _;
    let mut map = serializer.serialize_map(Some(1))?;
    match outcome {
        Ok(report) => map.serialize_entry("ok", report)?,
        Err(error) => map.serialize_entry("error", &error.to_string())?,
    }
    map.end()
}

impl Store {
    /// Downloads one source from its URL and, once it parses, makes it the
    /// active version. The manifest's publication date is not used (it
    /// describes the bundled copy): the file's own date is.
    pub fn update_source(
        &mut self,
        info: &SourceInfo,
        downloader: &Downloader,
    ) -> Result<IngestReport, StoreError> {
        let url = info.url.as_deref().ok_or_else(|| StoreError::NoUrl {
            source_id: info.id.clone(),
        })?;
        let bytes = downloader.download(&info.id, url)?;
        let info = SourceInfo {
            published: None,
            file: url.to_owned(),
            ..info.clone()
        };
        self.ingest_bytes(&info, &bytes, url)
    }

    /// Updates each source in turn; one that fails does not stop the others.
    pub fn update(&mut self, sources: &[SourceInfo], downloader: &Downloader) -> Vec<UpdateResult> {
        sources
            .iter()
            .map(|info| UpdateResult {
                source: info.id.clone(),
                url: info.url.clone(),
                outcome: self.update_source(info, downloader),
            })
            .collect()
    }
}
