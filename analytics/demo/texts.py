"""Short, ordinary ledger texts for the demo street, a few per category."""

from __future__ import annotations

SUMMARIES = {
    "land_housing": ("反映房屋征收补偿标准偏低", "要求落实拆迁安置房", "对拆迁评估结果有异议"),
    "urban_construction": ("反映小区道路破损未修复", "反映施工扰民", "要求加装电梯"),
    "property_management": ("反映物业服务不到位", "对物业费上涨有异议", "反映电梯长期停运", "反映小区垃圾清运不及时"),
    "utilities": ("反映家中停水", "反映供暖温度不达标", "反映频繁停电", "反映燃气管道老化"),
    "labor_wages": ("反映被拖欠工资", "要求支付加班费", "反映劳动合同纠纷"),
    "social_security": ("咨询低保申请", "反映养老金未按时发放", "要求办理困难救助"),
    "environment": ("反映夜间噪声扰民", "反映餐饮油烟污染", "反映垃圾站异味"),
    "neighbor_dispute": ("反映邻居占用公共通道", "反映楼上漏水纠纷", "反映宠物扰民"),
    "family_dispute": ("反映家庭赡养纠纷", "反映婚姻家庭矛盾"),
    "public_order": ("反映小区治安隐患", "反映电动车被盗"),
    "health_education": ("反映入学划片问题", "反映社区卫生服务问题"),
    "law_litigation": ("对法院判决执行有异议", "反映诉讼案件久拖未决"),
    "other": ("咨询政策问题", "其他诉求"),
}

FINDINGS = {
    "land_housing": ("住户对拆迁补偿有意见",),
    "urban_construction": ("楼道墙体开裂",),
    "property_management": ("住户反映物业管理混乱",),
    "utilities": ("住户家中水压不足", "暖气不热", "电路老化"),
    "labor_wages": ("住户反映被拖欠工资",),
    "social_security": ("困难家庭需救助",),
    "environment": ("周边噪声扰民",),
    "neighbor_dispute": ("邻里因漏水发生争执",),
    "family_dispute": ("家庭矛盾需调解",),
    "public_order": ("楼道堆放杂物存在消防隐患",),
    "health_education": ("独居老人需健康关怀",),
    "law_litigation": ("住户涉诉情绪激动",),
    "other": ("其他情况",),
}

# Leaders in charge of a matter (包案领导) are office holders, named by post.
LEADERS = ("街道党工委书记", "街道办事处主任", "街道党工委副书记", "街道办事处副主任（分管信访）", "综治中心主任")
