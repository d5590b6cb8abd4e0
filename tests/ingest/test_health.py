"""tracker.ingest.health: a failure is summarised for public pages by its kind, never by its raw text."""

from __future__ import annotations

from tracker.ingest.health import public_error, source_health


def test_a_fetch_error_is_summarised_by_kind_and_http_status_without_the_raw_message():
    summary = public_error(
        "FetchError: GET https://api.example.org/v3/bill?api_key=SECRET answered HTTP 503"
    )
    assert summary == "FetchError: the source could not be fetched (HTTP 503)"
    assert "SECRET" not in summary and "example.org" not in summary


def test_no_message_and_no_class_is_no_error_and_an_unknown_class_gets_the_generic_phrase():
    assert public_error(None) is None
    assert public_error("something odd", "Weird", with_class=False) == "the source failed"


def test_before_any_run_every_source_is_listed_with_no_outcome_yet(migrated_runtime):
    with migrated_runtime.transaction() as s:
        rows = source_health(s, public=True)
    assert {"openstates", "legiscan", "congress", "federal_register", "page"} <= {
        r["name"] for r in rows
    }
    assert all(r["last_outcome"] is None and r["last_success_at"] is None for r in rows)
