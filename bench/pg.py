"""A throwaway PostgreSQL cluster tuned like a small dedicated server, for the benchmark only.

Like `scripts/with-postgres.sh` (a temp dir, loopback, a free port, removed at the
end), but durable (fsync on) and with memory settings for this machine, since the
figures should be those of a deployment, not of a test run.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# A server of 2 cores and 24 GB shared with the application: a quarter of the memory for the buffer cache.
SERVER_SETTINGS = {
    "shared_buffers": "4GB",
    "effective_cache_size": "12GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "1GB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "30min",
    "random_page_cost": "1.1",
    "max_connections": "100",
}


def _bin(version: str = "15") -> Path:
    path = Path(os.environ.get("PG_BIN", f"/usr/lib/postgresql/{version}/bin"))
    if not (path / "initdb").exists():
        raise SystemExit(f"PostgreSQL is not installed ({path}/initdb missing): apt-get install postgresql")
    return path


def _free_port(first: int = 56432) -> int:
    for port in range(first, first + 200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit("no free port for PostgreSQL")


def _as_postgres(command: list[str], **kwargs: object) -> subprocess.CompletedProcess:
    # initdb and postgres refuse to run as root.
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, cwd="/", **kwargs)  # type: ignore[arg-type]


@contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster, yield its DATABASE_URL, then stop it and delete every file."""
    pg = _bin()
    workdir = Path(tempfile.mkdtemp(prefix="safecampus-bench-pg."))
    data, sockets = workdir / "data", workdir / "socket"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
        shutil.chown(sockets, "postgres", "postgres")
    started = False
    try:
        _as_postgres(
            [str(pg / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"]
            + ["--auth-local=trust", "--auth-host=scram-sha-256"],
            stdout=subprocess.DEVNULL,
        )
        port = _free_port()
        options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={sockets} " + " ".join(
            f"-c {name}={value}" for name, value in SERVER_SETTINGS.items()
        )
        _as_postgres(
            [str(pg / "pg_ctl"), "-D", str(data), "-l", str(workdir / "server.log"), "-o", options, "-w", "start"],
            stdout=subprocess.DEVNULL,
        )
        started = True
        password = secrets.token_hex(16)
        for statement in (
            f"CREATE ROLE safecampus LOGIN PASSWORD '{password}'",
            "CREATE DATABASE safecampus OWNER safecampus ENCODING 'UTF8' TEMPLATE template0",
        ):
            _as_postgres(
                [str(pg / "psql"), "-h", str(sockets), "-p", str(port), "-U", "postgres", "-qAt", "-c", statement]
                + ["-v", "ON_ERROR_STOP=1"],
                stdout=subprocess.DEVNULL,
            )
        yield f"postgres://safecampus:{password}@127.0.0.1:{port}/safecampus"
    finally:
        if started:
            _as_postgres([str(pg / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(workdir, ignore_errors=True)
