"""Fail when Seri has dead code: a module-level function nothing calls, or code vulture is sure
of (unreachable code, unused imports and arguments).

Vulture reads seri/, tests/, bench/ and scripts/ (so code used only by a migration, a benchmark
or a test counts as used) and reports only on seri/. Django finds some functions by name or
decorator (signal receivers, template tags, system checks); those decorators are ignored, and
the few names an interface requires are allowed below, each with its reason.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Names an interface makes us accept though we do not use them.
INTERFACE_NAMES = {
    "app_configs": "Django system checks take app_configs",
    "schema_editor": "RunPython functions take (apps, schema_editor)",
    "renderer": "Django widgets' render() takes renderer",
    "expression": "Field.from_db_value(value, expression, connection)",
    "extra_context": "Func.as_sql(compiler, connection, **extra_context)",
    "view_args": "middleware process_view(request, view_func, view_args, view_kwargs)",
    "view_kwargs": "middleware process_view(request, view_func, view_args, view_kwargs)",
    "rcpt_options": "aiosmtpd handlers' handle_RCPT(server, session, envelope, address, …)",
}
DECORATORS = ["@receiver", "@register.*", "@*.register", "@checks.register", "@register"]


def findings() -> list[str]:
    command = [
        sys.executable,
        "-m",
        "vulture",
        "seri",
        "tests",
        "bench",
        "scripts",
        "--min-confidence",
        "60",
        "--ignore-names",
        ",".join(INTERFACE_NAMES),
        "--ignore-decorators",
        ",".join(DECORATORS),
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    if result.returncode not in (0, 3):  # 3: dead code found
        sys.exit(result.stderr or result.stdout)
    dead = []
    for line in result.stdout.splitlines():
        if not line.startswith("seri/") or "/migrations/" in line:
            continue
        if "unused function" in line or "(100% confidence)" in line:
            dead.append(line)
    return dead


def main() -> int:
    dead = findings()
    for line in dead:
        print(line)
    if dead:
        print(f"{len(dead)} pieces of dead code: delete them (or use them).", file=sys.stderr)
        return 1
    print("no dead code found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
