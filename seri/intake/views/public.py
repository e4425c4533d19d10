"""The public report form's pages: no login, no cookie, no session, in seven languages
(seri/intake/public.py; docs/decisions/0025-public-report-form.md).

The pages set no cookie at all (no session, no CSRF cookie, no language cookie): a phone that
is checked should hold as little trace of them as possible. They are exempt from CSRF checks,
which protect logged-in sessions; the signed time trap plays the part of a form token.
"""

import functools

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import pgettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from seri.intake import public, throttle
from seri.intake.forms import FollowUpForm, PublicReportForm
from seri.intake.selectors import public_status
from seri.intake.services.public import public_report_add, public_report_submit

EXIT_URL_DEFAULT = "https://www.google.com/"
NO_MATCH = pgettext_lazy(
    "public report form",
    "This reference code and passphrase do not match. Check them and try again.",
)


def page_language(request) -> str:
    """?lang= (the links on the page), else the browser's preference among the seven."""
    asked = (request.POST.get("lang") or request.GET.get("lang") or "").lower()
    if asked in public.PUBLIC_LANGUAGE_CODES:
        return asked
    for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        code = code.lower()
        if code in ("zh", "zh-cn", "zh-sg", "zh-hans"):
            return "zh-hans"
        base = code.split("-")[0]
        if base in public.PUBLIC_LANGUAGE_CODES and base != "zh":
            return base
    return "en"


def _exit_url() -> str:
    return getattr(settings, "SERI_PUBLIC_FORM_EXIT_URL", "") or EXIT_URL_DEFAULT


def _render(request, template: str, context: dict, language: str, status: int = 200):
    with translation.override(language):
        response = render(
            request,
            template,
            {
                **context,
                "languages": public.PUBLIC_LANGUAGES,
                "page_language": language,
                "exit_url": _exit_url(),
            },
            status=status,
        )
    response["Content-Language"] = language
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noarchive"
    return response


def _too_many(request, language: str, seconds: int = 3600):
    response = _render(request, "intake/public/too_many.html", {}, language, status=429)
    response["Retry-After"] = str(seconds)
    return response


def public_page(rate_limit):
    """The preamble every public form page shares, written once: no CSRF cookie, no cache,
    GET and POST only; the page's language; the receiving organisation (or the "not
    available" page); and on POST, the client's rate limit (or the "too many" page). The view
    is called as `view(request, language, organisation)`."""

    def decorate(view):
        @csrf_exempt
        @never_cache
        @require_http_methods(["GET", "POST"])
        @functools.wraps(view)
        def wrapper(request):
            language = page_language(request)
            try:
                organisation = public.receiving_organisation()
            except public.NotConfigured:
                return _render(
                    request, "intake/public/not_configured.html", {}, language, status=503
                )
            try:
                if request.method == "POST":
                    rate_limit(request)
                return view(request, language, organisation)
            except public.TooManyRequests:
                return _too_many(request, language)
            except throttle.Wait as wait:
                return _too_many(request, language, wait.seconds)

        return wrapper

    return decorate


def _report_form_problem(form: PublicReportForm, token: str):
    """Why a valid-looking form is refused: the honeypot was filled (a bot), or the time trap
    says too fast (a bot), too old or missing. None when it may be stored."""
    if form.cleaned_data["website"]:
        return pgettext_lazy(
            "public report form", "Your report could not be sent. Please try again."
        )
    if public.form_token_problem(token) or not public.form_token_use(token):
        return pgettext_lazy("public report form", "Please check your report and send it again.")
    return None


@public_page(public.rate_limit_submission)
def public_report(request, language, organisation):
    context = {"organisation": organisation}
    if request.method == "GET":
        context["form"] = PublicReportForm(initial={"token": public.form_token()})
        return _render(request, "intake/public/report.html", context, language)
    with translation.override(language):
        form = PublicReportForm(request.POST)
        valid = form.is_valid()
        problem = _report_form_problem(form, request.POST.get("token", "")) if valid else None
        if problem:
            form.add_error(None, problem)
    if not valid or problem:
        # What was typed is kept, with a fresh token.
        data = request.POST.copy()
        data["token"] = public.form_token()
        data["website"] = ""
        form.data = data
        context["form"] = form
        return _render(request, "intake/public/report.html", context, language, status=400)
    receipt = public_report_submit(organisation=organisation, data=form.report_input(language))
    # The passphrase is shown here once: it is not in a URL, a cookie or a redirect.
    context["receipt"] = receipt
    return _render(request, "intake/public/receipt.html", context, language)


def _checked_receipt(request, form: FollowUpForm, organisation):
    """The receipt the form's reference and passphrase open, or None (an error on the form).
    A receipt of a form that another organisation ran before is not for this page."""
    data = form.cleaned_data
    try:
        receipt = public.public_receipt_check(
            reference=data["reference"],
            passphrase=data["passphrase"],
            client=public.client_key(public.client_address(request)),
        )
    except public.ReceiptRefused:
        receipt = None
    if receipt is None or receipt.report.organisation_id != organisation.pk:
        form.add_error(None, NO_MATCH)
        return None
    return receipt


@public_page(public.rate_limit_follow_up)
def public_follow_up(request, language, organisation):
    context = {"organisation": organisation, "form": FollowUpForm()}
    if request.method == "GET":
        return _render(request, "intake/public/follow_up.html", context, language)
    with translation.override(language):
        form = FollowUpForm(request.POST)
        context["form"] = form
        receipt = _checked_receipt(request, form, organisation) if form.is_valid() else None
    if receipt is None:
        return _render(request, "intake/public/follow_up.html", context, language, 400)
    text = form.cleaned_data["text"]
    if text.strip():
        public_report_add(receipt=receipt, text=text, language=language)
    context.update(
        {
            "status": public_status(receipt),
            "added": bool(text.strip()),
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
    response = HttpResponseRedirect(_exit_url())
    response["Clear-Site-Data"] = '"cache", "storage"'
    response["Referrer-Policy"] = "no-referrer"
    return response
