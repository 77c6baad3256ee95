"""Templates of the ``holdout`` split: other wording, other forms, never used while tuning."""

from __future__ import annotations

# (template_id, document type, template text, traditional_only)
TEMPLATES: tuple[tuple[str, str, str, bool], ...] = (
    (
        "holdout-admission-1",
        "入院记录",
        """【入院记录】
{P}，男，{age}，汉族，已婚，籍贯{city}，户籍地址{addr}。
于{date}由家属{R}陪同步行入病房，病案号{mrn}，证件号码{id}。
主诉：{~sym}伴{~sym}{~rel}。
现病史：{~rel}患者无诱因出现{~sym}，至{hosp}查{~exam}示异常，{date2}转入我院。入院第2天{D}主任查房，考虑{~dx}。
个人史：生于原籍，久居本地，曾就职于{org}，否认疫区接触史。
婚育史：配偶{R2}体健，育有一子{X}。
入院诊断：{~dx}
记录医师：{D2}
""",
        False,
    ),
    (
        "holdout-discharge-1",
        "出院小结",
        """出院记录
入院时间：{date} 出院时间：{date2}
{P}因{~sym}入住{~dept}（{~bed}），入院时{~vital}。住院期间予{~drug}，{~rel}症状缓解。
{P}今日一般情况可，{D}与{D2}讨论后准予出院。
出院带药：{~drug}。门诊随访：{date3}，联系人{R}（{landline}）。
复诊可登录{url}预约。
""",
        False,
    ),
    (
        "holdout-outpatient-1",
        "门诊病历",
        """初诊记录 就诊卡号：{opd} 社保卡号：{ins}
{P} {age} 现居{addr}
主诉：{~sym}{~rel}
既往：{~dx}，{~icd}。长期口服{~drug}。
体格检查：{~vital}
医嘱：复查{~lab}；{~drug}。
签名：{D}
""",
        False,
    ),
    (
        "holdout-report-1",
        "检查报告",
        """{hosp}  超声检查报告单
受检者 {P}  门诊号 {opd}  申请医生 {D}
检查时间 {date}  设备编号 {dev}
所见：肝脏形态大小正常，包膜光整，实质回声均匀；胆囊壁毛糙，厚约0.4cm。
提示：胆囊炎声像。
诊断医师：{D2}（{date2}）
""",
        False,
    ),
    (
        "holdout-dialogue-1",
        "医患对话",
        """护士：阿姨，您是{P}吧？
患者：对，我是。
护士：出生日期说一下。
患者：{birth}。
护士：好。{D}等会儿过来。
家属：我是她儿子{R}，我们住在{addr}。
护士：留个手机号吧。
家属：{mobile}，或者打家里座机{landline}。
{Ds}医生：{Ps}阿姨，我们先抽血查{~lab}。
""",
        False,
    ),
    (
        "holdout-dialogue-2",
        "医患对话",
        """医生：上次是哪天来的？
患者：{date}，那次是{D}看的。
医生：现在多大年纪了？
患者：{age}了，老伴{R}前年走了。
医生：平时谁照顾您？
患者：{X}，是我侄女，在{org}上班，她邮箱是{email}。
""",
        False,
    ),
    (
        "holdout-tw-1",
        "門診病歷",
        """門診病歷  病歷號：{mrn}
病患{P}，{age}，健保卡號{ins}，住址{addr}。
{date}至{hosp}急診，{date2}轉本院{~dept}。
主訴：{~sym}。處置：{~drug}。
主治醫師 {D}  護理師 {N}
聯絡電話 {mobile}  緊急聯絡人 {R}
""",
        True,
    ),
    (
        "holdout-nursing-1",
        "护理记录",
        """护理记录 {date} 08:00
{~bed} {P} 神志清，{~vital}。{N}巡视病房，家属{R}、{R2}在旁陪护。
10:30 遵医嘱予{~drug}。{X}来电询问病情（{mobile}），已告知主管医生{D}。
系统登录IP {ip}。
""",
        False,
    ),
)
