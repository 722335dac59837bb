from django.apps import AppConfig

from steadfast.core import home
from steadfast.core.context_processors import NAVIGATION


class SecurityConfig(AppConfig):
    name = "steadfast.security"
    label = "security"
    verbose_name = "Supplier security"

    def ready(self) -> None:
        # The home cards read through the selectors, which import the models: only once apps are ready.
        from steadfast.security.home import security_cards

        home.register("security", security_cards)

        for entry in (("Security", "security:dashboard", "security"), ("Findings", "security:findings", "security"),
                      ("Questionnaires", "security:questionnaires", "security"),
                      ("Review", "security:review_queue", "security.review"),
                      ("Supplier portal", "security:portal", "security.portal")):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)
