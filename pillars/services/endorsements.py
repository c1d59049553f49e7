"""Endorsements of a published version. (Being built.)"""


def endorsement_create(**kwargs):
    raise NotImplementedError


endorsement_withdraw = endorsement_create
