"""Expanding the zip files of chat exports without letting them hurt the server.

The sizes a zip declares are not trusted: members are expanded as streams, counting the bytes
really written, and expansion stops when the whole would pass `SERI_IMPORT_MAX_UNPACKED_MB`
(default 2048) or a member expands more than `SERI_IMPORT_MAX_ZIP_RATIO` times (default 200)
its compressed size once past a megabyte (text compresses 5 to 20 times, media hardly at all;
zip bombs a thousand times and more). A member named with `..`, an absolute path, a drive
letter or a link is refused, the same way for WhatsApp and Telegram. A refused archive leaves
nothing behind: what was written is removed.
"""

import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext_lazy

from seri.intake.importers.common import ImportRefused, Problem, register_texts

CHUNK = 1 << 16
RATIO_FREE_BYTES = 1 << 20  # small members may compress as well as they like

register_texts(
    {
        "zip.damaged": gettext_lazy("not a complete zip file (truncated or damaged): %s"),
        "zip.too_large": gettext_lazy("unpacks to more than %d MB"),
        "zip.bomb": gettext_lazy("expands more than %d times its packed size (a zip bomb?)"),
        "zip.member_damaged": gettext_lazy(
            "damaged inside the zip (truncated, CRC error or unknown method)"
        ),
        "zip.outside": gettext_lazy("a path outside the zip (“..”, absolute or a link): refused"),
    }
)


def max_unpacked_bytes() -> int:
    return int(settings.SERI_IMPORT_MAX_UNPACKED_MB) * 1024**2


def max_ratio() -> int:
    return int(settings.SERI_IMPORT_MAX_ZIP_RATIO)


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportRefused(
            [Problem.of([["file", Path(path).name]], "zip.damaged", str(exc))]
        ) from exc


def member_path(info: zipfile.ZipInfo) -> PurePosixPath | None:
    """Where a member may be written, relative to the folder; None if it may not."""
    name = info.filename.replace("\\", "/")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or name.startswith("/") or ".." in path.parts:
        return None
    if path.parts and len(path.parts[0]) == 2 and path.parts[0][1] == ":":  # C:
        return None
    return path


class _Budget:
    def __init__(self, archive_name: str):
        self.archive_name = archive_name
        self.left = max_unpacked_bytes()

    def refuse(self, member: str, code: str, value: object = None) -> ImportRefused:
        place = [["file", self.archive_name], ["file", member]]
        return ImportRefused([Problem.of(place, code, value)])


def _copy(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: _Budget):
    written = 0
    limit = max(RATIO_FREE_BYTES, info.compress_size * max_ratio())
    try:
        with archive.open(info) as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                budget.left -= len(chunk)
                if budget.left < 0:
                    raise budget.refuse(
                        info.filename, "zip.too_large", max_unpacked_bytes() // 1024**2
                    )
                if written > limit:
                    raise budget.refuse(info.filename, "zip.bomb", max_ratio())
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise budget.refuse(info.filename, "zip.member_damaged") from exc


def extract_zip(path: Path, folder: Path, *, flat: bool = False) -> dict[str, Path]:
    """Expand the zip at `path` into `folder`, a new folder inside the import's own one.
    Returns each member's name (as the zip writes it) and where it was written: under its own
    relative path, or, with `flat`, under a name made from its position (WhatsApp media are
    then found by their file name)."""
    path, folder = Path(path), Path(folder)
    written: dict[str, Path] = {}
    budget = _Budget(path.name)
    folder.mkdir(parents=True)
    try:
        with open_zip(path) as archive:
            members = archive.infolist()
            for info in members:
                if member_path(info) is None:
                    raise budget.refuse(info.filename, "zip.outside")
            for number, info in enumerate(members):
                if info.is_dir():
                    continue
                relative = member_path(info)
                target = folder / (f"member-{number}" if flat else str(relative))
                target.parent.mkdir(parents=True, exist_ok=True)
                _copy(archive, info, target, budget)
                written[info.filename] = target
    except ImportRefused:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return written
