//! Prometheus metrics: requests and their latency by route and status, the
//! number of loaded entities, the number of screened queries.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus::{
    Encoder as _, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};

use crate::error::ApiError;
use crate::state::AppState;

/// The route label of requests that match no route, so that unknown paths
/// cannot grow the number of series.
const UNMATCHED_ROUTE: &str = "unmatched";

/// Latency buckets, in seconds: screening takes from a fraction of a
/// millisecond to a second for a large batch.
const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The server's metrics and the registry that exports them.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    entities: IntGauge,
    queries: IntCounter,
}

impl Metrics {
    /// Registers the server's metrics in a new registry.
    ///
    /// The names and labels are constants, so registering cannot fail; if it
    /// did, the metric would still count but not be exported.
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "interdict_http_requests_total",
                "HTTP requests answered, by method, route and status.",
            ),
            &["method", "route", "status"],
        )
        .unwrap_or_else(|_| unreachable_metric());
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "interdict_http_request_duration_seconds",
                "Time to answer an HTTP request, by method, route and status.",
            )
            .buckets(LATENCY_BUCKETS.to_vec()),
            &["method", "route", "status"],
        )
        .unwrap_or_else(|_| unreachable_metric());
        let entities = IntGauge::new(
            "interdict_entities_loaded",
            "Entities loaded and indexed for screening.",
        )
        .unwrap_or_else(|_| unreachable_metric());
        let queries = IntCounter::new(
            "interdict_match_queries_total",
            "Query entities screened by POST /match.",
        )
        .unwrap_or_else(|_| unreachable_metric());
        let _ = registry.register(Box::new(requests.clone()));
        let _ = registry.register(Box::new(latency.clone()));
        let _ = registry.register(Box::new(entities.clone()));
        let _ = registry.register(Box::new(queries.clone()));
        Self {
            registry,
            requests,
            latency,
            entities,
            queries,
        }
    }

    /// Records the number of loaded entities.
    pub fn set_entities(&self, count: usize) {
        self.entities.set(i64::try_from(count).unwrap_or(i64::MAX));
    }

    /// Counts screened queries.
    pub fn add_queries(&self, count: usize) {
        self.queries.inc_by(count as u64);
    }

    /// The metrics in Prometheus's text format.
    pub fn render(&self) -> Result<String, prometheus::Error> {
        let mut out = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// Metric options built from constants are always valid.
fn unreachable_metric() -> ! {
    unreachable!("the metric's name, help and labels are constant and valid")
}

/// Counts and times every request by its route (the pattern, not the path)
/// and status.
pub(crate) async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED_ROUTE, MatchedPath::as_str)
        .to_owned();
    let response = next.run(request).await;
    let status = response.status().as_str().to_owned();
    let labels = [method.as_str(), route.as_str(), status.as_str()];
    let metrics = state.metrics();
    metrics.requests.with_label_values(&labels).inc();
    metrics
        .latency
        .with_label_values(&labels)
        .observe(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`: the metrics in Prometheus's text format.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "Operations",
    responses(
        (status = 200, description = "Prometheus text exposition format", content_type = "text/plain", body = String),
        (status = 401, description = "No valid API key (unless metrics are public)", body = crate::error::ErrorBody),
    ),
    security((), ("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn metrics(State(state): State<AppState>) -> Result<Response, ApiError> {
    let text = state
        .metrics()
        .render()
        .map_err(|error| ApiError::Internal(format!("cannot render the metrics: {error}")))?;
    Ok(([(header::CONTENT_TYPE, prometheus::TEXT_FORMAT)], text).into_response())
}
