"""How a stored file is handed out, by the pages and the API alike."""

from django.http import FileResponse

from seri.evidence.content import extension_for
from seri.evidence.models import EvidenceFile


def file_response(handle, evidence: EvidenceFile, *, shareable: bool) -> FileResponse:
    """A download named by the file's hash (never by the name it was sent with)."""
    suffix = "-shareable" if shareable else ""
    name = f"{evidence.sha256[:16]}{suffix}{extension_for(evidence.media_type)}"
    response = FileResponse(handle, as_attachment=True, filename=name)
    # Never rendered in the browser as what it claims to be (an "image" that is HTML).
    response["Content-Type"] = "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response
