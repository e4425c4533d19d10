"""Made-up texts for the demo.

Accounts (reports) are "as received", so they stay in the language they were written in and
each opens with a marker saying, in that language, that it is synthetic. The texts caseworkers
write (status reasons, notes, tasks) are marked for translation and written in the language
the command runs in.
"""

# Accounts are written as people write them: Chinese with full-width punctuation, dashes as
# dashes. Ruff's look-alike character check does not apply to this file's texts.
# ruff: noqa: RUF001

from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_

from seri.cases.models import CaseStatus
from seri.intake.models import Channel, ReporterRelation

# --- accounts as received ---------------------------------------------------------------------


@dataclass(frozen=True)
class AccountTemplate:
    language: str
    gender: str  # "m", "f", or "" for either
    relation: str
    channels: tuple[str, ...]
    text: str  # with {name}, {compound} and {place}


_FAMILY = ReporterRelation.FAMILY
_SELF = ReporterRelation.SELF
_ORG = ReporterRelation.ORGANISATION
_FROM_FAMILY = (Channel.HOTLINE, Channel.TELEGRAM, Channel.WHATSAPP, Channel.WEB_FORM)
_FROM_INSIDE = (Channel.TELEGRAM, Channel.WHATSAPP)

ACCOUNTS: tuple[AccountTemplate, ...] = (
    # English
    AccountTemplate(
        "en",
        "m",
        _FAMILY,
        _FROM_FAMILY,
        "[DEMO – synthetic account] My brother {name} answered a job advert on Facebook for "
        "customer-service work in Cambodia. Now he is held at {compound} in {place}. They took "
        "his passport and beat him when he misses his targets. Please help him.",
    ),
    AccountTemplate(
        "en",
        "f",
        _FAMILY,
        _FROM_FAMILY,
        "[DEMO – synthetic account] My daughter {name} went to Cambodia for a translator job "
        "she found on Facebook. She is now at {compound} in {place}. She says they keep her "
        "passport and she cannot leave. Please help.",
    ),
    AccountTemplate(
        "en",
        "",
        _SELF,
        _FROM_INSIDE,
        "[DEMO – synthetic account] This is {name}. I am in {place}, inside {compound}. We work "
        "15 hours a day scamming people online. The boss says I owe 3,000 USD before I can "
        "leave. I can only message at night.",
    ),
    AccountTemplate(
        "en",
        "",
        _ORG,
        (Channel.PARTNER, Channel.EMAIL),
        "[DEMO – synthetic account] Partner referral: {name} contacted our hotline from "
        "{compound} ({place}). Reports being sold between companies; their phone is checked "
        "every day. Asks to be rescued.",
    ),
    # Vietnamese
    AccountTemplate(
        "vi",
        "m",
        _FAMILY,
        _FROM_FAMILY,
        "[DỮ LIỆU DEMO – tổng hợp] Em trai tôi là {name}, đi Campuchia làm việc sau khi thấy "
        "quảng cáo tuyển dụng trên Facebook. Bây giờ em bị giữ ở {compound}, {place}, bị thu hộ "
        "chiếu và bị đánh khi không đạt chỉ tiêu. Xin hãy giúp em tôi.",
    ),
    AccountTemplate(
        "vi",
        "f",
        _FAMILY,
        _FROM_FAMILY,
        "[DỮ LIỆU DEMO – tổng hợp] Con gái tôi là {name}, được người quen trên Facebook giới "
        "thiệu sang Campuchia làm phiên dịch. Bây giờ cháu bị giữ ở {compound}, {place}, không "
        "được ra ngoài. Xin hãy giúp đỡ.",
    ),
    AccountTemplate(
        "vi",
        "",
        _SELF,
        _FROM_INSIDE,
        "[DỮ LIỆU DEMO – tổng hợp] Tôi là {name}. Tôi đang bị nhốt ở {compound} ({place}). Họ "
        "bắt làm việc 15 tiếng một ngày và đòi 3.000 đô mới cho về. Tôi chỉ nhắn tin được vào "
        "ban đêm.",
    ),
    # Chinese
    AccountTemplate(
        "zh",
        "m",
        _FAMILY,
        _FROM_FAMILY,
        "【演示数据·虚构】我弟弟{name}在Telegram上看到招聘广告去了柬埔寨，现在被关在{place}的"
        "{compound}，护照被收走，每天被逼工作十五个小时，完不成业绩就挨打。请救救他。",
    ),
    AccountTemplate(
        "zh",
        "f",
        _FAMILY,
        _FROM_FAMILY,
        "【演示数据·虚构】我女儿{name}在网上看到翻译工作的广告去了柬埔寨，现在在{place}的"
        "{compound}，护照被扣，不让离开。求求你们帮帮她。",
    ),
    AccountTemplate(
        "zh",
        "",
        _SELF,
        _FROM_INSIDE,
        "【演示数据·虚构】我是{name}，被卖到{place}的{compound}。老板说要赔三万元才放人。"
        "我只能晚上偷偷发消息。",
    ),
    # Khmer
    AccountTemplate(
        "km",
        "m",
        _FAMILY,
        _FROM_FAMILY,
        "[ទិន្នន័យសាកល្បង] កូនប្រុសខ្ញុំឈ្មោះ {name} ត្រូវគេបោកឱ្យទៅធ្វើការនៅ {compound} "
        "({place})។ គេយកលិខិតឆ្លងដែនរបស់គាត់ ហើយមិនឱ្យចេញក្រៅទេ។ សូមជួយផង។",
    ),
    AccountTemplate(
        "km",
        "f",
        _FAMILY,
        _FROM_FAMILY,
        "[ទិន្នន័យសាកល្បង] កូនស្រីខ្ញុំឈ្មោះ {name} ត្រូវគេបោកឱ្យទៅធ្វើការនៅ {compound} "
        "({place})។ គេយកលិខិតឆ្លងដែនរបស់នាង ហើយមិនឱ្យចេញក្រៅទេ។ សូមជួយផង។",
    ),
    AccountTemplate(
        "km",
        "",
        _SELF,
        _FROM_INSIDE,
        "[ទិន្នន័យសាកល្បង] ខ្ញុំឈ្មោះ {name}។ ខ្ញុំជាប់នៅ {compound} ({place})។ គេបង្ខំឱ្យធ្វើការ ១៥ ម៉ោងក្នុងមួយថ្ងៃ។",
    ),
    # Thai
    AccountTemplate(
        "th",
        "m",
        _FAMILY,
        _FROM_FAMILY,
        "[ข้อมูลสาธิต – สมมติ] น้องชายของฉันชื่อ {name} ถูกหลอกไปทำงานที่กัมพูชาผ่านโฆษณาหางาน"
        "ในเฟซบุ๊ก ตอนนี้ถูกกักตัวอยู่ที่ {compound} ({place}) ถูกยึดหนังสือเดินทางและถูกทำร้าย"
        "ร่างกาย ขอความช่วยเหลือด้วยค่ะ",
    ),
    AccountTemplate(
        "th",
        "f",
        _FAMILY,
        _FROM_FAMILY,
        "[ข้อมูลสาธิต – สมมติ] ลูกสาวของฉันชื่อ {name} ไปทำงานที่ {compound} ({place}) ตอนนี้"
        "ติดต่อได้แค่ตอนกลางคืน นายจ้างบอกว่าต้องจ่ายค่าไถ่ตัวก่อนถึงจะให้กลับบ้าน ช่วยด้วยค่ะ",
    ),
    AccountTemplate(
        "th",
        "",
        _SELF,
        _FROM_INSIDE,
        "[ข้อมูลสาธิต – สมมติ] ฉันชื่อ {name} ตอนนี้ติดอยู่ที่ {compound} ({place}) ถูกบังคับให้"
        "ทำงานวันละ 15 ชั่วโมง ส่งข้อความได้แค่ตอนกลางคืน",
    ),
)

# Later messages about a case already open, added to it as further reports.
FOLLOW_UPS: tuple[AccountTemplate, ...] = (
    AccountTemplate(
        "en",
        "",
        _ORG,
        (Channel.PARTNER, Channel.EMAIL),
        "[DEMO – synthetic account] Update from a partner: {name} sent a new location pin near "
        "{compound} and says about twenty others from the same group are held with them.",
    ),
    AccountTemplate(
        "en",
        "",
        _FAMILY,
        (Channel.TELEGRAM, Channel.HOTLINE),
        "[DEMO – synthetic account] Family update: no message from {name} for four days. The "
        "last voice note said the group was being moved away from {compound} ({place}).",
    ),
    AccountTemplate(
        "en",
        "",
        _SELF,
        _FROM_INSIDE,
        "[DEMO – synthetic account] {name} here again: guards at {compound} took everyone's "
        "phones after a rumour of a raid. Still in {place}.",
    ),
)

# Where a family member would write the place, in their language.
PLACES: dict[str, dict[str, str]] = {
    "Preah Sihanouk": {
        "en": "Sihanoukville",
        "vi": "Sihanoukville",
        "zh": "西港",
        "th": "สีหนุวิลล์",
        "km": "ខេត្តព្រះសីហនុ",
    },
    "Phnom Penh": {
        "en": "Phnom Penh",
        "vi": "Phnôm Pênh",
        "zh": "金边",
        "th": "พนมเปญ",
        "km": "រាជធានីភ្នំពេញ",
    },
    "Pursat": {
        "en": "Pursat",
        "vi": "Pursat",
        "zh": "菩萨省",
        "th": "โพธิสัตว์",
        "km": "ខេត្តពោធិ៍សាត់",
    },
    "Koh Kong": {
        "en": "Koh Kong",
        "vi": "Koh Kong",
        "zh": "戈公省",
        "th": "เกาะกง",
        "km": "ខេត្តកោះកុង",
    },
}
UNKNOWN_COMPOUND: dict[str, str] = {
    "en": "a compound they cannot name",
    "vi": "một khu không rõ tên",
    "zh": "一个不知名的园区",
    "th": "อาคารที่ไม่รู้ชื่อ",
    "km": "បរិវេណមួយដែលមិនស្គាល់ឈ្មោះ",
}

# --- what caseworkers write (translated when the demo is made) -------------------------------

S = CaseStatus
STATUS_REASONS: dict[str, tuple[str, ...]] = {
    S.VERIFYING: (
        N_("Family sent photos and a location pin; calling back to verify."),
        N_("Hotline call logged; cross-checking with partner reports."),
        N_("Voice message received; checking the compound against the registry."),
    ),
    S.CONFIRMED_IN_COMPOUND: (
        N_("Person confirmed by voice message that they are held in the compound."),
        N_("Partner report and photos match the compound."),
    ),
    S.REFERRED: (
        N_("Referred to a partner for rescue and travel documents."),
        N_("Partner asked to intervene; consent to share recorded."),
    ),
    S.RELEASED_RESCUED: (
        N_("Released after a partner intervened."),
        N_("Escaped and reached a partner shelter."),
        N_("Released during a police inspection of the compound."),
    ),
    S.IN_SUPPORT: (
        N_("Staying in a partner shelter; medical check done."),
        N_("In a shelter while travel documents are prepared."),
    ),
    S.REPATRIATED: (
        N_("Flew home with an emergency travel document."),
        N_("Crossed the border home with embassy support."),
    ),
    S.CLOSED: (
        N_("Home and safe; follow-up call done."),
        N_("Person asked to close the case after returning home."),
    ),
    S.LOST_CONTACT: (
        N_("Phone switched off for two weeks; family has no news."),
        N_("Last message a month ago; the group was moved."),
    ),
    S.NOT_A_VICTIM: (N_("Works voluntarily and can leave; no signs of trafficking."),),
    S.DUPLICATE: (N_("Same person as an earlier case recorded from another report."),),
}

NOTES: tuple[str, ...] = (
    N_("Called the family; they will send a recent photo."),
    N_("Person reports new arrivals in the same building last week."),
    N_("Asked the person to share their live location when it is safe."),
    N_("Spoke to the person briefly; guards were nearby, will call back tonight."),
    N_("Family was asked for a ransom; advised them not to pay and to keep the messages."),
    N_("Checked the recruiter's Facebook page: taken down since."),
)

TASKS: tuple[str, ...] = (
    N_("Call the family back"),
    N_("Check the location pin against the compound registry"),
    N_("Ask for a copy of the passport photo page"),
    N_("Follow up on the referral"),
    N_("Arrange a shelter place"),
    N_("Book a follow-up call after return"),
)

REFERRAL_MESSAGES: tuple[str, ...] = (
    N_("Please verify nationality and help with release and travel documents."),
    N_("Person is held and asks for rescue; family in contact with us."),
)
REFERRAL_ACCEPT_NOTES: tuple[str, ...] = (
    N_("Consular officer assigned."),
    N_("We will contact the person and the family."),
)
REFERRAL_DECLINE_NOTES: tuple[str, ...] = (
    N_("Not a national according to our records; please check with the right embassy."),
)
REFERRAL_COMPLETE_NOTES: tuple[str, ...] = (N_("Returned home; case closed on our side."),)
PARTNER_NOTES: tuple[str, ...] = (
    N_("Embassy: family contacted; emergency travel document in preparation."),
    N_("Embassy: person interviewed at the shelter."),
)
PARTNER_TASKS: tuple[str, ...] = (
    N_("Issue an emergency travel document"),
    N_("Confirm identity with the family"),
)

CONSENT_GIVERS: tuple[str, ...] = (
    N_("The person"),
    N_("The person, by voice message"),
    N_("Mother"),
    N_("Brother"),
    N_("Spouse"),
)
