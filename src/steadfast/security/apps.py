from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "steadfast.security"
    label = "security"
    verbose_name = "Supplier security"

    def ready(self) -> None:
        from steadfast.core import home
        from steadfast.core.context_processors import NAVIGATION
        from steadfast.security.home import security_cards

        home.register("security", security_cards)

        for entry in (("Security", "security:dashboard", "security"), ("Findings", "security:findings", "security"),
                      ("Review", "security:review-queue", "security.review"),
                      ("Supplier portal", "security:portal", "security.portal")):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)
