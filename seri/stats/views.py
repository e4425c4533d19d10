import datetime as dt
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seri.core import safecsv
from seri.core.vocabularies import country_name
from seri.stats import charts, htcds, mse, permissions, selectors, services, synth
from seri.stats.forms import EstimateForm, ExportForm, FilterForm, ReleaseForm, SyntheticForm
from seri.stats.models import DPRelease, ExportRecord, SyntheticRelease


def _filters(request) -> selectors.Filters:
    form = FilterForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid():
        return form.filters()
    return selectors.Filters()


def _page(request, template: str, context: dict):
    """Every statistics page knows which of the other pages the user may open."""
    user = request.user
    context = {
        "nav": "stats",
        "may_export": permissions.may_export(user),
        "may_release": permissions.may_release(user),
        **context,
    }
    return render(request, template, context)


@login_required
def dashboard(request):
    filters = _filters(request)
    data = services.dashboard(request.user, filters)  # refuses a role without statistics
    query = filters.as_query()
    return _page(
        request,
        "stats/dashboard.html",
        {
            "data": data,
            "charts": [(c, charts.svg(c)) for c in data.charts],
            "form": FilterForm(request.GET or None, user=request.user),
            "query": "&".join(f"{k}={v}" for k, v in query.items()),
            "coalition": permissions.is_coordinator(request.user),
            "filters_described": filters.describe(),
        },
    )


def _chart(request, key: str):
    data = services.dashboard(request.user, _filters(request))
    try:
        return data.chart(key)
    except StopIteration:
        raise Http404 from None


@login_required
def chart_svg(request, key):
    series = _chart(request, key)
    response = HttpResponse(charts.svg(series), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="seri-{key}.svg"'
    return response


@login_required
def chart_csv(request, key):
    series = _chart(request, key)
    out = io.StringIO()
    safecsv.writer(out).writerows(charts.csv_rows(series))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="seri-{key}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def export(request):
    permissions.require_export(request.user)
    form = ExportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.export_create(
                actor=request.user,
                fmt=form.cleaned_data["format"],
                k=form.cleaned_data["k"],
                choice=form.choice(),
                filters=form.filters(),
            )
        except ValidationError as exc:  # k cannot be met, summaries missing: said, and back
            for message in exc.messages:
                messages.error(request, message)
            return redirect("stats-export")
        else:
            return FileResponse(
                made.file,
                as_attachment=True,
                filename=made.filename,
                content_type=made.content_type,
            )
    recent = ExportRecord.objects.filter(requested_by=request.user)[:5]
    return _page(
        request,
        "stats/export.html",
        {"form": form, "recent": recent, "columns": htcds.COLUMNS.values()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def releases(request):
    permissions.require_release(request.user)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release = services.dp_release_create(
                actor=request.user,
                table=form.cleaned_data["table"],
                epsilon=form.cleaned_data["epsilon"],
                filters=selectors.Filters(
                    start=form.cleaned_data.get("start"), end=form.cleaned_data.get("end")
                ),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("stats-releases")
        messages.success(request, _("Table released with epsilon %(e)s.") % {"e": release.epsilon})
        return redirect("stats-releases")
    budget = services.budget_for()
    items = list(DPRelease.objects.select_related("released_by")[:20])
    for item in items:
        item.title = services.TABLES.get(item.table, item.table)
        if item.table == "month":
            item.shown = item.rows()
        else:
            # Post-processing (free of privacy cost): largest first, and counts that noise
            # alone could produce (under three times the noise scale) are left to the CSV.
            rows = sorted(item.rows(), key=lambda r: -r[1])
            item.shown = [(_label(item.table, c), n) for c, n in rows if n >= 3 * item.scale]
    return _page(
        request,
        "stats/releases.html",
        {"form": form, "budget": budget, "releases": items},
    )


def _label(table: str, category: str) -> str:
    if not category:
        return _("unknown / other")
    if table == "nationality":
        return str(country_name(category))
    return category


@login_required
def release_csv(request, public_id):
    permissions.require_release(request.user)
    release = get_object_or_404(DPRelease, public_id=public_id)
    out = io.StringIO()
    writer = safecsv.writer(out)
    writer.writerow([release.table, "noisy_count"])
    writer.writerows(release.rows())
    writer.writerow([])
    writer.writerow(["epsilon", release.epsilon])
    writer.writerow(["mechanism", release.mechanism])
    writer.writerow(["scale", release.scale])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="seri-dp-{release.table}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def synthetic(request):
    """Synthetic records: made (and paid for) first, with the utility report shown here only;
    downloadable once released."""
    permissions.require_release(request.user)
    form = SyntheticForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.synthetic_release_create(
                actor=request.user,
                epsilon=form.cleaned_data["epsilon"],
                records=form.cleaned_data["records"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("stats-synthetic")
        messages.success(
            request,
            _("Synthetic records made with epsilon %(e)s. Read the report before releasing them.")
            % {"e": round(made.epsilon, 4)},
        )
        return redirect("stats-synthetic")
    items = SyntheticRelease.objects.select_related("created_by", "released_by").defer("csv_gzip")
    return _page(
        request,
        "stats/synthetic.html",
        {
            "form": form,
            "budget": services.budget_for(),
            "items": items[:10],
            "available": synth.available(),
            "install_hint": synth.INSTALL_HINT,
        },
    )


@login_required
@require_http_methods(["POST"])
def synthetic_publish(request, public_id):
    permissions.require_release(request.user)  # before the look-up: 403 answers first, as the CSV
    release = get_object_or_404(SyntheticRelease.objects.defer("csv_gzip"), public_id=public_id)
    try:
        services.synthetic_release_publish(actor=request.user, release=release)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("stats-synthetic")


@login_required
def synthetic_csv(request, public_id):
    permissions.require_release(request.user)
    release = get_object_or_404(
        SyntheticRelease, public_id=public_id, released_at__isnull=False
    )  # a preview is not downloadable
    response = HttpResponse(bytes(release.csv_gzip), content_type="text/csv; charset=utf-8")
    response["Content-Encoding"] = "gzip"
    day = release.created_at.date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="seri-synthetic-{day}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def estimate(request):
    """Seri's own lists (one per organisation, linked identities), or an uploaded table."""
    permissions.require_release(request.user)
    form = EstimateForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    options: dict = {"bootstrap": 300}
    if request.method == "POST":
        if not form.is_valid():
            return _page(request, "stats/estimate.html", context)
        histories = form.cleaned_data["histories"]
        context["source"] = _("uploaded table")
        options.update(
            model=form.cleaned_data["model"] or None,
            selection=form.cleaned_data["selection"],
            average=form.cleaned_data["average"],
        )
    else:
        histories = services.seri_capture_histories()
        context["source"] = _(
            "Seri's lists: one per organisation, people linked across organisations"
        )
    context["lists"] = histories.lists
    context["observed"] = histories.observed
    try:
        result = mse.estimate(histories, **options)
        context["result"] = result.as_dict()
    except mse.EstimateRefused as exc:
        context["refused"] = str(exc)
    if request.method == "GET" and "result" in context:
        context["strata"] = services.estimate_by_nationality(bootstrap=100, limit=5)
    return _page(request, "stats/estimate.html", context)


@login_required
def brief(request):
    from seri.stats.brief import render_brief

    language = request.GET.get("language") or request.LANGUAGE_CODE
    if language not in ("en", "zh-hans", "km"):
        language = "en"
    pdf = render_brief(user=request.user, language=language, filters=_filters(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    day = dt.date.today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="seri-brief-{language}-{day}.pdf"'
    return response
