"""The survey's part in what happens to a member's account."""

from django.dispatch import receiver

from members.signals import account_deleting
from surveys import services


@receiver(account_deleting)
def unlink_responses(sender, *, user, **kwargs) -> None:
    # The answers still count in the aggregates, tied to no one.
    services.responses_anonymize(user=user)
