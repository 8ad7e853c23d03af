//! The HTTP API end to end: a server on a loopback port with two small
//! lists, and real HTTP requests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{KEY, TestServer, get, get_with, post, post_with, small_lists, test_config};
use serde_json::{Value, json};

fn server() -> TestServer {
    TestServer::with_lists(test_config(), small_lists())
}

fn person(name: &str) -> Value {
    json!({"schema": "Person", "properties": {"name": [name]}})
}

#[test]
fn yente_request_and_response_shape() {
    let server = server();
    let request = json!({
        "queries": {
            "q1": {"schema": "Person", "properties": {
                "name": ["Viktor Lomov"], "birthDate": ["1968-04-12"], "nationality": ["ru"],
                "idNumber": ["7512345678"]}},
            "q2": {"schema": "Company", "properties": {"name": "Northwind Maritime"}},
            "q3": null,
        },
        "weights": {"name_literal": 0.8},
    });
    let reply = post(&server.url("/match/default"), &request);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply
            .headers
            .get("x-batch-size")
            .and_then(|v| v.to_str().ok()),
        Some("2")
    );
    let body = reply.json();
    assert_eq!(body["limit"], 5);
    assert!(body["matcher"]["name"]["description"].is_string());
    let responses = body["responses"].as_object().unwrap();
    assert_eq!(responses.len(), 2, "the null query is skipped");

    let q1 = &responses["q1"];
    assert_eq!(q1["status"], 200);
    assert_eq!(q1["total"]["relation"], "eq");
    assert!(q1["total"]["value"].as_u64().unwrap() >= 1);
    assert_eq!(q1["query"]["schema"], "Person");
    assert_eq!(q1["query"]["properties"]["name"], json!(["Viktor Lomov"]));
    let top = &q1["results"][0];
    assert_eq!(top["id"], "watchlist:ACME-0001");
    assert_eq!(top["caption"], "Viktor Pavlovich Lomov");
    assert_eq!(top["schema"], "Person");
    assert_eq!(top["properties"]["name"], json!(["Viktor Pavlovich Lomov"]));
    assert_eq!(top["properties"]["birthDate"], json!(["1968-04-12"]));
    assert_eq!(top["datasets"], json!(["watchlist"]));
    assert_eq!(top["target"], true);
    assert_eq!(top["match"], true);
    let score = top["score"].as_f64().unwrap();
    assert!((0.9..=1.0).contains(&score), "{score}");
    assert!(top["features"]["name"].as_f64().unwrap() > 0.8);
    assert!(top["features"]["birth_date"].as_f64().unwrap() > 0.0);
    assert!(top["features"]["identifier"].is_number());
    assert_eq!(
        top["explanation"]["name"]["listed_name"],
        "Viktor Pavlovich Lomov"
    );

    let q2 = &responses["q2"];
    assert_eq!(q2["results"][0]["id"], "watchlist:ACME-0002");
    assert_eq!(q2["query"]["properties"]["name"], "Northwind Maritime");
}

#[test]
fn threshold_cutoff_limit_and_algorithm_parameters() {
    let server = server();
    let request = json!({"queries": {"q": person("Viktor Lomov")}});

    let strict = post(&server.url("/match/default?threshold=0.99"), &request).json();
    assert_eq!(strict["responses"]["q"]["results"], json!([]));

    let near = post(
        &server.url("/match/default?threshold=0.99&cutoff=0.5&algorithm=logic-v2"),
        &request,
    )
    .json();
    let results = near["responses"]["q"]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r["match"] == false));

    let one = post(&server.url("/match/default?limit=1&cutoff=0"), &request).json();
    assert_eq!(one["limit"], 1);
    assert!(one["responses"]["q"]["results"].as_array().unwrap().len() <= 1);

    for (query, message) in [
        ("limit=501", "maximum of 500"),
        ("limit=0", "at least 1"),
        ("limit=ten", "not a whole number"),
        ("threshold=2", "outside 0 to 1"),
    ] {
        let reply = post(&server.url(&format!("/match/default?{query}")), &request);
        assert_eq!(reply.status, 400, "{query}");
        assert!(reply.detail().contains(message), "{query}: {}", reply.body);
    }
}

#[test]
fn scope_selects_lists() {
    let server = server();
    let request = json!({"queries": {"q": person("Joseph Biden")}});
    let ids = |scope: &str| -> Vec<String> {
        post(&server.url(&format!("/match/{scope}")), &request).result_ids("q")
    };
    let biden = "ru_mfa_stop_list:us-biden-joseph".to_owned();
    for scope in ["default", "sanctions", "all", "ru_mfa_stop_list", "ru_mfa"] {
        assert_eq!(ids(scope), std::slice::from_ref(&biden), "{scope}");
    }
    assert!(ids("watchlist").is_empty());
    assert!(ids("default?exclude_dataset=ru_mfa_stop_list").is_empty());
    assert!(ids("default?include_dataset=watchlist").is_empty());
    assert!(ids("default?exclude_schema=Person").is_empty());
    assert!(ids(&format!("default?exclude_entity_ids={biden}")).is_empty());

    let unknown = post(&server.url("/match/us_ofac_sdn"), &request);
    assert_eq!(unknown.status, 404);
    let detail = unknown.detail();
    assert!(detail.contains("no scope \"us_ofac_sdn\""), "{detail}");
    assert!(detail.contains("ru_mfa_stop_list"), "{detail}");
}

#[test]
fn api_keys() {
    let server = server();
    let url = server.url("/match/default");
    let body = json!({"queries": {"q": person("Viktor Lomov")}}).to_string();

    let missing = post_with(&url, &body, &[]);
    assert_eq!(missing.status, 401);
    assert!(
        missing.detail().contains("API key is required"),
        "{}",
        missing.body
    );
    assert!(missing.headers.contains_key("www-authenticate"));

    for headers in [
        [("Authorization", "ApiKey wrong-key")],
        [("Authorization", "Bearer wrong-key")],
        [("X-API-Key", "wrong-key")],
    ] {
        let wrong = post_with(&url, &body, &headers);
        assert_eq!(wrong.status, 401, "{headers:?}");
        assert_eq!(wrong.json()["status"], 401);
        assert!(wrong.detail().contains("not valid"), "{}", wrong.body);
    }
    let basic = post_with(&url, &body, &[("Authorization", "Basic dXNlcjpwYXNz")]);
    assert_eq!(basic.status, 401);

    let bearer = format!("Bearer {KEY}");
    let api_key = format!("apikey {KEY}");
    for headers in [
        [("Authorization", bearer.as_str())],
        [("Authorization", api_key.as_str())],
        [("X-API-Key", KEY)],
    ] {
        assert_eq!(post_with(&url, &body, &headers).status, 200, "{headers:?}");
    }

    for path in [
        "/lists",
        "/search?q=Lomov",
        "/entities/watchlist:ACME-0001",
        "/metrics",
        "/openapi.json",
    ] {
        assert_eq!(get_with(&server.url(path), &[]).status, 401, "{path}");
        assert_eq!(get(&server.url(path)).status, 200, "{path}");
    }
    for path in ["/healthz", "/readyz"] {
        assert_eq!(get_with(&server.url(path), &[]).status, 200, "{path}");
    }
}

#[test]
fn the_analyst_page_is_served_without_a_key() {
    let server = server();
    for (path, content_type, marker) in [
        ("/", "text/html", r#"<main id="main""#),
        ("/assets/app.js", "text/javascript", "function route()"),
        ("/assets/style.css", "text/css", ":root"),
    ] {
        let reply = get_with(&server.url(path), &[]);
        assert_eq!(reply.status, 200, "{path}");
        let declared = reply
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(declared.starts_with(content_type), "{path}: {declared}");
        assert!(reply.body.contains(marker), "{path}");
    }
    let page = get_with(&server.url("/"), &[]);
    let policy = page
        .headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(policy.contains("default-src 'self'"), "{policy}");
    // The data the page shows still needs the key.
    assert_eq!(get_with(&server.url("/lists"), &[]).status, 401);
}

#[test]
fn public_docs_need_no_key() {
    let config = interdict_server::Config {
        public_docs: true,
        ..test_config()
    };
    let server = TestServer::with_lists(config, small_lists());
    assert_eq!(get_with(&server.url("/openapi.json"), &[]).status, 200);
    assert_eq!(get_with(&server.url("/lists"), &[]).status, 401);
}

#[test]
fn public_metrics_need_no_key() {
    let config = interdict_server::Config {
        public_metrics: true,
        ..test_config()
    };
    let server = TestServer::with_lists(config, small_lists());
    assert_eq!(get_with(&server.url("/metrics"), &[]).status, 200);
    assert_eq!(get_with(&server.url("/lists"), &[]).status, 401);
}

#[test]
fn oversized_body_is_413() {
    let server = server();
    let names: Vec<String> = (0..10_000).map(|i| format!("Name Number {i}")).collect();
    let request = json!({"queries": {"q": {"schema": "Person", "properties": {"name": names}}}});
    assert!(request.to_string().len() > 64 * 1024);
    let reply = post(&server.url("/match/default"), &request);
    assert_eq!(reply.status, 413, "{}", reply.body);
    assert!(
        reply.detail().contains("limit of 65536 bytes"),
        "{}",
        reply.body
    );
}

#[test]
fn too_many_queries() {
    let server = server();
    let queries: serde_json::Map<String, Value> = (0..11)
        .map(|i| (format!("q{i}"), person("Viktor Lomov")))
        .collect();
    let reply = post(&server.url("/match/default"), &json!({"queries": queries}));
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.detail(),
        "too many queries in one batch: 11, the limit is 10"
    );

    let empty = post(&server.url("/match/default"), &json!({"queries": {}}));
    assert_eq!(empty.status, 400);
    assert!(empty.detail().contains("no queries"));
}

#[test]
fn malformed_requests_say_what_is_wrong() {
    let server = server();
    let url = server.url("/match/default");
    let auth = [("X-API-Key", KEY)];

    let syntax = post_with(&url, r#"{"queries": {"q1": "#, &auth);
    assert_eq!(syntax.status, 400);
    assert!(
        syntax.detail().starts_with("malformed JSON"),
        "{}",
        syntax.body
    );

    let trailing = post_with(&url, r#"{"queries": {}} x"#, &auth);
    assert_eq!(trailing.status, 400);

    let empty = post_with(&url, "", &auth);
    assert_eq!(empty.status, 400);
    assert!(empty.detail().contains("empty"));

    let shape = post_with(&url, r#"{"queries": 5}"#, &auth);
    assert_eq!(shape.status, 422);
    assert!(shape.detail().starts_with("at queries:"), "{}", shape.body);

    let no_schema = post_with(&url, r#"{"queries": {"q1": {"properties": {}}}}"#, &auth);
    assert_eq!(no_schema.status, 422);
    assert!(
        no_schema.detail().contains("queries.q1")
            && no_schema.detail().contains("missing field `schema`"),
        "{}",
        no_schema.body
    );

    let no_queries = post_with(&url, r#"{"query": {}}"#, &auth);
    assert_eq!(no_queries.status, 422);
    assert!(
        no_queries.detail().contains("queries"),
        "{}",
        no_queries.body
    );

    let sanction = post(
        &url,
        &json!({"queries": {"q1": {"schema": "Sanction", "properties": {}}}}),
    );
    assert_eq!(sanction.status, 400);
    assert!(
        sanction
            .detail()
            .starts_with("query \"q1\": schema \"Sanction\""),
        "{}",
        sanction.body
    );

    let number = post(
        &url,
        &json!({"queries": {"q1": {"schema": "Person", "properties": {"name": [5]}}}}),
    );
    assert_eq!(number.status, 400);
    assert!(number.detail().contains("\"name\""), "{}", number.body);

    let nothing = post_with(&url, "{}", &auth);
    assert_eq!(nothing.status, 422);
    assert!(
        nothing.detail().contains("missing field `queries`"),
        "{}",
        nothing.body
    );

    let reply = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
        .post(&url)
        .header("Content-Type", "text/plain")
        .header("X-API-Key", KEY)
        .send("{}")
        .unwrap();
    assert_eq!(reply.status().as_u16(), 415);

    let unknown = get(&server.url("/no/such/route"));
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.detail(), "no route /no/such/route");

    let method = get(&server.url("/match/default"));
    assert_eq!(method.status, 405);
    assert_eq!(method.json()["status"], 405);
}

#[test]
fn search_entities_and_lists() {
    let server = server();

    let search = get(&server.url("/search?q=Lomov%20Viktor"));
    assert_eq!(search.status, 200, "{}", search.body);
    let search = search.json();
    assert_eq!(search["results"][0]["id"], "watchlist:ACME-0001");
    assert!(search["results"][0]["score"].as_f64().unwrap() > 0.7);
    assert_eq!(search["total"]["relation"], "eq");

    let scoped = get(&server.url("/search/ru_mfa?q=Biden")).json();
    assert_eq!(
        scoped["results"][0]["id"],
        "ru_mfa_stop_list:us-biden-joseph"
    );
    let elsewhere = get(&server.url("/search?q=Biden&scope=watchlist")).json();
    assert_eq!(elsewhere["results"], json!([]));
    let vessels = get(&server.url("/search?q=Polar%20Dawn&schema=Vessel")).json();
    assert_eq!(vessels["results"][0]["id"], "watchlist:ACME-0004");

    let no_name = get(&server.url("/search"));
    assert_eq!(no_name.status, 400);
    assert!(no_name.detail().contains("?q="));
    assert_eq!(get(&server.url("/search?q=x&schema=Spaceship")).status, 400);

    let entity = get(&server.url("/entities/watchlist:ACME-0001"));
    assert_eq!(entity.status, 200, "{}", entity.body);
    let entity = entity.json();
    assert_eq!(entity["id"], "watchlist:ACME-0001");
    assert_eq!(entity["schema"], "Person");
    assert_eq!(
        entity["properties"]["passportNumber"],
        json!(["7512345678"])
    );
    let sanctions = entity["properties"]["sanctions"].as_array().unwrap();
    assert_eq!(sanctions.len(), 1);
    assert_eq!(sanctions[0]["schema"], "Sanction");
    assert_eq!(
        sanctions[0]["properties"]["entity"],
        json!(["watchlist:ACME-0001"])
    );
    assert_eq!(
        sanctions[0]["properties"]["program"],
        json!(["Adverse media"])
    );
    let missing = get(&server.url("/entities/watchlist:NOPE"));
    assert_eq!(missing.status, 404);
    assert!(missing.detail().contains("watchlist:NOPE"));

    let lists = get(&server.url("/lists")).json();
    assert_eq!(lists["entities"], 11);
    let by_id: Vec<(&str, &str, u64)> = lists["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap(),
                l["authority"].as_str().unwrap(),
                l["entities"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_id,
        [
            ("watchlist", "watchlist", 5),
            ("ru_mfa_stop_list", "ru_mfa", 6)
        ]
    );
    let stop_list = &lists["lists"][1];
    assert_eq!(stop_list["published"], "2022-03-15");
    assert_eq!(stop_list["schemas"]["Person"], 6);
    assert!(
        lists["scopes"]
            .as_array()
            .unwrap()
            .contains(&json!("ru_mfa"))
    );
}

#[test]
fn readiness_follows_loading() {
    let server = TestServer::start(test_config());
    assert_eq!(get_with(&server.url("/healthz"), &[]).status, 200);
    let loading = get_with(&server.url("/readyz"), &[]);
    assert_eq!(loading.status, 503);
    assert_eq!(loading.json()["status"], "loading");
    let early = post(
        &server.url("/match/default"),
        &json!({"queries": {"q": person("Viktor Lomov")}}),
    );
    assert_eq!(early.status, 503);
    assert!(early.detail().contains("still loading"));

    server.state.set_lists(small_lists());
    let ready = get_with(&server.url("/readyz"), &[]);
    assert_eq!(ready.status, 200);
    assert_eq!(ready.json()["status"], "ready");
    assert_eq!(ready.json()["entities"], 11);

    let failing = TestServer::start(test_config());
    failing
        .state
        .set_failed("no such file: lists.xml".to_owned());
    let failed = get_with(&failing.url("/readyz"), &[]);
    assert_eq!(failed.status, 503);
    assert_eq!(failed.json()["status"], "failed");
    assert!(
        failed.json()["detail"]
            .as_str()
            .unwrap()
            .contains("lists.xml")
    );
}

#[test]
fn openapi_document_lists_every_route() {
    let server = server();
    let reply = get(&server.url("/openapi.json"));
    assert_eq!(reply.status, 200);
    let document = reply.json();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let paths = document["paths"].as_object().unwrap();
    for route in interdict_server::ROUTES {
        if route != "/openapi.json" {
            assert!(paths.contains_key(route), "{route} is not documented");
        }
    }
    assert_eq!(paths.len(), interdict_server::ROUTES.len() - 1);
    let operation = &paths["/match/{scope}"]["post"];
    assert!(operation["requestBody"].is_object());
    let parameters: Vec<&str> = operation["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in [
        "scope",
        "limit",
        "threshold",
        "cutoff",
        "algorithm",
        "as_of",
    ] {
        assert!(parameters.contains(&name), "{name}: {parameters:?}");
    }
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for schema in [
        "MatchRequest",
        "MatchResponse",
        "EntityExample",
        "ScoredEntity",
        "ErrorBody",
    ] {
        assert!(schemas.contains_key(schema), "{schema}");
    }
    assert!(document["components"]["securitySchemes"]["api_key"].is_object());

    let docs = get(&server.url("/docs/"));
    assert_eq!(docs.status, 200);
    assert!(docs.body.contains("swagger"), "{}", docs.body);
}

#[test]
fn metrics_count_requests_by_route_and_status() {
    let server = server();
    let request = json!({"queries": {"q": person("Viktor Lomov")}});
    post(&server.url("/match/default"), &request);
    post(&server.url("/match/watchlist"), &request);
    post_with(&server.url("/match/default"), &request.to_string(), &[]);
    get(&server.url("/no/such/route"));

    let reply = get(&server.url("/metrics"));
    assert_eq!(reply.status, 200);
    assert!(
        reply
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .starts_with("text/plain")
    );
    let text = reply.body;
    for line in [
        r#"interdict_http_requests_total{method="POST",route="/match/{scope}",status="200"} 2"#,
        r#"interdict_http_requests_total{method="POST",route="/match/{scope}",status="401"} 1"#,
        r#"interdict_http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
        r#"interdict_http_request_duration_seconds_count{method="POST",route="/match/{scope}",status="200"} 2"#,
        "interdict_match_queries_total 2",
        "interdict_entities_loaded 11",
    ] {
        assert!(text.contains(line), "{line} not in:\n{text}");
    }
    assert!(text.contains("interdict_http_request_duration_seconds_bucket{"));
}

#[test]
fn as_of_needs_a_store() {
    let server = server();
    let reply = post(
        &server.url("/match/default?as_of=2024-01-01"),
        &json!({"queries": {"q": person("Viktor Lomov")}}),
    );
    assert_eq!(reply.status, 400);
    assert!(reply.detail().contains("as_of needs the store"));
}
