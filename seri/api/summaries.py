"""The API's case list without a model instance per row.

`CaseSummarySerializer` documents the list (the schema is built from it) and is the reference
for its output; `case_summaries` builds the same dicts from `.values()` rows. Per row, the
ModelSerializer path paid for a Case, a Person, their prefetched names and nationalities
(Django clones a queryset per row and relation to attach them) and a field-by-field walk:
most of the API list's time at 50 a page (docs/benchmarks.md, issue 20). Here a page is three
flat queries (cases with their joined columns, names, nationalities), only the name shown is
decrypted, and the values are formatted by the serializer's own fields, so the output is the
same to the byte (tests/api/test_case_list_rows.py compares the two on every kind of row).
"""

from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple, cast
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import ISO_8601
from rest_framework.settings import api_settings

from seri.api.serializers import CaseSummarySerializer
from seri.cases.models import Case, NameKind, Nationality, Person, PersonName

# The columns a summary shows, and the keys the paginator, the audit and the sharing check
# need (`id`, `organisation_id`, `person_id`).
CASE_SUMMARY_VALUES = (
    "id",
    "reference",
    "status",
    "urgency",
    "organisation_id",
    "organisation__short_name",
    "person_id",
    "person__public_id",
    "assigned_to__username",
    "compound__public_id",
    "compound__name",
    "date_trafficked",
    "status_changed_at",
    "created_at",
    "updated_at",
)

# The order in which `Person.display_name` picks the name shown.
_NAME_ORDER: dict[str, int] = {
    NameKind.FULL: 0,
    NameKind.GIVEN: 1,
    NameKind.ALIAS: 2,
    NameKind.FAMILY: 3,
}


def case_summary_values(cases: QuerySet[Case]) -> QuerySet:
    """A case list (from `case_list_for_user`) as `.values()` rows, in the same order."""
    return cases.prefetch_related(None).values(*CASE_SUMMARY_VALUES)


@cache
def _fields() -> dict[str, Any]:
    """The summary serializer's fields, built once: their `to_representation` formats each
    value exactly as the serializer would (dates, times in the current time zone, UUIDs)."""
    fields = CaseSummarySerializer().fields
    person = fields["person"].fields  # type: ignore[attr-defined]
    compound = fields["compound"].fields  # type: ignore[attr-defined]
    return {
        "status": fields["status"].to_representation,
        "urgency": fields["urgency"].to_representation,
        "date_trafficked": fields["date_trafficked"].to_representation,
        "status_changed_at": fields["status_changed_at"].to_representation,
        "created_at": fields["created_at"].to_representation,
        "updated_at": fields["updated_at"].to_representation,
        "person.public_id": person["public_id"].to_representation,
        "compound.public_id": compound["public_id"].to_representation,
    }


def _shown_names(person_ids: set[int]) -> dict[int, str]:
    """Each person's displayed name (`Person.display_name`): the first name of the first kind
    in FULL, GIVEN, ALIAS, FAMILY order, by id. Only that one is decrypted."""
    field = PersonName._meta.get_field("value")
    best: dict[int, tuple[int, str]] = {}
    rows = (
        PersonName.objects.filter(person_id__in=person_ids)
        .order_by("id")
        .annotate(stored=Cast("value", output_field=TextField()))  # the ciphertext as stored
        .values_list("person_id", "kind", "stored")
    )
    for person_id, kind, stored in rows:
        rank = _NAME_ORDER.get(kind)
        if rank is not None and (person_id not in best or rank < best[person_id][0]):
            best[person_id] = (rank, stored)
    return {
        person_id: field.from_db_value(stored, None, None)
        for person_id, (_rank, stored) in best.items()
    }


def _nationalities(person_ids: set[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        Nationality.objects.filter(person_id__in=person_ids)
        .order_by("id")
        .values_list("person_id", "country")
    )
    for person_id, country in rows:
        found[person_id].append(country)
    return found


def case_summaries(rows: Sequence[dict[str, Any]], hidden: set[int]) -> list[dict[str, Any]]:
    """`CaseSummarySerializer(cases, many=True).data` for these `.values()` rows; a case in
    `hidden` (its person not shared with the user) shows no person, and its person is not read."""
    fields = _fields()
    person_ids = {row["person_id"] for row in rows if row["id"] not in hidden}
    names = _shown_names(person_ids) if person_ids else {}
    nationalities = _nationalities(person_ids) if person_ids else {}
    no_name = _("(no name)")
    moment = _moments(fields)
    out = []
    for row in rows:
        person_id = row["person_id"]
        person = None
        if row["id"] not in hidden:
            person = {
                "public_id": fields["person.public_id"](row["person__public_id"]),
                "display_name": names.get(person_id, no_name),
                "nationalities": nationalities.get(person_id, []),
            }
        compound = None
        if row["compound__public_id"] is not None:
            compound = {
                "public_id": fields["compound.public_id"](row["compound__public_id"]),
                "name": row["compound__name"],
            }
        out.append(
            {
                "reference": row["reference"],
                "status": fields["status"](row["status"]),
                "urgency": fields["urgency"](row["urgency"]),
                "organisation": row["organisation__short_name"],
                "person": person,
                "assigned_to": row["assigned_to__username"],
                "compound": compound,
                "date_trafficked": _or_none(fields["date_trafficked"], row["date_trafficked"]),
                "status_changed_at": moment(row["status_changed_at"]),
                "created_at": moment(row["created_at"]),
                "updated_at": moment(row["updated_at"]),
            }
        )
    return out


def _moments(fields: dict[str, Any]):
    """The three date-times of a row as the serializer writes them (ISO 8601 in the current
    time zone, UTC as Z), the time zone looked up once a response instead of three times a
    row (DRF's `enforce_timezone`: 1 ms of a 50-row list). Anything else (a naive value, other
    settings) goes through the serializer's field."""
    slow = fields["created_at"]
    if api_settings.DATETIME_FORMAT.lower() != ISO_8601 or not settings.USE_TZ:
        return lambda value: _or_none(slow, value)
    zone = timezone.get_current_timezone()

    def moment(value):
        if value is None:
            return None
        if not timezone.is_aware(value):
            return slow(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return moment


def _or_none(to_representation, value):
    # A serializer skips a field's to_representation for None (it answers None itself).
    return None if value is None else to_representation(value)


class _CaseKeys(NamedTuple):
    pk: int
    organisation_id: int
    person_id: int


class _PersonKeys(NamedTuple):
    pk: int
    public_id: UUID


# Model instances cost ~30 µs each to build (every field's default is set): two per row of a
# 50-row page were a tenth of the request. The readers below use only these attributes.


def case_keys(rows: Sequence[dict[str, Any]]) -> list[Case]:
    """The page's cases as the keys `cases_hiding_the_person` reads (pk, organisation_id,
    person_id)."""
    keys = [_CaseKeys(row["id"], row["organisation_id"], row["person_id"]) for row in rows]
    return cast("list[Case]", keys)


def people_shown(rows: Sequence[dict[str, Any]], hidden: set[int]) -> list[Person]:
    """The people the page shows, as the keys the audit of identifying views reads (pk,
    public_id)."""
    keys = [
        _PersonKeys(row["person_id"], row["person__public_id"])
        for row in rows
        if row["id"] not in hidden
    ]
    return cast("list[Person]", keys)
