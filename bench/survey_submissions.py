"""Survey submissions per second under gunicorn, with N concurrent respondents.

    make bench-survey    # python -m alliance.embedded -- python bench/survey_submissions.py

Each respondent does what a browser does to submit the demo wave: open the start page, post
an email, open the link emailed to it (the bench reads it from the database, as an inbox would
give it), post the five pages, submit. The figure is whole submissions per second (and HTTP
requests per second); afterwards the rows in PostgreSQL are counted, to show none was lost.

In the same run the same clients then ask for the cheapest response the site gives
(`bench.views.plain`: every middleware, no database, no template) for as long: its requests
per second, divided by a submission's 9 requests, is the most submissions a second this
machine could serve whatever the survey's pages did. gunicorn serves `bench.settings` (the
site's settings, DEBUG off, plus that URL).
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

from django.urls import reverse  # noqa: E402

from alliance.celery import app as celery_app  # noqa: E402
from surveys.models import Answer, Response  # noqa: E402
from surveys.tokens import resume_token  # noqa: E402
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
        assert answer.status_code == 200, answer.status_code  # "check your inbox"
        response = Response.objects.get(wave__slug=slug, email=email)
        link = reverse("surveys:resume", args=[slug, resume_token(response)])
        answer = session.get(f"{base}{link}", allow_redirects=False)
        assert answer.status_code == 302, answer.status_code
        for page, data in PAGES.items():
            url = f"{base}/survey/{slug}/page/{page}/"
            answer = session.post(url, data, headers=headers, allow_redirects=False)
            assert answer.status_code == 302, (page, answer.status_code)
        answer = session.post(f"{base}/survey/{slug}/review/", headers=headers,
                              allow_redirects=False)  # fmt: skip
        assert answer.status_code == 302 and "thank-you" in answer.headers["Location"]
        done += 1
        requests_made += 9
    with lock:
        counts["submissions"] += done
        counts["requests"] += requests_made


def plain_client(base, slug, number, stop_at, counts, lock):
    """The same client asking for the cheapest response the site gives (bench.views.plain)."""
    session = requests.Session()
    done = 0
    while time.monotonic() < stop_at:
        answer = session.get(f"{base}/bench/plain/")
        assert answer.status_code == 200, answer.status_code
        done += 1
    with lock:
        counts["requests"] += done


def run_clients(client, clients, seconds, base, slug):
    """Run `clients` threads of `client` for `seconds`; the counts and the time taken."""
    counts, lock = {"submissions": 0, "requests": 0}, threading.Lock()
    stop_at = time.monotonic() + seconds
    started = time.monotonic()
    threads = [
        threading.Thread(target=client, args=(base, slug, n, stop_at, counts, lock))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts, time.monotonic() - started


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
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "alliance.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--env", "DJANGO_SETTINGS_MODULE=bench.settings", "--log-level", "warning"],
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
        counts, elapsed = run_clients(respondent, args.clients, args.seconds, base, slug)
        plain, plain_elapsed = run_clients(plain_client, args.clients, args.seconds, base, slug)
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
    plain_rate = plain["requests"] / plain_elapsed
    print(f"the cheapest response the site gives (bench.views.plain), same clients: "
          f"{plain_rate:.1f} requests/s; a submission's 9 requests at that rate: "
          f"{plain_rate / 9:.1f} submissions/s at most")  # fmt: skip
    lost = submitted != counts["submissions"] or answers != expected_answers
    print("nothing lost" if not lost else "ROWS MISSING")
    wave.delete()
    # The confirmation and resume emails queued for the bench respondents are not to be sent.
    celery_app.control.purge()
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
