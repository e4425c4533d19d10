"""Re-hashing every stored file, for `seri verify`: evidence files (and their shareable
copies), report attachments (intake, ODK, chat imports) and import uploads still waiting.

A file is bad when it is missing, when its bytes no longer hash to the SHA-256 recorded at
receipt, or when its size changed; an evidence file's shareable copy is checked the same way.
The custody chain itself is walked by seri.audit.chain like every other chain; this adds what
a chain cannot see: the files on disk. Also checked: the first custody entry of each evidence
file records the hash the file was received with.

Problems name the record by its public id and the stored file by its path in storage (named
by its hash: the original file name, which may be identifying, is never printed).
`FILE_CHECKS` lists the checks `seri verify` runs, in order.
"""

import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seri.evidence.models import CustodyEntry, EvidenceFile

CHUNK = 1024 * 1024


@dataclass
class FileProblem:
    evidence_id: str
    problem: str
    kind: str = "evidence"

    def __str__(self) -> str:
        if self.kind == "attachment":
            return _("report attachment %(id)s: %(problem)s") % {
                "id": self.evidence_id,
                "problem": self.problem,
            }
        if self.kind == "import":
            return _("import upload of run %(id)s: %(problem)s") % {
                "id": self.evidence_id,
                "problem": self.problem,
            }
        return _("evidence %(id)s: %(problem)s") % {"id": self.evidence_id, "problem": self.problem}


def _sha256_stored(storage, name: str) -> tuple[str, int] | None:
    """SHA-256 and size of a stored file, or None if it cannot be read."""
    if not name:
        return None
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        return None
    digest, size = hashlib.sha256(), 0
    with handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _sha256_of(field_file) -> tuple[str, int] | None:
    return _sha256_stored(field_file.storage, field_file.name)


def verify_files(batch_size: int = 500) -> Iterator[FileProblem | int]:
    """Yields a FileProblem for each bad file, and at the end the number of files checked."""
    checked = 0
    qs = EvidenceFile.objects.order_by("pk").only(
        "pk", "public_id", "file", "sha256", "size", "shareable", "shareable_sha256"
    )
    last_pk = 0
    while True:
        batch = list(qs.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            break
        first_entries: dict[int, Any] = {}
        for entry in (
            CustodyEntry.objects.filter(evidence__in=batch)
            .order_by("evidence_id", "sequence")
            .values("evidence_id", "sha256", "sequence")
        ):
            first_entries.setdefault(entry["evidence_id"], entry)
        for evidence in batch:
            last_pk = evidence.pk
            checked += 1
            ident = str(evidence.public_id)
            result = _sha256_of(evidence.file)
            if result is None:
                yield FileProblem(ident, _("the stored file is missing"))
            elif result[0] != evidence.sha256:
                yield FileProblem(
                    ident,
                    _("the stored file changed: SHA-256 %(now)s, received as %(then)s")
                    % {"now": result[0], "then": evidence.sha256},
                )
            elif result[1] != evidence.size:
                yield FileProblem(ident, _("the stored file changed size"))
            if evidence.shareable:
                copy = _sha256_of(evidence.shareable)
                if copy is None or copy[0] != evidence.shareable_sha256:
                    yield FileProblem(ident, _("the shareable copy is missing or changed"))
            first = first_entries.get(evidence.pk)
            if first is None:
                yield FileProblem(ident, _("no custody entry records its receipt"))
            elif first["sha256"] != evidence.sha256:
                yield FileProblem(
                    ident,
                    _(
                        "its recorded SHA-256 differs from the one in its first custody "
                        "entry (sequence %(sequence)s)"
                    )
                    % {"sequence": first["sequence"]},
                )
    yield checked


def _hash_problem(result: tuple[str, int] | None, sha256: str, size: int, name: str) -> str:
    """What is wrong with a stored file given its recorded hash and size ('' if nothing)."""
    if result is None:
        return _("the stored file %(name)s is missing") % {"name": name}
    if result[0] != sha256:
        return _("the stored file %(name)s changed: SHA-256 %(now)s, received as %(then)s") % {
            "name": name,
            "now": result[0],
            "then": sha256,
        }
    if result[1] != size:
        return _("the stored file %(name)s changed size") % {"name": name}
    return ""


def verify_report_attachments(batch_size: int = 500) -> Iterator[FileProblem | int]:
    """Each report attachment re-hashed; yields problems, then the number checked."""
    from seri.intake.models import ReportAttachment

    checked, last_pk = 0, 0
    qs = ReportAttachment.objects.order_by("pk").values_list(
        "pk", "public_id", "report__public_id", "file", "sha256", "size"
    )
    storage = ReportAttachment._meta.get_field("file").storage
    while batch := list(qs.filter(pk__gt=last_pk)[:batch_size]):
        for pk, public_id, report_id, name, sha256, size in batch:
            last_pk = pk
            checked += 1
            result = _sha256_stored(storage, name)
            problem = _hash_problem(result, sha256, size, name)
            if problem:
                yield FileProblem(f"{public_id} (report {report_id})", problem, kind="attachment")
    yield checked


def verify_import_uploads() -> Iterator[FileProblem | int]:
    """The uploads of imports that have not run yet must still be there, as received."""
    from seri.intake.models import ImportRun
    from seri.intake.services.imports import upload_path_of

    checked = 0
    runs = ImportRun.objects.exclude(upload_path="").order_by("pk")
    for run in runs.only("pk", "public_id", "upload_path", "upload_sha256"):
        checked += 1
        path = upload_path_of(run)
        if path is None or not path.is_file():
            yield FileProblem(
                str(run.public_id),
                _("the stored file %(name)s is missing") % {"name": run.upload_path},
                kind="import",
            )
            continue
        if not run.upload_sha256:
            continue  # a run queued before uploads were hashed: presence is all we know
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(functools.partial(handle.read, CHUNK), b""):
                digest.update(chunk)
        if digest.hexdigest() != run.upload_sha256:
            yield FileProblem(
                str(run.public_id),
                _("the stored file %(name)s changed: SHA-256 %(now)s, received as %(then)s")
                % {"name": run.upload_path, "now": digest.hexdigest(), "then": run.upload_sha256},
                kind="import",
            )
    yield checked


# (label, check, re-hashed): every kind of stored file is re-hashed against its recorded SHA-256.
FILE_CHECKS = [
    (gettext_lazy("evidence files"), verify_files, True),
    (gettext_lazy("report attachments"), verify_report_attachments, True),
    (gettext_lazy("import uploads"), verify_import_uploads, True),
]
