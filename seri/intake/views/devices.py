"""Device credentials for ODK Collect and KoboCollect, made and revoked by an organisation's
admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seri.intake.forms import DeviceForm
from seri.intake.selectors import device_credentials_for_admin
from seri.intake.services.openrosa import device_credential_create, device_credential_revoke
from seri.intake.views.common import organisation_choice
from seri.orgs.models import Role


@login_required
def device_list(request):
    _all, organisation, org_form = organisation_choice(request, {Role.ORG_ADMIN})
    form = DeviceForm(request.POST or None)
    created = password = None
    status = 200
    if request.method == "POST":
        if form.is_valid() and (org_form is None or org_form.is_valid()):
            created, password = device_credential_create(
                actor=request.user, organisation=organisation, label=form.cleaned_data["label"]
            )
            form = DeviceForm()
        else:
            status = 400
    context = {
        "form": form,
        "org_form": org_form,
        "credentials": device_credentials_for_admin(request.user),
        # Shown once, in this answer only: it is stored hashed.
        "created": created,
        "password": password,
        # What ODK Collect calls the server URL: where formList and submission live.
        "server_url": request.build_absolute_uri(reverse("openrosa-form-list").rsplit("/", 1)[0]),
        "nav": "users",
    }
    response = render(request, "intake/devices.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def device_revoke(request, public_id):
    credential = device_credentials_for_admin(request.user).filter(public_id=public_id).first()
    if credential is None:
        raise Http404
    device_credential_revoke(actor=request.user, credential=credential)
    messages.success(request, _("Device %s can no longer send forms.") % credential.username)
    return redirect("intake-devices")
