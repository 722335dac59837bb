from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    name = "steadfast.continuity"
    label = "continuity"
    verbose_name = "Business continuity"

    def ready(self) -> None:
        # Imported here, not at the top: ready() runs once the app registry is loaded.
        from steadfast.continuity import tasks  # noqa: F401  (registers the job handlers)
        from steadfast.core.context_processors import NAVIGATION

        for entry in (("Continuity", "continuity:dashboard", "continuity"),):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)
