"""What members announce to the parts of the hub that stand on them (they import members, never
the reverse)."""

from django.dispatch import Signal

# Sent inside account_delete's transaction, before the account's personal data goes, with
# `user`: every part that keeps something of a person unlinks or removes it.
account_deleting = Signal()
