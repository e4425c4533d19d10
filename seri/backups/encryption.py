"""The encrypted stream a backup file is made of (see docs/decisions/0009-backup-encryption.md).

The construction is STREAM (Hoang, Reyhanitabar, Rogaway and Vizár, "Online
Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015) over AES-256-GCM
with a per-file key, the layout Google Tink calls AES-GCM-HKDF streaming and `age` uses with
ChaCha20-Poly1305:

    header  = MAGIC (8) | chunk size (4, big-endian) | salt (32) | nonce prefix (7)
              | key commitment (32)
    file key, commitment = HKDF-SHA256(backup key, salt, INFO) split into 32 + 32 bytes
    chunk i = AES-256-GCM(file key, nonce = prefix | i (4, big-endian) | last (1),
                          plaintext[i], associated data = header)

- Every chunk is authenticated on its own, so memory stays at one chunk whatever the size.
- The counter in the nonce fixes each chunk's place: chunks cannot be reordered, dropped or
  copied from another position without a tag failing.
- The last chunk, and only it, is encrypted with the flag byte 1. A file cut at any point,
  including exactly between two chunks, ends in a chunk whose tag does not verify as last, so
  truncation is detected; data after the last chunk is refused.
- The header is the associated data of every chunk: changing the chunk size, salt or prefix
  makes every tag fail.
- A fresh random salt per file gives each backup its own key, so nonces never repeat across
  backups made with the same backup key (no birthday bound on a random 96-bit nonce).
- GCM alone does not commit to its key. The commitment (a second HKDF output) lets a wrong key
  be told apart from a damaged file before anything is decrypted.

Plaintext leaves `DecryptingReader` only after its chunk's tag verified; callers must still
treat everything as unconfirmed until `DecryptingReader.finished` is true (the last chunk is
authenticated), which `read()` reaches once it returns b"".
"""

import hmac
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.utils.translation import gettext as _

MAGIC = b"SERIBAK\x01"  # the last byte is the format version
INFO = b"seri backup v1: AES-256-GCM STREAM"
KEY_BYTES = 32
SALT_BYTES = 32
PREFIX_BYTES = 7
COMMITMENT_BYTES = 32
TAG_BYTES = 16
HEADER = struct.Struct(f">8sI{SALT_BYTES}s{PREFIX_BYTES}s{COMMITMENT_BYTES}s")
DEFAULT_CHUNK_BYTES = 1024 * 1024
MAX_CHUNK_BYTES = 64 * 1024 * 1024  # refuse headers that would make us read huge chunks
MAX_CHUNKS = 2**32


class EncryptionError(Exception):
    """The file cannot be decrypted; the message says why, for the person restoring."""


class WrongKeyError(EncryptionError):
    pass


class DamagedError(EncryptionError):
    pass


def _derive(key: bytes, salt: bytes) -> tuple[bytes, bytes]:
    if len(key) != KEY_BYTES:
        raise ValueError("the backup key must be 32 bytes")
    material = HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES + COMMITMENT_BYTES, salt=salt, info=INFO
    ).derive(key)
    return material[:KEY_BYTES], material[KEY_BYTES:]


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only file object: what is written goes to `target` encrypted. `close()` writes
    the last chunk and must be called (it does not close `target`)."""

    def __init__(
        self, target: BinaryIO, key: bytes, *, chunk_bytes: int = DEFAULT_CHUNK_BYTES
    ) -> None:
        if not 0 < chunk_bytes <= MAX_CHUNK_BYTES:
            raise ValueError("chunk size out of range")
        salt, prefix = os.urandom(SALT_BYTES), os.urandom(PREFIX_BYTES)
        file_key, commitment = _derive(key, salt)
        self._header = HEADER.pack(MAGIC, chunk_bytes, salt, prefix, commitment)
        self._aead = AESGCM(file_key)
        self._prefix = prefix
        self._target = target
        self._chunk_bytes = chunk_bytes
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        target.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:
        if self._closed:
            raise ValueError("write to a closed backup stream")
        self._buffer += data
        # Keep at least one byte back: only close() knows which chunk is the last.
        while len(self._buffer) > self._chunk_bytes:
            self._emit(bytes(self._buffer[: self._chunk_bytes]), last=False)
            del self._buffer[: self._chunk_bytes]
        return len(data)

    def flush(self) -> None:
        self._target.flush()

    def close(self) -> None:
        if self._closed:
            return
        self._emit(bytes(self._buffer), last=True)
        self._buffer = bytearray()
        self._closed = True
        self._target.flush()

    def _emit(self, plaintext: bytes, *, last: bool) -> None:
        if self._counter >= MAX_CHUNKS:
            raise ValueError("backup too large for this chunk size")
        nonce = _nonce(self._prefix, self._counter, last)
        self._target.write(self._aead.encrypt(nonce, plaintext, self._header))
        self._counter += 1


def _read_exactly(source: BinaryIO, size: int) -> bytes:
    parts, missing = [], size
    while missing:
        part = source.read(missing)
        if not part:
            break
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


class DecryptingReader:
    """A read-only file object over an encrypted backup. Raises `WrongKeyError` when the key
    is not the one the file was made with, `DamagedError` when any chunk fails to authenticate
    (changed, reordered, cut short, or with data after its end)."""

    def __init__(self, source: BinaryIO, key: bytes) -> None:
        header = _read_exactly(source, HEADER.size)
        if not header.startswith(MAGIC[:-1]):
            raise DamagedError(_("This is not a Seri backup file."))
        if len(header) < HEADER.size:
            raise DamagedError(_("This backup file is incomplete: it was cut short."))
        magic, chunk_bytes, salt, prefix, commitment = HEADER.unpack(header)
        if magic != MAGIC:
            raise DamagedError(
                _("This backup was made by another version of Seri (format %(version)d).")
                % {"version": magic[-1]}
            )
        if not 0 < chunk_bytes <= MAX_CHUNK_BYTES:
            raise DamagedError(_("This backup file is damaged: its header is not valid."))
        file_key, expected = _derive(key, salt)
        if not hmac.compare_digest(commitment, expected):
            raise WrongKeyError(
                _(
                    "This backup was not made with the configured backup key (or its header "
                    "is damaged). Nothing was restored."
                )
            )
        self._aead = AESGCM(file_key)
        self._header = header
        self._prefix = prefix
        self._source = source
        self._sealed_bytes = chunk_bytes + TAG_BYTES
        self._counter = 0
        self._chunk = b""
        self._position = 0
        self._next = _read_exactly(source, self._sealed_bytes)
        self.finished = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        parts = []
        wanted = size if size >= 0 else None
        while wanted is None or wanted > 0:
            if self._position == len(self._chunk):
                if self.finished:
                    break
                self._open_next_chunk()
                continue
            end = len(self._chunk) if wanted is None else self._position + wanted
            part = self._chunk[self._position : end]
            self._position += len(part)
            if wanted is not None:
                wanted -= len(part)
            parts.append(part)
        return b"".join(parts)

    def _open_next_chunk(self) -> None:
        sealed = self._next
        if not sealed or self._counter >= MAX_CHUNKS:
            raise DamagedError(_("This backup file is incomplete: it was cut short."))
        # A chunk is the last one when nothing follows it; a file cut between two chunks
        # then fails below, because that chunk was not sealed as the last.
        following = _read_exactly(self._source, self._sealed_bytes)
        last = not following
        try:
            plaintext = self._aead.decrypt(
                _nonce(self._prefix, self._counter, last), sealed, self._header
            )
        except InvalidTag:
            raise DamagedError(
                _(
                    "This backup file is damaged, cut short or has been changed: it failed "
                    "its integrity check. Nothing was restored."
                )
            ) from None
        self._chunk, self._position = plaintext, 0
        self._counter += 1
        self._next = following
        self.finished = last
