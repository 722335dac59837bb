from django.urls import path

from steadfast.security.urls_workflow import urlpatterns as workflow_urlpatterns
from steadfast.security.views import frameworks, tiering

app_name = "security"

urlpatterns = [
    path("security/frameworks/", frameworks.framework_list, name="frameworks"),
    path("security/suppliers/<int:supplier_id>/tier/", tiering.supplier_tier, name="supplier-tier"),
    path("security/suppliers/<int:supplier_id>/tier/intake/", tiering.supplier_intake, name="supplier-intake"),
    path("security/suppliers/<int:supplier_id>/tier/override/", tiering.supplier_tier_override, name="supplier-tier-override"),
    *workflow_urlpatterns,
]
