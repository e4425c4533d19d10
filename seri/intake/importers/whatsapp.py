"""WhatsApp chat exports ("Export chat", with or without media): the `.txt` file, or the `.zip`
holding it and the media files.

Phones write the date and time the way their locale does: `31/12/2025, 21:41 - Name: text`
(Android), `[31/12/25, 9:41:05 PM] Name: text` (iPhone), `31.12.25, 21:41`, `2025-12-31`,
12- or 24-hour clocks, a narrow no-break space before AM/PM. The day/month order is read from
the whole file (a first number above 12 is a day); when no date can tell, AM/PM suggests a US
phone (month first), else day first, unless `date_order` says otherwise.

A message's key is its time, its sender, its text and how many identical messages came before
it: the same chat exported again later (with more messages) gives the same keys.
"""

import datetime as dt
import hashlib
import re
import tempfile
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from seri.intake.importers.archives import open_zip
from seri.intake.importers.common import (
    Attachment,
    ImportRefused,
    ImportSummary,
    Message,
    Problem,
    Progress,
    chat_summary,
    store_messages,
)
from seri.intake.models import Channel, ReporterRelation, SourceItem

_DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[\s\u202f\u00a0]?(?:[AaPp]\.?\s?[Mm]\.?))?"
_HEADERS = [
    # iPhone: [31/12/25, 21:41:05] Name: text
    re.compile(rf"^[\u200e\u200f]?\[(?P<date>{_DATE}),?\s(?P<time>{_TIME})\]\s(?P<rest>.*)$"),
    # Android: 31/12/2025, 21:41 - Name: text
    re.compile(
        rf"^[\u200e\u200f]?(?P<date>{_DATE}),?\s(?P<time>{_TIME})\s[-\u2013]\s(?P<rest>.*)$"
    ),
]
_ATTACHED = re.compile(r"<attached:\s*(?P<name>[^>]+)>")
_FILE_ATTACHED = re.compile(
    r"^(?P<name>\S.*?\.\w{2,5})\s\((?:file attached|archivo adjunto|"
    r"fichier joint|Datei angehängt|arquivo anexado)\)",
    re.MULTILINE,
)
_OMITTED = re.compile(r"^<Media omitted>$|^(?:image|video|audio|sticker|GIF|document) omitted$")
_KINDS = {
    "PHOTO": "photo",
    "IMG": "photo",
    "VID": "video",
    "VIDEO": "video",
    "AUDIO": "voice",
    "PTT": "voice",
    "AUD": "voice",
}


def _kind(name: str) -> str:
    stem = Path(name).name.upper()
    for marker, kind in _KINDS.items():
        if marker in stem:
            return kind
    return "file"


class _Line:
    __slots__ = ("date", "number", "rest", "time")

    def __init__(self, number, date, time, rest):
        self.number, self.date, self.time, self.rest = number, date, time, rest


def _date_order(dates: list[str], has_ampm: bool, preferred: str) -> str:
    parts = [re.split(r"[./-]", d) for d in dates]
    if all(len(p[0]) == 4 for p in parts):
        return "ymd"
    if any(int(p[0]) > 12 for p in parts):
        return "dmy"
    if any(int(p[1]) > 12 for p in parts):
        return "mdy"
    return preferred or ("mdy" if has_ampm else "dmy")


def _parse_time(value: str) -> dt.time:
    value = value.replace("\u202f", " ").replace("\u00a0", " ").replace(".", ":")
    match = re.match(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s?(?:([AaPp]):?\s?[Mm]:?)?$", value.strip())
    if not match:
        raise ValueError(value)
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            raise ValueError(value)
        hour = hour % 12 + (12 if match[4].lower() == "p" else 0)
    return dt.time(hour, minute, second)


def _parse_date(value: str, order: str) -> dt.date:
    a, b, c = (int(x) for x in re.split(r"[./-]", value))
    year, month, day = {"ymd": (a, b, c), "dmy": (c, b, a), "mdy": (c, a, b)}[order]
    if year < 100:
        year += 2000
    return dt.date(year, month, day)


def read_chat_text(
    text: str,
    *,
    file_name: str,
    media: dict[str, Attachment],
    time_zone: str = "",
    date_order: str = "",
) -> tuple[list[Message], int]:
    """The messages of a chat export's text, and how many system messages were left out."""
    zone = ZoneInfo(time_zone or settings.TIME_ZONE)
    lines: list[_Line] = []
    for number, raw in enumerate(text.splitlines(), 1):
        for header in _HEADERS:
            match = header.match(raw)
            if match:
                lines.append(_Line(number, match["date"], match["time"], match["rest"]))
                break
        else:
            if not lines:
                if not raw.strip():
                    continue
                raise ImportRefused(
                    [
                        Problem(
                            _("%(file)s, line %(line)d") % {"file": file_name, "line": number},
                            _("not a WhatsApp chat line in any known date and time format"),
                        )
                    ]
                )
            lines[-1].rest += "\n" + raw
    if not lines:
        raise ImportRefused([Problem(file_name, _("no messages in this file"))])
    has_ampm = any(re.search(r"[AaPp]\.?\s?[Mm]", line.time) for line in lines)
    order = _date_order([line.date for line in lines], has_ampm, date_order)
    messages, skipped, problems = [], 0, []
    seen: dict[str, int] = {}
    for line in lines:
        where = _("%(file)s, line %(line)d") % {"file": file_name, "line": line.number}
        try:
            local = dt.datetime.combine(_parse_date(line.date, order), _parse_time(line.time))
        except ValueError:
            problems.append(
                Problem(where, _("“%s” is not a date and time") % f"{line.date} {line.time}")
            )
            continue
        sent_at = local.replace(tzinfo=zone)
        sender, separator, body = line.rest.partition(": ")
        if not separator or len(sender) > 80 or "\n" in sender:
            skipped += 1  # "Messages and calls are end-to-end encrypted", "X joined", …
            continue
        if body.startswith(("\u200e", "\u200f")) and not _ATTACHED.search(body):
            skipped += 1  # iPhone marks system messages with a left-to-right mark
            continue
        body = body.lstrip("\u200e\u200f")
        attachments = []
        for pattern in (_ATTACHED, _FILE_ATTACHED):
            for found in pattern.finditer(body):
                name = found["name"].strip()
                attachments.append(
                    media.get(name) or Attachment(name=name, open=None, kind=_kind(name))
                )
            body = pattern.sub("", body).strip()
        if _OMITTED.match(body):
            attachments.append(Attachment(name=_("media"), open=None, kind="file"))
            body = ""
        if not body and not attachments:
            skipped += 1
            continue
        identity = (
            f"{sent_at.isoformat()}|{sender}|{hashlib.sha256(line.rest.encode()).hexdigest()}"
        )
        seen[identity] = seen.get(identity, 0) + 1
        messages.append(
            Message(
                key=f"whatsapp:{identity}|{seen[identity]}",
                sent_at=sent_at,
                sender=sender,
                sender_id=sender,
                text=body,
                attachments=attachments,
                where=where,
            )
        )
    if problems:
        raise ImportRefused(problems)
    return messages, skipped


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportRefused([Problem(name, _("not a text file in UTF-8 or UTF-16"))]) from exc


def read_export(
    path: Path, *, time_zone: str = "", date_order: str = "", folder: Path | None = None
):
    path = Path(path)
    if not path.is_file():
        raise ImportRefused([Problem(str(path), _("no such file"))])
    if zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
        archive = open_zip(path)
        texts = [n for n in archive.namelist() if n.lower().endswith(".txt")]
        if not texts:
            raise ImportRefused([Problem(path.name, _("no chat .txt file in the zip"))])
        chat_name = next((n for n in texts if Path(n).name == "_chat.txt"), texts[0])
        assert folder is not None
        media = {}
        for info in archive.infolist():
            if info.is_dir() or info.filename == chat_name:
                continue
            target = folder / hashlib.sha256(info.filename.encode()).hexdigest()
            target.write_bytes(archive.read(info))
            name = Path(info.filename).name
            media[name] = Attachment.from_path(name, target, kind=_kind(name))
        text = _decode(archive.read(chat_name), f"{path.name}, {chat_name}")
        return read_chat_text(
            text,
            file_name=f"{path.name}, {chat_name}",
            media=media,
            time_zone=time_zone,
            date_order=date_order,
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
        messages, skipped = read_export(
            Path(path), time_zone=time_zone, date_order=date_order, folder=Path(folder)
        )
        summary = chat_summary(messages, skipped)
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
