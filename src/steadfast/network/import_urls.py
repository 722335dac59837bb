"""Import and export pages. network/urls.py already mounts these from views/imports.py; this module
exists for an explicit include (use one or the other, not both)."""

from steadfast.network.views.imports import urlpatterns

__all__ = ["urlpatterns"]
