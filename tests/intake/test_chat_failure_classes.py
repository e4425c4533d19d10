"""Each failure class of issue 15, reproduced with a two-line export (written before the fix)."""

import json
import os
import zipfile

import pytest
from django.core.management import call_command

from seri.intake.importers.common import ImportRefused
from seri.intake.importers.telegram import import_telegram
from seri.intake.importers.whatsapp import import_whatsapp, read_export
from seri.intake.models import Report, ReportAttachment
from tests.intake.exports import PHOTO

pytestmark = pytest.mark.django_db


def _chat(tmp_path, text, name="chat.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _stored():
    return "\n".join(r.original_text for r in Report.objects.order_by("received_at"))


# --- invisible marks ---------------------------------------------------------------------------


def test_a_message_starting_with_a_left_to_right_mark_is_kept(tmp_path, ngo):
    chat = _chat(
        tmp_path,
        "[29.01.18, 12:24:03] Testa Person: \u200eHallo, wo bist du?\n"
        "[29.01.18, 12:25:03] Testb Person: \u200e+66 81 234 5678\n",
    )
    assert import_whatsapp(actor=None, organisation=ngo, path=chat).created == 2
    assert "+66 81 234 5678" in _stored()


def test_a_line_starting_with_a_byte_order_mark_is_a_message_of_its_own(tmp_path, ngo):
    chat = _chat(
        tmp_path,
        "29/01/2018, 12:24 - Messages and calls are end-to-end encrypted.\n"
        "\ufeff29/01/2018, 12:25 - Testa Person: I am in building C\n",
    )
    summary = import_whatsapp(actor=None, organisation=ngo, path=chat)
    assert summary.created == 1
    assert "I am in building C" in _stored()


def test_a_byte_order_mark_inside_the_bracket(tmp_path, ngo):
    chat = _chat(
        tmp_path,
        "[\ufeff29.01.18, 12:24:03] Testa Person: eins\n[29.01.18, 12:24:09] Testa Person: zwei\n",
    )
    assert import_whatsapp(actor=None, organisation=ngo, path=chat).created == 2


def test_an_attachment_name_with_a_mark_finds_its_file(tmp_path, ngo):
    chat = _chat(
        tmp_path,
        "02/03/2026, 10:02 - Testa Person: \u200eIMG-20260302-WA0001.jpg (file attached)\n"
        "02/03/2026, 10:03 - Testa Person: that is the gate\n",
    )
    (tmp_path / "IMG-20260302-WA0001.jpg").write_bytes(PHOTO)
    import_whatsapp(actor=None, organisation=ngo, path=chat)
    assert ReportAttachment.objects.count() == 1


# --- odd times ---------------------------------------------------------------------------------


@pytest.mark.parametrize("stamp", ["23:59 PM", "00:04 AM", "00:08 a. m."])
def test_an_impossible_12_hour_stamp_is_read_as_stated(tmp_path, ngo, stamp):
    chat = _chat(
        tmp_path,
        f"3/2/26, {stamp} - Testa Person: help\n3/2/26, 11:00 PM - Testa Person: again\n",
    )
    summary = import_whatsapp(actor=None, organisation=ngo, path=chat)
    assert summary.created == 2
    assert summary.warnings


# --- date order --------------------------------------------------------------------------------


def test_one_file_mixing_date_orders(tmp_path, ngo):
    chat = _chat(
        tmp_path,
        "6/30/23, 10:00 - Testa Person: first\n30/6/2023, 10:01 - Testa Person: second\n",
    )
    assert import_whatsapp(actor=None, organisation=ngo, path=chat).created == 2
    dates = {r.received_at.date().isoformat() for r in Report.objects.all()}
    assert dates == {"2023-06-30"}


def test_date_order_overrides_what_numbers_above_12_say(tmp_path, ngo):
    chat = _chat(
        tmp_path,
        "4/3/23, 10:00 - Testa Person: first\n13/3/23, 10:01 - Testa Person: second\n",
    )
    summary = import_whatsapp(actor=None, organisation=ngo, path=chat, date_order="mdy")
    assert summary.created == 2
    assert Report.objects.order_by("received_at").first().received_at.month == 4
    assert any("line 2" in p.where for p in summary.warnings)


# --- layouts -----------------------------------------------------------------------------------


def test_time_first_layout(tmp_path, ngo):
    chat = _chat(
        tmp_path,
        "[14:56:01, 3/18/22] Testa Nguyen: Em bị giữ ở đây\n[14:57:01, 3/18/22] Testa Nguyen: ok\n",
    )
    assert import_whatsapp(actor=None, organisation=ngo, path=chat).created == 2
    assert Report.objects.first().received_at.date().isoformat() == "2022-03-18"


@pytest.mark.parametrize("year", ["2565 BE", "2565", "65"])
def test_buddhist_era_years(tmp_path, ngo, year):
    chat = _chat(
        tmp_path,
        f"[18/3/{year}, 14:56:01] Testa Saetang: ช่วยด้วย\n[18/3/{year}, 14:57:01] Testa: ok\n",
    )
    import_whatsapp(actor=None, organisation=ngo, path=chat)
    assert {r.received_at.year for r in Report.objects.all()} == {2022}


@pytest.mark.parametrize(
    ("header", "hour"),
    [
        ("2022/3/18 下午2:56", 14),
        ("18/3/2565 2:56 หลังเที่ยง", 14),
        ("18/3/22 2:56 CH", 14),
        ("18/3/22 2:56 ល្ងាច", 14),
        ("18/3/22 2:56 ညနေ", 14),
        ("18/3/22 9:56 a. m.", 9),
        ("១៨/៣/២២ ១៤:៥៦", 14),
        ("๑๘/๓/๒๒ ๑๔:๕๖", 14),
        ("18-03-2022 14:56", 14),
    ],
)
def test_12_hour_markers_and_digits_of_the_region(tmp_path, ngo, header, hour):
    chat = _chat(tmp_path, f"{header} - Testa Person: help\n{header} - Testa Person: again\n")
    assert import_whatsapp(actor=None, organisation=ngo, path=chat).created == 2
    report = Report.objects.get()
    local = report.received_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Phnom_Penh"))
    assert (local.date().isoformat(), local.hour) == ("2022-03-18", hour)


# --- placeholders and notices ------------------------------------------------------------------


@pytest.mark.parametrize(
    "placeholder",
    [
        "<Media omitted>",
        "<media omitted>",
        "<Medien ausgelassen>",
        "<Без медиафайлов>",
        "<Multimedia omitido>",
        "<ไม่รวมสื่อ>",
    ],
)
def test_media_placeholders_in_other_languages(tmp_path, ngo, placeholder):
    chat = _chat(
        tmp_path,
        f"02/03/2026, 10:02 - Testa Person: {placeholder}\nthis is the compound gate\n",
    )
    import_whatsapp(actor=None, organisation=ngo, path=chat)
    text = _stored()
    assert "not in the export" in text and "this is the compound gate" in text


@pytest.mark.parametrize(
    "notice",
    [
        "This message was deleted",
        "You deleted this message",
        "null",
        "Missed voice call",
        "Your security code with Testb Person changed. Tap to learn more.",
        "Diese Nachricht wurde gelöscht.",
    ],
)
def test_notices_are_not_stored_as_messages(tmp_path, ngo, notice):
    chat = _chat(
        tmp_path,
        f"02/03/2026, 10:02 - Testa Person: {notice}\n02/03/2026, 10:03 - Testa Person: real\n",
    )
    summary = import_whatsapp(actor=None, organisation=ngo, path=chat)
    assert (summary.created, summary.skipped) == (1, 1)
    assert notice not in _stored()


# --- Telegram ----------------------------------------------------------------------------------


def _telegram(tmp_path, messages, **chat):
    export = {"name": "Testfamily", "type": "personal_chat", "id": 77, "messages": messages}
    export.update(chat)
    (tmp_path / "result.json").write_text(json.dumps(export), encoding="utf-8")
    return tmp_path


def _entry(n, **extra):
    return {
        "id": n,
        "type": "message",
        "date": f"2026-03-02T10:0{n}:00",
        "date_unixtime": str(1772420400 + 60 * n),
        "from": "Testa",
        "from_id": "user1",
        "text": "",
        **extra,
    }


def test_telegram_polls_and_to_do_lists_keep_their_words(tmp_path, ngo):
    folder = _telegram(
        tmp_path,
        [
            _entry(
                1,
                poll={
                    "question": "Which building?",
                    "closed": False,
                    "total_voters": 1,
                    "answers": [
                        {"text": "Building A", "voters": 1, "chosen": True},
                        {"text": "Building B", "voters": 0, "chosen": False},
                    ],
                },
            ),
            _entry(
                2,
                todo_list={
                    "title": "Bring",
                    "items": [{"id": 1, "text": "passport copy"}],
                    "completions": [{"id": 1}],
                },
            ),
        ],
    )
    import_telegram(actor=None, organisation=ngo, path=folder)
    text = _stored()
    for words in ("Which building?", "Building A", "Building B", "Bring", "passport copy"):
        assert words in text


def test_telegram_contact_keeps_its_phone(tmp_path, ngo):
    folder = _telegram(
        tmp_path,
        [
            _entry(
                1,
                contact_information={
                    "first_name": "Test",
                    "last_name": "Recruiter",
                    "phone_number": "+855 12 345 678",
                },
            )
        ],
    )
    import_telegram(actor=None, organisation=ngo, path=folder)
    from seri.intake.reading import suggest

    assert "+85512345678" in {s.value for s in suggest(_stored()) if s.kind == "phone"}


def test_a_channel_in_an_account_export_is_left_out(tmp_path, ngo):
    chats = {
        "chats": {
            "list": [
                {
                    "name": "Family",
                    "type": "personal_chat",
                    "id": 1,
                    "messages": [_entry(1, text="hi")],
                },
                {
                    "name": "News",
                    "type": "public_channel",
                    "id": 2,
                    "messages": [_entry(1, text="ad")],
                },
            ]
        }
    }
    (tmp_path / "result.json").write_text(json.dumps(chats), encoding="utf-8")
    summary = import_telegram(actor=None, organisation=ngo, path=tmp_path)
    assert summary.created == 1


def test_a_minimal_export_without_ids(tmp_path, ngo):
    entries = [_entry(1, text="no ids here"), _entry(2, text="nor here")]
    for e in entries:
        del e["id"]
    (tmp_path / "result.json").write_text(json.dumps({"messages": entries}), encoding="utf-8")
    summary = import_telegram(actor=None, organisation=ngo, path=tmp_path)
    assert summary.created == 2 and summary.warnings
    assert import_telegram(actor=None, organisation=ngo, path=tmp_path).created == 0


# --- archives ----------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_fills_the_disk(tmp_path, ngo, settings):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_chat.txt", "02/03/2026, 10:02 - Testa Person: hi\n")
        z.writestr("IMG-20260302-WA0001.jpg", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(ImportRefused):
        import_whatsapp(actor=None, organisation=ngo, path=archive)
    assert not Report.objects.exists()


def _link(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = 0o120777 << 16  # a symbolic link, as zip -y writes it
    return info


@pytest.mark.parametrize("member", ["../evil.jpg", "/var/evil.jpg", "C:/evil.jpg", "link.jpg"])
@pytest.mark.parametrize("kind", ["whatsapp", "telegram"])
def test_members_outside_the_zip_are_refused_alike(tmp_path, ngo, member, kind):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        if kind == "whatsapp":
            z.writestr("_chat.txt", "02/03/2026, 10:02 - Testa Person: hi\n")
        else:
            z.writestr("result.json", json.dumps({"id": 1, "messages": []}))
        if member == "link.jpg":
            z.writestr(_link(member, "/etc/passwd"), "/etc/passwd")
        else:
            z.writestr(member, PHOTO)
    importer = import_whatsapp if kind == "whatsapp" else import_telegram
    with pytest.raises(ImportRefused, match="outside the zip") as refused:
        importer(actor=None, organisation=ngo, path=archive)
    assert refused.value.problems[0].where == f"export.zip, {member}"
    assert not Report.objects.exists()


def test_the_cap_counts_the_bytes_really_written(tmp_path, ngo, settings):
    """Incompressible media under the ratio, over the total: refused, and nothing is left."""
    settings.SERI_IMPORT_MAX_UNPACKED_MB = 2
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_chat.txt", "02/03/2026, 10:02 - Testa Person: hi\n")
        for n in range(3):
            z.writestr(f"VID-20260302-WA000{n}.mp4", os.urandom(1024 * 1024))
    folder = tmp_path / "work"
    folder.mkdir()
    with pytest.raises(ImportRefused, match="more than 2 MB"):
        read_export(archive, folder=folder)
    assert list(folder.iterdir()) == []


# --- the command -------------------------------------------------------------------------------


def test_the_command_prints_where_every_line_went(tmp_path, ngo, capsys):
    chat = _chat(
        tmp_path,
        "02/03/2026, 10:01 - Messages and calls are end-to-end encrypted.\n"
        "02/03/2026, 10:02 - Testa Person: help\nsecond line\n"
        "02/03/2026, 10:03 - Testa Person: This message was deleted\n",
    )
    call_command("import", "whatsapp", str(chat), "--org", ngo.short_name)
    out = capsys.readouterr().out
    assert "Lines: 4 = 1 messages + 1 continuation lines + 2 skipped" in out
    assert "chat.txt, line 1: encryption notice" in out
    assert "chat.txt, line 4: deleted message" in out
    call_command("import", "whatsapp", str(chat), "--org", ngo.short_name)
    assert "Already present: 1" in capsys.readouterr().out
    assert Report.objects.count() == 1


def test_channels_only_when_asked(tmp_path, ngo, capsys):
    channel = {"name": "News", "type": "public_channel", "id": 2, "messages": [_entry(1, text="x")]}
    chats = {"chats": {"list": [channel]}}
    (tmp_path / "result.json").write_text(json.dumps(chats), encoding="utf-8")
    call_command("import", "telegram", str(tmp_path), "--org", ngo.short_name)
    assert "--include-channels" in capsys.readouterr().out
    assert not Report.objects.exists()
    call_command("import", "telegram", str(tmp_path), "--org", ngo.short_name, "--include-channels")
    assert "Created: 1" in capsys.readouterr().out
