"""The legal-aid pre-check: what 《中华人民共和国法律援助法》 says about a citizen's matter.
It explains; whether aid is granted is for the legal aid office to decide (第四十三条)."""

from __future__ import annotations

from typing import Any

LAW = "《中华人民共和国法律援助法》"

# 第三十一条: matters for which a person in economic hardship without an agent may apply.
COVERED = {
    "pay": "第三十一条第五项（请求确认劳动关系或者支付劳动报酬）",
    "injury": "第三十一条第七项（请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿）",
    "support": "第三十一条第四项（请求给付赡养费、抚养费、扶养费）",
    "insurance": "第三十一条第二项（请求给予社会保险待遇或者社会救助）",
}
# 第三十二条: no economic-hardship condition at all.
UNCONDITIONAL = {
    "violence": "第三十二条第四项（遭受虐待、遗弃或者家庭暴力的受害人主张相关权益）",
    "brave": "第三十二条第二项（因见义勇为行为主张相关民事权益）",
}

BRING = (
    "要带的材料：身份证件；与事情有关的材料（合同、工资条、欠条、病历、诊断证明、事故认定书、"
    "判决书等）；需要审查经济困难的，如实说明家庭经济状况。材料不齐的，法律援助机构应当一次性"
    f"告知需要补充什么（{LAW}第四十三条）。"
)
WHERE = (
    f"去哪里申请：打官司的，向办案机关（法院等）所在地的法律援助机构申请；不打官司的，向争议处理机关"
    f"所在地或者事由发生地的法律援助机构申请（{LAW}第三十八条）。也可以先拨打 12348 问清楚。"
)
TIMING = (
    f"法律援助机构应当自收到申请之日起七日内审查决定；不给予的，应当书面告知理由（{LAW}第四十三条）。"
    f"离时效届满不足七日等紧急情况，可以先行提供法律援助（{LAW}第四十四条）。"
)


def _hardship(answers: dict[str, Any]) -> str:
    matter = answers.get("matter")
    if answers.get("migrant") and matter in ("pay", "injury"):
        return (
            f"您是进城务工人员，申请支付劳动报酬或者请求工伤事故人身损害赔偿的，免予核查经济困难"
            f"状况（{LAW}第四十二条第三项），但要有材料证明您是进城务工人员（如劳动合同、工友证言、"
            "务工证明）。"
        )
    if answers.get("special"):
        return (
            f"您属于第四十二条第一、二项所列人员的，有材料证明即可免予核查经济困难状况（{LAW}"
            "第四十二条），请带上低保证、特困证明、残疾证等。"
        )
    text = (
        f"需要如实说明经济困难状况；法律援助机构可以通过信息共享查询核查，也可以由您作个人诚信"
        f"承诺（{LAW}第四十一条）。经济困难的标准由省、自治区、直辖市人民政府规定（{LAW}第三十四条）。"
    )
    if answers.get("hardship") is False:
        text += (
            "您说家庭经济并不困难：这类事项一般以经济困难为条件，可能不符合；"
            "可以考虑免费的人民调解，或者自行委托律师。"
        )
    return text


def assess(answers: dict[str, Any]) -> list[str]:
    """Plain paragraphs explaining the citizen's position under the statute."""
    matter = answers.get("matter")
    lines: list[str] = []
    if matter in COVERED:
        lines.append(
            f"您的事情属于{LAW}{COVERED[matter]}规定的事项：因经济困难没有委托代理人的，"
            "可以向法律援助机构申请法律援助。"
        )
        lines.append(_hardship(answers))
    elif matter in UNCONDITIONAL:
        lines.append(
            f"您的事情属于{LAW}{UNCONDITIONAL[matter]}规定的情形，申请法律援助不受经济困难条件的限制。"
        )
    elif matter == "criminal":
        lines.append(
            f"刑事案件另有规定：犯罪嫌疑人、被告人因经济困难或者其他原因没有委托辩护人的，本人及其近亲属"
            f"可以申请（{LAW}第二十四条）；被害人、自诉人等因经济困难没有委托诉讼代理人的，也可以申请"
            f"（{LAW}第二十九条）。请尽快联系当地法律援助机构或拨打 12348。"
        )
    else:
        lines.append(
            f"您的事情不在{LAW}第三十一条列出的几类里，但法律、法规、规章可以规定其他情形"
            "（第三十一条第九项），各地规定不同，请向当地法律援助机构或 12348 问清楚。"
            "不论能否得到法律援助，都可以申请免费的人民调解。"
        )
        lines.append(_hardship(answers))
    if answers.get("lawyer"):
        lines.append(
            "您已经委托了律师或代理人：法律援助针对的是没有委托代理人的当事人，一般就不需要再申请了。"
        )
    lines += [BRING, WHERE, TIMING]
    return lines
