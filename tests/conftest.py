"""The two tiers of the suite: Hypothesis profiles and the ``slow`` marker.

- **Default tier** (``pytest``, the README's test command): every test except those marked ``slow``; Hypothesis runs
  the ``default`` profile, a few examples per test, so that every property and every fuzz target is still exercised.
- **Slow tier** (``HYPOTHESIS_PROFILE=deep pytest -m slow``, ``.ci/run``'s second step): the tests marked ``slow``
  (store stress: SIGKILL at random moments, many concurrent commits, the command line in real processes) and, under
  the ``deep`` profile, every Hypothesis test, with the deep numbers of examples (the fuzz files scale their counts
  by the profile's ``max_examples``: see ``examples`` in tests/fuzz/test_fuzz_inputs.py).

``HYPOTHESIS_PROFILE`` picks the profile (``default`` when unset). Neither profile keeps an example database: a
failure prints its reproduction blob instead, so that no run depends on a local ``.hypothesis/`` folder.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, is_hypothesis_test, settings

#: Examples per Hypothesis test (without its own ``max_examples``) in the default tier.
DEFAULT_EXAMPLES = 20
#: Examples per Hypothesis test in the slow tier; the fuzz files give their counts for this profile.
DEEP_EXAMPLES = 1000

#: Hypothesis's "too slow" health check times the generation of examples: on a loaded 2-core machine it fails at
#: random, and the suite holds no timing assertions (speed is measured by benchmarks/), so it is off.
TIMING_CHECKS_OFF = [HealthCheck.too_slow]
settings.register_profile("default", max_examples=DEFAULT_EXAMPLES, database=None, print_blob=True,
                          suppress_health_check=TIMING_CHECKS_OFF)
settings.register_profile("deep", max_examples=DEEP_EXAMPLES, database=None, print_blob=True, deadline=None,
                          suppress_health_check=TIMING_CHECKS_OFF)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default") or "default"
settings.load_profile(PROFILE)  # at import: the test modules read the profile when they are collected


@pytest.hookimpl(tryfirst=True)  # before pytest's own hook deselects by marker (-m)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under the deep profile every Hypothesis test belongs to the slow tier (``-m slow`` selects it)."""
    if PROFILE != "deep":
        return
    for item in items:
        if isinstance(item, pytest.Function) and is_hypothesis_test(item.obj):
            item.add_marker(pytest.mark.slow)


def pytest_report_header(config: pytest.Config) -> str:
    return f"hypothesis profile: {PROFILE} ({settings.default.max_examples} examples per test unless set)"
