"""Re-hashing every stored evidence file, for `seri verify`.

A file is bad when it is missing, when its bytes no longer hash to the SHA-256 recorded at
receipt, or when its size changed; its shareable copy is checked the same way. The custody
chain itself is walked by seri.audit.chain like every other chain; this adds what a chain
cannot see: the files on disk. Also checked: the first custody entry of each file records the
hash the file was received with.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from seri.evidence.models import CustodyEntry, EvidenceFile

CHUNK = 1024 * 1024


@dataclass
class FileProblem:
    evidence_id: str
    problem: str

    def __str__(self) -> str:
        return _("evidence %(id)s: %(problem)s") % {"id": self.evidence_id, "problem": self.problem}


def _sha256_of(field_file) -> tuple[str, int] | None:
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, OSError):
        return None
    digest, size = hashlib.sha256(), 0
    with handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def verify_files(batch_size: int = 500) -> Iterator[FileProblem | int]:
    """Yields a FileProblem for each bad file, and at the end the number of files checked."""
    checked = 0
    first_entries = {}
    qs = EvidenceFile.objects.order_by("pk").only(
        "pk", "public_id", "file", "sha256", "size", "shareable", "shareable_sha256"
    )
    last_pk = 0
    while True:
        batch = list(qs.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            break
        first_entries = {}
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
