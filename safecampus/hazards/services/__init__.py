"""Service functions of the hazard closed loop, one per action (see workflow.py, inspections.py)."""
