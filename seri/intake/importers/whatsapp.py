"""WhatsApp chat exports ("Export chat", with or without media): the `.txt` file, or the `.zip`
holding it and the media files.

Every line of the export ends as exactly one of: the first line of a message, a continuation
line of a message, or a listed skip with its line number and reason (a notice WhatsApp wrote,
a deleted message, a missed call, an empty line); `read + continuations + skipped == lines`.

Phones write the date and time the way their locale does: `31/12/2025, 21:41 - Name: text`
(Android), `[31/12/25, 9:41:05 PM] Name: text` (iPhone), time first (`[21:41:05, 12/31/25]`),
dots, dashes, years first, Buddhist-era years, 12-hour markers in many languages, digits of
other scripts, and invisible marks anywhere (notices.py lists them). Headers, senders,
placeholders and file names are read from a normalised copy of each line; the stored text is
the line as written. The day/month order is decided per file from every date that can tell
(a number above 12), per line where a file mixes both orders, and `date_order` overrides it,
with a warning for each line that contradicts it.

A message's key is its time, its sender, its text and how many identical messages came before
it: the same chat exported again later (with more messages) gives the same keys.
"""

import datetime as dt
import hashlib
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seri.intake.importers import notices
from seri.intake.importers.archives import extract_zip
from seri.intake.importers.common import (
    Attachment,
    ImportRefused,
    ImportSummary,
    Message,
    Problem,
    Progress,
    chat_summary,
    register_texts,
    store_messages,
)
from seri.intake.models import Channel, ReporterRelation, SourceItem

register_texts({f"notice.{code}": kind.name for code, kind in notices.KINDS.items()})
register_texts(
    {
        "wa.not_chat_line": gettext_lazy(
            "not a WhatsApp chat line in any known date and time format"
        ),
        "wa.order_contradicted": gettext_lazy(
            "“%(date)s” cannot be read in the order given (%(given)s); read as %(own)s"
        ),
        "wa.order_undecided": gettext_lazy("no date in this file tells day from month; read as %s"),
        "wa.orders_mixed": gettext_lazy(
            "this file mixes day-first and month-first dates; each is read by its own numbers"
        ),
        "wa.buddhist_year": gettext_lazy(
            "the year %(year)d is read as a Buddhist-era year (%(common)d)"
        ),
        "wa.not_gregorian": gettext_lazy(
            "the year %d is not a year of the Gregorian calendar (a Persian or Hijri date?): "
            "set the phone's calendar to Gregorian and export the chat again"
        ),
        "wa.not_12_hour": gettext_lazy(
            "“%(time)s” is not a 12-hour time; read as %(hour)02d:%(minute)02d"
        ),
        "wa.not_date_time": gettext_lazy("“%s” is not a date and time"),
        "wa.no_messages": gettext_lazy("no messages in this file"),
        "wa.no_chat_txt": gettext_lazy("no chat .txt file in the zip"),
    }
)

_DATE = (
    r"(?P<date>\d{1,4}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{1,4})\.?"
    rf"(?:\s?(?P<era>{notices.BUDDHIST_ERA}))?"
)
_TIME = (
    rf"(?:(?P<pre>{notices.MERIDIEM_PATTERN})\s?)?"
    r"(?P<clock>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)"
    rf"(?:\s?(?P<post>{notices.MERIDIEM_PATTERN}))?"
    r"\.?"  # "2022/12/14, 13:34. - Name: text"
)
# "،" Arabic comma; "à" French, "klo" Finnish, "kl." Scandinavian, "um" German Android
_BETWEEN = r"(?:[,\u060c]\s*|\s(?:à|klo|kl\.|um)\s|\s+)"
_HEADERS = [
    # iPhone: [31/12/25, 21:41:05] Name: text — and time first: [21:41:05, 31/12/25]
    re.compile(rf"^\[{_DATE}{_BETWEEN}{_TIME}\]\s?(?P<rest>.*)$"),
    re.compile(rf"^\[{_TIME}{_BETWEEN}{_DATE}\]\s?(?P<rest>.*)$"),
    # Android: 31/12/2025, 21:41 - Name: text — and time first: 21:41, 31/12/2025 - Name: text
    re.compile(rf"^{_DATE}{_BETWEEN}{_TIME}\s?[-\u2013](?:\s(?P<rest>.*))?$"),
    re.compile(rf"^{_TIME}{_BETWEEN}{_DATE}\s?[-\u2013](?:\s(?P<rest>.*))?$"),
]
# Older and rarer layouts with nothing but a colon or a space after the time
# ("13.06.18 21.25.15: Name: text", "13. 6. 2018. 21:25:15 Name: text"). A continuation line
# may begin with a date and time too, so these are only read in a file whose first line has
# one of these layouts and none of the ones above.
_LOOSE_HEADERS = [
    re.compile(rf"^{_DATE}{_BETWEEN}{_TIME}:\s(?P<rest>.*)$"),
    re.compile(rf"^{_DATE}{_BETWEEN}{_TIME}\s(?P<rest>.*)$"),
]
_KINDS = {
    "PHOTO": "photo",
    "IMG": "photo",
    "VID": "video",
    "VIDEO": "video",
    "AUDIO": "voice",
    "PTT": "voice",
    "AUD": "voice",
}
_MARKS = ("\u200e", "\u200f", "\ufeff")


def _kind(name: str) -> str:
    stem = Path(name).name.upper()
    if stem.endswith(".VCF"):
        return "contact"
    for marker, kind in _KINDS.items():
        if marker in stem:
            return kind
    return "file"


@dataclass
class _Entry:
    """A header line and the lines that follow it up to the next header."""

    number: int
    raw: str  # the header line as written
    date: str
    era: bool
    clock: str
    marker: str
    rest: str  # after the date and time, normalised
    rest_raw: str  # after the date and time, as written
    following: list[str] = field(default_factory=list)  # verbatim continuation lines


def _split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline ending the file ends its last line
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _header(number: int, raw: str, patterns: list[re.Pattern] = _HEADERS) -> _Entry | None:
    normal, positions = notices.normalise_with_positions(raw)
    for pattern in patterns:
        match = pattern.match(normal)
        if match is None:
            continue
        rest = match["rest"] or ""
        start = match.start("rest") if match["rest"] is not None else len(normal)
        return _Entry(
            number=number,
            raw=raw,
            date=match["date"],
            era=bool(match["era"]),
            clock=match["clock"],
            marker=match["pre"] or match["post"] or "",
            rest=rest,
            rest_raw=raw[positions[start] if positions else start :] if start < len(normal) else "",
        )
    return None


class _Reading:
    """The state of reading one chat text: the summary's accounting and the problems."""

    def __init__(self, file_name: str):
        self.file_name = file_name
        self.summary = ImportSummary(unit="lines")
        self.problems: list[Problem] = []
        self.place = _("%(file)s, line %(line)d")  # translated once, used for every line
        self.skips: list[tuple[int, Problem]] = []  # listed in line order at the end

    def where(self, number: int) -> str:
        return self.place % {"file": self.file_name, "line": number}

    def skip(self, number: int, reason: list) -> None:
        """A skipped line; `reason` is [code, value] (seri.intake.importers.common.TEXTS)."""
        self.summary.skipped += 1
        self.skips.append((number, Problem.coded(self.at(number), reason)))

    def at(self, number: int) -> list:
        """Line `number` as coded parts (seri.intake.importers.common.TEXTS)."""
        return [["line", {"file": self.file_name, "line": number}]]

    def warn(self, number: int, code: str, value: object = None) -> None:
        self.summary.warnings.append(Problem.of(self.at(number), code, value))

    def refuse(self, number: int, code: str, value: object = None) -> None:
        self.problems.append(Problem.of(self.at(number), code, value))


def _pasted(entry: _Entry) -> bool:
    """A line read by a loose layout that has no sender and is no notice WhatsApp writes: a
    line of the message above that begins with a date and time, not a new entry."""
    if _header(0, entry.raw) is not None:
        return False
    sender, separator, _body = entry.rest.partition(": ")
    if separator and len(sender) <= 80:
        return False
    return notices.notice_kind(entry.rest) is notices.NOTICE


def _entries(lines: list[str], reading: _Reading) -> list[_Entry]:
    entries: list[_Entry] = []
    first = next((line for line in lines if notices.normalise(line).strip()), "")
    patterns = _HEADERS
    if _header(0, first) is None and _header(0, first, _LOOSE_HEADERS) is not None:
        patterns = _HEADERS + _LOOSE_HEADERS
    for number, raw in enumerate(lines, 1):
        entry = _header(number, raw, patterns)
        if entry is not None and entries and _pasted(entry):
            entry = None  # a date and time a person wrote, in a layout without a separator
        if entry is not None:
            entries.append(entry)
        elif entries:
            entries[-1].following.append(raw)
        elif not notices.normalise(raw).strip():
            reading.skip(number, ["empty_line"])
        else:
            reading.refuse(number, "wa.not_chat_line")
            raise ImportRefused(reading.problems)
    # Empty lines after the last message end the file, they are not part of that message.
    if entries:
        last = entries[-1]
        while last.following and not notices.normalise(last.following[-1]).strip():
            last.following.pop()
            reading.skip(last.number + len(last.following) + 1, ["empty_line"])
    return entries


# --- dates and times ----------------------------------------------------------------------------


_DATE_SEPARATOR = re.compile(r"\s?[./-]\s?")


def _parts(date: str) -> list[str]:
    return [p for p in _DATE_SEPARATOR.split(date.strip()) if p]


def _own_order(parts: list[str]) -> str:
    """The order a date's own numbers decide ("" if they cannot tell)."""
    if len(parts[0]) >= 3:
        return "ymd"
    first, second = int(parts[0]), int(parts[1])
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return ""


def _short_year_first(entries: list[_Entry]) -> bool:
    """Whether the file writes two-digit years first ("21-12-31"): some date begins with a
    number that can be a year of WhatsApp (2009 on) and ends with one that cannot but can be
    a day (before 09, or after next year up to 31: no Buddhist-era year a phone shows)."""
    soon = dt.date.today().year % 100 + 1
    for entry in entries:
        first, month, last = _parts(entry.date)
        if len(first) > 2 or len(last) > 2 or not 1 <= int(month) <= 12:
            continue
        if 9 <= int(first) <= soon and (int(last) < 9 or soon < int(last) <= 31):
            return int(last) >= 1
    return False


def _orders(entries: list[_Entry], preferred: str, reading: _Reading) -> list[str]:
    """The day/month order to read each header's date with."""
    if _short_year_first(entries):
        return ["ymd"] * len(entries)
    own = [_own_order(_parts(e.date)) for e in entries]
    if preferred:
        out = []
        for entry, order in zip(entries, own, strict=True):
            if order and order != "ymd" and order != preferred:
                reading.warn(
                    entry.number,
                    "wa.order_contradicted",
                    {"date": entry.date, "given": preferred, "own": order},
                )
                out.append(order)
            else:
                out.append(order if order == "ymd" else preferred)
        return out
    decided = {o for o in own if o in ("dmy", "mdy")}
    if len(decided) <= 1:
        if decided:
            fallback = decided.pop()
        else:
            fallback = "mdy" if any(e.marker for e in entries) else "dmy"
            if any(o == "" for o in own):
                reading.warn(entries[0].number, "wa.order_undecided", fallback)
        return [o or fallback for o in own]
    # Concatenated exports, or a phone whose locale changed: an undecided date is read like
    # the nearest decided one before it (after it, at the start of the file).
    reading.warn(entries[0].number, "wa.orders_mixed")
    out, last = [], next(o for o in own if o in ("dmy", "mdy"))
    for order in own:
        if order in ("dmy", "mdy"):
            last = order
        out.append(order or last)
    return out


FIRST_YEAR = 1900  # no chat app wrote earlier dates; an earlier year is of another calendar


class _NotGregorian(ValueError):
    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


def _date(entry: _Entry, order: str, reading: _Reading) -> dt.date:
    a, b, c = (int(x) for x in _parts(entry.date))
    year, month, day = {"ymd": (a, b, c), "dmy": (c, b, a), "mdy": (c, a, b)}[order]
    if year < 100:
        year += 2000
        if year > dt.date.today().year + 1:  # not a year to come: "65" is 2565 BE, "99" is 1999
            buddhist = year + 500 - notices.BUDDHIST_OFFSET
            year = year + 500 if buddhist <= dt.date.today().year + 1 else year - 100
    if entry.era:
        year -= notices.BUDDHIST_OFFSET
    elif year > 2400:
        year -= notices.BUDDHIST_OFFSET
        reading.warn(
            entry.number,
            "wa.buddhist_year",
            {"year": year + notices.BUDDHIST_OFFSET, "common": year},
        )
    if year < FIRST_YEAR:  # 1400 (Persian), 1443 (Hijri): read as such it would be wrong
        raise _NotGregorian(year)
    return dt.date(year, month, day)


def _time(entry: _Entry, reading: _Reading) -> dt.time:
    numbers = [int(x) for x in re.split(r"[:.]", entry.clock)]
    hour, minute, second = numbers[0], numbers[1], numbers[2] if len(numbers) > 2 else 0
    if entry.marker:
        if 1 <= hour <= 12:
            hour = hour % 12 + (12 if notices.meridiem(entry.marker) == "pm" else 0)
        else:  # "23:59 PM", "00:04 AM": phones do write these; the hour is as stated
            reading.warn(
                entry.number,
                "wa.not_12_hour",
                {"time": f"{entry.clock} {entry.marker}", "hour": hour, "minute": minute},
            )
    return dt.time(hour, minute, second)


# --- messages -----------------------------------------------------------------------------------


def _attachments(body: str, media: dict[str, Attachment], kind) -> list[Attachment]:
    """The files a message names (normalised body), found in `media` when the export has them."""
    names = [m["name"].strip() for m in notices.ATTACHED.finditer(body)]
    first = body.split("\n", 1)[0].strip()
    attached = notices.FILE_ATTACHED.match(first)
    if attached and (
        attached["name"] in media
        or notices.WHATSAPP_MEDIA_NAME.match(attached["name"])
        or notices.file_attached_words(attached["words"])
    ):
        names.append(attached["name"].strip())
    found = [media.get(n) or Attachment(name=n, open=None, kind=_kind(n)) for n in names]
    if kind is notices.MEDIA_OMITTED and not found:
        found.append(Attachment(name=_("media"), open=None, kind="file", placeholder=True))
    return found


def _message(entry: _Entry, sent_at: dt.datetime, media, reading: _Reading, seen):
    """The message an entry holds, or None when it is a notice (then listed as skipped)."""
    sender, separator, body = entry.rest.partition(": ")
    if not separator and entry.rest.endswith(":"):
        sender, separator, body = entry.rest[:-1], ":", ""
    if not separator or len(sender) > 80 or notices.looks_like_event(sender):
        return None, notices.notice_kind(entry.rest)
    sender = sender.strip()
    # The verbatim body: after the ": " that ends the sender in the line as written.
    cut = entry.rest_raw.find(": ")
    body_raw = entry.rest_raw[cut + 2 :] if cut >= 0 else ""
    text = "\n".join([body_raw, *entry.following])
    kind = notices.body_kind(
        "\n".join([body, *(notices.normalise(x) for x in entry.following)]),
        marked=body_raw.startswith(_MARKS),
    )
    if kind is not None and kind.skipped:
        return None, kind
    attachments = _attachments(body, media, kind)
    if not text.strip() and not attachments:
        return None, notices.EMPTY
    rest = "\n".join([entry.rest_raw, *entry.following])
    identity = f"{sent_at.isoformat()}|{sender}|{hashlib.sha256(rest.encode()).hexdigest()}"
    seen[identity] = seen.get(identity, 0) + 1
    if kind is not None:
        reading.summary.kinds[kind.code] = reading.summary.kinds.get(kind.code, 0) + 1
    return (
        Message(
            key=f"whatsapp:{identity}|{seen[identity]}",
            sent_at=sent_at,
            sender=sender,
            sender_id=sender,
            text=text,
            attachments=attachments,
            where=reading.where(entry.number),
            place=reading.at(entry.number),
        ),
        kind,
    )


def _first(pair: tuple[int, Problem]) -> int:
    return pair[0]


def read_chat_text(
    text: str,
    *,
    file_name: str,
    media: dict[str, Attachment],
    time_zone: str = "",
    date_order: str = "",
) -> tuple[list[Message], ImportSummary]:
    """The messages of a chat export's text, and the accounting of every one of its lines."""
    zone = ZoneInfo(time_zone or settings.TIME_ZONE or "UTC")
    media = {notices.normalise(name).strip(): a for name, a in media.items()}
    reading = _Reading(file_name)
    lines = _split_lines(text)
    reading.summary.entries = len(lines)
    entries = _entries(lines, reading)
    if not entries:
        raise ImportRefused([Problem.of([["file", file_name]], "wa.no_messages")])
    orders = _orders(entries, date_order, reading)
    messages: list[Message] = []
    seen: dict[str, int] = {}
    for entry, order in zip(entries, orders, strict=True):
        try:
            local = dt.datetime.combine(_date(entry, order, reading), _time(entry, reading))
        except _NotGregorian as exc:
            reading.refuse(entry.number, "wa.not_gregorian", exc.year)
            continue
        except ValueError:
            when = f"{entry.date} {entry.marker} {entry.clock}".replace("  ", " ")
            reading.refuse(entry.number, "wa.not_date_time", when)
            continue
        message, kind = _message(entry, local.replace(tzinfo=zone), media, reading, seen)
        if message is None:
            reading.skip(entry.number, [f"notice.{kind.code}"])
            for offset in range(1, len(entry.following) + 1):
                reading.skip(entry.number + offset, ["continuation", entry.number])
            continue
        messages.append(message)
        reading.summary.continuations += len(entry.following)
    if reading.problems:
        raise ImportRefused(reading.problems)
    reading.summary.read = len(messages)
    reading.summary.skips = [problem for _number, problem in sorted(reading.skips, key=_first)]
    return messages, reading.summary


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportRefused([Problem.of([["file", name]], "not_text")]) from exc


def read_export(
    path: Path, *, time_zone: str = "", date_order: str = "", folder: Path | None = None
) -> tuple[list[Message], ImportSummary]:
    """The messages of the export at `path` (the chat .txt, or the .zip holding it and its
    media, expanded into `folder`), and the accounting of its lines."""
    path = Path(path)
    if not path.is_file():
        raise ImportRefused([Problem.of([["file", str(path)]], "no_such_file")])
    if zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
        if folder is None:
            raise ValueError("a zip needs a folder to be expanded into")
        members = extract_zip(path, folder / "zip", flat=True)
        texts = [n for n in members if n.lower().endswith(".txt")]
        if not texts:
            raise ImportRefused([Problem.of([["file", path.name]], "wa.no_chat_txt")])
        chat_name = next((n for n in texts if Path(n).name == "_chat.txt"), texts[0])
        media = {
            Path(name).name: Attachment.from_path(Path(name).name, target, kind=_kind(name))
            for name, target in members.items()
            if name != chat_name
        }
        where = f"{path.name}, {chat_name}"
        text = _decode(members[chat_name].read_bytes(), where)
        return read_chat_text(
            text, file_name=where, media=media, time_zone=time_zone, date_order=date_order
        )
    media = {
        p.name: Attachment.from_path(p.name, p, kind=_kind(p.name))
        for p in path.parent.iterdir()
        if p.is_file() and p != path
    }
    text = _decode(path.read_bytes(), path.name)
    return read_chat_text(
        text, file_name=path.name, media=media, time_zone=time_zone, date_order=date_order
    )


def import_whatsapp(
    *,
    actor,
    organisation,
    path,
    reporter_relation: str = ReporterRelation.UNKNOWN,
    time_zone: str = "",
    date_order: str = "",
    batch_size: int = 200,
    progress: Progress | None = None,
) -> ImportSummary:
    with tempfile.TemporaryDirectory() as folder:
        messages, accounting = read_export(
            Path(path), time_zone=time_zone, date_order=date_order, folder=Path(folder)
        )
        summary = chat_summary(messages, accounting)
        return store_messages(
            actor=actor,
            organisation=organisation,
            source=SourceItem.Source.WHATSAPP,
            channel=Channel.WHATSAPP,
            reporter_relation=reporter_relation,
            messages=messages,
            summary=summary,
            batch_size=batch_size,
            progress=progress,
        )
