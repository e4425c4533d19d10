"""The cache is shared by every process (issue 20, item 6): the public form's rate limit holds
across two processes, whether the cache is the database (the default) or Redis."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured

from seri.intake.public import SUBMISSIONS_PER_HOUR

ROOT = Path(__file__).resolve().parents[2]

# Each process submits `count` times from the same address and prints how many were refused.
SUBMIT = """
import sys
from django.test import RequestFactory
from seri.intake.public import TooManyRequests, rate_limit_submission
refused = 0
for _ in range(int(sys.argv[1])):
    try:
        rate_limit_submission(RequestFactory().post("/", REMOTE_ADDR="192.0.2.7"))
    except TooManyRequests:
        refused += 1
print(refused)
"""


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def _env(tmp_path: Path, cache_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERI_")}
    return {
        **env,
        "SERI_DATA_DIR": str(tmp_path),
        "SERI_DATABASE_URL": f"sqlite:///{tmp_path / 'seri.sqlite3'}",
        "SERI_CACHE_URL": cache_url,
        "DJANGO_SETTINGS_MODULE": "seri.settings",
    }


def _seri(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "seri", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.parametrize("kind", ["db", "redis"])
def test_the_public_form_limit_holds_across_two_processes(tmp_path, kind):
    if kind == "redis":
        if not _redis_up():
            pytest.skip("no Redis server on 127.0.0.1:6379")
        # Not cleared first: the SQLite and PostgreSQL runs of CI share this Redis database,
        # and clearing it between another run's two processes lost that run's count. The keys
        # are this test's own: keyed with the secret of its fresh data directory.
        cache_url = "redis://127.0.0.1:6379/15"
    else:
        cache_url = "db://seri_cache"
        _seri(_env(tmp_path, cache_url), "createcachetable")
    env = _env(tmp_path, cache_url)
    first = SUBMISSIONS_PER_HOUR - 5
    # Two processes one after the other: each alone would stay under the limit with 15.
    refused_first = _submit(env, first)
    refused_second = _submit(env, 15)
    assert refused_first == 0
    assert refused_second == 15 - 5  # the second process saw the first one's count


def _submit(env: dict, count: int) -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import django\ndjango.setup()\n" + SUBMIT, str(count)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return int(done.stdout.strip().splitlines()[-1])


def test_the_default_cache_is_the_database_and_its_table_exists(db):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    # Two clients of the same setting (as two processes would have) see one another's writes.
    one, other = caches.create_connection("default"), caches.create_connection("default")
    one.set("seri:test:shared", 41)
    assert other.incr("seri:test:shared") == 42
    assert one.get("seri:test:shared") == 42


def test_cache_urls():
    from seri.settings import _cache

    assert _cache("redis://127.0.0.1:6379/0")["BACKEND"].endswith("RedisCache")
    assert _cache("db://seri_cache") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "seri_cache",
    }
    with pytest.raises(ImproperlyConfigured):
        _cache("db://seri cache; drop table")
    with pytest.raises(ImproperlyConfigured):
        _cache("memcached://x")
