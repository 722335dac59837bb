from django.urls import include, path

from steadfast.api import api

urlpatterns = [
    path("", include("steadfast.core.urls")),
    path("api/v1/", api.urls),
    # One line per domain app (docs/conventions.md, "How a new app plugs in").
    path("", include("steadfast.network.urls")),
    path("", include("steadfast.security.urls")),
    path("", include("steadfast.privacy.urls")),
    path("", include("steadfast.continuity.urls")),
    path("", include("steadfast.incidents.urls")),
    path("", include("steadfast.transparency.urls")),
]

handler400 = "steadfast.core.views.errors.bad_request"
handler403 = "steadfast.core.views.errors.permission_denied"
handler404 = "steadfast.core.views.errors.page_not_found"
handler500 = "steadfast.core.views.errors.server_error"
