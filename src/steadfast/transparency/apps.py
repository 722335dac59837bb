from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "steadfast.transparency"
    label = "transparency"
    verbose_name = "Transparency"

    def ready(self) -> None:
        # Imported here, not at the top: ready() runs once the app registry is loaded.
        from steadfast.core.context_processors import NAVIGATION

        entry = ("Figures", "transparency:figures", "transparency")
        if entry not in NAVIGATION:
            NAVIGATION.append(entry)
