//! Opening list files: plain or gzip-compressed, from disk or from memory.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use crate::{Location, SourceError};

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Opens a file for reading, decompressing it if it is gzip (recognised by
/// its content, not its name).
pub fn open(path: &Path) -> Result<Box<dyn BufRead + Send>, SourceError> {
    let label = path.display().to_string();
    let file = File::open(path)
        .map_err(|e| SourceError::new(&label, Location::File, format!("cannot open: {e}")))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let is_gzip = reader
        .fill_buf()
        .map_err(|e| SourceError::new(&label, Location::File, format!("cannot read: {e}")))?
        .starts_with(&GZIP_MAGIC);
    Ok(if is_gzip {
        Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(reader),
        ))
    } else {
        Box::new(reader)
    })
}

/// Reads bytes held in memory (for example a bundled list), decompressing
/// them if they are gzip.
pub fn from_bytes(bytes: &[u8]) -> Box<dyn BufRead + Send + '_> {
    if bytes.starts_with(&GZIP_MAGIC) {
        Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(bytes),
        ))
    } else {
        Box::new(bytes)
    }
}

/// Reads the whole (decompressed) input as bytes. For the few formats that
/// need random access, such as zip archives; list parsers stream instead.
pub fn read_all(mut reader: impl Read, label: &str) -> Result<Vec<u8>, SourceError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| SourceError::new(label, Location::File, format!("cannot read: {e}")))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_is_recognised_by_content() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(b"hello").unwrap();
        let compressed = encoder.finish().unwrap();
        let mut text = String::new();
        from_bytes(&compressed).read_to_string(&mut text).unwrap();
        assert_eq!(text, "hello");
        text.clear();
        from_bytes(b"plain").read_to_string(&mut text).unwrap();
        assert_eq!(text, "plain");
    }

    #[test]
    fn truncated_gzip_is_an_error_not_a_panic() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&[b'x'; 10_000]).unwrap();
        let compressed = encoder.finish().unwrap();
        let truncated = &compressed[..compressed.len() / 2];
        assert!(read_all(from_bytes(truncated), "test.gz").is_err());
    }

    #[test]
    fn missing_file_names_the_file() {
        let Err(error) = open(Path::new("/nonexistent/sdn.xml")) else {
            panic!("opened a missing file");
        };
        assert!(
            error
                .to_string()
                .starts_with("/nonexistent/sdn.xml: cannot open")
        );
    }
}
