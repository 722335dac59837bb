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
        # see no suppliers, sites or contracts; a regulator, scoped to the countries it oversees,
        # sees their networks only): those stay out of their menu.
        customers_see_nothing = frozenset({"customer", "country"})
        suppliers_see_nothing = frozenset({"supplier"})
        for entry in (("Suppliers", "network:suppliers", "network", customers_see_nothing),
                      ("Sites", "network:sites", "network", customers_see_nothing),
                      ("Items", "network:items", "network", frozenset({"country"})),
                      ("Customers", "network:customers", "network", frozenset({"supplier", "country"})),
                      ("Networks", "network:networks", "network", suppliers_see_nothing),
                      ("Contracts", "network:contracts", "network", customers_see_nothing),
                      ("Map", "network:map", "network"), ("Import", "network:import", "network.import")):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)
