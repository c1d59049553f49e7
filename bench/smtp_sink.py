"""A local SMTP sink for the benchmarks: accepts every message on 127.0.0.1 and counts them.

    python bench/smtp_sink.py PORT COUNTS_FILE

Every second it writes {"messages": n, "recipients": {address: count}, "message_ids": k}
to COUNTS_FILE, and once more when it is stopped with SIGTERM.
"""

import asyncio
import contextlib
import json
import signal
import sys
from collections import Counter
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller


class Counting:
    def __init__(self):
        self.messages = 0
        self.recipients = Counter()
        self.message_ids = set()
        self.parser = BytesHeaderParser()

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.recipients.update(envelope.rcpt_tos)
        # Only the header block is parsed: the sink's own work should not be what is measured.
        message = envelope.original_content or envelope.content
        headers = self.parser.parsebytes(message.split(b"\r\n\r\n", 1)[0])
        self.message_ids.add(headers.get("Message-ID", ""))
        return "250 OK"


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()

    def dump():
        # The SMTP server runs in its own thread: copy under the GIL before writing.
        counts = {"messages": handler.messages, "recipients": dict(handler.recipients.copy()),
                  "message_ids": len(handler.message_ids)}  # fmt: skip
        with open(path, "w") as out:
            json.dump(counts, out)

    loop = asyncio.new_event_loop()
    loop.add_signal_handler(signal.SIGTERM, loop.stop)

    async def every_second():
        while True:
            dump()
            await asyncio.sleep(1)

    ticker = loop.create_task(every_second())
    loop.run_forever()
    ticker.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        loop.run_until_complete(ticker)
    controller.stop()
    dump()


if __name__ == "__main__":
    main()
