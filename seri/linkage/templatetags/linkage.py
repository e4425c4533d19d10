from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from seri.core.vocabularies import country_name

register = template.Library()

FIELDS = {
    "name": _("Name"),
    "birth_year": _("Age / year of birth"),
    "sex": _("Sex"),
    "nationality": _("Nationality"),
    "compound": _("Compound"),
    "identifiers": _("Phone, handle or document"),
    "reported": _("First reported"),
    "organisation": _("Reporting organisation"),
}
OUTCOMES = {
    "agrees": _("agrees"),
    "partly agrees": _("partly agrees"),
    "disagrees": _("disagrees"),
    "missing": _("missing"),
}
LEVELS = {
    "same words, any script or order": _("same words, any script or order"),
    "two or more words sound alike": _("two or more words sound alike"),
    "similar spelling": _("similar spelling"),
    "one word sounds alike": _("one word sounds alike"),
    "same date of birth": _("same date of birth"),
    "different dates of birth": _("different dates of birth"),
    "same year": _("same year"),
    "1 year apart": _("1 year apart"),
    "2 years apart": _("2 years apart"),
    "3 to 6 years apart": _("3 to 6 years apart"),
    # levels of earlier model versions, still in stored explanations
    "within 1 year": _("within 1 year"),
    "within 3 years": _("within 3 years"),
    "within 6 years": _("within 6 years"),
    "same": _("same"),
    "a nationality in common": _("a nationality in common"),
    "same compound": _("same compound"),
    "a shared phone, handle or document": _("a shared phone, handle or document"),
    "all words found in the other name, allowing typos": _(
        "all words found in the other name, allowing typos"
    ),
    "all words found in the other name, one only by a near spelling": _(
        "all words found in the other name, one only by a near spelling"
    ),
    "a one-word name found in the other name": _("a one-word name found in the other name"),
    "within 90 days": _("within 90 days"),
    "within a year": _("within a year"),
    "same organisation": _("same organisation"),
    "different organisations": _("different organisations"),
    "different family name": _("different family name"),
}
# the reading system or rule behind a name comparison (seri.linkage.chinese, conventions)
READINGS = {
    "Mandarin reading": _("Mandarin reading"),
    "Wade-Giles reading": _("Wade-Giles reading"),
    "Cantonese reading": _("Cantonese reading"),
    "Hokkien reading": _("Hokkien reading"),
    "Hakka reading": _("Hakka reading"),
    "Hokkien/Teochew family name, Mandarin given name": _(
        "Hokkien/Teochew family name, Mandarin given name"
    ),
    "Hakka family name, Mandarin given name": _("Hakka family name, Mandarin given name"),
    "Cantonese family name, Mandarin given name": _("Cantonese family name, Mandarin given name"),
    "Hokkien/Teochew family name, Cantonese given name": _(
        "Hokkien/Teochew family name, Cantonese given name"
    ),
    "Hokkien/Teochew family name, Hakka given name": _(
        "Hokkien/Teochew family name, Hakka given name"
    ),
    "Hakka family name, Cantonese given name": _("Hakka family name, Cantonese given name"),
    "Hakka family name, Hokkien given name": _("Hakka family name, Hokkien given name"),
    "Hokkien reading, Indonesian spelling (Kwee, Tjoa, Liem)": _(
        "Hokkien reading, Indonesian spelling (Kwee, Tjoa, Liem)"
    ),
    "Hakka reading, Indonesian spelling (Tjhin, Njoek)": _(
        "Hakka reading, Indonesian spelling (Tjhin, Njoek)"
    ),
    "Cantonese reading, Macau spelling (Ieong, Iao, Vong)": _(
        "Cantonese reading, Macau spelling (Ieong, Iao, Vong)"
    ),
    "same characters": _("same characters"),
    "same Mandarin sound, other characters": _("same Mandarin sound, other characters"),
    "Burmese reading": _("Burmese reading"),
    "Lao reading": _("Lao reading"),
    "Devanagari reading": _("Devanagari reading"),
    "Bengali reading": _("Bengali reading"),
    "Urdu (Arabic script) reading": _("Urdu (Arabic script) reading"),
}


def _reading(text: str) -> str:
    """The reading or the conventions behind a name comparison, in the user's language
    (conventions are joined with "; ")."""
    if not text:
        return ""
    return "; ".join(str(READINGS.get(part) or gettext(part)) for part in text.split("; "))


@register.inclusion_tag("linkage/_explanation.html")
def linkage_explanation(fields):
    """The per-field explanation of a candidate pair, in the user's language."""
    return {
        "fields": [
            {
                "label": FIELDS.get(f.get("field"), f.get("field")),
                "outcome": f.get("outcome", ""),
                "outcome_label": OUTCOMES.get(f.get("outcome"), f.get("outcome")),
                "level": LEVELS.get(f.get("level"), f.get("level"))
                if f.get("level") and f.get("outcome") != "disagrees"
                else "",
                "reading": _reading(f.get("reading", "")),
            }
            for f in fields or []
        ]
    }


def _values(side, comparison: str) -> list[str]:
    """What one record holds for one comparison, from data fetched beforehand (no queries)."""
    person = side.person
    if comparison == "name":
        return [n.value for n in person.names.all()]
    if comparison == "birth_year":
        if person.date_of_birth:
            born = date_format(person.date_of_birth, "SHORT_DATE_FORMAT")
            return [gettext("born %(date)s") % {"date": born}]
        if person.age_estimate is not None:
            return [gettext("about %(age)s") % {"age": person.age_estimate}]
        return []
    if comparison == "sex":
        return [person.get_gender_display()] if person.gender else []
    if comparison == "nationality":
        return [country_name(n.country) for n in person.nationalities.all()]
    if comparison == "compound":
        return [str(c) for c in side.compounds]
    if comparison == "identifiers":
        return (
            [p.e164 for p in person.phones.all()]
            + [f"{h.get_platform_display()}: {h.handle}" for h in person.handles.all()]
            + [f"{d.get_kind_display()}: {d.number}" for d in person.documents.all()]
        )
    if comparison == "reported":
        return [date_format(person.created_at, "SHORT_DATE_FORMAT")] if person.created_at else []
    if comparison == "organisation":
        return [person.organisation.short_name]
    return []


@register.inclusion_tag("linkage/_card.html")
def linkage_card(card, coordinator: bool = False):
    """Both records of a pair side by side: per comparison, each side's values (only for a
    record the user may see) and how they compare. Reads only what the selector fetched."""
    outcomes = {f.get("field"): f for f in card.candidate.explanation or []}
    rows = []
    for comparison, label in FIELDS.items():
        found = outcomes.get(comparison, {})
        rows.append(
            {
                "label": label,
                "values": [
                    _values(side, comparison) if side.visible else None for side in card.sides
                ],
                "outcome": found.get("outcome", "missing"),
                "outcome_label": OUTCOMES.get(found.get("outcome"), found.get("outcome", "")),
                "level": _level_label(found),
                "reading": _reading(found.get("reading", "")),
            }
        )
    return {"card": card, "rows": rows, "coordinator": coordinator}


def _level_label(found: dict) -> str:
    level = found.get("level")
    if not level or found.get("outcome") == "disagrees":
        return ""
    return str(LEVELS.get(level, level))
