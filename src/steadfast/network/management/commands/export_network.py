"""`steadfast export-network DIR`: the map as the continuity engine's nodes.csv, edges.csv and
parts.csv (each product's demand, shared by its sources)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from steadfast.engine import NetworkError
from steadfast.network.exports import export_engine_network


class Command(BaseCommand):
    help = "Write nodes.csv, edges.csv and parts.csv (the continuity engine's network format) into DIR."

    def add_arguments(self, parser):
        parser.add_argument("dir", help="output folder (created if missing)")

    def handle(self, *args, dir, **options):
        try:
            result = export_engine_network(dir)
        except NetworkError as exc:  # what the model cannot represent, and why
            raise CommandError(f"export-network: the map cannot be analysed: {exc}") from None
        self.stdout.write(f"nodes: {result.nodes:,}  edges: {result.edges:,}  "
                          f"phased-out sources skipped: {result.skipped_sources:,}")
        if result.products_without_sources:
            self.stdout.write(f"warning: {result.products_without_sources:,} products with demand have no "
                              "approved or qualifying source")
        self.stdout.write(f"written to {dir}/nodes.csv, {dir}/edges.csv and {dir}/parts.csv")
