"""Opening zip files from exports safely: a truncated or damaged zip is refused with its name,
and no member may be written outside the folder it is extracted to."""

import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from seri.intake.importers.common import ImportRefused, Problem

MAX_TOTAL_BYTES = 4 * 1024**3  # a zip bomb stops here


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
        broken = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportRefused(
            [
                Problem(
                    Path(path).name, _("not a complete zip file (truncated or damaged): %s") % exc
                )
            ]
        ) from exc
    if broken is not None:
        raise ImportRefused(
            [Problem(f"{Path(path).name}, {broken}", _("damaged inside the zip (CRC error)"))]
        )
    if sum(info.file_size for info in archive.infolist()) > MAX_TOTAL_BYTES:
        raise ImportRefused([Problem(Path(path).name, _("unpacks to more than 4 GB"))])
    return archive


def extract_zip(path: Path, folder: Path) -> None:
    folder = folder.resolve()
    with open_zip(path) as archive:
        for info in archive.infolist():
            target = (folder / info.filename).resolve()
            if folder != target and folder not in target.parents:
                raise ImportRefused(
                    [Problem(f"{Path(path).name}, {info.filename}", _("a path outside the zip"))]
                )
        archive.extractall(folder)
