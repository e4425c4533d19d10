"""The `seri` command: every management command of the project, with Seri's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seri.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["seri", *sys.argv[1:]])


if __name__ == "__main__":
    main()
