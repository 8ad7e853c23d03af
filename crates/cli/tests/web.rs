//! The analyst page in a real browser: `interdict serve` on the bundled
//! lists (with two UN versions in its store, for a diff), driven by
//! crates/server/web/e2e/analyst.mjs in Debian's headless Chromium through
//! playwright-core. Screenshots of every page are saved as PNG under
//! `target/tmp/browser/` for a reviewer to look at.
//!
//! `.ci/run` installs Chromium and the script's npm package and sets
//! `INTERDICT_BROWSER_TESTS=require`, so there a missing browser fails the
//! test. Elsewhere, without Chromium, Node.js or `npm ci` run in
//! crates/server/web/e2e, the test says what is missing and passes.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::{BufRead as _, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const KEY: &str = "browser-test-key";

fn e2e_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/web/e2e")
}

fn shared_list(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/lists")
        .join(path)
        .display()
        .to_string()
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// What is missing to run the browser test, if anything.
fn missing() -> Option<String> {
    if !chromium().exists() {
        return Some(format!("no browser at {}", chromium().display()));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("no node on the PATH".to_owned());
    }
    if !e2e_dir().join("node_modules/playwright-core").exists() {
        return Some(format!(
            "playwright-core is not installed: run `npm ci` in {}",
            e2e_dir().display()
        ));
    }
    None
}

/// Whether the browser is missing, which fails the test where
/// `INTERDICT_BROWSER_TESTS=require` (in `.ci/run`) and skips it elsewhere.
fn cannot_run() -> bool {
    let Some(what) = missing() else {
        return false;
    };
    assert!(
        std::env::var("INTERDICT_BROWSER_TESTS").as_deref() != Ok("require"),
        "the browser test cannot run: {what}"
    );
    eprintln!("skipped: {what} (.ci/run installs it)");
    true
}

/// A file naming the test's key as the analyst's, the only key `serve`
/// accepts (with `--api-keys`).
fn analyst_key_file(dir: &Path) -> PathBuf {
    let keys = dir.join("keys.txt");
    std::fs::write(
        &keys,
        format!("{} analyst\n", interdict_server::hash_key(KEY)),
    )
    .unwrap();
    keys
}

/// `command` (an `interdict serve`) taking only the keys in `keys`, not
/// any from the environment.
fn with_only_keys<'c>(command: &'c mut Command, keys: &Path) -> &'c mut Command {
    command
        .arg("--api-keys")
        .arg(keys)
        .env_remove("INTERDICT_API_KEY_HASHES")
        .env_remove("INTERDICT_API_KEYS_FILE")
}

/// Checks that the script saved each of `shots` in `out`, as a PNG.
fn assert_screenshots(out: &Path, shots: &[&str]) {
    for shot in shots {
        let bytes = std::fs::read(out.join(shot)).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{shot} is not a PNG");
    }
}

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn interdict(store: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_interdict"));
    command.env("INTERDICT_STORE", store).env("USER", "analyst");
    command
}

#[test]
fn an_analyst_screens_opens_the_entity_and_decides_the_alert() {
    if cannot_run() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    for file in [
        "un_sc/2024-05-15/un_consolidated.xml.gz",
        "un_sc/2026-02-27/consolidated.xml.gz",
    ] {
        let ingested = interdict(&store)
            .args(["ingest", &shared_list(file), "--id", "un_sc"])
            .output()
            .unwrap();
        assert!(ingested.status.success(), "{ingested:?}");
    }

    let keys = analyst_key_file(dir.path());
    let mut serve = interdict(&store);
    serve.args(["serve", "--no-consolidate", "--listen", "127.0.0.1:0"]);
    with_only_keys(&mut serve, &keys);
    let (server, address) = start(serve);

    let out = run_script("analyst.mjs", &address);
    assert_screenshots(
        &out,
        &[
            "screen.png",
            "entity.png",
            "alerts.png",
            "alerts-decided.png",
            "lists.png",
            "list-diff.png",
            "screen-phone.png",
        ],
    );
    eprintln!("screenshots in {}", out.display());
    drop(server);

    // The decision made in the page is in the audit log, under the key's
    // name, and the chain holds.
    let shown = interdict(&store)
        .args(["audit", "show", "--limit", "100000"])
        .output()
        .unwrap();
    let rows = String::from_utf8_lossy(&shown.stdout);
    let decision = rows
        .lines()
        .find(|row| row.contains(r#""kind":"disposition""#))
        .expect("a disposition row");
    assert!(decision.contains(r#""actor":"analyst""#), "{decision}");
    assert!(decision.contains("XPCC party secretary"), "{decision}");
    assert!(
        rows.contains(r#""query_name":"q""#),
        "the page's screenings are recorded"
    );
    let verified = interdict(&store)
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(verified.status.success(), "{verified:?}");
}

/// The "Who sanctioned whom" view on the bundled lists, without a store:
/// crates/server/web/e2e/graph.mjs checks the picture's nodes and edges
/// and a subject's timeline, and saves graph.png and graph-who.png.
#[test]
fn an_analyst_sees_who_sanctioned_whom() {
    if cannot_run() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let keys = analyst_key_file(dir.path());
    let mut serve = Command::new(env!("CARGO_BIN_EXE_interdict"));
    serve
        .args([
            "serve",
            "--no-store",
            "--no-consolidate",
            "--listen",
            "127.0.0.1:0",
        ])
        .env_remove("INTERDICT_STORE")
        .env("XDG_DATA_HOME", dir.path().join("nonexistent"));
    with_only_keys(&mut serve, &keys);
    let (server, address) = start(serve);

    let out = run_script("graph.mjs", &address);
    assert_screenshots(&out, &["graph.png", "graph-who.png"]);
    drop(server);
}

/// A consolidated subject in the page: `serve` on the bundled EU and UK
/// lists, consolidating, with a store; crates/server/web/e2e/subject.mjs
/// opens Zhu Hailun's subject (after a 503, as while consolidating), checks
/// its listings and link, and splits its two records. The split is in the
/// audit log under the key's name, with the analyst's comment.
#[test]
fn an_analyst_opens_a_subject_and_splits_it() {
    if cannot_run() {
        return;
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let keys = analyst_key_file(dir.path());
    let mut serve = interdict(&store);
    serve
        .args([
            "serve",
            "--source",
            "eu_fsf",
            "--source",
            "gb_ofsi",
            "--listen",
            "127.0.0.1:0",
        ])
        .env("XDG_DATA_HOME", dir.path().join("nonexistent"));
    with_only_keys(&mut serve, &keys);
    let (server, address) = start(serve);

    let out = run_script("subject.mjs", &address);
    assert_screenshots(&out, &["subject.png", "subject-split.png"]);
    drop(server);

    let shown = interdict(&store)
        .args(["audit", "show", "--limit", "100000"])
        .output()
        .unwrap();
    let rows = String::from_utf8_lossy(&shown.stdout);
    let decisions: Vec<&str> = rows
        .lines()
        .filter(|row| row.contains(r#""kind":"subject_decision""#))
        .collect();
    assert_eq!(decisions.len(), 1, "one split is recorded: {decisions:?}");
    let split = decisions[0];
    for expected in [
        r#""actor":"analyst""#,
        "the UK entry is a namesake",
        "split",
        "eu_fsf:",
        "gb_ofsi:",
    ] {
        assert!(split.contains(expected), "{expected} in {split}");
    }
    let verified = interdict(&store)
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(verified.status.success(), "{verified:?}");
    eprintln!(
        "the subject test took {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// Starts `serve` (listening on port 0, its standard error piped) and
/// waits until it is ready; returns it and its address.
fn start(mut serve: Command) -> (Server, String) {
    let mut child = serve.stderr(Stdio::piped()).spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let server = Server(child);
    let mut address = None;
    let mut said = String::new();
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 {
        said.push_str(&line);
        if let Some(rest) = line.split("listening on http://").nth(1) {
            address = rest.split_whitespace().next().map(str::to_owned);
            break;
        }
        line.clear();
    }
    let address = address.unwrap_or_else(|| panic!("the server did not start:\n{said}"));
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    let started = Instant::now();
    while !ready(&address) {
        assert!(started.elapsed() < Duration::from_secs(300), "not ready");
        std::thread::sleep(Duration::from_millis(200));
    }
    (server, address)
}

/// Runs a script of crates/server/web/e2e against the server at
/// `address`; returns the folder it saved its screenshots in.
fn run_script(script: &str, address: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let run = Command::new("node")
        .arg(e2e_dir().join(script))
        .current_dir(e2e_dir())
        .env("BASE", format!("http://{address}"))
        .env("KEY", KEY)
        .env("OUT", &out)
        .env("CHROMIUM", chromium())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    println!("{stdout}");
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

fn ready(address: &str) -> bool {
    use std::io::{Read as _, Write as _};
    let Ok(mut stream) = TcpStream::connect(address) else {
        return false;
    };
    let request = format!("GET /readyz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 200")
}
