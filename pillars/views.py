from django.shortcuts import render


def index(request):
    """The manifesto, still to come: say so plainly and show nothing fake."""
    return render(request, "pillars/coming.html")
