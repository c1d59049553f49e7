"""Endorsements of a published version: a member endorses one version (not the manifesto in
general), personally or on behalf of their company, and may withdraw it."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction

from members.models import User
from pillars.access import can_discuss
from pillars.models import Endorsement, ManifestoVersion


def _company_of(member: User) -> str:
    try:
        return (member.profile.company or "").strip()
    except ObjectDoesNotExist:
        return ""


def endorsement_create(
    *, version: ManifestoVersion, member: User, on_behalf_of_company: bool = False
) -> Endorsement:
    """Endorse a published version, once; endorsing it again only changes the company flag."""
    if not can_discuss(member):
        raise PermissionDenied("Members endorse the manifesto.")
    if not version.is_published:
        raise ValidationError("Only a published version can be endorsed.")
    on_behalf_of = ""
    if on_behalf_of_company:
        # The company's name as it is today is kept with the endorsement: a later change of
        # job does not move an endorsement given on behalf of the former employer.
        on_behalf_of = _company_of(member)
        if not on_behalf_of:
            raise ValidationError(
                {
                    "on_behalf_of_company": "Your profile names no company: add it to your "
                    "profile to endorse on its behalf, or endorse in your own name."
                }
            )
    with transaction.atomic():
        # update_or_create locks the row, and get_or_create falls back to reading the row a
        # concurrent request just made, so a double click cannot fail on the unique constraint.
        endorsement, _ = Endorsement.objects.update_or_create(
            version=version, member=member, defaults={"on_behalf_of": on_behalf_of}
        )
    return endorsement


def endorsement_withdraw(*, version: ManifestoVersion, member: User) -> None:
    """Withdraw the member's endorsement of this version (nothing happens if there is none)."""
    # Anyone may take their own name off a version, even after their membership ended.
    Endorsement.objects.filter(version=version, member=member).delete()
