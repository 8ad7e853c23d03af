//! The checkpoint of a batch run: a small JSON file beside the output
//! (`OUTPUT.checkpoint`) recording how many input rows are fully written and
//! how long the output was then. See [`crate::driver`] for how it is used.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::BatchError;
use crate::output::with_suffix;

/// The checkpoint format's version; a checkpoint of another version is not
/// resumed from.
pub const VERSION: u32 = 1;

/// What a checkpoint records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// [`VERSION`].
    pub version: u32,
    /// The run's settings (input, formats, columns, lists, threshold, ...):
    /// a resumed run must have the same.
    pub settings: BTreeMap<String, String>,
    /// Input records fully screened and written, from the first.
    pub rows_done: u64,
    /// A fingerprint of those records' content
    /// ([`crate::record::Fingerprint`]), as hex.
    pub rows_fingerprint: String,
    /// The length of the data file (the output, or the Parquet spool) when
    /// those records were written: anything after it is cut off on resume.
    pub data_bytes: u64,
    /// Hits written so far.
    pub hits: u64,
    /// Records with at least one hit so far.
    pub rows_with_hits: u64,
    /// Records skipped so far (no name, when lenient).
    pub rows_skipped: u64,
    /// Values left out so far (unreadable, when lenient).
    pub values_ignored: u64,
}

/// Where the checkpoint of an output is: `OUTPUT.checkpoint`.
pub fn path_for(output: &Path) -> PathBuf {
    with_suffix(output, ".checkpoint")
}

/// Reads the checkpoint at `path`; none when there is no file.
pub fn read(path: &Path) -> Result<Option<Checkpoint>, BatchError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(BatchError::io(path, "cannot read", e)),
    };
    let checkpoint: Checkpoint = serde_json::from_str(&text)
        .map_err(|e| BatchError::Resume(format!("{} is not a checkpoint: {e}", path.display())))?;
    if checkpoint.version != VERSION {
        return Err(BatchError::Resume(format!(
            "{} is a version {} checkpoint; this interdict writes version {VERSION}",
            path.display(),
            checkpoint.version
        )));
    }
    Ok(Some(checkpoint))
}

/// Writes the checkpoint atomically: to a temporary file, synced, renamed
/// over the old one, and the directory synced, so a crash leaves either the
/// old checkpoint or the new one, never a torn one.
pub fn write(path: &Path, checkpoint: &Checkpoint) -> Result<(), BatchError> {
    let temporary = with_suffix(path, ".tmp");
    let text = serde_json::to_vec_pretty(checkpoint)
        .map_err(|e| BatchError::io(path, "cannot write", e))?;
    File::create(&temporary)
        .and_then(|mut file| {
            file.write_all(&text)?;
            file.sync_all()
        })
        .map_err(|e| BatchError::io(&temporary, "cannot write", e))?;
    std::fs::rename(&temporary, path).map_err(|e| BatchError::io(path, "cannot write", e))?;
    sync_dir(path)
}

/// Removes the checkpoint (the run is complete).
pub fn remove(path: &Path) -> Result<(), BatchError> {
    match std::fs::remove_file(path) {
        Ok(()) => sync_dir(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(BatchError::io(path, "cannot remove", e)),
    }
}

/// Syncs the directory holding `path`, so a rename or removal in it is on
/// disk. Where directories cannot be opened (not on Unix), nothing is done.
pub fn sync_dir(path: &Path) -> Result<(), BatchError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if cfg!(unix) {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| BatchError::io(dir, "cannot sync", e))?;
    }
    Ok(())
}

/// The settings that differ between a checkpoint and this run, as
/// `name: "then" → "now"`.
pub fn differences(then: &BTreeMap<String, String>, now: &BTreeMap<String, String>) -> Vec<String> {
    let mut names: Vec<&String> = then.keys().chain(now.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|name| then.get(*name) != now.get(*name))
        .map(|name| {
            let show =
                |v: Option<&String>| v.map_or_else(|| "(none)".to_owned(), |v| format!("{v:?}"));
            format!(
                "{name}: {} then, {} now",
                show(then.get(name)),
                show(now.get(name))
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Checkpoint {
        Checkpoint {
            version: VERSION,
            settings: BTreeMap::from([("threshold".to_owned(), "0.8".to_owned())]),
            rows_done: 4096,
            rows_fingerprint: "00000000000000ff".into(),
            data_bytes: 1234,
            hits: 3,
            rows_with_hits: 2,
            rows_skipped: 0,
            values_ignored: 0,
        }
    }

    #[test]
    fn a_checkpoint_round_trips_and_replaces_the_old_one() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = path_for(&dir.path().join("hits.csv"));
        assert!(path.ends_with("hits.csv.checkpoint"));
        assert_eq!(read(&path).ok(), Some(None));
        let mut checkpoint = sample();
        assert!(write(&path, &checkpoint).is_ok());
        checkpoint.rows_done = 8192;
        assert!(write(&path, &checkpoint).is_ok());
        assert_eq!(read(&path).ok(), Some(Some(checkpoint)));
        assert!(!with_suffix(&path, ".tmp").exists());
        assert!(remove(&path).is_ok());
        assert_eq!(read(&path).ok(), Some(None));
    }

    #[test]
    fn a_torn_or_foreign_file_is_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("x.checkpoint");
        assert!(std::fs::write(&path, "{\"version\": 1, \"rows_").is_ok());
        let error = read(&path).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.starts_with("cannot resume:"), "{error}");
    }

    #[test]
    fn differences_name_each_changed_setting() {
        let then = BTreeMap::from([
            ("threshold".to_owned(), "0.8".to_owned()),
            ("input".to_owned(), "a.csv".to_owned()),
        ]);
        let now = BTreeMap::from([
            ("threshold".to_owned(), "0.7".to_owned()),
            ("input".to_owned(), "a.csv".to_owned()),
            ("lenient".to_owned(), "true".to_owned()),
        ]);
        assert_eq!(
            differences(&then, &now),
            vec![
                "lenient: (none) then, \"true\" now".to_owned(),
                "threshold: \"0.8\" then, \"0.7\" now".to_owned(),
            ]
        );
    }
}
