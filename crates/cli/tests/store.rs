//! The store's commands run as a user runs them: ingest, versions, diff,
//! monitor, alerts, disposition, audit verify, screen --as-of, and an update
//! whose process is killed half way through a download.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{interdict_on, json, ok};

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::path::Path;

use interdict_store::testing::{TestBackend, TestStore};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;

use serde_json::Value;

interdict_store::on_both_backends!(
    versions_diffs_monitoring_and_audit_from_the_command_line,
    killing_an_update_half_way_loses_nothing,
);

fn list(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/lists")
        .join(path)
        .display()
        .to_string()
}

fn interdict(store: &str, args: &[&str]) -> Output {
    interdict_on(store, args)
        .output()
        .expect("the interdict binary runs")
}

fn versions_diffs_monitoring_and_audit_from_the_command_line(backend: TestBackend) {
    let Some(place) = TestStore::new(backend) else {
        return;
    };
    let store = place.arg();
    let dir = tempfile::tempdir().unwrap();
    let un_2024 = list("un_sc/2024-05-15/un_consolidated.xml.gz");
    let un_2026 = list("un_sc/2026-02-27/consolidated.xml.gz");

    ok(&interdict(&store, &["ingest", &un_2024, "--id", "un_sc"]));
    let customers = dir.path().join("customers.csv");
    std::fs::write(
        &customers,
        "customer_id,full_name,nationality\nc1,Ali Abdullah Saleh,Yemen\nc2,Maria Svensson,SE\n",
    )
    .unwrap();
    let imported = json(&interdict(
        &store,
        &[
            "monitor",
            "import",
            customers.to_str().unwrap(),
            "--format",
            "json",
        ],
    ));
    let alerts = imported["alerts"].as_array().unwrap();
    let entities: Vec<&str> = alerts
        .iter()
        .map(|a| a["entity_id"].as_str().unwrap())
        .collect();
    assert_eq!(entities, ["un_sc:YEi.003", "un_sc:YEi.005"]);
    let confirmed = alerts[0]["id"].as_i64().unwrap().to_string();
    ok(&interdict(
        &store,
        &[
            "disposition",
            &confirmed,
            "true-match",
            "--comment",
            "passport matches",
        ],
    ));
    let open = json(&interdict(&store, &["alerts", "--format", "json"]));
    assert_eq!(open.as_array().unwrap().len(), 1);

    // The same file again is a no-op; the newer one replaces it and the
    // confirmed hit's delisting is an alert.
    let again = ok(&interdict(&store, &["ingest", &un_2024, "--id", "un_sc"]));
    assert!(again.contains("un_sc: unchanged: version 1"), "{again}");
    let newer = ok(&interdict(&store, &["ingest", &un_2026, "--id", "un_sc"]));
    assert!(newer.contains("replacing version 1"), "{newer}");
    assert!(
        newer.contains("delisted: customer c1 ~ un_sc:YEi.003"),
        "{newer}"
    );

    let versions = json(&interdict(&store, &["versions", "--format", "json"]));
    assert_eq!(versions.as_array().unwrap().len(), 2);
    let diff = json(&interdict(&store, &["diff", "un_sc", "--format", "json"]));
    assert_eq!(diff["added"].as_array().unwrap().len(), 137);
    assert_eq!(diff["removed"].as_array().unwrap().len(), 9);
    assert_eq!(diff["changed"].as_array().unwrap().len(), 108);
    let named = json(&interdict(
        &store,
        &[
            "diff",
            "un_sc",
            "2024-05-15",
            "2026-02-27",
            "--format",
            "json",
        ],
    ));
    assert_eq!(named["changed"], diff["changed"]);

    // As of the first version's time, Saleh is still listed; the screening
    // is recorded with that version's hash.
    let first_served = versions[0]["active_from"].as_str().unwrap().to_owned();
    let screened = json(&interdict(
        &store,
        &[
            "screen",
            "Ali Abdullah Saleh",
            "--as-of",
            &first_served,
            "--format",
            "json",
        ],
    ));
    assert_eq!(screened["results"][0]["entities"][0]["id"], "un_sc:YEi.003");
    let now = json(&interdict(
        &store,
        &[
            "screen",
            "Ali Abdullah Saleh",
            "--as-of",
            "now",
            "--format",
            "json",
        ],
    ));
    assert!(
        now["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["entities"][0]["id"] != "un_sc:YEi.003"),
        "{now}"
    );
    // Without --as-of, the versions served now: Saleh was delisted.
    let plain = interdict(
        &store,
        &["screen", "Ali Abdullah Saleh", "--format", "json"],
    );
    let plain_report: Value = serde_json::from_str(&ok(&plain)).unwrap();
    assert_eq!(plain_report["results"], now["results"]);
    let verified = ok(&interdict(&store, &["audit", "verify"]));
    assert!(
        verified.contains("4 rows, hash chain verified"),
        "{verified}"
    );
    let rows: Vec<Value> = ok(&interdict(&store, &["audit", "show"]))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows[0]["kind"], "disposition");
    assert_eq!(rows[0]["actor"], "analyst");
    assert_eq!(rows[1]["kind"], "screening");
    assert_eq!(
        rows[1]["body"]["lists"][0]["content_hash"],
        versions[0]["content_hash"]
    );
    assert_eq!(rows[3]["kind"], "screening");
    assert_eq!(rows[3]["actor"], "analyst");
    assert_eq!(
        rows[3]["body"]["lists"][0]["content_hash"],
        versions[1]["content_hash"]
    );
    assert_eq!(rows[3]["body"]["query"]["names"][0], "Ali Abdullah Saleh");
}

/// An update process killed while the server is half way through sending
/// the newer list leaves the older version served, whole.
fn killing_an_update_half_way_loses_nothing(backend: TestBackend) {
    let Some(place) = TestStore::new(backend) else {
        return;
    };
    let store = place.arg();
    let dir = tempfile::tempdir().unwrap();
    ok(&interdict(
        &store,
        &[
            "ingest",
            &list("un_sc/2024-05-15/un_consolidated.xml.gz"),
            "--id",
            "un_sc",
        ],
    ));
    let before = json(&interdict(&store, &["versions", "--format", "json"]));

    let newer = std::fs::read(list("un_sc/2026-02-27/consolidated.xml.gz")).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let (half_sent, wait_for_half) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            newer.len()
        )
        .unwrap();
        stream.write_all(&newer[..newer.len() / 2]).unwrap();
        stream.flush().unwrap();
        half_sent.send(()).unwrap();
        // Hold the connection open until the client is dead.
        let _ = released.recv();
    });

    let manifest = dir.path().join("manifest.toml");
    std::fs::write(
        &manifest,
        format!(
            "[[source]]\nid = \"un_sc\"\ntitle = \"UN\"\nformat = \"un_sc_xml\"\n\
             file = \"unused.xml\"\nurl = \"http://{address}/consolidated.xml.gz\"\n"
        ),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .arg("--store")
        .arg(&store)
        .arg("--manifest")
        .arg(&manifest)
        .arg("update")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_half.recv().unwrap();
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());
    release.send(()).unwrap();
    server.join().unwrap();

    let after = json(&interdict(&store, &["versions", "--format", "json"]));
    assert_eq!(after, before);
    let screened = json(&interdict(
        &store,
        &[
            "screen",
            "Ali Abdullah Saleh",
            "--as-of",
            "now",
            "--format",
            "json",
        ],
    ));
    assert_eq!(screened["results"][0]["entities"][0]["id"], "un_sc:YEi.003");
    ok(&interdict(&store, &["audit", "verify"]));
}
