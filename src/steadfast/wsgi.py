import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
application = get_wsgi_application()


def _warm_urls() -> None:
    """Load the URL configuration now, as the worker starts: it imports every view and API module,
    which Django otherwise does on the first request (half a second to a second of it). No
    database access: URL modules only define routes."""
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 -- imports the URLconf and, through it, every view module
    resolver.reverse_dict  # noqa: B018 -- builds the reverse lookup `{% url %}` uses


_warm_urls()
