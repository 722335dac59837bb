"""Links in e-mails follow the address served (PORT, HOST) unless STEADFAST_BASE_URL says otherwise."""

from __future__ import annotations

from steadfast.core.links import absolute_url, base_url


def test_links_follow_the_served_port(settings, monkeypatch):
    settings.STEADFAST_BASE_URL = ""
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.setenv("PORT", "18800")
    assert base_url() == "http://127.0.0.1:18800"
    assert absolute_url("/accounts/login/") == "http://127.0.0.1:18800/accounts/login/"
    monkeypatch.delenv("PORT")
    assert base_url() == "http://127.0.0.1:8000"


def test_a_wildcard_bind_still_gives_a_followable_link(settings, monkeypatch):
    settings.STEADFAST_BASE_URL = ""
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "9000")
    assert base_url() == "http://127.0.0.1:9000"
    monkeypatch.setenv("HOST", "::1")
    assert base_url() == "http://[::1]:9000"


def test_the_configured_public_address_wins(settings, monkeypatch):
    monkeypatch.setenv("PORT", "18800")
    settings.STEADFAST_BASE_URL = "https://steadfast.example.com/"
    assert absolute_url("contracts/4/") == "https://steadfast.example.com/contracts/4/"
