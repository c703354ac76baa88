"""Staff sign-in for tests: a test account, its secrets, and signing in (AppTest and Chromium).

The account's hash is made here, at a low argon2 cost so that tests stay quick (the app checks
any argon2id hash with the parameters written in it; real accounts use ``python -m bohan.auth
hash``). Nothing here is a real credential.

    from tests.auth_helpers import sign_in
    at = sign_in(open_page("pages/8_import.py"))          # AppTest: secrets set, form filled, signed in
    write_secrets(tmp_path / "secrets.toml")                  # a file for `streamlit run --secrets.files`
    browser_sign_in(page)                                     # Playwright: the same account
"""
from __future__ import annotations

import functools
from pathlib import Path

import argon2

from bohan import auth

USER = "yamada"
PASSWORD = "test-only: correct horse battery"
NAME = "山田"
#: Cheap argon2id settings for test hashes only (the app's own hash command uses RFC 9106's t=3, 64 MiB, p=4).
_TEST_HASHER = argon2.PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


@functools.lru_cache(maxsize=None)
def cheap_hash(password: str = PASSWORD) -> str:
    """An argon2id hash of ``password`` at test cost."""
    return _TEST_HASHER.hash(password)


def staff_secrets(accounts: dict[str, tuple[str, str]] | None = None) -> dict:
    """Secrets with local staff accounts ``{user: (password, display name)}`` (default: the test account)."""
    accounts = accounts or {USER: (PASSWORD, NAME)}
    return {"bohan": {"staff": {user: {"password_hash": cheap_hash(password), "display_name": name}
                                for user, (password, name) in accounts.items()}}}


def write_secrets(path: Path, accounts: dict[str, tuple[str, str]] | None = None) -> Path:
    """Write ``staff_secrets(accounts)`` as a secrets.toml file (mode 600); returns ``path``."""
    lines = []
    for user, entry in staff_secrets(accounts)["bohan"]["staff"].items():
        lines.append(auth.toml_entry(user, entry["password_hash"], entry["display_name"]))
    path.write_text("\n".join(lines), encoding="utf-8")
    path.chmod(0o600)
    return path


# --- AppTest ----------------------------------------------------------------------------------
def give_accounts(at, accounts: dict[str, tuple[str, str]] | None = None):
    """Put staff accounts into the AppTest's secrets (they apply from the next run on)."""
    at.secrets["bohan"] = staff_secrets(accounts)["bohan"]
    return at


def try_sign_in(at, user: str = USER, password: str = PASSWORD):
    """Fill the sidebar sign-in form and submit it (one run); the form must be on the page."""
    at.sidebar.text_input(key=auth.K_USER).set_value(user)
    at.sidebar.text_input(key=auth.K_PASSWORD).set_value(password)
    next(b for b in at.sidebar.button if b.key and b.key.startswith(f"FormSubmitter:{auth.FORM_KEY}")).click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def sign_in(at, user: str = USER, password: str = PASSWORD, accounts: dict[str, tuple[str, str]] | None = None):
    """Sign an AppTest session in as staff: accounts into its secrets (the test account unless
    given), one run to show the form, then the form filled and submitted. Returns ``at``."""
    if "bohan" not in at.secrets:
        give_accounts(at, accounts)
        at.run()
    try_sign_in(at, user, password)
    assert is_signed_in(at), "not signed in: " + " ".join(w.value for w in at.sidebar.warning)
    return at


def is_signed_in(at) -> bool:
    """Whether the sidebar shows the signed-in block (its sign-out button)."""
    return any(b.key == auth.K_SIGN_OUT for b in at.sidebar.button)


def sign_out(at):
    at.sidebar.button(key=auth.K_SIGN_OUT).click().run()
    return at


def signed_in_as(at) -> str | None:
    """The sidebar's 'signed in as' line, or None."""
    return next((m.value for m in at.sidebar.caption if ":material/verified_user:" in m.value), None)


# --- Chromium (Playwright) -----------------------------------------------------------------------
def browser_sign_in(page, user: str = USER, password: str = PASSWORD, lang: str = "ja") -> None:
    """Sign in through the sidebar's form; waits for the sign-out button."""
    browser_submit(page, user, password, lang)
    page.locator(f'[data-testid="stSidebar"] .st-key-{auth.K_SIGN_OUT}').wait_for(timeout=30_000)


def browser_submit(page, user: str, password: str, lang: str = "ja") -> None:
    """Open the sidebar's sign-in block if closed, fill it in and press the sign-in button."""
    from bohan.i18n import t

    sidebar = page.locator('[data-testid="stSidebar"]')
    box = sidebar.locator(f".st-key-{auth.K_USER} input")
    if not box.is_visible():
        sidebar.get_by_text(t("auth.heading", lang), exact=True).click()
    box.fill(user)
    sidebar.locator(f".st-key-{auth.K_PASSWORD} input").fill(password)
    sidebar.get_by_role("button", name=t("auth.sign_in", lang)).click()
