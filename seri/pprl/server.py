"""The linkage service (`seri pprl serve`): a small HTTP(S) process any participant or a
neutral party runs. No database, no disk: encodings live in memory only until the run is
linked, then are dropped; each participant's result is dropped once fetched.

    POST /runs/<run>/encodings   body: the participant's encodings file (JSON)
    GET  /runs/<run>/result      202 while waiting, then the participant's groups
    GET  /state                  what the service holds: runs, encodings, results (counts)

Each participant authenticates with its own bearer token (`--participants FILE`: JSON
{"installation": "token", …}; only SHA-256 digests of the tokens are kept). A participant
receives only the groups containing its records; the other members appear as installation,
random record id and similarity (and `"safe": true` when that participant marked its record
as a person in safety, the only thing besides encodings an encodings file may carry). The log
names the run, the participant and counts, never an encoding or a record id.
"""

import hashlib
import hmac
import json
import logging
import re
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from seri.pprl import linking

log = logging.getLogger("seri.pprl.server")
RESULT_FORMAT = "seri-pprl-result/1"
RUN = re.compile(r"^/runs/([A-Za-z0-9_-]{1,64})/(encodings|result)$")


@dataclass
class Run:
    uploads: dict[str, linking.Dataset] = field(default_factory=dict)
    safe: dict[str, set[str]] = field(default_factory=dict)  # installation → records marked safe
    results: dict[str, bytes] = field(default_factory=dict)
    linked: bool = False


def safe_records(doc: dict) -> set[str]:
    """The ids of the records an encodings file marks `"safe": true`."""
    records = doc.get("records")
    if not isinstance(records, list):
        return set()
    return {
        r["id"]
        for r in records
        if isinstance(r, dict) and r.get("safe") is True and isinstance(r.get("id"), str)
    }


def _other(o, s: float, safe: dict[str, set[str]]) -> dict[str, Any]:
    entry: dict[str, Any] = {"installation": o.installation, "record": o.record, "similarity": s}
    if o.record in safe.get(o.installation, ()):
        entry["safe"] = True
    return entry


def results_for(
    datasets,
    groups,
    threshold: float,
    safe: dict[str, set[str]],
    *,
    histories: tuple[list[str], dict[tuple[int, ...], int]],
    estimate_threshold: float,
) -> dict[str, dict[str, Any]]:
    """Each participant's view: only groups with its records, and the histories table
    (counted from the groups at `estimate_threshold`)."""
    names, counts = histories
    table = {
        "lists": names,
        "counts": [[*p, n] for p, n in sorted(counts.items())],
        "threshold": estimate_threshold,
    }
    out: dict[str, dict[str, Any]] = {
        d.installation: {
            "format": RESULT_FORMAT,
            "project": d.project,
            "installation": d.installation,
            "threshold": threshold,
            "groups": [],
            "histories": table,
        }
        for d in datasets
    }
    for group in groups:
        for member, _sim in group:
            out[member.installation]["groups"].append(
                {
                    "record": member.record,
                    "others": [
                        _other(o, s, safe)
                        for o, s in group
                        if o.installation != member.installation
                    ],
                }
            )
    return out


class LinkageService:
    def __init__(
        self,
        participants: dict[str, str],
        threshold: float = linking.THRESHOLD,
        estimate_threshold: float = linking.ESTIMATE_THRESHOLD,
    ):
        self.tokens = {
            hashlib.sha256(t.encode()).digest(): name for name, t in participants.items()
        }
        self.participants = set(participants)
        self.threshold = threshold
        self.estimate_threshold = estimate_threshold
        self.runs: dict[str, Run] = {}
        self.lock = threading.Lock()

    def who(self, header: str | None) -> str | None:
        if not header or not header.startswith("Bearer "):
            return None
        digest = hashlib.sha256(header[7:].strip().encode()).digest()
        for known, name in self.tokens.items():
            if hmac.compare_digest(known, digest):
                return name
        return None

    def upload(
        self, run_id: str, who: str, dataset: linking.Dataset, safe: set[str] | None = None
    ) -> str:
        with self.lock:
            run = self.runs.setdefault(run_id, Run())
            if run.linked:
                return "linked"
            run.uploads[who] = dataset
            run.safe[who] = set(safe or ())
            if set(run.uploads) != self.participants:
                return "waiting"
            datasets = [run.uploads[name] for name in sorted(run.uploads)]
            marked = dict(run.safe)
            run.uploads.clear()  # the run holds no encoding from here on
            run.safe.clear()
            try:
                groups, names, counts = linking.link_with_histories(
                    datasets,
                    threshold=self.threshold,
                    estimate_threshold=self.estimate_threshold,
                )
                results = results_for(
                    datasets,
                    groups,
                    self.threshold,
                    marked,
                    histories=(names, counts),
                    estimate_threshold=self.estimate_threshold,
                )
                for name, result in results.items():
                    run.results[name] = json.dumps(result).encode()
            finally:
                for d in datasets:
                    d.clks, d.phones, d.dobs = d.clks[:0], d.phones[:0], d.dobs[:0]
                del datasets, marked
            run.linked = True
            log.info("run %s linked: %s groups", run_id, len(groups))
            return "linked"

    def state(self) -> dict[str, int]:
        """Counts only: what a participant may ask to check that nothing stays after a run."""
        with self.lock:
            return {
                "runs": len(self.runs),
                "encodings": sum(
                    len(d.clks) for run in self.runs.values() for d in run.uploads.values()
                ),
                "results_waiting": sum(len(run.results) for run in self.runs.values()),
            }

    def result(self, run_id: str, who: str) -> bytes | None:
        with self.lock:
            run = self.runs.get(run_id)
            if run is None or not run.linked:
                return None
            body = run.results.pop(who, None)
            if not run.results:
                del self.runs[run_id]
            return body


class Handler(BaseHTTPRequestHandler):
    server: "Server"
    max_bytes = 2 * 1024 * 1024 * 1024
    timeout = 60  # seconds a connection may stay silent (socketserver's per-request timeout)

    def log_message(self, format, *args):
        """No request lines (paths, addresses): the service logs its own, without record ids."""

    def _send(self, status: int, payload: dict | bytes) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _route(self) -> tuple[str, str, str] | None:
        m = RUN.match(self.path)
        who = self.server.service.who(self.headers.get("Authorization"))
        if self.path == "/state" and self.command == "GET":
            if who is None:
                self._send(401, {"error": "a participant's bearer token is required"})
            else:
                self._send(200, self.server.service.state())
            return None
        if m is None:
            self._send(404, {"error": "not found"})
            return None
        if who is None:
            self._send(401, {"error": "a participant's bearer token is required"})
            return None
        return m.group(1), m.group(2), who

    def do_POST(self):
        route = self._route()
        if route is None:
            return
        run_id, action, who = route
        if action != "encodings":
            self._send(405, {"error": "POST the encodings"})
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= self.max_bytes:
            self._send(413, {"error": "an encodings file is required (and not too large)"})
            return
        try:
            doc = json.loads(self.rfile.read(length))
            dataset = linking.dataset_from(doc, name="upload")
            safe = safe_records(doc)
        except (ValueError, linking.EncodingsRefused) as exc:
            self._send(
                400,
                {"error": str(exc) if isinstance(exc, linking.EncodingsRefused) else "not JSON"},
            )
            return
        del doc
        if dataset.installation != who:
            self._send(403, {"error": "the file is from another installation than the token's"})
            return
        log.info("run %s: %s uploaded %s records", run_id, who, len(dataset.ids))
        try:
            status = self.server.service.upload(run_id, who, dataset, safe)
        except linking.EncodingsRefused as exc:
            self._send(409, {"error": str(exc)})
            return
        self._send(200 if status == "linked" else 202, {"status": status})

    def do_GET(self):
        route = self._route()
        if route is None:
            return
        run_id, action, who = route
        if action != "result":
            self._send(405, {"error": "GET the result"})
            return
        body = self.server.service.result(run_id, who)
        if body is None:
            self._send(202, {"status": "waiting"})
            return
        log.info("run %s: result fetched by %s", run_id, who)
        self._send(200, body)


class Server(ThreadingHTTPServer):
    """The TLS handshake runs in each connection's own thread (not in the accept loop, where
    one client that connects and says nothing would hold every other participant up), and a
    connection that sends nothing for `Handler.timeout` seconds is closed."""

    daemon_threads = True

    def __init__(self, address, service: LinkageService, certfile=None, keyfile=None):
        super().__init__(address, Handler)
        self.service = service
        if certfile:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(certfile, keyfile)
            self.socket = context.wrap_socket(
                self.socket, server_side=True, do_handshake_on_connect=False
            )

    def finish_request(self, request, client_address):
        request.settimeout(Handler.timeout)
        if isinstance(request, ssl.SSLSocket):
            try:
                request.do_handshake()
            except (OSError, ssl.SSLError):
                return  # a client that does not speak TLS, or too slowly: nothing to answer
        super().finish_request(request, client_address)
