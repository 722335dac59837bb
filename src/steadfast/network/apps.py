from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "steadfast.network"
    label = "network"
    verbose_name = "Business map"

    def ready(self) -> None:
        from steadfast.core.context_processors import NAVIGATION

        for entry in (("Suppliers", "network:suppliers", "network"), ("Sites", "network:sites", "network"),
                      ("Items", "network:items", "network"), ("Customers", "network:customers", "network"),
                      ("Networks", "network:networks", "network"), ("Contracts", "network:contracts", "network"),
                      ("Map", "network:map", "network"), ("Import", "network:import", "network.import")):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)
