"""Screenshots of each journey's key page for docs/user-guide.md, taken from a real Seri.

    .venv/bin/python scripts/screenshots.py [--out docs/img] [--only tasks] [--people 40]

Loads the demo into a temporary data directory (`seri demo`), starts `seri serve` on a free
port, adds what the journeys show (a case with consent and notes, tasks falling due, a report
from the public form waiting in triage, a referral sharing chosen sections), logs in through
the login and second-factor pages as the demo caseworker and the demo embassy liaison, and
photographs each page at 1280 px (a desk) and 390 px (a phone) in English, 中文 or ខ្មែរ with
Debian's Chromium. The PNGs are reduced to 256 colours with Pillow.

While it walks, it reports what a reader would trip over: console errors, a page wider than
the screen, and interface text (labels, buttons, headings) in English on a Chinese or Khmer
page, and Khmer, Thai, Burmese, Bengali, Chinese or Korean text drawn without the shipped
fonts (boxes where the viewer has none). Everything is synthetic; the data directory is
removed at the end.
"""

import argparse
import datetime as dt
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAIN_ORG = "LICADHO"  # the demo's main organisation (seri.demo.coalition.MAIN_NGO)
DESK, PHONE = 1280, 390
HEIGHT = {DESK: 800, PHONE: 844}


@dataclass(frozen=True)
class Shot:
    name: str  # docs/img/<name>-<language>-<width>.png
    user: str | None  # None: not logged in
    language: str
    width: int
    height: int = 0  # taller than the screen, to show a whole form
    path: str = ""  # --check: a page only looked at, with no picture taken

    @property
    def viewport(self) -> dict:
        return {"width": self.width, "height": self.height or HEIGHT[self.width]}


# The journeys, each at a desk in English and on a phone in Chinese or Khmer (and a few more
# where the other language shows something): about twenty files.
SHOTS = [
    Shot("dashboard", "demo-caseworker", "en", DESK),
    Shot("dashboard", "demo-caseworker", "zh-hans", PHONE),
    Shot("intake-duplicate", "demo-caseworker", "en", DESK),
    Shot("intake-duplicate", "demo-caseworker", "zh-hans", PHONE),
    Shot("person-edit", "demo-caseworker", "en", DESK),
    Shot("person-edit", "demo-caseworker", "km", PHONE),
    Shot("public-form", None, "km", PHONE),
    Shot("public-form", None, "zh-hans", DESK),
    Shot("triage-open", "demo-caseworker", "en", DESK, height=1500),
    Shot("triage-open", "demo-caseworker", "km", PHONE),
    Shot("case", "demo-caseworker", "en", DESK, height=1100),
    Shot("case", "demo-caseworker", "zh-hans", PHONE),
    Shot("refer-sections", "demo-caseworker", "en", DESK),
    Shot("refer-sections", "demo-caseworker", "zh-hans", PHONE),
    Shot("partner-view", "demo-embassy", "en", DESK),
    Shot("partner-view", "demo-embassy", "km", PHONE),
    Shot("tasks", "demo-caseworker", "en", DESK),
    Shot("tasks", "demo-caseworker", "km", PHONE),
    Shot("notices", "demo-caseworker", "en", DESK),
    Shot("notices", "demo-caseworker", "zh-hans", PHONE),
    Shot("search", "demo-caseworker", "km", DESK, height=600),
]

# --check: more pages, looked at for English, overflow and console errors.
CHECKED = [
    (None, "/login/"),
    ("demo-caseworker", "/cases/"),
    ("demo-caseworker", "/intake/"),
    ("demo-caseworker", "/intake/triage/"),
    ("demo-caseworker", "/referrals/"),
    ("demo-caseworker", "/compounds/"),
    ("demo-caseworker", "/linkage/"),
    ("demo-caseworker", "/stats/"),
    ("demo-caseworker", "/cases/{known}/edit/"),
    ("demo-caseworker", "/intake/cases/{known}/report/"),
    ("demo-caseworker", "/account/tokens/"),
    ("demo-caseworker", "/password/"),
    ("demo-embassy", "/referrals/"),
    ("demo-embassy", "/"),
    ("demo-admin", "/users/"),
    ("demo-admin", "/channels/"),
    ("demo-admin", "/intake/import/"),
    ("demo-caseworker", "/cases/{known}/person/"),
    ("demo-admin", "/audit/people/{known_person}/"),  # list views found through their subjects
    ("demo-caseworker", "/work/tasks/"),
    ("demo-investigator", "/compounds/map/"),
    ("demo-investigator", "/evidence/{evidence}/"),
    ("demo-investigator", "/evidence/capture/?compound={compound}"),
    ("demo-coordinator", "/stats/"),
    ("demo-coordinator", "/stats/estimate/"),
    (None, "/intake/report/?lang=km"),
]

# Interface text: what a page's own words are made of (people's data is in other elements).
INTERFACE = (
    "label, button, h1, h2, h3, th, dt, summary, legend, .helptext, .help, #main-nav a, "
    ".user-menu a, .message"
)
# Text in a script the shipped fonts are there for, drawn in a font stack without them (as
# leaflet.css's Helvetica and Arial did): boxes on a machine without that script's fonts.
UNSHIPPED_FONTS = r"""() => {
  const script = new RegExp("[\\u0980-\\u09FF\\u0E00-\\u0EFF\\u1000-\\u109F\\u1780-\\u17FF" +
    "\\u3040-\\u30FF\\u3400-\\u9FFF\\uAC00-\\uD7AF]");
  const found = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || !script.test(walker.currentNode.nodeValue) || !el.getClientRects().length) continue;
    const family = getComputedStyle(el).fontFamily;
    if (!family.includes("Noto Sans")) found.add(`${el.tagName.toLowerCase()} in ${family}`);
  }
  return [...found].slice(0, 5);
}"""
# three Latin words in a row, or a lowercase word alone (a code shown as it is stored)
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,'\u2019-]+[A-Za-z]{2,}){2,}|^[a-z]{3,}( [a-z]{3,})*$")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seri(env: dict, *args: str) -> None:
    subprocess.run(  # noqa: S603  (fixed argv, no shell)
        [sys.executable, "-m", "seri", *args], env=env, cwd=ROOT, check=True, stdout=sys.stderr
    )


def start_server(env: dict, port: int) -> subprocess.Popen:
    """`seri serve` in its own process group (with the audit sequencer it starts)."""
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "seri",
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--no-migrate",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=sys.stderr,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit("seri serve stopped")
            time.sleep(0.5)
    stop_server(server)
    sys.exit("seri serve did not answer in 300 s")


def stop_server(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


def prepare() -> dict:
    """What the journeys show, added to the demo through Seri's services. Returns the
    references and ids the shots open."""
    from django.utils import timezone

    from seri.cases.models import Case, ConsentKind
    from seri.cases.services import case_add_note, consent_record, task_create
    from seri.compounds.models import Compound
    from seri.evidence.models import EvidenceFile
    from seri.intake.models import Report
    from seri.intake.services.public import PublicReportInput, public_report_submit
    from seri.orgs.models import Organisation, User
    from seri.referrals.models import Referral, SharedSection
    from seri.referrals.services import referral_accept, referral_send

    caseworker = User.objects.get(username="demo-caseworker")
    liaison = User.objects.get(username="demo-embassy")
    org = Organisation.objects.get(short_name=MAIN_ORG)
    embassy = liaison.memberships.get().organisation
    referred = Referral.objects.values_list("case_id", flat=True)
    mine = [
        case
        for case in Case.objects.filter(assigned_to=caseworker)
        .exclude(pk__in=referred)
        .select_related("person")
        .order_by("created_at")
        if case.person.phones.exists()
    ]
    known, to_refer, shared = mine[0], mine[1], mine[2]

    today = timezone.localdate()
    for case, title, days in (
        (known, "Call the family back about the passport (synthetic)", -2),
        (to_refer, "Ask the embassy for a travel document (synthetic)", 0),
        (shared, "Book an interpreter for the interview (synthetic)", 3),
    ):
        task_create(actor=caseworker, case=case, title=title, due_on=today + dt.timedelta(days))

    for case in (to_refer, shared):
        consent_record(
            actor=caseworker,
            case=case,
            kind=ConsentKind.SHARE_WITH_PARTNERS,
            given=True,
            given_by="the person, by phone (synthetic)",
        )
        case_add_note(
            actor=caseworker,
            case=case,
            text="Internal: the recruiter may be a relative (synthetic)",
        )
        case_add_note(
            actor=caseworker,
            case=case,
            text="Speaks Vietnamese only; needs an interpreter (synthetic)",
            shareable=True,
        )
    referral = referral_send(
        actor=caseworker,
        case=shared,
        to_organisation=embassy,
        message="Please help with a travel document (synthetic).",
        shared_sections=[SharedSection.NOTES, SharedSection.TASKS],
    )
    referral_accept(actor=liaison, referral=referral, note="We will call her (synthetic).")

    public_report_submit(
        organisation=org,
        data=PublicReportInput(
            account=(
                "[DEMO - synthetic account] Em gái tôi là người Việt Nam, bị đánh và bị nhốt "
                "trong một tòa nhà ở Sihanoukville. Xin hãy giúp chúng tôi."
            ),
            reporter_relation="family",
            person_name="Trần Thị Mai (demo)",
            where="Tòa nhà C, tầng 5, gần bến cảng (demo)",
            contact="+84 912 000 555",
            language="vi",
        ),
    )
    triage = Report.objects.filter(case__isnull=True).order_by("-received_at").first()
    picture = EvidenceFile.objects.filter(media_type__startswith="image/", case__isnull=False)
    return {
        "known": known.reference,
        "known_person": str(known.person.public_id),
        "known_phone": known.person.phones.first().e164,
        "search": known.person.display_name.split()[0],
        "to_refer": to_refer.reference,
        "shared": shared.reference,
        "embassy": embassy.short_name,
        "triage": str(triage.public_id),
        "evidence": str(picture.order_by("id").first().public_id),
        "compound": str(Compound.objects.order_by("id").first().public_id),
    }


def log_in(browser, url: str, username: str) -> dict:
    """Through the login and second-factor pages (the first login sets up the authenticator,
    its key typed, not scanned); returns the browser state to reuse."""
    import pyotp

    from seri.demo.services import DEMO_PASSWORD

    context = browser.new_context(viewport={"width": DESK, "height": HEIGHT[DESK]})
    page = context.new_page()
    page.goto(f"{url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/two-factor/setup/**")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.locator("input[name=code]").fill(pyotp.TOTP(secret).now())
    page.locator("main form button[type=submit]").first.click()
    page.locator("#recovery-codes").wait_for()
    page.locator("main a.button").click()
    page.wait_for_url(f"{url}/")
    state = context.storage_state()
    context.close()
    return state


# --- what each shot does before the picture ------------------------------------------------


def at_top(page) -> None:
    page.evaluate("window.scrollTo(0, 0)")


def show(page, selector: str) -> None:
    """Bring the element to the top of the screen, the page header above it."""
    page.locator(selector).first.evaluate(
        "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 70)"
    )


def unfold(page, section: str) -> None:
    card = page.locator(f"section#{section}")
    if "folded" in (card.get_attribute("class") or ""):
        card.locator(".card-toggle").click()


def shot_intake_duplicate(page, url, data) -> None:
    page.goto(f"{url}/intake/")
    page.locator("#id_report-original_text").fill(
        "[DEMO - synthetic account] My brother called again from the same number: he was "
        "moved to another building."
    )
    page.locator("#id_person-full_name").fill("Demo person")
    page.locator("#id_person-phones").fill(data["known_phone"])
    page.locator("#intake-matches .match").first.wait_for()
    show(page, "#intake-matches")


def shot_refer_sections(page, url, data) -> None:
    page.goto(f"{url}/cases/{data['to_refer']}/")
    unfold(page, "referrals")
    section = page.locator("section#referrals")
    section.locator("details summary").last.click()
    section.locator("select[name=to_organisation]").select_option(data["embassy"])
    for value, ticked in (("person", False), ("reports", True), ("notes", True)):
        section.locator(f"input[name=shared_sections][value={value}]").set_checked(ticked)
    show(page, "section#referrals")


def shot_triage(page, url, data) -> None:
    page.goto(f"{url}/intake/triage/{data['triage']}/")
    if page.viewport_size["width"] < 641:
        show(page, "form input[name='open-full_name']")


def shot_search(page, url, data) -> None:
    page.goto(f"{url}/cases/")
    page.locator("input[name=q]").fill(data["search"])
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def walk(page, url: str, data: dict, shot: Shot) -> None:
    """Open the shot's page and do what it shows."""
    paths = {
        "dashboard": "/",
        "person-edit": f"/cases/{data['known']}/person/",
        # the public form takes its language from its address (it has seven)
        "public-form": f"/intake/report/?lang={shot.language}",
        "case": f"/cases/{data['known']}/",
        "partner-view": f"/cases/{data['shared']}/",
        "tasks": "/work/tasks/",
        "notices": "/work/notices/",
    }
    actions = {
        "intake-duplicate": shot_intake_duplicate,
        "triage-open": shot_triage,
        "refer-sections": shot_refer_sections,
        "search": shot_search,
    }
    if shot.path:
        page.goto(f"{url}{shot.path.format(**data)}")
    elif shot.name in paths:
        page.goto(f"{url}{paths[shot.name]}")
    else:
        actions[shot.name](page, url, data)


# --- checks ---------------------------------------------------------------------------------


def english_on(page) -> list[str]:
    """Interface text in three or more Latin-script words: English left on a translated page."""
    texts = page.eval_on_selector_all(
        INTERFACE,
        "els => els.filter(e => !e.matches('.user-menu > summary')).map(e => e.innerText.trim())",
    )
    return sorted({t for t in texts if ENGLISH.search(t) and "DEMO" not in t})


def optimise(png: bytes, path: Path) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)
    return path.stat().st_size


def take(browser, url: str, states: dict, data: dict, shot: Shot, out: Path) -> list[str]:
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context(
        viewport=shot.viewport,
        device_scale_factor=1,
        is_mobile=shot.width == PHONE,
        has_touch=shot.width == PHONE,
        storage_state=states.get(shot.user),
    )
    context.add_cookies([{"name": "django_language", "value": shot.language, "url": url}])
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load resource")
            and problems.append(f"console: {m.text}")
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on(
        "response",
        lambda r: (
            (r.status >= 500 or (r.status >= 400 and r.request.resource_type != "document"))
            and problems.append(f"{r.status} {r.url}")
        ),
    )
    try:
        walk(page, url, data, shot)
        page.wait_for_load_state("networkidle")
    except PlaywrightError as exc:
        context.close()
        return [f"{shot.name} {shot.language} {shot.width}px: {str(exc).splitlines()[0]}"]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{overflow}px wider than the screen")
    if shot.language != "en":
        problems += [f"English: {text!r}" for text in english_on(page)]
    problems += [f"not in the shipped fonts: {text}" for text in page.evaluate(UNSHIPPED_FONTS)]
    where = page.url.replace(url, "")
    if not shot.path:
        path = out / f"{shot.name}-{shot.language.split('-')[0]}-{shot.width}.png"
        size = optimise(page.screenshot(), path)
        print(f"{path}  {size // 1024} KB  {where}", file=sys.stderr)
    context.close()
    return [f"{shot.name} {shot.language} {shot.width}px {where}: {p}" for p in problems]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--only", default="", help="only the shots whose name contains this")
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument(
        "--check",
        action="store_true",
        help="also look at more pages, in Chinese and Khmer on a phone, without pictures",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    shots = [s for s in SHOTS if args.only in s.name]
    if args.check:
        shots += [
            Shot("check", user, language, PHONE, path=path)
            for language in ("zh-hans", "km")
            for user, path in CHECKED
        ]

    data_dir = Path(tempfile.mkdtemp(prefix="seri-screenshots-"))
    port = free_port()
    env = {
        **os.environ,
        "SERI_DATA_DIR": str(data_dir),
        "SERI_PUBLIC_FORM_ORGANISATION": MAIN_ORG,
        "SERI_ALLOWED_HOSTS": "127.0.0.1",
        # collected as they are: compressing every static file takes minutes on a small machine
        "SERI_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DJANGO_SETTINGS_MODULE": "seri.settings",
    }
    os.environ.update(env)
    # Playwright's synchronous API keeps an event loop in this thread; the ORM calls here
    # happen before the browser starts, on a database nobody else uses.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    server = None
    try:
        seri(env, "demo", "--people", str(args.people))
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        data = prepare()
        server = start_server(env, port)
        url = f"http://127.0.0.1:{port}"
        problems = run_browser(url, data, shots, args.out)
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"\n{sum(not s.path for s in shots)} screenshots in {args.out}")
    if problems:
        print(f"{len(problems)} things to look at:")
        for problem in problems:
            print(f"  {problem}")


def run_browser(url: str, data: dict, shots: list[Shot], out: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Chromium is not installed (apt-get install chromium)")
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        users = sorted({s.user for s in shots if s.user})
        states = {user: log_in(browser, url, user) for user in users}
        for shot in shots:
            problems += take(browser, url, states, data, shot, out)
        browser.close()
    return problems


if __name__ == "__main__":
    main()
