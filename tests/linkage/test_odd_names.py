"""Whatever a person types as a name, in whatever script, scoring and the keys of intake's
search answer without an error: random strings of every script the readings know, the
conventions' words (bin, a/l, Jr., Mg, de la …), empty and one-letter names, digits and
punctuation, with and without a nationality. Nothing is asserted of the scores."""

import random

from seri.linkage.records import keys_of
from seri.linkage.scoring import record, score

ALPHABETS = (
    "abcdefghijklmnopqrstuvwxyz .-'/,",
    "陈伟明张李王黄吴陳偉黃",
    "윤서영김민준이리",
    "สมชายใจดีแก้วมณีัิีุู่้ทร",
    "ມະນີວັນສີປະເສີດໄຊ",
    "កែវសុធាចាន់ធី",
    "အောင်ကျော်မင်းဦးဒေါ်",
    "איתישפיראכהן",
    "زهراحسینیعبدال",
    "ተስፋይገብረሚካኤል",
    "Дмитрий Иванов",
    "さとうゆうきサトウ々",
    "ĐỗThịKimOanhươăâ",
    "অআকখगघचছ",
    " ",
    "0123456789",
)
WORDS = [
    "bin",
    "binti",
    "bt",
    "b.",
    "a/l",
    "s/o",
    "d/o",
    "anak",
    "Jr.",
    "Sr.",
    "III",
    "Mg",
    "Maung",
    "Ma.",
    "M.",
    "de",
    "la",
    "dela",
    "Nguyễn",
    "Văn",
    "Chan",
    "Chen",
    "Ri",
    "Lee",
    "Ng",
    "Wong",
    "O",
    "U",
    "Daw",
    "Abdul",
    "Al",
    "el",
    "Mohd",
    "son",
    "of",
    "Ohno",
    "Kang",
    "Gang",
    "Seong",
]
NATIONALITIES = ("", "KR", "KP", "CN", "HK", "TW", "MY", "VN", "TH", "LA", "KH", "MM", "IL", "ET")


def _name(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 5)))
    alphabet = rng.choice(ALPHABETS)
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))


def test_any_names_score_and_key_without_an_error():
    rng = random.Random(31)
    for _ in range(1500):
        a, b = (
            record(
                _name(rng),
                age=rng.randint(15, 60),
                sex=rng.choice("MF"),
                nationalities=[n] if (n := rng.choice(NATIONALITIES)) else [],
            )
            for _ in range(2)
        )
        assert 0.0 <= score(a, b).probability <= 1.0
        keys_of(a, asking=True)
