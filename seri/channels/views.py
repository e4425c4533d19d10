"""The channels' pages (org admins), a report's thread (triage) and the providers' webhook.

The webhook is anonymous: the provider's signature or secret is checked, in constant time and
before the body is parsed, and a call that fails it is answered 403 with nothing stored."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from seri.channels.forms import AcknowledgementForm, ChannelForm
from seri.channels.models import Channel, Sender
from seri.channels.permissions import org_ids_managing_channels
from seri.channels.providers import registry
from seri.channels.selectors import (
    channel_get_for_admin,
    channel_health,
    channels_for_admin,
    report_thread,
    webhook_path,
)
from seri.channels.services.channels import (
    ChannelInput,
    channel_acknowledgements_set,
    channel_create,
    channel_remove,
    sender_quiet_set,
)
from seri.channels.services.media import media_retry
from seri.channels.services.receiving import delivery_receive, parse_safely, webhook_refused
from seri.channels.tasks import queue_after_commit, queue_media
from seri.intake.permissions import org_ids_recording_reports
from seri.intake.views.common import place_errors
from seri.orgs.models import Organisation


@csrf_exempt
def webhook(request, public_id):
    channel = get_object_or_404(Channel, public_id=public_id, is_active=True)
    provider = registry()[channel.kind]
    if request.method == "GET" and hasattr(provider, "verify_challenge"):
        challenge = provider.verify_challenge(channel, request.GET)
        if challenge is None:
            return HttpResponseForbidden()
        return HttpResponse(challenge, content_type="text/plain")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    body = request.body
    if not provider.verify(channel, request.headers, body):
        webhook_refused(channel=channel)
        return HttpResponseForbidden()
    delivery_receive(
        channel=channel, parsed=parse_safely(provider, body), after_commit=queue_after_commit
    )
    return HttpResponse("ok", content_type="text/plain")


@login_required
def channel_list(request):
    organisations = Organisation.objects.filter(pk__in=org_ids_managing_channels(request.user))
    if not organisations:
        raise PermissionDenied
    form = ChannelForm(request.POST or None, organisations=organisations)
    created = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = channel_create(
                actor=request.user,
                organisation=data["organisation"],
                data=ChannelInput(
                    kind=data["kind"],
                    name=data["name"],
                    secrets=form.secrets(),
                    language=data["language"],
                    acknowledgements=data["acknowledgements"],
                ),
            )
        except ValidationError as exc:
            place_errors(exc, [(form, {"secrets": "token"})])
        else:
            form = ChannelForm(organisations=organisations)
    context = {
        "channels": channels_for_admin(request.user),
        "form": form,
        "created": created,
        "webhook_url": request.build_absolute_uri(webhook_path(created)) if created else "",
        "nav": "channels",
    }
    status = 400 if request.method == "POST" and created is None else 200
    return render(request, "channels/channel_list.html", context, status=status)


@login_required
def channel_detail(request, public_id):
    channel = channel_get_for_admin(request.user, public_id)
    initial = "\n".join(f"{k}: {v}" for k, v in channel.acknowledgements.items())
    form = AcknowledgementForm(request.POST or None, initial={"acknowledgements": initial})
    if request.method == "POST" and form.is_valid():
        try:
            channel_acknowledgements_set(
                actor=request.user,
                channel=channel,
                acknowledgements=form.cleaned_data["acknowledgements"],
            )
        except ValidationError as exc:
            place_errors(exc, [(form, {})])
        else:
            messages.success(request, _("The acknowledgement is saved."))
            return redirect("channel-detail", public_id=channel.public_id)
    context = {
        "channel": channel,
        "health": channel_health(channel),
        "form": form,
        "webhook_url": request.build_absolute_uri(webhook_path(channel)),
        "nav": "channels",
    }
    return render(request, "channels/channel_detail.html", context)


@login_required
@require_POST
def channel_remove_view(request, public_id):
    channel = channel_get_for_admin(request.user, public_id)
    channel_remove(actor=request.user, channel=channel)
    messages.success(request, _("The channel is removed. Delete its webhook at the provider too."))
    return redirect("channel-list")


@login_required
@require_POST
def channel_media_retry(request, public_id):
    channel = channel_get_for_admin(request.user, public_id)
    media_ids = media_retry(actor=request.user, channel=channel)
    transaction.on_commit(lambda: queue_media(media_ids))
    messages.success(request, _("%(count)d files are queued again.") % {"count": len(media_ids)})
    return redirect("channel-detail", public_id=channel.public_id)


@login_required
def thread(request, public_id):
    report, thread_messages = report_thread(request.user, public_id)
    return render(
        request,
        "channels/thread.html",
        {"report": report, "thread": thread_messages, "nav": "triage"},
    )


@login_required
@require_POST
def sender_quiet(request, public_id):
    sender = get_object_or_404(
        Sender.objects.select_related("channel").filter(
            channel__organisation_id__in=org_ids_recording_reports(request.user)
        ),
        public_id=public_id,
    )
    sender_quiet_set(actor=request.user, sender=sender, quiet=request.POST.get("quiet") == "1")
    messages.success(request, _("Saved."))
    try:  # back to the thread the form was on; anything else that was posted goes to triage
        return redirect("channel-thread", public_id=UUID(request.POST.get("report", "")))
    except ValueError:
        return redirect("intake-triage")
