# ruff: noqa: RUF001 (Chinese names are written with full-width parentheses)
"""The demo's compound registry and sources.

- The joint statement itself, in English and Chinese, as two sources linked as translations
  (text shipped in seri/demo/data/, without the contact block and its phone numbers).
- The embassy warnings the statement cites, with the month it gives for each (the statement
  gives no day: the first of the month stands for it, and the summary says so).
- The demo compounds made richer: aliases in Chinese, Khmer, Vietnamese and Thai, the
  gazetteer's province code, estimates, and status histories (raided, relocated).
- Two actors, plainly synthetic, with sourced, alleged relationships.

Everything here except the statement and the list of warnings is invented.
"""

import datetime as dt
from importlib import resources

from seri.compounds import gazetteer
from seri.compounds.models import Compound, CompoundStatusChange
from seri.compounds.names import script_of
from seri.compounds.services import (
    ActorInput,
    RelationshipInput,
    actor_create,
    alias_add,
    compound_status_change,
    relationship_create,
)
from seri.evidence.models import Source, SourceKind, Visibility
from seri.evidence.services import SourceInput, source_create, source_link_translations

STATEMENT_DATE = dt.date(2022, 3, 10)

# The warnings and statements the joint statement cites (third paragraph).
EMBASSY_WARNINGS: tuple[tuple[str, str, dt.date | None, str, str], ...] = (
    (
        "Indonesia: warning on job offers in Cambodia",
        "Government of Indonesia",
        dt.date(2021, 1, 1),
        "ID",
        "Cited by the joint statement: Indonesia issued a warning in January 2021 (day not given).",
    ),
    (
        "Viet Nam: warning to citizens about scam operations in Cambodia",
        "Government of Viet Nam",
        dt.date(2021, 6, 1),
        "VN",
        "Cited by the joint statement: Vietnam warned its citizens in June 2021 (day not given).",
    ),
    (
        "Thailand: government warning on trafficking into Cambodian compounds",
        "Royal Thai Government",
        dt.date(2021, 11, 1),
        "TH",
        "Cited by the joint statement: the Thai government issued a warning in November 2021 "
        "(day not given).",
    ),
    (
        "Pakistan Embassy: four citizens rescued",
        "Embassy of Pakistan in Cambodia",
        dt.date(2022, 1, 1),
        "PK",
        "Cited by the joint statement: the Pakistan Embassy reported rescuing four citizens in "
        "January 2022 (day not given).",
    ),
    (
        "Chinese Embassy: statements and warnings on online-scam operations",
        "Embassy of the People's Republic of China in Cambodia",
        None,
        "CN",
        "Cited by the joint statement: the Chinese Embassy has published multiple statements and "
        "warnings (no date given).",
    ),
)

# Invented aliases for the invented compounds: (Chinese, Khmer, Vietnamese, Thai).
ALIASES: dict[str, tuple[str, ...]] = {
    "Golden Demo Tower": ("金塔园区（演示）", "អគារមាស (សាកល្បង)", "Khu Tháp Vàng (demo)"),
    "Lucky Demo Park": ("幸运园区（演示）", "សួនសំណាង (សាកល្បង)", "สวนโชคดี (สาธิต)"),
    "Blue Harbour Demo Complex": ("蓝港园区（演示）", "កំពង់ផែខៀវ (សាកល្បង)"),
    "Jade Demo Garden": ("翡翠园区（演示）", "Vườn Ngọc (demo)"),
    "Phoenix Demo Estate": ("凤凰园区（演示）", "ភូមិហ្វីនិច (សាកល្បង)"),
    "Silver Bay Demo Resort": ("银湾园区（演示）", "อ่าวเงิน (สาธิต)"),
    "Sunrise Demo Plaza": ("日出广场（演示）", "Quảng trường Bình Minh (demo)"),
    "Crown Demo Heights": ("皇冠园区（演示）",),
    "Oriental Demo Hub": ("东方园区（演示）", "មជ្ឈមណ្ឌលបូព៌ា (សាកល្បង)"),
    "Lotus Demo Compound": ("莲花园区（演示）", "ផ្កាឈូក (សាកល្បង)"),
    "Palm Demo Villas": ("棕榈别墅（演示）",),
    "Dragon Demo Port": ("龙港园区（演示）", "Cảng Rồng (demo)"),
}
LANGUAGES = {"Hani": "zh", "Khmr": "km", "Thai": "th", "Latn": "vi"}


def _statement(language: str) -> str:
    return (resources.files("seri.demo") / "data" / f"statement-{language}.txt").read_text(
        encoding="utf-8"
    )


def load_sources(*, organisation=None) -> dict[str, Source]:
    """The statement (en, zh) and the warnings it cites. Returns them by key."""
    english = source_create(
        actor=None,
        data=SourceInput(
            kind=SourceKind.STATEMENT,
            title="Abolish Slave Compounds in Cambodia",
            publisher="Joint statement of 35 organisations (LICADHO, IJM, FORUM-ASIA and others)",
            published_on=STATEMENT_DATE,
            language="en",
            summary=_statement("en"),
            country="KH",
            visibility=Visibility.PUBLIC,
        ),
        organisation=organisation,
    )
    chinese = source_create(
        actor=None,
        data=SourceInput(
            kind=SourceKind.STATEMENT,
            title="清除柬埔寨的奴役园区",
            publisher="35个组织联合声明",
            published_on=STATEMENT_DATE,
            language="zh",
            summary=_statement("zh"),
            country="KH",
            visibility=Visibility.PUBLIC,
        ),
        organisation=organisation,
    )
    source_link_translations(actor=None, source=english, others=[chinese])
    found = {"statement-en": english, "statement-zh": chinese}
    for n, (title, publisher, date, country, summary) in enumerate(EMBASSY_WARNINGS):
        found[f"warning-{n}"] = source_create(
            actor=None,
            data=SourceInput(
                kind=SourceKind.ADVISORY,
                title=title,
                publisher=publisher,
                published_on=date,
                language="en",
                summary=summary,
                country=country,
                visibility=Visibility.PUBLIC,
            ),
            organisation=organisation,
        )
    return found


def enrich_compounds(compounds: list[Compound], *, user=None) -> None:
    """Aliases, gazetteer codes, estimates and status histories for the demo compounds."""
    for n, compound in enumerate(compounds):
        province = gazetteer.province(compound.province)
        if province is not None:  # the name stays as the demo's accounts spell it
            compound.province_code = province.code
        compound.first_reported = dt.date(2021, 1 + n % 12, 1 + (n * 7) % 27)
        compound.last_reported = dt.date(2022, 1 + n % 3, 1 + (n * 5) % 27)
        if n % 3 == 0:
            compound.estimated_people_held = 150 + 50 * n
            compound.estimate_source = "Demo estimate from survivor accounts (synthetic)"
            compound.estimate_date = dt.date(2022, 2, 1)
        compound.save()
        alias_add(actor=None, compound=compound, name=compound.name, language="en")
        for name in ALIASES.get(compound.name, ()):
            alias_add(
                actor=None,
                compound=compound,
                name=name,
                language=LANGUAGES.get(script_of(name), ""),
            )
        CompoundStatusChange.objects.create(
            compound=compound,
            status=compound.status,
            on=compound.first_reported,
            note="First reported (demo)",
            recorded_by=user,
        )
    by_name = {c.name: c for c in compounds}
    if "Lucky Demo Park" in by_name:
        compound_status_change(
            actor=user,
            compound=by_name["Lucky Demo Park"],
            status="raided",
            on=dt.date(2022, 2, 14),
            note="Police inspection reported (demo)",
        )
    if "Silver Bay Demo Resort" in by_name and "Palm Demo Villas" in by_name:
        compound_status_change(
            actor=user,
            compound=by_name["Silver Bay Demo Resort"],
            status="raided",
            on=dt.date(2022, 1, 20),
            note="Raid reported in the media (demo)",
        )
        compound_status_change(
            actor=user,
            compound=by_name["Silver Bay Demo Resort"],
            status="relocated",
            on=dt.date(2022, 2, 28),
            relocated_to=by_name["Palm Demo Villas"],
            note="Workers moved by bus to Koh Kong (demo)",
        )
    if "Crown Demo Heights" in by_name:
        compound_status_change(
            actor=user,
            compound=by_name["Crown Demo Heights"],
            status="closed",
            on=dt.date(2022, 3, 1),
            note="Reported closed (demo)",
        )


def load_actors(compounds: list[Compound], sources: dict[str, Source], *, user=None) -> None:
    by_name = {c.name: c for c in compounds}
    article = source_create(
        actor=None,
        data=SourceInput(
            kind=SourceKind.MEDIA,
            title="Demo article: who runs the compounds of the coast (synthetic)",
            publisher="Demo News (synthetic)",
            published_on=dt.date(2022, 2, 20),
            language="en",
            summary="An invented article for the demo. No real company or person is named.",
            country="KH",
            visibility=Visibility.COALITION,
            compounds=[c for c in compounds if c.name in ("Golden Demo Tower", "Lucky Demo Park")],
        ),
    )
    holdings = actor_create(
        actor=user,
        data=ActorInput(
            kind="company",
            name="Example Holdings Co. (demo)",
            other_names="示例控股有限公司（演示）\nក្រុមហ៊ុន ឧទាហរណ៍ (សាកល្បង)",
            country="KH",
            description="A synthetic company for the demo.",
        ),
    )
    security = actor_create(
        actor=user,
        data=ActorInput(
            kind="company",
            name="Sample Security Services (demo)",
            country="KH",
            description="A synthetic security firm for the demo.",
        ),
    )
    links = [
        (holdings, "operates", "Golden Demo Tower", "alleged", "C"),
        (holdings, "operates", "Lucky Demo Park", "alleged", "C"),
        (holdings, "owns_land", "Silver Bay Demo Resort", "alleged", "D"),
        (security, "protects", "Golden Demo Tower", "alleged", "D"),
    ]
    for actor, kind, name, status, grade in links:
        if name in by_name:
            relationship_create(
                actor=user,
                data=RelationshipInput(
                    actor=actor,
                    kind=kind,
                    compound=by_name[name],
                    status=status,
                    reliability=grade,
                    started_on=dt.date(2021, 6, 1),
                    sources=[article],
                    note="Demo relationship (synthetic).",
                ),
            )
    relationship_create(
        actor=user,
        data=RelationshipInput(
            actor=security,
            kind="employs",
            other_actor=holdings,
            status="alleged",
            reliability="F",
            sources=[article],
            note="Demo: hired by (synthetic).",
        ),
    )


def load_registry(*, compounds: list[Compound], organisation=None, user=None) -> None:
    """Called by the demo builder once its compounds exist."""
    sources = load_sources(organisation=organisation)
    enrich_compounds(compounds, user=user)
    load_actors(compounds, sources, user=user)
