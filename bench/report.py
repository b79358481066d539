"""The benchmark's results as Markdown: figures, the targets they are held to, and the ratios."""

from __future__ import annotations

import json
from typing import Any

# The ledger API: the newest 50 open hazards with their total, each as an officer of that scope.
LEDGER_PROVINCE = "Ledger: province, open, newest 50 + total (API, province admin)"
LEDGER_CITY = "Ledger: city, open, newest 50 + total (API, city officer)"
LEDGER_COUNTY = "Ledger: county, open, newest 50 + total (API, county officer)"
# name → p95 target in ms
LATENCY_TARGETS = {
    "Province dashboard (API)": 30,
    "County dashboard (API)": 20,
    LEDGER_PROVINCE: 50,
    LEDGER_CITY: 50,
    LEDGER_COUNTY: 50,
}
ON_THE_FLY = {
    "Province dashboard (API)": ("Province on the fly (GROUP BY)", 20),
    "City dashboard (API)": ("City on the fly (GROUP BY)", None),
    "County dashboard (API)": ("County on the fly (GROUP BY)", None),
}


def same_figures(counted: bytes, fresh: bytes) -> bool:
    """Do the counter dashboard and the on-the-fly one give the same figures, trend, categories and children?"""
    a, b = json.loads(counted), json.loads(fresh)
    return all(a.get(key) == b.get(key) for key in ("figures", "trend", "top_categories", "children"))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def markdown(r: dict[str, Any]) -> str:
    latency, rates = r["latency"], r["rates"]
    database = "PostgreSQL 15" if r["kind"] == "pg" else "SQLite"
    # The project's settings keep no SQLite connection open between requests.
    connections = "persistent connections" if r["kind"] == "pg" else "a connection per request"
    phases = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in r["phases"].items())
    lines = [
        f"**{database}, {r['schools']:,} schools, {r['hazards']:,} hazards** — {r['date']}, {r['machine']}; "
        f"gunicorn 2 sync workers, {connections}; client on the same machine.",
        "",
        f"Seed: {r['seed_seconds']:.0f} s ({phases}). Recount after seeding: "
        f"{'no drift' if r['drift'] else '**drift**'} ({r['recount_seconds']:.0f} s).",
        "",
        "| Request | p50 ms | p95 ms | n | Target | |",
        "|---|---:|---:|---:|---|---|",
    ]
    for name, (p50, p95, count) in latency.items():
        target, verdict = "", ""
        if name in LATENCY_TARGETS:
            target, verdict = f"p95 ≤ {LATENCY_TARGETS[name]} ms", _verdict(p95 * 1000 <= LATENCY_TARGETS[name])
        lines.append(f"| {name} | {_ms(p50)} | {_ms(p95)} | {count} | {target} | {verdict} |")
    lines += ["", "| Counters against on the fly | counters p50 | on the fly p50 | ratio | Target | | same figures |"]
    lines.append("|---|---:|---:|---:|---|---|---|")
    for name, (fly, wanted) in ON_THE_FLY.items():
        ratio = latency[fly][0] / latency[name][0]
        level = name.split()[0].lower()
        target, verdict = (f"≥ {wanted}×", _verdict(ratio >= wanted)) if wanted else ("", "")
        same = "yes" if r["same"].get(level) else "**no**"
        lines.append(
            f"| {name.split(' (')[0]} | {_ms(latency[name][0])} ms | {_ms(latency[fly][0])} ms | {ratio:.0f}× "
            f"| {target} | {verdict} | {same} |"
        )
    floor = rates["One primary-key query"]
    lines += ["", f"| Throughput ({r['clients']} concurrent clients) | req/s | of the primary-key view | Target | |"]
    lines.append("|---|---:|---:|---|---|")
    for name, rate in rates.items():
        share = rate / floor
        target, verdict = "", ""
        if name == "Province dashboard (API)":
            target, verdict = "≥ 50%", _verdict(share >= 0.5)
        lines.append(f"| {name} | {rate:.0f} | {share:.0%} | {target} | {verdict} |")
    return "\n".join(lines)
