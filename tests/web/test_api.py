"""The JSON API (/api/v1/): every route, its errors, CORS, and its OpenAPI document."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from tracker.web import openapi

API_ROUTES_WITH_EXAMPLES = {
    "/api/v1/": "/api/v1/",
    "/api/v1/openapi.json": "/api/v1/openapi.json",
    "/api/v1/jurisdictions": "/api/v1/jurisdictions?region=localities",
    "/api/v1/status": "/api/v1/status?as_of=2025-03-15&region=us&per=60",
    "/api/v1/status/{code}": "/api/v1/status/US-LA?as_of=2025-08-01",
    "/api/v1/history/{code}": "/api/v1/history/US-LA",
    "/api/v1/changes": "/api/v1/changes?since=2025-01-01&until=2025-12-31",
    "/api/v1/bills": "/api/v1/bills?per=5",
    "/api/v1/sources": "/api/v1/sources",
}


@pytest.fixture(scope="module")
def spec(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    return doc


def _validator(spec: dict, schema_ref: dict) -> Draft202012Validator:
    root = {**schema_ref, "components": spec["components"]}
    cls = validator_for({"$schema": "https://json-schema.org/draft/2020-12/schema"})
    return cls(root, format_checker=cls.FORMAT_CHECKER)


def _response_schema(spec: dict, path: str, status: str) -> dict:
    return spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]


def test_the_openapi_document_is_valid_openapi_3_1_shape_and_lists_every_api_route(client, spec):
    assert spec["openapi"] == "3.1.0"
    routes = {
        openapi.openapi_path(rule.rule)
        for rule in client.application.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    assert routes == set(spec["paths"]) == set(API_ROUTES_WITH_EXAMPLES)
    for path, item in spec["paths"].items():
        op = item["get"]
        assert op["operationId"] and op["summary"] and "200" in op["responses"], path
        for ref in op["parameters"]:
            assert ref["$ref"].rsplit("/", 1)[1] in spec["components"]["parameters"]
    # every schema is a valid JSON Schema (2020-12, the OpenAPI 3.1 dialect)
    for schema in spec["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    assert spec["servers"] == [{"url": "http://localhost"}]


@pytest.mark.parametrize("path", sorted(API_ROUTES_WITH_EXAMPLES))
def test_every_operation_answers_with_json_that_validates_against_its_schema(client, spec, path):
    response = client.get(API_ROUTES_WITH_EXAMPLES[path])
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.mimetype == "application/json"
    errors = sorted(
        _validator(spec, _response_schema(spec, path, "200")).iter_errors(response.get_json()),
        key=str,
    )
    assert errors == [], [e.message for e in errors[:3]]


def test_status_on_a_date_gives_each_states_status_then_with_the_design_keys(client):
    doc = client.get("/api/v1/status?as_of=2025-03-15&region=us&per=500").get_json()
    by_code = {r["code"]: r for r in doc["results"]}
    assert by_code["US-AL"]["category"] == "banned" and by_code["US-LA"]["category"] == "regulated"
    assert "US-CA/san-diego" not in by_code and "TH" not in by_code and "US" in by_code
    assert {
        "code",
        "name",
        "kind",
        "category",
        "leaf",
        "seven_oh",
        "min_age",
        "effective_from",
        "effective_to",
        "citations",
        "confidence",
        "verified_on",
    } <= set(by_code["US-LA"])
    assert (
        doc["as_of"] == "2025-03-15"
        and doc["known_on"] is None
        and doc["total"] == len(doc["results"])
    )
    later = client.get("/api/v1/status/US-LA?as_of=2025-08-01").get_json()
    assert later["category"] == "banned" and later["effective_from"] == "2025-08-01"


def test_status_is_paged_and_filtered(client):
    first = client.get("/api/v1/status?per=10&page=1").get_json()
    second = client.get("/api/v1/status?per=10&page=2").get_json()
    assert len(first["results"]) == 10 and first["pages"] == -(-first["total"] // 10)
    assert first["results"][-1]["code"] < second["results"][0]["code"]
    banned = client.get(
        "/api/v1/status?category=banned&kind=subdivision&as_of=2025-03-15&per=500"
    ).get_json()
    assert banned["results"] and all(
        r["category"] == "banned" and r["kind"] == "subdivision" for r in banned["results"]
    )
    assert "US-AL" in {r["code"] for r in banned["results"]}
    beyond = client.get(f"/api/v1/status?per=10&page={first['pages'] + 1}").get_json()
    assert beyond["results"] == []


def test_history_gives_valid_time_periods_with_their_diffs(client):
    doc = client.get("/api/v1/history/US-LA").get_json()
    last = doc["periods"][-1]
    assert last["effective_from"] == "2025-08-01" and last["category"] == "banned"
    assert {"field": "category", "before": "regulated", "after": "banned"} in last["changes"]
    assert doc["superseded"] == []
    assert client.get("/api/v1/history/us-ca/SAN-DIEGO").get_json()["code"] == "US-CA/san-diego"


def test_changes_since_a_date_lists_the_louisiana_ban(client):
    doc = client.get("/api/v1/changes?since=2025-08-01&until=2025-08-01").get_json()
    la = [c for c in doc["results"] if c["code"] == "US-LA"]
    assert len(la) == 1 and la[0]["before"] == "regulated" and la[0]["after"] == "banned"
    assert all(c["effective"] == "2025-08-01" for c in doc["results"])
    assert any("Act 41" in c["label"] for c in la[0]["citations"])
    only_localities = client.get("/api/v1/changes?since=1900-01-01&region=localities").get_json()
    assert only_localities["results"] and all("/" in c["code"] for c in only_localities["results"])


def test_the_api_index_links_every_endpoint(client):
    doc = client.get("/api/v1/").get_json()
    assert doc["openapi"].endswith("/api/v1/openapi.json")
    assert {"status", "history", "changes", "bills", "sources", "jurisdictions"} <= set(
        doc["endpoints"]
    )


BAD_PARAMETERS = [
    ("/api/v1/status?as_of=2025-02-30", "as_of"),
    ("/api/v1/status?as_of=yesterday", "as_of"),
    ("/api/v1/status?as_of=1899-12-31", "as_of"),
    ("/api/v1/status?known_on=%27%20OR%201=1--", "known_on"),
    ("/api/v1/status?kind=planet", "kind"),
    ("/api/v1/status?region=mars", "region"),
    ("/api/v1/status?category=maybe", "category"),
    ("/api/v1/status?page=0", "page"),
    ("/api/v1/status?page=-1", "page"),
    ("/api/v1/status?page=abc", "page"),
    ("/api/v1/status?per=501", "per"),
    ("/api/v1/status?per=1000000", "per"),
    ("/api/v1/status?sort=name", "sort"),
    ("/api/v1/status/US-LA?as_of=2025-13-01", "as_of"),
    ("/api/v1/status/US-LA?known_on=never", "known_on"),
    ("/api/v1/status/US-LA?page=2", "page"),
    ("/api/v1/history/US-LA?known_on=2025-1-1", "known_on"),
    ("/api/v1/history/US-LA?as_of=2025-01-01", "as_of"),
    ("/api/v1/changes", "since"),
    ("/api/v1/changes?since=soon", "since"),
    ("/api/v1/changes?since=2025-01-01&until=2024-01-01", "until"),
    ("/api/v1/changes?since=2025-01-01&until=later", "until"),
    ("/api/v1/changes?since=2025-01-01&known_on=x", "known_on"),
    ("/api/v1/changes?since=2025-01-01&region=eu", "region"),
    ("/api/v1/jurisdictions?kind=planet", "kind"),
    ("/api/v1/jurisdictions?region=mars", "region"),
    ("/api/v1/bills?stage=signed", "stage"),
    ("/api/v1/bills?intent=maybe", "intent"),
    ("/api/v1/bills?jurisdiction=US-ZZ", "jurisdiction"),
    ("/api/v1/bills?jurisdiction=" + "A" * 81, "jurisdiction"),
    ("/api/v1/bills?page=x", "page"),
    ("/api/v1/bills?per=0", "per"),
    ("/api/v1/sources?verbose=1", "verbose"),
    ("/api/v1/?x=1", "x"),
    ("/api/v1/openapi.json?format=yaml", "format"),
]


def test_every_declared_query_parameter_has_a_bad_value_test():
    tested = {(url.split("?")[0].replace("US-LA", "{code}"), name) for url, name in BAD_PARAMETERS}
    for path in openapi.PATHS:
        for name in openapi.query_parameters(path):
            assert (path, name) in tested, (path, name)


@pytest.mark.parametrize("url,name", BAD_PARAMETERS)
def test_a_bad_query_value_is_a_400_json_error_naming_the_parameter(client, spec, url, name):
    response = client.get(url)
    assert response.status_code == 400
    body = response.get_json()
    assert body["parameter"] == name and body["error"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert not list(_validator(spec, {"$ref": "#/components/schemas/Error"}).iter_errors(body))


@pytest.mark.parametrize(
    "url", ["/api/v1/status/US-ZZ", "/api/v1/history/XX-YY", "/api/v1/nothing-here"]
)
def test_unknown_codes_and_paths_are_404_json(client, url):
    response = client.get(url)
    assert response.status_code == 404 and "error" in response.get_json()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anything_but_get_is_405_json(client, method):
    response = getattr(client, method)("/api/v1/status")
    assert response.status_code == 405 and "error" in response.get_json()
    assert "GET" in response.headers["Allow"]


def test_a_cors_preflight_is_answered_for_any_origin(client):
    response = client.options(
        "/api/v1/status/US-LA",
        headers={
            "Origin": "https://newsroom.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Accept-Language",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"] == "Accept-Language"


def test_the_api_never_sets_a_cookie(client):
    assert "Set-Cookie" not in client.get("/api/v1/status?per=1").headers


def test_a_browser_gets_an_html_index_of_the_api_feeds_and_exports(client):
    response = client.get(
        "/api/v1/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    for path in openapi.PATHS:
        assert f"<code>{path}</code>" in html
    assert 'href="/changes.atom"' in html and 'href="/export/history.csv"' in html
    assert "<script" not in html and "style=" not in html
    assert (
        client.get("/api/v1/", headers={"Accept": "application/json"}).mimetype
        == "application/json"
    )


def test_the_api_blueprint_serves_every_route_under_its_prefix(client):
    from tracker.web import api as web_api

    assert web_api.bp.url_prefix == "/api/v1"
    reply = client.get("/api/v1/status/US-LA")
    assert reply.status_code == 200 and reply.get_json()["code"] == "US-LA"
