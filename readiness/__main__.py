"""``python -m readiness``: see :mod:`readiness.cli.commands`."""

import sys

from readiness.cli.commands import main

sys.exit(main())
