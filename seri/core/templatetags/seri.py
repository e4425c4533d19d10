from django import template

from seri.core import vocabularies
from seri.core.vocabularies import country_name, language_name

register = template.Library()

VOCABULARIES = {
    "exploitation": vocabularies.ExploitationType,
    "control": vocabularies.ControlMethod,
    "recruitment": vocabularies.RecruitmentMethod,
    "platform": vocabularies.Platform,
}


@register.filter
def labels(values, vocabulary: str) -> str:
    """A list of stored vocabulary values shown as their translated labels."""
    choices = dict(VOCABULARIES[vocabulary].choices)
    return ", ".join(str(choices.get(v, v)) for v in values or []) or "—"


@register.filter
def country(code: str) -> str:
    return country_name(code) if code else "—"


@register.filter("language_name")
def language_name_filter(code: str) -> str:
    return language_name(code) if code else "—"


@register.filter
def language_names(codes) -> str:
    return ", ".join(language_name(code) for code in codes or []) or "—"


@register.filter
def message_url(handle) -> str:
    """Tap-to-message: the link that opens a chat with a messaging handle, or ""."""
    return vocabularies.message_url(handle.platform, handle.handle)
