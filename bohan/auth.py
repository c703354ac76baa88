"""Who is looking: the public, or a signed-in member of the city's staff.

Two ways to sign in, chosen by what Streamlit's secrets hold (``.streamlit/secrets.toml``, never
committed; docs/STAFF-ACCESS.md):

* an **identity provider** (OpenID Connect), when an ``[auth]`` section configures one as
  ``st.login`` expects. Staff are the signed-in users whose e-mail address is listed in
  ``[bohan] staff_emails``; anyone else who signs in still sees the public view. A named provider
  (``[auth.<name>]``) is chosen with ``[bohan] auth_provider = "<name>"``.
* otherwise **local accounts**: ``[bohan.staff.<user>]`` entries holding an argon2id
  ``password_hash`` (made by ``python -m bohan.auth hash``) and a ``display_name``. Wrong passwords
  are slowed down (:func:`delay_after`), per user name and per browser session.

With neither, nobody can sign in and the app is public-only.

Pages ask :func:`viewer` who is looking (it draws the sign-in block in the sidebar, once per
run) and call :func:`require_staff` before anything staff-only: a public request is refused on
the server, whatever the URL, not merely left without a button.
"""
from __future__ import annotations

import argparse
import dataclasses
import getpass
import hashlib
import json
import logging
import math
import re
import secrets as pysecrets
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import argon2
import streamlit as st

from bohan.i18n import Lang, t

log = logging.getLogger(__name__)

Role = Literal["public", "staff"]
Mode = Literal["idp", "local", "none"]

#: Shortest password the hash command accepts.
MIN_PASSWORD_CHARS = 12
#: Longest password the form accepts (hashing a megabyte on every try would be a cheap attack).
MAX_PASSWORD_CHARS = 256
#: User names are TOML bare keys: lower-case letters, digits, ``_`` and ``-``.
USERNAME_RE = re.compile(r"^[a-z0-9_-]{1,32}$")
MAX_DISPLAY_NAME_CHARS = 40

#: Slow-down of wrong passwords: the first failures are free, then each next try waits.
FREE_FAILURES = 3
FIRST_DELAY_S = 2.0
MAX_DELAY_S = 300.0
#: A name or session quiet this long starts again from zero failures.
FORGET_AFTER_S = 24 * 3600.0
#: At most this many names and sessions are remembered (the oldest go first).
MAX_TRACKED = 10_000

_SIGNED_IN = "_auth_signed_in"  # session: {"user", "name", "digest"} of a local account
_MESSAGE = "_auth_message"  # session: (catalogue key, format values) shown under the form
_SESSION_TOKEN = "_auth_session"  # session: a random id, the per-browser-session throttle key
_RUN_MEMO = "_auth_this_run"  # session: (this run's marker, Viewer)
K_USER, K_PASSWORD, K_SIGN_OUT, K_IDP_SIGN_IN = "auth_user", "auth_password", "auth_sign_out", "auth_idp_sign_in"
FORM_KEY = "auth_sign_in"


@dataclass(frozen=True)
class Viewer:
    """Who is looking at the page.

    Attributes
    ----------
    role : {"public", "staff"}
    name : str or None
        For staff, the name their entries and imports are recorded under (the account's display
        name, or the identity provider's name or e-mail); None for the public.
    """

    role: Role
    name: str | None = None

    @property
    def staff(self) -> bool:
        return self.role == "staff"


PUBLIC = Viewer("public", None)


# --- configuration from secrets -----------------------------------------------------------
@dataclass(frozen=True)
class Account:
    """A local staff account: ``[bohan.staff.<username>]``."""

    username: str
    password_hash: str
    display_name: str

    @property
    def digest(self) -> str:
        """A fingerprint of the stored hash: a changed password ends sessions signed in with the old one."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Config:
    """How staff sign in here, read from the secrets (see :func:`config`)."""

    mode: Mode
    accounts: Mapping[str, Account] = dataclasses.field(default_factory=dict)
    provider: str | None = None  # None: the unnamed provider of [auth]
    staff_emails: frozenset[str] = frozenset()


_WARNED: set[str] = set()


def _warn_once(message: str) -> None:
    """Log a configuration problem once per process, not on every page run."""
    if message not in _WARNED:
        _WARNED.add(message)
        log.warning(message)


def _md(text: str) -> str:
    """``text`` shown literally in Markdown (a name is never formatting, a link or a Streamlit directive)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~:$])", r"\\\1", text)


def normalise_username(name: str) -> str:
    """The form of a typed user name that accounts are looked up by (width-folded, lower case)."""
    return unicodedata.normalize("NFKC", name or "").strip().lower()


def _idp_configured(auth: Mapping, provider: str | None) -> bool:
    if not isinstance(auth, Mapping) or not auth.get("redirect_uri") or not auth.get("cookie_secret"):
        return False
    settings = auth.get(provider) if provider else auth
    return isinstance(settings, Mapping) and bool(settings.get("client_id"))


def config(secrets: Mapping) -> Config:
    """Read how staff sign in from the secrets (a plain nested mapping).

    An ``[auth]`` section with ``redirect_uri``, ``cookie_secret`` and a provider's ``client_id``
    (in ``[auth]`` or in ``[auth.<bohan.auth_provider>]``) selects the identity provider; local
    accounts are then ignored. Otherwise each well-formed ``[bohan.staff.<user>]`` is an account;
    malformed ones are skipped with a warning in the log (never the hash itself).
    """
    bohan = secrets.get("bohan") if isinstance(secrets.get("bohan"), Mapping) else {}
    provider = bohan.get("auth_provider") or None
    if _idp_configured(secrets.get("auth"), provider):
        emails = frozenset(str(e).strip().lower() for e in bohan.get("staff_emails") or () if str(e).strip())
        return Config("idp", provider=provider, staff_emails=emails)
    if secrets.get("auth"):
        _warn_once("[auth] is incomplete (redirect_uri, cookie_secret, client_id): identity provider not used")
    accounts = {}
    staff = bohan.get("staff") if isinstance(bohan.get("staff"), Mapping) else {}
    for username, entry in staff.items():
        user = normalise_username(username)
        hashed = entry.get("password_hash") if isinstance(entry, Mapping) else None
        if user != username or not USERNAME_RE.match(user) or not isinstance(hashed, str) \
                or not hashed.startswith("$argon2id$"):
            _warn_once(f"staff account {username!r} skipped: needs a lower-case name and an argon2id password_hash")
            continue
        accounts[user] = Account(user, hashed, str(entry.get("display_name") or user).strip()[:MAX_DISPLAY_NAME_CHARS])
    return Config("local", accounts=accounts) if accounts else Config("none")


def _read_secrets() -> Mapping:
    """Streamlit's secrets as plain dicts; empty when there is no (readable) secrets file."""
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - a broken secrets file means nobody signs in, not a crash
        log.exception("secrets could not be read: staff sign-in is off")
        return {}


def current_config() -> Config:
    """How staff sign in, from the secrets as they are now (Streamlit reloads a changed file)."""
    return config(_read_secrets())


# --- passwords ----------------------------------------------------------------------------
_HASHER = argon2.PasswordHasher()  # argon2id, RFC 9106 low-memory profile: t=3, 64 MiB, p=4
_DUMMY: dict[tuple, str] = {}
_DUMMY_LOCK = threading.Lock()


def hash_password(password: str) -> str:
    """An argon2id hash (``$argon2id$v=19$m=65536,t=3,p=4$...``) of ``password``, salted at random."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (argon2's own constant-time check)."""
    try:
        return _HASHER.verify(password_hash, password)
    except argon2.exceptions.VerificationError:
        return False
    except argon2.exceptions.InvalidHashError:
        _warn_once("a stored password hash is not a valid argon2 hash")
        return False


def _dummy_hash(like: str | None) -> str:
    """A hash of a random password made with the same parameters as ``like``, so that checking an
    unknown user name costs as long as checking a known one."""
    try:
        params = argon2.extract_parameters(like) if like else None
    except argon2.exceptions.InvalidHashError:
        params = None
    key = dataclasses.astuple(params) if params else ()
    with _DUMMY_LOCK:
        if key not in _DUMMY:
            hasher = argon2.PasswordHasher.from_parameters(params) if params else _HASHER
            _DUMMY[key] = hasher.hash(pysecrets.token_urlsafe(24))
        return _DUMMY[key]


def check_credentials(accounts: Mapping[str, Account], username: str, password: str) -> Account | None:
    """The account whose name and password these are, or None.

    Exactly one argon2 verification runs whether or not the user exists (an unknown name is
    checked against a dummy hash of the same cost), so the time taken does not tell which.
    """
    account = accounts.get(normalise_username(username))
    like = account.password_hash if account else next((a.password_hash for a in accounts.values()), None)
    ok = verify_password(account.password_hash if account else _dummy_hash(like), password)
    return account if ok and account is not None else None


# --- slowing down wrong passwords ------------------------------------------------------------
def delay_after(failures: int) -> float:
    """Seconds the next try waits after ``failures`` wrong passwords in a row.

    The first :data:`FREE_FAILURES` cost nothing; then 2, 4, 8, ... s, at most 5 minutes:
    0, 0, 0 -> 2 (after the 3rd), 4, 8, 16, 32, 64, 128, 256, 300, 300, ...
    """
    if failures < FREE_FAILURES:
        return 0.0
    return min(FIRST_DELAY_S * 2.0 ** (failures - FREE_FAILURES), MAX_DELAY_S)


class Throttle:
    """Failure counts per key (a user name, a browser session), shared by every session of the process.

    :meth:`attempt` is atomic: it refuses while any key waits, otherwise it counts the try as a
    failure at once (so that parallel tries cannot slip past) until :meth:`succeeded` clears it.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, str], tuple[int, float]] = {}  # key -> (failures, time of the last)

    def wait_s(self, keys: Iterable[tuple[str, str]]) -> float:
        """Seconds until these keys may try again (0: now)."""
        now = self._clock()
        with self._lock:
            return self._wait(keys, now)

    def _wait(self, keys, now: float) -> float:
        waits = [last + delay_after(n) - now for n, last in (self._seen.get(k, (0, now)) for k in keys)]
        return max([0.0, *waits])

    def attempt(self, keys: Iterable[tuple[str, str]]) -> float:
        """0 and the try is counted as a failure until it succeeds; or the seconds still to wait (nothing counted)."""
        keys = list(keys)
        now = self._clock()
        with self._lock:
            wait = self._wait(keys, now)
            if wait > 0:
                return wait
            for k in keys:
                n, _ = self._seen.pop(k, (0, now))
                self._seen[k] = (n + 1, now)  # re-inserted: the dict stays in order of last failure
            self._forget(now)
            return 0.0

    def succeeded(self, keys: Iterable[tuple[str, str]]) -> None:
        """A right password: these keys start again from zero."""
        with self._lock:
            for k in keys:
                self._seen.pop(k, None)

    def failures(self, key: tuple[str, str]) -> int:
        with self._lock:
            return self._seen.get(key, (0, 0.0))[0]

    def _forget(self, now: float) -> None:
        while self._seen:
            key, (n, last) = next(iter(self._seen.items()))
            if now - last > FORGET_AFTER_S or len(self._seen) > MAX_TRACKED:
                del self._seen[key]
            else:
                break


@st.cache_resource(show_spinner=False)
def throttle() -> Throttle:
    """The process-wide failure counts (one store for every session)."""
    return Throttle()


# --- the sidebar block ------------------------------------------------------------------------
def _session_token() -> str:
    if _SESSION_TOKEN not in st.session_state:
        st.session_state[_SESSION_TOKEN] = pysecrets.token_hex(16)
    return st.session_state[_SESSION_TOKEN]


@dataclass(frozen=True)
class Outcome:
    """What became of one sign-in try: the account (signed in), or the message to show (a key of
    the catalogue and its values)."""

    account: Account | None
    message: str | None = None
    values: Mapping = dataclasses.field(default_factory=dict)


def attempt_sign_in(cfg: Config, gate: Throttle, username: str, password: str, session: str) -> Outcome:
    """Check one try of the sign-in form against the local accounts, slowed down by ``gate``.

    An empty field costs nothing. Otherwise the try counts against both the user name and the
    browser session ``session``; while either must wait, the password is not even checked. An
    unknown user name and a wrong password give the same message after the same work.
    """
    user = normalise_username(username)
    if not user or not password:
        return Outcome(None, "auth.empty")
    keys = [("user", user[:64]), ("session", session)]
    wait = gate.attempt(keys)
    if wait > 0:
        return Outcome(None, "auth.wait", {"seconds": max(1, math.ceil(wait))})
    account = check_credentials(cfg.accounts, user, password[:MAX_PASSWORD_CHARS]) if cfg.mode == "local" else None
    if account is None:
        after = gate.wait_s(keys)
        if after > 0:
            return Outcome(None, "auth.failed.wait", {"seconds": max(1, math.ceil(after))})
        return Outcome(None, "auth.failed")
    gate.succeeded(keys)
    return Outcome(account)


def _try_sign_in() -> None:
    """The form's callback (runs before the page, so the page already sees the result)."""
    username = str(st.session_state.get(K_USER) or "")
    password = str(st.session_state.get(K_PASSWORD) or "")
    st.session_state[K_PASSWORD] = ""  # the password does not stay in the session
    result = attempt_sign_in(current_config(), throttle(), username, password, _session_token())
    if result.account is None:
        if result.message != "auth.empty":
            log.info("failed staff sign-in")  # no user name logged: a password typed into it would land there
        st.session_state[_MESSAGE] = (result.message, dict(result.values))
        return
    account = result.account
    st.session_state[_SIGNED_IN] = {"user": account.username, "name": account.display_name, "digest": account.digest}
    log.info("staff sign-in: %s", account.username)


def _sign_out() -> None:
    st.session_state.pop(_SIGNED_IN, None)
    st.session_state[_MESSAGE] = ("auth.signed_out", {})


def _local_block(cfg: Config, lang: Lang) -> Viewer:
    signed = st.session_state.get(_SIGNED_IN)
    if signed:
        account = cfg.accounts.get(signed.get("user", ""))
        if account is not None and account.digest == signed.get("digest"):
            st.caption(f":material/verified_user: {t('auth.signed_in_as', lang, name=_md(account.display_name))}")
            st.button(t("auth.sign_out", lang), key=K_SIGN_OUT, on_click=_sign_out, icon=":material/logout:",
                      help=t("auth.sign_out.help", lang))
            return Viewer("staff", account.display_name)
        st.session_state.pop(_SIGNED_IN, None)  # account removed or password changed since
        st.session_state[_MESSAGE] = ("auth.account_gone", {})
    message = st.session_state.pop(_MESSAGE, None)  # shown once, in the run after the try
    with st.expander(t("auth.heading", lang), icon=":material/lock:"):
        with st.form(FORM_KEY, border=False, enter_to_submit=True):
            st.text_input(t("auth.user", lang), key=K_USER, max_chars=32, autocomplete="username",
                          help=t("auth.user.help", lang))
            st.text_input(t("auth.password", lang), key=K_PASSWORD, type="password", max_chars=MAX_PASSWORD_CHARS,
                          autocomplete="current-password", help=t("auth.password.help", lang))
            st.form_submit_button(t("auth.sign_in", lang), on_click=_try_sign_in,
                                  icon=":material/login:", type="primary")
        if message:
            key, values = message
            if key == "auth.signed_out":
                st.caption(t(key, lang))
            else:
                st.warning(t(key, lang, **values), icon=":material/lock_clock:" if "wait" in key else ":material/block:")
    return PUBLIC


def idp_viewer(user: Mapping, cfg: Config) -> Viewer:
    """Who a user signed in through the identity provider (``st.user``) is: staff when signed in
    with an e-mail address on ``[bohan] staff_emails`` (any case) that the provider has not
    marked unverified; anyone else is the public."""
    if not user.get("is_logged_in"):
        return PUBLIC
    email = str(user.get("email") or "").strip().lower()
    if email and email in cfg.staff_emails and user.get("email_verified") is not False:
        return Viewer("staff", str(user.get("name") or email))
    return PUBLIC


def _idp_block(cfg: Config, lang: Lang) -> Viewer:
    user = st.user.to_dict()
    if not user.get("is_logged_in"):
        if st.button(t("auth.idp.sign_in", lang), key=K_IDP_SIGN_IN, icon=":material/login:",
                     help=t("auth.idp.sign_in.help", lang)):
            if cfg.provider:
                st.login(cfg.provider)
            else:
                st.login()
        return PUBLIC
    who = idp_viewer(user, cfg)
    if who.staff:
        st.caption(f":material/verified_user: {t('auth.signed_in_as', lang, name=_md(who.name))}")
    else:
        name = str(user.get("name") or user.get("email") or "?")
        st.caption(t("auth.idp.not_staff", lang, name=_md(name)))
    if st.button(t("auth.sign_out", lang), key=K_SIGN_OUT, icon=":material/logout:", help=t("auth.sign_out.help", lang)):
        st.logout()
    return who


def _run_marker():
    """An object that is new in every script run (None outside a run): the run context's cursor
    table, replaced by Streamlit at the start of each run. Held in the session, so that a later
    run's table can never take the same identity while it is compared."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(ctx, "cursors", None) if ctx is not None else None


def viewer(lang: Lang) -> Viewer:
    """Who is looking; draws the sign-in (or signed-in) block in the sidebar, once per page run.

    Called again in the same run (``bohan.ui.page_setup`` draws it, a page asks again), it
    returns the same answer and draws nothing.
    """
    marker = _run_marker()
    memo = st.session_state.get(_RUN_MEMO)
    if marker is not None and memo is not None and memo[0] is marker:
        return memo[1]
    cfg = current_config()
    with st.sidebar:
        if cfg.mode == "idp":
            who = _idp_block(cfg, lang)
        elif cfg.mode == "local":
            who = _local_block(cfg, lang)
        else:
            st.session_state.pop(_SIGNED_IN, None)
            st.caption(t("auth.public_only", lang))
            who = PUBLIC
    st.session_state[_RUN_MEMO] = (marker, who)
    return who


def require_staff(viewer: Viewer, lang: Lang) -> None:
    """Stop the page here for the public, saying what this is and how staff sign in.

    Call it before drawing or computing anything staff-only: the refusal is the server's, so a
    copied URL or a hidden button changes nothing.
    """
    if viewer.staff:
        return
    how = {"idp": "auth.refused.idp", "local": "auth.refused.local", "none": "auth.refused.none"}[current_config().mode]
    st.warning(f"**{t('auth.refused', lang)}**  \n{t(how, lang)}", icon=":material/lock:")
    st.stop()


# --- command line: python -m bohan.auth hash -------------------------------------------------
def toml_entry(username: str, password_hash: str, display_name: str) -> str:
    """The lines to paste into the secrets file for one local account."""
    return (f"[bohan.staff.{username}]\n"
            f"password_hash = {json.dumps(password_hash)}\n"
            f"display_name = {json.dumps(display_name, ensure_ascii=False)}\n")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bohan.auth", description="Staff accounts of the app.")
    sub = p.add_subparsers(dest="command", required=True)
    h = sub.add_parser("hash", help="hash a password: prints the lines to paste into .streamlit/secrets.toml")
    h.add_argument("username", help="sign-in name: lower-case letters, digits, _ and - (at most 32)")
    h.add_argument("--display-name", default=None,
                   help="the name entries and imports are recorded under (default: the user name)")
    h.add_argument("--stdin", action="store_true", help="read the password from the first line of standard input")
    return p


def main(argv: list[str] | None = None) -> int:
    """Exit status 0: the TOML lines are on standard output; 2: refused (message on standard error)."""
    args = _parser().parse_args(argv)
    username = args.username
    display = (args.display_name if args.display_name is not None else username).strip()
    if not USERNAME_RE.match(username):
        print("error: the user name takes lower-case letters, digits, _ and - (1 to 32)", file=sys.stderr)
        return 2
    if not display or len(display) > MAX_DISPLAY_NAME_CHARS or not display.isprintable():
        print(f"error: the display name takes 1 to {MAX_DISPLAY_NAME_CHARS} printable characters", file=sys.stderr)
        return 2
    if args.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("error: the two passwords differ", file=sys.stderr)
            return 2
    if len(password) < MIN_PASSWORD_CHARS:
        print(f"error: the password is shorter than {MIN_PASSWORD_CHARS} characters", file=sys.stderr)
        return 2
    if len(password) > MAX_PASSWORD_CHARS:
        print(f"error: the password is longer than {MAX_PASSWORD_CHARS} characters", file=sys.stderr)
        return 2
    sys.stdout.write(toml_entry(username, hash_password(password), display))
    return 0


if __name__ == "__main__":
    sys.exit(main())
