"""A stand-in for Rasa's HTTP server on a loopback port, recording what clients ask of it."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# What Rasa answers, by the path's last part (enough for the clients to read it).
ANSWERS: dict[str, object] = {
    "webhook": [{"text": "您好"}],
    "trigger_intent": {"messages": []},
    "messages": {"latest_message": {"intent": {"name": "greet"}}},
    "tracker": {"events": []},
    "events": {},
    "status": {"model_file": "assistant.tar.gz"},
    "model": None,
}


@dataclass(frozen=True)
class Call:
    """One request: method, path and query parameters (one value each)."""

    method: str
    path: str
    params: dict[str, str]


class RasaDouble:
    """Answers every request with ANSWERS and keeps it in `calls`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        double = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                url = urlsplit(self.path)
                params = {key: values[0] for key, values in parse_qs(url.query).items()}
                double.calls.append(Call(self.command, url.path, params))
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = json.dumps(ANSWERS[url.path.rsplit("/", 1)[-1]]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
