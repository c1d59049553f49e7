"""The outbox's relay: publishes the jobs that are due to the broker, every second or so, for
as long as it runs (alliance/outbox.py). Run beside the workers: `python manage.py relay_jobs`.
Any number may run; each round takes the rows it publishes with SKIP LOCKED."""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection

from alliance.jobs import relay

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Publish the background jobs that are due (the outbox's relay), until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=1.0, help="Seconds between rounds.")
        parser.add_argument("--once", action="store_true", help="One round, then exit.")

    def handle(self, *args, every=1.0, once=False, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        while not stopping:
            try:
                published = relay()
            except DatabaseError as error:
                # PostgreSQL away: nothing to relay from until it is back.
                logger.warning("the relay cannot reach PostgreSQL: %s", error)
                connection.close()
                published = 0
            if once:
                return
            if not published:
                time.sleep(every)
