"""Comments on the manifesto's sections. (Being built.)"""


def comment_create(**kwargs):
    raise NotImplementedError


comment_edit = comment_delete = comment_hide = comment_unhide = comment_create
comment_resolve = comment_unresolve = comment_create
