"""tracker.reports.relations: which citations are bills."""

from __future__ import annotations

from tracker.reports.relations import is_bill


def test_a_citation_is_a_bill_by_its_kind_or_by_a_bill_number_in_its_label():
    assert is_bill("session_law", "Acts 2019, No. 1")
    assert is_bill("statute", "HB 1234 (2024)")
    assert is_bill(None, "S. 512")
    assert not is_bill("statute", "Fla. Stat. § 893.03")
