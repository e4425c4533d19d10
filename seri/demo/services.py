"""Filling an empty database with a demo: the coalition of the statement, partners, compounds,
users, and a few hundred synthetic people and cases.

Everything goes through the same services as real use (intake, status changes, consent,
referrals, notes, tasks), so the demo shows timelines, audit rows and permissions exactly as
they would be. Only compounds are written directly: their registry has no service yet.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from seri.cases.models import Case, CaseStatus, ConsentKind, Person, Urgency
from seri.cases.services import (
    CaseInput,
    DocumentInput,
    HandleInput,
    NameInput,
    PersonInput,
    case_add_note,
    case_change_status,
    consent_record,
    task_complete,
    task_create,
)
from seri.compounds import gazetteer
from seri.compounds.models import Compound
from seri.core.vocabularies import (
    ControlMethod,
    ExploitationType,
    Gender,
    MessagingPlatform,
    Platform,
    RecruitmentMethod,
)
from seri.demo import accounts
from seri.demo.coalition import (
    COALITION,
    EMBASSY,
    MAIN_NGO,
    PARTNERS,
    POLICE,
    SECOND_NGO,
    UN_AGENCY,
)
from seri.demo.extras import add_evidence, add_triage_queue, add_web_capture
from seri.demo.geo import on_land_in
from seri.demo.people import (
    NATIONALITIES,
    Nationality,
    birth_date_for_age,
    synthetic_age,
    synthetic_name,
    synthetic_phone,
)
from seri.demo.sources import load_registry
from seri.intake.models import ReporterRelation
from seri.intake.services import ReportInput, intake_record, report_create
from seri.orgs.models import Membership, Organisation, Role, User
from seri.orgs.services import organisation_create, user_create
from seri.referrals.models import Referral, ReferralStatus
from seri.referrals.services import (
    referral_accept,
    referral_complete,
    referral_decline,
    referral_send,
)

# One password for every demo login, printed by the command: the demo is for trying Seri on
# a laptop, never for a server that holds real cases.
DEMO_PASSWORD = "sihanoukville-demo-2022"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    organisation: str  # short name
    display_name: str  # marked for translation, translated when created


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("demo-admin", Role.ORG_ADMIN, MAIN_NGO, N_("Demo admin")),
    DemoAccount("demo-caseworker", Role.CASEWORKER, MAIN_NGO, N_("Demo caseworker")),
    DemoAccount("demo-investigator", Role.INVESTIGATOR, MAIN_NGO, N_("Demo investigator")),
    DemoAccount("demo-coordinator", Role.COORDINATOR, MAIN_NGO, N_("Demo coordinator")),
    DemoAccount("demo-viewer", Role.VIEWER, MAIN_NGO, N_("Demo viewer")),
    DemoAccount(
        "demo-embassy", Role.PARTNER_LIAISON, EMBASSY.short_name, N_("Demo embassy liaison")
    ),
    DemoAccount("demo-ijm-caseworker", Role.CASEWORKER, SECOND_NGO, N_("Demo caseworker (IJM)")),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str
    password: str


@dataclass
class DemoResult:
    created: bool
    logins: list[DemoLogin]
    counts: dict[str, int] = field(default_factory=dict)


def demo_logins() -> list[DemoLogin]:
    """The demo's logins that exist in this database, in the order of DEMO_ACCOUNTS."""
    usernames = [account.username for account in DEMO_ACCOUNTS]
    memberships = {
        m.user.username: m
        for m in Membership.objects.filter(
            user__username__in=usernames, user__is_active=True, is_active=True
        ).select_related("user", "organisation")
    }
    return [
        DemoLogin(
            username=name,
            role=str(Role(memberships[name].role).label),
            organisation=memberships[name].organisation.short_name,
            password=DEMO_PASSWORD,
        )
        for name in usernames
        if name in memberships
    ]


def demo_counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "compounds": Compound.objects.count(),
        "people": Person.objects.count(),
        "cases": Case.objects.count(),
        "referrals": Referral.objects.count(),
    }


def demo_create(*, people: int = 300, seed: int = 2022) -> DemoResult:
    """Create the demo if the database holds no organisation yet; otherwise change nothing.
    The same seed gives the same people, cases and histories."""
    if Organisation.objects.exists():
        return DemoResult(created=False, logins=demo_logins(), counts=demo_counts())
    with transaction.atomic():
        _DemoBuilder(random.Random(seed)).build(people)
    return DemoResult(created=True, logins=demo_logins(), counts=demo_counts())


# --- the compounds ----------------------------------------------------------------------------

# Approximate province centres. The compounds are invented, and so is where they are placed:
# a point a few kilometres from the centre, to spread them out on a map.
PROVINCE_CENTRES: dict[str, tuple[float, float]] = {
    "Preah Sihanouk": (10.6253, 103.5234),
    "Phnom Penh": (11.5564, 104.9282),
    "Pursat": (12.5388, 103.9192),
    "Koh Kong": (11.6153, 102.9838),
}
DEMO_COMPOUNDS: tuple[tuple[str, str], ...] = (
    ("Golden Demo Tower", "Preah Sihanouk"),
    ("Lucky Demo Park", "Preah Sihanouk"),
    ("Blue Harbour Demo Complex", "Preah Sihanouk"),
    ("Jade Demo Garden", "Preah Sihanouk"),
    ("Phoenix Demo Estate", "Preah Sihanouk"),
    ("Silver Bay Demo Resort", "Preah Sihanouk"),
    ("Sunrise Demo Plaza", "Phnom Penh"),
    ("Crown Demo Heights", "Phnom Penh"),
    ("Oriental Demo Hub", "Phnom Penh"),
    ("Lotus Demo Compound", "Pursat"),
    ("Palm Demo Villas", "Koh Kong"),
    ("Dragon Demo Port", "Koh Kong"),
)

# --- case shapes ------------------------------------------------------------------------------

S = CaseStatus
# Where the demo's cases stand, roughly: many still being verified or held, some on the way
# to safety, a few side exits.
STATUS_WEIGHTS: dict[str, int] = {
    S.REPORTED: 15,
    S.VERIFYING: 15,
    S.CONFIRMED_IN_COMPOUND: 15,
    S.REFERRED: 10,
    S.RELEASED_RESCUED: 9,
    S.IN_SUPPORT: 8,
    S.REPATRIATED: 8,
    S.CLOSED: 8,
    S.LOST_CONTACT: 5,
    S.NOT_A_VICTIM: 3,
    S.DUPLICATE: 4,
}
URGENCY_WEIGHTS: dict[str, int] = {
    Urgency.IMMEDIATE_DANGER: 20,
    Urgency.MEDICAL: 10,
    Urgency.NORMAL: 70,
}
EXPLOITATION_MIXES: tuple[tuple[tuple[str, ...], int], ...] = (
    ((ExploitationType.FORCED_LABOUR,), 88),
    ((ExploitationType.FORCED_LABOUR, ExploitationType.SEXUAL_EXPLOITATION), 6),
    ((ExploitationType.FORCED_LABOUR, ExploitationType.SERVITUDE), 4),
    ((ExploitationType.SEXUAL_EXPLOITATION,), 2),
)
CONTROL_METHODS: tuple[str, ...] = (
    ControlMethod.WITHHOLDS_DOCUMENTS,
    ControlMethod.EXCESSIVE_HOURS,
    ControlMethod.DEBT_BONDAGE,
    ControlMethod.PHYSICAL_ABUSE,
    ControlMethod.PHYSICAL_THREATS,
    ControlMethod.FALSE_PROMISES,
    ControlMethod.RESTRICTS_FINANCES,
    ControlMethod.PSYCHOLOGICAL_ABUSE,
    ControlMethod.THREATENS_FAMILY,
    ControlMethod.TAKES_EARNINGS,
)
RECRUITMENT_WEIGHTS: dict[str, int] = {
    RecruitmentMethod.ONLINE_ADVERT: 55,
    RecruitmentMethod.ONLINE_SOCIAL_NETWORKS: 30,
    RecruitmentMethod.FRIENDS: 10,
    RecruitmentMethod.FAMILY: 5,
}
ONLINE_RECRUITMENT = {RecruitmentMethod.ONLINE_ADVERT, RecruitmentMethod.ONLINE_SOCIAL_NETWORKS}
# Recruiters everywhere used these besides each country's own favourites.
COMMON_PLATFORMS = (Platform.FACEBOOK, Platform.TELEGRAM, Platform.WHATSAPP)


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _DemoBuilder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.phones_used: set[str] = set()
        self.references: list[str] = []

    def build(self, people: int) -> None:
        self.organisations = {
            seed.short_name: organisation_create(
                name=seed.name, short_name=seed.short_name, type=seed.type, country=seed.country
            )
            for seed in (*COALITION, *PARTNERS)
        }
        self.users = {
            account.username: user_create(
                actor=None,
                system=True,
                organisation=self.organisations[account.organisation],
                username=account.username,
                password=DEMO_PASSWORD,
                role=account.role,
                display_name=_(account.display_name),
            )
            for account in DEMO_ACCOUNTS
        }
        self.main = self.organisations[MAIN_NGO]
        self.second = self.organisations[SECOND_NGO]
        self.embassy = self.organisations[EMBASSY.short_name]
        self.police = self.organisations[POLICE.short_name]
        self.un_agency = self.organisations[UN_AGENCY.short_name]
        self.compounds = [self._compound(name, province) for name, province in DEMO_COMPOUNDS]
        load_registry(  # aliases, statuses, sources and actors (seri/demo/sources.py)
            compounds=self.compounds,
            organisation=self.main,
            user=self.users.get("demo-investigator"),
        )
        for _i in range(people):
            self._case()
        # evidence with custody entries and a triage queue in several languages (seri.demo.extras)
        worker = self.users["demo-caseworker"]
        own = list(Case.objects.filter(organisation=self.main).order_by("id")[:3])
        add_evidence(cases=own, worker=worker, organisation=self.main)
        add_triage_queue(rng=self.rng, worker=worker, organisation=self.main)
        # and a web capture of a (synthetic, locally served) recruitment advert
        add_web_capture(
            worker=self.users["demo-investigator"],
            organisation=self.main,
            compound=self.compounds[0],
        )

    def _compound(self, name: str, province: str) -> Compound:
        lat, lon = self._on_land(province)
        return Compound.objects.create(
            name=name,
            country="KH",
            province=province,
            latitude=Decimal(f"{lat:.6f}"),
            longitude=Decimal(f"{lon:.6f}"),
        )

    def _on_land(self, province: str) -> tuple[float, float]:
        """A point a few kilometres from the province's centre, inside its outline: a coastal
        centre jittered at random could otherwise fall in the sea."""
        lat, lon = PROVINCE_CENTRES[province]
        code = gazetteer.province(province).code
        for _attempt in range(200):
            point = (lat + self.rng.uniform(-0.03, 0.03), lon + self.rng.uniform(-0.03, 0.03))
            if on_land_in(code, *point):
                return point
        raise RuntimeError(f"no point on land near the centre of {province}")

    # --- one person, one case ---------------------------------------------------------------

    def _case(self) -> None:
        rng, users = self.rng, self.users
        nationality = rng.choices(NATIONALITIES, weights=[n.weight for n in NATIONALITIES])[0]
        gender = rng.choices(
            [Gender.MASCULINE, Gender.FEMININE, Gender.UNKNOWN], weights=[64, 34, 2]
        )[0]
        name = synthetic_name(rng, nationality.country, gender)
        if rng.random() < 0.8:
            owner = self.main
            recorder = users[
                rng.choices(
                    ["demo-caseworker", "demo-coordinator", "demo-investigator"],
                    weights=[70, 20, 10],
                )[0]
            ]
            assignee = rng.choices(
                [users["demo-caseworker"], users["demo-investigator"], None], weights=[65, 15, 20]
            )[0]
        else:
            owner = self.second
            recorder = users["demo-ijm-caseworker"]
            assignee = recorder if rng.random() < 0.7 else None
        worker = assignee or recorder
        compound = rng.choice(self.compounds) if rng.random() < 0.85 else None
        province = compound.province if compound else rng.choice(list(PROVINCE_CENTRES))
        received_at = self.now - dt.timedelta(days=rng.uniform(1, 400))

        case = intake_record(
            actor=recorder,
            organisation=owner,
            report=self._account(nationality, gender, name, compound, province, received_at),
            person=self._person(nationality, gender, name),
            case=self._case_input(nationality, assignee, compound, province, received_at),
        )
        self._history(case, nationality, owner, worker)
        self.references.append(case.reference)
        if rng.random() < 0.4:
            for text in rng.sample(accounts.NOTES, rng.randint(1, 2)):
                case_add_note(actor=worker, case=case, text=_(text))
        if case.is_open and rng.random() < 0.35:
            self._task(case, worker)
        if rng.random() < 0.15:
            self._follow_up(case, owner, worker, name, compound, province, received_at)

    def _person(self, nationality: Nationality, gender: str, name) -> PersonInput:
        rng = self.rng
        names = [NameInput(value=name.shown)]
        if name.latin != name.native:
            names.append(NameInput(value=name.latin, kind="alias"))
        if nationality.country == "CN" and rng.random() < 0.3:
            # Given name first, as on a Western form: the same person written another way.
            family, given = name.latin.split(" ", 1)
            names.append(NameInput(value=f"{given} {family}", kind="alias"))
        phones = []
        if rng.random() < 0.8:
            phones.append(synthetic_phone(rng, nationality.country, self.phones_used))
        if nationality.country != "KH" and rng.random() < 0.25:
            # A Cambodian SIM handed out in the compound.
            phones.append(synthetic_phone(rng, "KH", self.phones_used, international=True))
        handles = []
        if rng.random() < 0.4:
            slug = name.latin.split(" ")[-1].lower().replace("-", "")
            handles.append(
                HandleInput(
                    platform=rng.choice([MessagingPlatform.TELEGRAM, MessagingPlatform.WHATSAPP]),
                    handle=f"@demo_{slug}{rng.randint(10, 9999)}",
                )
            )
        documents = []
        if rng.random() < 0.25:
            documents.append(
                DocumentInput(
                    kind="passport",
                    number=f"DEMO{rng.randint(0, 9_999_999):07d}",
                    issuing_country=nationality.country,
                )
            )
        age = synthetic_age(rng)
        with_birth_date = rng.random() < 0.2
        return PersonInput(
            names=names,
            gender=gender,
            date_of_birth=birth_date_for_age(rng, age, self.today) if with_birth_date else None,
            age_estimate=None if with_birth_date else age,
            nationalities=[nationality.country],
            phones=phones,
            handles=handles,
            documents=documents,
            languages=list(nationality.languages),
        )

    def _case_input(
        self, nationality: Nationality, assignee, compound, province: str, received_at
    ) -> CaseInput:
        rng = self.rng
        recruitment = _weighted(rng, RECRUITMENT_WEIGHTS)
        platforms: list[str] = []
        if recruitment in ONLINE_RECRUITMENT:
            choices = list(dict.fromkeys((*nationality.platforms, *COMMON_PLATFORMS)))
            platforms = rng.sample(choices, rng.choice([1, 1, 2]))
        exploitation = rng.choices(
            [mix for mix, _w in EXPLOITATION_MIXES], weights=[w for _m, w in EXPLOITATION_MIXES]
        )[0]
        if compound is not None:
            location = _("%(compound)s, %(province)s") % {
                "compound": compound.name,
                "province": province,
            }
        else:
            location = _("Somewhere in %(province)s; the exact place is not known") % {
                "province": province
            }
        trafficked = received_at.date() - dt.timedelta(days=rng.randint(10, 240))
        return CaseInput(
            urgency=_weighted(rng, URGENCY_WEIGHTS),
            assigned_to=assignee,
            location_text=location,
            location_latitude=compound.latitude if compound else None,
            location_longitude=compound.longitude if compound else None,
            compound=compound,
            exploitation_types=list(exploitation),
            control_methods=rng.sample(CONTROL_METHODS, rng.randint(2, 4)),
            recruitment_methods=[recruitment],
            recruitment_platforms=platforms,
            date_trafficked=trafficked if rng.random() < 0.85 else None,
        )

    def _account(
        self, nationality: Nationality, gender: str, name, compound, province: str, received_at
    ) -> ReportInput:
        rng = self.rng
        language = nationality.report_language if rng.random() < 0.8 else "en"
        sexes: dict[str, str] = {Gender.MASCULINE: "m", Gender.FEMININE: "f"}
        sex = sexes.get(gender, "")
        templates = [
            t for t in accounts.ACCOUNTS if t.language == language and t.gender in ("", sex)
        ]
        template = rng.choice(templates)
        who = name.latin if template.relation == ReporterRelation.ORGANISATION else name.native
        text = template.text.format(
            name=who,
            compound=compound.name if compound else accounts.UNKNOWN_COMPOUND[language],
            place=accounts.PLACES[province][language],
        )
        return ReportInput(
            channel=rng.choice(template.channels),
            reporter_relation=template.relation,
            original_text=text,
            language=language,
            received_at=received_at,
        )

    # --- what happened next -----------------------------------------------------------------

    def _path(self, target: str, nationality: Nationality) -> list[str]:
        """The statuses a case passes through to reach `target`. Cases of Vietnamese nationals
        that reach safety mostly pass through a referral to the (demo) Vietnamese embassy."""
        rng = self.rng
        via_referral = nationality.country == "VN" and rng.random() < 0.7
        to_release: list[str] = [S.VERIFYING, S.CONFIRMED_IN_COMPOUND]
        if via_referral:
            to_release.append(S.REFERRED)
        to_release.append(S.RELEASED_RESCUED)
        paths: dict[str, list[str]] = {
            S.REPORTED: [],
            S.VERIFYING: [S.VERIFYING],
            S.CONFIRMED_IN_COMPOUND: [S.VERIFYING, S.CONFIRMED_IN_COMPOUND],
            S.REFERRED: [S.VERIFYING, S.CONFIRMED_IN_COMPOUND, S.REFERRED],
            S.RELEASED_RESCUED: to_release,
            S.IN_SUPPORT: [*to_release, S.IN_SUPPORT],
            S.REPATRIATED: [
                *to_release,
                *([S.IN_SUPPORT] if rng.random() < 0.5 else []),
                S.REPATRIATED,
            ],
            S.CLOSED: [*to_release, S.REPATRIATED, S.CLOSED],
            S.LOST_CONTACT: [
                S.VERIFYING,
                *([S.CONFIRMED_IN_COMPOUND] if rng.random() < 0.5 else []),
                S.LOST_CONTACT,
            ],
            S.NOT_A_VICTIM: [S.VERIFYING, S.NOT_A_VICTIM],
            S.DUPLICATE: [*([S.VERIFYING] if rng.random() < 0.5 else []), S.DUPLICATE],
        }
        return paths[target]

    def _reason(self, status: str) -> str:
        if status == S.DUPLICATE and self.references:
            return _("Same person as case %(reference)s, recorded from another report.") % {
                "reference": self.rng.choice(self.references)
            }
        return _(self.rng.choice(accounts.STATUS_REASONS[status]))

    def _partner_for(self, nationality: Nationality) -> Organisation:
        if nationality.country == "VN":
            return self.embassy
        return self.police if self.rng.random() < 0.6 else self.un_agency

    def _history(self, case: Case, nationality: Nationality, owner, worker) -> None:
        rng, users = self.rng, self.users
        embassy_user = users["demo-embassy"]
        target = _weighted(rng, STATUS_WEIGHTS)
        path = self._path(target, nationality)
        refers = S.REFERRED in path
        declined = (
            target == S.CONFIRMED_IN_COMPOUND and nationality.country == "VN" and rng.random() < 0.3
        )
        shared_with_main = owner == self.second and target in {S.VERIFYING, S.CONFIRMED_IN_COMPOUND}
        shared_with_main = shared_with_main and rng.random() < 0.3

        # Consent first: referrals need it.
        self._consents(case, worker, must_share=refers or declined or shared_with_main)
        self._walk(case, path, nationality, worker)
        if declined:
            referral = referral_send(
                actor=worker,
                case=case,
                to_organisation=self.embassy,
                message=_(rng.choice(accounts.REFERRAL_MESSAGES)),
            )
            referral_decline(
                actor=embassy_user,
                referral=referral,
                note=_(rng.choice(accounts.REFERRAL_DECLINE_NOTES)),
            )
        if shared_with_main:
            referral = referral_send(
                actor=worker,
                case=case,
                to_organisation=self.main,
                message=_(rng.choice(accounts.REFERRAL_MESSAGES)),
            )
            if rng.random() < 0.6:
                referral_accept(actor=users["demo-coordinator"], referral=referral)

    def _consents(self, case: Case, worker, *, must_share: bool) -> None:
        rng = self.rng
        if must_share or rng.random() < 0.6:
            consent_record(
                actor=worker,
                case=case,
                kind=ConsentKind.SHARE_WITH_PARTNERS,
                given=True,
                given_by=_(rng.choice(accounts.CONSENT_GIVERS)),
            )
        elif rng.random() < 0.3:
            consent_record(
                actor=worker,
                case=case,
                kind=ConsentKind.SHARE_WITH_PARTNERS,
                given=False,
                given_by=_(rng.choice(accounts.CONSENT_GIVERS)),
                note=_("Afraid the recruiters will find out; asked us not to share yet."),
            )
        if rng.random() < 0.3:
            consent_record(
                actor=worker,
                case=case,
                kind=ConsentKind.TRACING,
                given=True,
                given_by=_(rng.choice(accounts.CONSENT_GIVERS)),
            )

    def _walk(self, case: Case, path: list, nationality: Nationality, worker) -> None:
        """Take the case along its status path, referring and answering on the way."""
        rng, embassy_user = self.rng, self.users["demo-embassy"]
        referral = None
        for status in path:
            if status == S.REFERRED:
                referral = referral_send(
                    actor=worker,
                    case=case,
                    to_organisation=self._partner_for(nationality),
                    message=_(rng.choice(accounts.REFERRAL_MESSAGES)),
                )
            case_change_status(
                actor=worker, case=case, to_status=status, reason=self._reason(status)
            )
            if (
                status == S.REFERRED
                and referral is not None  # sent just above
                and referral.to_organisation == self.embassy
                and (path[-1] != S.REFERRED or rng.random() < 0.5)
            ):
                self._partner_answers(case, referral)
            if (
                status == S.REPATRIATED
                and referral is not None
                and referral.status == ReferralStatus.ACCEPTED
            ):
                referral_complete(
                    actor=embassy_user,
                    referral=referral,
                    note=_(rng.choice(accounts.REFERRAL_COMPLETE_NOTES)),
                )

    def _partner_answers(self, case: Case, referral) -> None:
        rng, embassy_user = self.rng, self.users["demo-embassy"]
        referral_accept(
            actor=embassy_user,
            referral=referral,
            note=_(rng.choice(accounts.REFERRAL_ACCEPT_NOTES)),
        )
        if rng.random() < 0.5:
            case_add_note(actor=embassy_user, case=case, text=_(rng.choice(accounts.PARTNER_NOTES)))
        if rng.random() < 0.4:
            task_create(
                actor=embassy_user,
                case=case,
                title=_(rng.choice(accounts.PARTNER_TASKS)),
                due_on=self.today + dt.timedelta(days=rng.randint(-5, 10)),
                assigned_to=embassy_user,
            )

    def _task(self, case: Case, worker) -> None:
        rng = self.rng
        kind = rng.random()
        if kind < 0.4:
            due_on = self.today - dt.timedelta(days=rng.randint(1, 10))  # overdue
        elif kind < 0.85:
            due_on = self.today + dt.timedelta(days=rng.randint(1, 14))
        else:
            due_on = None
        task = task_create(
            actor=worker,
            case=case,
            title=_(rng.choice(accounts.TASKS)),
            due_on=due_on,
            assigned_to=case.assigned_to or worker,
        )
        if rng.random() < 0.2:
            task_complete(actor=worker, task=task)

    def _follow_up(
        self, case: Case, owner, worker, name, compound, province: str, received_at
    ) -> None:
        rng = self.rng
        template = rng.choice(accounts.FOLLOW_UPS)
        text = template.text.format(
            name=name.latin,
            compound=compound.name if compound else accounts.UNKNOWN_COMPOUND["en"],
            place=accounts.PLACES[province]["en"],
        )
        report_create(
            actor=worker,
            organisation=owner,
            case=case,
            data=ReportInput(
                channel=rng.choice(template.channels),
                reporter_relation=template.relation,
                original_text=text,
                language=template.language,
                received_at=received_at + (self.now - received_at) * rng.random(),
            ),
        )
