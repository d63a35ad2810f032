"""The server password lives in the keyring, never in the settings, URLs shown, or logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from sistercity_desk import db, opening, secrets, settings
from sistercity_desk.cli import main
from sistercity_desk.errors import DeskError

PASSWORD = "pä$$ w0rd/@:#?"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this test only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise PasswordDeleteError("no such password")
        del self.items[(service, username)]


class BrokenKeyring(MemoryKeyring):
    """A desktop without a working keyring."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("no keyring daemon")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("no keyring daemon")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring


@pytest.fixture
def secret_role(postgres_server: object) -> str:
    """A server role that must log in with PASSWORD (scram, see tests/pgserver.py)."""
    from pgserver import PASSWORD_ROLE

    literal = PASSWORD.replace("'", "''")
    postgres_server.execute(  # type: ignore[attr-defined]
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PASSWORD_ROLE}') "
        f"THEN CREATE ROLE {PASSWORD_ROLE} LOGIN SUPERUSER; END IF; END $$",
        f"ALTER ROLE {PASSWORD_ROLE} PASSWORD '{literal}'",
    )
    return PASSWORD_ROLE


@pytest.fixture
def secret_urls(pg_url: str, secret_role: str) -> tuple[str, str]:
    """(the URL with the password, the same URL without it) of a fresh database."""
    parsed = make_url(pg_url)
    with_pw = URL.create(
        parsed.drivername,
        username=secret_role,
        password=PASSWORD,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
    ).render_as_string(hide_password=False)
    return with_pw, secrets.without_password(with_pw)


def _connects(url: str) -> bool:
    engine = opening.open_database(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT current_user")).scalar_one() == "desk_secret"
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- without a server


def test_url_without_password_and_keyring_user() -> None:
    url = "postgresql+psycopg://aide:hunter2@db.office.local:5433/desk"
    assert secrets.without_password(url) == "postgresql+psycopg://aide@db.office.local:5433/desk"
    assert secrets.keyring_user(url) == "aide@db.office.local/desk"
    assert "hunter2" not in db.safe_url(url)
    assert not secrets.uses_password("sqlite:///tmp/desk.db")


def test_remember_puts_the_password_in_the_keyring(memory_keyring: MemoryKeyring) -> None:
    stored = secrets.remember("postgresql+psycopg://aide:hunter2@db.office.local/desk")
    assert stored == "postgresql+psycopg://aide@db.office.local/desk"
    assert memory_keyring.items == {("SisterCityDesk", "aide@db.office.local/desk"): "hunter2"}
    assert secrets.get_password(stored) == "hunter2"
    assert secrets.forget_password(stored)
    assert secrets.get_password(stored) is None
    assert not secrets.forget_password(stored)


def test_no_keyring_is_said_in_words() -> None:
    keyring.set_keyring(BrokenKeyring())
    with pytest.raises(DeskError, match="pgpass"):
        secrets.remember("postgresql+psycopg://aide:hunter2@db.office.local/desk")
    # Reading just finds nothing: the server may accept the user another way.
    assert secrets.get_password("postgresql+psycopg://aide@db.office.local/desk") is None


# --------------------------------------------------------------------------- with the server


@pytest.mark.postgres
def test_the_password_comes_from_the_keyring_at_connect_time(
    memory_keyring: MemoryKeyring,
    secret_urls: tuple[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with_pw, without = secret_urls
    # Without the password the server refuses, and says so in words without a traceback.
    with pytest.raises(DeskError, match="password"):
        opening.open_database(without)

    assert secrets.remember(with_pw) == without
    assert _connects(without)
    engine = db.make_engine(without)
    assert engine.url.password is None
    assert PASSWORD not in str(engine.url) and PASSWORD not in repr(engine.url)
    engine.dispose()

    # A changed password on the server: the message hides the stored one.
    memory_keyring.items[("SisterCityDesk", secrets.keyring_user(without))] = "wrong-" + PASSWORD
    with pytest.raises(DeskError) as caught:
        opening.open_database(without)
    assert "password" in str(caught.value)
    assert PASSWORD not in str(caught.value)
    for record in caplog.records:
        assert PASSWORD not in record.getMessage()


@pytest.mark.postgres
def test_a_password_typed_in_the_url_is_hidden_in_messages(secret_urls: tuple[str, str]) -> None:
    with_pw, _without = secret_urls
    wrong = URL.create(
        "postgresql+psycopg",
        username=make_url(with_pw).username,
        password="typed-Wr0ng",
        host=make_url(with_pw).host,
        port=make_url(with_pw).port,
        database=make_url(with_pw).database,
    ).render_as_string(hide_password=False)
    with pytest.raises(DeskError) as caught:
        opening.open_database(wrong)
    message = str(caught.value)
    assert "***" in message and "password" in message
    assert "typed-Wr0ng" not in message


@pytest.mark.postgres
def test_connect_command_keeps_the_password_out_of_the_settings(
    memory_keyring: MemoryKeyring,
    secret_urls: tuple[str, str],
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with_pw, without = secret_urls
    assert main(["connect", with_pw]) == 0
    out = capsys.readouterr().out
    assert PASSWORD not in out and "keyring" in out
    assert settings.load().database_url == without
    for path in isolated_home.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    # The next command, with no --db, uses the settings and the keyring.
    assert main(["check"]) == 0
    assert "No problems found." in capsys.readouterr().out
    assert _connects(without)


# --------------------------------------------------------------------------- every spelling


def _spellings(with_pw: str) -> dict[str, str]:
    """The same address with the password in each place a person may type it."""
    parsed = make_url(with_pw)
    plain = secrets.without_password(with_pw)
    query = URL.create(
        parsed.drivername,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query={"user": str(parsed.username), "password": str(parsed.password)},
    ).render_as_string(hide_password=False)
    quoted = str(parsed.password).replace("\\", "\\\\").replace("'", "\\'")
    libpq = (
        f"host={parsed.host} port={parsed.port} dbname={parsed.database} "
        f"user={parsed.username} password='{quoted}'"
    )
    return {
        "userinfo": with_pw,
        "query": plain + ("&" if "?" in plain else "?") + "password=" + quote(str(parsed.password)),
        "query-user": query,
        "libpq": libpq,
    }


def test_a_password_anywhere_in_the_address_is_kept_and_masked(
    memory_keyring: MemoryKeyring,
) -> None:
    with_pw = URL.create(
        "postgresql+psycopg",
        username="aide",
        password=PASSWORD,
        host="db.office.local",
        port=5433,
        database="desk",
    ).render_as_string(hide_password=False)
    for name, spelled in _spellings(with_pw).items():
        url = db.resolve_url(spelled)
        assert PASSWORD not in db.safe_url(url), name
        assert secrets.password_in(url) == PASSWORD, name
        stored = secrets.remember(url)
        assert PASSWORD not in stored and "password" not in stored, (name, stored)
        assert secrets.get_password(stored) == PASSWORD, name
        memory_keyring.items.clear()
    # Settings never hold one, whoever saves them.
    current = settings.load()
    current.database_url = db.resolve_url(_spellings(with_pw)["query"])
    settings.save(current)
    assert PASSWORD not in settings.settings_path().read_text(encoding="utf-8")
    assert secrets.get_password(settings.load().database_url) == PASSWORD


@pytest.mark.postgres
@pytest.mark.parametrize("spelling", ["userinfo", "query", "query-user", "libpq"])
def test_connect_with_the_password_anywhere_keeps_it_out_of_files_and_output(
    spelling: str,
    memory_keyring: MemoryKeyring,
    secret_urls: tuple[str, str],
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with_pw, _without = secret_urls
    assert main(["connect", _spellings(with_pw)[spelling]]) == 0
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err and quote(PASSWORD) not in out + err
    assert "keyring" in out
    for path in isolated_home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert PASSWORD.encode() not in data and quote(PASSWORD).encode() not in data, path
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert "No problems found." in out and PASSWORD not in out + err
    for record in caplog.records:
        assert PASSWORD not in record.getMessage()
