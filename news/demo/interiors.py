"""Indoor scenes for the demo's news pictures: a laboratory, a conference hall, a data centre,
a robot workshop. Each returns a JPEG; `seed` varies the details."""

import math

from . import parts
from .canvas import HEIGHT, WIDTH, Canvas, mix


def lab(seed=0, liquid=(60, 160, 200)):
    """A laboratory bench: glassware, a microscope, a laptop showing a curve, shelves behind."""
    canvas = Canvas(WIDTH, HEIGHT, (232, 238, 242), seed)
    canvas.rect(620, 50, 900, 250, (190, 220, 240))
    canvas.rect(620, 50, 900, 250, None, (250, 250, 250), 10)
    canvas.line([(760, 50), (760, 250)], (250, 250, 250), 8)
    for shelf_y in (110, 200):
        canvas.rect(60, shelf_y, 540, shelf_y + 10, (176, 150, 120))
        x = 74
        while x < 520:
            width = canvas.random.uniform(20, 38)
            height = canvas.random.uniform(30, 70)
            canvas.rect(
                x,
                shelf_y - height,
                x + width,
                shelf_y,
                canvas.random.choice([(120, 170, 200), (200, 150, 90), (150, 190, 150), (230, 230, 236)]),
                radius=4,
            )
            x += width + canvas.random.uniform(6, 18)
    canvas.rect(0, 340, WIDTH, HEIGHT, (70, 80, 92))
    for door in range(0, WIDTH, 160):
        canvas.rect(door + 12, 366, door + 148, HEIGHT - 20, (84, 96, 110), radius=4)
        canvas.rect(door + 70, 390, door + 90, 398, (170, 178, 188), radius=2)
    canvas.rect(0, 330, WIDTH, 352, (236, 238, 240))
    # Flasks.
    for x, scale in ((120, 1.0), (210, 0.8), (300, 1.1)):
        neck = 16 * scale
        canvas.polygon(
            [
                (x - neck / 2, 230),
                (x + neck / 2, 230),
                (x + neck / 2, 270),
                (x + 48 * scale, 330),
                (x - 48 * scale, 330),
                (x - neck / 2, 270),
            ],
            (230, 242, 248),
        )
        canvas.polygon(
            [(x - 30 * scale, 306), (x + 30 * scale, 306), (x + 48 * scale, 330), (x - 48 * scale, 330)],
            mix(liquid, parts.WHITE, 0.1 * scale),
        )
        canvas.rect(x - neck / 2 - 3, 226, x + neck / 2 + 3, 234, (200, 210, 220), radius=2)
    # Microscope.
    canvas.rect(420, 316, 520, 330, (50, 56, 66), radius=4)
    canvas.rect(490, 200, 506, 318, (60, 66, 78), radius=6)
    canvas.polygon([(440, 196), (470, 176), (500, 226), (470, 246)], (80, 88, 102))
    canvas.rect(432, 262, 486, 270, (150, 160, 172))
    # Laptop with a rising curve.
    canvas.polygon([(600, 330), (840, 330), (860, 344), (580, 344)], (150, 156, 166))
    canvas.rect(612, 190, 828, 330, (40, 46, 56), radius=6)
    canvas.rect(622, 200, 818, 320, (250, 252, 255))
    points = [(632 + n * 18, 300 - 60 * (1 - math.exp(-n / 4)) - canvas.random.uniform(0, 8)) for n in range(11)]
    canvas.line(points, parts.BLUE, 3)
    canvas.line([(632, 310), (810, 310)], (190, 196, 206), 2)
    return canvas.encode()


def meeting_hall(seed=0, screen="bars"):
    """A conference or exhibition hall seen from the back rows: stage, screen, audience."""
    canvas = Canvas(WIDTH, HEIGHT, (40, 52, 80), seed)
    canvas.rect(0, 0, WIDTH, 300, (22, 58, 118))
    for x in range(0, WIDTH, 80):
        canvas.line([(x, 0), (x + 40, 300)], (30, 70, 132), 10)
    canvas.rect(220, 40, 740, 270, (250, 252, 255), (200, 210, 230), 6)
    if screen == "bars":
        for n, value in enumerate((0.35, 0.5, 0.62, 0.8, 0.95)):
            canvas.rect(
                280 + n * 90, 250 - 180 * value, 340 + n * 90, 250, (200, 16, 46) if n == 4 else parts.BLUE, radius=4
            )
    else:
        canvas.circle(480, 150, 70, (255, 200, 60))
        for n in range(12):
            a = math.radians(n * 30)
            canvas.line(
                [(480 + math.cos(a) * 84, 150 + math.sin(a) * 84), (480 + math.cos(a) * 104, 150 + math.sin(a) * 104)],
                (255, 180, 40),
                8,
            )
    canvas.rect(0, 290, WIDTH, 330, (120, 84, 60))
    canvas.rect(760, 230, 820, 300, (150, 110, 80), radius=4)
    canvas.circle(790, 216, 12, (236, 196, 160))
    for plant in (60, 900):
        canvas.circle(plant, 270, 30, parts.LEAF[0])
        canvas.rect(plant - 20, 280, plant + 20, 300, (200, 200, 200))
    # Rows of the audience, larger towards the viewer.
    for row in range(4):
        scale = 0.8 + row * 0.35
        y = 360 + row * 60
        step = 56 * scale
        offset = (row % 2) * step / 2
        x = -20 + offset
        while x < WIDTH + 20:
            shade = canvas.random.choice([(44, 48, 60), (70, 60, 56), (56, 72, 96), (90, 70, 64)])
            canvas.rect(x - 22 * scale, y - 10 * scale, x + 22 * scale, y + 40 * scale, shade, radius=14 * scale)
            canvas.circle(
                x, y - 24 * scale, 14 * scale, canvas.random.choice([(30, 26, 24), (48, 40, 34), (70, 60, 50)])
            )
            x += step
    return canvas.encode()


def data_center(seed=0):
    """The aisle of a data centre: server racks in perspective, status lights."""
    canvas = Canvas(WIDTH, HEIGHT, (26, 32, 44), seed)
    cx, cy = WIDTH / 2, HEIGHT * 0.46
    canvas.polygon([(0, HEIGHT), (WIDTH, HEIGHT), (cx + 60, cy + 40), (cx - 60, cy + 40)], (56, 64, 78))
    for n in range(1, 9):
        t = (n / 9) ** 1.6
        y = cy + 40 + (HEIGHT - cy - 40) * t
        half = 60 + (WIDTH / 2 - 60) * t
        canvas.line([(cx - half, y), (cx + half, y)], (70, 80, 96), 2)
    canvas.polygon([(0, 0), (WIDTH, 0), (cx + 60, cy - 70), (cx - 60, cy - 70)], (36, 42, 56))
    for n in range(6):
        t = n / 6
        y = (cy - 70) * (1 - t) ** 1.3
        half = 60 + (WIDTH / 2 - 60) * (1 - t) ** 1.3
        canvas.rect(cx - half * 0.3, y + 4, cx + half * 0.3, y + 10, (200, 230, 255))
    for side in (-1, 1):
        for n in range(7):
            t0, t1 = (n / 7) ** 1.5, ((n + 0.9) / 7) ** 1.5
            outer0, outer1 = WIDTH / 2 - (WIDTH / 2 - 70) * t0, WIDTH / 2 - (WIDTH / 2 - 70) * t1
            x0, x1 = cx + side * outer0, cx + side * outer1
            top0, top1 = cy - 70 - (cy - 10) * (1 - t0), cy - 70 - (cy - 10) * (1 - t1)
            bottom0, bottom1 = cy + 40 + (HEIGHT - cy - 20) * (1 - t0), cy + 40 + (HEIGHT - cy - 20) * (1 - t1)
            canvas.polygon([(x0, top0), (x1, top1), (x1, bottom1), (x0, bottom0)], (16, 20, 28))
            canvas.polygon([(x0, top0), (x1, top1), (x1, bottom1), (x0, bottom0)], None, (60, 70, 86))
            for light in range(10):
                f = (light + 1) / 11
                lx = x0 + (x1 - x0) * 0.3
                ly = top0 + (bottom0 - top0) * f
                colour = canvas.random.choice([(60, 220, 120), (60, 220, 120), (70, 160, 255), (255, 180, 60)])
                size = max(1.5, 4 * (1 - t0))
                canvas.circle(lx, ly, size, colour)
    return canvas.encode()


def factory_robot(seed=0):
    """Robot arms along a conveyor in a bright workshop."""
    canvas = Canvas(WIDTH, HEIGHT, (226, 232, 238), seed)
    for x in range(60, WIDTH, 200):
        canvas.rect(x, 20, x + 120, 30, (255, 255, 240))
    canvas.rect(0, 250, WIDTH, HEIGHT, (176, 186, 194))
    canvas.rect(0, 470, WIDTH, 480, parts.YELLOW)
    canvas.rect(0, 330, WIDTH, 380, (56, 62, 72))
    for roller in range(0, WIDTH, 40):
        canvas.circle(roller + 20, 384, 8, (40, 44, 52))
    for box_x in range(30, WIDTH, 150):
        canvas.rect(box_x, 296, box_x + 70, 332, (200, 156, 100))
        canvas.line([(box_x, 314), (box_x + 70, 314)], (170, 126, 80), 2)
    for base_x in (220, 520, 800):
        _robot_arm(canvas, base_x, 330, canvas.random.uniform(-0.3, 0.3))
    return canvas.encode()


def _robot_arm(canvas, x, base, lean):
    orange = (240, 120, 30)
    canvas.rect(x - 40, base - 30, x + 40, base, (70, 76, 86), radius=6)
    shoulder = (x, base - 50)
    elbow = (x + 90 * math.sin(0.6 + lean), base - 50 - 130 * math.cos(0.6 + lean))
    wrist = (elbow[0] - 70, elbow[1] + 60)
    canvas.circle(*shoulder, 26, orange)
    canvas.line([shoulder, elbow], orange, 30)
    canvas.circle(*elbow, 20, (220, 100, 20))
    canvas.line([elbow, wrist], orange, 22)
    canvas.circle(*wrist, 14, (70, 76, 86))
    canvas.line([wrist, (wrist[0] - 12, wrist[1] + 34)], (70, 76, 86), 6)
    canvas.line([wrist, (wrist[0] + 12, wrist[1] + 34)], (70, 76, 86), 6)
