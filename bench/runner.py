"""`bench/run`: seed a province, serve it with gunicorn, measure the dashboard over HTTP, print Markdown.

bench/run --pg        33,000 schools, 3,000,000 hazards on a throwaway PostgreSQL 15
bench/run --sqlite    3,300 schools, 300,000 hazards on SQLite
(--schools N --hazards M change the sizes)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from . import pg, report
from .client import Server, latencies, percentile, throughput
from .report import LEDGER_CITY, LEDGER_COUNTY, LEDGER_PROVINCE

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
PASSWORD = "Safe#2026"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--pg", action="store_true", help="PostgreSQL 15 (default)")
    kind.add_argument("--sqlite", action="store_true", help="SQLite")
    parser.add_argument("--schools", type=int, help="default 33000 (PostgreSQL) or 3300 (SQLite)")
    parser.add_argument("--hazards", type=int, help="default 3000000 (PostgreSQL) or 300000 (SQLite)")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per counter-read URL (default 300)")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each throughput run (default 10)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients for throughput (default 4)")
    args = parser.parse_args(argv)
    args.kind = "sqlite" if args.sqlite else "pg"
    args.schools = args.schools if args.schools is not None else (3300 if args.sqlite else 33000)
    args.hazards = args.hazards if args.hazards is not None else (300_000 if args.sqlite else 3_000_000)
    return args


def manage(env: dict[str, str], *command: str, echo: bool = False, check: bool = True) -> tuple[float, str]:
    """Run a management command; returns its wall time and output (progress goes to the console)."""
    started = time.monotonic()
    result = subprocess.run(
        [PYTHON, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=None if echo else subprocess.DEVNULL,
        text=True,
    )
    if check and result.returncode:
        raise SystemExit(f"manage.py {' '.join(command)} failed:\n{result.stdout}")
    return time.monotonic() - started, result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int = 2) -> Iterator[Server]:
    """gunicorn with sync workers on loopback; stopped (and waited for) at the end."""
    command = [PYTHON, "-m", "gunicorn", "safecampus.wsgi:application", f"--workers={workers}", "--worker-class=sync"]
    command += [f"--bind=127.0.0.1:{port}", "--timeout=600", "--log-level=warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    server = Server("127.0.0.1", port)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if server.request("/bench/trivial/")[0] == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def phases(seed_output: str) -> dict[str, float]:
    """The seed's own per-phase wall times (its last line of timings)."""
    found = (
        re.findall(r"(\w+) ([\d.]+)s", seed_output.split("Phases:")[-1].splitlines()[0])
        if "Phases:" in seed_output
        else []
    )
    return {name: float(seconds) for name, seconds in found}


def measure(server: Server, args: argparse.Namespace, env: dict[str, str]) -> dict[str, object]:
    token = {"Authorization": f"Token {server.token('admin.370000', PASSWORD)}"}
    city_token = {"Authorization": f"Token {server.token('safety.370100', PASSWORD)}"}
    county_token = {"Authorization": f"Token {server.token('safety.370102', PASSWORD)}"}
    cookie = {"Cookie": server.session("admin.370000", PASSWORD)}
    province = _org(server, token, "370000")
    city = _org(server, token, "370100")
    county = _org(server, token, "370102")
    rows: list[tuple[str, str, dict[str, str], int]] = [
        ("Province dashboard (API)", f"/api/v1/dashboard/?org={province}", token, args.requests),
        ("City dashboard (API)", f"/api/v1/dashboard/?org={city}", token, args.requests),
        ("County dashboard (API)", f"/api/v1/dashboard/?org={county}", token, args.requests),
        (LEDGER_PROVINCE, f"/api/v1/hazards/?org={province}&state=open", token, args.requests),
        (LEDGER_CITY, f"/api/v1/hazards/?org={city}&state=open", city_token, args.requests),
        (LEDGER_COUNTY, f"/api/v1/hazards/?org={county}&state=open", county_token, args.requests),
        ("Province dashboard page", f"/org/{province}/dashboard/", cookie, args.requests // 3),
        ("County dashboard page", f"/org/{county}/dashboard/", cookie, args.requests // 3),
        ("Ledger page: province, open", f"/org/{province}/hazards/?state=open", cookie, args.requests // 10),
        ("Ledger page: city, open", f"/org/{city}/hazards/?state=open", cookie, args.requests // 10),
        ("Province on the fly (GROUP BY)", f"/bench/on-the-fly/?org={province}", token, 30),
        ("City on the fly (GROUP BY)", f"/bench/on-the-fly/?org={city}", token, 30),
        ("County on the fly (GROUP BY)", f"/bench/on-the-fly/?org={county}", token, 50),
    ]
    same = {}
    for name, org in (("province", province), ("city", city), ("county", county)):
        counted = server.request(f"/api/v1/dashboard/?org={org}", headers=token)[2]
        fresh = server.request(f"/bench/on-the-fly/?org={org}", headers=token)[2]
        same[name] = report.same_figures(counted, fresh)
    latency = {}
    for name, path, headers, count in rows:
        latencies(server, path, headers, max(3, count // 10), budget=30)  # warm-up
        times = latencies(server, path, headers, count)
        latency[name] = (percentile(times, 0.5), percentile(times, 0.95), len(times))
        print(f"  {name}: p50 {latency[name][0] * 1000:.1f} ms, p95 {latency[name][1] * 1000:.1f} ms", file=sys.stderr)
    rates = {}
    for name, path, headers in (
        ("Trivial view", "/bench/trivial/", {}),
        ("One primary-key query", f"/bench/pk/?id={city}", {}),
        ("Province dashboard (API)", f"/api/v1/dashboard/?org={province}", token),
        ("County dashboard (API)", f"/api/v1/dashboard/?org={county}", token),
    ):
        rates[name] = throughput(server, path, headers, args.seconds, args.clients)
        print(f"  {name}: {rates[name]:.0f} req/s", file=sys.stderr)
    return {"latency": latency, "rates": rates, "same": same}


def _org(server: Server, headers: dict[str, str], code: str) -> int:
    server.headers = headers
    try:
        found = server.get_json(f"/api/v1/orgs/?q={code}")["results"]
    finally:
        server.headers = {}
    return next(org["id"] for org in found if org["code"] == code)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="safecampus-bench.") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "SAFECAMPUS_MEDIA_ROOT": str(Path(tmp) / "media"),
            "PYTHONUNBUFFERED": "1",
        }
        database = pg.cluster() if args.kind == "pg" else contextlib.nullcontext(f"sqlite:///{tmp}/bench.sqlite3")
        with database as url:
            env["DATABASE_URL"] = url
            print(f"Seeding {args.schools} schools and {args.hazards} hazards ({args.kind})…", file=sys.stderr)
            manage(env, "migrate", "--no-input", "-v", "0")
            seed_seconds, seed_output = manage(
                env, "seed_demo", "--schools", str(args.schools), "--hazards", str(args.hazards), echo=True
            )
            recount_seconds, recount_output = manage(env, "recount", check=False)
            if args.kind == "pg":
                manage(
                    env,
                    "shell",
                    "-c",
                    "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')",
                )
            manage(env, "collectstatic", "--no-input", "-v", "0")
            print("Measuring over HTTP…", file=sys.stderr)
            with gunicorn(env, free_port()) as server:
                results = measure(server, args, env)
        results.update(
            kind=args.kind,
            schools=args.schools,
            hazards=args.hazards,
            seed_seconds=seed_seconds,
            phases=phases(seed_output),
            recount_seconds=recount_seconds,
            drift="No drift" in recount_output,
            date=date.today().isoformat(),
            machine=f"{os.cpu_count()} cores, {platform.python_version()}",
            clients=args.clients,
        )
        print(report.markdown(results))


if __name__ == "__main__":
    main()
