"""`seri check --deploy`: warnings about the deployment that Django's own checks do not cover.

- seri.W001: the data directory (SERI_DATA_DIR) can be read or entered by other accounts.
- seri.W002: files or directories in it (the SQLite database and its WAL, keys, the secret key,
  uploads, backups, logs) can be read by other accounts. Seri sets its umask to 077 before it
  writes anything (seri.settings), so these are left over from older versions or were copied in.

Collected static files are left out: they are the public stylesheets and scripts.
"""

import os
import stat
from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register

_SHOWN = 5


def _wider_than_owner(path: Path) -> bool:
    return bool(path.lstat().st_mode & 0o077)


def _too_open(root: Path, skip: set[Path]) -> list[Path]:
    found = []
    for directory, subdirectories, files in os.walk(root):
        here = Path(directory)
        subdirectories[:] = [d for d in subdirectories if here / d not in skip]
        for name in [*subdirectories, *files]:
            path = here / name
            try:
                mode = path.lstat().st_mode
            except FileNotFoundError:  # removed while we looked (a WAL at a checkpoint)
                continue
            if not stat.S_ISLNK(mode) and mode & 0o077:
                found.append(path)
    return found


@register(Tags.security, deploy=True)
def data_files_private(app_configs, **kwargs) -> list[Warning]:
    data_dir = Path(settings.DATA_DIR)
    if not data_dir.exists():
        return []
    warnings = []
    if _wider_than_owner(data_dir):
        warnings.append(
            Warning(
                f"The data directory {data_dir} can be opened by other accounts on this server.",
                hint=f"chmod 700 {data_dir}",
                id="seri.W001",
            )
        )
    skip = {Path(settings.STATIC_ROOT)}
    roots = [data_dir]
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and data_dir not in media.parents and media != data_dir:
        roots.append(media)
    too_open = [path for root in roots for path in _too_open(root, skip)]
    if too_open:
        shown = ", ".join(str(p) for p in too_open[:_SHOWN])
        more = f" and {len(too_open) - _SHOWN} more" if len(too_open) > _SHOWN else ""
        warnings.append(
            Warning(
                f"{len(too_open)} files or directories in the data directory can be read by "
                f"other accounts on this server: {shown}{more}.",
                hint=" ".join(f"chmod -R go-rwx {root}" for root in roots),
                id="seri.W002",
            )
        )
    return warnings
