"""The command line: ``python -m readiness {score,compare,validate,uncertainty,target,db,brief,boundaries}``."""

from readiness.cli.commands import main

__all__ = ["main"]
