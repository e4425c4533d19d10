from django import template
from django.utils.translation import gettext_lazy as _

from seri.audit.services import audit_identifying_view
from seri.cases.scoping import cases_visible_to
from seri.linkage.selectors import candidates_for_person

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
    "a one-word name found in the other name": _("a one-word name found in the other name"),
    "within 90 days": _("within 90 days"),
    "within a year": _("within a year"),
    "same organisation": _("same organisation"),
    "different organisations": _("different organisations"),
}


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
            }
            for f in fields or []
        ]
    }


@register.inclusion_tag("linkage/_candidate_list.html", takes_context=True)
def linkage_candidates(context, person):
    """Possible duplicates of this person. Candidates at organisations the user may not see
    are counted, never described."""
    user = context["request"].user
    shown, hidden = candidates_for_person(user, person)
    rows = []
    for c in shown:
        other = c.person_b if c.person_a_id == person.pk else c.person_a
        case = cases_visible_to(user).filter(person=other).order_by("-created_at").first()
        rows.append({"candidate": c, "other": other, "case": case})
    if rows:
        audit_identifying_view(
            actor=user, people=[r["other"] for r in rows], context="possible duplicates"
        )
    return {
        "rows": rows,
        "hidden": len(hidden),
        "hidden_candidates": hidden,
        "person": person,
        "request": context["request"],
    }
