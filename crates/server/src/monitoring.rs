//! Monitoring over HTTP: `POST /monitored` watches customers (re-screened
//! whenever a list changes), `GET /monitored` and `DELETE /monitored/{key}`
//! manage them, `GET /alerts` lists the new and changed hits and
//! delistings, and `POST /alerts/{id}/disposition` records an analyst's
//! decision.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use interdict_matcher::Query;
use interdict_sources::ftm_json::entity_from_value;
use interdict_store::StoreError;
use interdict_store::audit::query_json;
use interdict_store::monitor::{
    Alert, AlertStatus, CustomerChange, Decision, Disposition, RescreenReport, monitor_options,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, caller_name};
use crate::error::{ApiError, ErrorBody};
use crate::json::JsonBody;
use crate::matching::EntityExample;
use crate::state::AppState;
use crate::store::{ServerStore, store_failed};

/// The most customers one `POST /monitored` may hold.
pub const MAX_CUSTOMERS_PER_REQUEST: usize = 10_000;

/// Customers to watch, each under the caller's key for it.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"customers": {"cust-0042": {"schema": "Person", "properties": {
    "name": ["Zhu Hailun"], "birthDate": ["1958-01"], "nationality": ["cn"]}}}}))]
pub struct MonitorRequest {
    /// FollowTheMoney entities by customer key. A key already watched with
    /// other data is updated, and its hits start afresh.
    pub customers: BTreeMap<String, EntityExample>,
}

/// What `POST /monitored` did.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonitorResponse {
    /// For each key: `added`, `updated` or `unchanged`.
    #[schema(value_type = BTreeMap<String, String>)]
    pub customers: BTreeMap<String, CustomerChange>,
    /// The re-screening of every watched customer against the lists
    /// served now that followed, with the alerts it raised.
    #[schema(value_type = Object)]
    pub rescreen: RescreenReport,
}

/// A blocking task of the store's that panicked or was cancelled, as a 500.
pub(crate) fn blocking_failed(error: tokio::task::JoinError) -> ApiError {
    ApiError::Internal(format!("the store's work failed: {error}"))
}

/// Watches customers: each is screened now and whenever a list changes;
/// new or changed hits, and delistings of confirmed hits, become alerts.
#[utoipa::path(
    post,
    path = "/monitored",
    tag = "Monitoring",
    request_body = MonitorRequest,
    responses(
        (status = 200, description = "The customers are watched; the alerts their screening raised", body = MonitorResponse),
        (status = 400, description = "A customer that cannot be read, or too many", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "The server runs without a store", body = ErrorBody),
        (status = 422, description = "JSON of the wrong shape", body = ErrorBody),
        (status = 503, description = "The lists are still loading", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn add(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<MonitorRequest>,
) -> Result<Json<MonitorResponse>, ApiError> {
    let store = Arc::clone(state.require_store("monitoring")?);
    if request.customers.is_empty() {
        return Err(ApiError::BadRequest(
            "no customers: give at least one entity under \"customers\"".to_owned(),
        ));
    }
    if request.customers.len() > MAX_CUSTOMERS_PER_REQUEST {
        return Err(ApiError::BadRequest(format!(
            "too many customers in one request: {}, the limit is {MAX_CUSTOMERS_PER_REQUEST}",
            request.customers.len()
        )));
    }
    let customers: Vec<(String, Query)> = request
        .customers
        .into_iter()
        .map(|(key, example)| {
            if key.trim().is_empty() {
                return Err(ApiError::BadRequest("a customer key is empty".to_owned()));
            }
            let entity = entity_from_value(&example.to_value(), "customer")
                .map_err(|error| ApiError::BadRequest(format!("customer {key:?}: {error}")))?;
            let query = Query::from_entity(&entity);
            if query.names.is_empty() {
                return Err(ApiError::BadRequest(format!(
                    "customer {key:?} has no name to screen"
                )));
            }
            Ok((key, query))
        })
        .collect::<Result<_, _>>()?;
    let lists = state.lists()?;
    let response = tokio::task::spawn_blocking(move || {
        let mut store = store.lock();
        let mut changes = BTreeMap::new();
        for (key, query) in &customers {
            let change = store.add_monitored(key, query).map_err(store_failed)?;
            changes.insert(key.clone(), change);
        }
        let rescreen = store
            .rescreen(lists.screener(), lists.versions(), &monitor_options())
            .map_err(store_failed)?;
        Ok::<_, ApiError>(MonitorResponse {
            customers: changes,
            rescreen,
        })
    })
    .await
    .map_err(blocking_failed)??;
    Ok(Json(response))
}

/// A watched customer.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonitoredCustomer {
    /// The caller's key for it.
    pub key: String,
    /// What is screened: names, dates of birth, countries, identifiers,
    /// schema.
    #[schema(value_type = Object)]
    pub query: Value,
    /// When it was added or last changed.
    pub added_at: String,
}

/// The watched customers.
#[utoipa::path(
    get,
    path = "/monitored",
    tag = "Monitoring",
    responses(
        (status = 200, description = "The watched customers", body = Vec<MonitoredCustomer>),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "The server runs without a store", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
) -> Result<Json<Vec<MonitoredCustomer>>, ApiError> {
    let store = Arc::clone(state.require_store("monitoring")?);
    let customers = tokio::task::spawn_blocking(move || store.lock().monitored())
        .await
        .map_err(blocking_failed)?
        .map_err(store_failed)?;
    Ok(Json(
        customers
            .into_iter()
            .map(|customer| MonitoredCustomer {
                query: query_json(&customer.query),
                key: customer.key,
                added_at: customer.added_at.to_string(),
            })
            .collect(),
    ))
}

/// Stops watching a customer; its alerts and their decisions are kept.
#[utoipa::path(
    delete,
    path = "/monitored/{key}",
    tag = "Monitoring",
    params(("key" = String, Path, description = "The customer's key")),
    responses(
        (status = 204, description = "No longer watched"),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "No customer with that key, or no store", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn remove(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<StatusCode, ApiError> {
    let store = Arc::clone(state.require_store("monitoring")?);
    let removed = {
        let key = key.clone();
        tokio::task::spawn_blocking(move || store.lock().remove_monitored(&key))
            .await
            .map_err(blocking_failed)?
            .map_err(store_failed)?
    };
    if removed {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(format!(
            "no customer {key:?} is watched"
        )))
    }
}

/// Query parameters of `GET /alerts`.
#[derive(Debug, Clone, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertsParams {
    /// `open` (the default), `true_match`, `false_positive` or `all`.
    pub status: Option<String>,
}

/// The alerts, newest first: open ones unless `status` says otherwise.
#[utoipa::path(
    get,
    path = "/alerts",
    tag = "Monitoring",
    params(AlertsParams),
    responses(
        (status = 200, description = "The alerts: customer, entity, kind (new, changed, delisted), score, changed fields, explanation, status", body = Vec<Object>),
        (status = 400, description = "An unknown status", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "The server runs without a store", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn alerts(
    State(state): State<AppState>,
    RawQuery(raw_query): RawQuery,
) -> Result<Json<Vec<Alert>>, ApiError> {
    let mut params = AlertsParams { status: None };
    for (key, value) in form_urlencoded::parse(raw_query.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "status" => params.status = Some(value.into_owned()),
            other => {
                return Err(ApiError::BadRequest(format!(
                    "unknown parameter {other:?}: give status"
                )));
            }
        }
    }
    let status = match params.status.as_deref().unwrap_or("open") {
        "all" => None,
        "open" => Some(AlertStatus::Open),
        "true_match" => Some(AlertStatus::TrueMatch),
        "false_positive" => Some(AlertStatus::FalsePositive),
        other => {
            return Err(ApiError::BadRequest(format!(
                "status={other:?}: give open, true_match, false_positive or all"
            )));
        }
    };
    let store = Arc::clone(state.require_store("alerts")?);
    let alerts = tokio::task::spawn_blocking(move || store.lock().alerts(status))
        .await
        .map_err(blocking_failed)?
        .map_err(store_failed)?;
    Ok(Json(alerts))
}

/// An analyst's decision on an alert.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"decision": "false_positive", "comment": "Customer born 1984 in Lyon; the listed person was born 1958 in China."}))]
pub struct DispositionRequest {
    /// `true_match` or `false_positive`.
    #[schema(value_type = String, example = "false_positive")]
    pub decision: Decision,
    /// Why: required, it is what a reviewer reads.
    pub comment: String,
}

/// Records an analyst's decision on an alert, in the audit log too. A
/// false positive stays decided for the same customer data and entity
/// until the entity's identifying facts change (a new alias, date of birth
/// or identifier re-opens it).
#[utoipa::path(
    post,
    path = "/alerts/{id}/disposition",
    tag = "Monitoring",
    params(("id" = i64, Path, description = "The alert's number")),
    request_body = DispositionRequest,
    responses(
        (status = 200, description = "The decision, with the audit log row that records it", body = Object),
        (status = 400, description = "No comment", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "No such alert, or no store", body = ErrorBody),
        (status = 422, description = "JSON of the wrong shape, or an unknown decision", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn dispose(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    caller: Option<Extension<Caller>>,
    JsonBody(request): JsonBody<DispositionRequest>,
) -> Result<Json<Disposition>, ApiError> {
    if request.comment.trim().is_empty() {
        return Err(ApiError::BadRequest(
            "say why in \"comment\": a decision without a reason cannot be reviewed".to_owned(),
        ));
    }
    let store: Arc<ServerStore> = Arc::clone(state.require_store("dispositions")?);
    let actor = caller_name(caller);
    let disposition = tokio::task::spawn_blocking(move || {
        store
            .lock()
            .dispose(id, request.decision, request.comment.trim(), &actor)
    })
    .await
    .map_err(blocking_failed)?
    .map_err(|error| match error {
        StoreError::UnknownAlert(_) => ApiError::NotFound(error.to_string()),
        other => store_failed(other),
    })?;
    Ok(Json(disposition))
}
