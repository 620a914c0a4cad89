"""The store seeded from the bundled data/ reads back as the same Dataset as the CSVs (SQLite; PostgreSQL too when
DATABASE_URL is set)."""

from __future__ import annotations

import os
import uuid

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import readiness
from readiness.store import Store

TABLES = ("regions", "observations", "sources", "events", "labels", "undated")


def _pg_url() -> tuple[str, str]:
    server = os.environ.get("DATABASE_URL") or ("postgresql://postgres@127.0.0.1:5432/test"
                                                 if os.environ.get("REQUIRE_POSTGRES") == "1" else "")
    if not server:
        pytest.skip("PostgreSQL: DATABASE_URL is not set")
    server = "postgresql+psycopg://" + server.split("://", 1)[1]
    schema = f"rt_seed_{uuid.uuid4().hex[:10]}"
    engine = create_engine(server)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return server, schema


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    server, schema = _pg_url()
    yield make_url(server).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)
    engine = create_engine(server)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def test_store_seeded_from_bundled_data_equals_the_csvs(url, ds):
    with Store.open(url) as store:
        got = store.load_dataset()
        assert store.revision_count() == sum(len(getattr(ds, t)) for t in TABLES) - int(ds.observations["derived"].sum())
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(got, name), getattr(ds, name), obj=name)
    result_csv = readiness.score(ds.framework, ds.observations, regions=ds.regions, year=2024, window=3,
                                 normalise="goalposts")
    result_store = readiness.score(got.framework, got.observations, regions=got.regions, year=2024, window=3,
                                   normalise="goalposts")
    pd.testing.assert_frame_equal(result_store.to_frame(), result_csv.to_frame())
