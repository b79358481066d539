"""The dashboards keep no records of their own: they read the counter store of the kernel (core.Counter)."""
