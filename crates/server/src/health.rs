//! `GET /healthz` (the process answers) and `GET /readyz` (the lists are
//! loaded and indexed).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::{AppState, Readiness};

/// The answer of the health checks.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HealthStatus {
    /// `ok` (alive), `ready`, or `loading` / `failed` (not ready).
    #[schema(example = "ready")]
    pub status: &'static str,
    /// Entities loaded and indexed, once ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<usize>,
    /// Lists loaded, once ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lists: Option<usize>,
    /// Why not ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Liveness: the process answers. No API key needed.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "Operations",
    responses((status = 200, description = "Alive", body = HealthStatus))
)]
pub(crate) async fn healthz() -> Json<HealthStatus> {
    Json(HealthStatus {
        status: "ok",
        entities: None,
        lists: None,
        detail: None,
    })
}

/// Readiness: the lists are loaded and indexed, so screening can start. No
/// API key needed.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "Operations",
    responses(
        (status = 200, description = "Ready", body = HealthStatus),
        (status = 503, description = "Still loading, or loading failed", body = HealthStatus),
    )
)]
pub(crate) async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<HealthStatus>) {
    let (code, status, entities, lists, detail) = match state.readiness() {
        Readiness::Ready { entities, lists } => {
            (StatusCode::OK, "ready", Some(entities), Some(lists), None)
        }
        Readiness::Loading => (
            StatusCode::SERVICE_UNAVAILABLE,
            "loading",
            None,
            None,
            Some("the lists are loading".to_owned()),
        ),
        Readiness::Failed(reason) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "failed",
            None,
            None,
            Some(format!("the lists failed to load: {reason}")),
        ),
    };
    (
        code,
        Json(HealthStatus {
            status,
            entities,
            lists,
            detail,
        }),
    )
}
