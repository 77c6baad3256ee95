"""Templates of the ``tune`` split (recognizers were developed against these only)."""

from __future__ import annotations

# (template_id, document type, template text, traditional_only)
TEMPLATES: tuple[tuple[str, str, str, bool], ...] = (
    (
        "tune-admission-1",
        "入院记录",
        """入院记录
姓名：{P}    性别：男    年龄：{~young}    职业：退休
出生日期：{birth}    身份证号：{id}
住院号：{mrn}    入院日期：{date}    病史陈述者：患者本人及家属
现住址：{addr}
联系电话：{mobile}
主诉：{~sym}{~rel}加重。
现病史：患者{P}于{date2}无明显诱因出现{~sym}，曾在{hosp}就诊，诊断为{~dx}，予{~drug}治疗后好转。{~rel}再次出现上述症状，为进一步诊治来我院{~dept}。
既往史：{~dx}病史10年，规律服用{~drug}。
查体：{~vital}。
辅助检查：{~lab}；{~exam}提示异常。
初步诊断：{~dx}（{~icd}）
经治医师：{D}    主治医师：{D2}
""",
        False,
    ),
    (
        "tune-discharge-1",
        "出院小结",
        """出院小结
患者{P}，女，{~young}，住院号{mrn}，因"{~sym}"于{date}入院，{date2}出院，共住院{~rel}。
入院情况：{~vital}，{~lab}。
诊疗经过：入院后完善{~exam}，给予{~drug}、{~drug}等治疗，病情平稳。{Ds}医生查房后同意出院。
出院诊断：1.{~dx} 2.{~dx}
出院医嘱：继续{~drug}，{~rel}于{~dept}门诊复查。如有不适请拨打{landline}。
患者家属{R}已知悉。
医师签名：{D}    日期：{date3}
""",
        False,
    ),
    (
        "tune-outpatient-1",
        "门诊病历",
        """门诊病历    {~dept}
门诊号：{opd}    就诊日期：{date}
患者：{P}    年龄：{age}    医保卡号：{ins}
主诉：{~sym}{~rel}。
现病史：{Ps}女士自述{~rel}起出现{~sym}，无发热。工作单位：{org}。
查体：{~vital}。
处理：{~drug}；建议完善{~exam}。
医生：{D}
""",
        False,
    ),
    (
        "tune-imaging-1",
        "检查报告",
        """{hosp}影像检查报告
姓名：{P}  检查号：{mrn}  检查日期：{date}  {~bed}
检查项目：{~exam}
影像所见：双肺纹理增多，右肺下叶见斑片状高密度影，纵隔淋巴结未见肿大。
诊断意见：右肺下叶炎症，建议{~rel}复查。
报告医师：{D}  审核医师：{D2}  报告日期：{date2}
""",
        False,
    ),
    (
        "tune-lab-1",
        "检查报告",
        """检验报告单
患者姓名：{P}  病案号：{mrn}  送检日期：{date}
项目：{~lab}；{~lab}；{~lab}
结论：请结合临床。
检验者：{N}  审核者：{D}  联系方式：{email}
""",
        False,
    ),
    (
        "tune-dialogue-1",
        "医患对话",
        """医生：您好，请问您叫什么名字？
患者：我叫{P}，今年{age}了。
医生：哪里不舒服？
患者：{~rel}开始{~sym}，在{hosp}看过。
医生：家里人怎么联系？
患者：我女儿{R}，电话是{mobile}。
医生：好的，我是{Ds}医生，先做个{~exam}。
""",
        False,
    ),
)
