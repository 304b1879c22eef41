"""Infographics for the demo: bar, line and ring charts and two kinds of map.

Each function returns the encoded picture (PNG: flat colours compress well).
Numbers and Latin labels only; what they mean is said in the caption.
"""

import math

from .canvas import HEIGHT, WIDTH, Canvas, mix

BLUE = (11, 79, 156)
LIGHT_BLUE = (120, 165, 220)
RED = (200, 16, 46)
ORANGE = (235, 140, 40)
GREEN = (60, 150, 90)
GREY = (120, 128, 138)
GRID = (225, 231, 238)
INK = (45, 52, 62)
PAPER = (250, 251, 253)


def _nice_top(value):
    """The top of an axis of five round steps (1, 2, 2.5 or 5 times a power of ten) a little above `value`."""
    wanted = value * 1.08 / 5
    magnitude = 10 ** math.floor(math.log10(wanted))
    step = next(n * magnitude for n in (1, 2, 2.5, 5, 10) if n * magnitude >= wanted)
    return step * 5


def _number(value):
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _frame(canvas, top, unit, left=90, right=40, upper=60, lower=70):
    """Grid lines and y labels; returns the plot box and a function mapping a value to y."""
    x0, y0, x1, y1 = left, upper, WIDTH - right, HEIGHT - lower
    for n in range(6):
        y = y1 - (y1 - y0) * n / 5
        canvas.line([(x0, y), (x1, y)], GRID, 1.5)
        canvas.text(x0 - 12, y, _number(top * n / 5), 15, GREY, "rm")
    canvas.line([(x0, y1), (x1, y1)], INK, 2)
    if unit:
        canvas.text(x0 - 12, y0 - 30, unit, 15, GREY, "rm")
    return (x0, y0, x1, y1), lambda value: y1 - (y1 - y0) * value / top


def bar_chart(values, labels, unit="", highlight=-1, colour=BLUE, seed=0):
    """Vertical bars with their values; the `highlight` bar (the latest by default) in red."""
    canvas = Canvas(WIDTH, HEIGHT, PAPER, seed)
    (x0, _y0, x1, y1), to_y = _frame(canvas, _nice_top(max(values)), unit)
    slot = (x1 - x0) / len(values)
    bar = slot * 0.56
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        left = x0 + slot * index + (slot - bar) / 2
        fill = RED if index == highlight % len(values) else colour
        canvas.rect(left, to_y(value), left + bar, y1, fill, radius=4)
        canvas.rect(left, y1 - 4, left + bar, y1, fill)
        canvas.text(left + bar / 2, to_y(value) - 10, _number(value), 16, INK, "ms")
        canvas.text(left + bar / 2, y1 + 22, label, 16, INK, "mm")
    return canvas.encode("PNG")


def grouped_bars(series, labels, unit="", colours=(LIGHT_BLUE, BLUE), seed=0):
    """Two or three bars per label (before and after, this year and last)."""
    canvas = Canvas(WIDTH, HEIGHT, PAPER, seed)
    (x0, _y0, x1, y1), to_y = _frame(canvas, _nice_top(max(max(s) for s in series)), unit)
    slot = (x1 - x0) / len(labels)
    bar = slot * 0.7 / len(series)
    for index, label in enumerate(labels):
        start = x0 + slot * index + slot * 0.15
        for number, values in enumerate(series):
            left = start + bar * number
            canvas.rect(left + 2, to_y(values[index]), left + bar - 2, y1, colours[number], radius=3)
            canvas.text(left + bar / 2, to_y(values[index]) - 8, _number(values[index]), 14, INK, "ms")
        canvas.text(x0 + slot * index + slot / 2, y1 + 22, label, 16, INK, "mm")
    return canvas.encode("PNG")


def line_chart(series, labels, unit="", colours=(BLUE, ORANGE), seed=0):
    """One or two lines over the labels; the first with a shaded area and its last value marked."""
    canvas = Canvas(WIDTH, HEIGHT, PAPER, seed)
    (x0, _y0, x1, y1), to_y = _frame(canvas, _nice_top(max(max(s) for s in series)), unit)
    step = (x1 - x0 - 40) / (len(labels) - 1)
    xs = [x0 + 20 + step * n for n in range(len(labels))]
    for index, label in enumerate(labels):
        if len(labels) <= 12 or index % 2 == 0:
            canvas.text(xs[index], y1 + 22, label, 15, INK, "mm")
    lines = [[(x, to_y(v)) for x, v in zip(xs, values, strict=True)] for values in series]
    canvas.polygon([(xs[0], y1), *lines[0], (xs[-1], y1)], mix(colours[0], PAPER, 0.82))
    for points, colour in reversed(list(zip(lines, colours, strict=False))):
        canvas.line(points, colour, 4)
        for x, y in points:
            canvas.circle(x, y, 5, PAPER, colour, 3)
    last_x, last_y = xs[-1], to_y(series[0][-1])
    canvas.circle(last_x, last_y, 8, RED)
    canvas.rect(last_x - 92, last_y - 52, last_x - 6, last_y - 18, RED, radius=4)
    canvas.text(last_x - 49, last_y - 35, _number(series[0][-1]), 17, (255, 255, 255), "mm")
    return canvas.encode("PNG")


def ring_chart(shares, colours=(BLUE, LIGHT_BLUE, ORANGE, GREEN, GREY), seed=0):
    """A ring of `shares` (percentages) with the value of each part beside it, legend swatches on the right."""
    canvas = Canvas(WIDTH, HEIGHT, PAPER, seed)
    cx, cy, r = 330, HEIGHT / 2, 200
    start = -90
    for share, colour in zip(shares, colours, strict=False):
        end = start + 360 * share / 100
        canvas.pieslice([cx - r, cy - r, cx + r, cy + r], start, end, colour)
        middle = math.radians((start + end) / 2)
        canvas.text(
            cx + math.cos(middle) * (r - 48), cy + math.sin(middle) * (r - 48), f"{share:g}%", 20, (255, 255, 255), "mm"
        )
        start = end
    canvas.circle(cx, cy, r - 96, PAPER)
    canvas.text(cx, cy, "100%", 28, INK, "mm")
    for index, (share, colour) in enumerate(zip(shares, colours, strict=False)):
        y = 150 + index * 62
        canvas.rect(640, y - 16, 672, y + 16, colour, radius=4)
        canvas.text(690, y, f"{share:g}%", 24, INK, "lm")
    return canvas.encode("PNG")


def district_map(pins, seed=0, river=True):
    """A district map: blocks, a river, green spaces, main roads and numbered pins at (x, y) in 0–1."""
    canvas = Canvas(WIDTH, HEIGHT, (241, 237, 228), seed)
    rnd = canvas.random
    # City blocks between the streets.
    for bx in range(0, WIDTH, 120):
        for by in range(0, HEIGHT, 100):
            tone = rnd.choice([(228, 222, 210), (232, 227, 216), (224, 218, 206)])
            canvas.rect(bx + 10, by + 10, bx + 110, by + 90, tone, radius=3)
            if rnd.random() < 0.18:
                canvas.rect(bx + 10, by + 10, bx + 110, by + 90, (200, 226, 190), radius=3)
    if river:
        points = [
            (-20, HEIGHT * 0.78),
            (WIDTH * 0.25, HEIGHT * 0.7),
            (WIDTH * 0.5, HEIGHT * 0.84),
            (WIDTH * 0.75, HEIGHT * 0.72),
            (WIDTH + 20, HEIGHT * 0.8),
        ]
        smooth = _smooth(points)
        canvas.line(smooth, (170, 205, 235), 46)
        canvas.line(smooth, (150, 192, 230), 30)
    # Main roads: white with a darker casing, one highlighted ring road.
    roads = [[(0, 200), (WIDTH, 200)], [(0, 400), (WIDTH, 400)], [(360, 0), (360, HEIGHT)], [(720, 0), (720, HEIGHT)]]
    for road in roads:
        canvas.line(road, (205, 198, 185), 18)
    for road in roads:
        canvas.line(road, (255, 255, 255), 12)
    canvas.line([(120, 0), (240, 300), (120, HEIGHT)], (240, 190, 90), 14)
    canvas.line([(120, 0), (240, 300), (120, HEIGHT)], (250, 215, 130), 9)
    for number, (px, py) in enumerate(pins, start=1):
        x, y = px * WIDTH, py * HEIGHT
        canvas.ellipse(x - 12, y + 16, x + 12, y + 26, (196, 188, 172))
        canvas.polygon([(x - 15, y - 6), (x + 15, y - 6), (x, y + 22)], RED)
        canvas.circle(x, y - 12, 20, RED)
        canvas.circle(x, y - 12, 13, (255, 255, 255))
        canvas.text(x, y - 12, str(number), 16, RED, "mm")
    # Scale bar and north arrow.
    canvas.rect(WIDTH - 200, HEIGHT - 44, WIDTH - 40, HEIGHT - 18, (255, 255, 255), radius=4)
    canvas.line([(WIDTH - 186, HEIGHT - 26), (WIDTH - 86, HEIGHT - 26)], INK, 3)
    canvas.text(WIDTH - 78, HEIGHT - 31, "500 m", 14, INK, "lm")
    canvas.polygon([(WIDTH - 60, 30), (WIDTH - 74, 70), (WIDTH - 60, 62), (WIDTH - 46, 70)], INK)
    canvas.text(WIDTH - 60, 88, "N", 18, INK, "mm")
    return canvas.encode("PNG")


def line_map(stations, interchanges=(), colour=(0, 150, 136), seed=0):
    """A transit line diagram: the line through `stations` points (x, y in 0–1), numbered stops."""
    canvas = Canvas(WIDTH, HEIGHT, (247, 248, 250), seed)
    for x in range(0, WIDTH, 48):
        canvas.line([(x, 0), (x, HEIGHT)], (236, 239, 243), 1)
    for y in range(0, HEIGHT, 48):
        canvas.line([(0, y), (WIDTH, y)], (236, 239, 243), 1)
    for _ in range(5):
        x, y = canvas.random.uniform(80, WIDTH - 200), canvas.random.uniform(60, HEIGHT - 160)
        canvas.rect(
            x, y, x + canvas.random.uniform(80, 160), y + canvas.random.uniform(50, 90), (222, 238, 214), radius=12
        )
    river = _smooth(
        [(-20, HEIGHT * 0.9), (WIDTH * 0.4, HEIGHT * 0.76), (WIDTH * 0.7, HEIGHT * 0.88), (WIDTH + 20, HEIGHT * 0.8)]
    )
    canvas.line(river, (180, 212, 238), 34)
    canvas.line([(0, HEIGHT * 0.62), (WIDTH, HEIGHT * 0.5)], (200, 205, 212), 10)
    points = [(x * WIDTH, y * HEIGHT) for x, y in stations]
    canvas.line(points, colour, 14)
    for number, (x, y) in enumerate(points, start=1):
        big = number - 1 in interchanges
        canvas.circle(x, y, 14 if big else 10, (255, 255, 255), INK if big else colour, 4)
        canvas.text(x, y - 30, f"{number:02d}", 15, INK, "mm")
    canvas.rect(40, HEIGHT - 60, 200, HEIGHT - 24, (255, 255, 255), GRID, 2, radius=6)
    canvas.line([(56, HEIGHT - 42), (110, HEIGHT - 42)], colour, 10)
    canvas.text(122, HEIGHT - 42, "Line 3", 16, INK, "lm")
    return canvas.encode("PNG")


def _smooth(points, steps=16):
    """A Catmull-Rom curve through `points`."""
    result = []
    padded = [points[0], *points, points[-1]]
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1 : i + 3]
        for step in range(steps):
            t = step / steps
            result.append(
                tuple(
                    0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t**2 + (-a + 3 * b - 3 * c + d) * t**3)
                    for a, b, c, d in zip(p0, p1, p2, p3, strict=True)
                )
            )
    result.append(points[-1])
    return result
