//! `interdict serve`: the HTTP API (see docs/api.md).

use std::io::BufRead as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use interdict_server::store::ServerStore;
use interdict_server::{ApiKeys, AppState, Config, hash_key};

use crate::Cli;

/// Environment variable holding hashed API keys, separated by commas.
const KEY_HASHES_ENV: &str = "INTERDICT_API_KEY_HASHES";
/// Environment variable naming a file of hashed API keys.
const KEYS_FILE_ENV: &str = "INTERDICT_API_KEYS_FILE";

#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8000")]
    listen: SocketAddr,
    /// File of accepted API keys, as SHA-256 hashes in hex, one a line,
    /// each optionally followed by a name (also: INTERDICT_API_KEYS_FILE;
    /// INTERDICT_API_KEY_HASHES takes hashes separated by commas).
    #[arg(long, value_name = "FILE")]
    api_keys: Option<PathBuf>,
    /// Serve without API keys (for a server only trusted clients reach).
    #[arg(long, conflicts_with = "api_keys")]
    no_auth: bool,
    /// Serve GET /metrics without an API key.
    #[arg(long)]
    public_metrics: bool,
    /// Serve the API description (/openapi.json, /docs) without an API key.
    #[arg(long)]
    public_docs: bool,
    /// Serve without the store: the manifest's files as they are, no audit
    /// log, no as_of, diffs or monitoring.
    #[arg(long)]
    no_store: bool,
    /// With the store, look for list versions activated by another process
    /// (`interdict update`, another replica on the same PostgreSQL) this
    /// often, and serve them: seconds (`60`), or with a unit (`1s`,
    /// `500ms`, `2m`); 0: never.
    #[arg(long, default_value = "60s", value_name = "INTERVAL", value_parser = parse_interval)]
    reload_every: Duration,
    /// Do not cluster the records into subjects across lists after loading
    /// (seconds of work on all cores): results then group by name alone,
    /// and GET /subjects answers 404.
    #[arg(long)]
    no_consolidate: bool,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = Config::default().max_body_bytes)]
    max_body: usize,
    /// Most queries in one POST /match.
    #[arg(long, default_value_t = Config::default().max_batch)]
    max_batch: usize,
    /// Print the hash of KEY for the keys file, and exit (`-`: read the key
    /// from standard input, keeping it out of the shell's history).
    #[arg(long, value_name = "KEY")]
    hash_key: Option<String>,
}

/// Runs `interdict serve`.
pub(crate) fn run(cli: &Cli, args: &ServeArgs) -> Result<()> {
    if let Some(key) = &args.hash_key {
        let key = if key == "-" {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("reading the key from standard input")?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        } else {
            key.clone()
        };
        if key.is_empty() {
            bail!("the key is empty");
        }
        println!("{}", hash_key(&key));
        return Ok(());
    }
    let keys = if args.no_auth {
        None
    } else {
        Some(api_keys(args)?)
    };
    let config = Config {
        max_body_bytes: args.max_body,
        max_batch: args.max_batch,
        keys,
        public_metrics: args.public_metrics,
        public_docs: args.public_docs,
        // Lists ingested by hand are served too, unless --list or --source
        // say which lists to serve.
        other_stored_lists: cli.lists.is_empty() && cli.sources.is_empty(),
        reload_every: (!args.reload_every.is_zero()).then_some(args.reload_every),
        consolidate: !args.no_consolidate,
        ..Config::default()
    };
    let manifest = crate::manifest(cli)?;
    let store = if args.no_store {
        None
    } else {
        let location = crate::store_commands::store_location(cli);
        let store = ServerStore::open_at(&location)
            .with_context(|| format!("opening the store {location}"))?;
        eprintln!("store {location}: every screening is recorded in its audit log");
        Some(Arc::new(store))
    };
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(cores * 4)
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let address = listener.local_addr()?;
        let state = match store {
            Some(store) => AppState::with_store(config, store),
            None => AppState::new(config),
        };
        match &state.config().keys {
            Some(keys) => eprintln!("{} API key(s) accepted", keys.len()),
            None => eprintln!("serving without API keys (--no-auth)"),
        }
        eprintln!(
            "listening on http://{address} (the analyst page at /, the API described at /docs); loading {} list(s)...",
            manifest.sources.len()
        );
        let loading = state
            .spawn_loading(manifest)
            .context("starting to load the lists")?;
        let watcher = state.clone();
        std::thread::spawn(move || {
            if loading.join().is_ok() {
                match watcher.readiness() {
                    interdict_server::Readiness::Ready { entities, lists } => {
                        eprintln!("ready: {entities} entities from {lists} list(s)");
                    }
                    interdict_server::Readiness::Failed(reason) => {
                        eprintln!("error: the lists failed to load: {reason}");
                    }
                    interdict_server::Readiness::Loading => {}
                }
            }
        });
        interdict_server::serve(listener, state, interdict_server::shutdown_signal())
            .await
            .context("serving")?;
        eprintln!("stopped");
        Ok(())
    })
}

/// An interval: seconds, or a number with `ms`, `s`, `m` or `h`.
fn parse_interval(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not an interval (60, 1s, 500ms, 2m)"))?;
    let seconds = match unit.trim() {
        "" | "s" => number,
        "ms" => number / 1000.0,
        "m" => number * 60.0,
        "h" => number * 3600.0,
        other => return Err(format!("{other:?} is not a unit of time (ms, s, m, h)")),
    };
    Duration::try_from_secs_f64(seconds).map_err(|error| format!("{text:?}: {error}"))
}

/// The API keys from `--api-keys`, INTERDICT_API_KEYS_FILE and
/// INTERDICT_API_KEY_HASHES; at least one is required.
fn api_keys(args: &ServeArgs) -> Result<ApiKeys> {
    let mut keys: Option<ApiKeys> = None;
    let file = args
        .api_keys
        .clone()
        .or_else(|| std::env::var_os(KEYS_FILE_ENV).map(PathBuf::from));
    if let Some(path) = file {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading the API keys file {}", path.display()))?;
        let parsed =
            ApiKeys::parse(&text).with_context(|| format!("API keys file {}", path.display()))?;
        keys = Some(parsed);
    }
    if let Ok(hashes) = std::env::var(KEY_HASHES_ENV)
        && !hashes.trim().is_empty()
    {
        let parsed = ApiKeys::parse_list(&hashes).with_context(|| KEY_HASHES_ENV.to_owned())?;
        match &mut keys {
            Some(keys) => keys.extend(parsed),
            None => keys = Some(parsed),
        }
    }
    keys.with_context(|| {
        format!(
            "no API keys: give --api-keys FILE (hashes from `interdict serve --hash-key KEY`), set {KEYS_FILE_ENV} or {KEY_HASHES_ENV}, or serve without keys with --no-auth"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_with_or_without_units() {
        assert_eq!(parse_interval("60"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_interval("1s"), Ok(Duration::from_secs(1)));
        assert_eq!(parse_interval("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_interval("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_interval("0"), Ok(Duration::ZERO));
        assert!(parse_interval("soon").is_err());
        assert!(parse_interval("5 days").is_err());
    }
}
