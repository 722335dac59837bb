from django.urls import path

from steadfast.security.urls_workflow import urlpatterns as workflow_urlpatterns
from steadfast.security.views import frameworks

app_name = "security"

urlpatterns = [
    path("security/frameworks/", frameworks.framework_list, name="frameworks"),
    *workflow_urlpatterns,
]
