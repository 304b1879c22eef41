"""Shapes the demo's scenes are made of: sky, hills, trees, buildings, vehicles, people."""

import math

from .canvas import HEIGHT, WIDTH, mix

SKY = ((120, 176, 228), (214, 234, 248))
DUSK = ((70, 96, 160), (246, 190, 150))
WHITE = (255, 255, 255)
ASPHALT = (92, 98, 108)
STEEL = (150, 160, 172)
GLASS = (150, 196, 228)
CONCRETE = (222, 220, 214)
LEAF = ((74, 150, 88), (98, 170, 100), (60, 128, 80))
BLUE = (11, 79, 156)
YELLOW = (242, 190, 40)


def sky(canvas, horizon, colours=SKY, sun=True):
    canvas.gradient(0, 0, WIDTH, horizon, *colours)
    if sun:
        x = canvas.random.uniform(120, WIDTH - 120)
        canvas.circle(x, 80, 46, mix(colours[1], (255, 244, 200), 0.6))
        canvas.circle(x, 80, 34, (255, 240, 190))
    for _ in range(canvas.random.randint(2, 4)):
        cloud(canvas, canvas.random.uniform(40, WIDTH - 40), canvas.random.uniform(40, horizon * 0.45))


def cloud(canvas, x, y, size=1.0):
    colour = (250, 252, 255)
    for dx, dy, r in ((-40, 6, 24), (-12, -8, 32), (22, 0, 26), (48, 10, 18)):
        canvas.circle(x + dx * size, y + dy * size, r * size, colour)
    canvas.rect(x - 40 * size, y + 4 * size, x + 48 * size, y + 28 * size, colour, radius=12 * size)


def hills(canvas, base, height, colour, seed_shift=0):
    rnd = canvas.random
    points = [(0, HEIGHT)]
    x, phase = 0, rnd.uniform(0, math.pi)
    while x <= WIDTH + 40:
        y = base - height * (0.55 + 0.45 * math.sin(x / 160 + phase + seed_shift)) - rnd.uniform(0, height * 0.15)
        points.append((x, y))
        x += 40
    points.append((WIDTH, HEIGHT))
    canvas.polygon(points, colour)


def tree(canvas, x, base, size=1.0):
    canvas.rect(x - 4 * size, base - 26 * size, x + 4 * size, base, (110, 84, 60))
    leaf = canvas.random.choice(LEAF)
    canvas.circle(x, base - 44 * size, 24 * size, leaf)
    canvas.circle(x - 14 * size, base - 32 * size, 16 * size, mix(leaf, (0, 0, 0), 0.1))
    canvas.circle(x + 14 * size, base - 34 * size, 17 * size, mix(leaf, WHITE, 0.1))


def windows(canvas, x0, y0, x1, y1, columns, rows, colour, lit=0.0):
    gap_x, gap_y = (x1 - x0) / columns, (y1 - y0) / rows
    for column in range(columns):
        for row in range(rows):
            wx, wy = x0 + column * gap_x + gap_x * 0.2, y0 + row * gap_y + gap_y * 0.25
            fill = (255, 226, 140) if canvas.random.random() < lit else colour
            canvas.rect(wx, wy, wx + gap_x * 0.6, wy + gap_y * 0.5, fill)


def building(canvas, x, base, width, height, colour, lit=0.0):
    canvas.rect(x, base - height, x + width, base, colour)
    canvas.rect(x + width * 0.82, base - height, x + width, base, mix(colour, (0, 0, 0), 0.12))
    windows(
        canvas,
        x + 8,
        base - height + 12,
        x + width * 0.8,
        base - 10,
        max(2, int(width // 26)),
        max(2, int(height // 30)),
        mix(colour, GLASS, 0.6),
        lit,
    )


def truck(canvas, x, base, colour=BLUE, length=190):
    canvas.rect(x, base - 74, x + length, base - 18, (236, 238, 242), radius=4)
    canvas.rect(x, base - 44, x + length, base - 34, colour)
    canvas.rect(x + length + 4, base - 62, x + length + 56, base - 18, colour, radius=8)
    canvas.rect(x + length + 28, base - 56, x + length + 50, base - 40, GLASS, radius=3)
    for wheel in (x + 30, x + length - 30, x + length + 34):
        canvas.circle(wheel, base - 16, 15, (40, 42, 48))
        canvas.circle(wheel, base - 16, 6, (170, 172, 178))


def car(canvas, x, base, colour):
    canvas.rect(x, base - 26, x + 70, base - 8, colour, radius=6)
    canvas.rect(x + 14, base - 40, x + 54, base - 22, mix(colour, WHITE, 0.2), radius=8)
    canvas.rect(x + 20, base - 36, x + 48, base - 26, GLASS, radius=3)
    for wheel in (x + 16, x + 54):
        canvas.circle(wheel, base - 8, 8, (40, 42, 48))


def person(canvas, x, base, scale=1.0, colour=(60, 70, 90)):
    canvas.rect(x - 14 * scale, base - 40 * scale, x + 14 * scale, base, colour, radius=10 * scale)
    canvas.circle(x, base - 52 * scale, 11 * scale, (236, 196, 160))
    canvas.ellipse(x - 11 * scale, base - 66 * scale, x + 11 * scale, base - 52 * scale, (40, 34, 30))


def row_of_buildings(canvas, horizon, widths, heights, colours, gaps, lit=0.0):
    """Buildings side by side across the picture, each of a random size (from the ranges) and colour."""
    x = -10
    while x < WIDTH:
        width = canvas.random.uniform(*widths)
        building(canvas, x, horizon, width, canvas.random.uniform(*heights), canvas.random.choice(colours), lit)
        x += width + canvas.random.uniform(*gaps)
