"""`serve` writes an access log in the Common Log Format, with the bytes actually sent."""

from __future__ import annotations

import logging
import re

import pytest
from werkzeug.test import Client

from tests.web.apiexport_support import module_runtime
from tracker.web import create_app
from tracker.web.accesslog import AccessLog

CLF = re.compile(
    r'^(\S+) - (\S+) \[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] "([A-Z]+) (\S+) (HTTP/[\d.]+)" (\d{3}) (\d+|-)$'
)


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    rt = module_runtime(tmp_path_factory)
    yield create_app(rt)
    rt.engine.dispose()


@pytest.fixture
def logged(app):
    handler = Lines()
    logger = logging.getLogger("tests.access")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield Client(AccessLog(app, logger)), handler.lines
    logger.removeHandler(handler)


def test_a_page_is_logged_in_common_log_format_with_its_size(logged):
    client, lines = logged
    response = client.get("/j/US-LA", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    body = response.get_data()
    response.close()
    m = CLF.match(lines[-1])
    assert m, lines
    assert m[1] == "203.0.113.7" and m[4] == "GET" and m[5] == "/j/US-LA" and m[7] == "200"
    assert int(m[8]) == len(body)


def test_a_streamed_export_is_logged_with_the_bytes_sent_and_the_query_string(logged):
    client, lines = logged
    response = client.get("/export/status.csv?as_of=2025-08-01")
    body = response.get_data()
    response.close()
    m = CLF.match(lines[-1])
    assert m and m[5] == "/export/status.csv?as_of=2025-08-01" and int(m[8]) == len(body) > 10_000


def test_a_missing_page_is_logged_with_its_status(logged):
    client, lines = logged
    client.get("/j/NOWHERE").close()
    assert CLF.match(lines[-1])[7] == "404"


def test_serve_can_turn_the_access_log_off():
    from tracker.cli.main import cli

    names = {o for p in cli.commands["serve"].params for o in p.opts + p.secondary_opts}
    assert {"--access-log", "--no-access-log"} <= names
