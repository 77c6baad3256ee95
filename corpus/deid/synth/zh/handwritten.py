"""Hand-written documents with tricky cases (not templated). PHI is marked ``[[TYPE|value]]`` inline.

Types are short keys of MARKS. These notes were written directly, not generated, so they test
phrasings no template has: names next to clinical words, bare surnames, near-miss numbers.
"""

from __future__ import annotations

import re

from corpus.deid.entities import EntityType as E

MARKS = {
    "P": E.PATIENT_NAME, "D": E.CLINICIAN_NAME, "R": E.RELATIVE_NAME, "X": E.PERSON, "DT": E.DATE,
    "AGE": E.AGE, "TEL": E.PHONE, "ID": E.CN_RESIDENT_ID, "MRN": E.MEDICAL_RECORD_NUMBER,
    "INS": E.INSURANCE_NUMBER, "LOC": E.LOCATION, "HOSP": E.HOSPITAL, "ORG": E.ORGANIZATION,
    "EMAIL": E.EMAIL, "URL": E.URL, "IP": E.IP_ADDRESS, "IDN": E.ID_NUMBER, "ACC": E.ACCOUNT_NUMBER,
}
MARK = re.compile(r"\[\[([A-Z]+)\|([^\]]+)\]\]")

DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    ("hand-1", "Hans", """首次病程记录 [[DT|2021-11-03]] 14:20
[[P|欧阳秋月]]，女，[[AGE|93岁]]，因"反复胸闷10年，加重3天"入院。患者10年前无诱因出现胸闷，3天前加重。
既往高血压病史20余年，血压最高180/100mmHg。否认糖尿病史。入院查体：T 36.5℃，P 92次/分，BP 150/90mmHg。
心电图示房颤，心率92次/分。予阿司匹林100mg qd，呋塞米20mg iv。
其女[[R|司马丽]]（[[TEL|139 0571 2233]]）签署知情同意书。床号：12床。
医师：[[D|高峰]]"""),
    ("hand-2", "Hans", """会诊记录
申请科室：心内科  被邀科室：肾内科
[[P|白雪]]（住院号[[MRN|0031942]]）肌酐由136升至210μmol/L，尿量减少。[[D|金明]]主任会诊意见：停用造影剂，水化治疗，监测电解质。
患者身份证[[ID|33010619480512002X]]。另：其医保卡[[INS|3301987654321]]已过期。
[[X|王某]]为同病房病友，与本病无关。"""),
    ("hand-3", "Hant", """出院病歷摘要
姓名：[[P|陳美玲]]　病歷號碼：[[MRN|A123456789]]
民國[[DT|110年7月15日]]入院，[[DT|7月22日]]出院。
住址：[[LOC|臺中市西屯區臺灣大道三段99號]]
出院後請至[[HOSP|臺中榮民總醫院]]門診追蹤，聯絡電話[[TEL|04-2359-2525]]。
主治醫師[[D|黃志明]]、住院醫師[[D|林怡君]]。"""),
    ("hand-4", "Hans", """医生：老人家多大年纪了？
患者：[[AGE|九十六]]啦。
医生：身体挺硬朗。您住哪儿？
患者：[[LOC|平安里小区]]，就在[[ORG|红星机械厂]]后面。
医生：谁陪您来的？
患者：孙子[[R|小军]]，他叫[[R|刘小军]]，在[[ORG|育才中学]]教书。
医生：好，[[X|刘]]老师，麻烦把老人的就诊卡给我，卡号[[MRN|JZ20210088]]。"""),
    ("hand-5", "Hans", """检验危急值报告
[[DT|2022年2月8日]] 03:15，检验科[[D|陈思远]]电话报告：患者[[P|任天行]]血钾2.8mmol/L，血糖2.1mmol/L。
值班医师[[D|孔令辉]]接报后立即处理，予10%葡萄糖静推。报告回拨分机：[[TEL|0571-86001234转8021]]。
复查时间：次日晨。昨日输液量2500ml，入院第5天。ICD：E87.6。批号20210311，剂量0.5mg。"""),
    ("hand-6", "Hans", """转诊单
转出：[[HOSP|临安区於潜镇中心卫生院]]  转入：[[HOSP|浙江大学医学院附属第一医院]]
患者[[P|钟离雨]]，[[AGE|101岁]]，[[DT|二〇二三年四月九日]]跌倒致右髋部疼痛，X线示右股骨颈骨折。
家属联系人：[[R|钟离]]先生，[[TEL|+86 186 0000 7788]]，邮箱[[EMAIL|zhongli_family@163.com]]。
病历系统：[[URL|https://emr.example-hospital.cn/p/88213]]（[[IP|10.12.3.45]]）"""),
    ("hand-7", "Hans", """病程记录
[[DT|3月5日]]，[[D|李]]主任查房：患者[[P|万芳]]精神好转，双下肢水肿减轻，白细胞8.2×10^9/L。
嘱明日复查血常规、肝肾功能。患者丈夫[[R|胡立新]]询问出院时间，告知约1周后。
患者既往在[[LOC|新疆]]务工，2年前回到[[LOC|四川省南充市]]老家。身份证号码末四位不详。"""),
    ("hand-8", "Hant", """護理紀錄
[[DT|2020/09/30]] 病人[[P|張簡淑惠]]主訴頭暈，量血壓160/95mmHg，通知值班醫師[[D|吳俊傑]]。
家屬[[R|張簡志豪]]表示病人近日食慾差。病人居住於[[LOC|高雄市鳳山區]]，由[[HOSP|樂安長照中心]]轉來。
手機[[TEL|0933-456-789]]。"""),
)


def parse(marked: str) -> tuple[str, list[dict]]:
    """Strip the marks and return (text, presidio-research spans)."""
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(marked):
        piece = marked[pos : m.start()]
        out.append(piece)
        length += len(piece)
        value = m.group(2)
        spans.append(
            {"entity_type": MARKS[m.group(1)].value, "entity_value": value, "start_position": length, "end_position": length + len(value)}
        )
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def records() -> list[dict]:
    """All hand-written documents as presidio-research records."""
    result = []
    for doc_id, script, marked in DOCUMENTS:
        text, spans = parse(marked)
        meta = {"language": "zh", "script": script, "split": "hand", "doc_type": "hand", "patient": doc_id}
        result.append({"full_text": text, "spans": spans, "template_id": doc_id, "metadata": meta})
    return result
