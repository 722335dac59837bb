from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "steadfast.incidents"
    label = "incidents"
    verbose_name = "Incidents"

    def ready(self) -> None:
        # Imported here, not at the top: ready() runs once the app registry is loaded.
        from steadfast.core.context_processors import NAVIGATION, SECONDARY_NAVIGATION

        for entry in (("Incidents", "incidents:list", "incidents"), ("Incident figures", "incidents:figures", "incidents.figures")):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)
        for entry in (("Alert tokens", "incidents:alert_sources", "incidents.alerts"),
                      ("Webhooks", "incidents:webhooks", "incidents.config"),
                      ("User bases", "incidents:user_bases", "incidents.config")):
            if entry not in SECONDARY_NAVIGATION:
                SECONDARY_NAVIGATION.insert(0, entry)
