from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "steadfast.network"
    label = "network"
    verbose_name = "Business map"
