"""Two dashboard instances behind nginx (deploy/nginx.conf) on one PostgreSQL database, end to end (issue 23).

Each client speaks Streamlit's websocket protocol through the proxy (readiness_app/protocol.py), as a browser does:
the proxy's affinity cookie keeps it on one instance, and the proxy says which (``X-Readiness-Upstream``). The tests
pick clients on each instance and check, through the Data page:

* an editor's commit on instance A is shown by a viewer on instance B at B's next rerun;
* two editors on A and B change the same value from the same page state: the first wins, the second is told that
  the value changed since they opened the page and nothing of theirs is written; the first editor's value stays,
  and the second, after looking again, can save theirs on top (both revisions are in the history).

Slow tier: the two instances seed a new PostgreSQL database and start in about a minute.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import create_engine, text

import readiness
from readiness.display.i18n import parse_number
from readiness_app.protocol import Viewer

pytestmark = pytest.mark.slow

DATA = "data"  # the Data page's URL path
#: The framework's indicator names on the (Indonesian) Data page, and back.
_FRAMEWORK = readiness.load_dataset().framework  # the seed the deployment's store is filled from
INDICATOR_NAMES = {i: _FRAMEWORK.node(i).name("id") for i in _FRAMEWORK.indicators}
INDICATOR_IDS = {name: i for i, name in INDICATOR_NAMES.items()}


async def client_on(base: str, port: int, tries: int = 40) -> Viewer:
    """A new client session that the proxy placed on the instance at ``port``."""
    for _ in range(tries):
        viewer = await Viewer.open(base)
        if viewer.upstream.endswith(f":{port}"):
            return viewer
        await viewer.close()
    raise AssertionError(f"the proxy never placed a new session on port {port} in {tries} tries")


async def editor_on(base: str, port: int, name: str, passcode: str) -> Viewer:
    """A client on ``port`` logged in on the Data page as ``name``."""
    viewer = await client_on(base, port)
    await viewer.run(DATA)
    viewer.set_text("data_login_name", name)
    viewer.set_text("data_login_passcode", passcode)
    viewer.click("Masuk")
    run = await viewer.run(DATA)
    viewer.forget("Masuk")
    assert not run.exceptions, run.exceptions
    assert "data_edit_value" in run.widgets, run.text()[-800:]
    return viewer


async def submit(viewer: Viewer, value: str) -> str:
    """Type ``value`` into the edit form (its default region, indicator and year), name its source (the form has no
    default source: the first one offered) and press "Periksa"; the run's text."""
    viewer.set_text("data_edit_value", value)
    viewer.set_text("data_edit_source", viewer.last.widgets["data_edit_source"].options[0])  # a selectbox's shown option
    button = next(k for k, w in viewer.last.widgets.items() if getattr(w, "form_id", "") == "data_edit"
                  and getattr(w, "is_form_submitter", False))
    viewer.click(button)
    run = await viewer.run(DATA)
    viewer.forget(button)
    viewer.forget("data_edit_value")
    assert not run.exceptions, run.exceptions
    return run.text()


def edited_key(viewer: Viewer, database_url: str) -> tuple[str, str, int]:
    """The region code, indicator id and year the edit form is set to by default (the page shows names: the region's
    is looked up in the store, the indicator's in the framework)."""
    widgets = viewer.last.widgets
    region_name, indicator_name = (_chosen(widgets[k]) for k in ("data_region", "data_edit_indicator"))
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            region = conn.execute(text("SELECT code FROM regions WHERE name = :n"), {"n": region_name}).scalar_one()
    finally:
        engine.dispose()
    indicator = INDICATOR_IDS[indicator_name]
    year = widgets["data_edit_year"].default
    return region, indicator, int(year if isinstance(year, float | int) else year[0])


def _chosen(selectbox) -> str:
    default = selectbox.default
    return selectbox.options[default if isinstance(default, int) else default[0]]


def shown_value(viewer: Viewer, indicator: str, year: int) -> float | None:
    """The value the region's table shows for ``indicator`` in ``year`` (the page's Indonesian names and numbers:
    "3,25 indeks 0-5")."""
    table = viewer.last.table("Indikator", "Tahun", "Nilai")  # the region's current figures, as the reader reads them
    rows = table[(table["Indikator"] == INDICATOR_NAMES[indicator]) & (table["Tahun"] == str(year))]
    return parse_number(str(rows["Nilai"].iloc[0]).split()[0]) if len(rows) else None


def revisions(database_url: str, key: str) -> list[tuple[str, str]]:
    """(editor, new value) of every revision of an observation, oldest first, read straight from PostgreSQL."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return [(r[0], r[1]) for r in conn.execute(text(
                "SELECT editor, new_value FROM revisions WHERE entity = 'observations' AND key = :k ORDER BY id"),
                {"k": key})]
    finally:
        engine.dispose()


def test_a_commit_on_one_instance_shows_on_the_other_at_its_next_rerun(deployment):
    async def scenario():
        a_port, b_port = deployment.ports
        editor = await editor_on(deployment.base, a_port, "Editor A", deployment.passcode)
        viewer = await client_on(deployment.base, b_port)
        await viewer.run(DATA)
        region, indicator, year = edited_key(editor, deployment.database_url)
        before = shown_value(viewer, indicator, year)
        new = 3.25 if before != 3.25 else 2.75  # within spbe_index's range 0-5
        said = await submit(editor, str(new))
        assert "Tersimpan" in said, said[-800:]
        await viewer.run(DATA)  # the viewer's next rerun, on the other instance
        shown = shown_value(viewer, indicator, year)
        await editor.close()
        await viewer.close()
        return region, before, new, shown

    region, before, new, shown = asyncio.run(scenario())
    assert shown == pytest.approx(new), f"{region}: instance B still shows {shown} (was {before})"


def test_two_editors_on_two_instances_one_wins_the_other_is_told(deployment):
    async def scenario():
        a_port, b_port = deployment.ports
        first = await editor_on(deployment.base, a_port, "Editor Pertama", deployment.passcode)
        second = await editor_on(deployment.base, b_port, "Editor Kedua", deployment.passcode)
        assert first.upstream != second.upstream
        region, indicator, year = edited_key(first, deployment.database_url)
        assert edited_key(second, deployment.database_url) == (region, indicator, year)
        said_first = await submit(first, "1.25")
        said_second = await submit(second, "4.5")  # from the page as it was before the first commit
        shown_to_second = shown_value(second, indicator, year)
        said_again = await submit(second, "4.5")  # after seeing the first editor's value
        await first.close()
        await second.close()
        return f"{region}|{indicator}|{year}", said_first, said_second, shown_to_second, said_again

    key, said_first, said_second, shown_to_second, said_again = asyncio.run(scenario())
    assert "Tersimpan" in said_first, said_first[-800:]
    assert "telah berubah sejak halaman ini dibuka" in said_second and "Tersimpan" not in said_second
    assert shown_to_second == pytest.approx(1.25)  # the table it is told to check shows the winner's value
    assert "Tersimpan" in said_again, said_again[-800:]
    history = revisions(deployment.database_url, key)
    editors = [e for e, _ in history]
    assert editors[-2:] == ["Editor Pertama", "Editor Kedua"], history  # nothing lost, nothing doubled
    assert editors.count("Editor Kedua") == 1


def test_a_deep_links_health_probes_answer_through_the_proxy(deployment):
    """Streamlit's page opened by a deep link probes <page>/_stcore/health and host-config first (404 upstream,
    streamlit/streamlit#7074); the proxy answers them from the root, so the browser logs no 404."""
    import urllib.request

    for probe in ("health", "host-config"):
        with urllib.request.urlopen(f"{deployment.base}/profil/_stcore/{probe}", timeout=10) as r:
            assert r.status == 200, probe
