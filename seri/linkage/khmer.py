"""Khmer words with usual Latin spellings that the transducer does not give.

Khmer names are read by khmer-latin-name-transformer (`names._khmer_word`), which spells each
word one way, as people often write it (សុខ Sok, ចាន់ Chan), but spells some common family
names otherwise than their passports and identity cards do (កែវ kev for Keo, យឹម yem for Yim,
ព្រំ prom for Prum). `data/khmer_names.tsv` holds these words with their usual spellings, the
most common first; they are read besides the transducer's (never instead of it).
"""

from pathlib import Path

from seri.linkage.chinese import character_table

_DATA = Path(__file__).with_name("data") / "khmer_names.tsv"


def spellings(word: str) -> tuple[str, ...]:
    """The usual spellings of a Khmer word the table holds, else ()."""
    # the table's format is the character tables' (word, tab, spellings): one loader
    return character_table(_DATA).get(word, ())
