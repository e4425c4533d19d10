"""Pages for cases. Thin: they read through selectors and write through services."""

import json
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seri.audit.services import audit_identifying_view, audit_search
from seri.cases import services
from seri.cases.forms import (
    CaseDetailsForm,
    CaseFilterForm,
    ConsentForm,
    DocumentRows,
    HandleRows,
    NameRows,
    NoteForm,
    PersonEditForm,
    StatusChangeForm,
    TaskForm,
)
from seri.cases.models import CaseStatus, Task
from seri.cases.people import person_changes_for, person_input_of, person_update
from seri.cases.selectors import (
    CASE_PAGE_LISTS,
    CaseFilters,
    case_get_for_user,
    case_list_for_user,
    case_page_lists,
    cases_hiding_the_person,
    consent_to_share,
    dashboard_for_user,
)
from seri.core import crypto
from seri.core.forms import apply_service_errors
from seri.core.pagination import CappedPaginator
from seri.linkage.selectors import candidate_panel
from seri.orgs.permissions import active_memberships
from seri.orgs.selectors import partner_organisations, users_who_work_cases
from seri.referrals.forms import ReferralForm
from seri.referrals.sharing import case_page_for


@login_required
def home(request):
    dashboard = dashboard_for_user(request.user)
    listed = dashboard.my_open_cases + dashboard.urgent_cases
    hidden = cases_hiding_the_person(request.user, listed)
    shown = {c.person for c in listed if c.pk not in hidden}
    audit_identifying_view(actor=request.user, people=shown, context="dashboard")
    context = {"dashboard": dashboard, "nav": "home", "person_hidden": hidden}
    return render(request, "cases/home.html", context)


SEARCHES = "case_searches"  # session key: {random key: encrypted JSON of a search form}
SEARCHES_KEPT = 20


def _search_remember(request, data: dict) -> str:
    """Keep a search on the server (encrypted: a name or a phone number is identifying) under
    a random key, so that the list can come back on Back without the query in any URL."""
    key = secrets.token_urlsafe(12)
    searches = dict(request.session.get(SEARCHES, {}))
    searches[key] = crypto.encrypt(json.dumps(data), context="case search")
    for old in list(searches)[:-SEARCHES_KEPT]:
        del searches[old]
    request.session[SEARCHES] = searches
    return key


def _search_recall(request, key: str) -> QueryDict | None:
    stored = request.session.get(SEARCHES, {}).get(key)
    if not stored:
        return None
    data = QueryDict(mutable=True)
    for name, values in json.loads(crypto.decrypt(stored, context="case search")).items():
        data.setlist(name, values)
    return data


def _search_regions(user) -> tuple[str, ...]:
    """Where a phone number written without its country code is read as local: the
    countries of the user's organisations."""
    return tuple(
        dict.fromkeys(
            m.organisation.country for m in active_memberships(user) if m.organisation.country
        )
    )


@login_required
def case_list(request):
    # Name and phone searches come by POST so that they never appear in URLs, browser
    # history or access logs; the other filters may also come in the query string. A posted
    # search is kept in the session under a random key, which the page puts in its address
    # (seri.js) so that Back and reload show the same results.
    saved = _search_recall(request, request.GET.get("s", "")) if request.method == "GET" else None
    data = request.POST if request.method == "POST" else (saved or request.GET)
    searched = request.method == "POST" or saved is not None
    form = CaseFilterForm(data)
    filters = CaseFilters()
    if form.is_valid():
        cleaned = form.cleaned_data
        filters = CaseFilters(
            status="" if cleaned["status"] == "open" else cleaned["status"],
            open_only=cleaned["status"] == "open",
            urgency=cleaned["urgency"],
            nationality=cleaned["nationality"],
            compound=cleaned["compound"],
            assigned_to_me=cleaned["mine"],
            query=cleaned["q"] if searched else "",
            regions=_search_regions(request.user),
        )
        if filters.query:
            audit_search(actor=request.user, object_type="case", fields=["name_or_phone"])
    page_number = data.get("page")
    page = CappedPaginator(
        case_list_for_user(request.user, filters), settings.SERI_PAGE_SIZE
    ).get_page(page_number)
    hidden = cases_hiding_the_person(request.user, page)
    shown = {c.person for c in page if c.pk not in hidden}
    audit_identifying_view(actor=request.user, people=shown, context="case list")
    context = {"form": form, "page": page, "nav": "cases", "person_hidden": hidden}
    if request.method == "POST":
        kept = {name: data.getlist(name) for name in (*form.fields, "page") if name in data}
        context["search_url"] = f"{reverse('case-list')}?s={_search_remember(request, kept)}"
    template = "cases/partials/case_rows.html" if request.htmx else "cases/case_list.html"
    response = render(request, template, context)
    if request.htmx and "search_url" in context:
        response["HX-Replace-Url"] = context["search_url"]
    return response


def _case_page_context(request, case, access, **forms):
    person = case.person
    assignable = users_who_work_cases(access.acting_organisation)
    # Who reported it: only for those who may edit the case. A partner's page narrows
    # querysets to what the referral shares (seri.referrals.sharing).
    names = [name for name in CASE_PAGE_LISTS if name != "callers" or access.can_edit]
    lists = case_page_lists(case, names, querysets=access.shared_sections is not None)
    context = {
        "case": case,
        "access": access,
        "person": person,
        **lists,
        "today": timezone.localdate(),
        "nav": "cases",
        "preview": forms.get("preview", False),  # seri.referrals: the partner's view, previewed
    }
    if access.can_edit:
        context["person_changes"] = person_changes_for(person)
        context["status_form"] = forms.get("status_form") or StatusChangeForm(case=case)
        context["consent_form"] = forms.get("consent_form") or ConsentForm()
        context["referral_form"] = forms.get("referral_form") or ReferralForm(
            organisations=partner_organisations(exclude=case.organisation),
            consent_given=consent_to_share(case),
        )
    if access.can_contribute:
        context["note_form"] = forms.get("note_form") or NoteForm()
        context["task_form"] = forms.get("task_form") or TaskForm(assignable=assignable)
    return case_page_for(access, context)  # a partner: only what the referral shares


def render_case_page(request, case, access, status=200, **forms):
    context = _case_page_context(request, case, access, **forms)
    if not context.get("person_hidden"):
        audit_identifying_view(
            actor=request.user,
            people=[case.person],
            context="case page",
            organisation=access.acting_organisation,
        )
    # possible duplicates (seri.linkage): fetched here, shown by the template, audited here
    context["linkage_panel"] = panel = candidate_panel(request.user, case.person)
    if context["preview"] or context.get("person_hidden"):
        # the partner's view has no such panel; nor has a partner who is not shown the person
        context["linkage_panel"] = None
    elif panel.others():
        audit_identifying_view(
            actor=request.user,
            people=[side.person for side in panel.others()],
            context="possible duplicates",
        )
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
def case_detail(request, reference):
    case, access = case_get_for_user(request.user, reference)
    return render_case_page(request, case, access)


@login_required
def case_edit(request, reference):
    case, _access = case_get_for_user(request.user, reference, write=True)
    assignable = users_who_work_cases(case.organisation)
    if request.method == "POST":
        form = CaseDetailsForm(request.POST, assignable=assignable)
        if form.is_valid():
            try:
                services.case_update(actor=request.user, case=case, data=form.case_input())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Case updated."))
                return redirect("case-detail", reference=case.reference)
    else:
        form = CaseDetailsForm(
            assignable=assignable,
            initial={
                "urgency": case.urgency,
                "assigned_to": case.assigned_to,
                "location_text": case.location_text,
                "compound": case.compound,
                "location_latitude": case.location_latitude,
                "location_longitude": case.location_longitude,
                "date_trafficked": case.date_trafficked,
                "exploitation_types": case.exploitation_types,
                "control_methods": case.control_methods,
                "recruitment_methods": case.recruitment_methods,
                "recruitment_platforms": case.recruitment_platforms,
            },
        )
    return render(
        request,
        "cases/case_edit.html",
        {"case": case, "form": form, "nav": "cases"},
        status=400 if form.errors else 200,
    )


def _person_forms(data, person):
    """The edit-person form and its three row formsets, filled from `data` or from the record."""
    if data is not None:
        return (
            PersonEditForm(data),
            NameRows(data, prefix="names"),
            HandleRows(data, prefix="handles"),
            DocumentRows(data, prefix="documents"),
        )
    now = person_input_of(person)
    form = PersonEditForm(
        initial={
            "gender": now.gender,
            "date_of_birth": now.date_of_birth,
            "age_estimate": now.age_estimate,
            "nationalities": now.nationalities,
            "phones": "\n".join(now.phones),
            "languages": now.languages,
        }
    )
    names = NameRows(prefix="names", initial=[vars(n) for n in now.names])
    handles = HandleRows(prefix="handles", initial=[vars(h) for h in now.handles])
    documents = DocumentRows(prefix="documents", initial=[vars(d) for d in now.documents])
    return form, names, handles, documents


@login_required
def person_edit(request, reference):
    case, _access = case_get_for_user(request.user, reference, write=True)
    person = case.person
    form, names, handles, documents = _person_forms(
        request.POST if request.method == "POST" else None, person
    )
    if request.method == "POST" and all(f.is_valid() for f in (form, names, handles, documents)):
        try:
            person_update(
                actor=request.user,
                person=person,
                data=form.person_input(names, handles, documents),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The person's details are saved."))
            return redirect("case-detail", reference=case.reference)
    audit_identifying_view(actor=request.user, people=[person], context="edit person")
    failed = request.method == "POST"
    return render(
        request,
        "cases/person_edit.html",
        {
            "case": case,
            "form": form,
            "names": names,
            "handles": handles,
            "documents": documents,
            "phone_fields": [form["phones"]],
            "about_fields": [
                form[n]
                for n in ("gender", "date_of_birth", "age_estimate", "nationalities", "languages")
            ],
            "reason_fields": [form["reason"]],
            "nav": "cases",
        },
        status=400 if failed else 200,
    )


@login_required
@require_POST
def case_status(request, reference):
    case, access = case_get_for_user(request.user, reference, write=True)
    form = StatusChangeForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.case_change_status(
                actor=request.user,
                case=case,
                to_status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Status is now “%s”.") % CaseStatus(case.status).label)
            return redirect("case-detail", reference=case.reference)
    return render_case_page(request, case, access, status=400, status_form=form)


@login_required
@require_POST
def case_note(request, reference):
    case, access = case_get_for_user(request.user, reference, contribute=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.case_add_note(
            actor=request.user,
            case=case,
            text=form.cleaned_data["text"],
            shareable=form.cleaned_data["shareable"],
        )
        messages.success(request, _("Note added."))
        return redirect("case-detail", reference=case.reference)
    return render_case_page(request, case, access, status=400, note_form=form)


@login_required
@require_POST
def case_task(request, reference):
    case, access = case_get_for_user(request.user, reference, contribute=True)
    form = TaskForm(request.POST, assignable=users_who_work_cases(access.acting_organisation))
    if form.is_valid():
        try:
            services.task_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Task added."))
            return redirect("case-detail", reference=case.reference)
    return render_case_page(request, case, access, status=400, task_form=form)


@login_required
@require_POST
def task_done(request, reference, task_id):
    case, _access = case_get_for_user(request.user, reference)
    task = get_object_or_404(Task, case=case, public_id=task_id)
    services.task_complete(actor=request.user, task=task)
    return redirect("case-detail", reference=case.reference)


@login_required
@require_POST
def case_consent(request, reference):
    case, access = case_get_for_user(request.user, reference, write=True)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.consent_record(actor=request.user, case=case, **form.cleaned_data)
        messages.success(request, _("Consent recorded."))
        return redirect("case-detail", reference=case.reference)
    return render_case_page(request, case, access, status=400, consent_form=form)
