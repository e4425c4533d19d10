"""Controlled vocabularies. Values follow the Human Trafficking Case Data Standard 2.0
(shared/standards/htcds-field-standards-2.0.csv) wherever it has one; labels are translatable.
"""

import gettext
from functools import cache
from urllib.parse import quote

import pycountry
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    # HTCDS org_Type
    NGO = "NGO", _("NGO")
    LAW_ENFORCEMENT = "LawEnforcement", _("Law enforcement")
    HEALTH_SERVICE = "HealthServiceOrganisation", _("Health service organisation")
    CENTRAL_GOVERNMENT = "CentralGovernmentOrganisation", _("Central government organisation")
    LOCAL_GOVERNMENT = "LocalGovernmentOrganisation", _("Local government organisation")
    IMMIGRATION = "ImmigrationService", _("Immigration service")
    LEGAL_SERVICE = "LegalService", _("Legal service")
    CORPORATE = "CorporateBusiness", _("Corporate business")
    SCHOOL = "SchoolOrCollege", _("School or college")
    # Seri's additions for the coalition's partners
    EMBASSY = "EmbassyForeignGovernment", _("Embassy / foreign government")
    UN_AGENCY = "UNAgency", _("UN agency")


class Gender(models.TextChoices):
    # HTCDS prs_Gender
    FEMININE = "Feminine", _("Female / feminine")
    MASCULINE = "Masculine", _("Male / masculine")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender feminine")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender masculine")
    NON_CONFORMING = "NonConforming", _("Non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Not specified / unknown")


class ExploitationType(models.TextChoices):
    # HTCDS vic_TypeOfExploitation
    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL_EXPLOITATION = "SexualExploitation", _("Sexual exploitation")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_MILITARY = "ForcedMilitaryByNonStateActors", _("Forced military (by non-state actors)")
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_ADOPTION = "ForcedAdoption", _("Forced adoption")
    SURROGACY = "Surrogacy", _("Surrogacy")
    OTHER = "Other", _("Other")


class ControlMethod(models.TextChoices):
    # HTCDS vic_MethodsOfControl
    PHYSICAL_THREATS = "PhysicalThreats", _("Physical threats")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of law enforcement")
    THREATENS_FAMILY = "ThreatensChildrenFamily", _("Threatens children/family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCES = "RestrictsFinancialAccess", _("Restricts financial access")
    RESTRICTS_MEDICAL = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    PSYCHOACTIVE_SUBSTANCE = "PsychoactiveSubstance", _("Psychoactive substance")
    EXCESSIVE_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    OTHER = "Other", _("Other")


class RecruitmentMethod(models.TextChoices):
    # HTCDS vic_MethodOfRecruitment
    PLACE_OF_BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    EDUCATIONAL_INSTITUTION = "AtAnEducationalInstitution", _("At an educational institution")
    AT_WORK = "AtWork", _("At work")
    ONLINE_SOCIAL_NETWORKS = "ThroughOnlineSocialNetworks", _("Through online social networks")
    ONLINE_ADVERT = "ThroughAnOnlineAdvertisement", _("Through an online advertisement")
    TELEVISION_ADVERT = "ThroughATelevisionAdvert", _("Through a television advert")
    NEWSPAPER_ADVERT = "ThroughANewspaperAdvert", _("Through a newspaper advert")
    FAMILY = "ThroughFamilyOrFamilyEvents", _("Through family or family events")
    FRIENDS = "ThroughFriendsOrSocialEvents", _("Through friends or social events")
    OTHER = "Other", _("Other")


class Platform(models.TextChoices):
    # HTCDS vic_RecruitmentWebsitesAndApps
    FACEBOOK = "Facebook", "Facebook"
    INSTAGRAM = "Instagram", "Instagram"
    WHATSAPP = "WhatsApp", "WhatsApp"
    TELEGRAM = "Telegram", "Telegram"
    FACEBOOK_MESSENGER = "FacebookMessenger", "Facebook Messenger"
    VIBER = "Viber", "Viber"
    SNAPCHAT = "SnapChat", "Snapchat"
    LINE = "Line", "LINE"
    FOUR_SALE = "4Sale", "4Sale"
    WECHAT = "WeChat", "WeChat"
    QQ = "QQ", "QQ"
    QZONE = "QZone", "QZone"
    TIKTOK = "TikTok", "TikTok"
    TWITTER = "Twitter", "Twitter / X"
    OTHER = "Other", _("Other")


class MessagingPlatform(models.TextChoices):
    TELEGRAM = "Telegram", "Telegram"
    WHATSAPP = "WhatsApp", "WhatsApp"
    WECHAT = "WeChat", "WeChat"
    LINE = "Line", "LINE"
    FACEBOOK = "Facebook", "Facebook"
    MESSENGER = "Messenger", "Messenger"
    ZALO = "Zalo", "Zalo"
    SIGNAL = "Signal", "Signal"
    VIBER = "Viber", "Viber"
    KAKAOTALK = "KakaoTalk", "KakaoTalk"
    OTHER = "Other", _("Other")


# Tap-to-message: links the apps document for opening a chat with a handle or number.
_MESSAGE_LINKS = {
    "Telegram": "https://t.me/",
    "WhatsApp": "https://wa.me/",
    "Line": "https://line.me/ti/p/~",
    "Messenger": "https://m.me/",
    "Zalo": "https://zalo.me/",
    "Viber": "viber://chat?number=",
}


def message_url(platform: str, handle: str) -> str:
    """A link that opens a chat with this handle on a phone, or "" if the app has none."""
    start = _MESSAGE_LINKS.get(platform)
    if not start:
        return ""
    handle = handle.strip()
    if platform == "Viber":
        return start + quote(handle.replace(" ", ""), safe="+")
    if platform in ("WhatsApp", "Zalo"):
        return start + "".join(ch for ch in handle if ch.isdigit())
    return start + quote(handle.lstrip("@"), safe="")


# pycountry ships the iso-codes translations of country names; Seri's languages map onto them.
_ISO_CODES_LOCALE = {"zh-hans": "zh_CN", "km": "km"}
# Where iso-codes' translation is wrong or not what people in the region write.
_COUNTRY_NAME_FIXES = {"zh_CN": {"KH": "柬埔寨"}}


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166-1 alpha-2 codes (HTCDS prs_Citizenship) with names in the active language."""
    return _country_choices_in(get_language() or "en")


@cache
def _country_choices_in(language: str) -> list[tuple[str, str]]:
    locale = _ISO_CODES_LOCALE.get(language)
    translate = (
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True)
        if locale
        else gettext.NullTranslations()
    )
    fixes = _COUNTRY_NAME_FIXES.get(locale or "", {})
    names = (
        (c.alpha_2, fixes.get(c.alpha_2) or translate.gettext(c.name)) for c in pycountry.countries
    )
    return sorted(names, key=lambda item: item[1])


@cache
def country_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


def country_name(code: str) -> str:
    return dict(country_choices()).get(code, code)


@cache
def language_choices() -> list[tuple[str, str]]:
    """ISO 639 languages that have a two-letter code, plus the region's that only have three."""
    langs = [(lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    return sorted(langs, key=lambda item: item[1])


@cache
def language_codes() -> frozenset[str]:
    return frozenset(code for code, _name in language_choices())


# Languages heard most on the coalition's hotlines, offered as checkboxes; the API takes any.
REGION_LANGUAGES = [
    ("vi", _("Vietnamese")),
    ("zh", _("Chinese")),
    ("th", _("Thai")),
    ("id", _("Indonesian")),
    ("ms", _("Malay")),
    ("tl", _("Tagalog / Filipino")),
    ("my", _("Burmese")),
    ("lo", _("Lao")),
    ("km", _("Khmer")),
    ("bn", _("Bengali")),
    ("hi", _("Hindi")),
    ("ur", _("Urdu")),
    ("ne", _("Nepali")),
    ("en", _("English")),
    ("sw", _("Swahili")),
    ("am", _("Amharic")),
    ("ko", _("Korean")),
    ("ja", _("Japanese")),
    ("ru", _("Russian")),
]


def language_name(code: str) -> str:
    names = dict(REGION_LANGUAGES)
    if code in names:
        return str(names[code])
    language = pycountry.languages.get(alpha_2=code)
    return language.name if language else code
