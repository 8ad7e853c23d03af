//! `GET /entities/{id}`, `GET /search` and `GET /lists`: what the lists
//! hold, as FollowTheMoney-style JSON.

use std::collections::BTreeMap;

use axum::extract::{Path, RawQuery, State};
use axum::{Extension, Json};
use interdict_matcher::{DEFAULT_THRESHOLD, Options, Query};
use interdict_model::{Entity, Schema};
use interdict_store::ENGINE_VERSION;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, caller_name};
use crate::error::{ApiError, ErrorBody};
use crate::matching::{
    ScoredEntity, TotalSpec, checked_limit, parse_number, parse_score, scored_results,
};
use crate::state::{ALL_LISTS_SCOPES, AppState, ListInfo};
use crate::store::{audit_lists, audit_results};

/// An entity as FollowTheMoney JSON, the shape yente returns.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FtmEntity {
    /// The entity's id (`us_ofac_sdn:29219`).
    #[schema(example = "us_ofac_sdn:29219")]
    pub id: String,
    /// Its main name.
    pub caption: String,
    /// Its FollowTheMoney schema.
    pub schema: String,
    /// Its FollowTheMoney properties. In `GET /entities/{id}`,
    /// `sanctions` holds one nested `Sanction` entity per listing.
    #[schema(value_type = Object)]
    pub properties: Value,
    /// The lists that name it, by source id.
    pub datasets: Vec<String>,
    /// Other ids of the entity (none: interdict does not merge entities).
    #[serde(default)]
    pub referents: Vec<String>,
    /// Whether it is a target of sanctions.
    pub target: bool,
}

/// The FollowTheMoney form of a listed entity, without its listings.
pub(crate) fn ftm_entity(entity: &Entity) -> FtmEntity {
    let properties = interdict_model::ftm::to_ftm(entity)
        .into_iter()
        .next()
        .and_then(|mut object| object.get_mut("properties").map(Value::take))
        .unwrap_or_else(|| Value::Object(serde_json::Map::new()));
    let mut datasets: Vec<String> = Vec::new();
    for listing in &entity.listings {
        if !datasets.contains(&listing.source) {
            datasets.push(listing.source.clone());
        }
    }
    FtmEntity {
        id: entity.id.clone(),
        caption: entity.caption().to_owned(),
        schema: entity.schema.as_str().to_owned(),
        properties,
        datasets,
        referents: Vec::new(),
        target: true,
    }
}

/// Everything the lists say about one entity: its properties, and under
/// `properties.sanctions` one `Sanction` entity per listing (authority,
/// programme, dates, reference, reason).
#[utoipa::path(
    get,
    path = "/entities/{id}",
    tag = "Data",
    params(("id" = String, Path, description = "The entity id, as results give it (`us_ofac_sdn:29219`)")),
    responses(
        (status = 200, description = "The entity", body = FtmEntity),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "No such entity", body = ErrorBody),
        (status = 503, description = "The lists are still loading", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn entity(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<FtmEntity>, ApiError> {
    let lists = state.lists()?;
    let entity = lists
        .entity(&id)
        .ok_or_else(|| ApiError::NotFound(format!("no entity {id:?}")))?;
    Ok(Json(ftm_with_sanctions(entity)))
}

/// A record of the same person or organisation on another list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelatedEntity {
    /// Its id (`eu_fsf:EU.6251.70`).
    pub id: String,
    /// Its main name.
    pub caption: String,
    /// Its FollowTheMoney schema.
    pub schema: String,
    /// How well it matches the entity asked about, 0 to 1.
    pub score: f32,
    /// The lists that name it, by source id.
    pub datasets: Vec<String>,
    /// Its FollowTheMoney properties, with one `Sanction` entity per
    /// listing under `sanctions`.
    #[schema(value_type = Object)]
    pub properties: Value,
}

/// The answer to `GET /entities/{id}/related`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelatedResponse {
    /// The entity asked about.
    pub id: String,
    /// The records the matcher takes for the same person or organisation
    /// on other lists, best first.
    pub related: Vec<RelatedEntity>,
}

/// The entity with its listings as nested `Sanction` entities.
fn ftm_with_sanctions(entity: &Entity) -> FtmEntity {
    let mut ftm = ftm_entity(entity);
    let sanctions: Vec<Value> = interdict_model::ftm::to_ftm(entity)
        .into_iter()
        .skip(1)
        .collect();
    if let Value::Object(properties) = &mut ftm.properties {
        properties.insert("sanctions".to_owned(), Value::Array(sanctions));
    }
    ftm
}

/// The records of the same person or organisation on other lists: the
/// entity screened with its own names, dates of birth, nationalities and
/// identifiers, and the others of the group it falls in (as `POST /match`
/// groups one person across lists). An investigator sees every listing
/// together: Zhu Hailun by the EU, the UK, Canada and the US.
#[utoipa::path(
    get,
    path = "/entities/{id}/related",
    tag = "Data",
    params(("id" = String, Path, description = "The entity id (`us_ofac_sdn:29219`)")),
    responses(
        (status = 200, description = "The related records", body = RelatedResponse),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "No such entity", body = ErrorBody),
        (status = 503, description = "The lists are still loading", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn related(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<RelatedResponse>, ApiError> {
    let lists = state.lists()?;
    let (Some(position), Some(entity)) = (lists.position(&id), lists.entity(&id)) else {
        return Err(ApiError::NotFound(format!("no entity {id:?}")));
    };
    let query = Query::from_entity(entity);
    let response = tokio::task::spawn_blocking(move || {
        let screener = lists.screener();
        let options = Options {
            threshold: DEFAULT_THRESHOLD,
            limit: 20,
        };
        let related = screener
            .screen(&query, &options)
            .into_iter()
            .find(|group| group.hits.iter().any(|hit| hit.entity == position))
            .map(|group| group.hits)
            .unwrap_or_default()
            .into_iter()
            .filter(|hit| hit.entity != position)
            .filter_map(|hit| {
                let ftm = ftm_with_sanctions(screener.entities().get(hit.entity)?);
                Some(RelatedEntity {
                    id: ftm.id,
                    caption: ftm.caption,
                    schema: ftm.schema,
                    score: hit.score,
                    datasets: ftm.datasets,
                    properties: ftm.properties,
                })
            })
            .collect();
        RelatedResponse { id, related }
    })
    .await
    .map_err(|error| ApiError::Internal(format!("finding related records failed: {error}")))?;
    Ok(Json(response))
}

/// Query parameters of `GET /search`.
#[derive(Debug, Clone, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The name to look for, in any script or order.
    pub q: String,
    /// The most results (default 10, at most 500).
    pub limit: Option<usize>,
    /// Results scoring below this are not returned (default 0.7).
    pub threshold: Option<f32>,
    /// Only entities of this schema (Person, Organization, Company,
    /// LegalEntity, Vessel, Aircraft).
    pub schema: Option<String>,
    /// `default` (every list), a source id or an authority id; the path form
    /// `/search/{scope}` does the same.
    pub scope: Option<String>,
}

/// The score from which `GET /search` returns a name unless told otherwise:
/// lower than screening's, since a search is looking, not deciding.
pub const SEARCH_THRESHOLD: f32 = 0.7;

impl SearchParams {
    fn parse(query: Option<&str>) -> Result<Self, ApiError> {
        let mut q = None;
        let mut params = Self {
            q: String::new(),
            limit: None,
            threshold: None,
            schema: None,
            scope: None,
        };
        for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let value = value.into_owned();
            match key.as_ref() {
                "q" => q = Some(value),
                "limit" => params.limit = Some(parse_number("limit", &value)?),
                "threshold" => params.threshold = Some(parse_score("threshold", &value)?),
                "schema" => params.schema = Some(value),
                "scope" => params.scope = Some(value),
                _ => {}
            }
        }
        params.q = q
            .filter(|q| !q.trim().is_empty())
            .ok_or_else(|| ApiError::BadRequest("give a name to search for: ?q=NAME".to_owned()))?;
        Ok(params)
    }
}

/// The answer to a search, shaped as yente's.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResponse {
    /// The most results returned.
    pub limit: usize,
    /// Always 0: results are not paged.
    pub offset: usize,
    /// How many results there were before the limit.
    pub total: TotalSpec,
    /// The entities whose names match, best first.
    pub results: Vec<ScoredEntity>,
    /// Always empty (yente's facets).
    #[schema(value_type = Object)]
    pub facets: BTreeMap<String, Value>,
}

/// Looks up a name in the lists: the entities whose names match it, scored
/// and explained.
#[utoipa::path(
    get,
    path = "/search",
    tag = "Data",
    params(SearchParams),
    responses(
        (status = 200, description = "Matching entities, best first", body = SearchResponse),
        (status = 400, description = "No name, or a bad parameter", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "Unknown scope", body = ErrorBody),
        (status = 503, description = "The lists are still loading", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn search(
    State(state): State<AppState>,
    RawQuery(raw_query): RawQuery,
    caller: Option<Extension<Caller>>,
) -> Result<Json<SearchResponse>, ApiError> {
    let params = SearchParams::parse(raw_query.as_deref())?;
    run_search(state, params, caller_name(caller)).await
}

/// `GET /search/{scope}`: the same as `GET /search?scope=`, as yente's path.
#[utoipa::path(
    get,
    path = "/search/{scope}",
    tag = "Data",
    params(
        ("scope" = String, Path, description = "`default` (every list), a source id or an authority id"),
        SearchParams,
    ),
    responses(
        (status = 200, description = "Matching entities, best first", body = SearchResponse),
        (status = 400, description = "No name, or a bad parameter", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "Unknown scope", body = ErrorBody),
        (status = 503, description = "The lists are still loading", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn search_scope(
    State(state): State<AppState>,
    Path(scope): Path<String>,
    RawQuery(raw_query): RawQuery,
    caller: Option<Extension<Caller>>,
) -> Result<Json<SearchResponse>, ApiError> {
    let mut params = SearchParams::parse(raw_query.as_deref())?;
    params.scope = Some(scope);
    run_search(state, params, caller_name(caller)).await
}

async fn run_search(
    state: AppState,
    params: SearchParams,
    caller: String,
) -> Result<Json<SearchResponse>, ApiError> {
    let config = state.config();
    let limit = checked_limit(params.limit, 10, config.max_limit)?;
    let lists = state.lists()?;
    let scope = lists.scope(params.scope.as_deref().unwrap_or(ALL_LISTS_SCOPES[0]))?;
    let schema = params
        .schema
        .as_deref()
        .map(|name| {
            name.parse::<Schema>()
                .map_err(|error| ApiError::BadRequest(format!("schema={name:?}: {error}")))
        })
        .transpose()?;
    let threshold = params.threshold.unwrap_or(SEARCH_THRESHOLD);
    let query = Query {
        schema,
        ..Query::name(&params.q)
    };
    let scope_name = params
        .scope
        .unwrap_or_else(|| ALL_LISTS_SCOPES[0].to_owned());
    let audited = state.store().is_some();
    let (response, audit_body) = tokio::task::spawn_blocking(move || {
        let screener = lists.screener();
        let mut total = 0;
        let mut kept = Vec::new();
        for hit in screener.hits(&query, threshold) {
            let Some(entity) = screener.entities().get(hit.entity) else {
                continue;
            };
            if !scope.covers(entity) {
                continue;
            }
            total += 1;
            if kept.len() < limit {
                kept.push(hit);
            }
        }
        let results = scored_results(&lists, kept, DEFAULT_THRESHOLD);
        let audit_body = audited.then(|| {
            json!({
                "request": format!("GET /search/{scope_name}"),
                "query": {"name": params.q, "schema": params.schema},
                "engine": ENGINE_VERSION,
                "threshold": threshold,
                "limit": limit,
                "lists": audit_lists(&lists),
                "total": total,
                "results": audit_results(&lists, &results),
            })
        });
        let response = SearchResponse {
            limit,
            offset: 0,
            total: TotalSpec::exact(total),
            results,
            facets: BTreeMap::new(),
        };
        (response, audit_body)
    })
    .await
    .map_err(|error| ApiError::Internal(format!("search failed: {error}")))?;
    if let (Some(store), Some(body)) = (state.store(), audit_body) {
        store.record(&caller, "search", vec![body]).await?;
    }
    Ok(Json(response))
}

/// The answer to `GET /lists`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListsResponse {
    /// The loaded lists.
    pub lists: Vec<ListInfo>,
    /// Entities in all of them.
    pub entities: usize,
    /// When they were loaded, in seconds since 1970 (UTC).
    pub loaded_at: u64,
    /// How long loading and indexing took, in milliseconds.
    pub load_ms: u64,
    /// The scopes `POST /match/{scope}` accepts.
    pub scopes: Vec<String>,
}

/// The loaded lists: sources, publication dates and counts.
#[utoipa::path(
    get,
    path = "/lists",
    tag = "Data",
    responses(
        (status = 200, description = "The loaded lists", body = ListsResponse),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 503, description = "The lists are still loading", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn lists(State(state): State<AppState>) -> Result<Json<ListsResponse>, ApiError> {
    let lists = state.lists()?;
    let scopes = lists.scope_names();
    Ok(Json(ListsResponse {
        lists: lists.lists().to_vec(),
        entities: lists.screener().entities().len(),
        loaded_at: lists.loaded_at_unix(),
        load_ms: u64::try_from(lists.load_time().as_millis()).unwrap_or(u64::MAX),
        scopes,
    }))
}
