"""The demo's pictures by name: what draws each one, and its alt text.

Covers and body figures refer to these names (articles.py). Drawing all of
them takes a few seconds, so each picture is drawn once per process.
"""

from functools import cache

from django.utils import timezone

from . import charts, interiors, outdoors


def _years(count):
    """The last `count` years up to this one, as chart labels."""
    this_year = timezone.localdate().year
    return [str(year) for year in range(this_year - count + 1, this_year + 1)]


QUARTERS = ["Q1", "Q2", "Q3", "Q4"]
METRO_STATIONS = [
    (0.06, 0.3),
    (0.18, 0.34),
    (0.3, 0.42),
    (0.42, 0.5),
    (0.52, 0.52),
    (0.62, 0.56),
    (0.74, 0.62),
    (0.86, 0.66),
    (0.94, 0.72),
]

# name -> (a function drawing the picture, alt text)
PICTURES = {
    "hydrogen-station": (lambda: outdoors.hydrogen_station(seed=3), "加氢站、储氢罐和一辆物流车"),
    "hydrogen-output": (
        lambda: charts.bar_chart([12, 19, 28, 41, 66], _years(5)),
        "园区氢能企业年产值柱状图，逐年上升",
    ),
    "hydrogen-map": (
        lambda: charts.district_map([(0.3, 0.32), (0.56, 0.22), (0.5, 0.62), (0.84, 0.7)], seed=4),
        "标有四个编号位置的园区地图",
    ),
    "rooftop-solar": (lambda: outdoors.rooftop_solar(seed=2), "屋顶装有光伏板的住宅楼"),
    "generation-bars": (
        lambda: charts.bar_chart([31.2, 35.8, 40.5, 47.9, 58.0], _years(5)),
        "新能源发电量逐年增长的柱状图",
    ),
    "generation-mix": (lambda: charts.ring_chart([46, 31, 15, 8]), "新能源发电量构成环形图"),
    "wind-farm": (lambda: outdoors.wind_farm(seed=5), "山脊上的风力发电机"),
    "load-curve": (
        lambda: charts.line_chart(
            [
                [620, 560, 540, 560, 700, 860, 900, 880, 910, 1040, 1120, 900],
                [620, 580, 575, 585, 700, 840, 860, 850, 870, 950, 980, 880],
            ],
            [f"{hour}:00" for hour in range(0, 24, 2)],
        ),
        "一天中用电负荷变化的折线图",
    ),
    "ceramic-lab": (lambda: interiors.lab(seed=2), "实验台上的烧瓶、显微镜和电脑"),
    "transfer-contracts": (
        lambda: charts.line_chart(
            [[8, 21, 37, 55, 76, 98, 121, 146, 172, 199, 228, 258, 286, 310]], [f"W{n}" for n in range(1, 15)]
        ),
        "每周累计技术合同数的折线图",
    ),
    "chip-lab": (lambda: interiors.lab(seed=5, liquid=(140, 90, 190)), "实验室里的测试设备"),
    "chip-clients": (lambda: charts.bar_chart([18, 27, 35, 46], QUARTERS), "各季度服务企业数量的柱状图"),
    "talent-hall": (lambda: interiors.meeting_hall(seed=3), "会场里的签约仪式"),
    "mu-bars": (
        lambda: charts.bar_chart([28.5, 31.2, 33.0, 36.4, 39.8], _years(5), colour=charts.GREEN),
        "亩均税收逐年提高的柱状图",
    ),
    "site-map": (lambda: charts.district_map([(0.62, 0.42)], seed=7, river=False), "标出项目地块位置的地图"),
    "neighbourhood-street": (lambda: outdoors.rooftop_solar(seed=5, panels=False), "住宅小区和街道"),
    "neighbourhood-map": (
        lambda: charts.district_map([(0.48, 0.45), (0.25, 0.25), (0.3, 0.72), (0.78, 0.35)], seed=9),
        "邻里中心与周边小区、园区位置图",
    ),
    "construction": (lambda: outdoors.construction(seed=2), "塔吊旁正在建设的厂房"),
    "data-center": (lambda: interiors.data_center(seed=1), "数据中心机房里的服务器机柜"),
    "computing-use": (
        lambda: charts.line_chart(
            [
                [
                    12,
                    15,
                    18,
                    22,
                    25,
                    27,
                    30,
                    33,
                    35,
                    38,
                    40,
                    41,
                    44,
                    46,
                    48,
                    47,
                    50,
                    52,
                    53,
                    55,
                    56,
                    58,
                    57,
                    59,
                    60,
                    61,
                    62,
                    61,
                    63,
                    64,
                ]
            ],
            [str(day) for day in range(1, 31)],
        ),
        "算力中心每日利用率的折线图",
    ),
    "hitech-dusk": (lambda: outdoors.skyline(seed=4, dusk=True), "傍晚的高新区楼群"),
    "hitech-day": (lambda: outdoors.skyline(seed=6), "江边的高新区楼群和大桥"),
    "identifier-growth": (
        lambda: charts.line_chart([[40, 95, 170, 260, 380, 512]], _years(6)),
        "接入企业数逐年增长的折线图",
    ),
    "robot-workshop": (lambda: interiors.factory_robot(seed=1), "生产线旁的工业机器人"),
    "robot-efficiency": (
        lambda: charts.grouped_bars([[38, 41, 40, 43], [52, 55, 57, 60]], QUARTERS),
        "改造前后人均产值对比柱状图",
    ),
    "port": (lambda: outdoors.port(seed=3), "集装箱码头的岸桥和货轮"),
    "output-bars": (lambda: charts.bar_chart([5.1, 5.6, 6.0, 6.4, 6.8], _years(5)), "工业增加值增速柱状图"),
    "output-monthly": (
        lambda: charts.line_chart(
            [[5.6, 5.9, 6.1, 6.2, 6.3, 6.4, 6.5, 6.6, 6.7, 6.8], [4.9, 5.0, 5.2, 5.2, 5.3, 5.3, 5.4, 5.4, 5.5, 5.5]],
            [str(month) for month in range(1, 11)],
        ),
        "今年与去年累计增速对比的折线图",
    ),
    "food-workshop": (lambda: interiors.factory_robot(seed=6), "食品厂的自动化生产线"),
    "cold-chain": (lambda: outdoors.port(seed=8), "港区码头与集装箱"),
    "village-map": (
        lambda: charts.district_map(
            [(0.2, 0.3), (0.45, 0.2), (0.7, 0.35), (0.35, 0.65), (0.62, 0.7), (0.85, 0.6)], seed=11
        ),
        "标有多个村卫生室位置的地图",
    ),
    "job-station": (lambda: outdoors.street_service(seed=2), "就业服务站前排队的求职者"),
    "job-placements": (
        lambda: charts.bar_chart([210, 260, 310, 285], QUARTERS, highlight=2),
        "各季度推荐上岗人数柱状图",
    ),
    "canteen-street": (lambda: outdoors.rooftop_solar(seed=9, panels=False), "老旧小区的住宅楼"),
    "metro": (lambda: outdoors.transit(seed=3), "高架线路上行驶的地铁列车"),
    "metro-map": (lambda: charts.line_map(METRO_STATIONS, interchanges=(2, 6)), "地铁3号线东延段线路示意图"),
    "school-lab": (lambda: interiors.lab(seed=8, liquid=(80, 170, 90)), "学校科学实验室的实验台"),
    "graduation-hall": (lambda: interiors.meeting_hall(seed=6), "礼堂里的毕业典礼"),
    "science-hall": (lambda: interiors.meeting_hall(seed=9, screen="sun"), "科技馆展厅里的观众"),
    "joint-lab": (lambda: interiors.lab(seed=11, liquid=(230, 140, 50)), "联合实验室的实验台"),
}


@cache
def picture(name):
    """The encoded picture `name` (JPEG or PNG bytes)."""
    draw, _alt = PICTURES[name]
    return draw()


def alt_text(name):
    return PICTURES[name][1]
