"""(Being built.)"""

from django.http import HttpResponse


def endorse(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def withdraw(request, **kwargs):
    return HttpResponse("Not yet", status=501)


def endorsers(request, **kwargs):
    return HttpResponse("Not yet", status=501)
