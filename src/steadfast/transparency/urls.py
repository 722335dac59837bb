from django.urls import path  # noqa: F401  (the app's page routes are added by concept below)

app_name = "transparency"

urlpatterns: list = []
