"""Outdoor scenes for the demo's news pictures: a station, rooftops, wind turbines, a building site,
the skyline, a port, a train, a service station. Each returns a JPEG; `seed` varies the details."""

import math

from . import parts
from .canvas import HEIGHT, WIDTH, Canvas, mix


def hydrogen_station(seed=0):
    """A hydrogen refuelling station in an industrial park: tanks, canopy, a truck at the pump."""
    canvas = Canvas(WIDTH, HEIGHT, seed=seed)
    horizon = 330
    parts.sky(canvas, horizon)
    parts.hills(canvas, horizon, 70, (170, 196, 186))
    # Factory halls with saw-tooth roofs behind.
    for x in range(0, WIDTH, 230):
        canvas.rect(x + 10, horizon - 70, x + 220, horizon, (206, 212, 220))
        for tooth in range(4):
            tx = x + 10 + tooth * 52
            canvas.polygon([(tx, horizon - 70), (tx + 52, horizon - 70), (tx + 52, horizon - 100)], (180, 188, 200))
    canvas.rect(0, horizon, WIDTH, HEIGHT, (184, 186, 180))
    canvas.rect(0, horizon + 110, WIDTH, HEIGHT, parts.ASPHALT)
    for x in range(0, WIDTH, 120):
        canvas.rect(x + 20, horizon + 170, x + 80, horizon + 178, parts.WHITE)
    # Storage tanks on supports.
    for index, x in enumerate((60, 250)):
        y = horizon + 30 - index * 8
        for leg in (x + 30, x + 130):
            canvas.rect(leg, y + 30, leg + 12, y + 70, parts.STEEL)
        canvas.rect(x, y - 30, x + 170, y + 34, (238, 240, 244), radius=32)
        canvas.rect(x + 10, y - 20, x + 160, y - 8, parts.WHITE, radius=6)
        canvas.rect(x + 6, y + 16, x + 164, y + 28, (210, 214, 222), radius=6)
    # Canopy and dispensers.
    canvas.rect(470, horizon - 60, 900, horizon - 30, parts.BLUE)
    canvas.rect(470, horizon - 30, 900, horizon - 22, (8, 60, 118))
    for pillar in (500, 860):
        canvas.rect(pillar, horizon - 22, pillar + 18, horizon + 112, (220, 224, 230))
    canvas.rect(640, horizon - 130, 730, horizon - 66, parts.WHITE, (8, 60, 118), 4, radius=8)
    canvas.text(685, horizon - 98, "H2", 34, parts.BLUE, "mm")
    for x in (600, 760):
        canvas.rect(x, horizon + 24, x + 40, horizon + 112, (236, 238, 242), radius=4)
        canvas.rect(x + 6, horizon + 34, x + 34, horizon + 56, (60, 150, 200), radius=2)
    parts.truck(canvas, 500, horizon + 200, parts.BLUE)
    for x in (30, 130, 420, 930):
        parts.tree(canvas, x, horizon + 108, 0.9)
    return canvas.encode()


def rooftop_solar(seed=0, panels=True):
    """Residential blocks; with `panels`, solar arrays on the roofs."""
    canvas = Canvas(WIDTH, HEIGHT, seed=seed)
    horizon = 420
    parts.sky(canvas, horizon)
    rnd = canvas.random
    x = -20
    while x < WIDTH:
        width = rnd.uniform(150, 210)
        height = rnd.uniform(170, 260)
        colour = rnd.choice([(236, 222, 200), (226, 214, 198), (214, 222, 230), (240, 232, 218)])
        top = horizon - height
        canvas.rect(x, top, x + width, horizon, colour)
        canvas.rect(x - 6, top - 8, x + width + 6, top, mix(colour, (0, 0, 0), 0.2))
        for row in range(int(height // 34)):
            y = top + 18 + row * 34
            for column in range(int(width // 40)):
                wx = x + 12 + column * 40
                canvas.rect(wx, y, wx + 24, y + 18, (140, 176, 206))
                canvas.rect(wx - 3, y + 18, wx + 27, y + 22, mix(colour, parts.WHITE, 0.4))
        if panels:
            for column in range(int(width // 46)):
                px = x + 8 + column * 46
                canvas.polygon(
                    [(px, top - 8), (px + 38, top - 8), (px + 30, top - 34), (px - 4, top - 34)], (30, 56, 110)
                )
                canvas.line([(px + 17, top - 8), (px + 13, top - 34)], (120, 150, 200), 1.5)
                canvas.line([(px - 2, top - 21), (px + 34, top - 21)], (120, 150, 200), 1.5)
                canvas.rect(px + 14, top - 8, px + 18, top, (150, 150, 150))
        x += width + rnd.uniform(10, 30)
    canvas.rect(0, horizon, WIDTH, HEIGHT, (200, 204, 196))
    canvas.rect(0, horizon + 60, WIDTH, HEIGHT, parts.ASPHALT)
    for lane in range(0, WIDTH, 110):
        canvas.rect(lane + 10, horizon + 100, lane + 70, horizon + 106, parts.WHITE)
    for car_x in (80, 340, 610, 820):
        parts.car(
            canvas,
            car_x + rnd.uniform(-20, 20),
            horizon + 92,
            rnd.choice([(200, 40, 50), (240, 240, 240), (60, 90, 150), (90, 96, 104)]),
        )
    for tree_x in range(30, WIDTH, 150):
        parts.tree(canvas, tree_x + rnd.uniform(-20, 20), horizon + 50, 1.1)
    return canvas.encode()


def wind_farm(seed=0):
    """Wind turbines on layered ridges."""
    canvas = Canvas(WIDTH, HEIGHT, seed=seed)
    parts.sky(canvas, 380, sun=False)
    parts.hills(canvas, 330, 90, (150, 178, 196))
    turbines = [(140, 300, 0.55), (300, 280, 0.6), (470, 300, 0.5), (780, 270, 0.65)]
    parts.hills(canvas, 420, 100, (110, 160, 120), 1.7)
    turbines += [(620, 380, 1.0), (860, 400, 0.9), (220, 420, 1.15)]
    for x, base, size in turbines:
        _turbine(canvas, x, base, size, canvas.random.uniform(0, 120))
    parts.hills(canvas, 560, 80, (84, 140, 96), 3.1)
    return canvas.encode()


def _turbine(canvas, x, base, size, angle):
    height = 230 * size
    canvas.polygon(
        [(x - 7 * size, base), (x + 7 * size, base), (x + 3 * size, base - height), (x - 3 * size, base - height)],
        (244, 246, 248),
    )
    hub = (x, base - height)
    for blade in range(3):
        a = math.radians(angle + blade * 120)
        tip = (hub[0] + math.cos(a) * 120 * size, hub[1] + math.sin(a) * 120 * size)
        side = (hub[0] + math.cos(a + 0.12) * 30 * size, hub[1] + math.sin(a + 0.12) * 30 * size)
        canvas.polygon([hub, side, tip], (250, 250, 252))
    canvas.rect(
        hub[0] - 6 * size, hub[1] - 6 * size, hub[0] + 16 * size, hub[1] + 6 * size, (230, 232, 236), radius=4 * size
    )
    canvas.circle(hub[0], hub[1], 6 * size, (210, 214, 220))


def construction(seed=0):
    """A building going up: concrete floors, a tower crane, the site fence."""
    canvas = Canvas(WIDTH, HEIGHT, seed=seed)
    horizon = 440
    parts.sky(canvas, horizon)
    floors = 7
    for floor in range(floors):
        y = horizon - floor * 44
        canvas.rect(300, y - 8, 700, y, (180, 180, 176))
        for column in range(300, 701, 80):
            canvas.rect(column - 4, y - 44, column + 4, y - 8, (200, 198, 192))
        if floor < 4:
            canvas.rect(304, y - 44, 696, y - 8, (150, 196, 228))
            for column in range(300, 701, 80):
                canvas.rect(column - 4, y - 44, column + 4, y - 8, (230, 230, 232))
    canvas.rect(300, horizon - floors * 44 - 8, 700, horizon - floors * 44, (180, 180, 176))
    # Tower crane: a lattice mast and a jib.
    mast_x, top = 760, 60
    for side in (mast_x, mast_x + 24):
        canvas.line([(side, horizon), (side, top)], parts.YELLOW, 4)
    for y in range(top, horizon, 24):
        canvas.line([(mast_x, y), (mast_x + 24, y + 24)], parts.YELLOW, 2)
    canvas.line([(mast_x - 420, top), (mast_x + 140, top)], parts.YELLOW, 8)
    canvas.line([(mast_x - 420, top + 16), (mast_x + 140, top + 16)], parts.YELLOW, 3)
    for x in range(mast_x - 420, mast_x + 140, 28):
        canvas.line([(x, top), (x + 14, top + 16)], parts.YELLOW, 2)
    canvas.polygon([(mast_x - 6, top), (mast_x + 30, top), (mast_x + 12, top - 40)], parts.YELLOW)
    canvas.rect(mast_x + 100, top + 10, mast_x + 140, top + 40, (120, 124, 130))
    canvas.line([(mast_x - 300, top + 16), (mast_x - 300, 200)], (60, 60, 60), 2)
    canvas.rect(mast_x - 330, 200, mast_x - 270, 214, (120, 90, 60))
    canvas.rect(0, horizon, WIDTH, HEIGHT, (196, 176, 144))
    canvas.rect(0, horizon + 40, WIDTH, horizon + 90, (230, 232, 236))
    for x in range(0, WIDTH, 60):
        canvas.line([(x, horizon + 40), (x, horizon + 90)], (40, 110, 180), 3)
    canvas.rect(0, horizon + 56, WIDTH, horizon + 70, (40, 110, 180))
    parts.truck(canvas, 60, horizon + 38, (220, 120, 30), 150)
    return canvas.encode()


def skyline(seed=0, dusk=False):
    """Towers of the new district across the river, with a bridge."""
    canvas = Canvas(WIDTH, HEIGHT, seed=seed)
    horizon = 380
    parts.sky(canvas, horizon, parts.DUSK if dusk else parts.SKY, sun=not dusk)
    rnd = canvas.random
    colours = [(150, 176, 200), (176, 196, 214), (120, 150, 180), (200, 206, 214)]
    if dusk:
        colours = [mix(colour, (40, 50, 80), 0.3) for colour in colours]
    parts.row_of_buildings(canvas, horizon, (60, 120), (120, 300), colours, (4, 24), lit=0.5 if dusk else 0)
    canvas.rect(0, horizon, WIDTH, horizon + 24, (120, 150, 110))
    canvas.gradient(0, horizon + 24, WIDTH, HEIGHT, (110, 150, 190), (70, 110, 150))
    for _ in range(40):
        y = rnd.uniform(horizon + 34, HEIGHT - 10)
        sx = rnd.uniform(0, WIDTH)
        canvas.line([(sx, y), (sx + rnd.uniform(20, 60), y)], (170, 200, 226), 2)
    deck = horizon + 70
    canvas.rect(0, deck, WIDTH, deck + 14, (230, 230, 226))
    for pylon in (260, 700):
        canvas.rect(pylon - 8, deck - 130, pylon + 8, HEIGHT, (240, 240, 236))
        for n in range(1, 7):
            canvas.line([(pylon, deck - 120), (pylon - n * 34, deck)], (210, 214, 220), 1.5)
            canvas.line([(pylon, deck - 120), (pylon + n * 34, deck)], (210, 214, 220), 1.5)
    for car_x in range(40, WIDTH, 170):
        canvas.rect(
            car_x, deck - 12, car_x + 36, deck, rnd.choice([(200, 40, 50), (250, 250, 250), (60, 90, 150)]), radius=4
        )
    return canvas.encode()


def port(seed=0):
    """A container terminal: gantry cranes, stacks of boxes, a ship at the quay."""
    canvas = Canvas(WIDTH, HEIGHT, seed=seed)
    horizon = 300
    parts.sky(canvas, horizon)
    canvas.gradient(0, horizon, WIDTH, HEIGHT, (90, 140, 180), (50, 96, 140))
    colours = [(200, 50, 40), (30, 90, 160), (240, 170, 40), (40, 140, 110), (120, 120, 130), (230, 230, 230)]
    rnd = canvas.random
    # The ship's hull with its load.
    canvas.polygon([(40, 380), (900, 380), (860, 450), (80, 450)], (40, 46, 60))
    canvas.rect(40, 372, 900, 384, (200, 40, 40))
    canvas.rect(760, 290, 860, 372, (236, 238, 240))
    parts.windows(canvas, 770, 300, 850, 360, 4, 3, parts.GLASS)
    for column in range(0, 17):
        for level in range(rnd.randint(1, 3)):
            bx, by = 60 + column * 40, 372 - (level + 1) * 24
            canvas.rect(bx, by, bx + 38, by + 22, rnd.choice(colours))
    # Quay with stacks and two gantry cranes.
    canvas.rect(0, 450, WIDTH, HEIGHT, (170, 170, 164))
    for stack in range(10):
        for level in range(rnd.randint(1, 3)):
            bx, by = 20 + stack * 94, 540 - (level + 1) * 26
            colour = rnd.choice(colours)
            canvas.rect(bx, by, bx + 86, by + 24, colour)
            for rib in range(6):
                canvas.line(
                    [(bx + 8 + rib * 14, by + 3), (bx + 8 + rib * 14, by + 21)], mix(colour, (0, 0, 0), 0.25), 1.5
                )
    for crane_x in (220, 560):
        red = (210, 60, 40)
        canvas.line([(crane_x, 540), (crane_x + 30, 140)], red, 10)
        canvas.line([(crane_x + 140, 540), (crane_x + 110, 140)], red, 10)
        canvas.line([(crane_x - 130, 150), (crane_x + 240, 150)], red, 14)
        canvas.line([(crane_x + 30, 200), (crane_x + 110, 200)], red, 6)
        canvas.rect(crane_x + 40, 120, crane_x + 100, 150, (230, 230, 230))
        canvas.line([(crane_x - 60, 156), (crane_x - 60, 250)], (60, 60, 60), 2)
        canvas.rect(crane_x - 80, 250, crane_x - 40, 272, rnd.choice(colours))
    return canvas.encode()


def transit(seed=0):
    """A train on an elevated line through the new district."""
    canvas = Canvas(WIDTH, HEIGHT, seed=seed)
    horizon = 400
    parts.sky(canvas, horizon)
    colours = [(196, 206, 220), (214, 206, 196), (180, 196, 214)]
    parts.row_of_buildings(canvas, horizon, (70, 130), (100, 220), colours, (8, 30))
    canvas.rect(0, horizon, WIDTH, HEIGHT, (160, 190, 140))
    deck = 320
    for pillar in range(60, WIDTH, 180):
        canvas.rect(pillar, deck + 30, pillar + 30, HEIGHT, (220, 220, 216))
    canvas.rect(0, deck + 10, WIDTH, deck + 34, (230, 230, 226))
    canvas.rect(0, deck + 30, WIDTH, deck + 38, (190, 190, 186))
    train_green = (0, 150, 136)
    canvas.rect(90, deck - 70, 900, deck + 6, (246, 248, 250), radius=26)
    canvas.rect(90, deck - 20, 900, deck - 8, train_green)
    for car in range(4):
        cx = 100 + car * 200
        canvas.rect(cx + 20, deck - 58, cx + 180, deck - 30, (50, 70, 96), radius=6)
        canvas.line([(cx + 196, deck - 70), (cx + 196, deck + 6)], (200, 204, 210), 3)
    canvas.rect(0, HEIGHT - 70, WIDTH, HEIGHT, parts.ASPHALT)
    for tree_x in range(20, WIDTH, 120):
        parts.tree(canvas, tree_x + canvas.random.uniform(-10, 10), HEIGHT - 70, 1.2)
    return canvas.encode()


def street_service(seed=0):
    """A service station at a park gate: a pavilion with a notice board, people queueing."""
    canvas = Canvas(WIDTH, HEIGHT, seed=seed)
    horizon = 360
    parts.sky(canvas, horizon)
    parts.building(canvas, 20, horizon, 220, 240, (214, 222, 230))
    parts.building(canvas, 700, horizon, 240, 200, (226, 214, 198))
    canvas.rect(300, 170, 660, horizon, (240, 242, 246))
    canvas.rect(290, 150, 670, 176, parts.BLUE)
    canvas.rect(330, 200, 470, horizon, (160, 200, 230))
    canvas.line([(400, 200), (400, horizon)], (240, 242, 246), 4)
    canvas.rect(500, 200, 640, 300, (255, 255, 255), (180, 190, 200), 4)
    for row in range(5):
        canvas.rect(514, 214 + row * 16, 514 + canvas.random.uniform(60, 110), 222 + row * 16, (160, 170, 186))
    canvas.rect(0, horizon, WIDTH, HEIGHT, (206, 204, 196))
    for column in range(0, WIDTH, 48):
        canvas.line([(column, horizon), (column - 40, HEIGHT)], (190, 188, 180), 2)
    shirts = [(60, 90, 150), (200, 60, 60), (70, 130, 90), (230, 170, 60), (90, 96, 110)]
    for n, x in enumerate(range(250, 760, 70)):
        parts.person(
            canvas, x + canvas.random.uniform(-8, 8), horizon + 110 + (n % 2) * 14, 1.5, shirts[n % len(shirts)]
        )
    for tree_x in (60, 900):
        parts.tree(canvas, tree_x, horizon + 40, 1.4)
    return canvas.encode()
