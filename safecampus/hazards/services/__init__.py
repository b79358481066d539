"""Service functions of the hazard closed loop, one per action.

Importing the package declares every hazard step on `common.flow` (workflow.py: the school's steps;
oversight.py: the level above; recheck.py: the re-check), so pages and the API see all of them.
"""

from . import oversight, recheck, workflow  # noqa: F401
