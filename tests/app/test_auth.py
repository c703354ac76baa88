"""Staff sign-in in AppTest: the public is refused staff-only pages on the server; a local account
signs in through the sidebar form, wrong passwords are refused with one message and slowed
down; signing out returns to the public view; an identity provider's user is staff only when
listed; with no secrets at all the app says it is public-only.

Accounts are made by ``tests.auth_helpers`` (a cheap argon2id hash made in the test), and put
into ``at.secrets``; the test's own throttle runs on a hand-turned clock.
"""
from __future__ import annotations

import shutil

import pytest
from streamlit.runtime.secrets import secrets_singleton
from streamlit.testing.v1.util import patch_config_options

from bohan import auth
from bohan.i18n import t
from tests.app.conftest import open_page
from tests.auth_helpers import (NAME, PASSWORD, USER, give_accounts, is_signed_in, sign_in, sign_out, signed_in_as,
                                staff_secrets, try_sign_in)

IMPORT, PROGRESS = "pages/8_import.py", "pages/4_progress.py"
TIMEOUT = 60


@pytest.fixture(autouse=True)
def private_db(built_db, tmp_path, monkeypatch):
    """The import page may write: a private copy of the database and workspace."""
    out = tmp_path / "bohan.duckdb"
    shutil.copy2(built_db, out)
    monkeypatch.setenv("BOHAN_DB", str(out))
    monkeypatch.setenv("BOHAN_WORKSPACE", str(tmp_path / "ws.duckdb"))


class Clock:
    def __init__(self):
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """The sign-in throttle on a clock the test turns (the store stays process-wide in the app)."""
    c = Clock()
    gate = auth.Throttle(c)
    monkeypatch.setattr(auth, "throttle", lambda: gate)
    return c


def with_accounts(page: str = IMPORT, lang: str = "ja"):
    """``page`` opened with the test account in the secrets (as a visitor who has not signed in)."""
    at = open_page(page, lang, timeout=TIMEOUT)
    give_accounts(at).run()
    return at


def refusal(lang: str, how: str = "local") -> str:
    return f"**{t('auth.refused', lang)}**  \n{t(f'auth.refused.{how}', lang)}"


def expect_refused(at, lang: str = "ja", how: str = "local") -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert refusal(lang, how) in [w.value for w in at.main.warning]
    assert not at.get("file_uploader") and not at.main.button
    assert not at.main.selectbox  # the page stopped before its first widget


def sidebar_warnings(at) -> list[str]:
    return [w.value for w in at.sidebar.warning]


# --- the public ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_public_is_refused_the_import_page(lang):
    """A visitor who has not signed in opens /import: a refusal saying what it is and how staff sign
    in, in the user's language; no upload, no button, no import log; the sign-in form is in the sidebar."""
    at = with_accounts(IMPORT, lang)
    expect_refused(at, lang)
    assert not at.main.dataframe
    assert {w.key for w in at.sidebar.text_input} == {auth.K_USER, auth.K_PASSWORD}
    assert signed_in_as(at) is None


# --- local accounts ------------------------------------------------------------------------------
def test_wrong_password_and_unknown_user_are_refused_alike(clock):
    """A wrong password and an unknown user name get the same message, once; the page stays
    refused and the password box is emptied."""
    at = with_accounts()
    try_sign_in(at, USER, "not the password")
    assert sidebar_warnings(at) == [t("auth.failed", "ja")]
    assert at.sidebar.text_input(key=auth.K_PASSWORD).value == ""
    expect_refused(at)
    try_sign_in(at, "nobody", "not the password")
    assert sidebar_warnings(at) == [t("auth.failed", "ja")]
    assert not is_signed_in(at)
    at.run()  # the message is shown once, in the run after the try
    assert not sidebar_warnings(at)


def test_fourth_try_waits_even_with_the_right_password(clock):
    """After 3 wrong passwords the next try is refused for 2 s, right password or not, with a
    message saying how long; after the wait the right password signs in."""
    at = with_accounts(IMPORT, "en")
    for _ in range(3):
        clock.now += 1
        try_sign_in(at, USER, "not the password")
    assert sidebar_warnings(at) == [t("auth.failed.wait", "en", seconds=2)]
    clock.now += 0.5
    try_sign_in(at, USER, PASSWORD)
    assert sidebar_warnings(at) == [t("auth.wait", "en", seconds=2)]
    assert "wait 2 s" in sidebar_warnings(at)[0]
    assert not is_signed_in(at)
    expect_refused(at, "en")

    clock.now += 1.5
    try_sign_in(at, USER, PASSWORD)
    assert is_signed_in(at) and not sidebar_warnings(at)
    assert auth.throttle().failures(("user", USER)) == 0  # a success resets the count


def test_another_session_waits_too(clock):
    """The wait is kept per user name for the whole process: a new browser session waits as well."""
    first = with_accounts()
    for _ in range(3):
        try_sign_in(first, USER, "not the password")
    second = with_accounts()
    try_sign_in(second, USER, PASSWORD)
    assert sidebar_warnings(second) == [t("auth.wait", "ja", seconds=2)]
    assert not is_signed_in(second)


def test_right_password_opens_the_import_page_and_sign_out_closes_it():
    """Signed in, the import page shows its form with the account's name in the sidebar; another page
    keeps the sign-in; signing out refuses the page again and shows the form again."""
    at = sign_in(with_accounts())
    assert not at.exception
    assert signed_in_as(at) == f":material/verified_user: {t('auth.signed_in_as', 'ja', name=NAME)}"
    assert at.get("file_uploader") and at.selectbox(key="imp_kind")
    assert not [w for w in at.main.warning if t("auth.refused", "ja") in w.value]

    at.switch_page(PROGRESS).run()
    assert is_signed_in(at) and at.selectbox(key="p_entry_indicator")
    at.switch_page(IMPORT).run()
    assert at.get("file_uploader")

    sign_out(at)
    expect_refused(at)
    assert t("auth.signed_out", "ja") in [c.value for c in at.sidebar.caption]
    assert {w.key for w in at.sidebar.text_input} == {auth.K_USER, auth.K_PASSWORD}


def test_changed_password_ends_the_sign_in():
    """When the account's hash in the secrets changes (password reset), the session is signed out."""
    at = sign_in(with_accounts())
    at.secrets["bohan"] = staff_secrets({USER: ("a brand new password", NAME)})["bohan"]
    at.run()
    assert not is_signed_in(at)
    assert sidebar_warnings(at) == [t("auth.account_gone", "ja")]
    expect_refused(at)


def test_progress_page_public_and_staff():
    """Public: no entry form, captions saying staff sign in; staff: the form, under their name."""
    at = with_accounts(PROGRESS)
    captions = [c.value for c in at.caption]
    assert t("progress.entry.off", "ja") in captions and t("auth.notes_need_sign_in", "ja") in captions
    assert not [s for s in at.selectbox if s.key == "p_entry_indicator"]
    sign_in(at)
    assert at.selectbox(key="p_entry_indicator")
    assert t("auth.notes_need_sign_in", "ja") not in [c.value for c in at.caption]


# --- no secrets ----------------------------------------------------------------------------------
@pytest.fixture
def no_secrets_file(tmp_path):
    """Streamlit looks for secrets in a file that does not exist (as on a fresh install)."""
    secrets_singleton._reset()
    with patch_config_options({"secrets.files": [str(tmp_path / "no-secrets.toml")]}):
        yield
    secrets_singleton._reset()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_secrets_means_public_only(no_secrets_file, lang):
    """Without a secrets file nobody can sign in: the sidebar says the app is public-only, has no
    form, and the import page says staff sign-in is not set up here."""
    at = open_page(IMPORT, lang, timeout=TIMEOUT)
    assert t("auth.public_only", lang) in [c.value for c in at.sidebar.caption]
    assert not at.sidebar.text_input and not at.sidebar.button
    expect_refused(at, lang, "none")


# --- identity provider ---------------------------------------------------------------------------
IDP = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c" * 32, "client_id": "bohan",
       "client_secret": "s", "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}


def with_idp(user: dict, page: str = IMPORT):
    at = open_page(page, "ja", timeout=TIMEOUT)
    at.secrets["auth"] = IDP
    at.secrets["bohan"] = {"staff_emails": ["yamada@city.tomakomai.example"], **staff_secrets()["bohan"]}
    at.user = user
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_identity_provider_staff_are_the_listed_addresses():
    """With [auth] configured, local accounts are not offered; a signed-in listed address is staff
    under the provider's name; an unlisted one sees the public view and is told so."""
    out = with_idp({"is_logged_in": False})
    assert not out.sidebar.text_input
    assert out.sidebar.button(key=auth.K_IDP_SIGN_IN).label == t("auth.idp.sign_in", "ja")
    expect_refused(out, "ja", "idp")

    staff = with_idp({"is_logged_in": True, "email": "Yamada@City.Tomakomai.example", "name": "山田 太郎"})
    assert signed_in_as(staff) == f":material/verified_user: {t('auth.signed_in_as', 'ja', name='山田 太郎')}"
    assert staff.get("file_uploader")

    other = with_idp({"is_logged_in": True, "email": "someone@example.com", "name": "Someone"})
    assert t("auth.idp.not_staff", "ja", name="Someone") in [c.value for c in other.sidebar.caption]
    expect_refused(other, "ja", "idp")
