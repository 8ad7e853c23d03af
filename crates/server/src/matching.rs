//! `POST /match/{scope}`: yente's matching API. A batch of FollowTheMoney
//! query entities comes in; each gets scored results with the features that
//! made the score and interdict's explanation of it.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use interdict_matcher::{DEFAULT_THRESHOLD, Explanation, Hit, Query};
use interdict_model::Entity;
use interdict_sources::ftm_json::entity_from_value;
use interdict_store::ENGINE_VERSION;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, caller_name};
use crate::error::{ApiError, ErrorBody};
use crate::json::JsonBody;
use crate::state::{AppState, Lists, Scope};
use crate::store::{audit_lists, audit_results};

/// A batch of query entities, as yente takes it.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"queries": {"q1": {"schema": "Person", "properties": {
    "name": ["Zhu Hailun"], "birthDate": ["1958"], "nationality": ["cn"]}}}}))]
pub struct MatchRequest {
    /// The query entities, each under a name the client chooses; the
    /// responses come back under the same names. A `null` entry is skipped.
    #[schema(value_type = BTreeMap<String, EntityExample>)]
    pub queries: BTreeMap<String, Option<EntityExample>>,
    /// Feature weights (yente's scoring configuration): accepted for
    /// compatibility and not used; interdict's weights are fixed.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// Algorithm configuration (yente): accepted and not used.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub config: Value,
}

/// One entity by example: a FollowTheMoney schema and properties.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EntityExample {
    /// The client's id for it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Person, Organization, Company, LegalEntity, PublicBody, Vessel or
    /// Airplane.
    #[schema(example = "Person")]
    pub schema: String,
    /// FollowTheMoney properties, each a list of strings (or one string):
    /// `name`, `alias`, `firstName`, `lastName`, `birthDate`,
    /// `nationality`, `country`, `idNumber`, `passportNumber`,
    /// `registrationNumber`, `imoNumber`...
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, Vec<String>>)]
    pub properties: Map<String, Value>,
}

impl EntityExample {
    pub(crate) fn to_value(&self) -> Value {
        let mut object = Map::new();
        if let Some(id) = &self.id {
            object.insert("id".to_owned(), Value::String(id.clone()));
        }
        object.insert("schema".to_owned(), Value::String(self.schema.clone()));
        object.insert(
            "properties".to_owned(),
            Value::Object(self.properties.clone()),
        );
        Value::Object(object)
    }
}

/// How many results there were, as yente counts them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TotalSpec {
    /// The number of results at or above the cutoff, before the limit.
    pub value: usize,
    /// Always `eq`: the count is exact.
    pub relation: &'static str,
}

impl TotalSpec {
    pub(crate) fn exact(value: usize) -> Self {
        Self {
            value,
            relation: "eq",
        }
    }
}

/// A listed entity with its score for a query.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScoredEntity {
    /// The entity's id (`us_ofac_sdn:29219`); `GET /entities/{id}` shows it.
    #[schema(example = "us_ofac_sdn:29219")]
    pub id: String,
    /// Its main name.
    pub caption: String,
    /// Its FollowTheMoney schema.
    pub schema: String,
    /// Its FollowTheMoney properties.
    #[schema(value_type = BTreeMap<String, Vec<String>>)]
    pub properties: Value,
    /// The lists that name it, by source id.
    pub datasets: Vec<String>,
    /// The other records of its consolidated subject on other lists (when
    /// the server consolidates: `GET /subjects/{id}` shows them all).
    pub referents: Vec<String>,
    /// Whether it is a target of sanctions (always, for a listed entity).
    pub target: bool,
    /// The score, 0 to 1.
    pub score: f32,
    /// Each feature's contribution: `name` is the name score, the others
    /// (`birth_date`, `country`, `identifier`, `characters`, `weak_alias`)
    /// raise or lower it.
    pub features: BTreeMap<String, f32>,
    /// Whether the score is at or above the threshold.
    #[serde(rename = "match")]
    pub is_match: bool,
    /// Results with the same number are one subject on several lists:
    /// their consolidated subject when the server consolidates, else
    /// records alike in this answer (the same name, compatible dates of
    /// birth and nationalities); numbered from 0 in the order of their best
    /// result.
    pub subject: usize,
    /// The consolidated subject's id (its smallest member id), when the
    /// server consolidates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<String>,
    /// Why: which query name matched which listed name, token by token, and
    /// each feature in words.
    #[schema(value_type = Object)]
    pub explanation: Explanation,
}

impl ScoredEntity {
    pub(crate) fn new(entity: &Entity, hit: Hit, threshold: f32, subject: usize) -> Self {
        let mut features = BTreeMap::new();
        features.insert("name".to_owned(), hit.explanation.name.score);
        for feature in &hit.explanation.features {
            *features.entry(feature.feature.to_owned()).or_insert(0.0) += feature.effect;
        }
        let listed = crate::entities::ftm_entity(entity);
        Self {
            id: entity.id.clone(),
            caption: entity.caption().to_owned(),
            schema: entity.schema.as_str().to_owned(),
            properties: listed.properties,
            datasets: listed.datasets,
            referents: Vec::new(),
            subject_id: None,
            target: true,
            score: hit.score,
            features,
            is_match: hit.score >= threshold,
            subject,
            explanation: hit.explanation,
        }
    }
}

/// The answer to one query of a batch.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntityMatches {
    /// 200: every query of an accepted batch is answered.
    pub status: u16,
    /// The results at or above the cutoff, best first, at most `limit`.
    pub results: Vec<ScoredEntity>,
    /// How many results there were before the limit.
    pub total: TotalSpec,
    /// The query, as sent.
    pub query: EntityExample,
}

/// What a feature is, for clients that show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeatureDoc {
    /// In words.
    pub description: &'static str,
    /// Its weight: 1 for the name score the others adjust, 0 for features
    /// whose effect varies (see each result's `features`).
    pub coefficient: f32,
    /// Where it is documented.
    pub url: &'static str,
}

/// The answer to a batch, as yente gives it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchResponse {
    /// The answer to each query, under the query's name.
    pub responses: BTreeMap<String, EntityMatches>,
    /// The features results may have.
    pub matcher: BTreeMap<&'static str, FeatureDoc>,
    /// The most results each query returns.
    pub limit: usize,
}

/// Query parameters of `POST /match/{scope}`, named as yente names them.
/// Repeatable ones are given once per value (`exclude_dataset=a&exclude_dataset=b`).
#[derive(Debug, Clone, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// The most results per query (default 5, at most 500).
    pub limit: Option<usize>,
    /// Results scoring at least this are matches (`match: true`); default 0.8.
    pub threshold: Option<f32>,
    /// Results scoring below this are not returned (default: the threshold;
    /// above it, the threshold).
    pub cutoff: Option<f32>,
    /// yente's algorithm name: accepted and not used (interdict has one).
    pub algorithm: Option<String>,
    /// Only results listed in these sources.
    pub include_dataset: Vec<String>,
    /// No results listed in any of these sources.
    pub exclude_dataset: Vec<String>,
    /// No results of these schemas.
    pub exclude_schema: Vec<String>,
    /// No results with these ids (decided false positives).
    pub exclude_entity_ids: Vec<String>,
    /// Screen against the lists as they were on this date (`YYYY-MM-DD`);
    /// needs the store.
    pub as_of: Option<String>,
}

impl MatchParams {
    /// Reads the parameters from a query string; parameters yente has and
    /// interdict ignores (`topics`, `changed_since`) are accepted.
    pub fn parse(query: Option<&str>) -> Result<Self, ApiError> {
        let mut params = Self {
            limit: None,
            threshold: None,
            cutoff: None,
            algorithm: None,
            include_dataset: Vec::new(),
            exclude_dataset: Vec::new(),
            exclude_schema: Vec::new(),
            exclude_entity_ids: Vec::new(),
            as_of: None,
        };
        for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let value = value.into_owned();
            match key.as_ref() {
                "limit" => params.limit = Some(parse_number("limit", &value)?),
                "threshold" => params.threshold = Some(parse_score("threshold", &value)?),
                "cutoff" => params.cutoff = Some(parse_score("cutoff", &value)?),
                "algorithm" => params.algorithm = Some(value),
                "include_dataset" => params.include_dataset.push(value),
                "exclude_dataset" => params.exclude_dataset.push(value),
                "exclude_schema" => params.exclude_schema.push(value),
                "exclude_entity_ids" => params.exclude_entity_ids.push(value),
                "as_of" => params.as_of = Some(value),
                _ => {}
            }
        }
        Ok(params)
    }

    fn threshold(&self) -> f32 {
        self.threshold.unwrap_or(DEFAULT_THRESHOLD)
    }

    fn cutoff(&self) -> f32 {
        self.cutoff
            .unwrap_or_else(|| self.threshold())
            .min(self.threshold())
    }

    /// Whether a hit on `entity` may be returned.
    fn admits(&self, entity: &Entity) -> bool {
        let sources = || entity.listings.iter().map(|l| l.source.as_str());
        (self.include_dataset.is_empty()
            || sources().any(|s| self.include_dataset.iter().any(|d| d == s)))
            && !sources().any(|s| self.exclude_dataset.iter().any(|d| d == s))
            && !self
                .exclude_schema
                .iter()
                .any(|s| s.eq_ignore_ascii_case(entity.schema.as_str()))
            && !self.exclude_entity_ids.contains(&entity.id)
    }
}

pub(crate) fn parse_number(name: &str, value: &str) -> Result<usize, ApiError> {
    value
        .trim()
        .parse()
        .map_err(|_| ApiError::BadRequest(format!("{name}={value:?} is not a whole number")))
}

pub(crate) fn parse_score(name: &str, value: &str) -> Result<f32, ApiError> {
    let score: f32 = value
        .trim()
        .parse()
        .map_err(|_| ApiError::BadRequest(format!("{name}={value:?} is not a number")))?;
    if (0.0..=1.0).contains(&score) {
        Ok(score)
    } else {
        Err(ApiError::BadRequest(format!(
            "{name}={value} is outside 0 to 1"
        )))
    }
}

/// The limit a request asks for, checked against the server's maximum.
pub(crate) fn checked_limit(
    asked: Option<usize>,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match asked.unwrap_or(default) {
        0 => Err(ApiError::BadRequest(
            "limit=0: ask for at least 1 result".to_owned(),
        )),
        limit if limit > max => Err(ApiError::BadRequest(format!(
            "limit={limit} is more than the maximum of {max}"
        ))),
        limit => Ok(limit),
    }
}

/// The features results may have, documented.
fn feature_docs() -> BTreeMap<&'static str, FeatureDoc> {
    const URL: &str =
        "https://github.com/interdict-screening/interdict/blob/main/docs/api.md#features";
    let doc = |description, coefficient| FeatureDoc {
        description,
        coefficient,
        url: URL,
    };
    BTreeMap::from([
        (
            "name",
            doc(
                "The best alignment of any query name with any listed name, in any script, words weighed by their rarity in the lists.",
                1.0,
            ),
        ),
        (
            "birth_date",
            doc(
                "Agreement of the dates of birth: up to +0.10 by precision; -0.10 a few years apart, -0.25 far apart.",
                0.0,
            ),
        ),
        (
            "country",
            doc(
                "A matching nationality raises the score; a listed nationality that differs lowers it.",
                0.0,
            ),
        ),
        (
            "identifier",
            doc(
                "The same passport, national ID, IMO or registration number: the score becomes at least 0.95.",
                0.0,
            ),
        ),
        (
            "characters",
            doc(
                "Names in Chinese, Japanese or Korean script whose characters differ: the differing share is taken off.",
                0.0,
            ),
        ),
        (
            "weak_alias",
            doc(
                "The listed name is a weak alias: the name score is scaled by 0.9.",
                0.0,
            ),
        ),
    ])
}

/// One query of a batch, read.
struct ParsedQuery {
    name: String,
    example: EntityExample,
    query: Query,
}

fn parse_queries(request: MatchRequest, max_batch: usize) -> Result<Vec<ParsedQuery>, ApiError> {
    if request.queries.len() > max_batch {
        return Err(ApiError::BadRequest(format!(
            "too many queries in one batch: {}, the limit is {max_batch}",
            request.queries.len()
        )));
    }
    let parsed: Vec<ParsedQuery> = request
        .queries
        .into_iter()
        .filter_map(|(name, example)| Some((name, example?)))
        .map(|(name, example)| {
            let entity = entity_from_value(&example.to_value(), "query")
                .map_err(|error| ApiError::BadRequest(format!("query {name:?}: {error}")))?;
            Ok(ParsedQuery {
                name,
                example,
                query: Query::from_entity(&entity),
            })
        })
        .collect::<Result<_, ApiError>>()?;
    if parsed.is_empty() {
        return Err(ApiError::BadRequest(
            "no queries: give at least one entity under \"queries\"".to_owned(),
        ));
    }
    Ok(parsed)
}

fn screen_one(
    lists: &Lists,
    scope: &Scope,
    params: &MatchParams,
    limit: usize,
    query: &Query,
) -> (usize, Vec<ScoredEntity>) {
    let screener = lists.screener();
    let mut total = 0;
    let mut kept = Vec::new();
    for hit in screener.hits(query, params.cutoff()) {
        let Some(entity) = screener.entities().get(hit.entity) else {
            continue;
        };
        if !scope.covers(entity) || !params.admits(entity) {
            continue;
        }
        total += 1;
        if kept.len() < limit {
            kept.push(hit);
        }
    }
    (total, scored_results(lists, kept, params.threshold()))
}

/// Hits, best first, as results: each with its entity, whether it is a
/// match at `threshold`, and its subject: the consolidated one when the
/// lists have been consolidated, else numbered by screening's query-time
/// grouping.
pub(crate) fn scored_results(lists: &Lists, hits: Vec<Hit>, threshold: f32) -> Vec<ScoredEntity> {
    let screener = lists.screener();
    let entities = screener.entities();
    let positions: Vec<usize> = hits.iter().map(|hit| hit.entity).collect();
    let consolidation = lists.consolidation();
    let subjects: Vec<usize> = match &consolidation {
        Some(consolidation) => {
            let mut seen: Vec<&str> = Vec::new();
            positions
                .iter()
                .map(|&p| {
                    let id = consolidation.subject_of(p).map_or("", |s| s.id.as_str());
                    seen.iter().position(|s| *s == id).unwrap_or_else(|| {
                        seen.push(id);
                        seen.len() - 1
                    })
                })
                .collect()
        }
        None => screener.subject_numbers(&positions),
    };
    hits.into_iter()
        .zip(subjects)
        .filter_map(|(hit, subject)| {
            let position = hit.entity;
            let entity = entities.get(position)?;
            let mut result = ScoredEntity::new(entity, hit, threshold, subject);
            if let Some(subject) = consolidation.as_ref().and_then(|c| c.subject_of(position)) {
                result.subject_id = Some(subject.id.clone());
                result.referents = subject
                    .members
                    .iter()
                    .filter(|&&m| m != position)
                    .filter_map(|&m| entities.get(m).map(|e| e.id.clone()))
                    .collect();
            }
            Some(result)
        })
        .collect()
}

/// Screens a batch of query entities against the lists of a scope: all
/// lists (`default`, `sanctions`, `all`), one list by source id
/// (`us_ofac_sdn`) or one authority's lists (`us_ofac`).
#[utoipa::path(
    post,
    path = "/match/{scope}",
    tag = "Matching",
    params(
        ("scope" = String, Path, description = "`default` (or `sanctions`, `all`) for every list, a source id (`us_ofac_sdn`) or an authority id (`us_ofac`)"),
        MatchParams,
    ),
    request_body = MatchRequest,
    responses(
        (status = 200, description = "Results for each query", body = MatchResponse,
            headers(("x-batch-size" = usize, description = "The number of queries answered"))),
        (status = 400, description = "Malformed JSON, a query that cannot be read, a bad parameter or too many queries", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "Unknown scope", body = ErrorBody),
        (status = 413, description = "The body is larger than the limit", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "JSON of the wrong shape", body = ErrorBody),
        (status = 503, description = "The lists are still loading", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn match_entities(
    State(state): State<AppState>,
    Path(scope_name): Path<String>,
    RawQuery(raw_query): RawQuery,
    caller: Option<Extension<Caller>>,
    JsonBody(request): JsonBody<MatchRequest>,
) -> Result<Response, ApiError> {
    let params = MatchParams::parse(raw_query.as_deref())?;
    let config = state.config();
    let limit = checked_limit(params.limit, config.default_limit, config.max_limit)?;
    let lists = match &params.as_of {
        None => state.lists()?,
        Some(date) => lists_as_of(&state, date).await?,
    };
    let scope = lists.scope(&scope_name)?;
    let queries = parse_queries(request, config.max_batch)?;
    let caller = caller_name(caller);

    let audited = state.store().is_some();
    let (responses, audit_bodies) = tokio::task::spawn_blocking(move || {
        screen_batch(
            &lists,
            (&scope_name, &scope),
            &params,
            limit,
            queries,
            audited,
        )
    })
    .await
    .map_err(|error| ApiError::Internal(format!("screening failed: {error}")))?;
    if let Some(store) = state.store() {
        store.record(&caller, "screening", audit_bodies).await?;
    }

    state.metrics().add_queries(responses.len());
    let batch_size = HeaderValue::from(responses.len());
    let mut response = axum::Json(MatchResponse {
        responses,
        matcher: feature_docs(),
        limit,
    })
    .into_response();
    response.headers_mut().insert("x-batch-size", batch_size);
    Ok(response)
}

/// The lists the store served at `date`, built on the blocking pool.
pub(crate) async fn lists_as_of(state: &AppState, date: &str) -> Result<Arc<Lists>, ApiError> {
    let store = Arc::clone(state.store().ok_or_else(|| {
        ApiError::BadRequest(
            "as_of needs the store of list versions, and this server runs without one".to_owned(),
        )
    })?);
    let date = date.to_owned();
    tokio::task::spawn_blocking(move || {
        store
            .lists_as_of(&date)?
            .ok_or_else(|| ApiError::NotFound(format!("no list versions were served on {date:?}")))
    })
    .await
    .map_err(|error| {
        ApiError::Internal(format!("loading the lists as of a date failed: {error}"))
    })?
}

/// Screens the queries of a batch; with `audited`, also returns the audit
/// log's record of each.
fn screen_batch(
    lists: &Lists,
    (scope_name, scope): (&str, &Scope),
    params: &MatchParams,
    limit: usize,
    queries: Vec<ParsedQuery>,
    audited: bool,
) -> (BTreeMap<String, EntityMatches>, Vec<Value>) {
    let screen = |parsed: &ParsedQuery| screen_one(lists, scope, params, limit, &parsed.query);
    // One query stays on this thread rather than hop to rayon's.
    let screened: Vec<(usize, Vec<ScoredEntity>)> = if queries.len() > 1 {
        queries.par_iter().map(screen).collect()
    } else {
        queries.iter().map(screen).collect()
    };
    let mut responses = BTreeMap::new();
    for (parsed, (total, results)) in queries.into_iter().zip(screened) {
        let matches = EntityMatches {
            status: 200,
            results,
            total: TotalSpec::exact(total),
            query: parsed.example,
        };
        responses.insert(parsed.name, matches);
    }
    let bodies = if audited {
        responses
            .iter()
            .map(|(name, matches)| audit_body(lists, scope_name, params, limit, name, matches))
            .collect()
    } else {
        Vec::new()
    };
    (responses, bodies)
}

/// A screening as the audit log records it: the query as sent, the list
/// versions with their content hashes, the engine, threshold and limit,
/// and the results with fingerprints and explanations.
fn audit_body(
    lists: &Lists,
    scope: &str,
    params: &MatchParams,
    limit: usize,
    name: &str,
    matches: &EntityMatches,
) -> Value {
    json!({
        "request": format!("POST /match/{scope}"),
        "query_name": name,
        "query": matches.query,
        "engine": ENGINE_VERSION,
        "threshold": params.threshold(),
        "cutoff": params.cutoff(),
        "limit": limit,
        "as_of": params.as_of,
        "lists": audit_lists(lists),
        "total": matches.total.value,
        "results": audit_results(lists, &matches.results),
    })
}
