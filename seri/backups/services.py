"""Backups: one encrypted file holding a consistent snapshot of the database and of the stored
files, and restoring it into an empty installation.

A backup file is the encrypted stream of `seri.backups.encryption` around an uncompressed tar
archive, in this order:

    database/seri.sqlite3 or database/seri.pgdump   the database snapshot
    files/<path>                                    every file under MEDIA_ROOT
    manifest.json                                   what the archive holds (see `_manifest`)

The manifest comes last so that each file is hashed while it is archived, read only once.

Consistency: the database is snapshotted first, in one step (SQLite's online backup API in a
single pass; for PostgreSQL pg_dump inside an exported REPEATABLE READ snapshot, the same
snapshot the migration state is read from). The files are archived after it. Stored files are
written before the row that refers to them commits and are never changed or deleted (originals
are immutable), so every file the snapshot refers to is in the archive; a file uploaded during
the backup may be there too, unreferenced, which is harmless.

Restoring writes nothing to the installation until the whole file has been decrypted and
authenticated (including its last chunk) into a staging directory and every member matched its
SHA-256 in the manifest.

The key never goes into the database or the backup: it comes from SERI_BACKUP_KEY or
SERI_BACKUP_KEY_FILE (settings.SERI_BACKUP_KEY).
"""

import base64
import binascii
import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Literal

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seri.backups.encryption import (
    KEY_BYTES,
    DecryptingReader,
    EncryptingWriter,
    EncryptionError,
)

FORMAT = 1
MANIFEST_MEMBER = "manifest.json"
FILES_PREFIX = "files/"
ENGINES = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgresql",
}
DATABASE_MEMBERS = {"sqlite": "database/seri.sqlite3", "postgresql": "database/seri.pgdump"}
ENGINE_OF_MEMBER = {member: engine for engine, member in DATABASE_MEMBERS.items()}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Models whose rows `migrate` creates by itself: Django's content types and permissions, and
# the heads of the hash chains (derived from the chained tables, which are checked themselves).
# An installation with rows only in these (and in the migration history) is still empty.
BOOKKEEPING_MODELS = ("contenttypes.ContentType", "auth.Permission", "audit.ChainHead")
# Connection settings of the PostgreSQL client programs, passed in their environment so that
# nothing (above all not the password) appears on a command line.
LIBPQ_ENVIRONMENT: dict[Literal["HOST", "PORT", "USER", "PASSWORD"], str] = {
    "HOST": "PGHOST",
    "PORT": "PGPORT",
    "USER": "PGUSER",
    "PASSWORD": "PGPASSWORD",
}
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "passfile": "PGPASSFILE",
}
# What can go wrong outside Seri's control (a full disk, an unreachable or locked database):
# reported as a BackupError, without a traceback.
FAILURES = (OSError, sqlite3.Error, psycopg.Error, DatabaseError)
COPY_BYTES = 1024 * 1024
ERROR_TAIL = 2000


class BackupError(Exception):
    """Backing up or restoring cannot go on; the message says why and is shown as it is."""


class BackupKeyError(BackupError):
    pass


class RestoreTargetNotEmpty(BackupError):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    file_count: int
    database_size: int
    seconds: float


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    file_count: int
    seconds: float
    # Migrations this version of Seri has and the backup's database does not: run `migrate`.
    pending_migrations: list[str] = field(default_factory=list)


def backup_key_generate() -> str:
    """A new random backup key, as SERI_BACKUP_KEY expects it (URL-safe base64 of 32 bytes)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def backup_key_decode(value: str | None) -> bytes:
    """The 32-byte key from SERI_BACKUP_KEY's text (standard or URL-safe base64)."""
    if not value or not value.strip():
        raise BackupKeyError(
            _(
                "No backup key is configured. Set SERI_BACKUP_KEY (or SERI_BACKUP_KEY_FILE, the "
                "path of a file holding it) to a key made with `seri backup --generate-key`, "
                "and keep a copy of the key apart from the backups: without it they cannot be "
                "restored."
            )
        )
    text = value.strip().replace("-", "+").replace("_", "/")
    text += "=" * (-len(text) % 4)
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise BackupKeyError(
            _(
                "SERI_BACKUP_KEY is not a valid backup key: it must be 32 bytes in base64, as "
                "made by `seri backup --generate-key`."
            )
        )
    return key


def backup_create(*, key: bytes, output: Path | None = None) -> BackupResult:
    """Write an encrypted backup of the database and of the stored files to `output` (by
    default DATA_DIR/backups/seri-<UTC time>.seribackup). The file appears under its name only
    once it is complete."""
    started = time.monotonic()
    created_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    engine = _engine()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if output is None:
        output = (
            Path(settings.DATA_DIR) / "backups" / f"seri-{created_at:%Y%m%dT%H%M%SZ}.seribackup"
        )
    output = output.resolve()
    if output.is_relative_to(media_root):
        raise BackupError(
            _("Write the backup outside the stored files (%(path)s).") % {"path": media_root}
        )
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with _staging_directory() as staging:
            database_path = staging / "database"
            if engine == "sqlite":
                migrations = _sqlite_snapshot(database_path)
            else:
                migrations = _postgresql_snapshot(database_path)
            partial = output.with_name(f".{output.name}.{secrets.token_hex(4)}.partial")
            try:
                with _create_private(partial) as target:
                    writer = EncryptingWriter(target, key)
                    # The stubs ask every file object for tell() and seek(); a stream ("w|")
                    # only writes.
                    with tarfile.open(  # type: ignore[call-overload]
                        fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT
                    ) as archive:
                        database_entry = _archive_file(
                            archive, DATABASE_MEMBERS[engine], database_path
                        )
                        files = [
                            {
                                "path": relative,
                                **_archive_file(archive, FILES_PREFIX + relative, path),
                            }
                            for relative, path in _stored_files(media_root)
                        ]
                        manifest = _manifest(
                            created_at=created_at,
                            engine=engine,
                            database={"member": DATABASE_MEMBERS[engine], **database_entry},
                            migrations=migrations,
                            files=files,
                        )
                        _archive_bytes(archive, MANIFEST_MEMBER, _manifest_bytes(manifest))
                    writer.close()
                    target.flush()
                    os.fsync(target.fileno())
                os.replace(partial, output)
            finally:
                partial.unlink(missing_ok=True)
    except FAILURES as error:
        raise BackupError(_("The backup failed: %(error)s") % {"error": error}) from error
    return BackupResult(
        path=output,
        size=output.stat().st_size,
        file_count=len(files),
        database_size=database_entry["size"],
        seconds=time.monotonic() - started,
    )


def backup_check(*, key: bytes, path: Path) -> dict[str, Any]:
    """Decrypt and check a backup completely (every chunk, every SHA-256) without restoring
    it; returns its manifest."""
    try:
        with _staging_directory() as staging:
            return _unpack(key=key, path=path, staging=staging)
    except FAILURES as error:
        raise BackupError(
            _("The backup could not be read: %(error)s") % {"error": error}
        ) from error


def backup_restore(*, key: bytes, path: Path, force: bool = False) -> RestoreResult:
    """Restore a backup into this installation, which must be empty unless `force`.

    Nothing in the installation is touched until the whole file is authenticated and checked.
    With `force`, the database is replaced (SQLite) or its objects dropped and recreated from
    the backup (PostgreSQL); stored files of the backup overwrite files of the same name, and
    other stored files are left in place (files are never deleted).
    """
    started = time.monotonic()
    engine = _engine()
    if not path.is_file():
        raise BackupError(_("There is no backup file at %(path)s.") % {"path": path})
    try:
        if not force:
            _ensure_empty()
        with _staging_directory() as staging:
            manifest = _unpack(key=key, path=path, staging=staging, engine=engine)
            pending = _check_migrations(manifest["migrations"])
            database = staging / manifest["database"]["member"]
            if engine == "sqlite":
                _sqlite_install(database)
            else:
                _postgresql_install(database)
            _files_install(staging, manifest["files"])
    except FAILURES as error:
        raise BackupError(_("The restore failed: %(error)s") % {"error": error}) from error
    return RestoreResult(
        manifest=manifest,
        file_count=len(manifest["files"]),
        seconds=time.monotonic() - started,
        pending_migrations=pending,
    )


# Backing up


def _engine() -> str:
    engine = ENGINES.get(settings.DATABASES["default"]["ENGINE"])
    if engine is None:
        raise BackupError(_("Backups support SQLite and PostgreSQL databases only."))
    return engine


@contextmanager
def _staging_directory() -> Iterator[Path]:
    # Under DATA_DIR rather than /tmp: the snapshot can be as large as the database, /tmp is
    # often memory, and a rename into place works within one file system. mkdtemp makes it 0700.
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    directory = Path(tempfile.mkdtemp(prefix=".seri-backup-", dir=data_dir))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def _create_private(path: Path) -> Iterator[BinaryIO]:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        yield file


def _sqlite_snapshot(destination: Path) -> dict[str, list[str]]:
    source_path = Path(settings.DATABASES["default"]["NAME"])
    if not source_path.is_file():
        raise BackupError(
            _("There is no database at %(path)s: nothing to back up.") % {"path": source_path}
        )
    # One backup step (pages=-1) copies the whole database inside one read transaction: a
    # consistent snapshot. In WAL mode, writers go on meanwhile.
    with (
        closing(sqlite3.connect(source_path, timeout=20)) as source,
        closing(sqlite3.connect(destination)) as target,
    ):
        source.backup(target, pages=-1)
        # A self-contained file: no -wal beside it. Seri switches it back to WAL when it opens it.
        target.execute("PRAGMA journal_mode=DELETE")
        try:
            rows = target.execute("SELECT app, name FROM django_migrations").fetchall()
        except sqlite3.OperationalError:  # a database that was never migrated
            rows = []
    return _migrations_by_app(rows)


def _postgresql_snapshot(destination: Path) -> dict[str, list[str]]:
    pg_dump = _program("pg_dump")
    # pg_dump runs inside a snapshot exported from our own REPEATABLE READ transaction, so the
    # migration state read here is that of the dump.
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = raw.execute("SELECT pg_export_snapshot()").fetchone()[0]
        if raw.execute("SELECT to_regclass('django_migrations')").fetchone()[0] is None:
            rows = []
        else:
            rows = raw.execute("SELECT app, name FROM django_migrations").fetchall()
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={destination}",
            ],
            program="pg_dump",
        )
        raw.execute("COMMIT")
    finally:
        raw.close()
    return _migrations_by_app(rows)


def _migrations_by_app(rows) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _stored_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    """(path relative to MEDIA_ROOT, absolute path) of every regular file, in a stable order.
    Symbolic links are not followed: what they point to is not Seri's to back up."""
    if not media_root.is_dir():
        return
    for directory, subdirectories, names in os.walk(media_root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(media_root).as_posix(), path


class _HashingReader:
    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _archive_file(archive: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    with open(path, "rb") as file:
        info = tarfile.TarInfo(name)
        status = os.fstat(file.fileno())
        info.size, info.mtime, info.mode = status.st_size, int(status.st_mtime), 0o600
        reader = _HashingReader(file)
        archive.addfile(info, reader)  # reads exactly info.size bytes, or fails
    return {"size": reader.size, "sha256": reader.sha256.hexdigest()}


def _archive_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _seri_version() -> str:
    try:
        return importlib.metadata.version("seri")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _manifest(
    *,
    created_at: dt.datetime,
    engine: str,
    database: dict[str, Any],
    migrations: dict[str, list[str]],
    files: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "seri_version": _seri_version(),
        "created_at": created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "database": {"engine": engine, **database},
        "migrations": migrations,
        "files": files,
    }


def _manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8")


# Restoring


def _bookkeeping_tables() -> set[str]:
    tables = {"django_migrations"}
    for label in BOOKKEEPING_MODELS:
        with suppress(LookupError):  # an app this version does not have
            tables.add(apps.get_model(label)._meta.db_table)
    return tables


def _ensure_empty() -> None:
    busy = []
    bookkeeping = _bookkeeping_tables()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in bookkeeping:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                busy.append(table)
    connections.close_all()
    if busy:
        raise RestoreTargetNotEmpty(
            ngettext(
                "The database of this installation already holds data (in %(count)d table: "
                "%(example)s). Restore into an empty installation, or add --force to replace "
                "what is there.",
                "The database of this installation already holds data (in %(count)d tables, "
                "such as %(example)s). Restore into an empty installation, or add --force to "
                "replace what is there.",
                len(busy),
            )
            % {"count": len(busy), "example": busy[0]}
        )
    media_root = Path(settings.MEDIA_ROOT)
    if next(_stored_files(media_root), None) is not None:
        raise RestoreTargetNotEmpty(
            _(
                "The stored files directory %(path)s is not empty. Restore into an empty "
                "installation, or add --force to restore over it."
            )
            % {"path": media_root}
        )


def _member_path(staging: Path, name: str) -> Path:
    """Where a member of the archive goes in the staging directory; refuses anything but a
    plain relative path (the archive is authenticated, but never trust paths blindly)."""
    posix = PurePosixPath(name)
    if (
        posix.is_absolute()
        or not posix.parts
        or any(part in {"", ".", ".."} for part in posix.parts)
        or "\\" in name
        or "\x00" in name
    ):
        raise BackupError(_("This backup holds an invalid path: %(name)s") % {"name": name})
    return staging.joinpath(*posix.parts)


def _ensure_same_engine(backup_engine: str, engine: str) -> None:
    if backup_engine != engine:
        raise BackupError(
            _(
                "This backup holds a %(backup)s database and this installation uses "
                "%(current)s. Restoring across database engines is not supported: restore "
                "into an installation that uses %(backup)s."
            )
            % {
                "backup": ENGINE_NAMES.get(backup_engine, backup_engine),
                "current": ENGINE_NAMES[engine],
            }
        )


def _unpack(*, key: bytes, path: Path, staging: Path, engine: str | None = None) -> dict[str, Any]:
    """Decrypt and extract the backup at `path` into `staging`; return its manifest once the
    whole file authenticated and every member matched its SHA-256. With `engine`, refuse a
    backup of another database engine (as soon as its database member shows it)."""
    if not path.is_file():
        raise BackupError(_("There is no backup file at %(path)s.") % {"path": path})
    damaged = _("This backup file is damaged or was changed: %(reason)s. Nothing was restored.")
    extracted: dict[str, dict[str, Any]] = {}
    try:
        with open(path, "rb") as source:
            reader = DecryptingReader(source, key)
            # The stubs ask every file object for tell() and seek(); a stream ("r|") only reads.
            with tarfile.open(fileobj=reader, mode="r|") as archive:  # type: ignore[call-overload]
                for member in archive:
                    if not member.isfile() or member.name in extracted:
                        raise BackupError(damaged % {"reason": member.name})
                    if engine and member.name in ENGINE_OF_MEMBER:
                        _ensure_same_engine(ENGINE_OF_MEMBER[member.name], engine)
                    target = _member_path(staging, member.name)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    extracted[member.name] = _extract(archive.extractfile(member), target)
            # The archive ends before the encrypted stream does (tar pads its last record):
            # read to the end, so that the last chunk, and with it the whole file, is
            # authenticated.
            while reader.read(COPY_BYTES):
                pass
    except EncryptionError as error:
        raise BackupError(str(error)) from None
    except tarfile.TarError as error:
        raise BackupError(damaged % {"reason": error}) from None
    manifest_entry = extracted.pop(MANIFEST_MEMBER, None)
    if manifest_entry is None:
        raise BackupError(damaged % {"reason": _("it has no manifest")})
    try:
        manifest = json.loads((staging / MANIFEST_MEMBER).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError(
                _("This backup was made by another version of Seri (manifest format %(format)s).")
                % {"format": manifest.get("format")}
            )
        expected = {manifest["database"]["member"]: manifest["database"]}
        for entry in manifest["files"]:
            expected[FILES_PREFIX + entry["path"]] = entry
        if manifest["database"]["engine"] not in DATABASE_MEMBERS or not isinstance(
            manifest["migrations"], dict
        ):
            raise ValueError(manifest["database"]["engine"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupError(damaged % {"reason": _("its manifest is not valid")}) from None
    if set(expected) != set(extracted):
        raise BackupError(damaged % {"reason": _("its contents do not match its manifest")})
    if engine:
        _ensure_same_engine(manifest["database"]["engine"], engine)
    for name, entry in expected.items():
        if (entry["size"], entry["sha256"]) != (extracted[name]["size"], extracted[name]["sha256"]):
            raise BackupError(
                damaged % {"reason": _("%(name)s has the wrong SHA-256") % {"name": name}}
            )
    return manifest


def _extract(source: BinaryIO | None, target: Path) -> dict[str, Any]:
    digest, size = hashlib.sha256(), 0
    with _create_private(target) as file:
        while source is not None and (data := source.read(COPY_BYTES)):
            digest.update(data)
            size += len(data)
            file.write(data)
    return {"size": size, "sha256": digest.hexdigest()}


def _check_migrations(applied: dict[str, list[str]]) -> list[str]:
    """Refuse a backup from a newer Seri (its database has migrations this code does not know);
    return the migrations of this code that the backup lacks."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    in_backup = {(app, name) for app, names in applied.items() for name in names}
    unknown = sorted(f"{app}.{name}" for app, name in in_backup - known)
    if unknown:
        raise BackupError(
            _(
                "This backup comes from a newer version of Seri: its database has migrations "
                "this version does not know (%(migrations)s). Upgrade Seri, then restore."
            )
            % {"migrations": ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")}
        )
    return sorted(f"{app}.{name}" for app, name in known - in_backup)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sqlite_install(database: Path) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    connections.close_all()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Move the snapshot next to the target first (a copy if they are on different file
    # systems), so that the final step is one atomic rename.
    incoming = target.with_name(f".{target.name}.{secrets.token_hex(4)}.restoring")
    try:
        shutil.move(database, incoming)
        with open(incoming, "rb+") as file:
            os.fsync(file.fileno())
        # The old database's write-ahead log must not be replayed into the restored one.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(incoming, target)
        _fsync_directory(target.parent)
    finally:
        incoming.unlink(missing_ok=True)


def _postgresql_install(dump: Path) -> None:
    pg_restore = _program("pg_restore")
    connections.close_all()
    # One transaction: if anything fails, the database is left as it was.
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            # Only the database name: the rest, with the password, is in the environment.
            "--dbname",
            psycopg.conninfo.make_conninfo(dbname=settings.DATABASES["default"]["NAME"]),
            str(dump),
        ],
        program="pg_restore",
    )


def _files_install(staging: Path, files: list[dict[str, Any]]) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    permissions = settings.FILE_UPLOAD_PERMISSIONS or 0o600
    for entry in files:
        source = _member_path(staging, FILES_PREFIX + entry["path"])
        target = _member_path(media_root, entry["path"])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
        target.chmod(permissions)


# PostgreSQL client programs


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "%(program)s was not found. Install the PostgreSQL client programs of the "
                "server's version or newer (for example apt-get install postgresql-client)."
            )
            % {"program": name}
        )
    return path


def _libpq_environment() -> dict[str, str]:
    database = settings.DATABASES["default"]
    environment = dict(os.environ)
    environment["PGDATABASE"] = str(database["NAME"])
    for setting, variable in LIBPQ_ENVIRONMENT.items():
        if database.get(setting):
            environment[variable] = str(database[setting])
    for option, variable in LIBPQ_OPTIONS.items():
        if database.get("OPTIONS", {}).get(option):
            environment[variable] = str(database["OPTIONS"][option])
    return environment


def _run(command: list[str], *, program: str) -> None:
    result = subprocess.run(  # noqa: S603  (fixed programs, no shell, no secrets in argv)
        command,
        env=_libpq_environment(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": program, "error": result.stderr.strip()[-ERROR_TAIL:]}
        )
