from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "steadfast.network"
    label = "network"
    verbose_name = "Business map"

    def ready(self) -> None:
        from steadfast.core import home
        from steadfast.core.context_processors import NAVIGATION
        from steadfast.network.home import map_cards

        home.register("network", map_cards)

        for entry in (("Suppliers", "network:suppliers", "network"), ("Sites", "network:sites", "network"),
                      ("Items", "network:items", "network"), ("Customers", "network:customers", "network"),
                      ("Networks", "network:networks", "network"), ("Contracts", "network:contracts", "network"),
                      ("Map", "network:map", "network"), ("Import", "network:import", "network.import")):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)
