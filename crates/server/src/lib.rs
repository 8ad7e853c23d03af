//! The interdict HTTP API (`interdict serve`).
//!
//! - `POST /match/{scope}`: yente's matching API, so existing yente clients
//!   work unchanged: a batch of FollowTheMoney query entities in, scored
//!   results with explanations out.
//! - `GET /search`, `GET /entities/{id}`, `GET /lists`: what the lists hold.
//! - `GET /graph`, `/graph/who`, `/graph/listed-by/{authority}`,
//!   `/graph/counter`: who sanctioned whom ([`interdict_graph`]).
//! - With a store ([`store`]): `GET /lists/{source}/versions` and
//!   `GET /lists/{source}/diff`; `POST /monitored`, `GET /monitored`,
//!   `DELETE /monitored/{key}`, `GET /alerts` and
//!   `POST /alerts/{id}/disposition`; `as_of` on `POST /match`.
//! - `GET /`: the analyst page ([`web`]).
//! - `GET /healthz`, `GET /readyz`, `GET /metrics` (Prometheus),
//!   `GET /openapi.json` and Swagger UI at `/docs`.
//!
//! Every route but the health checks needs an API key (see [`auth`]);
//! `/metrics` and the API description may be opened with
//! [`Config::public_metrics`] and [`Config::public_docs`].
//! The lists load in the background ([`AppState::spawn_loading`]), so
//! `/healthz` answers at once and `/readyz` once screening can start.
//! Screening runs on tokio's blocking pool, off the async workers. With a
//! store, every screening (`POST /match`, `GET /search`) is recorded in its
//! hash-chained audit log before it is answered.

pub mod auth;
mod diffs;
mod entities;
pub mod error;
mod graph;
mod health;
mod json;
pub mod matching;
pub mod metrics;
mod monitoring;
pub mod state;
pub mod store;
mod subjects;
pub mod web;

use std::future::Future;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use tower_http::catch_panic::CatchPanicLayer;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

pub use auth::{ApiKeys, hash_key};
pub use entities::{FtmEntity, ListsResponse, SearchResponse};
pub use error::{ApiError, ErrorBody};
pub use state::{AppState, Config, Lists, Readiness, Scope};

/// The API's OpenAPI description, generated from the handlers and types.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "interdict",
        description = "Sanctions screening: yente-compatible matching, search, entities and lists."
    ),
    paths(
        matching::match_entities,
        entities::search,
        entities::search_scope,
        entities::entity,
        entities::related,
        entities::lists,
        graph::overview,
        graph::who,
        graph::listed_by,
        graph::counter,
        subjects::subject,
        subjects::decide,
        diffs::versions,
        diffs::diff,
        monitoring::add,
        monitoring::list,
        monitoring::remove,
        monitoring::alerts,
        monitoring::dispose,
        health::healthz,
        health::readyz,
        metrics::metrics,
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "Matching", description = "Screening query entities, as yente does"),
        (name = "Data", description = "What the loaded lists hold"),
        (name = "Graph", description = "Who sanctioned whom: authorities, their targets and counter-sanctions"),
        (name = "Subjects", description = "One subject across all lists: its records, listings and why they are one; analysts' splits and merges"),
        (name = "Lists", description = "Stored versions of the lists and what changed between them"),
        (name = "Monitoring", description = "Watched customers, alerts and analysts' decisions"),
        (name = "Operations", description = "Health, readiness and metrics"),
    )
)]
pub struct ApiDoc;

/// Declares the two ways to show an API key.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-API-Key",
                "The API key; `Authorization: ApiKey <key>` works too.",
            ))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The routes the server answers, as the OpenAPI document names them.
pub const ROUTES: [&str; 22] = [
    "/match/{scope}",
    "/search",
    "/search/{scope}",
    "/entities/{id}",
    "/entities/{id}/related",
    "/lists",
    "/graph",
    "/graph/who",
    "/graph/listed-by/{authority}",
    "/graph/counter",
    "/subjects/{id}",
    "/subjects/decisions",
    "/lists/{source}/versions",
    "/lists/{source}/diff",
    "/monitored",
    "/monitored/{key}",
    "/alerts",
    "/alerts/{id}/disposition",
    "/healthz",
    "/readyz",
    "/metrics",
    "/openapi.json",
];

/// The application: every route with its middleware (metrics, panics as
/// JSON 500s, body size limit, API keys).
pub fn router(state: AppState) -> Router {
    let config = state.config().clone();
    let mut protected = Router::new()
        .route("/match/{scope}", post(matching::match_entities))
        .route("/search", get(entities::search))
        .route("/search/{scope}", get(entities::search_scope))
        .route("/entities/{id}", get(entities::entity))
        .route("/entities/{id}/related", get(entities::related))
        .route("/lists", get(entities::lists))
        .route("/graph", get(graph::overview))
        .route("/graph/who", get(graph::who))
        .route("/graph/listed-by/{authority}", get(graph::listed_by))
        .route("/graph/counter", get(graph::counter))
        .route("/subjects/decisions", post(subjects::decide))
        .route("/subjects/{id}", get(subjects::subject))
        .route("/lists/{source}/versions", get(diffs::versions))
        .route("/lists/{source}/diff", get(diffs::diff))
        .route("/monitored", post(monitoring::add).get(monitoring::list))
        .route("/monitored/{key}", delete(monitoring::remove))
        .route("/alerts", get(monitoring::alerts))
        .route("/alerts/{id}/disposition", post(monitoring::dispose));
    let mut public = Router::new()
        .route("/", get(web::index))
        .route("/assets/app.js", get(web::script))
        .route("/assets/graph.js", get(web::graph_script))
        .route("/assets/style.css", get(web::style))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz));
    let docs = SwaggerUi::new("/docs").url("/openapi.json", ApiDoc::openapi());
    if config.public_docs {
        public = public.merge(docs);
    } else {
        protected = protected.merge(docs);
    }
    if config.public_metrics {
        public = public.route("/metrics", get(metrics::metrics));
    } else {
        protected = protected.route("/metrics", get(metrics::metrics));
    }
    let protected = protected.route_layer(from_fn_with_state(state.clone(), auth::require_key));
    Router::new()
        .merge(public)
        .merge(protected)
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .with_state(state)
}

fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::Internal("the server failed while answering; the failure is logged".to_owned())
        .into_response()
}

/// Serves the API on `listener` until `shutdown` completes, then finishes
/// the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
