"""The OpenAPI 3.1 document of the JSON API (/api/v1/openapi.json).

It is also the API's own list of accepted query parameters: tracker.web.api refuses any query
parameter an operation does not declare here, so the document and the behaviour cannot drift;
the tests validate real responses against the schemas below.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

from tracker.ingest.stages import INTENT_RULES, STAGES
from tracker.reports.api import MAX_PER, REGIONS
from tracker.status.codebook import (
    CATEGORIES,
    CITATION_KINDS,
    JURISDICTION_KINDS,
    LEGACY_CITATION_KINDS,
)
from tracker.status.periods import CITATIONS, PUBLIC_FIELDS, PublicField

PREFIX = "/api/v1"
INTENTS = tuple(name for name, _ in INTENT_RULES)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    out = dict(schema)
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    t = out.get("type")
    out["type"] = [t, "null"] if isinstance(t, str) else [*t, "null"]
    return out


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(
    props: dict[str, Any], required: list[str] | None = None, description: str | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": props,
        "required": list(props) if required is None else required,
        "additionalProperties": False,
    }
    if description:
        out["description"] = description
    return out


STR = {"type": "string"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
INT = {"type": "integer"}
ANY: dict[str, Any] = {}

_TYPES: dict[str, dict[str, Any]] = {
    "string": STR,
    "integer": INT,
    "boolean": {"type": "boolean"},
    "date": DATE,
}


def _field_schema(f: PublicField) -> dict[str, Any]:
    """A period field's JSON schema from its declaration (tracker.status.periods) and codebook vocabulary."""
    items = _ref("Citation") if f is CITATIONS else STR
    schema = {"type": "array", "items": items} if f.type == "array" else dict(_TYPES[f.type])
    if f.choices and f.type != "array":
        schema["enum"] = list(f.choices)
    schema["description"] = f.description[:1].upper() + f.description[1:].rstrip(".") + "."
    return _nullable(schema) if f.nullable else schema


CODEBOOK_PROPS = {f.name: _field_schema(f) for f in PUBLIC_FIELDS}
FEDERAL_PROPS = {
    "federal_scheduling": _nullable(
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["automatic", "scope", "citation"],
            "properties": {
                "automatic": {"type": "boolean"},
                "scope": STR,
                "citation": _ref("Citation"),
                "federal_order": _nullable(STR),
            },
            "description": "US states whose law adopts federal (DEA) scheduling; federal_order says when a "
            "federal order on kratom or 7-OH applies here on the date asked (docs/CODEBOOK.md, rule F).",
        }
    ),
}
JURISDICTION_PROPS = {
    "code": {"type": "string", "examples": ["US-LA", "TH", "US-CA/san-diego"]},
    "name": STR,
    "kind": {"type": "string", "enum": list(JURISDICTION_KINDS)},
    "parent": _nullable(STR),
}
PAGE_PROPS = {"page": INT, "per": INT, "total": INT, "pages": INT}
PERIOD_PROPS = {
    **CODEBOOK_PROPS,
    "id": INT,
    "recorded_at": DATETIME,
    "superseded_at": _nullable(DATETIME),
    "recorded_by": STR,
}

SCHEMAS: dict[str, Any] = {
    "Error": _obj(
        {"error": STR, "parameter": STR},
        required=["error"],
        description="An error; `parameter` names the query parameter that was refused.",
    ),
    "Citation": _obj(
        {
            "kind": {"type": "string", "enum": [*CITATION_KINDS, *LEGACY_CITATION_KINDS]},
            "official": {
                "type": "boolean",
                "description": "An official text (statute ... court ruling).",
            },
            "label": STR,
            # an IRI: sources are cited as published, some with non-ASCII paths (Arabic, Thai)
            "url": {"type": "string", "format": "iri"},
            "accessed": _nullable(DATE),
            "source_date": _nullable(
                {**STR, "description": "The date the source shows (EDTF: may be a year or month)."}
            ),
            "via": _nullable(
                {
                    **STR,
                    "description": "The host of the verbatim copy an official text was read on "
                    "(law.justia.com) when it was not read on the official site.",
                }
            ),
        },
        description="A source; official kinds come first in every list.",
    ),
    "Jurisdiction": _obj(JURISDICTION_PROPS),
    "JurisdictionList": _obj({"results": {"type": "array", "items": _ref("Jurisdiction")}}),
    "Status": _obj(
        {**JURISDICTION_PROPS, **CODEBOOK_PROPS, **FEDERAL_PROPS},
        description="A jurisdiction's status in one period; category `unknown` and nulls where nothing is researched.",
    ),
    "StatusAt": _obj(
        {
            "as_of": DATE,
            "known_on": _nullable(DATE),
            **JURISDICTION_PROPS,
            **CODEBOOK_PROPS,
            **FEDERAL_PROPS,
        }
    ),
    "StatusPage": _obj(
        {
            "as_of": DATE,
            "known_on": _nullable(DATE),
            **PAGE_PROPS,
            "results": {"type": "array", "items": _ref("Status")},
        }
    ),
    "FieldChange": _obj({"field": STR, "before": ANY, "after": ANY}),
    "Period": _obj(PERIOD_PROPS, description="A recorded belief about one valid-time period."),
    "HistoryPeriod": _obj(
        {**PERIOD_PROPS, "changes": {"type": "array", "items": _ref("FieldChange")}},
        description="A current period with its field diff from the period just before it.",
    ),
    "History": _obj(
        {
            **JURISDICTION_PROPS,
            "known_on": _nullable(DATE),
            "periods": {"type": "array", "items": _ref("HistoryPeriod")},
            "superseded": {
                "type": "array",
                "items": _ref("Period"),
                "description": "Beliefs later corrected (transaction-time history).",
            },
        }
    ),
    "Change": _obj(
        {
            "code": STR,
            "name": STR,
            "kind": {"type": "string", "enum": list(JURISDICTION_KINDS)},
            "effective": DATE,
            "period_id": INT,
            "before": _nullable({"type": "string", "enum": list(CATEGORIES)}),
            "after": {"type": "string", "enum": list(CATEGORIES)},
            "changes": {"type": "array", "items": _ref("FieldChange")},
            "summary": _nullable(STR),
            "citations": {"type": "array", "items": _ref("Citation")},
            "recorded_at": DATETIME,
        }
    ),
    "ChangeList": _obj(
        {
            "since": DATE,
            "until": DATE,
            "known_on": _nullable(DATE),
            "total": INT,
            "results": {"type": "array", "items": _ref("Change")},
        }
    ),
    "BillAction": _obj({"date": _nullable(STR), "description": STR, "chamber": _nullable(STR)}),
    "Bill": _obj(
        {
            "id": INT,
            "source": STR,
            "external_id": STR,
            "jurisdiction": _nullable(STR),
            "session": _nullable(STR),
            "identifier": STR,
            "title": STR,
            "url": _nullable(STR),
            "stage": {"type": "string", "enum": list(STAGES)},
            "intent": _nullable({"type": "string", "enum": list(INTENTS)}),
            "first_seen_at": DATETIME,
            "last_changed_at": DATETIME,
            "actions": {"type": "array", "items": _ref("BillAction")},
        }
    ),
    "BillPage": _obj({**PAGE_PROPS, "results": {"type": "array", "items": _ref("Bill")}}),
    "Source": _obj(
        {
            "name": STR,
            "last_outcome": _nullable(STR),
            "last_run_at": _nullable(DATETIME),
            "last_success_at": _nullable(DATETIME),
            "last_failure_at": _nullable(DATETIME),
            "last_error": _nullable(STR),
            "consecutive_failures": INT,
            "next_due_at": _nullable(DATETIME),
            "last_notes": _nullable(STR),
        }
    ),
    "SourceList": _obj({"results": {"type": "array", "items": _ref("Source")}}),
    "Index": _obj(
        {
            "name": STR,
            "version": STR,
            "dataset": _obj({"version": STR, "as_of": DATE}),
            "openapi": STR,
            "endpoints": {"type": "object", "additionalProperties": STR},
        }
    ),
}

PARAMETERS: dict[str, Any] = {
    "as_of": {
        "name": "as_of",
        "in": "query",
        "schema": DATE,
        "description": "The date whose law to show (YYYY-MM-DD, years 1900–2200); default today.",
    },
    "known_on": {
        "name": "known_on",
        "in": "query",
        "schema": DATE,
        "description": "Show what the tracker knew at the end of this day (transaction time); default now.",
    },
    "kind": {
        "name": "kind",
        "in": "query",
        "schema": {"type": "string", "enum": list(JURISDICTION_KINDS)},
    },
    "region": {
        "name": "region",
        "in": "query",
        "schema": {"type": "string", "enum": list(REGIONS)},
        "description": "us: US federal and states/territories; countries: countries and supranational bodies; localities.",
    },
    "category": {
        "name": "category",
        "in": "query",
        "schema": {"type": "string", "enum": list(CATEGORIES)},
    },
    "page": {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1},
    },
    "per": {
        "name": "per",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER, "default": 100},
    },
    "code": {
        "name": "code",
        "in": "path",
        "required": True,
        "schema": STR,
        "description": "Jurisdiction code: ISO 3166 (TH, US-LA), US, EU, UN, or a locality (US-CA/san-diego, slash unescaped).",
    },
    "since": {
        "name": "since",
        "in": "query",
        "required": True,
        "schema": DATE,
        "description": "Changes effective on or after this date.",
    },
    "until": {
        "name": "until",
        "in": "query",
        "schema": DATE,
        "description": "Changes effective on or before this date; default today.",
    },
    "jurisdiction": {
        "name": "jurisdiction",
        "in": "query",
        "schema": STR,
        "description": "A jurisdiction code.",
    },
    "stage": {"name": "stage", "in": "query", "schema": {"type": "string", "enum": list(STAGES)}},
    "intent": {
        "name": "intent",
        "in": "query",
        "schema": {"type": "string", "enum": list(INTENTS)},
    },
}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


ERRORS = {
    "400": _json("Error", "A query parameter was refused; `parameter` names it."),
    "405": _json("Error", "Only GET (and OPTIONS) are allowed."),
}
NOT_FOUND = {"404": _json("Error", "No jurisdiction has this code.")}


def _op(
    op_id: str, summary: str, params: list[str], schema: str, extra: dict | None = None
) -> dict[str, Any]:
    return {
        "get": {
            "operationId": op_id,
            "summary": summary,
            "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
            "responses": {"200": _json(schema, "OK"), **ERRORS, **(extra or {})},
        }
    }


PATHS: dict[str, Any] = {
    f"{PREFIX}/": _op("index", "The API's endpoints and the dataset version.", [], "Index"),
    f"{PREFIX}/openapi.json": {
        "get": {
            "operationId": "openapi",
            "summary": "This document.",
            "parameters": [],
            "responses": {
                "200": {
                    "description": "The OpenAPI 3.1 document.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                **ERRORS,
            },
        }
    },
    f"{PREFIX}/jurisdictions": _op(
        "listJurisdictions", "Every jurisdiction tracked.", ["kind", "region"], "JurisdictionList"
    ),
    f"{PREFIX}/status": _op(
        "listStatus",
        "Every jurisdiction's status on a date, as the tracker knew it on a date; filtered and paged.",
        ["as_of", "known_on", "kind", "region", "category", "page", "per"],
        "StatusPage",
    ),
    f"{PREFIX}/status/{{code}}": _op(
        "getStatus",
        "One jurisdiction's status on a date.",
        ["code", "as_of", "known_on"],
        "StatusAt",
        NOT_FOUND,
    ),
    f"{PREFIX}/history/{{code}}": _op(
        "getHistory",
        "One jurisdiction's valid-time periods with field diffs, and its superseded beliefs.",
        ["code", "known_on"],
        "History",
        NOT_FOUND,
    ),
    f"{PREFIX}/changes": _op(
        "listChanges",
        "Every change effective between two dates, with field diffs and citations.",
        ["since", "until", "known_on", "region"],
        "ChangeList",
    ),
    f"{PREFIX}/bills": _op(
        "listBills",
        "Tracked bills, newest change first.",
        ["jurisdiction", "stage", "intent", "page", "per"],
        "BillPage",
    ),
    f"{PREFIX}/sources": _op(
        "listSources",
        "Scraper health: each source's last run, last success and failure.",
        [],
        "SourceList",
    ),
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
    "info": {
        "title": "Kratom legal-status tracker API",
        "version": "1",
        "description": (
            "Read-only JSON API over the tracker's bitemporal history: status on any date (`as_of`) as "
            "the tracker knew it on any date (`known_on`), with citations. GET only; CORS open to any "
            "origin. Any query parameter an operation does not list is refused with a 400 naming it. "
            "Attributes are defined in the codebook (docs/CODEBOOK.md)."
        ),
        "license": {"name": "MIT", "identifier": "MIT"},
    },
    "paths": PATHS,
    "components": {"schemas": SCHEMAS, "parameters": PARAMETERS},
}


def document(server_url: str | None = None) -> dict[str, Any]:
    """The OpenAPI document, with the serving host as its server."""
    doc = deepcopy(DOCUMENT)
    if server_url:
        doc["servers"] = [{"url": server_url.rstrip("/") or "/"}]
    return doc


def openapi_path(rule: str) -> str:
    """A Flask rule as an OpenAPI path: /api/v1/status/<path:code> -> /api/v1/status/{code}."""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def query_parameters(path: str) -> tuple[str, ...]:
    """The query parameters an operation accepts (empty for unknown paths)."""
    op = PATHS.get(path, {}).get("get", {})
    names = []
    for p in op.get("parameters", []):
        spec = PARAMETERS[p["$ref"].rsplit("/", 1)[1]]
        if spec["in"] == "query":
            names.append(spec["name"])
    return tuple(names)
