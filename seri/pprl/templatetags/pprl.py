from django import template

from seri.pprl import permissions, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def pprl_matches(context, person):
    """The possible matches at other installations the user may see for this person, each
    with whether the user may decide on it."""
    user = context["request"].user
    return [
        (m, permissions.may_decide(user, m)) for m in selectors.matches_for_person(user, person)
    ]
