"""A local HTTP server for the link checker's tests (127.0.0.1, a random port, no outside
network): each path answers one way, and the server records what it received."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, code, headers=None, body=b"ok"):
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self):
        server = self.server
        path = self.path
        with server.lock:
            server.requests.append((self.command, path, self.headers.get("User-Agent", "")))
            server.hosts.append(self.headers.get("Host", ""))
            server.hits[path] = server.hits.get(path, 0) + 1
            hits = server.hits[path]
        if path == "/ok":
            return self._answer(200)
        if path == "/moved":
            return self._answer(301, {"Location": "/ok"})
        if path == "/missing":
            return self._answer(404)
        if path == "/slow":
            time.sleep(server.slow_seconds)
            return self._answer(200)
        if path.startswith("/busy"):  # 429 with Retry-After the first time, then 200
            if hits == 1:
                return self._answer(429, {"Retry-After": path.rsplit("/", 1)[-1]})
            return self._answer(200)
        if path == "/flaky":  # 503 the first time, then 200
            return self._answer(503 if hits == 1 else 200)
        if path == "/down":
            return self._answer(503)
        if path == "/no-head":
            return self._answer(405 if self.command == "HEAD" else 200)
        if path == "/loop":
            return self._answer(302, {"Location": "/loop"})
        if path == "/to-ftp":
            return self._answer(302, {"Location": "ftp://files.example.org/guide.pdf"})
        if path.startswith("/slot/"):  # counts simultaneous requests
            with server.lock:
                server.active += 1
                server.max_active = max(server.max_active, server.active)
            time.sleep(0.2)
            with server.lock:
                server.active -= 1
            return self._answer(200)
        return self._answer(404)

    do_GET = _route
    do_HEAD = _route


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, str]] = []
        self.hosts: list[str] = []
        self.hits: dict[str, int] = {}
        self.active = 0
        self.max_active = 0
        self.slow_seconds = 3.0

    def url(self, path: str, scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.server_address[1]}{path}"

    def received(self, path: str) -> list[str]:
        return [method for method, seen, _ in self.requests if seen == path]


@pytest.fixture
def server():
    httpd = LocalServer()
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
