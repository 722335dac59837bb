"""Convert the Natural Earth 1:110m country shapes into the compact file the map page draws.

Run once (the result is shipped): `steadfast network_world_map SHAPEFILE [--out PATH]`. Paths are
pre-projected equirectangular (x = longitude + 180, y = 90 - latitude), rounded to 0.1 degree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry
from django.core.management.base import BaseCommand, CommandError

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "static" / "network" / "world.json"
# Shapes whose iso_a3 is -99 in this Natural Earth release.
NAME_FALLBACK = {"France": "FR", "Norway": "NO", "Kosovo": "XK"}


def _alpha2(iso_a3: str, name: str) -> str:
    country = pycountry.countries.get(alpha_3=iso_a3) if iso_a3 and iso_a3 != "-99" else None
    return country.alpha_2 if country else NAME_FALLBACK.get(name, "")


def _path(points, parts) -> str:
    bounds = [*parts, len(points)]
    rings = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        coords, last = [], None
        for lon, lat in points[start:end]:
            xy = (round(lon + 180, 1), round(90 - lat, 1))
            if xy != last:
                coords.append(f"{xy[0]:g},{xy[1]:g}")
                last = xy
        if len(coords) >= 3:
            rings.append("M" + "L".join(coords) + "Z")
    return "".join(rings)


class Command(BaseCommand):
    help = "Convert Natural Earth country shapes (shapefile) into network/static/network/world.json."

    def add_arguments(self, parser):
        parser.add_argument("shapefile", help="path without extension, e.g. ../shared/reference/geo/naturalearth_lowres")
        parser.add_argument("--out", default=str(DEFAULT_OUT))

    def handle(self, *args, shapefile: str, out: str, **options):
        try:
            import shapefile as pyshp
        except ModuleNotFoundError as exc:
            if exc.name != "shapefile":
                raise
            raise CommandError("this command reads shapefiles with pyshp, which is not installed: "
                               "pip install 'steadfast[worldmap]'") from None

        try:
            reader = pyshp.Reader(shapefile)
        except pyshp.ShapefileException as exc:
            raise CommandError(f"{shapefile}: not a readable shapefile ({exc})") from None
        countries = []
        for shape_record in reader.iterShapeRecords():
            record, shape = shape_record.record, shape_record.shape
            countries.append({"iso": _alpha2(record["iso_a3"], record["name"]), "name": record["name"],
                              "d": _path(shape.points, list(shape.parts))})
        payload = {"attribution": "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.",
                   "projection": "equirectangular: x = longitude + 180, y = 90 - latitude (degrees)",
                   "width": 360, "height": 180, "countries": countries}
        Path(out).write_text(json.dumps(payload, separators=(",", ":")), encoding="utf-8")
        self.stdout.write(f"wrote {len(countries)} countries to {out} ({Path(out).stat().st_size // 1024} KiB)")
