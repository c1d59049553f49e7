"""Placeholder: owned by the working-groups helper (targets, scope email switch)."""


def register():
    pass
