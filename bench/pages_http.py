"""bench/pages.py over HTTP: each database served by a gunicorn of its own, one client.

The issue measured the cheapest page over HTTP (1.5 ms for /robots.txt); in process it is a
third of that, so every page's multiple of it reads higher there than the issue meant. Here
each of the two databases is served by gunicorn (`bench/gunicorn_bench.py`: the site's server
without its access log; one sync worker, since one client asks at a time) with
`bench.settings` and a cache key prefix of its own, and each page is asked over a fresh TCP
connection (gunicorn's sync worker closes each), timed from connecting to the last byte read.
The signed-in people are the in-process clients' sessions, sent as their cookie.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(database: str):
    """gunicorn serving `database` on a free port of 127.0.0.1; yields the port."""
    port = _free_port()
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + database).geturl()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings_http",
        "BENCH_CACHE_PREFIX": database,
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "bench/gunicorn_bench.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "alliance.wsgi:application"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(300):
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn for {database} exited ({server.returncode})")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def get(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Host": "127.0.0.1", "Cookie": cookie} if cookie else {"Host": "127.0.0.1"}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def cookies(made: dict) -> dict[str, str]:
    """Each person's session cookie, as their in-process client holds it."""
    from django.conf import settings

    name = settings.SESSION_COOKIE_NAME
    return {
        who: f"{name}={client.cookies[name].value}" if name in client.cookies else ""
        for who, client in made.items()
    }


def measure_http(databases: list[str], made: dict, requests: int, listed, profile):
    """As bench.pages.measure, each request over HTTP: queries and sizes are counted in process
    (`profile`), the times taken through gunicorn, the two databases in turn each round."""
    from bench.pages import percentiles

    figures = profile(databases, made, listed)
    sent = cookies(made)
    with ExitStack() as stack:
        ports = [stack.enter_context(served(database)) for database in databases]
        for port in ports:
            for name, who, path in listed:
                for _ in range(3):  # warm: the worker's imports, caches, compiled templates
                    status, _body = get(port, path, sent[who])
                    assert status == 200, f"{name} {path} over HTTP: {status}"
        for _ in range(requests):
            for port, found in zip(ports, figures, strict=True):
                for name, who, path in listed:
                    started = time.perf_counter()
                    get(port, path, sent[who])
                    found[name]["times"].append((time.perf_counter() - started) * 1000)
    return percentiles(figures)
