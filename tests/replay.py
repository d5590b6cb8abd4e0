"""A local replay HTTP server for scraper tests: fixtures, scripted sequences and injected faults.

Routes map (path, query subset) to a Reply or a sequence of Replies (the last one repeats).
Faults: status sequences, Retry-After, delay (read timeout), hold (until the test releases it), close without reply, truncated body,
empty body, endless body, redirect, and 304 when If-None-Match matches. Every request is recorded.
Binds 127.0.0.1 only; every loop is bounded in bytes and time.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
ENDLESS_LIMIT_BYTES = 64 * 1024 * 1024
ENDLESS_LIMIT_SECONDS = 10.0


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    headers: dict = field(default_factory=dict)
    content_type: str | None = "application/json"
    delay: float = 0.0
    close: bool = False
    truncate: int | None = None
    endless: bool = False
    redirect: str | None = None
    etag: str | None = None
    drip: float | None = None  # send the body one byte at a time, this many seconds apart
    hold: threading.Event | None = None  # answer only once the test sets this (bounded: 60 s)
    dripped: list = field(default_factory=list)  # how many bytes each dripped response got out

    def data(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


def fixture(relpath: str, **kwargs) -> Reply:
    """A 200 Reply with the bytes of tests/fixtures/sources/<relpath>."""
    path = FIXTURES / relpath
    if "content_type" not in kwargs:
        kwargs["content_type"] = {
            ".html": "text/html; charset=utf-8",
            ".xml": "application/xml",
            ".txt": "text/plain",
        }.get(path.suffix, "application/json")
    return Reply(body=path.read_bytes(), **kwargs)


@dataclass
class Recorded:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class _Route:
    path: str
    query: dict[str, str | list[str]]
    replies: list[Reply]
    served: int = 0

    def matches(self, path: str, query: dict[str, list[str]]) -> bool:
        if path != self.path:
            return False
        for key, want in self.query.items():
            wanted = want if isinstance(want, list) else [want]
            if not all(w in query.get(key, []) for w in wanted):
                return False
        return True

    def next_reply(self) -> Reply:
        reply = self.replies[min(self.served, len(self.replies) - 1)]
        self.served += 1
        return reply


class ReplayServer:
    """Threaded HTTP server on 127.0.0.1 with an ephemeral port."""

    def __init__(self) -> None:
        self.routes: list[_Route] = []
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> ReplayServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def route(self, path: str, replies: Reply | list[Reply], query: dict | None = None) -> None:
        """Serve replies (in order, the last repeating) for GET path whose query includes query."""
        replies = replies if isinstance(replies, list) else [replies]
        with self._lock:
            self.routes.append(_Route(path, dict(query or {}), replies))

    def reset(self) -> None:
        with self._lock:
            self.routes.clear()
            self.requests.clear()

    def requests_to(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path == path]

    def _pick(self, path: str, query: dict) -> Reply | None:
        with self._lock:
            candidates = [r for r in self.routes if r.matches(path, query)]
            if not candidates:
                return None
            best = max(candidates, key=lambda r: len(r.query))  # the most specific route wins
            return best.next_reply()


def _make_handler(server: ReplayServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes; with Nagle's algorithm the body waited for the
        # client's delayed ACK of the headers, 40 ms per response on Linux loopback.
        disable_nagle_algorithm = True

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query, keep_blank_values=True)
            with server._lock:
                server.requests.append(Recorded(parts.path, query, dict(self.headers.items())))
            reply = server._pick(parts.path, query)
            if reply is None:
                reply = Reply(status=404, body=b'{"error": "no route"}')
            try:
                self._serve(reply)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _serve(self, reply: Reply) -> None:
            if reply.delay:
                time.sleep(reply.delay)
            if reply.hold is not None:
                reply.hold.wait(timeout=60)
            if reply.close:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if reply.etag and self.headers.get("If-None-Match") == reply.etag:
                self._head(304, {"ETag": reply.etag}, None, length=0)
                return
            if reply.endless:
                self._endless(reply)
                return
            if reply.drip is not None:
                self._drip(reply)
                return
            data = reply.data()
            headers = dict(reply.headers)
            if reply.etag:
                headers["ETag"] = reply.etag
            if reply.redirect:
                headers["Location"] = reply.redirect
            self._head(reply.status, headers, reply.content_type, length=len(data))
            if reply.truncate is not None:
                self.wfile.write(data[: reply.truncate])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(data)

        def _head(
            self, status: int, headers: dict, content_type: str | None, *, length: int | None
        ) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for key, value in headers.items():
                self.send_header(key, value)
            if length is not None:
                self.send_header("Content-Length", str(length))
            self.end_headers()

        def _drip(self, reply: Reply) -> None:
            data = reply.data()
            self._head(reply.status, dict(reply.headers), reply.content_type, length=len(data))
            self.close_connection = True
            reply.dripped.append(0)
            try:
                for i in range(len(data)):
                    self.wfile.write(data[i : i + 1])
                    self.wfile.flush()
                    reply.dripped[-1] = i + 1
                    time.sleep(reply.drip)
            except OSError:
                pass  # the client gave up

        def _endless(self, reply: Reply) -> None:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type or "application/octet-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk, sent, started = b"x" * 65536, 0, time.monotonic()
            self.close_connection = True
            while sent < ENDLESS_LIMIT_BYTES and time.monotonic() - started < ENDLESS_LIMIT_SECONDS:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)

    return Handler


class Blackhole:
    """A loopback port whose accept queue is full, so a new connect() hangs until it times out."""

    def __init__(self) -> None:
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(0)
        self.port = self._listener.getsockname()[1]
        self._fillers = []
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect(("127.0.0.1", self.port))
            except (BlockingIOError, OSError):
                pass
            self._fillers.append(filler)
        time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        for sock in self._fillers + [self._listener]:
            sock.close()
