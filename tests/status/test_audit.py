"""The audit log's pages: newest first, counted, bounded."""

from __future__ import annotations

from tracker.status.audit import audit_page


def test_the_audit_log_lists_the_init_entry_newest_first_and_counts_every_entry(rt):
    with rt.sessions() as s:
        total, entries = audit_page(s, page=1, per=5)
        assert total >= 1 and 1 <= len(entries) <= 5
        assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
        assert any(e.action == "load_dataset" for e in audit_page(s, page=1, per=total)[1])
