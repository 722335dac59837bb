from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "steadfast.core"
    label = "core"
    verbose_name = "Steadfast core"

    def ready(self) -> None:
        # Job handlers register themselves in each app's tasks.py.
        autodiscover_modules("tasks")
        # Every form's text fields refuse control characters (core/forms.py).
        from steadfast.core import forms

        forms.install()
