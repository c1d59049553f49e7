"""Survey results at scale: the snapshot's computation against a plain GROUP BY, and the
results emails to a local SMTP sink through real Celery workers.

    make bench-results        # python bench/survey_results.py --responses 100000 --emails 100000

1. Seeds N submitted responses x 25 questions with COPY and counts their answers in the
   wave's tallies all at once (what each submit does for its own response; timed and
   printed), then times, in the same run, one plain SQL GROUP BY over the same answer rows
   (the baseline) and the full snapshot computation (all questions, both segment dimensions,
   percentiles), and prints the ratio.
2. Sends the results email to M of those respondents through a Celery worker with 2 processes
   to an aiosmtpd sink on 127.0.0.1, printing emails per second and the workers' memory.
   With --kill, one of the two processes is killed with SIGKILL half-way; the sink's counts
   then show whether anyone was skipped or emailed twice.
"""

import argparse
import json
import multiprocessing
import os
import random
import signal
import smtplib
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.base")

import django  # noqa: E402

django.setup()

import psutil  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from alliance.celery import app as celery_app  # noqa: E402
from surveys import emails, results, services  # noqa: E402
from surveys.delivery import dot_stuffed, results_merge, sendmail_stuffed  # noqa: E402
from surveys.models import Question, ResultsDelivery, SurveyWave  # noqa: E402
from surveys.selectors import answers_by_response  # noqa: E402

K = Question.Kind
OPTIONS = "\n".join(f"o{i}: Option {i}" for i in range(6))
# Org-size bands: stored value and label (a stored value is a slug).
SIZES = {"1-9": "1-9", "10-49": "10-49", "50-199": "50-199", "200-999": "200-999",
         "1000-plus": "1000+"}  # fmt: skip
COMPANIES = ["startup", "vc_funded", "pe_rollup", "consulting", "public", "other"]


def build_wave() -> tuple[SurveyWave, list[Question]]:
    wave = SurveyWave.objects.create(
        title="Bench wave", slug=f"bench-results-{int(time.time())}", year=2099, status="open"
    )
    specs = (
        [("company_type", K.SINGLE, "\n".join(f"{c}: {c}" for c in COMPANIES)),
         ("org_size", K.SINGLE, "\n".join(f"{v}: {label}" for v, label in SIZES.items()))]
        + [(f"single_{i}", K.SINGLE, OPTIONS) for i in range(6)]
        + [(f"multiple_{i}", K.MULTIPLE, OPTIONS) for i in range(4)]
        + [(f"scale_{i}", K.SCALE, "") for i in range(4)]
        + [(f"number_{i}", K.NUMBER, "") for i in range(4)]
        + [("pillar_remit", K.PILLAR_GRID, "")]
        + [(f"text_{i}", K.SHORT_TEXT, "") for i in range(2)]
        + [(f"long_{i}", K.LONG_TEXT, "") for i in range(2)]
    )  # fmt: skip
    questions = Question.objects.bulk_create(
        Question(wave=wave, key=key, kind=kind, prompt=key, options=options, position=n,
                 scale_min=1 if kind == K.SCALE else None,
                 scale_max=5 if kind == K.SCALE else None)
        for n, (key, kind, options) in enumerate(specs)
    )  # fmt: skip
    return wave, questions


def seed(wave, questions, count):
    rng = random.Random(1)
    with connection.cursor() as cursor:
        with cursor.copy(
            "COPY surveys_response (wave_id, email, started_at, updated_at, submitted_at, "
            "email_confirmed_at, last_page, company_type, org_size, tallied) FROM STDIN"
        ) as copy:
            for n in range(count):
                copy.write_row((wave.pk, f"bench{n}@example.com", "2099-01-01", "2099-01-01",
                                "2099-01-02", "2099-01-01", 1, "", "", False))  # fmt: skip
        cursor.execute("SELECT id FROM surveys_response WHERE wave_id = %s ORDER BY id", [wave.pk])
        ids = [row[0] for row in cursor.fetchall()]
        with cursor.copy(
            "COPY surveys_answer (response_id, question_id, row, choice, choices, number, text) "
            "FROM STDIN"
        ) as copy:
            for response_id in ids:
                for q in questions:
                    if q.kind == K.SINGLE:
                        values = (
                            COMPANIES
                            if q.key == "company_type"
                            else (
                                list(SIZES) if q.key == "org_size" else [f"o{i}" for i in range(6)]
                            )
                        )
                        row = ("", rng.choice(values), [], None, "")
                    elif q.kind == K.MULTIPLE:
                        row = (
                            "",
                            "",
                            rng.sample([f"o{i}" for i in range(6)], rng.randint(1, 3)),
                            None,
                            "",
                        )
                    elif q.kind == K.SCALE:
                        row = ("", "", [], rng.randint(1, 5), "")
                    elif q.kind == K.NUMBER:
                        row = ("", "", [], rng.randint(0, 500), "")
                    elif q.kind == K.PILLAR_GRID:
                        for pillar in ("people", "process", "insight", "tools", "stakeholders"):
                            copy.write_row(
                                (
                                    response_id,
                                    q.pk,
                                    pillar,
                                    rng.choice(["all", "some", "none"]),
                                    [],
                                    None,
                                    "",
                                )
                            )
                        continue
                    else:
                        row = ("", "", [], None, "An answer.")
                    copy.write_row((response_id, q.pk, *row))
        cursor.execute("ANALYZE surveys_answer")
        cursor.execute("ANALYZE surveys_response")
    # What submitting does for each response, done here for all of them at once: its segment
    # answers copied onto it and its answers counted in the wave's tallies.
    started = time.perf_counter()
    with transaction.atomic():
        results.copy_segments(wave_id=wave.pk)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE surveys_response")
            cursor.execute("SET LOCAL work_mem = '256MB'")
        results.tally(wave_id=wave.pk)
    elapsed = time.perf_counter() - started
    print(f"the segments copied and the answers of all {count} responses counted at once "
          f"(what each submit does for its own): {elapsed:.2f} s")  # fmt: skip
    return ids


def time_it(function, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def baseline(wave, *, tuned):
    """The plain GROUP BY. `tuned`: with the snapshot's own settings (JIT off, 256 MB to hash
    in), so that the comparison is between the queries and not their settings."""
    with transaction.atomic(), connection.cursor() as cursor:
        if tuned:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(
            "SELECT a.question_id, a.row, a.choice, count(*) FROM surveys_answer a "
            "JOIN surveys_response r ON r.id = a.response_id "
            "WHERE r.wave_id = %s AND r.submitted_at IS NOT NULL "
            "AND r.email_confirmed_at IS NOT NULL GROUP BY 1, 2, 3",
            [wave.pk],
        )
        cursor.fetchall()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tree(pid):
    return [pid, *(child.pid for child in psutil.Process(pid).children())]


def _cpu_seconds(pids):
    """User and system CPU time of these processes (a killed one counts no more)."""
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _blast(port, data, sender, first, count, start_line):
    """Send one prepared message to `count` addresses over one SMTP connection, as a worker
    does, with nothing else to do: no database, no rendering."""
    smtp = smtplib.SMTP("127.0.0.1", port)
    smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as the workers do
    start_line.wait()
    for n in range(first, first + count):
        sendmail_stuffed(smtp, sender, f"blast{n}@example.com", data)
    smtp.quit()


def sink_ceiling(snapshot, count):
    """How many results emails a second the sink takes from senders that do nothing else,
    over as many connections as the workers use (one each): about the most the workers could
    reach on this machine, whatever they did."""
    port, counts_file = free_port(), ROOT / ".data" / "bench-sink-ceiling.json"
    sink = subprocess.Popen([sys.executable, str(ROOT / "bench" / "smtp_sink.py"), str(port),
                             str(counts_file)])  # fmt: skip
    connections = 2  # one for each worker process
    share = count // connections
    try:
        merge = results_merge(snapshot, connection=None)
        delivery = snapshot.deliveries.order_by("pk").first()
        answers = answers_by_response([delivery.response_id]).get(delivery.response_id, {})
        text, html = emails.results_personal_parts(
            snapshot, answers, response_id=delivery.response_id
        )
        data = dot_stuffed(merge.merged(to=delivery.email, message_id=delivery.message_id,
                                        text=text, html=html))  # fmt: skip
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                time.sleep(0.05)
        context = multiprocessing.get_context("spawn")
        start_line = context.Barrier(connections + 1)
        senders = [
            context.Process(
                target=_blast, args=(port, data, merge.from_email, n * share, share, start_line)
            )
            for n in range(connections)
        ]
        for sender in senders:
            sender.start()
        start_line.wait()  # every sender connected
        sink_cpu = _cpu_seconds([sink.pid])
        started = time.perf_counter()
        for sender in senders:
            sender.join()
        elapsed = time.perf_counter() - started
        sink_cpu = _cpu_seconds([sink.pid]) - sink_cpu
    finally:
        sink.send_signal(signal.SIGTERM)
        sink.wait()
    sent = share * connections
    rate = sent / elapsed
    print(
        f"the sink alone: {sent} of the same results email from {connections} connections "
        f"that only send: {rate:.0f}/s; sink CPU {1000 * sink_cpu / sent:.2f} ms a message"
    )
    return rate


def send_emails(wave, count, kill):
    port, counts_file = free_port(), ROOT / ".data" / "bench-sink.json"
    counts_file.parent.mkdir(exist_ok=True)
    sink = subprocess.Popen([sys.executable, str(ROOT / "bench" / "smtp_sink.py"), str(port),
                             str(counts_file)])  # fmt: skip
    env = {**os.environ, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port),
           "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "LOG_LEVEL": "WARNING"}  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "alliance", "worker", "--concurrency=2",
         "--loglevel=WARNING", "--without-mingle", "--without-gossip", "-n", "bench@%h"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        while not celery_app.control.ping(timeout=0.5):
            time.sleep(0.2)
        snapshot = services.results_request(wave=wave, requested_by=None)
        services.results_compute(snapshot=snapshot)
        responses = wave.responses.order_by("pk")[:count]
        ids = list(responses.values_list("pk", flat=True))
        sink_cpu, worker_cpu = _cpu_seconds([sink.pid]), _cpu_seconds(_tree(worker.pid))
        started = time.perf_counter()
        services.results_deliveries_create(
            snapshot=snapshot, responses=wave.responses.filter(pk__in=ids)
        )
        peak_rss, killed = 0, False
        while True:
            sent = snapshot.deliveries.filter(status=ResultsDelivery.Status.SENT).count()
            processes = [psutil.Process(worker.pid), *psutil.Process(worker.pid).children()]
            peak_rss = max(peak_rss, sum(p.memory_info().rss for p in processes))
            if kill and not killed and sent >= count // 2:
                os.kill(psutil.Process(worker.pid).children()[0].pid, signal.SIGKILL)
                killed = True
                print(f"killed one worker process with SIGKILL at {sent} sent")
            if sent >= count:
                break
            time.sleep(0.25)
        elapsed = time.perf_counter() - started
        sink_cpu = _cpu_seconds([sink.pid]) - sink_cpu
        worker_cpu = _cpu_seconds(_tree(worker.pid)) - worker_cpu
        print(f"emails: {count} in {elapsed:.1f} s = {count / elapsed:.0f}/s "
              f"with 2 worker processes; worker memory peak {peak_rss / 2**20:.0f} MiB "
              f"(main + 2 processes)")  # fmt: skip
        print(f"CPU an email: workers {1000 * worker_cpu / count:.2f} ms, "
              f"sink {1000 * sink_cpu / count:.2f} ms")  # fmt: skip
    finally:
        worker.terminate()
        worker.wait()
        time.sleep(1.5)
        sink.send_signal(signal.SIGTERM)
        sink.wait()
    sink_counts = json.loads(counts_file.read_text())
    per_recipient = sink_counts["recipients"]
    skipped = count - len(per_recipient)
    repeated = sum(n - 1 for n in per_recipient.values())
    print(f"at the sink: {sink_counts['messages']} messages for {len(per_recipient)} "
          f"respondents; skipped {skipped}, repeated {repeated} "
          f"({sink_counts['message_ids']} distinct Message-IDs)")  # fmt: skip
    if not kill:
        ceiling = sink_ceiling(snapshot, count)
        print(f"the workers' rate is {count / elapsed / ceiling:.0%} of the sink's own")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--emails", type=int, default=100_000)
    parser.add_argument("--kill", action="store_true", help="SIGKILL a worker half-way")
    parser.add_argument("--keep", action="store_true", help="keep the bench wave afterwards")
    parser.add_argument("--repeat", type=int, default=3, help="timings: best of this many")
    args = parser.parse_args()

    wave, questions = build_wave()
    try:
        started = time.perf_counter()
        seed(wave, questions, args.responses)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM surveys_answer a JOIN surveys_response r "
                "ON r.id = a.response_id WHERE r.wave_id = %s", [wave.pk])  # fmt: skip
            rows = cursor.fetchone()[0]
        print(f"seeded {args.responses} responses x {len(questions)} questions "
              f"({rows} answer rows) in {time.perf_counter() - started:.1f} s")  # fmt: skip
        default = time_it(lambda: baseline(wave, tuned=False), args.repeat)
        tuned = time_it(lambda: baseline(wave, tuned=True), args.repeat)
        plain = min(default, tuned)
        snapshot = time_it(lambda: results.compute(wave=wave, k=5), args.repeat)
        print(f"plain GROUP BY: {default:.2f} s with the server's settings, {tuned:.2f} s with "
              f"the snapshot's; full snapshot: {snapshot:.2f} s; ratio {snapshot / plain:.2f} "
              f"to the faster (best of {args.repeat} each)")  # fmt: skip
        if args.emails:
            send_emails(wave, min(args.emails, args.responses), args.kill)
    finally:
        if not args.keep:
            started = time.perf_counter()
            wave.delete()
            print(f"removed the bench wave in {time.perf_counter() - started:.1f} s")
        celery_app.control.purge()


if __name__ == "__main__":
    main()
