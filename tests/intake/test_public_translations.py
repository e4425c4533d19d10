"""The public report form's strings are translated into Thai, Vietnamese, Indonesian and
Burmese, and compiled; the translation check asks those languages for that context only."""

import importlib.util
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import pgettext

ROOT = Path(__file__).resolve().parent.parent.parent
spec = importlib.util.spec_from_file_location(
    "check_translations", ROOT / "scripts" / "check_translations.py"
)
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


def test_the_check_asks_the_public_form_languages_for_the_form_only():
    assert check.required("km", None) and check.required("zh_Hans", check.PUBLIC_FORM_CONTEXT)
    assert check.required("th", check.PUBLIC_FORM_CONTEXT)
    assert not check.required("th", None) and not check.required("my", "some other context")


@pytest.mark.parametrize("lang", check.PUBLIC_FORM_LANGUAGES)
def test_every_public_form_string_is_translated_and_compiled(lang, tmp_path):
    po = ROOT / "seri" / "locale" / lang / "LC_MESSAGES" / "django.po"
    entries = [e for e in check.parse_po(po) if e[4] == check.PUBLIC_FORM_CONTEXT]
    assert len(entries) >= 40
    missing = [msgid for _line, msgid, msgstr, fuzzy, _ctx in entries if not msgstr or fuzzy]
    assert not missing
    django_lang = {"zh_Hans": "zh-hans"}.get(lang, lang)
    with translation.override(django_lang):
        for _line, msgid, msgstr, _fuzzy, context in entries:
            assert pgettext(context, msgid) == msgstr, msgid

    # A context string left untranslated is found by the parser the check uses.
    text = po.read_text(encoding="utf-8")
    first = entries[0]
    blanked = text.replace(f'msgstr "{first[2]}"', 'msgstr ""', 1)
    copy = tmp_path / "django.po"
    copy.write_text(blanked, encoding="utf-8")
    again = [e for e in check.parse_po(copy) if e[4] == check.PUBLIC_FORM_CONTEXT and not e[2]]
    assert [e[1] for e in again] == [first[1]]
