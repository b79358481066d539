#!/usr/bin/env python3
"""Fail (exit 1) if a .po catalogue has untranslated or fuzzy entries.

Also reports entries whose %(name)s placeholders differ from the msgid.
Standard library only, so tests and CI can call it without gettext tools:

    python safecampus/locale/check_translations.py            # every */LC_MESSAGES/*.po here
    python safecampus/locale/check_translations.py path/to/django.po ...

Run `manage.py makemessages -l zh_Hans ...` first so the catalogue holds every
string in the code; this script only judges the catalogue it is given.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifeEgGxXor]")


def parse(path: Path) -> list[dict]:
    """Entries of a .po file: {"flags", "msgid", "msgid_plural", "msgstr": [..], "line"}."""
    entries: list[dict] = []
    entry: dict | None = None
    key: str | None = None

    def finish() -> None:
        nonlocal entry, key
        if entry is not None and "msgid" in entry:
            entries.append(entry)
        entry, key = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):  # obsolete entry: ignored
            continue
        if entry is None or (line.startswith("#") and "msgid" in entry):
            finish()
            entry = {"flags": set(), "msgstr": {}, "line": number}
        if line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(key, int):
                entry["msgstr"][key] += value
            elif key:
                entry[key] += value
        else:
            word, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            match = re.fullmatch(r"msgstr\[(\d+)\]", word)
            if match:
                key = int(match.group(1))
                entry["msgstr"][key] = value
            elif word == "msgstr":
                key = 0
                entry["msgstr"][0] = value
            else:
                key = word
                entry[word] = value
    finish()
    return entries


def check(path: Path) -> list[str]:
    problems: list[str] = []
    translated = 0
    for entry in parse(path):
        msgid = entry["msgid"]
        if msgid == "" and "msgctxt" not in entry:  # header
            if "fuzzy" in entry["flags"]:
                problems.append(f"{path}:{entry['line']}: header is marked fuzzy")
            continue
        where = f"{path}:{entry['line']}: {msgid[:60]!r}"
        if "fuzzy" in entry["flags"]:
            problems.append(f"{where}: fuzzy")
        strings = list(entry["msgstr"].values())
        if not strings or any(not s for s in strings):
            problems.append(f"{where}: untranslated")
            continue
        wanted = set(PLACEHOLDER.findall(msgid)) | set(PLACEHOLDER.findall(entry.get("msgid_plural", "")))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{where}: placeholders differ from the msgid")
                break
        else:
            if "fuzzy" not in entry["flags"]:
                translated += 1
    print(f"{path}: {translated} translated, {len(problems)} problem(s)")
    return problems


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(HERE.glob("*/LC_MESSAGES/*.po"))
    if not paths:
        print("no .po files found", file=sys.stderr)
        return 1
    problems = [p for path in paths for p in check(path)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
