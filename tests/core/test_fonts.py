"""The shipped fonts (docs/decisions/0033): every piece fonts.css names is there, with its
licence, and the PDF's selection picks the pieces that cover the text and no others."""

import io
import re

import pytest
from django.core.cache import cache

from seri.core.fonts import (
    FAMILY_STACK,
    FONTS_DIR,
    font_face_css,
    font_faces,
    shipped_fonts_fetcher,
)
from tests.conftest import BROWSER_MARKS

SCRIPTS = {
    "Noto Sans": "Tiếng Việt",
    "Noto Sans Khmer": "ខ្មែរ",
    "Noto Sans Thai": "ภาษาไทย",
    "Noto Sans Lao": "ພາສາລາວ",
    "Noto Sans Myanmar": "မြန်မာ",
    "Noto Sans Bengali": "বাংলা",
    "Noto Sans Devanagari": "हिन्दी",
    "Noto Sans Gurmukhi": "ਪੰਜਾਬੀ",
    "Noto Sans Gujarati": "ગુજરાતી",
    "Noto Sans Oriya": "ଓଡ଼ିଆ",
    "Noto Sans Tamil": "தமிழ்",
    "Noto Sans Telugu": "తెలుగు",
    "Noto Sans Kannada": "ಕನ್ನಡ",
    "Noto Sans Malayalam": "മലയാളം",
    "Noto Sans Sinhala": "සිංහල",
    "Noto Naskh Arabic": "اردو",
    "Noto Sans Hebrew": "עברית",
    "Noto Sans Ethiopic": "አማርኛ ትግርኛ",
    "Noto Sans SC": "中文臺灣",
    "Noto Sans KR": "한국어",
    "Noto Sans JP": "ひらがなカタカナ",
}


def test_every_piece_is_shipped_with_its_licence_at_the_weights_used():
    faces = font_faces()
    assert {face.family for face in faces} == set(SCRIPTS)
    assert {face.weight for face in faces} == {400, 700}
    for face in faces:
        assert face.path.is_file() and face.path.suffix == ".woff2"
        assert "Open Font License" in (face.path.parent / "OFL.txt").read_text()
    shipped = list(FONTS_DIR.rglob("*.woff2"))
    assert len(shipped) == len(faces)  # nothing shipped that the stylesheet does not use
    assert sum(path.stat().st_size for path in shipped) < 10_000_000


def test_each_script_is_covered_by_its_own_family():
    for family, text in SCRIPTS.items():
        letters = [ch for ch in text if ch.isalpha()]
        for ch in letters:
            covering = {f.family for f in font_faces() if ord(ch) in f.codepoints}
            assert family in covering, (family, ch)


def test_each_cjk_script_has_one_family_and_sc_draws_han_first():
    """SC draws Han (also in a Japanese name), KR Hangul and JP kana: no two CJK families'
    ranges share a code point, so neither the order nor WeasyPrint can pick the wrong one."""
    stack = [name.strip(" '") for name in FAMILY_STACK.split(",")]
    assert stack.index("Noto Sans SC") < stack.index("Noto Sans KR") < stack.index("Noto Sans JP")
    assert set(stack) == set(SCRIPTS)
    cjk = {"Noto Sans SC", "Noto Sans KR", "Noto Sans JP"}
    drawn = {family: set() for family in cjk}
    for face in font_faces():
        if face.family in cjk:
            drawn[face.family] |= face.codepoints
    assert not drawn["Noto Sans SC"] & drawn["Noto Sans KR"]
    assert not drawn["Noto Sans SC"] & drawn["Noto Sans JP"]
    assert not drawn["Noto Sans KR"] & drawn["Noto Sans JP"]
    for ch in "山﨑髙橋佐藤":  # the kanji of Japanese names, with their variants, are in SC
        assert ord(ch) in drawn["Noto Sans SC"], ch
    for ch in "김민준ㄱ":
        assert ord(ch) in drawn["Noto Sans KR"], ch
    for ch in "さとうサトウー":
        assert ord(ch) in drawn["Noto Sans JP"], ch


def test_the_pdf_gets_only_the_pieces_its_text_needs():
    css = font_face_css("Seri ករណី 西哈努克")
    families = set(re.findall(r"font-family: '([^']+)'", css))
    assert "Noto Sans Khmer khmer" in families
    assert "Noto Sans latin" in families
    assert any(name.startswith("Noto Sans SC ") for name in families)
    assert not any("Thai" in name or "Myanmar" in name for name in families)
    assert len(re.findall("@font-face", css)) < 20
    assert "file:///" in css


@pytest.mark.parametrize(
    ("language", "family", "typed"),
    [
        ("th", "Noto Sans Thai", "สมชาย ใจดี"),
        ("my", "Noto Sans Myanmar", "မောင်မောင်"),
        ("vi", "Noto Sans Bengali", "মোহাম্মদ রহিম"),  # a Bangladeshi name on the Vietnamese form
        ("en", "Noto Sans KR", "테스트 김민준"),
        ("en", "Noto Sans Tamil", "சோதனை குமார்"),
        ("en", "Noto Sans Ethiopic", "ሙከራ ተስፋዬ"),
    ],
)
@BROWSER_MARKS[0]
@BROWSER_MARKS[1]
@pytest.mark.django_db(transaction=True)
def test_the_public_form_draws_every_script_with_the_shipped_fonts(
    settings, ngo, live_server, page, language, family, typed
):
    """Names in Thai, Burmese, Bengali, Korean, Tamil or Amharic no longer depend on the
    reader's machine: the page fetches the shipped piece for the script it shows
    (document.fonts lists only @font-face fonts, so a loaded one is Seri's own, not an
    installed one)."""
    settings.SERI_PUBLIC_FORM_ORGANISATION = ngo.short_name
    cache.clear()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/intake/report/?lang={language}")
    page.locator("textarea").first.fill(typed)
    page.evaluate("document.fonts.ready")
    page.wait_for_function(
        "family => [...document.fonts].some(f => f.family.replace(/[\"']/g, '') === family"
        " && f.status === 'loaded')",
        arg=family,
    )
    fetched = page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.endsWith('.woff2'))"
    )
    assert all(url.startswith(live_server.url + "/static/fonts/") for url in fetched)
    assert any(f"/{family.lower().replace(' ', '-')}/" in url for url in fetched), fetched


# WeasyPrint warns when fontconfig lists no font: that is what the test arranges.
@pytest.mark.filterwarnings("ignore:No fonts configured in FontConfig")
def test_a_pdf_draws_korean_tamil_and_amharic_names_with_the_shipped_fonts(tmp_path, monkeypatch):
    """A page of synthetic names rendered as the brief renders it (WeasyPrint, the shipped
    pieces only) on a machine with no font at all: fontconfig is pointed at an empty folder,
    so every embedded font is a shipped piece and the names read back."""
    from pypdf import PdfReader
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    (tmp_path / "empty").mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><fontconfig>'
        f"<dir>{tmp_path / 'empty'}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
        "</fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    names = ["테스트 김", "சோதனை குமார்", "ሙከራ ተስፋዬ", "テスト さとう", "Test Person"]
    html = (
        f'<html><body style="font-family: {FAMILY_STACK}">'
        + "".join(f"<p>{name}</p>" for name in names)
        + "<p><b>테스트 김</b></p></body></html>"
    )
    font_config = FontConfiguration()
    fetcher = shipped_fonts_fetcher()
    shipped = CSS(string=font_face_css(html), font_config=font_config, url_fetcher=fetcher)
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[shipped], font_config=font_config
    )
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for font in page["/Resources"]["/Font"].get_object().values()
    }
    assert "Noto-Sans-Tamil-tamil" in fonts
    assert "Noto-Sans-Ethiopic-ethiopic" in fonts
    assert any(name.startswith("Noto-Sans-KR-") for name in fonts)
    assert any(name.startswith("Noto-Sans-JP-") for name in fonts)
    assert all(name.startswith("Noto-") for name in fonts), fonts
    text = page.extract_text()
    for word in ("테스트", "김", "ሙከራ", "さとう", "Test"):
        assert word in text, (word, text)
