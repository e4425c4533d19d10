"""A picture that declares a huge canvas in a small file (a decompression bomb: a PNG of
13,000 by 13,000 black pixels is 160 KB) is stored, but not decoded for a perceptual hash or a
shareable copy, which would take a gigabyte of the server's memory per upload."""

import struct
import zlib

from seri.evidence import content


def _png(width: int, height: int) -> bytes:
    """A greyscale PNG of black pixels, written row by row (never held whole in memory)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    packer = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte, then the row
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_a_huge_canvas_is_not_decoded():
    bomb = _png(13_000, 13_000)
    assert len(bomb) < 1_000_000
    assert content.detect_media_type(bomb[:65536]) == "image/png"
    assert content.perceptual_hash(bomb) == ""
    assert content.shareable_copy(bomb, "image/png") is None


def test_an_ordinary_picture_still_gets_both():
    picture = _png(640, 480)
    assert content.perceptual_hash(picture) == "0000000000000000"
    copy = content.shareable_copy(picture, "image/png")
    assert copy is not None and copy.startswith(b"\x89PNG")
