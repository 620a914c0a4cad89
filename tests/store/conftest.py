"""Store fixtures: every store test runs on SQLite and on PostgreSQL.

PostgreSQL is used when ``DATABASE_URL`` is set (or, with ``REQUIRE_POSTGRES=1``, at the default
``postgresql://postgres@127.0.0.1:5432/test``). Each test gets its own schema, named after this run, dropped at the
end, so runs do not interfere. Without ``DATABASE_URL`` the PostgreSQL cases are skipped; with
``REQUIRE_POSTGRES=1`` (CI) an unreachable server fails them instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from readiness.store import Access, Editor, Store, hash_passcode

SEED = Path(__file__).resolve().parent / "seed_fixture"
PASSCODE = "correct horse battery"
RUN_ID = uuid.uuid4().hex[:10]
_HASH = hash_passcode(PASSCODE)


def postgres_url() -> str | None:
    """The PostgreSQL server for these tests, or None."""
    url = os.environ.get("DATABASE_URL")
    if not url and os.environ.get("REQUIRE_POSTGRES") == "1":
        url = "postgresql://postgres@127.0.0.1:5432/test"
    return url


def _psycopg(url: str) -> str:
    return "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith(("postgres://", "postgresql://")) \
        else url


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The PostgreSQL URL after checking that it answers; schemas of this run are dropped at the end."""
    url = postgres_url()
    if url is None:
        pytest.skip("PostgreSQL: DATABASE_URL is not set")
    engine = create_engine(_psycopg(url))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL required (REQUIRE_POSTGRES=1) but unreachable at {url}: {exc.orig}")
        pytest.skip(f"PostgreSQL unreachable at {url}")
    yield url
    with engine.begin() as conn:
        schemas = conn.execute(text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"),
                               {"p": f"rt_{RUN_ID}_%"}).scalars().all()
        for schema in schemas:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def pg_schema_url(server: str, schema: str) -> str:
    """A URL whose connections use ``schema`` (created here)."""
    engine = create_engine(_psycopg(server))
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    url = make_url(_psycopg(server)).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def drop_schema(server: str, schema: str) -> None:
    engine = create_engine(_psycopg(server))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    server = request.getfixturevalue("pg_server")
    schema = f"rt_{RUN_ID}_{uuid.uuid4().hex[:8]}"
    yield pg_schema_url(server, schema)
    drop_schema(server, schema)


@pytest.fixture
def access() -> Access:
    return Access(_HASH)


@pytest.fixture
def store(store_url: str, access: Access) -> Iterator[Store]:
    """A store seeded from the hand-made fixture dataset (synthetic)."""
    s = Store.open(store_url, access=access, seed_dir=SEED)
    yield s
    s.close()


@pytest.fixture
def editor(access: Access) -> Editor:
    return access.login("Tester", PASSCODE)


#: The passcode the command-line tests give (``db`` commands read it from standard input).
CLI_PASSCODE = "test passcode"


@pytest.fixture
def db_cli(store_url: str, monkeypatch: pytest.MonkeyPatch):
    """``make(seed_dir)``: a runner of ``python -m readiness db --url <store> ...`` in this process, seeding from
    ``seed_dir``, with the editors' passcode :data:`CLI_PASSCODE`; ``run(*args, stdin="")`` returns the exit status."""
    import io

    from readiness.cli.commands import main

    def make(seed_dir: Path):
        monkeypatch.setenv("READINESS_SEED_DIR", str(seed_dir))
        monkeypatch.delenv("READINESS_EDITOR_PASSCODE", raising=False)
        monkeypatch.setenv("READINESS_EDITOR_PASSCODE_HASH", hash_passcode(CLI_PASSCODE))

        def run(*args: str, stdin: str = "") -> int:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
            return main(["db", "--url", store_url, *args])

        return run

    return make
