"""``python -m readiness``: see :mod:`readiness.cli`."""

import sys

from readiness.cli import main

sys.exit(main())
