"""Every page of the app in a real Chromium, in Japanese (default) and English (``?lang=en``).

Each page must finish its script run without an exception or an error alert, show that
its data is sample data, and ask nothing of any host but the local server. A separate
test draws Japanese text on a canvas with the page's own font stack to catch "tofu"
(empty boxes where a CJK font is missing), which the DOM alone never reveals.
Screenshots go to ``artifacts/screenshots/<page>-<lang>.png``.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError:  # the `browser` fixture then skips, or fails under CI, saying why
    PlaywrightTimeoutError = TimeoutError

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about"}
LANGS = ["ja", "en"]
SAMPLE_DATA_PHRASE = {"ja": "サンプルデータ", "en": "sample data"}
# Hiragana, katakana, CJK unified ideographs.
JAPANESE_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

PAGE_LOAD_TIMEOUT_MS = 30_000
SCRIPT_RUN_TIMEOUT_MS = 60_000
# Generous: on 2 busy cores the trends page kept the browser main thread busy for ~20 s
# after its charts appeared (software WebGL, 7 Vega charts), and polling waits for that.
CHART_TIMEOUT_MS = 45_000

# Streamlit's pages/-folder rule (streamlit.source_util.PAGE_FILENAME_REGEX and
# page_icon_and_name): "9_data.py" -> "data", "10_my page.py" -> "my_page".
PAGE_FILENAME_RE = re.compile(r"([0-9]*)[_ -]*(.*)\.py")


def discover_pages(repo_root: Path = REPO_ROOT) -> list[tuple[str, str]]:
    """``(name, url_path)`` for ``app.py`` (``("home", "/")``) and every ``pages/*.py``."""
    pages = [("home", "/")]
    for path in sorted((repo_root / "pages").glob("*.py")):
        if path.name.startswith(".") or path.name == "__init__.py":
            continue
        match = PAGE_FILENAME_RE.fullmatch(path.name)
        slug = re.sub(r"[_ ]+", "_", match.group(2)).strip() or match.group(1)
        pages.append((slug, f"/{slug}"))
    return pages


PAGES = discover_pages()


def page_url(base_url: str, url_path: str, lang: str) -> str:
    return base_url + url_path + ("" if lang == "ja" else f"?lang={lang}")


# Selectors -----------------------------------------------------------------------------
APP = '[data-testid="stApp"]'
# "compilationError" too, so a page with a syntax error fails on its exception, not a timeout.
SCRIPT_DONE = (
    '[data-testid="stApp"]:is([data-test-script-state="notRunning"],'
    '[data-test-script-state="compilationError"])'
)
EXCEPTION = '[data-testid="stException"]'
# Streamlit 1.67 marks an alert's kind on its content: data-testid="stAlertContent<Kind>".
ERROR_ALERT = '[data-testid="stAlert"] [data-testid="stAlertContentError"]'

# Done when no spinner or skeleton is left and every visible chart has drawn its canvas or
# SVG (charts in closed expanders or other tabs may wait until they are shown).
CHARTS_SETTLED_JS = """() => {
  if (document.querySelector('[data-testid="stSpinner"], [data-testid="stSkeleton"]')) return false;
  const visible = (el) => el.getClientRects().length > 0;
  for (const el of document.querySelectorAll('[data-testid="stVegaLiteChart"]'))
    if (visible(el) && !el.querySelector('canvas, svg')) return false;
  for (const el of document.querySelectorAll('[data-testid="stDeckGlJsonChart"]'))
    if (visible(el) && !el.querySelector('canvas')) return false;
  return true;
}"""


def load_page(page, url: str) -> None:
    """Open ``url`` and wait until the script run is over and the charts have drawn."""
    page.goto(url, wait_until="commit", timeout=PAGE_LOAD_TIMEOUT_MS)
    page.wait_for_selector(APP, state="attached", timeout=PAGE_LOAD_TIMEOUT_MS)
    try:
        page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=SCRIPT_RUN_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        app = page.query_selector(APP)
        states = {
            name: app.get_attribute(name) if app else None
            for name in ("data-test-script-state", "data-test-connection-state")
        }
        pytest.fail(f"{url}: the script run did not finish in {SCRIPT_RUN_TIMEOUT_MS} ms; stApp {states}")
    page.wait_for_function(CHARTS_SETTLED_JS, timeout=CHART_TIMEOUT_MS, polling=200)
    # Let canvases paint before the screenshot.
    page.wait_for_timeout(300)


def foreign_requests(urls: list[str]) -> list[str]:
    """The URLs that would leave the machine (anything but loopback, data:, blob:)."""
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.hostname not in LOCAL_HOSTS:
            foreign.append(url)
    return sorted(set(foreign))


# Tofu detection ------------------------------------------------------------------------
# Draws `text` with `family` on a canvas and compares it with the same number of U+10FFFD
# (private use, plane 16: no font has a glyph for it) drawn the same way. Missing glyphs
# come out as the same .notdef box (or as nothing), so tofu shows as: no ink, an image
# identical to the no-glyph one, or two different characters drawn identically.
# document.fonts.check() is reported but not trusted: it answers about font *loading*,
# and says true for system fonts that lack the glyphs just as for ones that have them.
GLYPH_PROBE_JS = """async ({text, family}) => {
  await document.fonts.ready;
  const size = 32;
  const font = `${size}px ${family}`;
  try { await document.fonts.load(font, text); } catch (e) {}
  const chars = [...text];
  const W = size * (chars.length + 2), H = size * 2;
  const render = (s) => {
    const canvas = document.createElement('canvas');
    canvas.width = W; canvas.height = H;
    const ctx = canvas.getContext('2d');
    ctx.font = font; ctx.textBaseline = 'top'; ctx.fillStyle = '#000';
    ctx.fillText(s, 4, 4);
    return ctx.getImageData(0, 0, W, H).data;
  };
  const same = (a, b) => {
    for (let i = 3; i < a.length; i += 4) if (a[i] !== b[i]) return false;
    return true;
  };
  let ink = 0;
  const drawn = render(text);
  for (let i = 3; i < drawn.length; i += 4) if (drawn[i] > 0) ink++;
  const noGlyph = render(String.fromCodePoint(0x10FFFD).repeat(chars.length));
  const pair = chars.filter((c, i) => chars.indexOf(c) === i).slice(0, 2);
  return {
    family,
    font,
    ink,
    sameAsNoGlyph: same(drawn, noGlyph),
    distinctGlyphs: pair.length < 2 || !same(render(pair[0]), render(pair[1])),
    fontsCheck: document.fonts.check(font, text),
  };
}"""


def probe_glyphs(page, text: str, family: str) -> dict:
    return page.evaluate(GLYPH_PROBE_JS, {"text": text, "family": family})


def tofu_problems(probe: dict) -> list[str]:
    """Why ``probe`` (from ``probe_glyphs``) looks like tofu; empty when glyphs rendered."""
    problems = []
    if probe["ink"] == 0:
        problems.append("the text drew no pixels")
    if probe["sameAsNoGlyph"]:
        problems.append("the text drew exactly like U+10FFFD, which no font has")
    if not probe["distinctGlyphs"]:
        problems.append("two different characters drew identically")
    return problems


# Tests ---------------------------------------------------------------------------------
# Every page in Japanese; in English the pages whose charts and maps change most with the
# language (every page also runs in English under AppTest, and the network check does not
# depend on the language). Keeps the browser suite within the CI time budget.
ENGLISH_PAGES = {"home", "trends", "map"}
RUNS = [(name, path, lang) for lang in LANGS for name, path in PAGES if lang == "ja" or name in ENGLISH_PAGES]


@pytest.mark.parametrize(("page_name", "url_path", "lang"), RUNS, ids=[f"{n}-{lang}" for n, _, lang in RUNS])
def test_page_renders_cleanly(app_server, recorded_page, page_name, url_path, lang):
    """The page runs without exception or error alert, says "sample data", stays local."""
    page = recorded_page.page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    try:
        load_page(page, page_url(app_server, url_path, lang))
    finally:
        page.screenshot(path=str(SCREENSHOT_DIR / f"{page_name}-{lang}.png"), full_page=True, timeout=60_000)

    problems = []
    if urlsplit(page.url).path.rstrip("/") != url_path.rstrip("/"):
        problems.append(f"ended on {page.url}, not on {url_path} (page not found?)")
    for el in page.query_selector_all(EXCEPTION):
        problems.append(f"exception shown: {el.inner_text()[:500]!r}")
    for el in page.query_selector_all(ERROR_ALERT):
        problems.append(f"error alert shown: {el.inner_text()[:500]!r}")
    body = page.inner_text("body")
    if lang == "ja" and not JAPANESE_RE.search(body):
        problems.append("no Japanese text on the page")
    phrase = SAMPLE_DATA_PHRASE[lang]
    if phrase.lower() not in body.lower():
        problems.append(f"the page does not say {phrase!r}")
    for url in foreign_requests(recorded_page.request_urls):
        problems.append(f"request left the machine: {url}")
    assert not problems, f"{url_path} ({lang}):\n  " + "\n  ".join(problems)


def test_japanese_glyphs_render_in_page_font(app_server, recorded_page):
    """Japanese drawn with the page body's font stack has real glyphs, not tofu."""
    page = recorded_page.page
    load_page(page, page_url(app_server, "/", "ja"))
    family = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    probe = probe_glyphs(page, "防犯アトラス", family)
    problems = tofu_problems(probe)
    assert not problems, (
        f"Japanese renders as tofu with font-family {family!r}: {'; '.join(problems)}. "
        "Install a CJK font (Debian: fonts-ipaexfont-gothic or fonts-noto-cjk). "
        f"Probe: {probe}"
    )


def test_tofu_probe_detects_missing_glyphs(browser):
    """The probe flags a missing font with unassigned codepoints, where fonts.check cannot."""
    page = browser.new_page()
    try:
        page.set_content("<html><body>probe</body></html>")
        # Unassigned Greek-block codepoints in a family that does not exist: no font has them.
        tofu = probe_glyphs(page, "\u0378\u0379\u0380\u0381\u0382\u0383", '"No Such Font Bohan"')
        assert tofu_problems(tofu), f"probe missed tofu: {tofu}"
        # document.fonts.check() is no substitute: it says "fine" for this tofu too.
        assert tofu["fontsCheck"] is True, f"fonts.check changed behaviour: {tofu}"
        # And the probe is not always failing: Latin in the default font has glyphs.
        latin = probe_glyphs(page, "Bohan Atlas", "sans-serif")
        assert not tofu_problems(latin), f"probe flags real glyphs: {latin}"
    finally:
        page.close()


def test_discover_pages_follows_streamlit_naming(tmp_path):
    """pages/9_data.py maps to /data, and app.py to /."""
    (tmp_path / "pages").mkdir()
    for name in ["9_data.py", "10_my page.py", "__init__.py", ".hidden.py", "notes.txt"]:
        (tmp_path / "pages" / name).write_text("")
    assert sorted(discover_pages(tmp_path)) == [
        ("data", "/data"), ("home", "/"), ("my_page", "/my_page"),
    ]
