from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "steadfast.transparency"
    label = "transparency"
    verbose_name = "Transparency"

    def ready(self) -> None:
        # Imported here, not at the top: ready() runs once the app registry is loaded.
        from steadfast.core import home
        from steadfast.core.context_processors import NAVIGATION
        from steadfast.transparency.home import centres_cards, figures_cards, portal_cards

        home.register("transparency", figures_cards)
        home.register("transparency.centres", centres_cards)
        home.register("transparency.portal", portal_cards)

        entry = ("Figures", "transparency:figures", "transparency")
        if entry not in NAVIGATION:
            NAVIGATION.append(entry)
        from steadfast.core.roles import Role
        from steadfast.core.scoping import ScopeKind, register_scope_kind

        # A regulator sees the records of the countries it oversees (RegulatorCountry); selectors pass
        # country="path__to_a_country_code". The paths may run through to-many relations: distinct.
        register_scope_kind(ScopeKind(
            "country", roles=frozenset({Role.REGULATOR}), many=True, distinct=True,
            value=_regulator_countries,
        ))
        for entry in (("Centres", "transparency:centres", "transparency.centres"),
                      ("Portal", "transparency:portal", "transparency.portal"),
                      ("Regulators", "transparency:regulators", "transparency.regulators")):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)


def _regulator_countries(user):
    from steadfast.transparency.models import RegulatorCountry

    return RegulatorCountry.objects.filter(user_id=user.pk).values("country")
