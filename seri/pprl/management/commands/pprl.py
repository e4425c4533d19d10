"""`seri pprl project|encode|link|serve|submit|import`: privacy-preserving linkage with other
Seri installations (docs/linkage.md, "Linkage across installations").

    seri pprl project NAME --installation shelter-kh --organisation SHORT…
        (--consent share | --legal-basis TEXT) [--tells-safe]
    seri pprl project NAME --rotate-key
    seri pprl encode --project NAME -o FILE [--key-file F]
    seri pprl link FILE… [--threshold 0.15] [--json]
                   [--histories OUT.csv --estimate-threshold 0.1]
    seri pprl serve --participants FILE [--host 127.0.0.1] [--port 8470] [--certfile C --keyfile K]
    seri pprl submit FILE --server URL --run RUN --token-file F -o RESULT [--cafile CA]
    seri pprl import RESULT --project NAME

Every refusal names the file (and record) and exits with code 2, without a traceback.
"""

import json
import logging
import ssl
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError

from seri.orgs.models import Organisation
from seri.pprl import keys, linking, server, services
from seri.pprl.models import PprlProject


def _read_json(path: str):
    try:
        return json.loads(Path(path).read_bytes())
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file", returncode=2) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise CommandError(f"{path}: not JSON ({exc})", returncode=2) from None


def _project(name: str) -> PprlProject:
    try:
        return PprlProject.objects.get(name=name)
    except PprlProject.DoesNotExist:
        raise CommandError(
            f"no PPRL project {name!r} (create it with `seri pprl project`)", returncode=2
        ) from None


class Command(BaseCommand):
    help = "Privacy-preserving record linkage with other Seri installations."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("project", help="create a project, or rotate its key")
        p.add_argument("name")
        p.add_argument("--installation")
        p.add_argument("--organisation", action="append", default=[], help="short name")
        p.add_argument("--consent", default="", help="consent kind required (e.g. share)")
        p.add_argument("--legal-basis", default="")
        p.add_argument("--rotate-key", action="store_true")
        p.add_argument(
            "--tells-safe",
            action="store_true",
            help="mark the encodings of people in safety here (for tracing reports elsewhere)",
        )
        p = sub.add_parser("encode", help="write the encodings of the people in scope")
        p.add_argument("--project", required=True)
        p.add_argument("-o", "--output", required=True)
        p.add_argument("--key-file")
        p = sub.add_parser("link", help="link encodings files offline")
        p.add_argument("files", nargs="+")
        p.add_argument("--threshold", type=float, default=linking.THRESHOLD)
        p.add_argument(
            "--estimate-threshold",
            type=float,
            default=linking.ESTIMATE_THRESHOLD,
            help="the match probability at which the capture histories are counted",
        )
        p.add_argument("--json", action="store_true")
        p.add_argument("--histories", help="write the capture-history CSV for `seri estimate`")
        p = sub.add_parser("serve", help="run the linkage service")
        p.add_argument("--participants", required=True, help='JSON {"installation": "token"}')
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8470)
        p.add_argument("--threshold", type=float, default=linking.THRESHOLD)
        p.add_argument(
            "--estimate-threshold",
            type=float,
            default=linking.ESTIMATE_THRESHOLD,
            help="the match probability at which the capture histories are counted",
        )
        p.add_argument("--certfile")
        p.add_argument("--keyfile")
        p = sub.add_parser("submit", help="upload encodings to a linkage service, fetch the result")
        p.add_argument("file")
        p.add_argument("--server", required=True)
        p.add_argument("--run", required=True)
        p.add_argument("--token-file", required=True)
        p.add_argument("-o", "--output", required=True)
        p.add_argument("--cafile")
        p.add_argument("--wait", type=float, default=600, help="seconds to wait for the others")
        p = sub.add_parser("import", help="store a linkage result for this installation")
        p.add_argument("result")
        p.add_argument("--project", required=True)

    def handle(self, *args, **opts):
        try:
            getattr(self, "_" + opts["action"])(opts)
        except (linking.EncodingsRefused, ImproperlyConfigured) as exc:
            raise CommandError(str(exc), returncode=2) from None
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()), returncode=2
            ) from None

    def _project(self, opts):
        if opts["rotate_key"]:
            project = services.project_rotate_key(actor=None, project=_project(opts["name"]))
            self.stdout.write(f"{project.name}: key version {project.key_version}")
            return
        orgs = list(Organisation.objects.filter(short_name__in=opts["organisation"]))
        missing = set(opts["organisation"]) - {o.short_name for o in orgs}
        if missing:
            raise CommandError(f"no organisation {', '.join(sorted(missing))}", returncode=2)
        project = services.project_create(
            actor=None,
            name=opts["name"],
            installation=opts["installation"] or "",
            organisations=orgs,
            required_consent=opts["consent"],
            legal_basis=opts["legal_basis"],
            tells_safe=opts["tells_safe"],
        )
        self.stdout.write(f"{project.name}: created for {len(orgs)} organisation(s)")

    def _encode(self, opts):
        project = _project(opts["project"])
        key = keys.derived_key(project.name, project.key_version, opts["key_file"])
        with open(opts["output"], "w") as out:  # record by record: never the whole file
            count, skipped_by = services.encodings_write(
                actor=None, project=project, key=key, out=out
            )
        skipped = ", ".join(f"{n} {reason}" for reason, n in skipped_by.items())
        self.stdout.write(
            f"{count} people encoded to {opts['output']}"
            + (f" (skipped: {skipped})" if skipped else "")
        )

    def _link(self, opts):
        datasets = [linking.dataset_from(_read_json(f), name=f) for f in opts["files"]]
        groups, names, counts = linking.link_with_histories(
            datasets, threshold=opts["threshold"], estimate_threshold=opts["estimate_threshold"]
        )
        if opts["histories"]:
            Path(opts["histories"]).write_text(linking.histories_csv(names, counts))
        if opts["json"]:
            out = [
                [
                    {"installation": m.installation, "record": m.record, "similarity": s}
                    for m, s in g
                ]
                for g in groups
            ]
            self.stdout.write(json.dumps({"threshold": opts["threshold"], "groups": out}, indent=1))
            return
        self.stdout.write(f"{len(groups)} match groups at threshold {opts['threshold']}")
        for name, d in zip(names, datasets, strict=True):
            self.stdout.write(f"  {name}: {len(d.ids)} records")

    def _serve(self, opts):
        participants = _read_json(opts["participants"])
        if not isinstance(participants, dict) or len(participants) < 2:
            raise CommandError(
                f"{opts['participants']}: name at least two participants", returncode=2
            )
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        service = server.LinkageService(
            participants,
            threshold=opts["threshold"],
            estimate_threshold=opts["estimate_threshold"],
        )
        httpd = server.Server(
            (opts["host"], opts["port"]), service, opts["certfile"], opts["keyfile"]
        )
        scheme = "https" if opts["certfile"] else "http"
        self.stdout.write(
            f"linkage service on {scheme}://{opts['host']}:{httpd.server_address[1]}", ending="\n"
        )
        self.stdout.flush()
        try:
            httpd.serve_forever()
        finally:
            httpd.server_close()

    def _submit(self, opts):
        body = Path(opts["file"]).read_bytes()
        token = Path(opts["token_file"]).read_text().strip()
        context = ssl.create_default_context(cafile=opts["cafile"]) if opts["cafile"] else None
        if not opts["server"].startswith(("http://", "https://")):
            raise CommandError("--server must be an http:// or https:// URL", returncode=2)
        if opts["server"].startswith("http://") and not _loopback(opts["server"]):
            raise CommandError(
                "--server: the token and the encodings go only over https:// (plain http:// "
                "only to this machine, for tests)",
                returncode=2,
            )
        base = opts["server"].rstrip("/") + f"/runs/{opts['run']}"
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        status, _ = _http(
            urllib.request.Request(base + "/encodings", data=body, headers=headers),  # noqa: S310
            context,
        )
        self.stdout.write(f"uploaded ({'linked' if status == 200 else 'waiting for the others'})")
        deadline = time.monotonic() + opts["wait"]
        while True:
            status, payload = _http(
                urllib.request.Request(base + "/result", headers=headers),  # noqa: S310
                context,
            )
            if status == 200:
                Path(opts["output"]).write_bytes(payload)
                groups = len(json.loads(payload)["groups"])
                self.stdout.write(f"result: {groups} group(s) with this installation's records")
                return
            if time.monotonic() > deadline:
                raise CommandError("the other participants have not uploaded yet", returncode=2)
            time.sleep(0.5)

    def _import(self, opts):
        project = _project(opts["project"])
        summary = services.results_import(
            actor=None, project=project, doc=_read_json(opts["result"])
        )
        self.stdout.write(
            f"{summary.stored} possible match(es) stored, {summary.duplicates} already known, "
            f"{len(summary.skipped)} skipped, {summary.notified} tracing notice(s)"
        )
        for reason in summary.skipped:
            self.stdout.write(f"  skipped: {opts['result']}: {reason}")


def _loopback(url: str) -> bool:
    import ipaddress
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would carry the bearer token (and the encodings) to another address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _http(request: urllib.request.Request, context) -> tuple[int, bytes]:
    opener = urllib.request.build_opener(
        _NoRedirects(), urllib.request.HTTPSHandler(context=context)
    )
    try:
        with opener.open(request, timeout=600) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode(errors="replace")[:300]
        raise CommandError(
            f"the linkage service refused: {exc.code} {detail}", returncode=2
        ) from None
    except urllib.error.URLError as exc:
        raise CommandError(
            f"cannot reach the linkage service: {exc.reason}", returncode=2
        ) from None
