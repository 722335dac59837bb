from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "steadfast.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from steadfast.core.context_processors import NAVIGATION

        for entry in (("Privacy", "privacy:dashboard", "privacy.records"), ("DPAs", "privacy:dpas", "privacy"), ("Processing", "privacy:activities", "privacy.records"),
                      ("Transfers", "privacy:transfers", "privacy.records"),
                      ("Breaches", "privacy:breaches", "privacy.records")):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)
