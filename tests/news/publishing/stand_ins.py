"""Small local HTTP servers standing in for Baidu's push API, IndexNow and a purge endpoint."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StandIn:
    """Answers every request with `answers` in turn (the last one repeats) and records what it got.

    An answer is (status, body); a body that is a dict is sent as JSON.
    """

    def __init__(self, *answers):
        self.answers = list(answers) or [(200, {})]
        self.requests = []
        self.lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                with stand_in.lock:
                    stand_in.requests.append((self.command, self.path, body))
                    status, reply = stand_in.answers[0] if len(stand_in.answers) == 1 else stand_in.answers.pop(0)
                data = (json.dumps(reply) if isinstance(reply, dict) else reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PURGE = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, *answers):
        with self.lock:
            self.answers = list(answers)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
