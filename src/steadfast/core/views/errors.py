"""Friendly error pages; never a stack trace."""

from django.shortcuts import render


def page_not_found(request, exception=None):
    return render(request, "core/error.html", {"status": 404, "title": "Not found",
                  "detail": "There is nothing here, or nothing you can see."}, status=404)


def permission_denied(request, exception=None):
    return render(request, "core/error.html", {"status": 403, "title": "Not allowed",
                  "detail": "Your role does not allow this page."}, status=403)


def bad_request(request, exception=None):
    return render(request, "core/error.html", {"status": 400, "title": "Bad request",
                  "detail": "The request could not be understood."}, status=400)


def server_error(request):
    return render(request, "core/error.html", {"status": 500, "title": "Something went wrong",
                  "detail": "The error has been logged. Please try again."}, status=500)
