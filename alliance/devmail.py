"""Development mail: each message is written as one .eml file, and staff read them in a page.

Used when no SMTP host is configured, so `make run` shows every email a user would get
without a mail server. Never used in production (production.py forces SMTP).
"""

import email
import email.policy
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class EmlFileBackend(BaseEmailBackend):
    """Each message written whole or not at all: to a hidden file first, then renamed, so a
    worker killed half-way through a write leaves no truncated .eml behind (its message is
    then sent again, whole, by the retry)."""

    def send_messages(self, email_messages):
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            partial = folder / f".{path.name}.part"
            partial.write_bytes(message.message().as_bytes())
            os.replace(partial, path)
        return len(email_messages)


@dataclass(frozen=True)
class StoredEmail:
    id: str
    subject: str
    to: str
    sent_at: datetime
    text: str
    html: str


def _read(path: Path) -> StoredEmail:
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    text_part = parsed.get_body(preferencelist=("plain",))
    html_part = parsed.get_body(preferencelist=("html",))
    return StoredEmail(
        id=path.stem,
        subject=str(parsed["subject"] or ""),
        to=str(parsed["to"] or ""),
        sent_at=datetime.fromtimestamp(path.stat().st_mtime, tz=UTC),
        text=text_part.get_content() if text_part else "",
        html=html_part.get_content() if html_part else "",
    )


def stored_emails(*, limit: int = 50) -> list[StoredEmail]:
    folder = Path(settings.EMAIL_FILE_PATH)
    paths = sorted(folder.glob("*.eml"), reverse=True)[:limit] if folder.is_dir() else []
    return [_read(path) for path in paths]


def stored_email(*, email_id: str) -> StoredEmail | None:
    # The id comes from the URL: accept only the names this backend writes.
    if not all(char.isalnum() or char == "-" for char in email_id):
        return None
    path = Path(settings.EMAIL_FILE_PATH) / f"{email_id}.eml"
    return _read(path) if path.is_file() else None
