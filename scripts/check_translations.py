"""Check that every translatable string of Seri has a Chinese and a Khmer translation, that the
public report form's strings (message context "public report form") also have a Thai,
Vietnamese, Indonesian and Burmese one, and that the committed .mo files match the .po files.

Extracts the strings again (Django's makemessages, which needs GNU gettext's xgettext) into a
copy of the package, so a string added without translating it is caught.
Exit 0 when complete; otherwise prints what is missing, by file and line, and exits 1.
"""

import gettext
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every string must be translated in these (the staff pages' languages besides English) …
LANGUAGES = ["zh_Hans", "km"]
# … and in these, only the strings of the public report form (seri/intake/forms.py and
# seri/intake/views/public.py).
PUBLIC_FORM_LANGUAGES = ["th", "vi", "id", "my"]
PUBLIC_FORM_CONTEXT = "public report form"


def required(lang: str, context: str | None) -> bool:
    """Must this language translate a string with this message context?"""
    return lang in LANGUAGES or (lang in PUBLIC_FORM_LANGUAGES and context == PUBLIC_FORM_CONTEXT)


def parse_po(path: Path) -> list[tuple[int, str, str, bool, str | None]]:
    """(line, msgid, msgstr, fuzzy, msgctxt) for each entry; plural entries give their first
    form."""
    entries, msgid, msgstr, fuzzy, line_no, section = [], None, None, False, 0, None
    start, context, pending_context = 0, None, None

    def flush():
        if msgid is not None and msgid != "":
            entries.append((start, msgid, msgstr or "", fuzzy, context))

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            flush()
            msgid, msgstr, fuzzy, section, pending_context = None, None, True, None, None
        elif line.startswith("msgctxt "):
            if msgid is not None:
                flush()
                msgid, msgstr, fuzzy = None, None, False
            pending_context, section = _unquote(line[8:]), "ctxt"
        elif line.startswith("msgid "):
            if msgid is not None:
                flush()
                fuzzy = False
            msgid, msgstr, section, start = _unquote(line[6:]), None, "id", number
            context, pending_context = pending_context, None
        elif line.startswith("msgid_plural"):
            section = "plural"
        elif line.startswith("msgstr[0]") or line.startswith("msgstr "):
            msgstr, section = _unquote(line.split(" ", 1)[1]), "str"
        elif line.startswith("msgstr["):
            section = "other"
        elif line.startswith('"'):
            if section == "ctxt":
                pending_context += _unquote(line)
            elif section == "id":
                msgid += _unquote(line)
            elif section == "str":
                msgstr += _unquote(line)
        elif not line:
            flush()
            msgid, msgstr, fuzzy, section = None, None, False, None
            context = pending_context = None
        line_no = number
    flush()
    del line_no
    return entries


def _unquote(text: str) -> str:
    return (
        text.strip()[1:-1]
        .encode("utf-8")
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


def main() -> int:
    problems = []
    for lang in LANGUAGES + PUBLIC_FORM_LANGUAGES:
        po = ROOT / "seri" / "locale" / lang / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        if not po.exists() or not mo.exists():
            problems.append(f"{po.relative_to(ROOT)}: missing (.po or .mo)")
            continue
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog
        for line, msgid, msgstr, fuzzy, context in parse_po(po):
            where = f"{po.relative_to(ROOT)}:{line}"
            key = f"{context}\x04{msgid}" if context is not None else msgid
            if not required(lang, context):
                if msgstr and not fuzzy and key not in catalog and (key, 0) not in catalog:
                    problems.append(f"{where}: {msgid!r} is not in the .mo file: run msgfmt")
                continue
            if fuzzy:
                problems.append(f"{where}: fuzzy translation of {msgid!r}")
            elif not msgstr:
                problems.append(f"{where}: no translation of {msgid!r}")
            elif key not in catalog and (key, 0) not in catalog:
                problems.append(f"{where}: {msgid!r} is not in the .mo file: run compilemessages")

    if shutil.which("xgettext"):
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "seri"
            shutil.copytree(ROOT / "seri", copy, ignore=shutil.ignore_patterns("__pycache__"))
            env = {
                **os.environ,
                "PYTHONPATH": tmp,
                "DJANGO_SETTINGS_MODULE": "seri.settings",
                "SERI_DATA_DIR": tmp,
            }
            args = [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "--no-obsolete",
                "--no-location",
            ]
            for lang in LANGUAGES + PUBLIC_FORM_LANGUAGES:
                args += ["-l", lang]
            subprocess.run(args, cwd=copy, env=env, check=True, capture_output=True)  # noqa: S603
            for lang in LANGUAGES + PUBLIC_FORM_LANGUAGES:
                fresh = copy / "locale" / lang / "LC_MESSAGES" / "django.po"
                for _line, msgid, msgstr, fuzzy, context in parse_po(fresh):
                    if required(lang, context) and (not msgstr or fuzzy):
                        problems.append(f"seri/locale/{lang}: new string not translated: {msgid!r}")
    else:
        print("xgettext not found: new strings were not looked for", file=sys.stderr)

    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s); see docs/translating.md", file=sys.stderr)
        return 1
    print(
        "translations complete: "
        + ", ".join(LANGUAGES)
        + "; the public report form also in "
        + ", ".join(PUBLIC_FORM_LANGUAGES)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
