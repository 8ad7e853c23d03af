//! API keys: the server keeps only their SHA-256 hashes, and a request
//! shows its key as `Authorization: ApiKey KEY`, `Authorization: Bearer
//! KEY` or `X-API-Key: KEY`.

use std::collections::HashMap;
use std::fmt::Write as _;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest as _, Sha256};

use crate::error::ApiError;
use crate::state::AppState;

/// The header that may carry the key by itself.
pub const API_KEY_HEADER: &str = "x-api-key";

/// A list of API keys that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeysError {
    /// A line is not a SHA-256 hash in hex, optionally followed by a name.
    #[error(
        "line {line}: {text:?} is not a SHA-256 hash of a key (64 hex digits, then optionally a name); `interdict serve --hash-key` prints one"
    )]
    NotAHash {
        /// The line number, from 1.
        line: usize,
        /// What the line holds.
        text: String,
    },
    /// No key at all.
    #[error("no API key hash is configured")]
    Empty,
}

/// The accepted keys, by hash, each with a name for the audit log.
#[derive(Debug, Clone, Default)]
pub struct ApiKeys {
    by_hash: HashMap<[u8; 32], String>,
}

impl ApiKeys {
    /// Reads hashed keys, one a line: the hash in hex, then optionally a
    /// name for the key (`3b5d...  analyst-team`). Blank lines and lines
    /// starting with `#` are skipped; a key without a name is named by the
    /// first 8 digits of its hash.
    pub fn parse(text: &str) -> Result<Self, KeysError> {
        let mut keys = Self::default();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (hash, name) = match line.split_once(char::is_whitespace) {
                Some((hash, name)) => (hash, name.trim()),
                None => (line, ""),
            };
            let digest = decode_hash(hash).ok_or_else(|| KeysError::NotAHash {
                line: number + 1,
                text: line.to_owned(),
            })?;
            let name = if name.is_empty() {
                hash.get(..8).unwrap_or(hash).to_ascii_lowercase()
            } else {
                name.to_owned()
            };
            keys.by_hash.insert(digest, name);
        }
        if keys.by_hash.is_empty() {
            return Err(KeysError::Empty);
        }
        Ok(keys)
    }

    /// Reads hashed keys separated by commas or white space, as an
    /// environment variable holds them.
    pub fn parse_list(text: &str) -> Result<Self, KeysError> {
        let lines: Vec<&str> = text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|hash| !hash.is_empty())
            .collect();
        Self::parse(&lines.join("\n"))
    }

    /// Adds the keys of `other`.
    pub fn extend(&mut self, other: ApiKeys) {
        self.by_hash.extend(other.by_hash);
    }

    /// How many keys are accepted.
    pub fn len(&self) -> usize {
        self.by_hash.len()
    }

    /// Whether no key is accepted.
    pub fn is_empty(&self) -> bool {
        self.by_hash.is_empty()
    }

    /// The name of `key`, if it is accepted.
    pub fn check(&self, key: &str) -> Option<&str> {
        let digest: [u8; 32] = Sha256::digest(key.as_bytes()).into();
        self.by_hash.get(&digest).map(String::as_str)
    }
}

/// The SHA-256 hash of a key, in lower-case hex, as the keys file holds it.
pub fn hash_key(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

fn decode_hash(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut digest = [0u8; 32];
    for (byte, pair) in digest.iter_mut().zip(hex.as_bytes().chunks(2)) {
        let pair = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(digest)
}

/// Who made a request: the name of its API key, or `anonymous` when the
/// server runs without keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller(pub String);

/// The name a request's caller goes by in the audit log: its API key's
/// name, or `anonymous` on a server without keys.
pub(crate) fn caller_name(caller: Option<axum::Extension<Caller>>) -> String {
    caller.map_or_else(
        || "anonymous".to_owned(),
        |axum::Extension(Caller(name))| name,
    )
}

/// The key a request shows, if any.
fn presented_key(headers: &HeaderMap) -> Option<&str> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let value = value.to_str().ok()?.trim();
        let (scheme, key) = value.split_once(' ')?;
        if scheme.eq_ignore_ascii_case("apikey") || scheme.eq_ignore_ascii_case("bearer") {
            return Some(key.trim()).filter(|key| !key.is_empty());
        }
        return None;
    }
    headers
        .get(API_KEY_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|key| !key.is_empty())
}

/// Lets a request through if it shows an accepted key (or the server has
/// none configured), recording who it is; otherwise answers 401.
pub(crate) async fn require_key(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let caller = match &state.config().keys {
        None => Caller("anonymous".to_owned()),
        Some(keys) => {
            let key = presented_key(request.headers()).ok_or(ApiError::Unauthorized(
                "an API key is required: send `Authorization: ApiKey <key>`, `Authorization: Bearer <key>` or `X-API-Key: <key>`",
            ))?;
            let name = keys
                .check(key)
                .ok_or(ApiError::Unauthorized("the API key is not valid"))?;
            Caller(name.to_owned())
        }
    };
    request.extensions_mut().insert(caller);
    Ok(next.run(request).await)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn hash_is_sha256_hex() {
        assert_eq!(
            hash_key("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn keys_file_with_names_and_comments() -> Result<(), KeysError> {
        let text = format!(
            "# keys\n\n{}  analysts\n{}\n",
            hash_key("first"),
            hash_key("second").to_uppercase()
        );
        let keys = ApiKeys::parse(&text)?;
        assert_eq!(keys.len(), 2);
        assert_eq!(keys.check("first"), Some("analysts"));
        assert_eq!(keys.check("second"), Some(&hash_key("second")[..8]));
        assert_eq!(keys.check("third"), None);
        Ok(())
    }

    #[test]
    fn bad_line_is_named() {
        let error = ApiKeys::parse("# ok\nnot-a-hash name").err();
        assert!(matches!(error, Some(KeysError::NotAHash { line: 2, .. })));
        assert_eq!(ApiKeys::parse("# nothing").err(), Some(KeysError::Empty));
    }

    #[test]
    fn env_list() -> Result<(), KeysError> {
        let keys = ApiKeys::parse_list(&format!("{}, {}", hash_key("a"), hash_key("b")))?;
        assert_eq!(keys.len(), 2);
        Ok(())
    }

    #[test]
    fn key_from_headers() {
        let mut headers = HeaderMap::new();
        assert_eq!(presented_key(&headers), None);
        headers.insert(API_KEY_HEADER, HeaderValue::from_static("k1"));
        assert_eq!(presented_key(&headers), Some("k1"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer k2"));
        assert_eq!(presented_key(&headers), Some("k2"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("apikey k3"));
        assert_eq!(presented_key(&headers), Some("k3"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(presented_key(&headers), None);
    }
}
