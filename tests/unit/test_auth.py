"""Staff sign-in without Streamlit: argon2id hashes, the slow-down of wrong passwords, one message
for every refusal, the configuration read from secrets, and the hash command."""
from __future__ import annotations

import io
import subprocess
import sys
import tomllib

import pytest

from bohan import auth
from bohan.i18n import t
from tests.auth_helpers import _TEST_HASHER, NAME, PASSWORD, USER, cheap_hash, staff_secrets
from tests.conftest import ROOT


class Clock:
    """A hand-turned clock for the throttle (seconds)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def local_config(**accounts) -> auth.Config:
    return auth.config(staff_secrets(accounts or None))


@pytest.fixture
def cheap_hashing(monkeypatch):
    """The app's hasher at test cost (about 1.5 s per hash at the real cost on 2 cores)."""
    monkeypatch.setattr(auth, "_HASHER", _TEST_HASHER)


# --- hashing -------------------------------------------------------------------------------
def test_hash_password_is_argon2id_at_rfc9106_cost():
    """The hash is argon2id with t=3, 64 MiB, p=4, and verifies its password."""
    stored = auth.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert auth.verify_password(stored, PASSWORD)


def test_hash_password_is_salted(cheap_hashing):
    """The same password hashes differently each time (a random salt), and both verify."""
    first, second = auth.hash_password(PASSWORD), auth.hash_password(PASSWORD)
    assert first != second
    assert auth.verify_password(first, PASSWORD) and auth.verify_password(second, PASSWORD)


def test_verify_password_refuses_wrong_passwords_and_broken_hashes():
    """A wrong password, an empty one, and a stored value that is not an argon2 hash all give False."""
    stored = cheap_hash()
    assert auth.verify_password(stored, PASSWORD)
    assert not auth.verify_password(stored, PASSWORD + "x")
    assert not auth.verify_password(stored, "")
    assert not auth.verify_password("not-a-hash", PASSWORD)
    assert not auth.verify_password(stored[:-4], PASSWORD)


def test_check_credentials_runs_one_verification_known_or_not(monkeypatch):
    """Unknown user, wrong password, right password: one argon2 check each (no shortcut for an
    unknown name), and the user name is matched in any width or case."""
    cfg = local_config()
    calls = []
    real = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda h, p: calls.append(h) or real(h, p))
    assert auth.check_credentials(cfg.accounts, "nobody", PASSWORD) is None
    assert auth.check_credentials(cfg.accounts, USER, "wrong password here") is None
    assert auth.check_credentials(cfg.accounts, "ＹＡＭＡＤＡ ", PASSWORD).display_name == NAME
    assert len(calls) == 3
    # the unknown name was checked against a dummy of the same cost as the real account's hash
    assert calls[0] != calls[1] and calls[0].split("$")[3] == calls[1].split("$")[3]


# --- slowing down wrong passwords ----------------------------------------------------------
def test_delay_schedule_doubles_after_three_failures_up_to_five_minutes():
    """0, 0, 0, then 2, 4, 8 ... seconds, never more than 300."""
    assert [auth.delay_after(n) for n in range(13)] == [0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    assert auth.delay_after(1000) == 300


def test_throttle_refuses_while_waiting_and_a_success_resets():
    """Three failures are free; the 4th try waits 2 s (refused, not counted), then 4 s after
    another failure; a right password clears the count."""
    clock = Clock()
    gate = auth.Throttle(clock)
    keys = [("user", "yamada"), ("session", "s1")]
    for _ in range(3):
        assert gate.attempt(keys) == 0  # counted as a failure until it succeeds
    assert gate.attempt(keys) == pytest.approx(2)
    clock.now += 1.5
    assert gate.attempt(keys) == pytest.approx(0.5)
    assert gate.failures(("user", "yamada")) == 3  # refused tries are not counted
    clock.now += 0.5
    assert gate.attempt(keys) == 0  # the 4th failure
    assert gate.wait_s(keys) == pytest.approx(4)
    clock.now += 4
    assert gate.attempt(keys) == 0
    gate.succeeded(keys)
    assert gate.failures(("user", "yamada")) == 0 and gate.wait_s(keys) == 0


def test_throttle_counts_per_user_name_and_per_session():
    """Another session does not escape a user name's count, nor does another user name a
    session's count; other names from other sessions are not held up."""
    clock = Clock()
    gate = auth.Throttle(clock)
    for i in range(3):
        gate.attempt([("user", "yamada"), ("session", f"s{i}")])
    assert gate.attempt([("user", "yamada"), ("session", "fresh")]) > 0
    for name in ("a", "b", "c"):
        gate.attempt([("user", name), ("session", "busy")])
    assert gate.attempt([("user", "d"), ("session", "busy")]) > 0
    assert gate.attempt([("user", "sato"), ("session", "other")]) == 0


def test_throttle_forgets_after_a_quiet_day_and_stays_bounded(monkeypatch):
    """A name quiet for 24 h starts from zero; the store never holds more than MAX_TRACKED keys."""
    clock = Clock()
    gate = auth.Throttle(clock)
    for _ in range(5):
        clock.now += 400
        gate.attempt([("user", "yamada")])
    clock.now += auth.FORGET_AFTER_S + 1
    gate.attempt([("user", "other")])  # any later failure sweeps out the quiet ones
    assert gate.failures(("user", "yamada")) == 0
    monkeypatch.setattr(auth, "MAX_TRACKED", 50)
    for i in range(200):
        gate.attempt([("user", f"u{i}")])
    assert len(gate._seen) <= 50


def test_unknown_user_and_wrong_password_give_the_same_message():
    """Both refusals read alike (and after the 3rd, alike again with the wait); the refused 4th try
    says how long to wait even with the right password, in both languages."""
    cfg = local_config()
    unknown = auth.attempt_sign_in(cfg, auth.Throttle(Clock()), "nobody", "whatever-pass", "s")
    wrong = auth.attempt_sign_in(cfg, auth.Throttle(Clock()), USER, "whatever-pass", "s")
    assert unknown == wrong == auth.Outcome(None, "auth.failed")

    def three_then_right(user: str) -> list[auth.Outcome]:
        gate = auth.Throttle(Clock())
        out = [auth.attempt_sign_in(cfg, gate, user, "whatever-pass", "s") for _ in range(3)]
        return out + [auth.attempt_sign_in(cfg, gate, USER, PASSWORD, "s")]

    unknown, wrong = three_then_right("nobody"), three_then_right(USER)
    assert unknown == wrong
    assert [o.message for o in wrong] == ["auth.failed", "auth.failed", "auth.failed.wait", "auth.wait"]
    assert wrong[-1].values == {"seconds": 2} and wrong[-1].account is None
    assert t("auth.wait", "ja", seconds=2) == "サインインの失敗が続いたため、あと2秒待ってからもう一度お試しください。"
    assert t("auth.wait", "en", seconds=2) == "Too many failed sign-ins: wait 2 s, then try again."


def test_right_password_signs_in_and_empty_fields_cost_nothing():
    """The right password gives the account; empty fields are refused without counting."""
    cfg = local_config()
    gate = auth.Throttle(Clock())
    for _ in range(5):
        assert auth.attempt_sign_in(cfg, gate, USER, "", "s").message == "auth.empty"
    assert gate.failures(("session", "s")) == 0
    ok = auth.attempt_sign_in(cfg, gate, USER, PASSWORD, "s")
    assert ok.account.username == USER and ok.message is None


# --- configuration ---------------------------------------------------------------------------
IDP = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "app",
       "client_secret": "s", "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}


def test_config_modes():
    """No secrets: nobody signs in; local accounts; an identity provider (unnamed or named) wins
    over local accounts; an incomplete [auth] is not used."""
    assert auth.config({}).mode == "none"
    assert auth.config({"bohan": {"staff": {}}}).mode == "none"
    local = local_config()
    assert local.mode == "local" and set(local.accounts) == {USER}
    idp = auth.config({**staff_secrets(), "auth": IDP, "bohan": {"staff_emails": ["Yamada@City.example "]}})
    assert idp.mode == "idp" and idp.provider is None and idp.staff_emails == {"yamada@city.example"}
    shared = {k: IDP[k] for k in ("redirect_uri", "cookie_secret")}
    named = auth.config({"auth": {**shared, "entra": {"client_id": "app"}}, "bohan": {"auth_provider": "entra"}})
    assert named.mode == "idp" and named.provider == "entra"
    assert auth.config({"auth": shared, **staff_secrets()}).mode == "local"


def test_config_skips_malformed_accounts():
    """A bcrypt or plain-text password, an upper-case name or a missing hash is no account."""
    good = staff_secrets()["bohan"]["staff"][USER]
    cfg = auth.config({"bohan": {"staff": {
        USER: good, "Sato": good, "plain": {"password_hash": "secret", "display_name": "x"},
        "bcrypt": {"password_hash": "$2b$12$abcdefghijklmnopqrstuv", "display_name": "x"}, "nohash": {"display_name": "x"},
    }}})
    assert set(cfg.accounts) == {USER}
    assert cfg.accounts[USER].display_name == NAME


def test_idp_viewer_staff_only_for_listed_verified_addresses():
    """Signed in with a listed address (any case): staff under the provider's name; unlisted,
    unverified or not signed in: the public."""
    cfg = auth.config({"auth": IDP, "bohan": {"staff_emails": ["yamada@city.example"]}})
    assert auth.idp_viewer({"is_logged_in": True, "email": "YAMADA@city.example", "name": "山田 太郎"}, cfg) == \
        auth.Viewer("staff", "山田 太郎")
    assert auth.idp_viewer({"is_logged_in": True, "email": "yamada@city.example"}, cfg).name == "yamada@city.example"
    assert not auth.idp_viewer({"is_logged_in": True, "email": "sato@city.example"}, cfg).staff
    assert not auth.idp_viewer({"is_logged_in": True, "email": "yamada@city.example", "email_verified": False}, cfg).staff
    assert not auth.idp_viewer({"is_logged_in": False, "email": "yamada@city.example"}, cfg).staff
    assert not auth.idp_viewer({"email": "yamada@city.example"}, cfg).staff  # a host's e-mail without sign-in


def test_viewer_role():
    assert auth.Viewer("staff", "山田").staff and not auth.PUBLIC.staff and auth.PUBLIC.name is None


# --- the hash command ------------------------------------------------------------------------
def run_cli(monkeypatch, capsys, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = auth.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_hash_command_prints_toml_that_verifies(monkeypatch, capsys, cheap_hashing):
    """`hash USER --display-name ... --stdin` prints a [bohan.staff.USER] table that parses as TOML,
    whose hash verifies the password and which the app reads as an account."""
    password = "長いパスフレーズ with spaces \"quoted\""
    code, out, err = run_cli(monkeypatch, capsys, ["hash", "sato", "--display-name", '佐藤 "花子"', "--stdin"],
                             password + "\n")
    assert code == 0, err
    parsed = tomllib.loads(out)
    entry = parsed["bohan"]["staff"]["sato"]
    assert entry["display_name"] == '佐藤 "花子"'
    assert entry["password_hash"].startswith("$argon2id$")
    assert auth.verify_password(entry["password_hash"], password)
    account = auth.config(parsed).accounts["sato"]
    assert auth.check_credentials(auth.config(parsed).accounts, "sato", password) == account


def test_hash_command_prompts_twice(monkeypatch, capsys, cheap_hashing):
    """Without --stdin the password is asked twice (getpass); two different answers are refused."""
    answers = iter(["twelve chars ok", "twelve chars ok"])
    monkeypatch.setattr(auth.getpass, "getpass", lambda prompt="": next(answers))
    code, out, _ = run_cli(monkeypatch, capsys, ["hash", "yamada"])
    assert code == 0 and tomllib.loads(out)["bohan"]["staff"]["yamada"]["display_name"] == "yamada"

    answers = iter(["twelve chars ok", "twelve chars no"])
    code, out, err = run_cli(monkeypatch, capsys, ["hash", "yamada"])
    assert code == 2 and out == "" and "differ" in err


@pytest.mark.parametrize("argv, stdin, says", [
    (["hash", "yamada", "--stdin"], "elevenchars\n", "shorter than 12"),
    (["hash", "yamada", "--stdin"], "\n", "shorter than 12"),
    (["hash", "Yamada", "--stdin"], "long enough password\n", "user name"),
    (["hash", "yama.da", "--stdin"], "long enough password\n", "user name"),
    (["hash", "yamada", "--display-name", "a\nb", "--stdin"], "long enough password\n", "display name"),
])
def test_hash_command_refuses(monkeypatch, capsys, argv, stdin, says):
    """A password under 12 characters, a user name that is no TOML bare key in lower case, or a
    display name with control characters: exit 2, a message, nothing on standard output."""
    code, out, err = run_cli(monkeypatch, capsys, argv, stdin)
    assert code == 2 and out == "" and says in err


def test_hash_command_runs_as_a_module():
    """`python -m bohan.auth hash` works from a shell, reading the password from a pipe, at full cost."""
    done = subprocess.run([sys.executable, "-m", "bohan.auth", "hash", "yamada", "--display-name", "山田", "--stdin"],
                          input="piped password 123\n", capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    entry = tomllib.loads(done.stdout)["bohan"]["staff"]["yamada"]
    assert entry["password_hash"].startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert auth.verify_password(entry["password_hash"], "piped password 123")
