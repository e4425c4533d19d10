"""The public report form's mechanics: a family member or a survivor reports someone trapped,
without an account (docs/decisions/0025-public-report-form.md). Its writes are in
seri/intake/services/public.py, its pages in seri/intake/views/public.py.

- A submission becomes a report in the triage queue of the organisation named by
  `SERI_PUBLIC_FORM_ORGANISATION`.
- The reporter gets a reference code (random: it says nothing about the report or a case) and
  a passphrase (stored hashed with Django's password hasher). With both they may add
  information (a new report that `follows` the first) or ask for the status, which is only
  "received" or "being handled".
- No IP address is stored anywhere. Rate limits count requests per client in the cache, under a
  keyed hash of the address that changes with the secret key; the cache is never persisted.
- Bots are kept out without third-party services: a honeypot field and a signed time trap.
"""

import secrets
import time
import unicodedata

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from seri.intake import throttle
from seri.intake.models import PublicReceipt
from seri.orgs.models import Organisation

# The languages of the public pages (the staff pages have en, zh-hans and km only).
PUBLIC_LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("km", "ខ្មែរ"),
    ("th", "ไทย"),
    ("vi", "Tiếng Việt"),
    ("id", "Bahasa Indonesia"),
    ("my", "မြန်မာ"),
]
PUBLIC_LANGUAGE_CODES = [code for code, _name in PUBLIC_LANGUAGES]
# The language of a report written on the form in that language (Report.language codes).
REPORT_LANGUAGE = {"zh-hans": "zh"}

# Unambiguous letters and digits (no 0/O, 1/I/L, 5/S, 2/Z, 8/B) for reading out on a phone.
REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
PASSPHRASE_GROUPS = 3  # of four digits: 10^12 passphrases, tried ever more slowly (throttle)

# Anti-bot and rate limits.
MIN_FILL_SECONDS = 3  # nobody types an account faster
MAX_FORM_AGE_SECONDS = 12 * 60 * 60
SUBMISSIONS_PER_HOUR = 20  # per client; mobile networks put many people behind one address
FOLLOW_UPS_PER_HOUR = 30  # status checks and additions, per client
_FORM_TIME_SALT = "seri.intake.public.form-time"


class NotConfigured(Exception):
    """SERI_PUBLIC_FORM_ORGANISATION is unset or names no active organisation."""


class TooManyRequests(Exception):
    pass


class ReceiptRefused(Exception):
    """The reference and passphrase do not match (the message never says which)."""


def receiving_organisation() -> Organisation:
    short_name = (getattr(settings, "SERI_PUBLIC_FORM_ORGANISATION", "") or "").strip()
    if not short_name:
        raise NotConfigured
    organisation = Organisation.objects.filter(
        short_name__iexact=short_name, is_active=True
    ).first()
    if organisation is None:
        raise NotConfigured
    return organisation


# --- clients, rate limits, bots ----------------------------------------------------------------


def client_address(request) -> str:
    """The client's address, used only to count its requests; never stored. Behind a reverse
    proxy (SERI_BEHIND_PROXY), the last X-Forwarded-For entry, which the proxy itself added."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_key(address: str) -> str:
    """A keyed hash of the address: the cache holds no address, and a hash cannot be
    reversed by trying every IPv4 address without the secret key."""
    return salted_hmac("seri.intake.public.client", address).hexdigest()[:32]


def _count(bucket: str, limit: int, window: int) -> None:
    """Count one request in a fixed window; raise when over the limit."""
    key = f"seri:public:{bucket}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    if count > limit:
        raise TooManyRequests


def rate_limit_submission(request) -> None:
    _count(f"submit:{client_key(client_address(request))}", SUBMISSIONS_PER_HOUR, 3600)


def rate_limit_follow_up(request) -> None:
    _count(f"follow:{client_key(client_address(request))}", FOLLOW_UPS_PER_HOUR, 3600)


def form_token(now: float | None = None) -> str:
    """A signed time stamp and a one-time nonce, put in the form when it is shown (the time
    trap). A token stores one report at most (`form_token_use`)."""
    shown = int(now if now is not None else time.time())
    return signing.dumps({"t": shown, "n": secrets.token_urlsafe(12)}, salt=_FORM_TIME_SALT)


def _token_data(token: str) -> dict | None:
    try:
        data = signing.loads(token or "", salt=_FORM_TIME_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("t"), int):
        return None
    if not isinstance(data.get("n"), str):
        return None
    return data


def _nonce_key(nonce: str) -> str:
    return "seri:public:token:" + salted_hmac("seri.intake.public.token", nonce).hexdigest()[:32]


def form_token_problem(token: str, now: float | None = None) -> str:
    """'' when the form was shown by this server between MIN_FILL_SECONDS and
    MAX_FORM_AGE_SECONDS ago and its token has not stored a report yet; else 'fast', 'old',
    'used' or 'bad'."""
    data = _token_data(token)
    if data is None:
        return "bad"
    age = (now if now is not None else time.time()) - data["t"]
    if age < MIN_FILL_SECONDS:
        return "fast"
    if age > MAX_FORM_AGE_SECONDS:
        return "old"
    if cache.get(_nonce_key(data["n"])):
        return "used"
    return ""


def form_token_use(token: str) -> bool:
    """Spend a token: True the first time, False if it was spent before (a replayed form).
    Kept until the token would be too old anyway."""
    data = _token_data(token)
    if data is None:
        return False
    return cache.add(_nonce_key(data["n"]), 1, timeout=MAX_FORM_AGE_SECONDS + 60)


# --- codes ---------------------------------------------------------------------------------------


def new_reference() -> str:
    letters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"SR-{letters[:4]}-{letters[4:]}"


def new_passphrase() -> str:
    return "-".join(f"{secrets.randbelow(10_000):04d}" for _ in range(PASSPHRASE_GROUPS))


def normalise_reference(text: str) -> str:
    compact = "".join(c for c in (text or "").upper() if c.isalnum())
    if compact.startswith("SR"):
        compact = compact[2:]
    return f"SR-{compact[:4]}-{compact[4:]}" if len(compact) == 8 else ""


def normalise_passphrase(text: str) -> str:
    """Digits only, in any script (Thai ๑๒๓, Khmer ១២៣, Burmese ၁၂၃ …) as ASCII digits."""
    digits = []
    for char in text or "":
        value = unicodedata.decimal(char, None)
        if value is not None:
            digits.append(str(value))
    return "".join(digits)


# --- receipts ------------------------------------------------------------------------------------


def public_receipt_check(*, reference: str, passphrase: str, client: str) -> PublicReceipt:
    """The receipt for a reference and passphrase, or ReceiptRefused: one answer whether the
    passphrase is wrong or the reference does not exist. Failures slow down the next attempts
    for that reference and from that client (seri/intake/throttle.py: `throttle.Wait`)."""
    reference = normalise_reference(reference)
    digits = normalise_passphrase(passphrase)
    buckets = (f"public-reference:{reference or '-'}", f"public-client:{client}")
    throttle.check(*buckets)
    receipt = (
        PublicReceipt.objects.filter(reference=reference).select_related("report").first()
        if reference
        else None
    )
    if receipt is None:
        make_password(digits)  # the same time whether or not the reference exists
        matches = False
    else:
        matches = check_password(digits, receipt.passphrase_hash)
    if receipt is None or not matches:
        throttle.failed(*buckets)
        raise ReceiptRefused
    throttle.succeeded(buckets[0])
    return receipt
