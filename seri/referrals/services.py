"""Referrals between organisations: sent → accepted / declined → completed, or revoked."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.cases.models import Case, ConsentKind, TimelineEntry
from seri.cases.services import acting_user, consent_current, timeline_add
from seri.core.types import Actor
from seri.notifications.events import referral_answered
from seri.orgs.models import Organisation
from seri.orgs.permissions import org_ids_administered
from seri.referrals import permissions, timeline
from seri.referrals.models import (
    Referral,
    ReferralKind,
    ReferralStatus,
    SharedSection,
    every_section,
)


def _audit(actor: Actor, referral: Referral, event: str, organisation: Organisation) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.REFERRAL,
        obj=referral,
        organisation=organisation,
        detail={
            "event": event,
            "case": str(referral.case.public_id),
            "from": referral.from_organisation.short_name,
            "to": referral.to_organisation.short_name,
            "kind": referral.kind,
            "shared": referral.shared_sections,
        },
    )


def referral_send(
    *,
    actor: Actor,
    case: Case,
    to_organisation: Organisation,
    kind: str = ReferralKind.REFERRAL,
    message: str = "",
    consent_override_reason: str = "",
    shared_sections: Iterable[str] | None = None,
) -> Referral:
    """Refer a case. Needs the person's current consent to share with partners, or an
    organisation admin who records why it must be shared without it. `shared_sections`
    (SharedSection values) is what the partner will see; None shares every section."""
    if not permissions.may_refer(actor, case):
        raise PermissionError("this user cannot refer this case")
    errors: dict[str, list] = {}
    sections = every_section() if shared_sections is None else sorted(set(shared_sections))
    if unknown := [s for s in sections if s not in SharedSection.values]:
        errors["shared_sections"] = [_("Unknown section: %s") % ", ".join(unknown)]
    if kind not in ReferralKind.values:
        errors["kind"] = [_("Unknown kind of referral: %s") % kind]
    if to_organisation.pk == case.organisation_id:
        errors["to_organisation"] = [_("A case is referred to another organisation.")]
    elif not to_organisation.is_active:
        errors["to_organisation"] = [_("This organisation is not active.")]
    elif Referral.objects.filter(
        case=case,
        to_organisation=to_organisation,
        status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED],
    ).exists():
        errors["to_organisation"] = [_("This case is already referred to this organisation.")]
    consent = consent_current(case, ConsentKind.SHARE_WITH_PARTNERS)
    override = consent_override_reason.strip()
    if not (consent and consent.given):
        if not override:
            errors["consent_override_reason"] = [
                _(
                    "There is no recorded consent to share this case with partners. Record "
                    "consent first, or an organisation admin can refer it with a reason."
                )
            ]
        elif case.organisation_id not in org_ids_administered(actor):
            errors["consent_override_reason"] = [
                _("Only an organisation admin can refer a case without consent.")
            ]
    elif override:
        override = ""  # consent is there: an override would be misleading
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        referral = Referral.objects.create(
            case=case,
            kind=kind,
            from_organisation=case.organisation,
            to_organisation=to_organisation,
            message=message.strip(),
            consent_override_reason=override,
            shared_sections=sections,
            sent_by=acting_user(actor),
        )
        if kind == ReferralKind.TRANSFER:
            event = timeline.TRANSFER_WITHOUT_CONSENT if override else timeline.TRANSFER_PROPOSED
        else:
            event = timeline.REFERRED_WITHOUT_CONSENT if override else timeline.REFERRED
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEntry.Kind.REFERRAL,
            text=override,
            event=event,
            params={"org": to_organisation.short_name},
        )
        _audit(actor, referral, "sent", case.organisation)
    return referral


def _respond(*, actor: Actor, referral: Referral, expected: set[str]) -> Organisation:
    if not permissions.may_answer(actor, referral):
        raise PermissionError("this user cannot answer referrals for this organisation")
    if referral.status not in expected:
        raise ValidationError(
            {
                "status": [
                    _("This referral is %s: it can no longer be answered.")
                    % ReferralStatus(referral.status).label
                ]
            }
        )
    return referral.to_organisation


def _record_answer(*, actor: Actor, referral: Referral, status: str, note: str) -> None:
    referral.status = status
    referral.responded_by = acting_user(actor)
    referral.responded_at = timezone.now()
    referral.response_note = note.strip()
    referral.save(
        update_fields=["status", "responded_by", "responded_at", "response_note", "updated_at"]
    )


def _answered(
    *, actor: Actor, referral: Referral, org: Organisation, code: str, note: str, event: str
) -> None:
    """The case timeline's entry (an event code, rendered in the reader's language, and the
    note) and the audit row for an answer, in the caller's transaction."""
    timeline_add(
        case=referral.case,
        actor=actor,
        kind=TimelineEntry.Kind.REFERRAL,
        text=note.strip(),
        organisation=org,
        event=code,
        params={"org": org.short_name},
    )
    _audit(actor, referral, event, org)


def _transfer_ownership(*, actor: Actor, referral: Referral, org: Organisation) -> None:
    # A transfer hands the case over: the receiver owns it, the sender keeps access
    # through this referral, recorded the other way round.
    case = referral.case
    previous_owner = case.organisation
    case.organisation = org
    case.assigned_to = None
    case.save(update_fields=["organisation", "assigned_to", "updated_at"])
    Referral.objects.create(
        case=case,
        kind=ReferralKind.REFERRAL,
        from_organisation=org,
        to_organisation=previous_owner,
        status=ReferralStatus.ACCEPTED,
        kept_after_transfer=True,  # "Access kept after transfer", in the reader's language
        sent_by=acting_user(actor),
        responded_by=acting_user(actor),
        responded_at=referral.responded_at,
    )


def referral_accept(*, actor: Actor, referral: Referral, note: str = "") -> Referral:
    org = _respond(actor=actor, referral=referral, expected={ReferralStatus.SENT})
    with transaction.atomic():
        _record_answer(actor=actor, referral=referral, status=ReferralStatus.ACCEPTED, note=note)
        code = timeline.ACCEPTED
        if referral.kind == ReferralKind.TRANSFER:
            _transfer_ownership(actor=actor, referral=referral, org=org)
            code = timeline.TRANSFER_ACCEPTED
        _answered(actor=actor, referral=referral, org=org, code=code, note=note, event="accepted")
        referral_answered(actor=actor, referral=referral)
    return referral


def referral_decline(*, actor: Actor, referral: Referral, note: str = "") -> Referral:
    """Decline a referral. The sender is told why: the reason (`note`) is required."""
    org = _respond(actor=actor, referral=referral, expected={ReferralStatus.SENT})
    if not note.strip():
        raise ValidationError({"note": [_("Say why the referral is declined.")]})
    with transaction.atomic():
        _record_answer(actor=actor, referral=referral, status=ReferralStatus.DECLINED, note=note)
        _answered(
            actor=actor,
            referral=referral,
            org=org,
            code=timeline.DECLINED,
            note=note,
            event="declined",
        )
        referral_answered(actor=actor, referral=referral)
    return referral


def referral_complete(*, actor: Actor, referral: Referral, note: str = "") -> Referral:
    org = _respond(actor=actor, referral=referral, expected={ReferralStatus.ACCEPTED})
    with transaction.atomic():
        referral.status = ReferralStatus.COMPLETED
        referral.response_note = note.strip() or referral.response_note
        referral.save(update_fields=["status", "response_note", "updated_at"])
        _answered(
            actor=actor,
            referral=referral,
            org=org,
            code=timeline.COMPLETED,
            note=note,
            event="completed",
        )
    return referral


def referral_revoke(*, actor: Actor, referral: Referral, reason: str) -> Referral:
    if not permissions.may_revoke(actor, referral):
        raise PermissionError("this user cannot revoke this referral")
    if referral.status not in {ReferralStatus.SENT, ReferralStatus.ACCEPTED}:
        raise ValidationError(
            {
                "status": [
                    _("This referral is %s: it cannot be revoked.")
                    % ReferralStatus(referral.status).label
                ]
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the referral is revoked.")]})
    with transaction.atomic():
        referral.status = ReferralStatus.REVOKED
        referral.response_note = reason.strip()
        referral.save(update_fields=["status", "response_note", "updated_at"])
        timeline_add(
            case=referral.case,
            actor=actor,
            kind=TimelineEntry.Kind.REFERRAL,
            text=reason.strip(),
            event=timeline.REVOKED,
            params={"org": referral.to_organisation.short_name},
        )
        _audit(actor, referral, "revoked", referral.case.organisation)
    return referral
