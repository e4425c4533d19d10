"""What a file is, read from its bytes: media type, perceptual hash, a shareable copy.

The media type comes from the content (puremagic's signatures, pure Python), never from the
file name or from what the sender's browser said; both of those are kept as claims. A file
whose name says .jpg but whose content is a shell script is stored as `text/x-shellscript`.
"""

import io
import re

import puremagic

OCTET = "application/octet-stream"

_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/tiff": ".tif",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
    "text/html": ".html",
    "text/plain": ".txt",
    "video/mp4": ".mp4",
    "audio/mpeg": ".mp3",
    "audio/ogg": ".ogg",
    "application/zip": ".zip",
}

# Image formats a shareable copy can be made of (Pillow reads and writes them).
_RECODABLE = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/tiff": "TIFF"}

_SHEBANG = re.compile(rb"^#!\s*\S+")
_HTML = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<script)", re.I)
_XML = re.compile(rb"^\s*<\?xml", re.I)


def _sniff_text(data: bytes) -> str:
    head = data[:4096]
    if _SHEBANG.match(head):
        return (
            "text/x-shellscript" if re.match(rb"^#!.*\b(ba|z|k|da)?sh\b", head) else "text/x-script"
        )
    if _HTML.match(head):
        return "text/html"
    if _XML.match(head):
        return "image/svg+xml" if b"<svg" in head else "application/xml"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character cut at the end of the window is still text.
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return OCTET
    if b"\x00" in head:
        return OCTET
    return "text/plain"


def detect_media_type(data: bytes) -> str:
    try:
        matches = puremagic.magic_string(data[:65536] + data[-8192:] if len(data) > 73728 else data)
    except (puremagic.PureError, ValueError):
        matches = []
    for match in matches:
        mime = getattr(match, "mime_type", "") or ""
        if mime and not mime.startswith("text/"):
            return mime.lower()
    return _sniff_text(data)


def extension_for(media_type: str) -> str:
    return _EXTENSIONS.get(media_type, ".bin")


# A picture is decoded whole for its pHash and its shareable copy, and a small file can declare
# a huge canvas (a 160 KB PNG of 13,000 by 13,000 pixels took a gigabyte of memory and seconds
# to decode). Above this many pixels the file is kept as it is, without either.
MAX_DECODED_PIXELS = 50_000_000


def _too_large(image) -> bool:
    width, height = image.size  # read from the header: nothing is decoded yet
    return width * height > MAX_DECODED_PIXELS


def perceptual_hash(data: bytes) -> str:
    """A 64-bit pHash in hex, or "" for what Pillow cannot read (or will not decode)."""
    try:
        import imagehash
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            if _too_large(image):
                return ""
            return str(imagehash.phash(image.convert("RGB")))
    except Exception:  # not an image Pillow can decode: no perceptual hash
        return ""


def hash_distance(a: str, b: str) -> int | None:
    try:
        return bin(int(a, 16) ^ int(b, 16)).count("1")
    except (TypeError, ValueError):
        return None


def shareable_copy(data: bytes, media_type: str) -> bytes | None:
    """The image re-encoded from its pixels alone: no EXIF (GPS, camera make and serial,
    time), no XMP or IPTC, no comments. Turned upright first, since the orientation tag goes
    too. None for formats that cannot be re-encoded this way, and for pictures of more than
    MAX_DECODED_PIXELS."""
    fmt = _RECODABLE.get(media_type)
    if fmt is None:
        return None
    try:
        from PIL import Image, ImageOps

        with Image.open(io.BytesIO(data)) as image:
            if _too_large(image):
                return None
            image.load()
            upright = ImageOps.exif_transpose(image)
            mode = "RGB" if fmt == "JPEG" else upright.mode
            clean = Image.new(mode, upright.size)
            clean.paste(upright.convert(mode) if upright.mode != mode else upright)
        out = io.BytesIO()
        options = {"quality": 92} if fmt in ("JPEG", "WEBP") else {}
        clean.save(out, format=fmt, **options)
        return out.getvalue()
    except Exception:  # a damaged image: no shareable copy rather than a failed upload
        return None
