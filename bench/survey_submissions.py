"""Survey submissions per second under gunicorn, with N concurrent respondents.

    make bench-survey    # python -m alliance.embedded -- python bench/survey_submissions.py

Each respondent does what a browser does to submit the demo wave: open the start page, post
an email, post the five pages, submit. The figure is whole submissions per second (and HTTP
requests per second); afterwards the rows in PostgreSQL are counted, to show none was lost.
"""

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.base")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-bench-only-secret-key")

import django  # noqa: E402

django.setup()

from alliance.celery import app as celery_app  # noqa: E402
from surveys.models import Answer, Response  # noqa: E402
from tests.factories import make_wave  # noqa: E402
from tests.surveys.conftest import PAGES  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def respondent(base, slug, number, stop_at, counts, lock):
    session = requests.Session()
    done = requests_made = 0
    while time.monotonic() < stop_at:
        session.cookies.clear()
        start = f"{base}/survey/{slug}/"
        session.get(start)
        headers = {"X-CSRFToken": session.cookies["csrftoken"], "Referer": start}
        email = f"bench-{number}-{done}-{time.monotonic_ns()}@example.com"
        answer = session.post(start, {"email": email}, headers=headers, allow_redirects=False)
        assert answer.status_code == 302, answer.status_code
        for page, data in PAGES.items():
            url = f"{base}/survey/{slug}/page/{page}/"
            answer = session.post(url, data, headers=headers, allow_redirects=False)
            assert answer.status_code == 302, (page, answer.status_code)
        answer = session.post(f"{base}/survey/{slug}/review/", headers=headers,
                              allow_redirects=False)  # fmt: skip
        assert answer.status_code == 302 and "thank-you" in answer.headers["Location"]
        done += 1
        requests_made += 8
    with lock:
        counts["submissions"] += done
        counts["requests"] += requests_made


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    args = parser.parse_args()

    slug = f"bench-{int(time.time())}"
    wave = make_wave(slug=slug)
    port = free_port()
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=env, check=True)  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "alliance.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--env", "DJANGO_SETTINGS_MODULE=alliance.settings.base", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/", timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        counts, lock = {"submissions": 0, "requests": 0}, threading.Lock()
        stop_at = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [
            threading.Thread(target=respondent, args=(base, slug, n, stop_at, counts, lock))
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait()

    submitted = Response.objects.filter(wave=wave, submitted_at__isnull=False).count()
    answers = Answer.objects.filter(response__wave=wave).count()
    expected_answers = (
        counts["submissions"] * sum(len(question.rows) for question in wave.questions.all())
        - counts["submissions"]
    )  # the optional short text is left empty in PAGES
    print(f"clients: {args.clients}, gunicorn workers: {args.workers}, cores: {os.cpu_count()}")
    print(f"duration: {elapsed:.1f} s")
    print(f"submissions: {counts['submissions']} ({counts['submissions'] / elapsed:.1f}/s)")
    print(f"HTTP requests: {counts['requests']} ({counts['requests'] / elapsed:.1f}/s)")
    print(f"rows afterwards: {submitted} submitted responses, {answers} answers "
          f"(expected {counts['submissions']} and {expected_answers})")  # fmt: skip
    lost = submitted != counts["submissions"] or answers != expected_answers
    print("nothing lost" if not lost else "ROWS MISSING")
    wave.delete()
    # The confirmation and resume emails queued for the bench respondents are not to be sent.
    celery_app.control.purge()
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
