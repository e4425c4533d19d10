"""The referral events of a case's timeline (seri.cases.timeline_events), in the reader's
language. Registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

REFERRED = "referral.sent"
TRANSFER_PROPOSED = "referral.transfer_proposed"
ACCEPTED = "referral.accepted"
TRANSFER_ACCEPTED = "referral.transfer_accepted"
DECLINED = "referral.declined"
COMPLETED = "referral.completed"
REVOKED = "referral.revoked"

EVENTS = {
    REFERRED: _("Referred to %(org)s"),
    TRANSFER_PROPOSED: _("Transfer proposed to %(org)s"),
    ACCEPTED: _("%(org)s accepted the referral"),
    TRANSFER_ACCEPTED: _("%(org)s accepted the transfer and now owns the case"),
    DECLINED: _("%(org)s declined the referral"),
    COMPLETED: _("%(org)s completed the referral"),
    REVOKED: _("Referral to %(org)s revoked"),
}
# Referred without consent: the reason follows as the entry's text.
REFERRED_WITHOUT_CONSENT = "referral.sent_without_consent"
TRANSFER_WITHOUT_CONSENT = "referral.transfer_proposed_without_consent"
EVENTS[REFERRED_WITHOUT_CONSENT] = _("Referred to %(org)s without consent")
EVENTS[TRANSFER_WITHOUT_CONSENT] = _("Transfer proposed to %(org)s without consent")
