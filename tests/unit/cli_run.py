"""The command line run in this process: what ``python -m readiness ...`` would exit with and print.

The logic tests of the command line call :func:`readiness.cli.commands.main` directly (a subprocess costs about a
second of start-up each); a few tests in tests/unit/test_cli.py still start real processes to prove that
``python -m readiness`` and the ``readiness`` entry point work.
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from readiness.cli.commands import main


@dataclass(frozen=True)
class Ran:
    """The outcome of one command, named like :class:`subprocess.CompletedProcess`'s fields."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: str | os.PathLike[str] | None = None) -> Ran:
    """Run ``python -m readiness *args`` in this process, in ``cwd`` if given.

    Parameters
    ----------
    *args
        The command line after ``python -m readiness``.
    cwd
        The working directory for the command (restored afterwards).

    Returns
    -------
    Ran
        The exit status (``main``'s return value, or the code of a ``SystemExit`` such as argparse's ``--help`` and
        usage errors raise) and everything written to stdout and stderr.
    """
    out, err = io.StringIO(), io.StringIO()
    where = contextlib.chdir(Path(cwd)) if cwd is not None else contextlib.nullcontext()
    with where, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = 0 if exc.code is None else exc.code
    assert isinstance(code, int), f"exit status {code!r} is not a number"
    return Ran(code, out.getvalue(), err.getvalue())
