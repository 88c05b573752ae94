"""What the demo street's ledgers say: topics per category, each with its handling units, its season and
dozens of phrasings that name the estate, building, unit, floor, amount or days, as clerks write them.

A phrasing's fields are filled per record (``fill``): {place} an estate, building and stairway;
{building} an estate and building; {estate}; {floor}; {amount} yuan; {temp} degrees; {days}; {months};
{workers}; {shop}. Units named ``居委会`` and ``物业公司`` are the record's own community's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Each community's estates (小区 and old work-unit blocks), in the order its groups run.
ESTATES = (
    ("新华书店住宅楼", "爱民小区", "机电厂家属楼", "阳光花园", "爱民北里"),
    ("新华里", "幸福家园", "建安小区", "粮食局家属楼", "新华东苑"),
    ("团结小区", "东风家属院", "和平苑", "铁路住宅区", "团结新村"),
)
SHOPS = ("烧烤店", "饭店", "洗车行", "棋牌室", "KTV", "早餐铺", "超市", "装修公司")
RESIDENTS_COMMITTEE = "居委会"
PROPERTY_COMPANY = "物业公司"


@dataclass(frozen=True)
class Topic:
    """One kind of problem within a category: its share of the category, who handles it, when it comes."""

    key: str
    share: float
    units: tuple[str, ...]
    petitions: tuple[str, ...]
    findings: tuple[str, ...]
    season: str = "flat"  # flat, heating, summer, wages


TOPICS: dict[str, tuple[Topic, ...]] = {
    "land_housing": (
        Topic(
            "compensation",
            0.6,
            ("区房屋征收办公室", "城建科"),
            (
                "{building}被列入征收范围，住户认为补偿标准偏低，要求重新评估",
                "反映{estate}棚改项目评估价格每平方米比周边低{amount}元，要求说明依据",
                "{building}{floor}楼住户对征收评估结果有异议，申请复估",
                "反映{estate}征收补偿款迟迟未到位，已过约定期限{days}天",
                "要求公开{estate}棚户区改造补偿安置方案",
                "{place}住户反映签约后安置房交付一再推迟",
                "反映{estate}被征收房屋面积认定少算{days}平方米",
            ),
            (
                "{building}住户对征收补偿意见较大，多次在楼下议论",
                "{estate}征收户反映补偿款未按期发放，情绪不稳",
            ),
        ),
        Topic(
            "resettlement",
            0.4,
            ("区房屋征收办公室", "区住房和城乡建设局"),
            (
                "回迁安置房已延期{months}个月未交付，要求给付过渡费",
                "反映回迁房{floor}楼选房顺序不公",
                "要求落实{estate}回迁安置房的房产证办理",
                "反映过渡安置费已{months}个月未发放",
                "反映回迁楼{building}存在墙体渗水等质量问题",
            ),
            ("回迁户反映过渡费停发{months}个月，家庭生活困难",),
        ),
    ),
    "urban_construction": (
        Topic(
            "roads",
            0.4,
            ("城建科", "区城市管理局"),
            (
                "反映{estate}门前道路破损，雨天积水严重",
                "{estate}小区内路灯损坏{days}天无人维修",
                "反映{estate}出口处井盖缺失，存在安全隐患",
                "要求在{estate}门前增设减速带",
                "反映{estate}北侧人行道被占用停车",
                "{building}门前下水道堵塞，污水外溢",
            ),
            ("{estate}门前井盖破损，夜间无照明", "{building}门前路面塌陷约一平方米"),
        ),
        Topic(
            "works",
            0.35,
            ("城建科", "区住房和城乡建设局"),
            (
                "反映{estate}周边工地夜间施工至凌晨，噪声扰民",
                "反映老旧小区改造中{building}外墙保温施工质量差",
                "{estate}老旧小区改造工程拖延{months}个月未完工",
                "反映工地渣土车沿{estate}门前抛洒",
                "反映{building}楼顶防水改造后仍然漏雨",
            ),
            ("{building}外墙保温层脱落，楼下行人有危险", "工地围挡倒塌，占用{estate}通道"),
        ),
        Topic(
            "lifts",
            0.25,
            ("城建科", "居委会"),
            (
                "{building}住户要求加装电梯，低层住户不同意",
                "反映{building}加装电梯资金分摊方案不合理",
                "{building}{floor}楼老人行动不便，询问加装电梯政策",
                "反映{building}加装电梯施工影响一楼采光",
            ),
            ("{building}加装电梯意见分歧，高低层住户发生争吵",),
        ),
    ),
    "property_management": (
        Topic(
            "service",
            0.45,
            ("物业公司", "居委会", "城建科"),
            (
                "反映{estate}物业服务不到位，楼道卫生无人打扫",
                "{estate}物业费每平方米上涨{days}角，未经业主大会同意",
                "反映{building}电梯停运{days}天，物业不予维修",
                "反映{estate}垃圾清运不及时，已堆放{days}天",
                "{estate}物业撤出后无人管理，要求社区协调",
                "反映{building}单元门禁损坏{days}天未修",
                "反映物业公司未公示{estate}公共收益",
                "{place}楼道灯不亮，多次报修物业无回应",
                "反映{estate}物业擅自将绿地改为停车位收费",
            ),
            ("{estate}物业撤离，楼道垃圾堆积", "{building}电梯停运，高层老人下楼困难"),
        ),
        Topic(
            "parking",
            0.3,
            ("物业公司", "居委会"),
            (
                "反映{estate}车位只租不售，租金上涨",
                "反映{estate}消防通道被私家车长期占用",
                "要求规范{estate}电动车充电，楼道飞线充电隐患大",
                "反映{estate}外来车辆随意进出停放",
            ),
            ("{building}楼道内电动车飞线充电，存在火灾隐患",),
        ),
        Topic(
            "repairs",
            0.25,
            ("物业公司", "城建科"),
            (
                "反映{place}顶楼漏雨，维修基金申请不下来",
                "{building}{floor}楼下水管道反水，物业推诿",
                "反映{building}楼顶水箱漏水",
                "要求动用维修基金更换{building}老化管线",
            ),
            ("{building}顶楼漏雨，住户天花板发霉",),
        ),
    ),
    "utilities": (
        Topic(
            "heating",
            0.52,
            ("热力公司",),
            (
                "{place}{floor}楼暖气不热，室温只有{temp}度",
                "反映{building}供暖开始后{days}天仍未热",
                "{place}暖气管道漏水，要求热力公司维修",
                "反映{building}末端住户室温不达标，只有{temp}度",
                "{place}{floor}楼暖气片冰凉，家中有老人",
                "反映{estate}供暖期内多次停暖",
                "对{building}供暖费计费面积有异议",
                "{place}暖气阀门损坏，要求更换",
                "反映{building}暖气上热下凉，低层住户室温{temp}度",
                "要求{estate}热力公司公开测温结果",
            ),
            (
                "{place}{floor}楼室温仅{temp}度，住户为独居老人",
                "{building}暖气管道冻裂，{floor}楼以上停暖",
                "{building}多户反映室温不足{temp}度",
            ),
            season="heating",
        ),
        Topic(
            "water",
            0.26,
            ("自来水公司",),
            (
                "{place}{floor}楼停水{days}天",
                "反映{building}水压不足，{floor}楼以上经常没水",
                "反映{estate}自来水发黄有异味",
                "{building}二次供水设备故障，要求尽快维修",
                "反映{estate}停水未提前通知",
                "{place}水表冻裂，要求更换",
            ),
            ("{building}{floor}楼以上水压不足，高峰时段无水", "{estate}二次供水水箱未按期清洗"),
            season="summer",
        ),
        Topic(
            "power",
            0.14,
            ("供电公司",),
            (
                "{building}频繁停电，本月已停{days}次",
                "反映{estate}电压不稳，烧坏家用电器",
                "反映{building}楼道电表箱老化冒火花",
                "{place}停电{days}小时无人处理",
            ),
            ("{building}楼道电线老化裸露",),
            season="summer",
        ),
        Topic(
            "gas",
            0.08,
            ("燃气公司",),
            (
                "反映{building}燃气管道老化，闻到异味",
                "{place}燃气表故障，无法充值",
                "要求为{estate}老旧小区更换燃气管道",
            ),
            ("{building}燃气管道锈蚀，存在泄漏风险",),
        ),
    ),
    "labor_wages": (
        Topic(
            "arrears",
            0.7,
            ("劳动保障所", "区人力资源和社会保障局"),
            (
                "在{estate}附近工地务工，被拖欠工资{amount}元",
                "{workers}名务工人员反映装修公司拖欠工资{amount}元",
                "反映{shop}拖欠{months}个月工资未发",
                "反映包工头拖欠农民工工资{amount}元后失联",
                "要求用人单位结清{months}个月的欠薪",
                "反映物业公司拖欠保洁员工资{months}个月",
            ),
            ("住户反映在外务工被拖欠工资{amount}元，家中生活困难", "{workers}名住户在同一工地被欠薪"),
            season="wages",
        ),
        Topic(
            "contracts",
            0.3,
            ("劳动保障所", "司法所"),
            (
                "反映{shop}不签劳动合同、不缴社保",
                "被辞退后单位拒付经济补偿金{amount}元",
                "要求单位支付加班费{amount}元",
                "反映工伤后单位不予认定",
            ),
            ("住户工伤后与单位协商赔偿未果",),
        ),
    ),
    "social_security": (
        Topic(
            "assistance",
            0.55,
            ("民政科", "居委会"),
            (
                "{place}住户咨询低保申请条件",
                "反映低保被取消，要求说明原因",
                "家中老人患重病，申请临时救助",
                "反映{building}独居老人无人照料，要求纳入特困供养",
                "要求办理残疾人两项补贴",
                "反映低保金调整后每月少了{amount}元",
                "申请{estate}困难家庭冬季取暖补贴",
            ),
            ("{place}独居老人生活不能自理，子女在外地", "{building}困难家庭因病致贫，需临时救助"),
        ),
        Topic(
            "pensions",
            0.45,
            ("劳动保障所", "区人力资源和社会保障局"),
            (
                "反映养老金{months}个月未按时发放",
                "咨询灵活就业人员养老保险补缴",
                "反映医保报销比例有误，少报{amount}元",
                "要求认定企业改制前的工龄",
                "反映退休审批材料提交{months}个月无结果",
            ),
            ("住户反映养老金停发，情绪激动",),
        ),
    ),
    "environment": (
        Topic(
            "noise",
            0.5,
            ("城建科", "派出所", "区生态环境局"),
            (
                "反映{estate}门前{shop}夜间噪声扰民",
                "{building}楼下广场舞音响声音过大",
                "反映{shop}空调外机噪声，{floor}楼住户无法休息",
                "反映{estate}附近夜市经营至凌晨",
                "{place}楼上装修噪声持续{days}天",
            ),
            ("{estate}门前{shop}夜间经营扰民，住户意见大",),
            season="summer",
        ),
        Topic(
            "pollution",
            0.5,
            ("城建科", "区生态环境局"),
            (
                "反映{estate}门前{shop}油烟直排",
                "反映{estate}垃圾站异味严重，夏季蚊蝇多",
                "反映{building}北侧有人焚烧垃圾",
                "反映{estate}附近企业排放异味气体",
                "要求清理{estate}内私搭乱建",
            ),
            ("{estate}垃圾站满溢，异味严重",),
            season="summer",
        ),
    ),
    "neighbor_dispute": (
        Topic(
            "leaks",
            0.4,
            ("居委会", "司法所"),
            (
                "{place}{floor}楼住户反映楼上漏水，协商不成",
                "反映楼上住户改造卫生间导致{floor}楼天花板渗水",
                "{building}上下楼因漏水赔偿{amount}元发生纠纷",
            ),
            ("{building}{floor}楼与楼上因漏水多次争吵",),
        ),
        Topic(
            "space",
            0.35,
            ("居委会", "城建科"),
            (
                "反映邻居在楼道堆放杂物占用公共通道",
                "反映{building}一楼住户私建小院",
                "反映邻居在{estate}绿地种菜",
                "反映邻居安装摄像头对着自家门",
            ),
            ("{building}楼道被邻居堆满杂物，双方发生口角",),
        ),
        Topic(
            "pets",
            0.25,
            ("居委会", "派出所"),
            (
                "反映{building}邻居养狗扰民，多次沟通无果",
                "反映{estate}遛狗不拴绳，老人被吓倒",
                "反映邻居饲养鸽子影响卫生",
            ),
            ("{building}住户养犬扰民，邻里矛盾较大",),
        ),
    ),
    "family_dispute": (
        Topic(
            "support",
            0.55,
            ("居委会", "司法所"),
            (
                "{place}老人反映子女不尽赡养义务",
                "反映兄弟姐妹因老人赡养费分摊发生纠纷",
                "老人反映房产被子女占用",
                "反映继承房产分割纠纷，要求调解",
            ),
            ("{place}老人与子女因赡养问题矛盾激化",),
        ),
        Topic(
            "marriage",
            0.45,
            ("居委会", "司法所", "街道妇联"),
            ("反映婚姻家庭矛盾，要求社区调解", "反映家庭暴力，要求帮助", "反映离婚后子女抚养费未按时给付"),
            ("{place}夫妻矛盾激烈，有家暴迹象",),
        ),
    ),
    "public_order": (
        Topic(
            "security",
            1.0,
            ("派出所", "综治中心"),
            (
                "反映{estate}电动车多次被盗",
                "反映{estate}监控摄像头损坏",
                "反映{building}有群租房，人员复杂",
                "反映{estate}门前有人聚众赌博",
                "反映{estate}夜间有人撬车窗",
                "反映{building}楼道堆放杂物存在消防隐患",
            ),
            ("{building}疑似群租房，进出人员复杂", "{building}楼道堆放杂物，堵塞消防通道"),
        ),
    ),
    "health_education": (
        Topic(
            "school",
            0.5,
            ("区教育局",),
            (
                "反映{estate}入学划片问题",
                "反映幼儿园保教费每月上涨{days}00元",
                "要求在{estate}附近增设学位",
                "反映校外培训机构退费难",
            ),
            ("{place}适龄儿童入学有困难",),
        ),
        Topic(
            "health",
            0.5,
            ("区卫生健康局", "居委会"),
            (
                "反映社区卫生服务站药品不全",
                "要求为{estate}老人上门体检",
                "反映{shop}食品卫生问题",
                "反映家庭医生签约服务不到位",
            ),
            ("{place}独居老人需健康关怀",),
        ),
    ),
    "law_litigation": (
        Topic(
            "courts",
            1.0,
            ("司法所", "信访办"),
            (
                "对法院判决执行有异议，执行款{amount}元未到位",
                "反映诉讼案件{months}个月久拖未决",
                "要求提供法律援助",
                "对劳动仲裁结果不服，咨询诉讼途径",
                "反映执行标的{amount}元被执行人转移财产",
            ),
            ("住户涉诉多年未结，情绪激动",),
        ),
    ),
    "other": (
        Topic(
            "other",
            1.0,
            ("信访办", "居委会"),
            (
                "咨询{estate}户籍迁移政策",
                "咨询老旧小区改造政策",
                "对社区工作提出建议",
                "要求在{estate}增设公共卫生间",
                "反映公交线路调整后出行不便",
                "建议在{estate}增设老年活动室",
            ),
            ("{estate}住户对社区工作提出意见",),
        ),
    ),
}

# Leaders in charge of a matter (包案领导) are office holders, named by post.
LEADERS = ("街道党工委书记", "街道办事处主任", "街道党工委副书记", "街道办事处副主任（分管信访）", "综治中心主任")


def draw_topics(rng: np.random.Generator, categories: np.ndarray) -> np.ndarray:
    """A topic of its category for each record (as Topic objects)."""
    out = np.empty(len(categories), dtype=object)
    for category in np.unique(categories):
        mask = categories == category
        topics = TOPICS[str(category)]
        shares = np.array([t.share for t in topics])
        out[mask] = np.array(topics, dtype=object)[rng.choice(len(topics), mask.sum(), p=shares / shares.sum())]
    return out


def fill(rng: np.random.Generator, topics: np.ndarray, estates: np.ndarray, findings: bool = False) -> np.ndarray:
    """A text for each record: one of its topic's phrasings, filled with the record's estate and drawn details."""
    n = len(topics)
    building = rng.integers(1, 37, n)
    stair = rng.integers(1, 7, n)
    values = {
        "floor": rng.integers(2, 19, n),
        "amount": (rng.lognormal(8.6, 0.8, n) // 100 * 100).astype(int) + 100,
        "temp": rng.integers(11, 18, n),
        "days": rng.integers(2, 12, n),
        "months": rng.integers(2, 9, n),
        "workers": rng.integers(3, 31, n),
        "shop": np.array(SHOPS)[rng.integers(0, len(SHOPS), n)],
    }
    pick = rng.random(n)
    out = np.empty(n, dtype=object)
    for i in range(n):
        phrasings = topics[i].findings if findings else topics[i].petitions
        estate = estates[i]
        out[i] = phrasings[int(pick[i] * len(phrasings))].format(
            estate=estate,
            building=f"{estate}{building[i]}号楼",
            place=f"{estate}{building[i]}号楼{stair[i]}单元",
            **{key: column[i] for key, column in values.items()},
        )
    return out


def units(rng: np.random.Generator, topics: np.ndarray, committees: np.ndarray, companies: np.ndarray) -> np.ndarray:
    """A handling unit for each record, from its topic's; a 居委会 or 物业公司 is the record's area's own."""
    pick = rng.random(len(topics))
    out = np.empty(len(topics), dtype=object)
    for i, topic in enumerate(topics):
        unit = topic.units[int(pick[i] * len(topic.units))]
        out[i] = {RESIDENTS_COMMITTEE: committees[i], PROPERTY_COMPANY: companies[i]}.get(unit, unit)
    return out
