from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "steadfast.transparency"
    label = "transparency"
    verbose_name = "Transparency"
