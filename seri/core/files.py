"""Handing out a stored file: a raster image (its type read from its bytes) is shown in the
page; anything else is a download that the browser never renders. The name is the file's hash,
never the name it was sent with (which can identify someone)."""

from django.http import FileResponse

# Formats a browser shows as a picture and cannot run: no SVG (it carries scripts), no HTML.
INLINE_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})

_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
}


def stored_file_response(handle, *, media_type: str, sha256: str) -> FileResponse:
    inline = media_type in INLINE_IMAGE_TYPES
    name = f"{sha256[:16]}{_EXTENSIONS.get(media_type, '.bin')}"
    response = FileResponse(handle, as_attachment=not inline, filename=name)
    response["Content-Type"] = media_type if inline else "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
