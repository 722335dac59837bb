from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "steadfast.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        # Imported here, not at the top: ready() runs once the app registry is loaded.
        from steadfast.core import home
        from steadfast.core.context_processors import NAVIGATION
        from steadfast.privacy.home import privacy_cards

        home.register("privacy", privacy_cards)

        for entry in (("Privacy", "privacy:dashboard", "privacy.records"), ("DPAs", "privacy:dpas", "privacy"), ("Processing", "privacy:activities", "privacy.records"),
                      ("Transfers", "privacy:transfers", "privacy.records"),
                      ("Breaches", "privacy:breaches", "privacy.records")):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)
