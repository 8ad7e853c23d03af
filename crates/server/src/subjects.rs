//! `GET /subjects/{id}` and `POST /subjects/decisions`: the consolidated
//! subject a record belongs to, with every listing of every member and why
//! they are one (see docs/consolidation.md); and analysts' split and merge
//! decisions, stored and applied at once. Needs `interdict serve` to
//! consolidate (its default; [`crate::Config::consolidate`]).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use interdict_matcher::consolidate::{DecisionKind, SubjectView};
use interdict_store::StoreError;
use interdict_store::consolidation::SubjectDecision;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::{Caller, caller_name};
use crate::error::{ApiError, ErrorBody};
use crate::monitoring::blocking_failed;
use crate::state::AppState;
use crate::store::{ServerStore, store_failed};

/// The consolidated subject of a record: its members on every list, each
/// listing (authority, programme, date), "sanctioned by US, EU, UK, CA
/// since 2021-03-22", and the links that joined the records, with reasons.
#[utoipa::path(
    get,
    path = "/subjects/{id}",
    tag = "Subjects",
    params(("id" = String, Path, description = "Any member record's id (`eu_fsf:EU.6251.70`)")),
    responses(
        (status = 200, description = "The subject", body = Object),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "No such record, or the server does not consolidate", body = ErrorBody),
        (status = 503, description = "The lists are loading or being consolidated", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn subject(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<SubjectView>, ApiError> {
    let lists = state.lists()?;
    let position = lists
        .position(&id)
        .ok_or_else(|| ApiError::NotFound(format!("no entity {id:?}")))?;
    if !state.config().consolidate {
        return Err(ApiError::NotFound(
            "this server does not consolidate records into subjects (interdict serve --no-consolidate)"
                .to_owned(),
        ));
    }
    let consolidation = lists.consolidation().ok_or_else(|| {
        ApiError::Unavailable(
            "the lists are being consolidated into subjects; ask again in a few seconds".to_owned(),
        )
    })?;
    let subject = consolidation
        .subject_of(position)
        .ok_or_else(|| ApiError::Internal(format!("{id} is in no subject")))?;
    Ok(Json(
        consolidation.view(subject, lists.screener().entities()),
    ))
}

/// An analyst's decision on two records.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"decision": "split", "a": "gb_ofsi:15758", "b": "us_ofac_sdn:40418", "comment": "Different people: the UK entry repeats the other's national ID."}))]
pub struct SubjectDecisionRequest {
    /// `split` (two subjects, never joined again) or `merge` (one).
    #[schema(value_type = String, example = "split")]
    pub decision: String,
    /// One record's id.
    pub a: String,
    /// The other record's id.
    pub b: String,
    /// Why: required, it is what a reviewer reads.
    pub comment: String,
}

/// Records that two records are two subjects (`split`) or one (`merge`),
/// in the store and its audit log; the lists are consolidated again with
/// it at once (in the background: `GET /subjects/{id}` shows it seconds
/// later).
#[utoipa::path(
    post,
    path = "/subjects/decisions",
    tag = "Subjects",
    request_body = SubjectDecisionRequest,
    responses(
        (status = 201, description = "The decision, with the audit log row that records it", body = Object),
        (status = 400, description = "No comment, an unknown decision, or one record twice", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "No such record, or no store", body = ErrorBody),
        (status = 422, description = "JSON of the wrong shape", body = ErrorBody),
        (status = 503, description = "The lists are still loading", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn decide(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    crate::json::JsonBody(request): crate::json::JsonBody<SubjectDecisionRequest>,
) -> Result<(StatusCode, Json<SubjectDecision>), ApiError> {
    let kind = DecisionKind::parse(&request.decision).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "decision {:?} is neither \"split\" nor \"merge\"",
            request.decision
        ))
    })?;
    if request.comment.trim().is_empty() {
        return Err(ApiError::BadRequest(
            "say why in \"comment\": a decision without a reason cannot be reviewed".to_owned(),
        ));
    }
    let lists = state.lists()?;
    for id in [&request.a, &request.b] {
        if lists.position(id).is_none() {
            return Err(ApiError::NotFound(format!("no entity {id:?}")));
        }
    }
    let store: Arc<ServerStore> = Arc::clone(state.require_store("subject decisions")?);
    let actor = caller_name(caller);
    let decided = tokio::task::spawn_blocking(move || {
        store
            .lock()
            .decide_subjects(kind, &request.a, &request.b, request.comment.trim(), &actor)
    })
    .await
    .map_err(blocking_failed)?
    .map_err(|error| match error {
        StoreError::BadDecision(_) => ApiError::BadRequest(error.to_string()),
        other => store_failed(other),
    })?;
    if state.config().consolidate {
        state.consolidate_in_background(lists);
    }
    Ok((StatusCode::CREATED, Json(decided)))
}
