"""The database password, kept in the system keyring rather than in the settings file.

The settings hold a server URL without its password (``postgresql+psycopg://aide@db/desk``);
the password is stored with ``keyring`` under the service "SisterCityDesk" and the user name
``user@host/database``, and handed to the driver only when a connection is opened. Messages
and logs show URLs through ``db.safe_url``, which hides any password.
"""

from __future__ import annotations

import logging
from typing import Any

import keyring
from keyring.errors import KeyringError, PasswordDeleteError
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url

from .errors import Unavailable

log = logging.getLogger(__name__)

SERVICE = "SisterCityDesk"


#: Query keys of a server URL that hold a password (libpq's own name, and a common misspelling).
PASSWORD_KEYS = ("password", "passwd")


def _parse(url: str | URL) -> URL:
    return url if isinstance(url, URL) else make_url(url)


def _user(parsed: URL) -> str:
    query_user = parsed.query.get("user")
    return parsed.username or (query_user if isinstance(query_user, str) else "") or ""


def keyring_user(url: str | URL) -> str:
    """The keyring user name of a server URL: ``user@host/database``."""
    parsed = _parse(url)
    return f"{_user(parsed)}@{parsed.host or 'localhost'}/{parsed.database or ''}"


def uses_password(url: str | URL) -> bool:
    """True for a server database with a user name (SQLite files have no password)."""
    parsed = _parse(url)
    return parsed.get_backend_name() != "sqlite" and bool(_user(parsed))


def password_in(url: str | URL) -> str | None:
    """The password written anywhere in a URL: after the user name, or as a query option
    (``?password=``, as libpq takes it)."""
    parsed = _parse(url)
    if parsed.password:
        return str(parsed.password)
    for key in PASSWORD_KEYS:
        value = parsed.query.get(key)
        if isinstance(value, tuple):
            value = value[-1] if value else None
        if value:
            return str(value)
    return None


def without_password(url: str | URL) -> str:
    """The URL as it may be written to the settings: every password removed."""
    parsed = _parse(url)
    # URL.set() reads None as "unchanged"; the URL is a named tuple, so replace the field.
    parsed = parsed._replace(password=None).difference_update_query(PASSWORD_KEYS)
    return parsed.render_as_string(hide_password=False)


def masked(url: str | URL) -> str:
    """The URL for messages, output and logs: every password shown as ***."""
    parsed = _parse(url)
    hidden = {k: "***" for k in PASSWORD_KEYS if k in parsed.query}
    if hidden:
        parsed = parsed.update_query_dict(hidden)
    return parsed.render_as_string(hide_password=True)


def get_password(url: str | URL) -> str | None:
    """The stored password of a server URL, or None (none stored, or no keyring)."""
    if not uses_password(url):
        return None
    try:
        return keyring.get_password(SERVICE, keyring_user(url))
    except KeyringError as exc:
        # No keyring on this desktop: the server may still accept us (trust, .pgpass).
        log.info("No password from the system keyring: %s", exc)
        return None


def store_password(url: str | URL, password: str) -> None:
    """Keep the password of a server URL in the system keyring."""
    if not uses_password(url):
        raise Unavailable("Only a server database with a user name has a password to keep.")
    try:
        keyring.set_password(SERVICE, keyring_user(url), password)
    except KeyringError as exc:
        raise Unavailable(
            f"The password cannot be kept in this computer's keyring ({exc}). Put it in the "
            "PostgreSQL password file (~/.pgpass, or %APPDATA%\\postgresql\\pgpass.conf on "
            "Windows) instead, and leave it out of the database address."
        ) from exc


def forget_password(url: str | URL) -> bool:
    """Remove a stored password; True when there was one."""
    if not uses_password(url):
        return False
    try:
        keyring.delete_password(SERVICE, keyring_user(url))
    except PasswordDeleteError:
        return False
    except KeyringError as exc:
        log.info("Could not remove the password from the system keyring: %s", exc)
        return False
    return True


def remember(url: str) -> str:
    """Split a URL typed with its password: the password goes to the keyring, and the URL
    without it is returned, ready for the settings. A URL without a password is returned
    unchanged."""
    parsed = _parse(url)
    password = password_in(parsed)
    if password is None:
        return url
    if not uses_password(parsed):
        raise Unavailable(
            "The database address has a password but no user name; add the user name "
            "(postgresql+psycopg://USER@host/database) so the password can be kept."
        )
    store_password(parsed, password)
    return without_password(parsed)


def attach(engine: Engine) -> None:
    """Look the password up in the keyring each time ``engine`` connects, when its URL has a
    user name but no password. The password never becomes part of the engine's URL."""
    if not uses_password(engine.url) or password_in(engine.url):
        return
    url = engine.url

    @event.listens_for(engine, "do_connect")
    def _insert_password(
        _dialect: Any, _conn_rec: Any, _cargs: Any, cparams: dict[str, Any]
    ) -> None:
        if not cparams.get("password"):
            password = get_password(url)
            if password:
                cparams["password"] = password
