"""Draw the app icon (a red square, a gold star over a white station house) as SVG, PNGs and a Windows .ico.

Run ``uv run python scripts/make_icons.py``; the files land in ``resources/icons/`` and are committed.
The drawing is plain geometry (no font), so it looks the same everywhere.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
RED, GOLD, WHITE = "#C8102E", "#FFD23F", "#FFFFFF"


def star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.42
        angle = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return pts


HOUSE = [(56, 124), (128, 70), (200, 124), (184, 124), (184, 206), (72, 206), (72, 124)]
DOOR = (112, 150, 144, 206)
STAR = star(128, 40, 26)


def svg() -> str:
    def poly(points):
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)

    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>代表联络站台账</title>
  <rect x="8" y="8" width="240" height="240" rx="44" fill="{RED}"/>
  <polygon points="{poly(STAR)}" fill="{GOLD}"/>
  <polygon points="{poly(HOUSE)}" fill="{WHITE}"/>
  <rect x="{DOOR[0]}" y="{DOOR[1]}" width="{DOOR[2] - DOOR[0]}" height="{DOOR[3] - DOOR[1]}" rx="4" fill="{RED}"/>
</svg>
"""


def png(size: int) -> Image.Image:
    scale = 4  # draw large, then shrink: smooth edges without an SVG renderer
    big = Image.new("RGBA", (256 * scale, 256 * scale), (0, 0, 0, 0))
    d = ImageDraw.Draw(big)

    def s(points):
        return [(x * scale, y * scale) for x, y in points]

    d.rounded_rectangle((8 * scale, 8 * scale, 248 * scale, 248 * scale), radius=44 * scale, fill=RED)
    d.polygon(s(STAR), fill=GOLD)
    d.polygon(s(HOUSE), fill=WHITE)
    d.rounded_rectangle(tuple(v * scale for v in DOOR), radius=4 * scale, fill=RED)
    return big.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "heshi-station.svg").write_text(svg(), encoding="utf-8")
    for size in (48, 128, 256):
        png(size).save(OUT / f"heshi-station-{size}.png")
    png(256).save(OUT / "heshi-station.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)])
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
