"""`kratom-tracker serve` runs the production WSGI server and initialises an empty database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_initialises_an_empty_database_and_answers_the_home_page(settings, tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": settings.database_url,
        "TRACKER_INSTANCE_PATH": str(tmp_path / "inst"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status = None
        for _ in range(240):  # up to 60 s for init + start on a slow machine
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
                    status, server = resp.status, resp.headers.get("Server")
                    body = resp.read().decode()
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.25)
        assert status == 200, proc.stdout.read() if proc.poll() is not None else "no answer"
        assert server == "kratom-tracker"  # waitress, not Flask's development server
        assert "/j/US-AL" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_server_caps_malloc_arenas_unless_the_operator_chose_a_number():
    import platform

    from tracker.web.memory import limit_malloc_arenas

    assert (
        limit_malloc_arenas(environ={"MALLOC_ARENA_MAX": "4"}) is False
    )  # the operator's setting wins
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert limit_malloc_arenas(environ={}) is True
