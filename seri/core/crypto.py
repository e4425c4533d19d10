"""Encryption at rest for identifying data, and keyed blind indexes for exact look-ups.

- Values are encrypted with AES-256-GCM. The stored text is ``enc1:<key id>:<base64(nonce ||
  ciphertext)>``; the associated data binds it to its column (``app.Model.field``), so a value
  copied into another column does not decrypt.
- Keys come from the operator, never from the database: ``SERI_ENCRYPTION_KEYS`` is a
  comma-separated list of ``id:base64key``; the first encrypts, all decrypt (that is how a key is
  rotated, see ``seri rotate-key``). ``SERI_INDEX_KEY`` keys the blind indexes. Either may come
  from a ``*_FILE``. With neither set (a laptop demo), keys are generated once into
  ``$SERI_DATA_DIR/keys.json`` — outside the database and outside backups.
- Blind indexes are truncated HMAC-SHA256 of a normalised value under the index key, one
  "purpose" per kind of value, so equal phone numbers can be found without storing them.
- Name tokens are blind indexes of the normalised words of a name, so that a name can be
  searched (whole words, any order, case and diacritics folded) while it stays encrypted.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1"
_NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value cannot be decrypted: an unknown key id, or the value was tampered with."""


@dataclass(frozen=True)
class Keyring:
    current_id: str
    keys: dict[str, bytes]
    index_key: bytes


def new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _decode_key(text: str, name: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: a key must be base64") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name}: a key must be 32 bytes (base64 of 32 random bytes)")
    return key


def _parse_keys(text: str) -> tuple[str, dict[str, bytes]]:
    keys: dict[str, bytes] = {}
    order = []
    for item in text.split(","):
        if not item.strip():
            continue
        key_id, sep, value = item.strip().partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", key_id):
            raise ImproperlyConfigured(
                "SERI_ENCRYPTION_KEYS: each entry is id:base64key, the id 1-16 letters or digits"
            )
        keys[key_id] = _decode_key(value, "SERI_ENCRYPTION_KEYS")
        order.append(key_id)
    if not keys:
        raise ImproperlyConfigured("SERI_ENCRYPTION_KEYS is empty")
    return order[0], keys


def _generated_keys() -> tuple[str, str]:
    path = settings.DATA_DIR / "keys.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"encryption_keys": f"k1:{new_key()}", "index_key": new_key()}
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["encryption_keys"], data["index_key"]


@cache
def keyring() -> Keyring:
    keys_text = settings.SERI_ENCRYPTION_KEYS
    index_text = settings.SERI_INDEX_KEY
    if not keys_text or not index_text:
        if keys_text or index_text:
            raise ImproperlyConfigured(
                "set both SERI_ENCRYPTION_KEYS and SERI_INDEX_KEY, or neither"
            )
        keys_text, index_text = _generated_keys()
    current_id, keys = _parse_keys(keys_text)
    return Keyring(current_id, keys, _decode_key(index_text, "SERI_INDEX_KEY"))


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX + ":")


def key_id_of(stored: str) -> str | None:
    if not is_encrypted(stored):
        return None
    return stored.split(":", 2)[1]


def encrypt(plaintext: str, *, context: str) -> str:
    ring = keyring()
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(ring.keys[ring.current_id]).encrypt(
        nonce, plaintext.encode("utf-8"), context.encode()
    )
    return f"{PREFIX}:{ring.current_id}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(stored: str, *, context: str) -> str:
    if not is_encrypted(stored):
        return stored  # written before encryption was switched on; the migration encrypts it
    _prefix, key_id, payload = stored.split(":", 2)
    key = keyring().keys.get(key_id)
    if key is None:
        raise DecryptionError(f"a value is encrypted with key '{key_id}', which is not configured")
    raw = base64.b64decode(payload)
    try:
        plain = AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode())
    except Exception as exc:  # cryptography raises InvalidTag
        raise DecryptionError(f"a value in {context} failed authentication") from exc
    return plain.decode("utf-8")


def blind_index(purpose: str, normalised: str) -> str:
    digest = hmac.new(
        keyring().index_key, f"{purpose}\x00{normalised}".encode(), hashlib.sha256
    ).hexdigest()
    return digest[:32]


# --- normalisation ----------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case, width and diacritics folded: “Nguyễn” and “NGUYEN” compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Khmer, Thai, Burmese… write vowels with combining marks that belong to the word: keep
    # marks for scripts outside Latin, Greek and Cyrillic.
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.category(char) == "Mn" and kept and ord(kept[-1]) < 0x0530:
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).replace("đ", "d")


_WORD = re.compile(r"\w+", re.UNICODE)


def _is_han(char: str) -> bool:
    code = ord(char)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FA1F


def name_words(text: str) -> set[str]:
    """The searchable words of a name. Chinese names are written without spaces, so each Han
    character is also a word (张伟 is found by 张伟 and by 伟)."""
    words = set()
    for word in _WORD.findall(fold(text)):
        words.add(word)
        han = [c for c in word if _is_han(c)]
        if len(han) > 1:
            words.update(han)
    return words


def name_tokens(text: str) -> set[str]:
    return {blind_index("name", word) for word in name_words(text)}


NORMALISERS = {
    "phone": lambda value: re.sub(r"[^\d+]", "", value),
    "handle": lambda value: fold(value).strip().lstrip("@").replace(" ", ""),
    "document": lambda value: re.sub(r"[^0-9A-Z]", "", fold(value).upper()),
}


def index_of(purpose: str, value: str) -> str:
    return blind_index(purpose, NORMALISERS[purpose](value)) if value else ""
