"""Keep a background process running in development (`make run`, Procfile.dev).

honcho stops every process when one exits, so a worker that died (a crash on reconnecting to
Redis, an out-of-memory kill) took the site down with it, and a worker run alone stayed dead
while tasks waited for a person. This runs the command and, when it exits on its own, starts it
again after a pause: 2 s, doubling while it keeps dying young, up to a minute. In containers
compose's `restart: unless-stopped` does the same.

A SIGTERM (honcho's stop) or SIGINT (Ctrl-C) ends it: the command is waited for, never
restarted. honcho signals the whole process group and Ctrl-C reaches the terminal's, so the
command hears the signal itself. A SIGTERM aimed at this process alone is passed on, but only if
the command still runs a few seconds later: a second signal at once would interrupt its clean
exit (beat prints a traceback; a second Ctrl-C tells a worker to abandon its tasks).
"""

import argparse
import signal
import subprocess
import threading
import time

from django.core.management.base import BaseCommand, CommandError

FIRST_PAUSE = 2.0
LONGEST_PAUSE = 60.0
# A run this long was not a crash loop: the next pause starts again from the first.
HEALTHY_AFTER = 60.0
# honcho kills what still runs 5 s after its SIGTERM.
PASS_ON_AFTER = 3.0


class Command(BaseCommand):
    help = "Run a command, and start it again whenever it exits, until stopped (SIGTERM/Ctrl-C)."
    # It only starts another program: no database, no checks, nothing to wait for.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--pause", type=float, default=FIRST_PAUSE, help="First pause (s).")
        parser.add_argument("command", nargs=argparse.REMAINDER, help="The command to keep.")

    def handle(self, *args, command, pause, **options):
        if command[:1] == ["--"]:
            command = command[1:]
        if not command:
            raise CommandError("Name the command to keep running: keep_running -- celery ...")
        stopping = threading.Event()
        running = []

        def pass_on():
            for child in running:
                if child.poll() is None:
                    child.terminate()

        passing_on = threading.Timer(PASS_ON_AFTER, pass_on)
        passing_on.daemon = True  # never holds up this process's exit

        def stop(signum, frame):
            if signum == signal.SIGTERM and passing_on.ident is None:  # not yet started
                passing_on.start()
            stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        next_pause = pause
        while not stopping.is_set():
            started = time.monotonic()
            # The command is the developer's own, from Procfile.dev.
            running[:] = [subprocess.Popen(command)]  # noqa: S603
            if stopping.is_set():  # stopped while it was starting: it missed the signal
                running[0].terminate()
            returncode = running[0].wait()
            if stopping.is_set():
                return
            lived = time.monotonic() - started
            next_pause = pause if lived >= HEALTHY_AFTER else next_pause
            self.stderr.write(
                f"{command[0]} exited ({returncode}) after {lived:.0f} s; "
                f"starting it again in {next_pause:.0f} s"
            )
            stopping.wait(next_pause)
            next_pause = min(next_pause * 2, LONGEST_PAUSE)
