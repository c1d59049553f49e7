"""(Being built.)"""

from django.http import HttpResponse


def draft(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def start(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def section_add(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def section(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def section_remove(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def publish(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def discard(request, **kwargs):
    return HttpResponse("Not yet", status=501)
