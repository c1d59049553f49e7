"""(Being built.)"""

from django.http import HttpResponse


def compare(request, **kwargs):
    return HttpResponse("Not yet", status=501)
