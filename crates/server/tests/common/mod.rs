//! A server on a loopback port for end-to-end tests, and a small blocking
//! HTTP client to talk to it.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::mpsc;
use std::thread::JoinHandle;

use interdict_catalog::Manifest;
use interdict_server::store::ServerStore;
use interdict_server::{ApiKeys, AppState, Config, Lists, hash_key};
use serde_json::Value;

/// The key the test servers accept.
pub const KEY: &str = "test-key-0123456789";

/// A test list file of the repository.
pub fn example_list(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../examples/lists/{name}"))
}

/// Two small lists from two authorities: a user's watchlist (source and
/// authority `watchlist`, 5 entities) and an illustrative Russian MFA stop
/// list (source `ru_mfa_stop_list`, authority `ru_mfa`).
pub fn small_lists() -> Lists {
    let manifest = Manifest::from_files(&[
        (Some("watchlist".to_owned()), example_list("watchlist.csv")),
        (None, example_list("ru_mfa_stop_list.yaml")),
    ])
    .expect("manifest of the example lists");
    Lists::load(&manifest).expect("the example lists load")
}

/// A configuration that accepts [`KEY`], with small limits to test.
pub fn test_config() -> Config {
    Config {
        keys: Some(ApiKeys::parse(&format!("{} tests", hash_key(KEY))).expect("keys")),
        max_body_bytes: 64 * 1024,
        max_batch: 10,
        ..Config::default()
    }
}

/// A server running on its own runtime and thread, stopped when dropped.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The server's state, to load lists into.
    pub state: AppState,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Starts a server with `config` and no lists yet.
    pub fn start(config: Config) -> Self {
        Self::from_state(AppState::new(config))
    }

    /// Starts a server on `state`.
    pub fn from_state(state: AppState) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.set_nonblocking(true).expect("non-blocking");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let (stop, stopped) = mpsc::channel::<()>();
        let served = state.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let shutdown = async move {
                    let _ = tokio::task::spawn_blocking(move || stopped.recv()).await;
                };
                interdict_server::serve(listener, served, shutdown)
                    .await
                    .expect("serve");
            });
        });
        Self {
            base,
            state,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Starts a server with `config`, serving `lists`.
    pub fn with_lists(config: Config, lists: Lists) -> Self {
        let server = Self::start(config);
        server.state.set_lists(lists);
        server
    }

    /// The URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A status, headers and body as text.
pub struct Reply {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }

    /// The ids of the results a `POST /match` answer gives the query
    /// `name`, best first; fails unless the answer is a 200.
    pub fn result_ids(&self, name: &str) -> Vec<String> {
        assert_eq!(self.status, 200, "{}", self.body);
        self.json()["responses"][name]["results"]
            .as_array()
            .unwrap_or_else(|| panic!("no results for {name}: {}", self.body))
            .iter()
            .filter_map(|r| r["id"].as_str().map(str::to_owned))
            .collect()
    }

    /// The `detail` of a JSON error body.
    pub fn detail(&self) -> String {
        self.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn reply(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut response = result.expect("an HTTP response");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_string()
        .expect("body");
    Reply {
        status,
        headers,
        body,
    }
}

/// `GET url` with the given headers.
pub fn get_with(url: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = agent().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    reply(request.call())
}

/// `GET url` with the test key.
pub fn get(url: &str) -> Reply {
    get_with(url, &[("X-API-Key", KEY)])
}

/// `DELETE url` with the test key.
pub fn delete(url: &str) -> Reply {
    reply(agent().delete(url).header("X-API-Key", KEY).call())
}

/// `POST url` with a body, as JSON, and the given headers.
pub fn post_with(url: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = agent().post(url).header("Content-Type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    reply(request.send(body))
}

/// `POST url` with a JSON body and the test key.
pub fn post(url: &str, body: &Value) -> Reply {
    post_with(
        url,
        &body.to_string(),
        &[("Authorization", &format!("ApiKey {KEY}"))],
    )
}

/// A server that consolidates, on `store`, with the bundled lists of
/// `sources` loaded (consolidation goes on in the background).
pub fn consolidating_server(store: ServerStore, sources: &[&str]) -> AppState {
    let config = Config {
        consolidate: true,
        reload_every: None,
        ..test_config()
    };
    let state = AppState::with_store(config, std::sync::Arc::new(store));
    let sources: Vec<String> = sources.iter().map(|s| (*s).to_owned()).collect();
    let manifest = Manifest::bundled()
        .expect("the bundled manifest")
        .select(&sources)
        .expect("the bundled sources");
    state
        .spawn_loading(manifest)
        .expect("loading starts")
        .join()
        .expect("loading ends");
    state
}
