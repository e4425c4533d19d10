"""Growing delays after failed attempts, instead of a lock a stranger could trigger.

Each bucket (a public reference code, a device user name, a client) counts its failures in the
cache. The first FREE_FAILURES cost nothing; after that each failure makes the next attempt wait
twice as long as the one before, up to MAX_DELAY seconds. Nothing locks for a day: someone who
tries a stranger's reference delays the real reporter by minutes at most, while guessing a
12-digit passphrase or a device secret at one try per MAX_DELAY is hopeless. Buckets are named by
a keyed hash, so the cache holds no reference, user name or address. A bucket is counted whether
or not what it names exists, so the answers cannot tell a wrong passphrase from a reference that
does not exist.
"""

import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac

FREE_FAILURES = 5
MAX_DELAY = 15 * 60  # seconds
FORGET_AFTER = 24 * 60 * 60  # a bucket without failures for a day starts again


class Wait(Exception):
    """Too early after failures: try again in `seconds`."""

    def __init__(self, seconds: int):
        self.seconds = seconds
        super().__init__(f"wait {seconds} s")


def _key(bucket: str) -> str:
    return "seri:backoff:" + salted_hmac("seri.intake.throttle", bucket).hexdigest()[:32]


def delay_after(failures: int) -> int:
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES), MAX_DELAY)


def check(*buckets: str, now: float | None = None) -> None:
    """Raise Wait if any bucket is still waiting after its failures."""
    now = time.time() if now is None else now
    waits = [0]
    for bucket in buckets:
        state = cache.get(_key(bucket))
        if state:
            waits.append(int(state["last"] + delay_after(state["failures"]) - now + 0.999))
    if max(waits) > 0:
        raise Wait(max(waits))


def failed(*buckets: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    for bucket in buckets:
        key = _key(bucket)
        state = cache.get(key) or {"failures": 0, "last": now}
        cache.set(key, {"failures": state["failures"] + 1, "last": now}, timeout=FORGET_AFTER)


def succeeded(bucket: str) -> None:
    cache.delete(_key(bucket))
