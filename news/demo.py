"""Demo content for `load_demo`: categories, sources and ~40 articles.

All text here is written for this project. Each article has a stable import
key ("demo:N"), so loading twice changes nothing.
"""

import colorsys
import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from portal.defaults import ensure_footer_pages
from portal.models import FooterPage, Promotion, SiteSettings

from .models import Article, Category, DailyViews, Source

CATEGORIES = [
    # slug, name, parent slug, description
    ("innovation", "科技创新", None, "科研成果、创新平台与技术转化。"),
    ("parks", "园区动态", None, "开发区、高新区与产业园的建设进展。"),
    ("devzone", "开发区", "parks", "经济技术开发区的新闻。"),
    ("hitech", "高新区", "parks", "高新技术产业开发区的新闻。"),
    ("industry", "产业经济", None, "重点产业、企业与市场观察。"),
    ("energy", "绿色能源", None, "氢能、光伏、储能与节能降碳。"),
    ("livelihood", "民生服务", None, "教育、医疗、就业与社区服务。"),
    ("education", "教育科研", None, "高校院所、人才培养与科普。"),
]

SOURCES = [
    # name, website, is_original
    ("本站", "", True),
    ("滨江融媒", "https://media.example.com/", False),
    ("产业观察周刊", "https://industry.example.org/", False),
    ("高新区发布", "https://hitech.example.net/", False),
    ("城市晚报", "", False),
]

# (category slug, title, paragraphs, tags). The text is ours.
STORIES = [
    (
        "energy",
        "氢能产业园首批燃料电池项目投产",
        [
            "位于城市东部的氢能产业园迎来首批燃料电池电堆生产线投产，预计年产能可满足两千辆物流车的配套需求。",
            "园区负责人介绍，项目从签约到投产用时不到十个月，期间园区为企业提供了标准厂房代建和审批全程代办服务。",
            "业内人士认为，燃料电池在中重型物流车辆上的应用场景已经比较清晰，关键在于加氢站网络和用氢成本。",
            "园区下一步将联合本地运输企业开展示范运营，并计划年内建成两座加氢站。",
        ],
        ["氢能", "燃料电池", "产业园"],
    ),
    (
        "energy",
        "屋顶光伏进社区 居民电费账单变薄了",
        [
            "老旧小区改造中，二十栋住宅楼的屋顶铺上了光伏板，所发电量优先供给楼道照明和电梯使用。",
            "社区工作人员算了一笔账：改造后公共区域用电成本下降了近四成，节省的费用用于补充小区维修基金。",
            "施工单位表示，屋顶加装前都做了荷载检测，并增加了防水层，居民担心的漏水问题得到解决。",
        ],
        ["光伏", "社区", "节能"],
    ),
    (
        "innovation",
        "本地高校团队研发新型锂电池隔膜材料",
        [
            "一所本地高校的材料学院团队近日公布研究进展，他们研制的陶瓷复合隔膜在高温下仍能保持结构稳定。",
            "团队负责人说，这项工作持续了五年，最难的是在保证透气性的同时提高耐热性能。",
            "目前该材料已在两家电池企业进行中试，下一步将重点解决规模化生产中的一致性问题。",
        ],
        ["新材料", "锂电池", "高校"],
    ),
    (
        "innovation",
        "科技成果转化服务平台上线 一站对接企业需求",
        [
            "市科技部门牵头建设的科技成果转化服务平台正式上线，首批收录高校院所成果八百余项。",
            "企业可以在平台发布技术需求，由专业的技术经理人帮助匹配合适的研究团队。",
            "平台还提供专利评估、中试基地预约和科技金融对接等服务，力争让成果少走弯路。",
        ],
        ["成果转化", "技术经理人", "平台"],
    ),
    (
        "devzone",
        "开发区推出“拿地即开工”审批新模式",
        [
            "开发区近日推出“拿地即开工”审批模式，企业在取得土地的同时即可拿到施工许可。",
            "这一模式的关键是把规划设计方案审查、施工图审查等环节前移，在土地出让前完成大部分准备工作。",
            "首个受益的装备制造项目负责人表示，过去从拿地到开工要三个多月，这次只用了一天。",
        ],
        ["开发区", "营商环境", "审批改革"],
    ),
    (
        "devzone",
        "开发区新建邻里中心 十五分钟生活圈成形",
        [
            "开发区首个邻里中心投入使用，集中了社区食堂、卫生服务站、托育室和图书室等功能。",
            "附近园区企业的员工下班后可以在这里吃饭、健身，也能把孩子送到托育室临时看护。",
            "开发区计划再建三座邻里中心，让产业园区和居住社区之间的服务更加均衡。",
        ],
        ["开发区", "民生", "社区服务"],
    ),
    (
        "hitech",
        "高新区人工智能算力中心开放共享",
        [
            "高新区建设的人工智能算力中心开始面向中小企业开放，企业可以按小时租用计算资源。",
            "中心运营方介绍，首期投入的算力已有六成被预订，主要用于工业视觉检测和语音识别模型训练。",
            "为降低初创企业门槛，高新区对符合条件的企业给予一定比例的算力费用补贴。",
        ],
        ["人工智能", "算力", "高新区"],
    ),
    (
        "hitech",
        "高新区企业孵化器毕业企业突破百家",
        [
            "高新区创业孵化器今年又有二十余家企业顺利毕业，累计毕业企业突破一百家。",
            "孵化器负责人说，毕业企业大多留在区内继续发展，其中一部分已经成长为细分领域的骨干企业。",
            "孵化器将探索“孵化加投资”的模式，对有潜力的团队进行早期股权投资。",
        ],
        ["孵化器", "创业", "高新区"],
    ),
    (
        "industry",
        "智能制造示范车间开放参观 生产效率提升三成",
        [
            "一家汽车零部件企业的智能制造示范车间近日向同行开放参观，生产线上的机器人和自动导引车往来穿梭。",
            "企业负责人介绍，车间改造后生产效率提升约三成，产品不良率下降了一半。",
            "行业协会表示，将组织更多中小企业实地学习，推动数字化改造由点到面。",
        ],
        ["智能制造", "数字化", "企业"],
    ),
    (
        "industry",
        "跨境电商产业带订单回暖 外贸企业忙备货",
        [
            "进入第四季度，本地跨境电商产业带的订单明显回暖，不少外贸企业加班加点备货。",
            "一家家居用品企业的负责人说，今年他们把更多精力放在自主品牌上，利润率比代工时提高了不少。",
            "产业带服务中心为企业提供海外仓、物流和合规培训服务，帮助企业降低出海成本。",
        ],
        ["跨境电商", "外贸", "产业带"],
    ),
    (
        "livelihood",
        "家庭医生上门服务覆盖所有行政村",
        [
            "今年起，家庭医生签约服务覆盖全部行政村，行动不便的老人可以预约医生上门随访。",
            "乡镇卫生院的医生说，他们每月固定下村两次，为慢性病患者测血压、调整用药。",
            "卫生部门表示，将继续完善远程会诊系统，让村民在家门口就能得到上级医院专家的诊断意见。",
        ],
        ["医疗", "家庭医生", "乡村"],
    ),
    (
        "livelihood",
        "公共就业服务站开到园区门口",
        [
            "在产业园区门口，一座公共就业服务站开始运营，求职者可以现场查看岗位、参加面试。",
            "服务站工作人员介绍，站内常年挂出的岗位有三百多个，以技术工人和质检员居多。",
            "服务站还联合职业院校开设短期技能培训，学员结业后可以直接推荐到园区企业上岗。",
        ],
        ["就业", "技能培训", "园区"],
    ),
    (
        "education",
        "中小学科学实验室完成升级改造",
        [
            "全区三十所中小学的科学实验室完成升级改造，新增了开源硬件、三维打印等设备。",
            "一位初中物理老师说，过去很多实验只能看视频，现在学生可以自己动手完成。",
            "教育部门还组织高校和企业的科技志愿者走进校园，每学期开展科普讲座。",
        ],
        ["科学教育", "中小学", "科普"],
    ),
    (
        "education",
        "职业院校与企业共建产业学院",
        [
            "本地一所职业技术学院与三家龙头企业共建产业学院，课程由学校老师和企业工程师共同设计。",
            "学生在校期间有一半时间在企业的实训车间学习，毕业前就能熟悉真实的生产流程。",
            "学院负责人表示，首届学生的就业率达到百分之九十八，专业对口率明显提高。",
        ],
        ["职业教育", "产教融合", "人才"],
    ),
]

TITLE_VARIANTS = ["", "（续）", "：一线观察", "：记者探访", "：数据解读"]

PROMOTIONS = [
    ("氢能专题", "https://example.com/topics/hydrogen"),
    ("园区招商", "https://example.com/parks"),
    ("科技成果对接", "https://example.com/transfer"),
    ("创新创业大赛", "https://example.com/contest"),
]

SITE_DEFAULTS = {
    "icp_number": "京ICP备00000000号-1",
    "police_number": "京公网安备 11000000000000号",
    "contact_email": "editor@example.com",
}

DEMO_ARTICLE_COUNT = 40


def cover_image(number):
    """A 640×400 PNG with a calm gradient and shapes, different for each article."""
    hue = (number * 0.137) % 1.0
    image = Image.new("RGB", (640, 400))
    draw = ImageDraw.Draw(image)
    for y in range(400):
        r, g, b = colorsys.hsv_to_rgb(hue, 0.45, 0.55 + 0.35 * y / 400)
        draw.line([(0, y), (640, y)], fill=(int(r * 255), int(g * 255), int(b * 255)))
    for i in range(3):
        x = 80 + ((number * 97 + i * 173) % 480)
        y = 60 + ((number * 53 + i * 131) % 280)
        radius = 30 + (number + i * 17) % 50
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=(255, 255, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def body_html(paragraphs, variant):
    parts = [f"<p>{paragraphs[0]}</p>", "<h2>现场见闻</h2>"]
    parts += [f"<p>{text}</p>" for text in paragraphs[1:-1]]
    if variant % 2:
        parts.append("<h2>几个数字</h2><ul><li>项目周期：十个月以内</li><li>服务事项：全程代办</li></ul>")
    parts.append(f"<p>{paragraphs[-1]}</p>")
    return "".join(parts)


def add_demo_views(article, number):
    """Daily views since publication, so that 点击排行 has something to rank; view_count is their sum."""
    first = timezone.localdate(article.published_at)
    days = (timezone.localdate() - first).days + 1
    rows = [
        DailyViews(article=article, date=first + timedelta(days=day), views=(number * 7 + day * 13) % 40 + 3)
        for day in range(days)
    ]
    DailyViews.objects.bulk_create(rows)
    Article.objects.filter(pk=article.pk).update(view_count=sum(row.views for row in rows))


@transaction.atomic
def load_demo(stdout=None):
    """Create the demo content that is missing; return how many articles were created."""
    settings = SiteSettings.load()
    changed = False
    for field, value in SITE_DEFAULTS.items():
        if not getattr(settings, field):
            setattr(settings, field, value)
            changed = True
    if changed:
        settings.save()
    ensure_footer_pages(FooterPage)

    categories = {}
    for position, (slug, name, parent, description) in enumerate(CATEGORIES):
        categories[slug], _created = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": categories.get(parent),
                "description": description,
                "position": (position + 1) * 10,
            },
        )
    sources = [
        Source.objects.get_or_create(name=name, defaults={"website": website, "is_original": original})[0]
        for name, website, original in SOURCES
    ]
    for position, (title, url) in enumerate(PROMOTIONS):
        Promotion.objects.get_or_create(title=title, defaults={"url": url, "position": (position + 1) * 10})

    now = timezone.now().replace(second=0, microsecond=0)
    existing = set(Article.objects.filter(import_key__startswith="demo:").values_list("import_key", flat=True))
    created = 0
    for number in range(DEMO_ARTICLE_COUNT):
        key = f"demo:{number}"
        if key in existing:
            continue
        slug, title, paragraphs, tags = STORIES[number % len(STORIES)]
        variant = number // len(STORIES)
        source = sources[number % len(sources)]
        article = Article(
            import_key=key,
            title=title + TITLE_VARIANTS[variant % len(TITLE_VARIANTS)],
            category=categories[slug],
            source=source,
            author=["李明", "王芳", "张伟", "刘洋", "陈静"][number % 5],
            body=body_html(paragraphs, variant),
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=7 * number + 1),
            is_recommended=number % 4 == 0,
            is_headline=number in (0, 5),
            original_url=None if source.is_original else f"https://news.example.com/demo/{number}.html",
        )
        if number % 3 != 2:
            article.cover.save(f"demo-{number}.png", ContentFile(cover_image(number)), save=False)
        article.save()
        add_demo_views(article, number)
        article.tags.add(*tags)
        created += 1
    return created
