#!/usr/bin/env python3
"""Build network_portal/map_outlines.json, the country outlines the portal's maps are drawn
from (network_portal/map.py), from the TopoJSON files of the `world-atlas` npm package.

The outlines are Natural Earth's (https://www.naturalearthdata.com/), which are in the
public domain; world-atlas (ISC licence) only converts them to TopoJSON. The portal serves
its maps from this file alone: no tile server, no script host.

Run once when the outlines should change, and commit the generated file:

    mkdir -p /tmp/world-atlas && cd /tmp/world-atlas && npm install world-atlas@2.0.2
    cd - && python3 scripts/build_map_outlines.py /tmp/world-atlas/node_modules/world-atlas

It decodes each country's arcs (quantised, delta-encoded), simplifies the rings
(Douglas-Peucker, a tolerance per resolution), drops rings smaller than the tolerance and
writes, per country, its rings as SVG path data in degrees, each with its box: x is the
longitude, y the negative latitude (north up). The server scales x by the cosine of the
map's middle latitude (an equirectangular projection true to scale there) and zooms with
the viewBox. Standard library only.
"""

import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "network_portal" / "map_outlines.json"
# (resolution, file, simplification tolerance in degrees): the coarse one for world maps,
# the finer one for maps zoomed to a country or a region.
RESOLUTIONS = (("world", "countries-110m.json", 0.08), ("region", "countries-50m.json", 0.02))
DECIMALS = 2


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    move_x, move_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their end and start point.
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points):
    """Longitudes without the jump of 360° where a ring crosses the antimeridian (the
    TopoJSON keeps such rings whole; drawn flat they would streak across the world)."""
    result = [points[0]]
    offset = 0.0
    for x, y in points[1:]:
        x += offset
        if x - result[-1][0] > 180:
            offset -= 360
            x -= 360
        elif x - result[-1][0] < -180:
            offset += 360
            x += 360
        result.append((x, y))
    return result


def simplify(points, tolerance):
    """Douglas-Peucker, iterative (long coastlines would exceed the recursion limit)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            if length:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / length
            else:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack.extend([(first, farthest), (farthest, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def number(value):
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def country_outline(geometry, arcs, tolerance):
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return None
    parts = []
    rings = []
    for polygon in polygons:
        for ring in polygon:
            points = unwrap(ring_points(ring, arcs))
            rings.append(points)
            # A ring across the antimeridian (Chukotka, Fiji) now runs past 180° on one side:
            # a copy moved by 360° draws the part that shows on the other side of the map.
            if max(x for x, _ in points) > 180:
                rings.append([(x - 360, y) for x, y in points])
            elif min(x for x, _ in points) < -180:
                rings.append([(x + 360, y) for x, y in points])
    for ring in rings:
        points = simplify(ring, tolerance)
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        if len(points) < 4 or (max(xs) - min(xs) < tolerance and max(ys) - min(ys) < tolerance):
            continue  # too small to see at this resolution
        # West, south, east, north of the ring in degrees, so a map draws only the rings
        # its extent meets (a country's own box may span the globe: Russia, the USA).
        parts.append(
            [
                round(min(xs), 2),
                round(min(ys), 2),
                round(max(xs), 2),
                round(max(ys), 2),
                "M" + "L".join(f"{number(x)},{number(-y)}" for x, y in points[:-1]) + "Z",
            ]
        )
    if not parts:
        return None
    return {"name": geometry.get("properties", {}).get("name", ""), "parts": parts}


def main(folder):
    result = {
        "_source": (
            "Made with Natural Earth (public domain, naturalearthdata.com) via the world-atlas "
            "npm package 2.0.2; generated by scripts/build_map_outlines.py"
        )
    }
    for resolution, filename, tolerance in RESOLUTIONS:
        topology = json.loads((Path(folder) / filename).read_text(encoding="utf-8"))
        arcs = decode_arcs(topology)
        outlines = []
        for geometry in topology["objects"]["countries"]["geometries"]:
            if geometry.get("properties", {}).get("name") == "Antarctica":
                continue  # no municipalities; its ring runs along the pole and the antimeridian
            outline = country_outline(geometry, arcs, tolerance)
            if outline:
                outlines.append(outline)
        outlines.sort(key=lambda outline: outline["name"])
        result[resolution] = outlines
    OUTPUT.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n")
    sizes = {key: len(json.dumps(value)) for key, value in result.items() if key != "_source"}
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes; {sizes})")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
