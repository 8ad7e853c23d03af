//! `GET /lists/{source}/versions` and `GET /lists/{source}/diff`: the
//! stored versions of a list, and what changed between two of them.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use interdict_store::StoreError;
use interdict_store::diff::{ChangedEntity, EntitySummary, Reidentified, VersionDiff};
use serde::Serialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::matching::parse_number;
use crate::state::AppState;
use crate::store::store_failed;

/// The stored versions of one list.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionsResponse {
    /// The source id.
    pub source: String,
    /// Its versions, oldest first: id, publication date, content hash,
    /// entity count, when loaded and when served.
    #[schema(value_type = Vec<Object>)]
    pub versions: Vec<Value>,
}

/// The stored versions of a list, oldest first.
#[utoipa::path(
    get,
    path = "/lists/{source}/versions",
    tag = "Lists",
    params(("source" = String, Path, description = "A source id (`un_sc`)")),
    responses(
        (status = 200, description = "The versions", body = VersionsResponse),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "No such source, or no store", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn versions(
    State(state): State<AppState>,
    Path(source): Path<String>,
) -> Result<Json<VersionsResponse>, ApiError> {
    let store = std::sync::Arc::clone(state.require_store("list versions")?);
    let versions = tokio::task::spawn_blocking(move || {
        let versions = store.lock().versions(Some(&source)).map_err(store_failed)?;
        if versions.is_empty() {
            return Err(ApiError::NotFound(format!(
                "the store holds no version of {source:?}"
            )));
        }
        let versions = versions
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| ApiError::Internal(format!("cannot write a version: {error}")))?;
        Ok(VersionsResponse { source, versions })
    })
    .await
    .map_err(|error| ApiError::Internal(format!("listing versions failed: {error}")))??;
    Ok(Json(versions))
}

/// Query parameters of `GET /lists/{source}/diff`.
#[derive(Debug, Clone, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffParams {
    /// The older version: a number, a content-hash prefix (6+ hex digits),
    /// a publication date as written (`2024-05-15`), `previous` or
    /// `active`. Default: the version served before the active one.
    pub old: Option<String>,
    /// The newer version, named the same ways. Default: the active one.
    pub new: Option<String>,
    /// The most entities listed under each of added, removed, changed and
    /// re-identified (default 1000); the counts are always complete.
    pub limit: Option<usize>,
}

impl DiffParams {
    fn parse(query: Option<&str>) -> Result<Self, ApiError> {
        let mut params = Self::default();
        for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let value = value.into_owned();
            match key.as_ref() {
                "old" => params.old = Some(value),
                "new" => params.new = Some(value),
                "limit" => params.limit = Some(parse_number("limit", &value)?),
                other => {
                    return Err(ApiError::BadRequest(format!(
                        "unknown parameter {other:?}: give old, new or limit"
                    )));
                }
            }
        }
        Ok(params)
    }
}

/// How many entities each part of a diff holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiffCounts {
    /// In the newer version only.
    pub added: usize,
    /// In the older version only.
    pub removed: usize,
    /// In both, with facts that changed.
    pub changed: usize,
    /// In both under different ids (the list renumbered them).
    pub reidentified: usize,
    /// In both, the same.
    pub unchanged: usize,
}

/// What changed between two versions of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiffResponse {
    /// The source id.
    pub source: String,
    /// The older version.
    #[schema(value_type = Object)]
    pub old: Value,
    /// The newer version.
    #[schema(value_type = Object)]
    pub new: Value,
    /// How many entities were added, removed, changed, re-identified or
    /// left unchanged.
    pub counts: DiffCounts,
    /// How many changed entities changed each field (`names`,
    /// `birth_dates`, `identifiers`, `remarks`...).
    pub fields: BTreeMap<String, usize>,
    /// Entities added: id and name.
    #[schema(value_type = Vec<Object>)]
    pub added: Vec<EntitySummary>,
    /// Entities removed: id and name.
    #[schema(value_type = Vec<Object>)]
    pub removed: Vec<EntitySummary>,
    /// Entities changed: id, name and the fields that changed.
    #[schema(value_type = Vec<Object>)]
    pub changed: Vec<ChangedEntity>,
    /// Entities under a new id: old id, new id, name, other fields changed.
    #[schema(value_type = Vec<Object>)]
    pub reidentified: Vec<Reidentified>,
    /// Whether a list above was cut at `limit`.
    pub truncated: bool,
}

impl DiffResponse {
    fn new(source: String, diff: VersionDiff, limit: usize) -> Result<Self, ApiError> {
        let version = |v| {
            serde_json::to_value(v)
                .map_err(|error| ApiError::Internal(format!("cannot write a version: {error}")))
        };
        let entities = diff.entities;
        let counts = DiffCounts {
            added: entities.added.len(),
            removed: entities.removed.len(),
            changed: entities.changed.len(),
            reidentified: entities.reidentified.len(),
            unchanged: entities.unchanged,
        };
        let fields = entities
            .field_counts()
            .into_iter()
            .map(|(field, count)| (field.label().to_owned(), count))
            .collect();
        let truncated = [
            counts.added,
            counts.removed,
            counts.changed,
            counts.reidentified,
        ]
        .iter()
        .any(|&count| count > limit);
        Ok(Self {
            source,
            old: version(&diff.old)?,
            new: version(&diff.new)?,
            counts,
            fields,
            added: cut(entities.added, limit),
            removed: cut(entities.removed, limit),
            changed: cut(entities.changed, limit),
            reidentified: cut(entities.reidentified, limit),
            truncated,
        })
    }
}

fn cut<T>(mut items: Vec<T>, limit: usize) -> Vec<T> {
    items.truncate(limit);
    items
}

/// Entities added, removed and changed (with the fields that changed)
/// between two stored versions of a list; by default the version served
/// before the active one and the active one.
#[utoipa::path(
    get,
    path = "/lists/{source}/diff",
    tag = "Lists",
    params(
        ("source" = String, Path, description = "A source id (`un_sc`)"),
        DiffParams,
    ),
    responses(
        (status = 200, description = "The differences", body = DiffResponse),
        (status = 400, description = "A bad parameter", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "No such source or version, fewer than two versions, or no store", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn diff(
    State(state): State<AppState>,
    Path(source): Path<String>,
    RawQuery(raw_query): RawQuery,
) -> Result<Json<DiffResponse>, ApiError> {
    let params = DiffParams::parse(raw_query.as_deref())?;
    let limit = params.limit.unwrap_or(1000);
    let store = std::sync::Arc::clone(state.require_store("a diff")?);
    let response = tokio::task::spawn_blocking(move || {
        let store = store.lock();
        let diff = match (&params.old, &params.new) {
            (None, None) => store.diff(&source, None),
            (old, new) => store.diff(
                &source,
                Some((
                    old.as_deref().unwrap_or("previous"),
                    new.as_deref().unwrap_or("active"),
                )),
            ),
        }
        .map_err(|error| match error {
            StoreError::UnknownVersion { .. } | StoreError::NothingToCompare { .. } => {
                ApiError::NotFound(error.to_string())
            }
            other => store_failed(other),
        })?;
        DiffResponse::new(source, diff, limit)
    })
    .await
    .map_err(|error| ApiError::Internal(format!("the diff failed: {error}")))??;
    Ok(Json(response))
}
