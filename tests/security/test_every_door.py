"""Trying every door: each route of the URL configuration, for each role, on a record of the
user's own organisation, of another organisation, and of another organisation that referred it
to the user's organisation.

The routes come from the URL configuration itself, so a new page or endpoint fails here until
`MATRIX` says who may open it. Expected outcomes are written from docs/architecture.md ("Who
sees what"), not from what the views happen to answer.

Whatever the outcome, a person's identifying details (name, phone) never appear in an answer
to someone who may not see their case, nor in any answer that is not "allowed".

Each request runs in a savepoint that is rolled back, so every cell starts from the same
records: a status changed by one role does not change what the next role gets.
"""

import json
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from seri.cases.models import ConsentKind
from seri.cases.services import consent_record, task_create
from seri.intake.services import ReportInput, report_create
from seri.notifications.kinds import NoticeKind
from seri.notifications.models import Notification
from seri.orgs.models import Membership
from seri.referrals.services import referral_accept, referral_send
from tests.conftest import login
from tests.factories import CaseFactory, OrganisationFactory, PersonFactory, Role, UserFactory

# --- outcomes -----------------------------------------------------------------------------------

OK = "allowed"  # 2xx, or a redirect elsewhere than the login or two-factor pages
FORBIDDEN = "forbidden"  # 403
NOT_FOUND = "not found"  # 404
LOGIN = "login required"  # a redirect to /login/ (pages), 401 (API)
TWO_FACTOR = "sent to two-factor"  # a redirect to the two-factor pages
REFUSED = "refused with a message"  # a redirect back, with an error message (web forms)
BAD = "bad request"  # 400
METHOD = "method not allowed"  # 405


def outcome_of(response) -> str:
    code = response.status_code
    if code in (301, 302, 303, 307, 308) or response.has_header("HX-Redirect"):
        location = response.get("HX-Redirect") or response["Location"]
        path = urlsplit(location).path
        if path.startswith(reverse("login")):
            return LOGIN
        if path.startswith(reverse("two-factor-verify")):
            return TWO_FACTOR
        if any(m.level >= message_levels.ERROR for m in _messages(response)):
            return REFUSED
        return OK
    if 200 <= code < 300:
        return OK
    known = {400: BAD, 401: LOGIN, 403: FORBIDDEN, 404: NOT_FOUND, 405: METHOD}
    return known.get(code, f"HTTP {code}")


def _messages(response) -> list:
    request = getattr(response, "wsgi_request", None)
    return list(get_messages(request)) if request is not None else []


# --- who, and what ------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
ROLES = (
    ANONYMOUS,
    "admin",  # of `ngo`, the organisation the roles below belong to unless said otherwise
    "caseworker",
    "investigator",
    "coordinator",
    "viewer",
    "liaison",  # partner liaison of `ngo`
    "other_caseworker",  # caseworker of `other_ngo`
    "other_liaison",  # partner liaison of `embassy`
    "partner_caseworker",  # caseworker of `partner`, to which `ngo` referred its case (accepted)
)
# Those who may record reports for some organisation (their own).
WRITERS = {
    "admin",
    "caseworker",
    "investigator",
    "coordinator",
    "other_caseworker",
    "partner_caseworker",
}

# The records each route is tried on:
# - own: a case of `ngo`, referred to `partner` and accepted there;
# - foreign: a case of `other_ngo`, referred to `embassy` and not answered yet;
# - referred: a case of `other_ngo`, referred to `ngo` and accepted there.
SCENARIOS = ("own", "foreign", "referred")
ANY = "-"  # routes that are not about one record

# What each role may do with each scenario's case (seri.cases.scoping.case_access).
NONE, READ, CONTRIBUTE, EDIT = "none", "read", "contribute", "edit"
# fmt: off
CASE_ACCESS = {
    #                      own         foreign  referred
    ANONYMOUS:            (NONE,       NONE,    NONE),
    "admin":              (EDIT,       NONE,    CONTRIBUTE),
    "caseworker":         (EDIT,       NONE,    CONTRIBUTE),
    "investigator":       (EDIT,       NONE,    CONTRIBUTE),
    "coordinator":        (EDIT,       NONE,    CONTRIBUTE),
    "viewer":             (READ,       NONE,    READ),
    "liaison":            (NONE,       NONE,    CONTRIBUTE),
    "other_caseworker":   (NONE,       EDIT,    EDIT),
    "other_liaison":      (NONE,       NONE,    NONE),  # not accepted yet: no access
    "partner_caseworker": (CONTRIBUTE, NONE,    NONE),
}
# fmt: on


def case_access(role: str, scenario: str) -> str:
    return CASE_ACCESS[role][SCENARIOS.index(scenario)]


# --- rules: the expected outcome for a role and a scenario -------------------------------------

Rule = Callable[[str, str], str]


def everyone(outcome: str = OK) -> Rule:
    return lambda role, scenario: outcome


def by_case_access(*, edit: str, contribute: str, read: str, none: str) -> Rule:
    outcomes = {EDIT: edit, CONTRIBUTE: contribute, READ: read, NONE: none}
    return lambda role, scenario: outcomes[case_access(role, scenario)]


SEES = by_case_access(edit=OK, contribute=OK, read=OK, none=NOT_FOUND)
CONTRIBUTES = by_case_access(edit=OK, contribute=OK, read=FORBIDDEN, none=NOT_FOUND)
# Changing a case, its status and consent, referring it, adding reports, completing the tasks
# its owner set: the owning organisation's writers only.
EDITS = by_case_access(edit=OK, contribute=FORBIDDEN, read=FORBIDDEN, none=NOT_FOUND)


def writers(role: str, scenario: str) -> str:
    return OK if role in WRITERS else FORBIDDEN


def admins(role: str, scenario: str) -> str:
    return OK if role == "admin" else FORBIDDEN


def administered(role: str, scenario: str) -> str:
    """A membership: its organisation's admin only; to everyone else, as if absent."""
    return OK if role == "admin" and scenario == "own" else NOT_FOUND


def access_history(role: str, scenario: str) -> str:
    """A person's access history: an admin of an organisation that sees the person."""
    if case_access(role, scenario) == NONE:
        return NOT_FOUND
    return OK if role == "admin" else FORBIDDEN


def per_role(**rows: tuple[str, str, str]) -> Rule:
    """A table written out in full: role → outcomes for (own, foreign, referred)."""
    assert set(rows) == set(ROLES) - {ANONYMOUS}, "name every role"
    return lambda role, scenario: rows[role][SCENARIOS.index(scenario)]


def api(rule: Rule) -> Rule:
    """The API answers 400 with the reason where a web form redirects back with a message."""
    return lambda role, scenario: BAD if (o := rule(role, scenario)) == REFUSED else o


R, F, N, B = OK, FORBIDDEN, NOT_FOUND, BAD

# A report's triage page: who records reports for the report's organisation.
TRIAGES_REPORT = per_role(
    admin=(R, N, N),
    caseworker=(R, N, N),
    investigator=(R, N, N),
    coordinator=(R, N, N),
    viewer=(N, N, N),
    liaison=(N, N, N),
    other_caseworker=(N, R, R),
    other_liaison=(N, N, N),
    partner_caseworker=(N, N, N),
)

# Referrals are seen by the organisations they are sent to, and by those whose cases they
# are about; answered by the receiving organisation's working roles; revoked by the owner.
SEES_REFERRAL = per_role(
    admin=(R, N, R),
    caseworker=(R, N, R),
    investigator=(R, N, R),
    coordinator=(R, N, R),
    viewer=(R, N, R),
    liaison=(N, N, R),
    other_caseworker=(N, R, R),
    other_liaison=(N, R, N),
    partner_caseworker=(R, N, N),
)
ANSWERS_SENT_REFERRAL = per_role(  # accept, decline: the own and referred ones are accepted
    admin=(F, N, REFUSED),
    caseworker=(F, N, REFUSED),
    investigator=(F, N, REFUSED),
    coordinator=(F, N, REFUSED),
    viewer=(F, N, F),
    liaison=(N, N, REFUSED),
    other_caseworker=(N, F, F),
    other_liaison=(N, R, N),
    partner_caseworker=(REFUSED, N, N),
)
COMPLETES_REFERRAL = per_role(  # the foreign one is not accepted yet
    admin=(F, N, R),
    caseworker=(F, N, R),
    investigator=(F, N, R),
    coordinator=(F, N, R),
    viewer=(F, N, F),
    liaison=(N, N, R),
    other_caseworker=(N, F, F),
    other_liaison=(N, REFUSED, N),
    partner_caseworker=(R, N, N),
)
REVOKES_REFERRAL = per_role(
    admin=(R, N, F),
    caseworker=(R, N, F),
    investigator=(R, N, F),
    coordinator=(R, N, F),
    viewer=(F, N, F),
    liaison=(N, N, F),
    other_caseworker=(N, R, R),
    other_liaison=(N, F, N),
    partner_caseworker=(F, N, N),
)
# A report or a referral names its case in the body: a case the user cannot see is "no such
# case" (400); one they may only read, 403 when they write for no organisation at all, else
# the service's 400.
ADDS_REPORT_VIA_API = per_role(
    admin=(R, B, B),
    caseworker=(R, B, B),
    investigator=(R, B, B),
    coordinator=(R, B, B),
    viewer=(F, B, F),
    liaison=(B, B, F),
    other_caseworker=(B, R, R),
    other_liaison=(B, B, B),
    partner_caseworker=(B, B, B),
)
REFERS_VIA_API = by_case_access(edit=OK, contribute=FORBIDDEN, read=FORBIDDEN, none=BAD)


# --- the matrix ---------------------------------------------------------------------------------

Data = Callable[[SimpleNamespace, str], dict]


@dataclass(frozen=True)
class Door:
    method: str  # get, post, patch
    expect: Rule  # the outcome for authenticated roles (and anonymous ones on public routes)
    data: Data | dict | None = None  # the query (get) or the body
    kwargs: dict = field(default_factory=dict)  # URL arguments added to the route's
    scenarios: tuple[str, ...] | None = None  # default: the route's
    finds_the_person: bool = False  # a search: who may see the case gets the person back
    multipart: bool = False  # an upload: bytes in `data` are sent as files


@dataclass(frozen=True)
class Route:
    doors: tuple[Door, ...]
    kwargs: Data = lambda world, scenario: {}
    scenarios: tuple[str, ...] = (ANY,)
    api: bool = False  # JSON bodies; anonymous requests get 401
    public: bool = False  # anonymous requests follow `expect` rather than needing a login


def case_ref(world, scenario):
    return {"reference": world.cases[scenario].reference}


def referral_id(world, scenario):
    return {"public_id": world.referrals[scenario].public_id}


def one_role(role: str, *, else_: str) -> Rule:
    return lambda asking, scenario: OK if asking == role else else_


def bobs_notice(world, scenario):
    """A notice for the caseworker about their own case: only they may open it."""
    notice, _created = Notification.objects.get_or_create(
        recipient=world.users["caseworker"],
        key="every-door",
        defaults={"kind": NoticeKind.TASK_DUE, "case": world.cases["own"]},
    )
    return {"pk": notice.pk}


def pprl_project(world, scenario):
    """A linkage project of `ngo` (seri.pprl)."""
    from seri.pprl.models import PprlProject

    project, created = PprlProject.objects.get_or_create(
        name="every-door", defaults={"installation": "here", "legal_basis": "Test basis"}
    )
    if created:
        project.organisations.set([world.ngo])
    return {"name": project.name}


def pprl_runs(outcome: str) -> Rule:
    return lambda role, scenario: outcome if role == "admin" else NOT_FOUND


def page(*doors: Door, kwargs: Data | None = None, scenarios=(ANY,)) -> Route:
    return Route(doors=doors, kwargs=kwargs or Route.kwargs, scenarios=scenarios)


def on_case(*doors: Door, kwargs: Data = case_ref, api: bool = False) -> Route:
    return Route(doors=doors, kwargs=kwargs, scenarios=SCENARIOS, api=api)


def endpoint(*doors: Door, kwargs: Data | None = None, scenarios=(ANY,)) -> Route:
    return Route(doors=doors, kwargs=kwargs or Route.kwargs, scenarios=scenarios, api=True)


def public(*doors: Door, api: bool = False) -> Route:
    return Route(doors=doors, api=api, public=True)


def GET(expect: Rule, data=None, **options) -> Door:
    return Door("get", expect, data, **options)


def POST(expect: Rule, data=None, **options) -> Door:
    return Door("post", expect, data, **options)


def PATCH(expect: Rule, data=None, **options) -> Door:
    return Door("patch", expect, data, **options)


def search_by_name(key: str) -> Data:
    # The family name alone: the search box shows it again, the full name only a match may.
    return lambda world, scenario: {key: world.names[scenario].split()[-1]}


def search_by_phone(key: str) -> Data:
    # The digits alone: the search box shows them again, the E.164 form only a match may.
    return lambda world, scenario: {key: world.phones[scenario].lstrip("+")}


PERSON_EDIT = {
    **{
        f"{rows}-{n}": "0"
        for rows in ("names", "handles", "documents")
        for n in ("TOTAL_FORMS", "INITIAL_FORMS")
    },
    "names-TOTAL_FORMS": "1",
    "names-0-value": "Testperson Alpha",
    "names-0-kind": "full",
    "gender": "Feminine",
    "reason": "Confirmed by phone.",
}
NEW_REPORT = {
    "report-channel": "hotline",
    "report-reporter_relation": "family",
    "report-original_text": "A further account, as received.",
}
API_NEW_REPORT = {
    "channel": "hotline",
    "reporter_relation": "family",
    "original_text": "A further account, as received.",
}


def api_report_on(world, scenario):
    return {**API_NEW_REPORT, "case": world.cases[scenario].reference}


def api_referral_of(world, scenario):
    return {"case": world.cases[scenario].reference, "to_organisation": "SHELTER"}


def respond(action: str, expect: Rule, data=None, scenarios=SCENARIOS) -> Door:
    return POST(
        expect, data or {"note": "Answered."}, kwargs={"action": action}, scenarios=scenarios
    )


TEMPORARY = "kampot-river-lantern-77"  # an admin's temporary password for a user


def membership_id(world, scenario):
    return {"public_id": world.memberships[scenario].public_id}


def api_token_id(world, scenario):
    """An API token of the scenario's member (own: vera of `ngo`; foreign: charlie)."""
    from seri.orgs.services.tokens import api_token_create

    made = world.__dict__.setdefault("api_tokens", {})
    if scenario not in made:
        owner = world.memberships[scenario].user
        made[scenario] = api_token_create(actor=owner, via="test").token.public_id
    return {"public_id": made[scenario]}


def token_managers(role: str, scenario: str) -> str:
    """A token: its owner and the admins of their organisation; to everyone else, absent."""
    allowed = {"own": {"admin", "viewer"}, "foreign": {"other_caseworker"}}[scenario]
    return OK if role in allowed else NOT_FOUND


# --- compounds and evidence (seri/compounds, seri/evidence): the records their routes are tried on


def _registry(world) -> SimpleNamespace:
    """A compound where all three scenario cases are, an actor, sources, and evidence files
    attached to each scenario's case (made once per test, on first use)."""
    if hasattr(world, "registry"):
        return world.registry
    import io

    from PIL import Image

    from seri.compounds.services import ActorInput, CompoundInput, actor_create, compound_create
    from seri.evidence.services import EvidenceInput, SourceInput, evidence_receive, source_create

    compound = compound_create(
        actor=None, data=CompoundInput(name="Door Demo Compound", province_code="18")
    )
    for case in world.cases.values():
        case.compound = compound
        case.save(update_fields=["compound"])
    actor = actor_create(
        actor=None, data=ActorInput(kind="company", name="Door Demo Holdings (demo)")
    )
    other_org = world.cases["foreign"].organisation
    sources = {
        "own": source_create(
            actor=None,
            data=SourceInput(kind="media", title="Own org source", visibility="organisation"),
            organisation=world.ngo,
        ),
        "foreign": source_create(
            actor=None,
            data=SourceInput(kind="media", title="Restricted source", visibility="restricted"),
            organisation=other_org,
        ),
    }
    image = io.BytesIO()
    Image.new("RGB", (32, 32), "navy").save(image, "JPEG")
    evidence = {
        scenario: evidence_receive(
            actor=None,
            data=EvidenceInput(
                organisation=case.organisation, file=image.getvalue(), case=case, note="door"
            ),
        )
        for scenario, case in world.cases.items()
    }
    world.registry = SimpleNamespace(
        compound=compound, actor=actor, sources=sources, evidence=evidence
    )
    return world.registry


def compound_id(world, scenario):
    return {"public_id": _registry(world).compound.public_id}


def actor_id(world, scenario):
    return {"public_id": _registry(world).actor.public_id}


def evidence_id(world, scenario):
    return {"public_id": _registry(world).evidence[scenario].public_id}


def source_id(world, scenario):
    return {"public_id": _registry(world).sources[scenario].public_id}


def on_case_of_registry(world, scenario):
    return {"case": _registry(world) and world.cases[scenario].reference}


def writes_to_case(role: str, scenario: str) -> str:
    """Attaching evidence to a case: writers first (403), then the case's access."""
    return CONTRIBUTES(role, scenario) if role in WRITERS else FORBIDDEN


ACTOR_ROLES = {"investigator", "coordinator"}


def sees_actors(role: str, scenario: str) -> str:
    return OK if role in ACTOR_ROLES else FORBIDDEN


SEES_SOURCE = per_role(  # own: visible to `ngo`; foreign: restricted to other_ngo's investigators
    admin=(R, N, N),
    caseworker=(R, N, N),
    investigator=(R, N, N),
    coordinator=(R, N, N),
    viewer=(R, N, N),
    liaison=(R, N, N),
    other_caseworker=(N, N, N),
    other_liaison=(N, N, N),
    partner_caseworker=(N, N, N),
)


def uploads_via_api(role: str, scenario: str) -> str:
    """An upload names its case in the body: a case the user cannot see is "no such case"
    (400); one they see, a file only for writers who contribute to it."""
    access = case_access(role, scenario)
    if access == NONE:
        return BAD
    return OK if role in WRITERS and access in (EDIT, CONTRIBUTE) else FORBIDDEN


def api_upload_to_case(world, scenario):
    return {"case": world.cases[scenario].reference, "file": b"%PDF-1.4\n% door\n"}


def api_relationship(world, scenario):
    return {"kind": "operates", "compound": str(_registry(world).compound.public_id)}


NEW_COMPOUND = {
    "name": "Door New Compound",
    "country": "KH",
    "province_code": "18",
    "status": "active",
    "latitude": "10.6",
    "longitude": "103.5",
}


# --- linkage: a candidate pair per scenario: the own person with the scenario's person (for
# "own", with a second person of the same organisation).
def linkage_pair(world, scenario):
    from seri.linkage.models import MatchCandidate

    pairs = world.__dict__.setdefault("linkage_pairs", {})
    if scenario not in pairs:
        own = world.cases["own"].person
        other = (
            PersonFactory(organisation=own.organisation, name="Testperson Secondly")
            if scenario == "own"
            else world.cases[scenario].person
        )
        a, b = sorted([own.pk, other.pk])
        pairs[scenario] = MatchCandidate.objects.create(
            person_a_id=a, person_b_id=b, probability=0.9, source="batch"
        ).public_id
    return {"public_id": pairs[scenario]}


# A coordinator decides on any pair; a writer on pairs whose two people they see.
DECIDES_PAIR = per_role(
    admin=(R, F, R),
    caseworker=(R, F, R),
    investigator=(R, F, R),
    coordinator=(R, R, R),
    viewer=(F, F, F),
    liaison=(F, F, F),
    other_caseworker=(F, F, F),
    other_liaison=(F, F, F),
    partner_caseworker=(F, F, F),
)
# Any writer who sees one of the two people may ask the coordinator to check the pair.
ASKS_ABOUT_PAIR = per_role(
    admin=(R, R, R),
    caseworker=(R, R, R),
    investigator=(R, R, R),
    coordinator=(R, R, R),
    viewer=(F, F, F),
    liaison=(F, F, F),
    other_caseworker=(F, R, R),
    other_liaison=(F, F, F),
    partner_caseworker=(R, R, R),
)


# --- intake: a device credential of the scenario's organisation (own: `ngo`, foreign: other_ngo)
def device_id(world, scenario):
    from seri.intake.models import DeviceCredential

    devices = world.__dict__.setdefault("devices", {})
    if scenario not in devices:
        case = world.cases[scenario]
        devices[scenario] = DeviceCredential.objects.create(
            organisation=case.organisation,
            username=f"door-{scenario}",
            password_hash="!",
            label="Door tablet",
            created_by=case.assigned_to or world.users["admin"],
        ).public_id
    return {"public_id": devices[scenario]}


# --- channels: a Telegram channel and one of its senders, of the scenario's organisation
def _channel(world, scenario):
    from seri.channels.models import Channel, Sender

    made = world.__dict__.setdefault("channels", {})
    if scenario not in made:
        case = world.cases[scenario]
        channel = Channel.objects.create(
            organisation=case.organisation, kind="telegram", name=f"Door bot {scenario}"
        )
        made[scenario] = (
            channel,
            Sender.objects.create(channel=channel, handle=f"telegram:{scenario}"),
        )
    return made[scenario]


def channel_id(world, scenario):
    return {"public_id": _channel(world, scenario)[0].public_id}


def sender_id(world, scenario):
    return {"public_id": _channel(world, scenario)[1].public_id}


# Reports waiting in triage, and their senders: the writers of the report's organisation.
TRIAGES = per_role(
    admin=(R, N, N),
    caseworker=(R, N, N),
    investigator=(R, N, N),
    coordinator=(R, N, N),
    viewer=(N, N, N),
    liaison=(N, N, N),
    other_caseworker=(N, R, R),
    other_liaison=(N, N, N),
    partner_caseworker=(N, N, N),
)


MATRIX: dict[str, Route] = {
    # --- cases (seri/cases/urls.py)
    "home": page(GET(everyone())),
    "case-list": page(
        GET(everyone()),
        POST(everyone(), search_by_name("q"), scenarios=SCENARIOS, finds_the_person=True),
        POST(everyone(), search_by_phone("q"), scenarios=SCENARIOS, finds_the_person=True),
    ),
    "case-detail": on_case(GET(SEES)),
    "case-edit": on_case(GET(EDITS), POST(EDITS, {"urgency": "medical"})),
    "person-edit": on_case(GET(EDITS), POST(EDITS, PERSON_EDIT)),
    "case-status": on_case(POST(EDITS, {"status": "verifying", "reason": "Confirmed by phone."})),
    "case-note": on_case(POST(CONTRIBUTES, {"text": "Called the family."})),
    "case-task": on_case(POST(CONTRIBUTES, {"title": "Call the embassy."})),
    "task-done": on_case(
        POST(EDITS),  # each case's task was set by its owner
        kwargs=lambda world, scenario: {
            **case_ref(world, scenario),
            "task_id": world.tasks[scenario].public_id,
        },
    ),
    "case-consent": on_case(POST(EDITS, {"kind": "tracing", "given": "yes"})),
    # --- logging in, users (seri/orgs/urls.py)
    "login": public(GET(everyone())),  # logged-in users are sent on to the home page
    "logout": public(POST(everyone(LOGIN))),
    "two-factor-verify": page(GET(everyone())),  # verified sessions are sent on
    "two-factor-enrol": page(GET(everyone(TWO_FACTOR))),  # who has a second factor verifies it
    "password_change": page(GET(everyone()), POST(everyone())),  # an empty form, shown again
    "password_change_done": page(GET(everyone())),
    "user-list": page(GET(admins)),
    "user-create": page(
        POST(
            admins,
            lambda world, scenario: {
                "organisation": str(world.ngo.public_id),
                "username": "newcomer",
                "role": "viewer",
                "password": "a-long-enough-passphrase-7",
            },
        )
    ),
    "membership-toggle": page(
        POST(administered, {"confirm": "yes"}), kwargs=membership_id, scenarios=("own", "foreign")
    ),
    "membership-sessions-end": page(
        POST(administered, {"confirm": "yes"}), kwargs=membership_id, scenarios=("own", "foreign")
    ),
    "membership-second-factor-reset": page(
        POST(administered), kwargs=membership_id, scenarios=("own", "foreign")
    ),
    "membership-password-reset": page(
        GET(administered),
        POST(administered, {"password": TEMPORARY, "password_again": TEMPORARY}),
        kwargs=membership_id,
        scenarios=("own", "foreign"),
    ),
    "membership-tokens": page(
        GET(administered), kwargs=membership_id, scenarios=("own", "foreign")
    ),
    "account-tokens": page(GET(everyone()), POST(everyone())),  # one's own tokens only
    "api-token-revoke": page(
        POST(token_managers), kwargs=api_token_id, scenarios=("own", "foreign")
    ),
    # --- intake (seri/intake/urls.py)
    "intake-new": page(
        GET(writers),
        POST(
            writers,
            {
                **NEW_REPORT,
                "person-full_name": "Testperson Newcomer",
                "person-gender": "NonSpecifiedUnknown",
                "case-urgency": "normal",
            },
        ),
    ),
    "report-add": on_case(GET(EDITS), POST(EDITS, NEW_REPORT)),
    # the intake form's check for people already known: a match out of sight is only announced
    "intake-check": page(
        POST(writers, lambda world, scenario: {"person-phones": world.phones[scenario]}),
        scenarios=SCENARIOS,
    ),
    # --- intake: triage and imports (seri/intake/urls.py)
    "intake-triage": page(GET(writers)),
    # --- linkage (seri/linkage/urls.py)
    "linkage-queue": page(GET(writers)),
    "linkage-decide": page(
        POST(DECIDES_PAIR, {"decision": "different", "reason": "Other village."}),
        POST(DECIDES_PAIR, {"decision": "undo"}),
        kwargs=linkage_pair,
        scenarios=SCENARIOS,
    ),
    "linkage-ask": page(POST(ASKS_ABOUT_PAIR), kwargs=linkage_pair, scenarios=SCENARIOS),
    # --- pprl (seri/pprl/urls.py): a match nobody may see is not found, for every role
    # (tests/pprl/test_services.py tries the owner's and another organisation's matches)
    "pprl-ask-referral": page(
        POST(lambda r, s: N),
        kwargs=lambda w, s: {"public_id": "00000000-0000-4000-8000-000000000000"},
    ),
    "pprl-decide": page(
        POST(lambda r, s: N, {"same": "no"}),
        kwargs=lambda w, s: {"public_id": "00000000-0000-4000-8000-000000000000"},
    ),
    # a project's pages: an admin of every organisation taking part; to others, as if absent
    # (no linkage key is set in the tests: encoding is refused with a message)
    "pprl-projects": page(GET(everyone())),
    "pprl-project": page(GET(pprl_runs(OK)), kwargs=pprl_project),
    "pprl-encode": page(POST(pprl_runs(REFUSED)), kwargs=pprl_project),
    "pprl-import": page(POST(pprl_runs(REFUSED)), kwargs=pprl_project),
    "pprl-contact": page(
        POST(pprl_runs(OK), {"installation": "shelter", "referral_email": "c@test.invalid"}),
        kwargs=pprl_project,
    ),
    "pprl-find-record": page(POST(pprl_runs(REFUSED), {"record": "nope"}), kwargs=pprl_project),
    # A report's triage page: who records reports for its organisation; the world's reports are
    # all attached to cases already, so triaging them again is refused with a message.
    "triage-report": Route(
        kwargs=lambda world, scenario: {"public_id": world.reports[scenario].public_id},
        scenarios=SCENARIOS,
        doors=(
            GET(TRIAGES_REPORT),
            POST(
                per_role(
                    admin=(REFUSED, N, N),
                    caseworker=(REFUSED, N, N),
                    investigator=(REFUSED, N, N),
                    coordinator=(REFUSED, N, N),
                    viewer=(N, N, N),
                    liaison=(N, N, N),
                    other_caseworker=(N, REFUSED, REFUSED),
                    other_liaison=(N, N, N),
                    partner_caseworker=(N, N, N),
                ),
                {"action": "dismiss"},
            ),
        ),
    ),
    # A report's file: who sees the report on its case, or triages its organisation's reports.
    "report-file": page(
        GET(lambda role, s: OK if OK in (SEES(role, s), TRIAGES_REPORT(role, s)) else N),
        kwargs=lambda world, scenario: {
            "public_id": world.reports[scenario].attachments.get().public_id
        },
        scenarios=SCENARIOS,
    ),
    "intake-import": page(GET(writers)),
    # OpenRosa: device credentials (HTTP Basic) only; a logged-in session is no device (401).
    "openrosa-form-list": public(GET(everyone(LOGIN))),
    "openrosa-form": Route(
        doors=(GET(everyone(LOGIN)),),
        kwargs=lambda world, scenario: {"form_id": "seri_report"},
        public=True,
    ),
    "openrosa-submission": public(POST(everyone(LOGIN), {})),
    # Device credentials and the reports export: an organisation's admins only.
    "intake-devices": page(GET(admins), POST(admins, {"label": "Door tablet"})),
    "intake-device-revoke": page(
        POST(administered), kwargs=device_id, scenarios=("own", "foreign")
    ),
    "intake-export": page(GET(everyone(METHOD)), POST(admins, {"format": "csv"})),
    # The public report form: no login. Unconfigured in the test settings, it answers with its
    # clear "not available" page (503); tests/intake/test_intake_pages.py tries the configured form.
    "public-report": public(
        GET(everyone("HTTP 503")),
        POST(everyone("HTTP 503"), {"account": "Someone is trapped.", "lang": "th"}),
    ),
    "public-follow-up": public(
        GET(everyone("HTTP 503")),
        POST(everyone("HTTP 503"), {"reference": "SR-AAAA-AAAA", "passphrase": "1"}),
    ),
    "public-exit": public(GET(everyone())),  # to the neutral site
    # --- hotline channels (seri/channels/urls.py): an organisation's admins configure them;
    # those who triage its reports see a report's messages and may make a sender quiet.
    "channel-list": page(
        GET(admins), POST(lambda role, scenario: BAD if role == "admin" else FORBIDDEN, {})
    ),
    "channel-detail": page(
        GET(administered),
        POST(administered, {"acknowledgements": ""}),
        kwargs=channel_id,
        scenarios=("own", "foreign"),
    ),
    "channel-remove": page(POST(administered), kwargs=channel_id, scenarios=("own", "foreign")),
    "channel-media-retry": page(
        POST(administered), kwargs=channel_id, scenarios=("own", "foreign")
    ),
    "channel-thread": page(
        GET(TRIAGES),
        kwargs=lambda world, scenario: {"public_id": world.reports[scenario].public_id},
        scenarios=SCENARIOS,
    ),
    "channel-sender-quiet": page(
        POST(TRIAGES, {"quiet": "1"}), kwargs=sender_id, scenarios=("own", "foreign")
    ),
    # The providers' webhook: anonymous, but nothing passes without the channel's secret.
    "channel-webhook": Route(
        doors=(GET(everyone(METHOD)), POST(everyone(FORBIDDEN), {})),
        kwargs=channel_id,
        scenarios=("own",),
        public=True,
    ),
    # --- referrals (seri/referrals/urls.py)
    "referral-inbox": page(GET(everyone())),
    # --- my work (seri/notifications/urls.py): one's own tasks and notices only
    "my-tasks": page(GET(everyone())),
    "notification-list": page(GET(everyone())),
    "notifications-read-all": page(POST(everyone())),
    "notification-open": page(POST(one_role("caseworker", else_=NOT_FOUND)), kwargs=bobs_notice),
    "referral-send": on_case(POST(EDITS, {"to_organisation": "SHELTER", "kind": "referral"})),
    "referral-preview": on_case(POST(EDITS, {"to_organisation": "SHELTER", "kind": "referral"})),
    "referral-respond": Route(
        kwargs=referral_id,
        scenarios=SCENARIOS,
        doors=(
            respond("accept", ANSWERS_SENT_REFERRAL),
            respond("decline", ANSWERS_SENT_REFERRAL),
            respond("complete", COMPLETES_REFERRAL),
            respond("revoke", REVOKES_REFERRAL, {"note": "No longer needed."}),
            respond("delete", everyone(NOT_FOUND)),  # no such action
        ),
    ),
    # --- statistics (seri/stats/urls.py): aggregates for roles that see their organisation's
    # cases; exports for admins and coordinators; private tables and estimates for coordinators
    "stats-dashboard": page(GET(lambda r, s: F if r in {"liaison", "other_liaison"} else R)),
    "stats-chart-svg": page(
        GET(lambda r, s: F if r in {"liaison", "other_liaison"} else R),
        kwargs=lambda w, s: {"key": "status"},
    ),
    "stats-chart-csv": page(
        GET(lambda r, s: F if r in {"liaison", "other_liaison"} else R),
        kwargs=lambda w, s: {"key": "nationality"},
    ),
    "stats-export": page(
        GET(lambda r, s: R if r in {"admin", "coordinator"} else F),
        # the admin's organisation holds too few cases for k = 2: refused with the reason
        POST(
            lambda r, s: {"admin": REFUSED, "coordinator": R}.get(r, F), {"format": "csv", "k": "2"}
        ),
    ),
    "stats-releases": page(
        GET(lambda r, s: R if r == "coordinator" else F),
        POST(lambda r, s: R if r == "coordinator" else F, {"table": "month", "epsilon": "0.1"}),
    ),
    "stats-release-csv": page(
        GET(lambda r, s: N if r == "coordinator" else F),  # no such release
        kwargs=lambda w, s: {"public_id": "00000000-0000-4000-8000-000000000000"},
    ),
    "stats-synthetic": page(GET(lambda r, s: R if r == "coordinator" else F)),
    "stats-synthetic-publish": page(
        POST(lambda r, s: N if r == "coordinator" else F),  # no such release
        kwargs=lambda w, s: {"public_id": "00000000-0000-4000-8000-000000000000"},
    ),
    "stats-synthetic-csv": page(
        GET(lambda r, s: N if r == "coordinator" else F),  # no such release
        kwargs=lambda w, s: {"public_id": "00000000-0000-4000-8000-000000000000"},
    ),
    "stats-estimate": page(GET(lambda r, s: R if r == "coordinator" else F)),
    "stats-brief": page(GET(lambda r, s: F if r in {"liaison", "other_liaison"} else R)),
    # --- audit (seri/audit/urls.py)
    "audit-person-access": on_case(
        GET(access_history),
        kwargs=lambda world, scenario: {"public_id": world.cases[scenario].person.public_id},
    ),
    # --- API (seri/api/urls.py)
    "api-token": public(POST(everyone(BAD), {}), api=True),  # needs credentials in the body
    "api-schema": public(GET(everyone())),
    "api-docs": public(GET(everyone())),
    "api-case-list": endpoint(
        GET(everyone()),
        GET(everyone(), search_by_name("q"), scenarios=SCENARIOS, finds_the_person=True),
        GET(everyone(), search_by_phone("q"), scenarios=SCENARIOS, finds_the_person=True),
        POST(writers, {**API_NEW_REPORT, "names": [{"value": "Testperson Newcomer"}]}),
    ),
    "api-case-search": endpoint(
        POST(everyone(), search_by_name("q"), scenarios=SCENARIOS, finds_the_person=True),
        POST(everyone(), search_by_phone("q"), scenarios=SCENARIOS, finds_the_person=True),
    ),
    "api-case-detail": on_case(GET(SEES), PATCH(EDITS, {"urgency": "medical"}), api=True),
    "api-case-change-status": on_case(
        POST(EDITS, {"status": "verifying", "reason": "Confirmed by phone."}), api=True
    ),
    "api-case-consent": on_case(
        GET(SEES), POST(EDITS, {"kind": "tracing", "given": True}), api=True
    ),
    "api-case-notes": on_case(POST(CONTRIBUTES, {"text": "Called the family."}), api=True),
    "api-case-tasks": on_case(POST(CONTRIBUTES, {"title": "Call the embassy."}), api=True),
    "api-case-timeline": on_case(GET(SEES), api=True),
    "api-person-list": endpoint(GET(everyone())),
    "api-person-detail": on_case(
        GET(SEES),
        kwargs=lambda world, scenario: {"public_id": world.cases[scenario].person.public_id},
        api=True,
    ),
    "api-report-list": endpoint(
        GET(everyone()),
        GET(
            everyone(),
            lambda world, scenario: {"case": world.cases[scenario].reference},
            scenarios=SCENARIOS,
        ),
        POST(ADDS_REPORT_VIA_API, api_report_on, scenarios=SCENARIOS),
    ),
    "api-report-detail": on_case(
        GET(SEES),
        kwargs=lambda world, scenario: {"public_id": world.reports[scenario].public_id},
        api=True,
    ),
    "api-referral-list": endpoint(
        GET(everyone()),
        GET(everyone(), {"inbox": "true"}),
        POST(REFERS_VIA_API, api_referral_of, scenarios=SCENARIOS),
    ),
    "api-referral-detail": endpoint(GET(SEES_REFERRAL), kwargs=referral_id, scenarios=SCENARIOS),
    "api-referral-accept": endpoint(
        POST(api(ANSWERS_SENT_REFERRAL), {}), kwargs=referral_id, scenarios=SCENARIOS
    ),
    "api-referral-decline": endpoint(
        POST(api(ANSWERS_SENT_REFERRAL), {"note": "No capacity."}),
        kwargs=referral_id,
        scenarios=SCENARIOS,
    ),
    "api-referral-complete": endpoint(
        POST(api(COMPLETES_REFERRAL), {}), kwargs=referral_id, scenarios=SCENARIOS
    ),
    "api-referral-revoke": endpoint(
        POST(api(REVOKES_REFERRAL), {"reason": "No longer needed."}),
        kwargs=referral_id,
        scenarios=SCENARIOS,
    ),
    "api-task-list": endpoint(GET(everyone()), GET(everyone(), {"open": "true"})),
    "api-task-complete": endpoint(
        POST(EDITS),
        kwargs=lambda world, scenario: {"public_id": world.tasks[scenario].public_id},
        scenarios=SCENARIOS,
    ),
    # --- compounds (seri/compounds/urls.py)
    "compound-list": page(GET(everyone()), POST(everyone(), {"q": "Door"})),
    "compound-create": page(GET(writers), POST(writers, NEW_COMPOUND)),
    "compound-map": page(GET(everyone())),
    "compound-map-data": page(GET(everyone()), GET(everyone(), {"status": "active"})),
    "compound-locate": page(
        GET(everyone()), POST(everyone(), {"text": "https://maps.google.com/?q=10.6,103.5"})
    ),
    "compound-detail": page(GET(everyone()), kwargs=compound_id, scenarios=SCENARIOS),
    "compound-edit": page(
        GET(writers), POST(writers, {**NEW_COMPOUND, "name": "Door Renamed"}), kwargs=compound_id
    ),
    "compound-status": page(
        POST(writers, {"status": "raided", "on": "2026-11-01"}), kwargs=compound_id
    ),
    "actor-list": page(GET(sees_actors), POST(sees_actors, {"q": "Door"})),
    "actor-create": page(POST(sees_actors, {"kind": "company", "name": "Door Other Co (demo)"})),
    "actor-detail": page(GET(sees_actors), kwargs=actor_id),
    "relationship-create": page(
        POST(
            sees_actors,
            lambda world, scenario: {
                "kind": "operates",
                "compound": str(_registry(world).compound.public_id),
                "status": "alleged",
                "reliability": "C",
            },
        ),
        kwargs=actor_id,
    ),
    # --- evidence (seri/evidence/urls.py)
    "source-list": page(GET(everyone()), GET(everyone(), {"kind": "media"})),
    "source-create": page(
        GET(writers), POST(writers, {"kind": "media", "title": "Door", "visibility": "coalition"})
    ),
    "source-detail": page(GET(SEES_SOURCE), kwargs=source_id, scenarios=("own", "foreign")),
    "evidence-upload": page(
        GET(writes_to_case, on_case_of_registry),
        POST(writes_to_case, on_case_of_registry),  # no file: the form again
        scenarios=SCENARIOS,
    ),
    "web-capture": page(
        GET(writes_to_case, on_case_of_registry),
        POST(  # not a web address: the form again, and no browser started
            writes_to_case,
            lambda world, scenario: {**on_case_of_registry(world, scenario), "url": "nope"},
        ),
        scenarios=SCENARIOS,
    ),
    "evidence-bundle-case": on_case(POST(EDITS)),
    "evidence-bundle-compound": page(POST(writers), kwargs=compound_id),
    "evidence-detail": page(GET(SEES), kwargs=evidence_id, scenarios=SCENARIOS),
    "evidence-download": page(GET(CONTRIBUTES), kwargs=evidence_id, scenarios=SCENARIOS),
    "evidence-shareable": page(GET(SEES), kwargs=evidence_id, scenarios=SCENARIOS),
    # the picture on the evidence page: its shareable copy, to who sees the file
    "evidence-preview": page(GET(SEES), kwargs=evidence_id, scenarios=SCENARIOS),
    "evidence-transfer": page(
        POST(CONTRIBUTES, {"to": "Police liaison (demo)"}), kwargs=evidence_id, scenarios=SCENARIOS
    ),
    # --- the registry's API (seri/api/registry_views.py)
    "api-compound-list": endpoint(
        GET(everyone()),
        GET(everyone(), {"status": "active"}),
        POST(writers, {"name": "Door API Compound", "province_code": "18"}),
    ),
    "api-compound-search": endpoint(POST(everyone(), {"q": "Door"})),
    "api-compound-detail": endpoint(
        GET(everyone()), PATCH(writers, {"description": "Fenced (demo)."}), kwargs=compound_id
    ),
    "api-compound-status": endpoint(
        POST(writers, {"status": "raided", "on": "2026-11-01"}), kwargs=compound_id
    ),
    "api-compound-aliases": endpoint(POST(writers, {"name": "Door Alias"}), kwargs=compound_id),
    "api-compound-relationships": endpoint(GET(sees_actors), kwargs=compound_id),
    "api-source-list": endpoint(
        GET(everyone()),
        GET(everyone(), {"kind": "media"}),
        POST(writers, {"kind": "media", "title": "Door", "visibility": "coalition"}),
    ),
    "api-source-detail": endpoint(GET(SEES_SOURCE), kwargs=source_id, scenarios=("own", "foreign")),
    "api-evidence-list": endpoint(
        GET(everyone()),
        GET(everyone(), lambda world, scenario: {"case": world.cases[scenario].reference}),
        POST(uploads_via_api, api_upload_to_case, multipart=True),
        scenarios=SCENARIOS,
    ),
    "api-evidence-detail": endpoint(GET(SEES), kwargs=evidence_id, scenarios=SCENARIOS),
    "api-evidence-original": endpoint(GET(CONTRIBUTES), kwargs=evidence_id, scenarios=SCENARIOS),
    "api-evidence-shareable": endpoint(GET(SEES), kwargs=evidence_id, scenarios=SCENARIOS),
    "api-evidence-transfer": endpoint(
        POST(CONTRIBUTES, {"to": "Police liaison (demo)"}), kwargs=evidence_id, scenarios=SCENARIOS
    ),
    "api-actor-list": endpoint(
        GET(sees_actors), POST(sees_actors, {"kind": "company", "name": "Door API Co (demo)"})
    ),
    "api-actor-search": endpoint(POST(sees_actors, {"q": "Door"})),
    "api-actor-detail": endpoint(GET(sees_actors), kwargs=actor_id),
    "api-actor-relationships": endpoint(
        GET(sees_actors), POST(sees_actors, api_relationship), kwargs=actor_id
    ),
    # --- Django's own (seri/urls.py)
    "set_language": public(POST(everyone(), {"language": "en", "next": "/"})),
    "javascript-catalog": public(GET(everyone())),
}


# --- the routes, from the URL configuration ----------------------------------------------------


@dataclass(frozen=True)
class RouteInConf:
    key: str  # its name, or its pattern when it has none
    pattern: str
    methods: frozenset[str]  # for API viewsets, the methods it answers


def routes_in_conf(patterns=None, prefix: str = "") -> Iterator[RouteInConf]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from routes_in_conf(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            actions = getattr(entry.callback, "actions", None) or {}
            yield RouteInConf(entry.name or pattern, pattern, frozenset(actions))


ROUTES = list(routes_in_conf())


def test_the_matrix_names_only_routes_that_exist():
    stale = set(MATRIX) - {route.key for route in ROUTES}
    assert not stale, f"routes in the matrix but not in the URL configuration: {sorted(stale)}"


# --- the records ---------------------------------------------------------------------------------


@pytest.fixture
def world(ngo, other_ngo, embassy, alice, bob, vera, charlie, emma, bobs_case):
    partner = OrganisationFactory(name="Partner Shelter Org", short_name="PARTNER")
    OrganisationFactory(name="Shelter With Nobody", short_name="SHELTER")  # where cases are sent
    users = {
        "admin": alice,
        "caseworker": bob,
        "investigator": UserFactory(username="ivan", membership=(ngo, Role.INVESTIGATOR)),
        "coordinator": UserFactory(username="cora", membership=(ngo, Role.COORDINATOR)),
        "viewer": vera,
        "liaison": UserFactory(username="lina", membership=(ngo, Role.PARTNER_LIAISON)),
        "other_caseworker": charlie,
        "other_liaison": emma,
        "partner_caseworker": UserFactory(username="pat", membership=(partner, Role.CASEWORKER)),
    }
    people = {
        "own": ("Testperson Alpha", "+84912345678"),  # bobs_case
        "foreign": ("Testperson Foreignby", "+84912345672"),
        "referred": ("Testperson Referston", "+84912345673"),
    }
    cases = {"own": bobs_case}
    for scenario in ("foreign", "referred"):
        name, phone = people[scenario]
        person = PersonFactory(organisation=other_ngo, name=name, phone=phone)
        cases[scenario] = CaseFactory(organisation=other_ngo, person=person, assigned_to=charlie)
    owners = {"own": bob, "foreign": charlie, "referred": charlie}
    for scenario, case in cases.items():
        consent_record(
            actor=owners[scenario], case=case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True
        )
    referrals = {
        "own": referral_send(actor=bob, case=cases["own"], to_organisation=partner),
        "foreign": referral_send(actor=charlie, case=cases["foreign"], to_organisation=embassy),
        "referred": referral_send(actor=charlie, case=cases["referred"], to_organisation=ngo),
    }
    referral_accept(actor=users["partner_caseworker"], referral=referrals["own"])
    referral_accept(actor=bob, referral=referrals["referred"])
    tasks, reports = {}, {}
    for scenario, case in cases.items():
        owner = owners[scenario]
        tasks[scenario] = task_create(actor=owner, case=case, title="Check the shelter's answer")
        reports[scenario] = report_create(
            actor=owner,
            organisation=case.organisation,
            case=case,
            data=ReportInput(
                channel="hotline",
                reporter_relation="friend",
                original_text="Seen.",
                attachments=[SimpleUploadedFile("door.png", b"\x89PNG\r\n\x1a\n", "image/png")],
            ),
        )
    memberships = {
        "own": Membership.objects.get(user=vera, organisation=ngo),
        "foreign": Membership.objects.get(user=charlie, organisation=other_ngo),
    }
    return SimpleNamespace(
        ngo=ngo,
        users=users,
        cases=cases,
        names={scenario: name for scenario, (name, _phone) in people.items()},
        phones={scenario: phone for scenario, (_name, phone) in people.items()},
        identifying=people,
        referrals=referrals,
        tasks=tasks,
        reports=reports,
        memberships=memberships,
    )


# --- trying the doors ----------------------------------------------------------------------------


def _send(client: Client, door: Door, url: str, data: dict | None, api: bool):
    if door.method == "get":
        return client.get(url, data or {})
    if door.multipart:  # a fresh file for each request (an upload reads it)
        files = {k: SimpleUploadedFile(k, v) for k, v in (data or {}).items() if type(v) is bytes}
        return getattr(client, door.method)(url, {**(data or {}), **files})
    if api:
        return getattr(client, door.method)(
            url, json.dumps(data or {}), content_type="application/json"
        )
    return getattr(client, door.method)(url, data or {})


def _knock(client: Client, door: Door, url: str, data: dict | None, api: bool):
    """The answer to one request, whose writes are then undone."""
    with transaction.atomic():
        try:
            return _send(client, door, url, data, api)
        finally:
            transaction.set_rollback(True)


def _leaks(response, hidden: set[str]) -> list[str]:
    # Streamed answers (exports) are read in full: they must not leak either.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    text += " ".join(str(m) for m in _messages(response))
    return sorted(value for value in hidden if value in text)


@pytest.mark.parametrize("route", ROUTES, ids=[route.key for route in ROUTES])
def test_every_door(route, world):
    entry = MATRIX.get(route.key)
    if entry is None:
        pytest.fail(
            f"route {route.key!r} ({route.pattern}) says nothing about who may open it: "
            "add it to the matrix in tests/security/test_every_door.py"
        )
    untried = route.methods - {door.method for door in entry.doors}
    assert not untried, (
        f"route {route.key!r} answers {sorted(untried)} too: "
        "add those doors to the matrix in tests/security/test_every_door.py"
    )
    clients = {role: Client() if role == ANONYMOUS else login(world.users[role]) for role in ROLES}
    every_identifying = {value for values in world.identifying.values() for value in values}
    failures = []
    for door in entry.doors:
        for scenario in door.scenarios or entry.scenarios:
            url = reverse(route.key, kwargs={**entry.kwargs(world, scenario), **door.kwargs})
            data = door.data(world, scenario) if callable(door.data) else door.data
            for role in ROLES:
                cell = f"{door.method.upper()} {route.key}, {role}, {scenario}"
                if role == ANONYMOUS and not entry.public:
                    expected = LOGIN
                else:
                    expected = door.expect(role, scenario)
                try:
                    response = _knock(clients[role], door, url, data, entry.api)
                except Exception:
                    failures.append(f"{cell}: server error\n{traceback.format_exc(limit=-4)}")
                    continue
                got = outcome_of(response)
                if got != expected:
                    failures.append(f"{cell}: expected {expected}, got {got} ({url})")
                hidden = {
                    value
                    for other in SCENARIOS
                    if case_access(role, other) == NONE
                    for value in world.identifying[other]
                }
                if got != OK:
                    hidden = every_identifying
                leaked = _leaks(response, hidden)
                if leaked:
                    failures.append(f"{cell}: {got}, and the answer shows {leaked}")
                if (
                    door.finds_the_person
                    and got == OK
                    and case_access(role, scenario) != NONE
                    and not _leaks(response, {world.names[scenario]})
                ):
                    failures.append(f"{cell}: the search does not find {world.names[scenario]}")
    assert not failures, "\n".join(failures)
