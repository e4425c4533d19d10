"""Telegram Desktop chat exports in HTML, the format the export dialog chooses by default:
`messages.html`, `messages2.html`, … beside the `photos/`, `files/`, … folders (one chat), or
the whole-account export with one `chats/chat_NNN/` folder per chat. Read with tinyhtml5, the
HTML5 parser WeasyPrint uses (docs/decisions/0035-telegram-html-exports.md).

Every `<div class="message …">` of every page ends as a message or a listed skip: a date
divider, a service entry ("X joined the group"), an empty message; `read + skipped ==
entries`, as for JSON. A "joined" message (the same sender again) takes the sender of the one
above it. Forwarded and reply headers, links, polls, locations and contacts are kept as text;
files in the export become attachments, files the export left out are named with a warning.

An HTML export holds no chat id: a message's key is the chat's name and the message id, so the
same chat exported again as HTML adds only what is new, but the same chat imported once as HTML
and once as JSON is stored twice.
"""

import datetime as dt
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import tinyhtml5
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seri.intake.importers.common import (
    Attachment,
    ImportRefused,
    ImportSummary,
    Message,
    Problem,
    register_texts,
)

register_texts(
    {
        "date_divider": gettext_lazy("date divider: %s"),
        "tgh.no_history": gettext_lazy(
            "not a page of a Telegram HTML export (no message history in it)"
        ),
        "tgh.no_date": gettext_lazy("a message without its date and time"),
        "tgh.no_pages": gettext_lazy("no messages.html in this export"),
    }
)

PAGE = re.compile(r"^messages(\d*)\.html$")
_ID = re.compile(r"^message(-?\d+)$")
# "09.03.2026 14:45:06 UTC+07:00"; exports before 2021 wrote no offset (the computer's time).
_TITLE = re.compile(
    r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*UTC\s*(?P<sign>[+-])(?P<oh>\d{1,2}):?(?P<om>\d{2}))?"
)
_REPLY = re.compile(r"go_to_message(\d+)")
# Media blocks by their class: what kind of attachment a link to a file in the export is.
_KINDS = {
    "photo_wrap": "photo",
    "media_photo": "photo",
    "video_file_wrap": "video",
    "media_video": "video",
    "animated_wrap": "video",
    "media_animation": "video",
    "video_message_wrap": "video",
    "media_voice_message": "voice",
    "media_audio_file": "audio",
    "sticker_wrap": "sticker",
    "media_file": "file",
    "media_contact": "contact",
}


def _classes(element: Element) -> set[str]:
    return set((element.get("class") or "").split())


def _children(element: Element, name: str) -> list[Element]:
    """Direct children with the class `name`."""
    return [child for child in element if name in _classes(child)]


def _find(element: Element, name: str) -> Element | None:
    for child in element.iter():
        if name in _classes(child):
            return child
    return None


def _text(element: Element | None, *, compact: bool = False) -> str:
    """What a block says, as plain text: line breaks kept, links with their address;
    `compact`: without the empty lines the page's layout puts between blocks."""
    if element is None:
        return ""
    out: list[str] = []

    def walk(node: Element) -> None:
        if node.tag == "br":
            out.append("\n")
        elif node.text:
            out.append(node.text)
        if node.tag != "br":
            for child in node:
                walk(child)
        if node.tag == "a":
            href = node.get("href") or ""
            shown = "".join(node.itertext()).strip()
            if href.startswith(("http:", "https:", "tg:", "mailto:")) and href != shown:
                out.append(f" ({href})")
        if node.tail:
            out.append(node.tail)

    out.append(element.text or "")
    for child in element:
        walk(child)
    lines = [line.strip() for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line or not compact).strip()


def _sender(body: Element) -> str:
    name = next(iter(_children(body, "from_name")), None)
    if name is None:
        return ""
    for detail in _children(name, "details"):  # "via @bot", the forwarded date
        detail.text = ""
        detail.clear()
    return " ".join(_text(name).split())


def _time(body: Element, zone) -> dt.datetime | None:
    stamp = next(iter(_children(body, "date")), None)
    match = _TITLE.search(stamp.get("title") or "") if stamp is not None else None
    if match is None:
        return None
    second = int(match["S"] or 0)
    tz = zone
    if match["sign"]:
        offset = dt.timedelta(hours=int(match["oh"]), minutes=int(match["om"]))
        tz = dt.timezone(offset if match["sign"] == "+" else -offset)
    try:
        return dt.datetime(
            int(match["y"]),
            int(match["m"]),
            int(match["d"]),
            int(match["H"]),
            int(match["M"]),
            second,
            tzinfo=tz,
        )
    except ValueError:
        return None


class _Page:
    """One page being read: where it is, and the export's folder its links are relative to."""

    def __init__(self, path: Path, root: Path, summary: ImportSummary):
        self.path = path
        self.root = root
        self.name = path.relative_to(root).as_posix()
        self.summary = summary
        self.problems: list[Problem] = []

    def place(self, message_id: str) -> list:
        return [["file", self.name], ["message_id", message_id]]

    def skip(self, message_id: str, reason: list) -> None:
        self.summary.skipped += 1
        self.summary.skips.append(Problem.coded(self.place(message_id), reason))

    def file(self, href: str, kind: str) -> Attachment | None:
        """The attachment a link names, when it is a file inside the export."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        relative = PurePosixPath(unquote(parts.path))
        path = (self.path.parent / relative).resolve()
        if self.root.resolve() not in path.parents:  # "../../etc/passwd" in a crafted page
            return None
        return Attachment.from_path(relative.as_posix(), path, kind=kind)


def _media(page: _Page, body: Element) -> tuple[list[Attachment], list[str]]:
    """The files a message carries, and what its media blocks say besides (a poll, a place,
    a contact, a file the export left out)."""
    attachments: list[Attachment] = []
    said: list[str] = []
    forwarded = _children(body, "forwarded")
    for wrap in _children(body, "media_wrap") + [
        w for f in forwarded for w in _children(f, "media_wrap")
    ]:
        for block in wrap.iter():
            classes = _classes(block)
            kind = next((k for c, k in _KINDS.items() if c in classes), None)
            if block.tag == "a" and block.get("href"):
                href = block.get("href") or ""
                found = page.file(href, kind or "file") if kind or "media" in classes else None
                if found is not None:
                    attachments.append(found)
                    continue
                if "media_location" in classes or href.startswith(("http:", "https:")):
                    said.append(f"{_text(block, compact=True)} ({href})".strip())
                    continue
            if kind == "contact" or (kind and "media_location" in classes):
                said.append(_text(block, compact=True).replace("\n", ", "))  # name, number
                continue
            if kind and block.tag == "div" and "media" in classes:
                # A file the export left out: "Photo — Not included, change data exporting
                # settings to download."
                title = _text(_find(block, "title")) or kind
                attachments.append(Attachment(name=title, open=None, kind=kind))
        if not attachments and not said and (text := _text(wrap, compact=True)):
            said.append(text)  # a poll, a game, an invoice: its words
    return attachments, said


def _message_text(body: Element) -> str:
    parts = []
    reply = next(iter(_children(body, "reply_to")), None)
    if reply is not None:
        link = reply.find(".//a")
        target = _REPLY.search(link.get("href") or "") if link is not None else None
        if target:
            parts.append(_("[reply to message %s]") % target[1])
    forwarded = next(iter(_children(body, "forwarded")), None)
    if forwarded is not None:
        parts.append(_("[forwarded from %s]") % _sender(forwarded))
        text = next(iter(_children(forwarded, "text")), None)
    else:
        text = next(iter(_children(body, "text")), None)
    prefix = " ".join(parts)
    words = _text(text)
    return f"{prefix} {words}".strip() if prefix and words else prefix or words


def read_page(
    page: _Page, chat_key: str, zone, sender: str = ""
) -> tuple[list[Message], str, list[Problem]]:
    """The messages of one page, counted in the summary; the last sender (a "joined" message
    at the top of the next page is theirs), and the problems found."""
    try:
        text = page.path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], sender, [Problem.of([["file", page.name]], "tg.not_utf8", exc.start)]
    document = tinyhtml5.parse(text, namespace_html_elements=False)
    history = _find(document, "history")
    if history is None:
        return [], sender, [Problem.of([["file", page.name]], "tgh.no_history")]
    messages, problems = [], []
    entries = [e for e in history.iter("div") if "message" in _classes(e)]
    page.summary.entries += len(entries)
    for number, entry in enumerate(entries, 1):
        classes = _classes(entry)
        found = _ID.match(entry.get("id") or "")
        message_id = found[1] if found else str(number)
        body = next(iter(_children(entry, "body")), entry)
        if "default" not in classes:
            notice = " ".join(_text(body).split())
            if message_id.startswith("-"):
                page.skip(message_id, ["date_divider", notice])
            else:
                page.skip(message_id, ["service_entry", notice])
                sender = ""  # the exporter never joins across a service entry
            continue
        sent_at = _time(body, zone)
        if sent_at is None:
            problems.append(Problem.of(page.place(message_id), "tgh.no_date"))
            continue
        if "joined" not in classes or not sender:
            sender = _sender(body) or sender
        attachments, said = _media(page, body)
        words = "\n".join(t for t in [_message_text(body), *said] if t)
        if not words and not attachments:
            page.skip(message_id, ["empty_message"])
            continue
        who = sender or _("(unknown sender)")
        messages.append(
            Message(
                key=f"telegram:html:{chat_key}:{message_id}",
                sent_at=sent_at,
                sender=who,
                sender_id=who,
                text=words,
                attachments=attachments,
                where=f"{page.name}, " + _("message id %s") % message_id,
                place=page.place(message_id),
            )
        )
    return messages, sender, problems


def _page_order(path: Path) -> int:
    match = PAGE.match(path.name)
    return int(match[1] or 1) if match else 0


def chat_folders(root: Path) -> list[Path]:
    """Each folder of the export holding a chat's pages: the export itself, or the
    whole-account export's chats/chat_NNN/."""
    folders = sorted({p.parent for p in root.rglob("messages*.html") if PAGE.match(p.name)})
    return folders


def _chat_name(first_page: Path) -> str:
    try:
        document = tinyhtml5.parse(
            first_page.read_bytes().decode("utf-8-sig", errors="replace"),
            namespace_html_elements=False,
        )
    except OSError:
        return ""
    header = _find(document, "page_header")
    return " ".join(_text(_find(header, "bold") if header is not None else None).split())


def read_html_export(path: Path, zone) -> tuple[list[Message], ImportSummary]:
    """Every message of an HTML export (the folder holding messages.html, the whole-account
    export, or one page on its own), and the accounting of its entries."""
    summary = ImportSummary(unit="entries")
    if path.is_dir():
        root = path
        chats = [
            sorted((p for p in f.glob("messages*.html") if PAGE.match(p.name)), key=_page_order)
            for f in chat_folders(path)
        ]
    else:
        root = path.parent
        pages = [path]
        if PAGE.match(path.name):
            pages = sorted(
                (p for p in root.glob("messages*.html") if PAGE.match(p.name)), key=_page_order
            )
        chats = [pages]
    if not chats:
        raise ImportRefused([Problem.of([["file", path.name]], "tgh.no_pages")])
    messages: list[Message] = []
    problems: list[Problem] = []
    for pages in chats:
        # The chat's name, and in a whole-account export its folder ("chat_007"), which
        # keeps two chats of one name apart.
        name = _chat_name(pages[0])
        chat_key = name if len(chats) == 1 else f"{pages[0].parent.name}|{name}"
        sender = ""
        for path in pages:
            found, sender, trouble = read_page(_Page(path, root, summary), chat_key, zone, sender)
            messages += found
            problems += trouble
    if problems:
        raise ImportRefused(problems)
    summary.read = len(messages)
    return messages, summary
