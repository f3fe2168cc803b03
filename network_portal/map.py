"""Maps of where municipalities are, drawn on the server as SVG from the portal's own data.

The country outlines are Natural Earth's (public domain), converted once from the world-atlas
npm package by scripts/build_map_outlines.py into network_portal/map_outlines.json: SVG path
data in degrees (x = longitude, y = -latitude). No tile server and no script: the page is
plain HTML and SVG, and every point is a link.

Projection: equirectangular, true to scale at the middle latitude of the map (x is scaled by
its cosine), zoomed to the points' extent — a list of German places shows Germany, a list
across continents the world.
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

OUTLINES_FILE = Path(__file__).with_name("map_outlines.json")
# The most points one map shows (the largest places first); the page says when there are
# more. Keeps the page and its query bounded at 20,000 municipalities.
MAP_LIMIT = 500
# Margins around the points, and the smallest extent (degrees), so one place shows its region.
PADDING = 0.15
MIN_SPAN = 4.0
# Wider than this (degrees of longitude) the coarse world outlines are enough.
REGION_MAX_SPAN = 60.0
# Width to height of the map, kept between these (a very tall or flat strip reads badly).
MIN_ASPECT, MAX_ASPECT = 1.2, 2.2
MAX_LATITUDE = 85.0


@cache
def outlines() -> dict:
    return json.loads(OUTLINES_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class MapPoint:
    place: object  # a Municipality (or anything with name, latitude, longitude)
    x: float
    y: float


@dataclass
class PlaceMap:
    west: float
    south: float
    east: float
    north: float
    x_scale: float
    points: list[MapPoint] = field(default_factory=list)
    unplaced: list = field(default_factory=list)
    radius: float = 0.0

    @property
    def view_box(self) -> str:
        x, y = self.west * self.x_scale, -self.north
        width = (self.east - self.west) * self.x_scale
        height = self.north - self.south
        return " ".join(f"{value:.3f}" for value in (x, y, width, height))

    @property
    def land_transform(self) -> str:
        return f"scale({self.x_scale:.5f} 1)"

    @property
    def resolution(self) -> str:
        return "region" if self.east - self.west <= REGION_MAX_SPAN else "world"

    @property
    def outline_paths(self) -> list[str]:
        """Path data per country of the rings whose box meets the map's."""
        paths = []
        for country in outlines()[self.resolution]:
            rings = [
                d
                for west, south, east, north, d in country["parts"]
                if west <= self.east
                and east >= self.west
                and south <= self.north
                and north >= self.south
            ]
            if rings:
                paths.append("".join(rings))
        return paths


def located(place) -> bool:
    return place.latitude is not None and place.longitude is not None


def extent(places) -> tuple[float, float, float, float]:
    """West, south, east, north around `places`, padded, with a sensible shape."""
    if not places:
        return -180.0, -60.0, 180.0, MAX_LATITUDE
    west = min(place.longitude for place in places)
    east = max(place.longitude for place in places)
    south = min(place.latitude for place in places)
    north = max(place.latitude for place in places)
    lon_pad = max((east - west) * PADDING, (MIN_SPAN - (east - west)) / 2, 0)
    lat_pad = max((north - south) * PADDING, (MIN_SPAN - (north - south)) / 2, 0)
    west, east = max(west - lon_pad, -180.0), min(east + lon_pad, 180.0)
    south, north = max(south - lat_pad, -MAX_LATITUDE), min(north + lat_pad, MAX_LATITUDE)
    # Keep the width/height ratio (in projected units) within bounds by widening.
    scale = x_scale(south, north)
    width, height = (east - west) * scale, north - south
    if width < MIN_ASPECT * height:
        grow = (MIN_ASPECT * height / scale - (east - west)) / 2
        west, east = max(west - grow, -180.0), min(east + grow, 180.0)
    elif width > MAX_ASPECT * height:
        grow = (width / MAX_ASPECT - height) / 2
        south, north = max(south - grow, -MAX_LATITUDE), min(north + grow, MAX_LATITUDE)
    return west, south, east, north


def x_scale(south: float, north: float) -> float:
    """Cosine of the middle latitude: east-west distances true to scale there."""
    return max(math.cos(math.radians((south + north) / 2)), 0.2)


def place_map(places) -> PlaceMap:
    """The map of `places` (in the order given): those with coordinates as points, the
    others listed as not on the map."""
    places = list(places)
    on_map = [place for place in places if located(place)]
    west, south, east, north = extent(on_map)
    scale = x_scale(south, north)
    result = PlaceMap(
        west=west,
        south=south,
        east=east,
        north=north,
        x_scale=scale,
        unplaced=[place for place in places if not located(place)],
    )
    result.radius = max((east - west) * scale, north - south) * 0.008
    result.points = [
        MapPoint(place=place, x=round(place.longitude * scale, 4), y=round(-place.latitude, 4))
        for place in on_map
    ]
    return result
