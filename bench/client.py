"""A small HTTP client for the benchmark: sequential requests for latency, processes for throughput."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import re
import socket
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Server:
    host: str
    port: int
    headers: dict[str, str] = field(default_factory=dict)

    def request(
        self, path: str, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=600)
        try:
            connection.request(method, path, body=body, headers={**self.headers, **(headers or {})})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def get_json(self, path: str) -> Any:
        status, _headers, body = self.request(path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body[:300]!r}")
        return json.loads(body)

    def token(self, username: str, password: str) -> str:
        body = json.dumps({"username": username, "password": password}).encode()
        status, _headers, answer = self.request(
            "/api/v1/auth/token/", "POST", body, {"Content-Type": "application/json"}
        )
        if status != 200:
            raise RuntimeError(f"token login of {username}: {status} {answer[:300]!r}")
        return json.loads(answer)["token"]

    def session(self, username: str, password: str) -> str:
        """Log in through the login page as a browser does; returns the Cookie header of the session."""
        status, headers, page = self.request("/accounts/login/")
        csrf_cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
        csrf_field = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not csrf_cookie or not csrf_field:
            raise RuntimeError(f"login page: {status}")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": csrf_field.group(1).decode()}
        ).encode()
        status, headers, _page = self.request(
            "/accounts/login/",
            "POST",
            form,
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie.group(1)}"},
        )
        session = re.search(r"sessionid=([^;]+)", headers.get("set-cookie", ""))
        if status != 302 or not session:
            raise RuntimeError(f"login of {username}: {status}")
        return f"csrftoken={csrf_cookie.group(1)}; sessionid={session.group(1)}"


def latencies(server: Server, path: str, headers: dict[str, str], count: int, budget: float = 120.0) -> list[float]:
    """Seconds per request for `count` requests one after another (fewer if the time budget runs out)."""
    times = []
    stop = time.monotonic() + budget
    for _ in range(count):
        started = time.perf_counter()
        status, _h, body = server.request(path, headers=headers)
        times.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body[:300]!r}")
        if time.monotonic() > stop and len(times) >= 5:
            break
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _hammer(args: tuple[str, int, bytes, float]) -> tuple[int, int]:
    """One client process: open, send, read to the end, close; as many times as fit in `seconds`."""
    host, port, raw, seconds = args
    done = failed = 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        with socket.create_connection((host, port)) as sock:
            sock.sendall(raw)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        if b"".join(chunks[:1])[:12] in (b"HTTP/1.1 200", b"HTTP/1.0 200"):
            done += 1
        else:
            failed += 1
    return done, failed


def throughput(server: Server, path: str, headers: dict[str, str], seconds: float, clients: int) -> float:
    """Completed requests per second with `clients` concurrent clients (each waits for its answer)."""
    lines = [f"GET {path} HTTP/1.1", f"Host: {server.host}:{server.port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in {**server.headers, **headers}.items()]
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode()
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        started = time.monotonic()
        results = pool.map(_hammer, [(server.host, server.port, raw, seconds)] * clients)
        elapsed = time.monotonic() - started
    done = sum(ok for ok, _failed in results)
    failed = sum(bad for _ok, bad in results)
    if failed:
        raise RuntimeError(f"{path}: {failed} failed requests under load")
    return done / elapsed
