"""A dependency-free progress bar for long commands (seeding, imports, recounts)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, label: str, total: int, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.total = max(total, 1)
        self.stream = stream or sys.stderr
        self.width = width
        self.done = 0
        self.started = time.monotonic()
        self._last_percent = -1
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def advance(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        percent = self.done * 100 // self.total
        step = 1 if self.tty else 25
        if percent // step != self._last_percent // step or self.done == self.total:
            self._last_percent = percent
            self._draw(percent)

    def _draw(self, percent: int) -> None:
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = time.monotonic() - self.started
        line = f"{self.label:<14} [{bar}] {percent:3d}% {self.done}/{self.total} {elapsed:5.1f}s"
        if self.tty:
            self.stream.write("\r" + line + ("\n" if self.done == self.total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
