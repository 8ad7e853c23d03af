//! `interdict serve` as an operator runs it: hashing a key, refusing to
//! start without keys, serving a list, stopping on SIGTERM.

// Helpers outside `#[test]` functions fail the test when the binary misbehaves.
#![allow(clippy::expect_used)]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn interdict() -> Command {
    Command::new(env!("CARGO_BIN_EXE_interdict"))
}

fn watchlist() -> String {
    format!(
        "{}/../../examples/lists/watchlist.csv",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// One HTTP/1.1 request; the status code and the body.
fn request(
    address: &str,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: &str,
) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("connect to the server");
    let key_header = key.map_or_else(String::new, |key| format!("X-API-Key: {key}\r\n"));
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n{key_header}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("send the request");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("read the response");
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn hash_key_prints_sha256() {
    let output = interdict()
        .args(["serve", "--hash-key", "abc"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn refuses_to_serve_without_keys() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let output = interdict()
        .args(["--list", &watchlist(), "serve", "--listen", "127.0.0.1:0"])
        .env("INTERDICT_STORE", dir.path().join("store.db"))
        .env_remove("INTERDICT_API_KEY_HASHES")
        .env_remove("INTERDICT_API_KEYS_FILE")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no API keys"), "{stderr}");
    assert!(stderr.contains("--no-auth"), "{stderr}");
}

#[test]
fn serves_a_list_and_stops_on_sigterm() {
    let hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = dir.path().join("store.db");
    let mut child = interdict()
        .args(["--list", &watchlist(), "serve", "--listen", "127.0.0.1:0"])
        .env("INTERDICT_STORE", &store)
        .env("INTERDICT_API_KEY_HASHES", hash)
        .env_remove("INTERDICT_API_KEYS_FILE")
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut address = None;
    let mut line = String::new();
    while stderr.read_line(&mut line).expect("reads stderr") > 0 {
        if let Some(rest) = line.split("listening on http://").nth(1) {
            address = rest.split_whitespace().next().map(str::to_owned);
            break;
        }
        line.clear();
    }
    let address = address.expect("the server says where it listens");

    let started = Instant::now();
    while request(&address, "GET", "/readyz", None, "").0 != 200 {
        assert!(started.elapsed() < Duration::from_secs(60), "not ready");
        std::thread::sleep(Duration::from_millis(50));
    }
    let query =
        r#"{"queries": {"q": {"schema": "Person", "properties": {"name": ["Viktor Lomov"]}}}}"#;
    assert_eq!(
        request(&address, "POST", "/match/default", None, query).0,
        401
    );
    let (status, body) = request(&address, "POST", "/match/default", Some("abc"), query);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("watchlist:ACME-0001"), "{body}");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("the server exits");
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).expect("reads stderr");
    assert!(status.success(), "{status:?}: {rest}");
    assert!(rest.contains("stopped"), "{rest}");

    // The watchlist became the store's first version, and the screening
    // was recorded against it.
    let shown = interdict()
        .args(["audit", "show"])
        .env("INTERDICT_STORE", &store)
        .output()
        .expect("runs");
    assert!(shown.status.success());
    let rows = String::from_utf8_lossy(&shown.stdout);
    assert_eq!(rows.lines().count(), 1, "{rows}");
    assert!(rows.contains(r#""kind":"screening""#), "{rows}");
    assert!(rows.contains(r#""source":"watchlist""#), "{rows}");
    assert!(rows.contains("watchlist:ACME-0001"), "{rows}");
    let verified = interdict()
        .args(["audit", "verify"])
        .env("INTERDICT_STORE", &store)
        .output()
        .expect("runs");
    assert!(verified.status.success(), "{verified:?}");
}
