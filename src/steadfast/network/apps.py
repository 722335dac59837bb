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

        # Scoped accounts see no rows on some lists (suppliers see no customers; customers
        # see no suppliers, sites or contracts): those stay out of their menu.
        customers_see_nothing, suppliers_see_nothing = frozenset({"customer"}), frozenset({"supplier"})
        for entry in (("Suppliers", "network:suppliers", "network", customers_see_nothing),
                      ("Sites", "network:sites", "network", customers_see_nothing),
                      ("Items", "network:items", "network"),
                      ("Customers", "network:customers", "network", suppliers_see_nothing),
                      ("Networks", "network:networks", "network", suppliers_see_nothing),
                      ("Contracts", "network:contracts", "network", customers_see_nothing),
                      ("Map", "network:map", "network"), ("Import", "network:import", "network.import")):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)
