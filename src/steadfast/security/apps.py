from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "steadfast.security"
    label = "security"
    verbose_name = "Supplier security"

    def ready(self) -> None:
        from steadfast.core.context_processors import NAVIGATION

        entry = ("Security", "security:frameworks", "security")
        if entry not in NAVIGATION:
            NAVIGATION.append(entry)
