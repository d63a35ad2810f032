"""Test isolation: every test gets its own data folder, settings and database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from sistercity_desk import opening

# Qt needs a platform before any QApplication exists; tests never use a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests (hypothesis): CI runs 1,000 examples of each, the same ones on every run
# (derandomize), with no time limit per example (a render takes tens of milliseconds, and the
# machine is shared); at a desk the default "dev" profile runs 100. A test that sets its own
# max_examples keeps it. HYPOTHESIS_PROFILE=ci runs the CI profile locally.
settings.register_profile(
    "ci",
    max_examples=1000,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "dev",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no") else "dev")
)


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point every app folder (data, config, logs, office templates) at a fresh temp folder,
    so no test touches the real user data folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SISTERCITY_HOME", str(home))
    monkeypatch.delenv("SISTERCITY_DB", raising=False)
    return home


@pytest.fixture(autouse=True)
def isolated_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads or writes the real system keyring: a keyring that holds nothing, here
    and in any subprocess a test starts. Tests of stored passwords set their own."""
    import keyring
    from keyring.backends import null

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    keyring.set_keyring(null.Keyring())
    yield
    keyring.set_keyring(null.Keyring())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.db"


# --------------------------------------------------------------------------- PostgreSQL

#: Tests under tests/core that use ``engine`` (or ``session``) run once per backend.
CORE_TESTS = Path(__file__).resolve().parent / "core"
BACKENDS = ("sqlite", "postgresql")


def _parametrized_by_test(metafunc: pytest.Metafunc, name: str) -> bool:
    for mark in metafunc.definition.iter_markers("parametrize"):
        argnames = mark.args[0] if mark.args else mark.kwargs.get("argnames", "")
        names = argnames.replace(" ", "").split(",") if isinstance(argnames, str) else argnames
        if name in names:
            return True
    return False


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every core database test on SQLite and on PostgreSQL. A test can pin its backend
    with ``@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)``."""
    if "backend" not in metafunc.fixturenames or _parametrized_by_test(metafunc, "backend"):
        return
    if not Path(metafunc.definition.path).resolve().is_relative_to(CORE_TESTS):
        return
    metafunc.parametrize(
        "backend",
        [
            pytest.param("sqlite", id="sqlite"),
            pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
        ],
        indirect=True,
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    """A PostgreSQL server for the whole run (127.0.0.1, a free port, trust auth), stopped
    and removed at the end. Skips when PostgreSQL is not installed; fails under CI."""
    from pgserver import start_server
    from tools import missing_tool

    try:
        server = start_server()
    except FileNotFoundError as exc:
        missing_tool("PostgreSQL", str(exc))
    try:
        yield server
    finally:
        server.stop()
        server.remove()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: object) -> str:
    """A database migrated to the head revision, cloned for each test (fast)."""

    server = postgres_server
    name = server.create_database(prefix="template_head")  # type: ignore[attr-defined]
    eng = opening.open_database(server.url(name))  # type: ignore[attr-defined]
    eng.dispose()
    return name


@pytest.fixture
def pg_url(postgres_server: object, postgres_template: str) -> Iterator[str]:
    """The URL of a fresh PostgreSQL database at the head revision, dropped after the test."""
    server = postgres_server
    name = server.create_database(template=postgres_template)  # type: ignore[attr-defined]
    yield server.url(name)  # type: ignore[attr-defined]
    server.drop_database(name)  # type: ignore[attr-defined]


@pytest.fixture
def pg_empty_url(postgres_server: object) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database (no tables), dropped after the test."""
    server = postgres_server
    name = server.create_database()  # type: ignore[attr-defined]
    yield server.url(name)  # type: ignore[attr-defined]
    server.drop_database(name)  # type: ignore[attr-defined]


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which database the test runs on: "sqlite" unless parametrized (see above)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def database_url(backend: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    """The database of the test: the SQLite file ``db_path``, or a fresh PostgreSQL one."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return str(db_path)


@pytest.fixture
def engine(database_url: str) -> Iterator[object]:

    eng = opening.open_database(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: object) -> Iterator[object]:
    from sqlmodel import Session

    with Session(engine, expire_on_commit=False) as s:  # type: ignore[arg-type]
        yield s
