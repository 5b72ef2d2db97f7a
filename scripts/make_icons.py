"""Draws the app's icons (favicon, home-screen icons) into assets/: a white speech bubble with "!" on the brand green.

Run once after changing the drawing: `python scripts/make_icons.py`. The PNGs are committed.
"""

from pathlib import Path

from PIL import Image, ImageDraw

ASSETS = Path(__file__).resolve().parents[1] / "assets"
BRAND = (15, 81, 50, 255)  # --brand in styles.css
WHITE = (255, 255, 255, 255)


def draw(size: int, *, maskable: bool = False) -> Image.Image:
    """Drawn at 4× and scaled down for smooth edges; a maskable icon keeps its drawing in the middle 80 %."""
    big = size * 4
    image = Image.new("RGBA", (big, big), BRAND if maskable else (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if not maskable:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=BRAND)
    inset = big * (0.22 if maskable else 0.16)
    left, top, right, bottom = inset, inset, big - inset, big - inset * 1.5
    pen.rounded_rectangle((left, top, right, bottom), radius=(right - left) // 5, fill=WHITE)
    tail = (right - left) * 0.18
    pen.polygon(
        [(left + tail, bottom - 2), (left + tail * 2.2, bottom - 2), (left + tail * 0.9, big - inset * 0.9)], fill=WHITE
    )
    middle, stroke = big / 2, (right - left) * 0.11
    pen.rounded_rectangle(
        (middle - stroke / 2, top + stroke, middle + stroke / 2, bottom - stroke * 2.6), radius=stroke / 2, fill=BRAND
    )
    pen.ellipse(
        (middle - stroke / 1.6, bottom - stroke * 1.9, middle + stroke / 1.6, bottom - stroke * 0.6), fill=BRAND
    )
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    for size in (192, 512):
        draw(size).save(ASSETS / f"icon-{size}.png", optimize=True)
    draw(512, maskable=True).save(ASSETS / "icon-maskable-512.png", optimize=True)
    draw(180).save(ASSETS / "apple-touch-icon.png", optimize=True)
    draw(64).save(ASSETS / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
