"""Pages of the compound registry, the map, locating a report, and actors. Thin: selectors
read, services write."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seri.audit.services import audit_identifying_view
from seri.cases.selectors import cases_hiding_the_person
from seri.compounds import permissions, services
from seri.compounds.forms import (
    ActorForm,
    CompoundFilterForm,
    CompoundForm,
    LocateForm,
    RelationshipForm,
    StatusForm,
)
from seri.compounds.graph import neighbourhood
from seri.compounds.locate import parse_locations, suggest_compounds
from seri.compounds.models import CompoundStatus
from seri.compounds.selectors import (
    CompoundFilters,
    actor_get_for_user,
    actor_list_for_user,
    compound_cases_for_user,
    compound_counts,
    compound_get_for_user,
    compound_list_for_user,
    compound_reports_for_user,
    relationships_of,
)
from seri.core.forms import apply_service_errors
from seri.evidence.selectors import evidence_visible_to, sources_visible_to


@login_required
def compound_list(request):
    # Names may come by POST (a search box), filters also by GET (links from the map).
    data = request.POST if request.method == "POST" else request.GET
    form = CompoundFilterForm(data)
    filters = CompoundFilters()
    if form.is_valid():
        filters = CompoundFilters(
            country=form.cleaned_data["country"],
            province_code=form.cleaned_data["province_code"],
            status=form.cleaned_data["status"],
            query=form.cleaned_data["q"] if request.method == "POST" else "",
        )
    page = Paginator(compound_list_for_user(request.user, filters), settings.SERI_PAGE_SIZE)
    context = {
        "form": form,
        "page": page.get_page(data.get("page")),
        "nav": "compounds",
        "can_edit": permissions.can_edit_registry(request.user),
        "see_actors": permissions.can_see_actors(request.user),
    }
    template = "compounds/partials/compound_rows.html" if request.htmx else "compounds/list.html"
    return render(request, template, context)


def _compound_input(data: dict, *, status: str = CompoundStatus.ACTIVE) -> services.CompoundInput:
    return services.CompoundInput(
        name=data["name"],
        aliases=[line for line in data["aliases"].splitlines() if line.strip()],
        country=data["country"],
        province_code=data["province_code"] if data["country"] == "KH" else "",
        district_code=data["district_code"] if data["country"] == "KH" else "",
        province=data["province"],
        latitude=data["latitude"],
        longitude=data["longitude"],
        outline=data["outline"] or None,
        status=data.get("status") or status,
        estimated_people_held=data["estimated_people_held"],
        estimate_source=data["estimate_source"],
        estimate_date=data["estimate_date"],
        first_reported=data["first_reported"],
        last_reported=data["last_reported"],
        description=data["description"],
    )


@login_required
def compound_create(request):
    permissions.require_registry_editor(request.user)  # who may see the form at all
    form = CompoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            compound = services.compound_create(
                actor=request.user, data=_compound_input(form.cleaned_data)
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Compound added to the registry."))
            return redirect("compound-detail", public_id=compound.public_id)
    return render(
        request, "compounds/form.html", {"form": form, "nav": "compounds", "compound": None}
    )


@login_required
def compound_edit(request, public_id):
    compound = compound_get_for_user(request.user, public_id)
    permissions.require_registry_editor(request.user)  # who may see the form at all
    form = CompoundForm(
        request.POST or None, initial=CompoundForm.initial_for(compound), editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.compound_update(
                actor=request.user,
                compound=compound,
                data=_compound_input(form.cleaned_data, status=compound.status),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Compound updated."))
            return redirect("compound-detail", public_id=compound.public_id)
    return render(
        request, "compounds/form.html", {"form": form, "nav": "compounds", "compound": compound}
    )


@login_required
def compound_detail(request, public_id):
    compound = compound_get_for_user(request.user, public_id)
    cases = list(compound_cases_for_user(request.user, compound)[:50])
    hidden = cases_hiding_the_person(request.user, cases)  # a referral not sharing the person
    audit_identifying_view(
        actor=request.user,
        people={c.person for c in cases if c.pk not in hidden},
        context="compound page",
    )
    see_actors = permissions.can_see_actors(request.user)
    context = {
        "compound": compound,
        "aliases": compound.aliases.all(),
        "history": compound.status_history.select_related("relocated_to", "recorded_by"),
        "relocated_from": compound.relocated_from.all(),
        "counts": compound_counts(compound),
        "cases": cases,
        "person_hidden": hidden,
        "reports": compound_reports_for_user(request.user, compound)[:50],
        "sources": sources_visible_to(request.user).filter(compounds=compound),
        "evidence": evidence_visible_to(request.user).filter(compound=compound),
        "see_actors": see_actors,
        "relationships": relationships_of(compound=compound) if see_actors else [],
        "graph": neighbourhood(compound) if see_actors else None,
        "can_edit": permissions.can_edit_registry(request.user),
        "status_form": StatusForm(initial={"status": compound.status}),
        "nav": "compounds",
    }
    return render(request, "compounds/detail.html", context)


@login_required
@require_POST
def compound_status(request, public_id):
    compound = compound_get_for_user(request.user, public_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.compound_status_change(
                actor=request.user, compound=compound, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status recorded."))
    else:
        messages.error(request, _("The status was not recorded: check the form."))
    return redirect("compound-detail", public_id=compound.public_id)


# --- map ----------------------------------------------------------------------------------------


@login_required
def compound_map(request):
    permissions.require_registry_reader(request.user)
    context = {
        "nav": "compounds",
        "statuses": CompoundStatus.choices,
        "tile_url": settings.SERI_MAP_TILE_URL,
        "tile_attribution": settings.SERI_MAP_TILE_ATTRIBUTION,
    }
    return render(request, "compounds/map.html", context)


@login_required
def compound_map_data(request):
    """GeoJSON of the compounds with coordinates, for the map's script (CSP: no inline data)."""
    compounds = compound_list_for_user(request.user).filter(
        latitude__isnull=False, longitude__isnull=False
    )
    status = request.GET.get("status", "")
    if status in CompoundStatus.values:
        compounds = compounds.filter(status=status)
    features = []
    for c in compounds:
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(c.longitude), float(c.latitude)],
                },
                "properties": {
                    "name": c.name,
                    "aliases": [a.name for a in c.aliases.all() if a.name != c.name],
                    "status": c.status,
                    "status_label": c.get_status_display(),
                    "province": c.province,
                    "url": reverse("compound-detail", args=[c.public_id]),
                    "outline": c.outline,
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


# --- locating a report --------------------------------------------------------------------------


@login_required
def compound_locate(request):
    """Paste a report's text: the compounds it may point to. By POST (the text may name people)."""
    permissions.require_registry_reader(request.user)
    form = LocateForm(request.POST or None)
    suggestions, locations = None, []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        locations = parse_locations(text)
        suggestions = suggest_compounds(text, radius_km=form.cleaned_data["radius_km"] or 5.0)
    context = {
        "form": form,
        "suggestions": suggestions,
        "locations": locations,
        "nav": "compounds",
    }
    return render(request, "compounds/locate.html", context)


# --- actors -------------------------------------------------------------------------------------


@login_required
def actor_list(request):
    query = request.POST.get("q", "") if request.method == "POST" else ""
    actors = actor_list_for_user(request.user, query=query)
    form = ActorForm()
    return render(
        request,
        "compounds/actor_list.html",
        {"actors": actors, "form": form, "q": query, "nav": "actors"},
    )


@login_required
@require_POST
def actor_create(request):
    permissions.require_actor_editor(request.user)  # before saying what the form lacks
    form = ActorForm(request.POST)
    if form.is_valid():
        try:
            actor = services.actor_create(
                actor=request.user, data=services.ActorInput(**form.cleaned_data)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Actor added."))
            return redirect("actor-detail", public_id=actor.public_id)
    else:
        messages.error(request, _("The actor was not added: give a kind and a name."))
    return redirect("actor-list")


@login_required
def actor_detail(request, public_id):
    actor = actor_get_for_user(request.user, public_id)
    sources = sources_visible_to(request.user)
    form = RelationshipForm(
        actors=actor_list_for_user(request.user).exclude(pk=actor.pk), sources=sources
    )
    return render(
        request,
        "compounds/actor_detail.html",
        {
            "actor": actor,
            "relationships": relationships_of(actor=actor),
            "graph": neighbourhood(actor),
            "form": form,
            "nav": "actors",
        },
    )


@login_required
@require_POST
def relationship_create(request, public_id):
    actor = actor_get_for_user(request.user, public_id)
    form = RelationshipForm(
        request.POST,
        actors=actor_list_for_user(request.user).exclude(pk=actor.pk),
        sources=sources_visible_to(request.user),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.relationship_create(
                actor=request.user,
                data=services.RelationshipInput(
                    actor=actor,
                    kind=data["kind"],
                    compound=data["compound"],
                    other_actor=data["other_actor"],
                    status=data["status"],
                    reliability=data["reliability"],
                    started_on=data["started_on"],
                    ended_on=data["ended_on"],
                    note=data["note"],
                    sources=list(data["sources"]),
                ),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Relationship recorded."))
    else:
        errors = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(errors))
    return redirect("actor-detail", public_id=actor.public_id)
