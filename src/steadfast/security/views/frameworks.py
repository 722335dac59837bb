from django.shortcuts import render

from steadfast.core.decorators import policy_required
from steadfast.security.selectors.frameworks import list_frameworks


@policy_required("security", "view")
def framework_list(request):
    return render(request, "security/frameworks.html", {"frameworks": list_frameworks(user=request.user)})
