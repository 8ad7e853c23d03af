//! `update` against a local HTTP server serving the real lists, and broken
//! ones: an HTTP error, a connection cut half way through the body, a
//! truncated gzip file, invalid XML. After each failure the store still
//! serves the previous version, whole.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

use interdict_catalog::SourceInfo;
use interdict_store::IngestOutcome;
use interdict_store::testing::TestBackend;
use interdict_store::update::Downloader;

interdict_store::on_both_backends!(
    failed_updates_leave_the_previous_version_serving,
    a_source_without_url_is_reported,
    an_unreachable_server_is_reported,
);

/// What the server answers for a path.
enum Reply {
    /// 200 with these bytes.
    Body(Vec<u8>),
    /// This status, empty body.
    Status(u16),
    /// 200 announcing all these bytes, sending half, then closing.
    CutHalfWay(Vec<u8>),
}

/// Serves `routes` on a loopback port until the test ends; returns the
/// base URL.
fn serve(routes: Vec<(&'static str, Reply)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes = Arc::new(routes);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let routes = Arc::clone(&routes);
            std::thread::spawn(move || answer(stream, &routes));
        }
    });
    base
}

fn answer(mut stream: TcpStream, routes: &[(&str, Reply)]) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let reply = routes.iter().find(|(p, _)| *p == path).map(|(_, r)| r);
    let head = |status: u16, length: usize| {
        format!("HTTP/1.1 {status} X\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n")
    };
    let _ = match reply {
        Some(Reply::Body(bytes)) => stream
            .write_all(head(200, bytes.len()).as_bytes())
            .and_then(|()| stream.write_all(bytes)),
        Some(Reply::Status(status)) => stream.write_all(head(*status, 0).as_bytes()),
        Some(Reply::CutHalfWay(bytes)) => stream
            .write_all(head(200, bytes.len()).as_bytes())
            .and_then(|()| stream.write_all(&bytes[..bytes.len() / 2])),
        None => stream.write_all(head(404, 0).as_bytes()),
    };
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

fn un(url: String) -> SourceInfo {
    SourceInfo {
        url: Some(url),
        format: Some("un_sc_xml".parse().unwrap()),
        ..common::info("un_sc")
    }
}

fn failed_updates_leave_the_previous_version_serving(backend: TestBackend) {
    let un_2024 = std::fs::read(common::list("un_sc/2024-05-15/un_consolidated.xml.gz")).unwrap();
    let un_2026 = std::fs::read(common::list("un_sc/2026-02-27/consolidated.xml.gz")).unwrap();
    let truncated_gzip = un_2026[..un_2026.len() * 2 / 3].to_vec();
    let base = serve(vec![
        ("/2024.xml.gz", Reply::Body(un_2024)),
        ("/2026.xml.gz", Reply::Body(un_2026.clone())),
        ("/error", Reply::Status(500)),
        ("/cut.xml.gz", Reply::CutHalfWay(un_2026)),
        ("/truncated.xml.gz", Reply::Body(truncated_gzip)),
        (
            "/invalid.xml",
            Reply::Body(
                b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID></INDIVID>"
                    .to_vec(),
            ),
        ),
    ]);
    let Some((_place, mut store, _clock)) = common::store(backend) else {
        return;
    };
    let downloader = Downloader::default();

    let first = store
        .update_source(&un(format!("{base}/2024.xml.gz")), &downloader)
        .unwrap();
    assert_eq!(first.outcome, IngestOutcome::Added);
    assert_eq!(first.version.entity_count, 875);
    assert_eq!(first.version.origin, format!("{base}/2024.xml.gz"));
    let served = store.entities(first.version.id).unwrap();

    for (path, expected) in [
        ("/error", "http status: 500"),
        ("/cut.xml.gz", "cut short"),
        ("/truncated.xml.gz", "truncated.xml.gz"),
        ("/invalid.xml", "invalid.xml"),
        ("/missing", "http status: 404"),
    ] {
        let error = store
            .update_source(&un(format!("{base}{path}")), &downloader)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("source un_sc: "), "{error}");
        assert!(error.contains(expected), "{path}: {error}");
        let active = store.active_version("un_sc").unwrap().unwrap();
        assert_eq!(active, store.version(first.version.id).unwrap(), "{path}");
        assert_eq!(store.versions(None).unwrap().len(), 1, "{path}");
        assert_eq!(store.entities(active.id).unwrap(), served, "{path}");
    }

    // One source failing does not stop the others.
    let results = store.update(
        &[
            un(format!("{base}/cut.xml.gz")),
            SourceInfo {
                id: "un_sc_copy".into(),
                ..un(format!("{base}/2026.xml.gz"))
            },
        ],
        &downloader,
    );
    assert!(results[0].outcome.is_err());
    assert_eq!(
        results[1].outcome.as_ref().unwrap().version.entity_count,
        1003
    );

    let second = store
        .update_source(&un(format!("{base}/2026.xml.gz")), &downloader)
        .unwrap();
    assert_eq!(second.outcome, IngestOutcome::Added);
    assert_eq!(second.replaced.map(|v| v.id), Some(first.version.id));
    let again = store
        .update_source(&un(format!("{base}/2026.xml.gz")), &downloader)
        .unwrap();
    assert_eq!(again.outcome, IngestOutcome::Unchanged);
}

fn a_source_without_url_is_reported(backend: TestBackend) {
    let Some((_place, mut store, _clock)) = common::store(backend) else {
        return;
    };
    let error = store
        .update_source(&common::info("x"), &Downloader::default())
        .unwrap_err();
    assert!(error.to_string().contains("no url"), "{error}");
}

fn an_unreachable_server_is_reported(backend: TestBackend) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/list.xml", listener.local_addr().unwrap());
    drop(listener);
    let Some((_place, mut store, _clock)) = common::store(backend) else {
        return;
    };
    let error = store
        .update_source(&un(url.clone()), &Downloader::default())
        .unwrap_err();
    assert!(error.to_string().contains(&url), "{error}");
}
