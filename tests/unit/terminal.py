"""A line on the terminal from a fixture's teardown, past pytest's output capture (e.g. a fuzz run's figures)."""

from __future__ import annotations

import pytest


def write_line(config: pytest.Config, text: str) -> None:
    """Write ``text`` to pytest's terminal even while output is captured (as ``capsys.disabled()`` does).

    Parameters
    ----------
    config
        The run's configuration (``request.config``).
    text
        The line; nothing happens when pytest runs without its terminal reporter.
    """
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None:
        return
    if capture is None:
        reporter.write_line(text)
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(text)
