//! Two `interdict serve` replicas over one PostgreSQL database: a newer
//! list loaded by another process (`interdict ingest`) is served by both
//! within a bounded time (they are told by `NOTIFY`, long before their
//! next look), while a client keeps screening through both and no request
//! fails.
//!
//! Needs `INTERDICT_TEST_POSTGRES` (see `interdict_store::testing`); skips
//! with a note without it, and fails without it when
//! `INTERDICT_POSTGRES_TESTS=require` (as `.ci/run` sets).

// Helpers outside `#[test]` functions fail the test when the binary misbehaves.
#![allow(clippy::expect_used)]

mod common;

use common::ok;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use interdict_store::testing::{TestBackend, TestStore};
use serde_json::Value;

/// How often the replicas look for a new active version unasked: longer
/// than the test, so the new version must reach them by PostgreSQL's
/// `NOTIFY`.
const RELOAD_EVERY: &str = "120s";
/// How long both replicas may take to serve the new version.
const SWAP_BOUND: Duration = Duration::from_secs(10);

fn list(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/lists")
        .join(path)
        .display()
        .to_string()
}

fn interdict(store: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_interdict"));
    command
        .arg("--store")
        .arg(store)
        .env_remove("INTERDICT_STORE")
        .env_remove("INTERDICT_API_KEYS_FILE")
        .env_remove("INTERDICT_API_KEY_HASHES")
        .env("USER", "replica-test");
    command
}

/// A server process, killed when dropped (a failed assertion included).
struct Replica {
    child: Child,
    address: String,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `interdict serve` on a free loopback port, serving the UN list
/// from the store, and waits until it is ready.
fn replica(store: &str, un_file: &str) -> Replica {
    let mut child = interdict(store)
        .args(["--list", &format!("un_sc={un_file}")])
        .args(["serve", "--listen", "127.0.0.1:0", "--no-auth"])
        .args(["--reload-every", RELOAD_EVERY])
        .stderr(Stdio::piped())
        .spawn()
        .expect("interdict serve starts");
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
    // Keep draining its messages so the server never blocks on them.
    std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = stderr.read_to_string(&mut rest);
    });
    let replica = Replica {
        child,
        address: address.expect("the server says where it listens"),
    };
    let started = Instant::now();
    while request(&replica.address, "GET", "/readyz", "").map(|r| r.0) != Some(200) {
        assert!(started.elapsed() < Duration::from_secs(60), "not ready");
        std::thread::sleep(Duration::from_millis(50));
    }
    replica
}

/// One HTTP/1.1 request: the status and body, or `None` when the
/// connection failed.
fn request(address: &str, method: &str, path: &str, body: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(address).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split(' ').nth(1)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, body))
}

/// The version of `un_sc` a replica serves, and its publication date.
fn served_version(address: &str) -> Option<(i64, String)> {
    let (status, body) = request(address, "GET", "/lists", "")?;
    if status != 200 {
        return None;
    }
    let lists: Value = serde_json::from_str(&body).ok()?;
    let un = lists["lists"]
        .as_array()?
        .iter()
        .find(|l| l["id"] == "un_sc")?;
    Some((
        un["version"].as_i64()?,
        un["published"].as_str()?.to_owned(),
    ))
}

#[test]
fn two_replicas_serve_a_new_version_within_a_bounded_time_while_screening() {
    let Some(place) = TestStore::new(TestBackend::Postgres) else {
        return;
    };
    let store = place.arg();
    let un_2024 = list("un_sc/2024-05-15/un_consolidated.xml.gz");
    let un_2026 = list("un_sc/2026-02-27/consolidated.xml.gz");
    let loaded = ok(&interdict(&store)
        .args(["ingest", &un_2024, "--id", "un_sc"])
        .output()
        .expect("interdict ingest runs"));
    assert!(loaded.contains("un_sc: new version: version 1"), "{loaded}");

    let replicas = [replica(&store, &un_2024), replica(&store, &un_2024)];
    for replica in &replicas {
        assert_eq!(
            served_version(&replica.address),
            Some((1, "2024-05-15".to_owned()))
        );
    }

    // A client screens through both replicas, in turn, until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let made = Arc::new(AtomicU64::new(0));
    let addresses: Vec<String> = replicas.iter().map(|r| r.address.clone()).collect();
    let client = {
        let stop = Arc::clone(&stop);
        let made = Arc::clone(&made);
        std::thread::spawn(move || {
            let query = r#"{"queries": {"q": {"schema": "Person", "properties": {"name": ["Joseph Kony"]}}}}"#;
            let mut failures = Vec::new();
            let started = Instant::now();
            while !stop.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(120) {
                for address in &addresses {
                    let answer = request(address, "POST", "/match/default", query);
                    made.fetch_add(1, Ordering::SeqCst);
                    match answer {
                        Some((200, body)) if body.contains("Kony") => {}
                        other => failures.push(format!("{address}: {other:?}")),
                    }
                }
            }
            failures
        })
    };
    std::thread::sleep(Duration::from_millis(500));
    let before_update = made.load(Ordering::SeqCst);

    // Another process loads the newer list; from its commit, both replicas
    // must serve it within the bound.
    let updated = ok(&interdict(&store)
        .args(["ingest", &un_2026, "--id", "un_sc", "--no-rescreen"])
        .output()
        .expect("interdict ingest runs"));
    let committed = Instant::now();
    assert!(updated.contains("replacing version 1"), "{updated}");
    let mut swapped = [None, None];
    while swapped.iter().any(Option::is_none) && committed.elapsed() < SWAP_BOUND {
        for (replica, swapped) in replicas.iter().zip(&mut swapped) {
            if swapped.is_none()
                && served_version(&replica.address) == Some((2, "2026-02-27".to_owned()))
            {
                *swapped = Some(committed.elapsed());
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    // Keep screening a little after the swap too.
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::SeqCst);
    let failures = client.join().expect("the client thread ends");
    let requests = made.load(Ordering::SeqCst);
    eprintln!(
        "replicas: new version served after {:?} and {:?} (reload every {RELOAD_EVERY}); \
         {requests} screening requests ({before_update} before the update), {} failed",
        swapped[0],
        swapped[1],
        failures.len()
    );
    assert!(
        swapped.iter().all(Option::is_some),
        "not both replicas serve the new version within {SWAP_BOUND:?}: {swapped:?}"
    );
    assert!(failures.is_empty(), "failed requests: {failures:?}");
    assert!(before_update > 0 && requests > before_update, "{requests}");

    // Both replicas recorded their screenings in one unbroken audit chain.
    let check = ok(&interdict(&store)
        .args(["audit", "verify"])
        .output()
        .expect("interdict audit verify runs"));
    assert!(
        check.contains(&format!("{requests} rows, hash chain verified")),
        "{check}"
    );
}
