"""What several intake pages share."""

from django.core.exceptions import PermissionDenied, ValidationError

from seri.intake.forms import OrganisationChoiceForm
from seri.orgs.models import Organisation
from seri.orgs.permissions import organisations_with_roles


def place_errors(exc: ValidationError, forms_and_aliases) -> None:
    """A service's field errors on the form that has the field (by name or alias), else on
    the first form."""
    for field, messages_ in exc.message_dict.items():
        for form, aliases in forms_and_aliases:
            name = aliases.get(field, field)
            if name in form.fields:
                form.add_error(name, messages_)
                break
        else:
            forms_and_aliases[0][0].add_error(None, messages_)


def organisation_choice(
    request, roles
) -> tuple[list[Organisation], Organisation, OrganisationChoiceForm | None]:
    """The organisations the user acts for with these roles, the one chosen on the page
    (the first, unless the form names another) and the choice form when there are several."""
    organisations = organisations_with_roles(request.user, roles)
    if not organisations:
        raise PermissionDenied
    organisation = organisations[0]
    org_form = None
    if len(organisations) > 1:
        data = request.POST if request.method == "POST" else None
        org_form = OrganisationChoiceForm(data, organisations=organisations, prefix="org")
        if org_form.is_valid():
            organisation = org_form.organisations[org_form.cleaned_data["organisation"]]
    return organisations, organisation, org_form
