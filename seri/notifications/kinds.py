"""What each kind of notice says. A notice stores its kind and parameters (organisation short
names, case references: nothing identifying); the text is rendered in the reader's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
    REFERRAL_DECLINED = "referral_declined", _("Referral declined")
    TASK_DUE = "task_due", _("Task due")
    DUPLICATE_FOUND = "duplicate_found", _("Possible duplicate")
    REPORTER_ADDED = "reporter_added", _("Reporter added information")
    TRACING_MATCH = "tracing_match", _("Possible match at another installation")


TEXTS = {
    NoticeKind.REFERRAL_ACCEPTED: _("%(org)s accepted the referral of case %(case)s."),
    NoticeKind.REFERRAL_DECLINED: _("%(org)s declined the referral of case %(case)s."),
    NoticeKind.TASK_DUE: _("A task on case %(case)s is due on %(due)s."),
    NoticeKind.DUPLICATE_FOUND: _("Case %(case)s may be about the same person as another record."),
    NoticeKind.REPORTER_ADDED: _("The reporter added information to case %(case)s."),
    NoticeKind.TRACING_MATCH: _(
        "A possible match for the person traced in case %(case)s exists at installation "
        "%(installation)s."
    ),
}


def notice_text(kind: str, params: dict, case_reference: str) -> str:
    """The notice in the active language. Unknown kinds (from a newer version) say so."""
    template = TEXTS.get(kind)  # type: ignore[call-overload]
    if template is None:
        return str(_("There is news on case %(case)s.") % {"case": case_reference})
    values = {k: str(v) for k, v in params.items()}
    values["case"] = case_reference
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(_("There is news on case %(case)s.") % {"case": case_reference})
