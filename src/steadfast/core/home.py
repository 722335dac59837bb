"""Figures on the home page. Each domain app registers a provider in its AppConfig.ready().

A provider takes the user and returns cards ({"label", "value", "url", "hint"}) computed through the
app's selectors, so a scoped user sees figures about their own supplier or customer only. A card
may name the scopes ("supplier", "customer") to whom it means nothing (`hidden_for`): a supplier
respondent is not shown "0 customer networks".
"""

from __future__ import annotations

from collections.abc import Callable

from steadfast.core.context_processors import scope_of
from steadfast.core.policy import can

Card = dict
HOME_CARD_PROVIDERS: list[tuple[str, Callable[..., list[Card]]]] = []


def register(domain: str, provider: Callable[..., list[Card]]) -> None:
    if all(existing is not provider for _, existing in HOME_CARD_PROVIDERS):
        HOME_CARD_PROVIDERS.append((domain, provider))


def cards_for(user) -> list[Card]:
    cards: list[Card] = []
    scope = scope_of(user)
    for domain, provider in HOME_CARD_PROVIDERS:
        if can(user, domain, "view"):
            cards.extend(card for card in provider(user) if scope not in card.get("hidden_for", ()))
    return cards
