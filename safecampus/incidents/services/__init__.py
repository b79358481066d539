"""Service functions of incident direct reporting, one per action.

Importing the package declares every incident step on `common.flow` (reporting.py: the reporting unit's
stages; routing.py: the bureaus' receipts; faults.py: faults found by a bureau above).
"""

from . import faults, reporting, routing  # noqa: F401
