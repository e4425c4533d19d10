# Sourced by the scripts: a virtual environment in .venv made with a Python >= 3.10.
VENV="${SERI_VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  PYTHON="${PYTHON:-python3}"
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "Seri needs Python 3.10 or newer; '$PYTHON' is $("$PYTHON" --version 2>&1)." >&2
    exit 1
  fi
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
fi
