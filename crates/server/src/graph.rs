//! `GET /graph` and its questions: who sanctioned whom in the loaded lists
//! (see docs/graph.md). The graph is built once when the lists load
//! ([`crate::Lists::graph`]); requests only read it.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use interdict_graph::{CounterLink, DateRange, GraphError, GraphListing};
use interdict_matcher::{DEFAULT_THRESHOLD, Options, Query};
use serde::Serialize;
use serde_json::Value;
use utoipa::IntoParams;

use crate::error::{ApiError, ErrorBody};
use crate::matching::parse_number;
use crate::state::AppState;

/// Listings a `GET /graph/listed-by` answer holds unless `limit` says
/// otherwise; the counts always cover every listing in the range.
const DEFAULT_LISTINGS: usize = 500;

impl From<GraphError> for ApiError {
    fn from(error: GraphError) -> Self {
        ApiError::BadRequest(error.to_string())
    }
}

/// The query parameters of a request, as pairs.
fn params(raw: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .filter(|value| !value.trim().is_empty())
}

fn to_json(value: &impl Serialize) -> Result<Json<Value>, ApiError> {
    serde_json::to_value(value)
        .map(Json)
        .map_err(|error| ApiError::Internal(format!("writing the graph as JSON failed: {error}")))
}

/// The whole graph in brief: every authority with its listings counted
/// by target country, programme, year and month (`authorities`); `A lists
/// N targets of country C` (`target_edges`); and the counter-sanctions
/// between authorities (`counter_edges`), with the link rule and window.
#[utoipa::path(
    get,
    path = "/graph",
    tag = "Graph",
    responses(
        (status = 200, description = "Authorities, target edges and counter-sanctions edges", body = Object),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 503, description = "The lists are still loading", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn overview(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let lists = state.lists()?;
    to_json(&lists.graph().overview())
}

/// Query parameters of `GET /graph/who`.
// Describes the parameters in the OpenAPI document only: the handler reads
// the raw query, to name a bad value in its own words.
#[allow(dead_code)]
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WhoParams {
    /// A name in any script or order: screened, the best result's records taken.
    pub name: Option<String>,
    /// An entity id (`eu_fsf:EU.6251.70`), instead of a name.
    pub entity: Option<String>,
}

/// The answer to `GET /graph/who`.
#[derive(Serialize)]
struct WhoResponse<'a> {
    /// The name or id asked about.
    subject: String,
    /// The records taken as the subject.
    entities: Vec<String>,
    /// Every listing of them: authority, list, programmes, date.
    listings: Vec<&'a GraphListing>,
    /// The counter-sanctions links they are in, on either side.
    counter_sanctions: Vec<&'a CounterLink>,
}

/// Which authorities list a subject, since when and under which
/// programme, and the counter-sanctions its listings are linked to. Give
/// `name` (screened as `GET /search` does, the best result's records taken)
/// or `entity`.
#[utoipa::path(
    get,
    path = "/graph/who",
    tag = "Graph",
    params(WhoParams),
    responses(
        (status = 200, description = "The subject's listings and counter-sanctions", body = Object),
        (status = 400, description = "Neither name nor entity given", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "No such entity, or no listed subject matches the name", body = ErrorBody),
        (status = 503, description = "The lists are still loading", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn who(
    State(state): State<AppState>,
    RawQuery(raw_query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = params(raw_query.as_deref());
    let lists = state.lists()?;
    let (subject, ids) = match (param(&params, "entity"), param(&params, "name")) {
        (Some(id), _) => {
            if lists.entity(id).is_none() {
                return Err(ApiError::NotFound(format!("no entity {id:?}")));
            }
            (id.to_owned(), vec![id.to_owned()])
        }
        (None, Some(name)) => {
            let name = name.to_owned();
            let screened = std::sync::Arc::clone(&lists);
            let query = Query::name(&name);
            let ids = tokio::task::spawn_blocking(move || {
                let screener = screened.screener();
                let options = Options {
                    threshold: DEFAULT_THRESHOLD,
                    limit: 1,
                };
                screener
                    .screen(&query, &options)
                    .into_iter()
                    .next()
                    .map(|group| {
                        group
                            .hits
                            .iter()
                            .filter_map(|hit| screener.entities().get(hit.entity))
                            .map(|entity| entity.id.clone())
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
            .await
            .map_err(|error| ApiError::Internal(format!("screening failed: {error}")))?;
            if ids.is_empty() {
                return Err(ApiError::NotFound(format!(
                    "no listed subject matches {name:?}"
                )));
            }
            (name, ids)
        }
        (None, None) => {
            return Err(ApiError::BadRequest(
                "give a subject: ?name=NAME or ?entity=ID".to_owned(),
            ));
        }
    };
    let graph = lists.graph();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    to_json(&WhoResponse {
        listings: graph.listings_of(id_refs.iter().copied()),
        counter_sanctions: graph.links_involving(&id_refs),
        subject,
        entities: ids.clone(),
    })
}

/// Query parameters of `GET /graph/listed-by/{authority}`.
// Describes the parameters in the OpenAPI document only: the handler reads
// the raw query, to name a bad value in its own words.
#[allow(dead_code)]
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListedByParams {
    /// From this date (`2021-03-01`, `2021-03` or `2021`).
    pub from: Option<String>,
    /// To this date, inclusive.
    pub to: Option<String>,
    /// The most listings returned (default 500); the counts cover all.
    pub limit: Option<usize>,
}

/// What one authority listed in a date range: the listings, earliest
/// first, and their counts by programme and target country. Listings
/// without a date fall in no bounded range; `undated_outside` counts them.
#[utoipa::path(
    get,
    path = "/graph/listed-by/{authority}",
    tag = "Graph",
    params(
        ("authority" = String, Path, description = "The authority's id (`eu`, `gb_ofsi`, `cn_mfa`)"),
        ListedByParams,
    ),
    responses(
        (status = 200, description = "The authority's listings in the range, counted", body = Object),
        (status = 400, description = "A date is not a date, or no listing is by this authority", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 503, description = "The lists are still loading", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn listed_by(
    State(state): State<AppState>,
    Path(authority): Path<String>,
    RawQuery(raw_query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = params(raw_query.as_deref());
    let range = DateRange::parse(param(&params, "from"), param(&params, "to"))?;
    let limit = match param(&params, "limit") {
        Some(text) => parse_number("limit", text)?,
        None => DEFAULT_LISTINGS,
    };
    let lists = state.lists()?;
    let mut listed = lists.graph().listed_by(&authority, range)?;
    listed.listings.truncate(limit);
    to_json(&listed)
}

/// Query parameters of `GET /graph/counter`.
// Describes the parameters in the OpenAPI document only: the handler reads
// the raw query, to name a bad value in its own words.
#[allow(dead_code)]
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CounterParams {
    /// The authority that counter-sanctions (B), by id (`cn_mfa`).
    pub by: Option<String>,
    /// The authority answered (A), by id (`eu`).
    pub against: Option<String>,
    /// `true`: also links on timing alone, whose B listings the list does
    /// not name countermeasures.
    pub timing_only: Option<bool>,
}

/// The answer to `GET /graph/counter`.
#[derive(Serialize)]
struct CounterResponse<'a> {
    window_days: u32,
    rule: String,
    links: Vec<&'a CounterLink>,
}

/// Counter-sanctions: each day on which B listed people under A's
/// jurisdiction, with A's listings of B's people in the window before, and
/// why they are linked.
#[utoipa::path(
    get,
    path = "/graph/counter",
    tag = "Graph",
    params(CounterParams),
    responses(
        (status = 200, description = "The links, with the rule and window", body = Object),
        (status = 400, description = "No listing is by an authority named", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 503, description = "The lists are still loading", body = ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub(crate) async fn counter(
    State(state): State<AppState>,
    RawQuery(raw_query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = params(raw_query.as_deref());
    let timing_only = match param(&params, "timing_only") {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "timing_only {other:?} is not true or false"
            )));
        }
    };
    let lists = state.lists()?;
    let graph = lists.graph();
    let links = graph.counter(param(&params, "by"), param(&params, "against"), timing_only)?;
    to_json(&CounterResponse {
        window_days: graph.rule().window_days,
        rule: graph.rule().describe(),
        links,
    })
}
