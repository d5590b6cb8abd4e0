"""The stored articles as the pages see them."""

from __future__ import annotations

import pytest

from tests.conftest import initialised_runtime
from tracker.articles import catalogue


@pytest.fixture(scope="module")
def rt_session(tmp_path_factory):
    rt = initialised_runtime(tmp_path_factory.mktemp("catalogue"))
    with rt.sessions() as s:
        yield s
    rt.engine.dispose()


def test_the_bundled_article_is_found_by_its_slug_listed_and_an_unknown_slug_is_none(rt_session):
    slugs = catalogue.slugs(rt_session)
    assert slugs == sorted(slugs) and slugs
    found = catalogue.find(rt_session, slugs[0])
    assert found is not None and found.slug == slugs[0]
    assert catalogue.find(rt_session, "no-such-article") is None
    listed = catalogue.listing(rt_session)
    assert {r.slug for r in listed} == set(slugs)
    assert [r.title for r in listed] == sorted(r.title for r in listed)
