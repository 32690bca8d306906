"""A real HTTP receiver on 127.0.0.1 (random port) that records the calls and answers the
statuses it is told, then 200."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Call:
    path: str
    headers: dict
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str = ""
    calls: list = field(default_factory=list)
    answers: list = field(default_factory=list)  # statuses answered in turn, then 200

    def of_kind(self, kind):
        return [call for call in self.calls if call.headers["X-Metis-Event"] == kind]


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        receiver = self.server.receiver
        body = self.rfile.read(int(self.headers["Content-Length"]))
        receiver.calls.append(Call(self.path, dict(self.headers), body))
        status = receiver.answers.pop(0) if receiver.answers else 200
        answer = b'{"received": true}' if status < 300 else b"oops"
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.receiver = Receiver(url=f"http://127.0.0.1:{server.server_port}/hooks")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.receiver
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
