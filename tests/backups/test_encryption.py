"""The encrypted stream of a backup file: what it decrypts, and every way it refuses to."""

import base64
import io
import os

import pytest

from seri.backups.encryption import (
    HEADER,
    TAG_BYTES,
    DamagedError,
    DecryptingReader,
    EncryptingWriter,
    WrongKeyError,
)
from seri.backups.services import BackupKeyError, backup_key_decode, backup_key_generate

KEY = bytes(range(32))
CHUNK = 64  # small chunks, so that a few hundred bytes make several


def encrypt(plaintext: bytes, key: bytes = KEY, chunk: int = CHUNK) -> bytes:
    target = io.BytesIO()
    writer = EncryptingWriter(target, key, chunk_bytes=chunk)
    # Written in uneven pieces, as tarfile does.
    for start in range(0, len(plaintext), 37):
        writer.write(plaintext[start : start + 37])
    writer.close()
    return target.getvalue()


def decrypt(sealed: bytes, key: bytes = KEY, read_size: int = 50) -> bytes:
    reader = DecryptingReader(io.BytesIO(sealed), key)
    parts = []
    while data := reader.read(read_size):
        parts.append(data)
    assert reader.finished
    return b"".join(parts)


def chunk_starts(sealed: bytes) -> list[int]:
    return list(range(HEADER.size, len(sealed), CHUNK + TAG_BYTES))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 1000])
def test_it_round_trips(size):
    plaintext = os.urandom(size)
    sealed = encrypt(plaintext)
    assert decrypt(sealed) == plaintext
    assert decrypt(sealed, read_size=-1) == plaintext
    assert decrypt(sealed, read_size=1) == plaintext


def test_the_same_plaintext_encrypts_differently_each_time():
    assert encrypt(b"x" * 200) != encrypt(b"x" * 200)


def test_plaintext_does_not_show():
    sealed = encrypt("Nguyễn Văn An, 张伟".encode() * 20)
    assert "Nguyễn".encode() not in sealed
    assert "张伟".encode() not in sealed


def test_a_wrong_key_is_told_apart_from_damage():
    sealed = encrypt(b"secret" * 50)
    with pytest.raises(WrongKeyError):
        decrypt(sealed, key=bytes(32))


def test_every_changed_byte_is_caught():
    sealed = encrypt(os.urandom(300))
    for position in range(len(sealed)):
        damaged = bytearray(sealed)
        damaged[position] ^= 0x01
        with pytest.raises((DamagedError, WrongKeyError)):
            decrypt(bytes(damaged))


@pytest.mark.parametrize("size", [CHUNK * 3, CHUNK * 3 + 10])
def test_truncation_is_caught_anywhere(size):
    sealed = encrypt(os.urandom(size))
    # Between chunks, inside chunks, inside the header; only the complete file decrypts.
    for length in range(len(sealed)):
        with pytest.raises(DamagedError):
            decrypt(sealed[:length])


def test_truncation_between_chunks_is_caught():
    sealed = encrypt(os.urandom(CHUNK * 4))
    for start in chunk_starts(sealed)[1:]:
        with pytest.raises(DamagedError, match="failed its integrity check"):
            decrypt(sealed[:start])


def test_reordered_or_repeated_chunks_are_caught():
    sealed = encrypt(os.urandom(CHUNK * 4))
    header, body = sealed[: HEADER.size], sealed[HEADER.size :]
    size = CHUNK + TAG_BYTES
    chunks = [body[i : i + size] for i in range(0, len(body), size)]
    swapped = [chunks[1], chunks[0], *chunks[2:]]
    repeated = [chunks[0], chunks[0], *chunks[1:]]
    for variant in (swapped, repeated):
        with pytest.raises(DamagedError):
            decrypt(header + b"".join(variant))


def test_data_after_the_end_is_caught():
    sealed = encrypt(os.urandom(100))
    with pytest.raises(DamagedError):
        decrypt(sealed + b"\x00")


def test_a_chunk_from_another_backup_is_caught():
    first, second = encrypt(b"a" * 200), encrypt(b"a" * 200)
    start = HEADER.size
    spliced = first[:start] + second[start : start + CHUNK + TAG_BYTES]
    spliced += first[start + CHUNK + TAG_BYTES :]
    with pytest.raises(DamagedError):
        decrypt(spliced)


def test_other_files_are_refused():
    with pytest.raises(DamagedError, match="not a Seri backup"):
        decrypt(b"SQLite format 3\x00" + bytes(200))


def test_generated_keys_decode_to_32_bytes():
    key = backup_key_generate()
    assert len(backup_key_decode(key)) == 32
    assert backup_key_generate() != key


def test_keys_in_standard_base64_are_accepted():
    assert backup_key_decode(base64.b64encode(KEY).decode() + "\n") == KEY


@pytest.mark.parametrize("value", [None, "", "  ", "not base64!", "c2hvcnQ="])
def test_missing_or_bad_keys_are_refused(value):
    with pytest.raises(BackupKeyError):
        backup_key_decode(value)
