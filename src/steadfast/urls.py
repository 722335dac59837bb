from django.apps import apps
from django.urls import include, path

from steadfast.api import api

urlpatterns = [
    path("", include("steadfast.core.urls")),
    path("api/v1/", api.urls),
]
for app_label in ("network", "security", "privacy"):
    if apps.is_installed(f"steadfast.{app_label}"):
        urlpatterns.append(path("", include(f"steadfast.{app_label}.urls")))

handler400 = "steadfast.core.views.errors.bad_request"
handler403 = "steadfast.core.views.errors.permission_denied"
handler404 = "steadfast.core.views.errors.page_not_found"
handler500 = "steadfast.core.views.errors.server_error"
