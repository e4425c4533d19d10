"""The public report form's pages: no login, no cookie, no session, in seven languages
(seri.intake.public; docs/decisions/0025-public-report-form.md).

The pages set no cookie at all (no session, no CSRF cookie, no language cookie): a phone that
is checked should hold as little trace of them as possible. They are exempt from CSRF checks,
which protect logged-in sessions; the signed time trap plays the part of a form token.
"""

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from seri.intake import public
from seri.intake.models import ReporterRelation

CONTEXT = "public report form"
EXIT_URL_DEFAULT = "https://www.google.com/"


RELATIONS = [
    (ReporterRelation.SELF, pgettext_lazy("public report form", "I am the person trapped")),
    (ReporterRelation.FAMILY, pgettext_lazy("public report form", "A family member")),
    (ReporterRelation.FRIEND, pgettext_lazy("public report form", "A friend")),
    (ReporterRelation.UNKNOWN, pgettext_lazy("public report form", "Someone else")),
]


class PublicReportForm(forms.Form):
    reporter_relation = forms.ChoiceField(
        label=pgettext_lazy("public report form", "Who are you?"),
        choices=RELATIONS,
        widget=forms.RadioSelect,
        initial=ReporterRelation.FAMILY,
    )
    person_name = forms.CharField(
        label=pgettext_lazy("public report form", "Name of the person who is trapped"),
        required=False,
        max_length=300,
    )
    where = forms.CharField(
        label=pgettext_lazy("public report form", "Where are they?"),
        help_text=pgettext_lazy(
            "public report form", "A compound, a building, a town, or a map link, if you know."
        ),
        required=False,
        max_length=500,
    )
    account = forms.CharField(
        label=pgettext_lazy("public report form", "What happened?"),
        help_text=pgettext_lazy(
            "public report form",
            "In your own words and language: since when, what they told you, "
            "how they can be reached.",
        ),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=20_000,
        error_messages={
            "required": pgettext_lazy("public report form", "Please tell us what happened.")
        },
    )
    contact = forms.CharField(
        label=pgettext_lazy("public report form", "How can we reach you? (optional)"),
        help_text=pgettext_lazy(
            "public report form",
            "A phone number, Telegram, WhatsApp or e-mail, only if it is safe for you.",
        ),
        required=False,
        max_length=300,
    )
    # The honeypot: hidden from people (CSS), filled by bots that fill every field.
    website = forms.CharField(
        label=pgettext_lazy("public report form", "Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def report_input(self, language: str) -> public.PublicReportInput:
        data = self.cleaned_data
        return public.PublicReportInput(
            account=data["account"],
            reporter_relation=data["reporter_relation"],
            person_name=data["person_name"],
            where=data["where"],
            contact=data["contact"],
            language=language,
        )


class FollowUpForm(forms.Form):
    reference = forms.CharField(
        label=pgettext_lazy("public report form", "Reference code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    passphrase = forms.CharField(
        label=pgettext_lazy("public report form", "Passphrase"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    text = forms.CharField(
        label=pgettext_lazy("public report form", "More information (optional)"),
        help_text=pgettext_lazy(
            "public report form", "Only to add something. To see the status, leave it empty."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
    )


# --- language ------------------------------------------------------------------------------------


def page_language(request) -> str:
    """?lang= (the links on the page), else the browser's preference among the seven."""
    asked = (request.POST.get("lang") or request.GET.get("lang") or "").lower()
    if asked in public.PUBLIC_LANGUAGE_CODES:
        return asked
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        code = code.lower()
        if code in ("zh", "zh-cn", "zh-sg", "zh-hans"):
            return "zh-hans"
        base = code.split("-")[0]
        if base in public.PUBLIC_LANGUAGE_CODES and base != "zh":
            return base
    return "en"


def _render(request, template: str, context: dict, language: str, status: int = 200):
    with translation.override(language):
        response = render(
            request,
            template,
            {
                **context,
                "languages": public.PUBLIC_LANGUAGES,
                "page_language": language,
                "exit_url": getattr(settings, "SERI_PUBLIC_FORM_EXIT_URL", "") or EXIT_URL_DEFAULT,
            },
            status=status,
        )
    response["Content-Language"] = language
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noarchive"
    return response


def _not_configured(request, language: str):
    return _render(request, "intake/public/not_configured.html", {}, language, status=503)


def _too_many(request, language: str):
    response = _render(request, "intake/public/too_many.html", {}, language, status=429)
    response["Retry-After"] = "3600"
    return response


# --- views ---------------------------------------------------------------------------------------


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def public_report(request):
    language = page_language(request)
    try:
        organisation = public.receiving_organisation()
    except public.NotConfigured:
        return _not_configured(request, language)
    if request.method == "GET":
        form = PublicReportForm(initial={"token": public.form_token()})
        return _render(
            request,
            "intake/public/report.html",
            {"form": form, "organisation": organisation},
            language,
        )
    try:
        public.rate_limit_submission(request)
    except public.TooManyRequests:
        return _too_many(request, language)
    with translation.override(language):
        form = PublicReportForm(request.POST)
        valid = form.is_valid()
        problem = public.form_token_problem(request.POST.get("token", ""))
        if valid and form.cleaned_data["website"]:
            form.add_error(
                None,
                pgettext_lazy(
                    "public report form", "Your report could not be sent. Please try again."
                ),
            )
            valid = False
        elif valid and problem:
            # Too fast (a bot), too old or missing: what was typed is kept, with a fresh token.
            form.add_error(
                None,
                pgettext_lazy("public report form", "Please check your report and send it again."),
            )
            valid = False
    if not valid:
        data = request.POST.copy()
        data["token"] = public.form_token()
        data["website"] = ""
        form.data = data
        return _render(
            request,
            "intake/public/report.html",
            {"form": form, "organisation": organisation},
            language,
            status=400,
        )
    receipt = public.public_report_submit(
        organisation=organisation, data=form.report_input(language)
    )
    # The passphrase is shown here once: it is not in a URL, a cookie or a redirect.
    return _render(
        request,
        "intake/public/receipt.html",
        {"receipt": receipt, "organisation": organisation},
        language,
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def public_follow_up(request):
    language = page_language(request)
    try:
        organisation = public.receiving_organisation()
    except public.NotConfigured:
        return _not_configured(request, language)
    context = {"organisation": organisation}
    if request.method == "GET":
        context["form"] = FollowUpForm()
        return _render(request, "intake/public/follow_up.html", context, language)
    try:
        public.rate_limit_follow_up(request)
    except public.TooManyRequests:
        return _too_many(request, language)
    with translation.override(language):
        form = FollowUpForm(request.POST)
        context["form"] = form
        if not form.is_valid():
            return _render(request, "intake/public/follow_up.html", context, language, 400)
        data = form.cleaned_data
        try:
            receipt = public.public_receipt_check(
                reference=data["reference"], passphrase=data["passphrase"]
            )
        except public.TooManyRequests:
            return _too_many(request, language)
        except public.ReceiptRefused:
            form.add_error(
                None,
                pgettext_lazy(
                    "public report form",
                    "This reference code and passphrase do not match. Check them and try again.",
                ),
            )
            return _render(request, "intake/public/follow_up.html", context, language, 400)
    if receipt.report.organisation_id != organisation.pk:
        # A receipt of a form that another organisation ran before: not for this page.
        form.add_error(
            None,
            pgettext_lazy(
                "public report form",
                "This reference code and passphrase do not match. Check them and try again.",
            ),
        )
        return _render(request, "intake/public/follow_up.html", context, language, 400)
    added = False
    if data["text"].strip():
        public.public_report_add(receipt=receipt, text=data["text"], language=language)
        added = True
    context.update(
        {
            "status": public.public_status(receipt),
            "added": added,
            "form": FollowUpForm(initial={"reference": receipt.reference}),
        }
    )
    return _render(request, "intake/public/follow_up.html", context, language)


@never_cache
@require_http_methods(["GET"])
def public_exit(request):
    """The quick exit without JavaScript: ask the browser to forget what it kept of this site,
    then go to a neutral page. (public_report.js does the same and replaces the history
    entry.)"""
    from django.http import HttpResponseRedirect

    response = HttpResponseRedirect(
        getattr(settings, "SERI_PUBLIC_FORM_EXIT_URL", "") or EXIT_URL_DEFAULT
    )
    response["Clear-Site-Data"] = '"cache", "storage"'
    response["Referrer-Policy"] = "no-referrer"
    return response
