"""`steadfast export-network DIR` (the hyphenated name the issue gives; same as export_network)."""

from steadfast.network.management.commands.export_network import Command

__all__ = ["Command"]
