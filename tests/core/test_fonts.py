"""The shipped fonts (docs/decisions/0033): every piece fonts.css names is there, with its
licence, and the PDF's selection picks the pieces that cover the text and no others."""

import re

from seri.core.fonts import FONTS_DIR, font_face_css, font_faces

SCRIPTS = {
    "Noto Sans": "Tiếng Việt",
    "Noto Sans Khmer": "ខ្មែរ",
    "Noto Sans Thai": "ภาษาไทย",
    "Noto Sans Lao": "ພາສາລາວ",
    "Noto Sans Myanmar": "မြန်မာ",
    "Noto Sans Bengali": "বাংলা",
    "Noto Sans Devanagari": "हिन्दी",
    "Noto Naskh Arabic": "اردو",
    "Noto Sans SC": "中文臺灣",
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
    assert sum(path.stat().st_size for path in shipped) < 7_000_000


def test_each_script_is_covered_by_its_own_family():
    for family, text in SCRIPTS.items():
        letters = [ch for ch in text if ch.isalpha()]
        for ch in letters:
            covering = {f.family for f in font_faces() if ord(ch) in f.codepoints}
            assert family in covering, (family, ch)


def test_the_pdf_gets_only_the_pieces_its_text_needs():
    css = font_face_css("Seri ករណី 西哈努克")
    families = set(re.findall(r"font-family: '([^']+)'", css))
    assert "Noto Sans Khmer khmer" in families
    assert "Noto Sans latin" in families
    assert any(name.startswith("Noto Sans SC ") for name in families)
    assert not any("Thai" in name or "Myanmar" in name for name in families)
    assert len(re.findall("@font-face", css)) < 20
    assert "file:///" in css
