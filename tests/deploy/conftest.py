"""A real deployment for the tests: Debian's nginx with ``deploy/nginx.conf`` in front of two dashboard instances
on one PostgreSQL database of this run (created here, dropped at the end).

PostgreSQL is the one of the store tests (``DATABASE_URL``, or with ``REQUIRE_POSTGRES=1`` the default
``postgresql://postgres@127.0.0.1:5432/test``): the fixture connects to it only to create and drop its own database,
``readiness_deploy_<run>``. Without nginx or PostgreSQL the tests are skipped; in CI (``REQUIRE_NGINX=1``,
``REQUIRE_POSTGRES=1``) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from readiness_app.serve import free_port, start_proxy, start_server, stop_server

PASSCODE = "deployment test passcode"
DB_NAME = f"readiness_deploy_{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Deployment:
    """The proxy's base URL, the instances' ports, the database URL they share and the editors' passcode."""

    base: str
    ports: tuple[int, int]
    database_url: str
    passcode: str = PASSCODE


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url and os.environ.get("REQUIRE_POSTGRES") == "1":
        url = "postgresql://postgres@127.0.0.1:5432/test"
    if not url or not url.startswith(("postgres://", "postgresql")):
        pytest.skip("a PostgreSQL DATABASE_URL is needed for the deployment test")
    return "postgresql+psycopg://" + url.split("://", 1)[1]


def _admin(url: str, sql: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A new PostgreSQL database of this run (dropped first if a crashed run left it), dropped at the end."""
    server = _server_url()
    try:
        _admin(server, f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        _admin(server, f'CREATE DATABASE "{DB_NAME}"')
    except OperationalError as exc:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL required but unreachable: {exc.orig}")
        pytest.skip(f"PostgreSQL unreachable: {exc.orig}")
    yield make_url(server).set(database=DB_NAME).render_as_string(hide_password=False)
    _admin(server, f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


@pytest.fixture(scope="module")
def deployment(database, tmp_path_factory) -> Iterator[Deployment]:
    """nginx (deploy/nginx.conf) on a free port in front of two instances on ``database``."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if nginx is None:
        if os.environ.get("REQUIRE_NGINX") == "1":
            pytest.fail("nginx is required (apt-get install -y nginx)")
        pytest.skip("nginx is not installed (apt-get install -y nginx)")
    env = {"DATABASE_URL": database, "READINESS_EDITOR_PASSCODE": PASSCODE, "READINESS_EDITOR_PASSCODE_HASH": "",
           "READINESS_DATA_DIR": str(tmp_path_factory.mktemp("deploy-var"))}
    ports = (free_port(), free_port())
    servers = []
    try:
        for port in ports:
            servers.append(start_server(port, env=env, timeout=120))
        proxy_port = free_port()
        proxy = start_proxy(proxy_port, ports, tmp_path_factory.mktemp("nginx"), nginx=nginx)
        try:
            yield Deployment(f"http://127.0.0.1:{proxy_port}", ports, database)
        finally:
            stop_server(proxy)
    finally:
        for proc in servers:
            stop_server(proc)
