"""(Being built.)"""

from django.http import HttpResponse


def section(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def reply(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def edit(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def delete(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def hide(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def resolve(request, **kwargs):
    return HttpResponse("Not yet", status=501)
