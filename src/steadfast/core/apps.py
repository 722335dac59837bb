from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "steadfast.core"
    label = "core"
    verbose_name = "Steadfast core"

    def ready(self) -> None:
        # Job handlers register themselves in each app's tasks.py.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
