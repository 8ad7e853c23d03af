//! Measuring the screener: the machine, resident memory, and screenings per
//! second with per-query latency on a rayon pool of a given size.

use std::time::{Duration, Instant};

use interdict_matcher::{Options, Query, Screener};
use rayon::prelude::*;
use serde::Serialize;

use crate::BatchError;

/// The machine a benchmark ran on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Machine {
    /// The CPU model (`/proc/cpuinfo`), or `unknown`.
    pub cpu_model: String,
    /// Cores available to this process.
    pub cores: usize,
    /// Total memory, in MiB, when known (`/proc/meminfo`).
    pub memory_mib: Option<u64>,
    /// The operating system and architecture (`linux x86_64`).
    pub os: String,
}

/// The machine this runs on.
pub fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find_map(|line| {
            let (key, value) = line.split_once(':')?;
            matches!(key.trim(), "model name" | "Model" | "cpu model")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    Machine {
        cpu_model,
        cores: std::thread::available_parallelism().map_or(1, usize::from),
        memory_mib: status_kib(&meminfo, "MemTotal").map(|kib| kib / 1024),
        os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
    }
}

/// Resident memory of this process.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Memory {
    /// Resident now (`VmRSS`), in MiB.
    pub rss_mib: f64,
    /// The most resident so far (`VmHWM`), in MiB.
    pub peak_rss_mib: f64,
}

/// This process's resident memory, from `/proc/self/status`; none where
/// there is no such file.
pub fn memory() -> Option<Memory> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    Some(Memory {
        rss_mib: status_kib(&status, "VmRSS")? as f64 / 1024.0,
        peak_rss_mib: status_kib(&status, "VmHWM")? as f64 / 1024.0,
    })
}

/// The value of a `Key:   1234 kB` line.
fn status_kib(text: &str, key: &str) -> Option<u64> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

/// Per-query latency, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Latency {
    /// Median.
    pub p50_ms: f64,
    /// 90th percentile.
    pub p90_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// The slowest query.
    pub max_ms: f64,
    /// The mean.
    pub mean_ms: f64,
}

impl Latency {
    /// Percentiles (nearest rank) of `durations`; all zero when empty.
    pub fn of(mut durations: Vec<Duration>) -> Self {
        durations.sort_unstable();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let at = |p: f64| {
            if durations.is_empty() {
                return 0.0;
            }
            let rank = (p * durations.len() as f64).ceil() as usize;
            ms(durations[rank.clamp(1, durations.len()) - 1])
        };
        let mean = if durations.is_empty() {
            0.0
        } else {
            durations.iter().map(|d| ms(*d)).sum::<f64>() / durations.len() as f64
        };
        Self {
            p50_ms: at(0.50),
            p90_ms: at(0.90),
            p99_ms: at(0.99),
            max_ms: durations.last().map_or(0.0, |d| ms(*d)),
            mean_ms: mean,
        }
    }
}

/// One timed pass over the queries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    /// Threads in the rayon pool.
    pub threads: usize,
    /// Queries screened.
    pub queries: usize,
    /// Wall-clock seconds for all of them.
    pub elapsed_secs: f64,
    /// Queries per second.
    pub screenings_per_sec: f64,
    /// Queries with at least one hit.
    pub queries_with_hits: usize,
    /// Hits in all.
    pub hits: usize,
    /// Per-query latency.
    pub latency: Latency,
    /// The slowest queries, slowest first, to see what costs most.
    pub slowest: Vec<SlowQuery>,
}

/// One of the slowest queries of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlowQuery {
    /// Its names.
    pub names: Vec<String>,
    /// Milliseconds it took.
    pub ms: f64,
}

/// How many of the slowest queries a run names.
const SLOWEST: usize = 5;

/// Screens every query on a rayon pool of `threads` threads, timing each.
pub fn measure(
    screener: &Screener,
    queries: &[Query],
    options: &Options,
    threads: usize,
) -> Result<Run, BatchError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| BatchError::Usage(format!("cannot start {threads} threads: {e}")))?;
    let started = Instant::now();
    let timed: Vec<(Duration, usize)> = pool.install(|| {
        queries
            .par_iter()
            .map(|query| {
                let started = Instant::now();
                let groups = screener.screen(query, options);
                let hits = groups.iter().map(|g| g.hits.len()).sum();
                (started.elapsed(), hits)
            })
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut by_time: Vec<(Duration, &Query)> = timed.iter().map(|(d, _)| *d).zip(queries).collect();
    by_time.sort_by_key(|(duration, _)| std::cmp::Reverse(*duration));
    let slowest = by_time
        .into_iter()
        .take(SLOWEST)
        .map(|(duration, query)| SlowQuery {
            names: query.names.clone(),
            ms: duration.as_secs_f64() * 1000.0,
        })
        .collect();
    Ok(Run {
        threads: pool.current_num_threads(),
        queries: queries.len(),
        elapsed_secs: elapsed,
        screenings_per_sec: if elapsed > 0.0 {
            queries.len() as f64 / elapsed
        } else {
            0.0
        },
        queries_with_hits: timed.iter().filter(|(_, hits)| *hits > 0).count(),
        hits: timed.iter().map(|(_, hits)| hits).sum(),
        latency: Latency::of(timed.into_iter().map(|(d, _)| d).collect()),
        slowest,
    })
}

/// At most `n` of `items`, spread evenly over them (every k-th), so a
/// sample keeps the mix of the whole.
pub fn sample_evenly<T: Clone>(items: &[T], n: usize) -> Vec<T> {
    if n >= items.len() {
        return items.to_vec();
    }
    (0..n).map(|i| items[i * items.len() / n].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let durations: Vec<Duration> = (1..=100).rev().map(Duration::from_millis).collect();
        let latency = Latency::of(durations);
        assert_eq!(latency.p50_ms, 50.0);
        assert_eq!(latency.p90_ms, 90.0);
        assert_eq!(latency.p99_ms, 99.0);
        assert_eq!(latency.max_ms, 100.0);
        assert!((latency.mean_ms - 50.5).abs() < 1e-9);
        let one = Latency::of(vec![Duration::from_millis(3)]);
        assert_eq!((one.p50_ms, one.p99_ms, one.max_ms), (3.0, 3.0, 3.0));
        assert_eq!(Latency::of(Vec::new()).max_ms, 0.0);
    }

    #[test]
    fn status_lines_are_read_in_kib() {
        let status = "Name:\tinterdict\nVmHWM:\t  304080 kB\nVmRSS:\t  120000 kB\n";
        assert_eq!(status_kib(status, "VmHWM"), Some(304_080));
        assert_eq!(status_kib(status, "VmRSS"), Some(120_000));
        assert_eq!(status_kib(status, "VmSwap"), None);
    }

    #[test]
    fn samples_spread_over_the_whole() {
        let items: Vec<u32> = (0..10).collect();
        assert_eq!(sample_evenly(&items, 5), vec![0, 2, 4, 6, 8]);
        assert_eq!(sample_evenly(&items, 20), items);
        assert!(sample_evenly(&items, 0).is_empty());
    }

    #[test]
    fn this_machine_is_described() {
        let machine = machine();
        assert!(machine.cores >= 1);
        assert!(!machine.cpu_model.is_empty());
        if cfg!(target_os = "linux") {
            let memory = memory().unwrap_or_else(|| panic!("no /proc/self/status"));
            assert!(memory.peak_rss_mib >= memory.rss_mib && memory.rss_mib > 0.0);
        }
    }
}
