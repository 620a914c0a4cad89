"""A chart's own numbers (axis ticks) follow the reader's language, as the labels written by fmt_number do: "0,2" on
an Indonesian axis, "0.2" on an English one (plotly's locale config, readiness.display.i18n.plotly_locale). The
what-if page's sensitivity chart has decimal ticks."""

from __future__ import annotations

import pytest

from readiness_app.serve import wait_until_idle

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("lang", "mark", "other"), [("ID", "0,2", "0.2"), ("EN", "0.2", "0,2")])
def test_axis_ticks_in_the_readers_convention(server, browser, lang, mark, other):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{server}/simulasi?lang={lang}")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=90_000)
        wait_until_idle(page)
        ticks = page.eval_on_selector_all(".js-plotly-plot .xtick text, .js-plotly-plot .ytick text",
                                          "els => els.map(e => e.textContent)")
    finally:
        page.close()
    assert mark in ticks and other not in ticks, ticks
