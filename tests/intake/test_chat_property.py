"""A property of the WhatsApp reader: for any export made of the things phones write — in any
layout, with marks anywhere, notices, placeholders, continuation and empty lines — every line
is accounted for exactly once, `read + continuations + skipped == lines`, and every message's
text is kept verbatim (and stored so)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seri.intake.importers.telegram import read_export as telegram_read
from seri.intake.importers.whatsapp import import_whatsapp, read_chat_text
from seri.intake.models import Report
from tests.factories import OrganisationFactory

LRM, FEFF, NNBSP, NBSP = "\u200e", "\ufeff", "\u202f", "\u00a0"
KHMER = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
SENDERS = ["Testa Person", "Testb Nguyen", "\u202a+66 81 234 5678\u202c", "ทดสอบ แม่", "តេស្ត សុខា"]


def _h12(at: dt.datetime) -> tuple[int, bool]:
    return (at.hour % 12 or 12), at.hour < 12


def _android_dmy(at):
    return f"{at:%d/%m/%Y}, {at:%H:%M} - ", False


def _android_mdy_12(at):
    hour, am = _h12(at)
    space = [" ", NNBSP, NBSP][at.minute % 3]
    return f"{at.month}/{at.day}/{at:%y}, {hour}:{at:%M}{space}{'AM' if am else 'PM'} - ", False


def _ios_dot(at):
    return f"[{at:%d.%m.%y}, {at:%H:%M:%S}] ", True


def _ios_mdy_12(at):
    hour, am = _h12(at)
    return f"[{at.month}/{at.day}/{at:%y}, {hour}:{at:%M:%S}{NNBSP}{'AM' if am else 'PM'}] ", True


def _ios_time_first(at):
    return f"[{at:%H:%M:%S}, {at.month}/{at.day}/{at:%y}] ", True


def _ios_buddhist(at):
    return f"[{at.day}/{at.month}/{at.year + 543} BE, {at:%H:%M:%S}] ", True


def _ios_chinese(at):
    hour, am = _h12(at)
    return f"[{at.year}/{at.month}/{at.day} {'上午' if am else '下午'}{hour}:{at:%M:%S}] ", True


def _android_khmer(at):
    hour, am = _h12(at)
    stamp = f"{at:%d/%m/%Y} {hour}:{at:%M}".translate(KHMER)
    return f"{stamp} {'ព្រឹក' if am else 'ល្ងាច'} - ", False


LAYOUTS = [
    _android_dmy,
    _android_mdy_12,
    _ios_dot,
    _ios_mdy_12,
    _ios_time_first,
    _ios_buddhist,
    _ios_chinese,
    _android_khmer,
]

words = st.text(
    alphabet=st.characters(
        categories=["L", "N", "P", "S", "Zs"],
        exclude_characters="<>:\n\r\u2028\u2029\x85",
    ),
    min_size=1,
    max_size=30,
)
continuation = st.one_of(st.just(""), words.map(lambda w: "more " + w))
ITEM_KINDS = [
    "text",
    "marked",
    "omitted",
    "attached",
    "location",
    "poll",
    "deleted",
    "missed",
    "null",
    "encryption",
    "event",
]
item = st.tuples(
    st.sampled_from(ITEM_KINDS),
    st.sampled_from(SENDERS),
    words,
    st.lists(continuation, max_size=3),
    st.booleans(),  # a byte order mark before the header
)


def _body(kind, text, ios, following):
    """The body as written, its continuation lines, and whether it is a message."""
    if kind == "text":
        return "msg " + text, following, True
    if kind == "marked":
        return LRM + "msg " + text, following, True
    if kind == "omitted":
        return ("image omitted" if ios else "<Media omitted>"), following, True
    if kind == "attached":
        if ios:
            return f"{LRM}<attached: 00000003-PHOTO-2026-03-02-10-02-00.jpg>", [], True
        return f"{LRM}IMG-20260302-WA0001.jpg (file attached)", following, True
    if kind == "location":
        return "location: https://maps.google.com/?q=10.610400,103.522500", [], True
    if kind == "poll":
        return "POLL:", ["Which building?", "OPTION: A (1 vote)"], True
    notice = {
        "deleted": "This message was deleted",
        "missed": "Missed voice call",
        "null": "null",
        "encryption": "Messages and calls are end-to-end encrypted.",
        "event": "Testa Person created group “Test”",
    }[kind]
    return (LRM + notice if ios else notice), [], False


def build(layout, items, leading_empty):
    """The export's text, its expected line classes and the expected message texts."""
    lines, classes, texts = [""] * leading_empty, ["S"] * leading_empty, []
    at = dt.datetime(2026, 3, 13, 8, 0, 5)
    for number, (kind, sender, text, following, bom) in enumerate(items):
        at += dt.timedelta(minutes=7 * number + 1, seconds=number)
        head, ios = layout(at)
        body, rest, is_message = _body(kind, text, ios, following)
        if number == len(items) - 1:  # empty lines ending the file are not the message's
            while rest and rest[-1] == "":
                rest = rest[:-1]
        if not ios and kind in ("encryption", "event"):
            line = head + body  # Android writes these without a sender
        else:
            line = f"{head}{sender}: {body}"
        if bom:
            line = FEFF + line
        lines += [line, *rest]
        classes += ["M" if is_message else "S"] + ["C" if is_message else "S"] * len(rest)
        if is_message:
            texts.append("\n".join([body, *rest]))
    return "".join(line + "\n" for line in lines), "".join(classes), texts


exports = st.builds(
    build,
    st.sampled_from(LAYOUTS),
    st.lists(item, min_size=1, max_size=20),
    st.integers(min_value=0, max_value=2),
)


def _classes(messages, summary) -> str:
    classes = ["?"] * summary.entries
    for skip in summary.skips:
        classes[int(skip.where.rsplit(" ", 1)[1]) - 1] = "S"
    for message in messages:
        first = int(message.where.rsplit(" ", 1)[1]) - 1
        classes[first] = "M"
        for offset in range(1, message.text.count("\n") + 1):
            classes[first + offset] = "C"
    return "".join(classes)


@settings(max_examples=300, deadline=None)
@given(exports)
def test_every_line_is_accounted_for_and_every_text_kept(export):
    text, classes, texts = export
    messages, summary = read_chat_text(text, file_name="chat.txt", media={})
    assert summary.entries == len(classes)
    assert summary.balanced
    assert _classes(messages, summary) == classes
    assert [m.text for m in messages] == texts
    assert all("\u200e" not in m.sender and "\u202a" not in m.sender for m in messages)


@pytest.mark.django_db
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(exports)
def test_what_is_read_is_stored_verbatim_once(tmp_path_factory, export):
    text, classes, texts = export
    organisation = OrganisationFactory()
    chat = tmp_path_factory.mktemp("chat") / "chat.txt"
    chat.write_text(text, encoding="utf-8")
    summary = import_whatsapp(actor=None, organisation=organisation, path=chat)
    assert summary.created == classes.count("M") == len(texts)
    stored = "\n".join(
        Report.objects.filter(organisation=organisation).values_list("original_text", flat=True)
    )
    for message_text in texts:
        assert message_text in stored
    assert import_whatsapp(actor=None, organisation=organisation, path=chat).created == 0


# --- Telegram: every entry is a message or a listed skip ----------------------------------------

ENTRY_KINDS = ["text", "service", "empty", "poll", "todo", "contact", "location", "forwarded"]


def _telegram_entry(kind: str, n: int, text: str) -> tuple[dict, bool]:
    base = {"id": n, "type": "message", "date_unixtime": str(1772420400 + 60 * n)}
    base.update({"from": "Testa", "from_id": "user1", "text": "", "text_entities": []})
    if kind == "text":
        base.update(text=text, text_entities=[{"type": "plain", "text": text}])
    elif kind == "service":
        base.update(type="service", action="pin_message")
    elif kind == "poll":
        base["poll"] = {"question": text, "answers": [{"text": "A", "voters": 1}]}
    elif kind == "todo":
        base["todo_list"] = {"title": text, "items": [{"id": 1, "text": "item"}]}
    elif kind == "contact":
        base["contact_information"] = {"first_name": text, "phone_number": "+855 12 000 111"}
    elif kind == "location":
        base["location_information"] = {"latitude": 10.6104, "longitude": 103.5225}
    elif kind == "forwarded":
        base.update(forwarded_from=text, text="fwd")
    return base, kind not in ("service", "empty")


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(st.sampled_from(ENTRY_KINDS), words), min_size=1, max_size=30),
    st.booleans(),
)
def test_every_telegram_entry_is_accounted_for(tmp_path_factory, entries, channel):
    folder = tmp_path_factory.mktemp("tg")
    built = [_telegram_entry(kind, n, text) for n, (kind, text) in enumerate(entries, 1)]
    chat = {"name": "Test", "type": "public_channel" if channel else "personal_chat", "id": 9}
    chat["messages"] = [entry for entry, _ in built]
    (folder / "result.json").write_text(__import__("json").dumps(chat), encoding="utf-8")
    messages, summary = telegram_read(folder)
    assert summary.entries == len(entries) and summary.balanced
    expected = 0 if channel else sum(1 for _, is_message in built if is_message)
    assert summary.read == len(messages) == expected
    if not channel:
        texts = [t for (kind, t), (_, is_message) in zip(entries, built, strict=True) if is_message]
        for message, text in zip(messages, texts, strict=True):
            assert text in message.text or message.text.startswith("📍")
