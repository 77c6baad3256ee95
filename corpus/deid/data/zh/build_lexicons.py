"""Build the Chinese lexicons in this folder from Faker's locale data plus short hand-written lists.

Run: ``python -m corpus.deid.data.zh.build_lexicons``. Sources and licences: README.md here.
Every list is written in Simplified and Traditional (OpenCC s2t and s2tw), deduplicated and sorted.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent

# Compound surnames (a closed, well-known class; written for this project).
COMPOUND_SURNAMES = (
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 夏侯 轩辕 端木 独孤 南宫 西门 "
    "万俟 闻人 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 钟离 司徒 司空 呼延 赫连 东郭 百里 "
    "第五 张简 范姜 左丘 梁丘 拓跋 仲孙 羊舌 微生 漆雕 乐正 壤驷 公良 谷梁 段干 巫马 公西 "
    "子车 颛孙 亓官 司寇 鲜于 闾丘 东门 西方 南门 北堂 叱干 贺兰 完颜 爱新觉罗"
).split()

# Common single surnames not always in Faker's lists (written for this project).
EXTRA_SURNAMES = "覃 韦 莫 蒙 农 黎 阮 甘 凌 麦 冼 练 钮 佘 隋 禹 晏 曾 缪 谭 邝 阚 乜 寇 冉".split()

# Prefecture-level cities, leagues and autonomous prefectures of mainland China (names are facts,
# list written for this project); suffix-less forms, the recognizer adds 市/州/盟 variants.
PREFECTURES = """
北京 上海 天津 重庆 石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同 阳泉
长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁 呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔
乌兰察布 兴安盟 锡林郭勒 阿拉善 沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭
朝阳 葫芦岛 长春 吉林 四平 辽源 通化 白山 松原 白城 延边 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆
伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城
扬州 镇江 泰州 宿迁 杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 合肥 芜湖 蚌埠
淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 福州 厦门 莆田 三明 泉州
漳州 南平 龙岩 宁德 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶 济南 青岛 淄博
枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 郑州 开封 洛阳 平顶山 安阳
鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源 武汉 黄石 十堰 宜昌 襄阳
鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 仙桃 潜江 天门 长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德
张家界 益阳 郴州 永州 怀化 娄底 湘西 广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州
梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港
玉林 百色 贺州 河池 来宾 崇左 海口 三亚 三沙 儋州 琼海 万宁 文昌 成都 自贡 攀枝花 泸州 德阳
绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 阿坝 甘孜 凉山 贵阳 六盘水
遵义 安顺 毕节 铜仁 黔西南 黔东南 黔南 昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山
西双版纳 大理 德宏 怒江 迪庆 拉萨 日喀则 昌都 林芝 山南 那曲 阿里 西安 铜川 宝鸡 咸阳 渭南
延安 汉中 榆林 安康 商洛 兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏
甘南 西宁 海东 海北 黄南 海南 果洛 玉树 海西 银川 石嘴山 吴忠 固原 中卫 乌鲁木齐 克拉玛依
吐鲁番 哈密 昌吉 博尔塔拉 巴音郭楞 阿克苏 克孜勒苏 喀什 和田 伊犁 塔城 阿勒泰 石河子 香港 澳门
义乌 昆山 江阴 慈溪 余姚 诸暨 晋江 石狮 福清 寿光 胶州 即墨 荣成 乐清 瑞安 常熟 张家港 太仓
"""

# Taiwan's municipalities, cities and counties (facts; written for this project).
TAIWAN_DIVISIONS = "臺北 台北 新北 桃園 臺中 台中 臺南 台南 高雄 基隆 新竹 嘉義 苗栗 彰化 南投 雲林 屏東 宜蘭 花蓮 臺東 台東 澎湖 金門 連江"

# Municipal districts that are well known and unambiguous with their suffix (facts).
DISTRICTS = """
东城 西城 朝阳 海淀 丰台 石景山 通州 顺义 昌平 大兴 房山 门头沟 怀柔 平谷 密云 延庆 黄浦 徐汇
长宁 静安 普陀 虹口 杨浦 闵行 宝山 嘉定 浦东新 金山 松江 青浦 奉贤 崇明 和平 河东 河西 南开
河北 红桥 滨海新 渝中 江北 沙坪坝 九龙坡 南岸 渝北 巴南 越秀 荔湾 天河 白云 黄埔 番禺 花都
南沙 增城 从化 福田 罗湖 南山 宝安 龙岗 盐田 龙华 坪山 光明 上城 拱墅 西湖 滨江 萧山 余杭
临平 钱塘 富阳 临安 玄武 秦淮 建邺 鼓楼 浦口 栖霞 雨花台 江宁 六合 溧水 高淳 锦江 青羊 金牛
武侯 成华 龙泉驿 双流 郫都 新都 温江 江岸 江汉 硚口 汉阳 武昌 青山 洪山 东西湖 蔡甸 江夏
黄陂 新洲 雁塔 碑林 莲湖 新城 未央 灞桥 长安 临潼 历下 市中 槐荫 天桥 历城 长清 章丘 姑苏
吴中 相城 吴江 虎丘 工业园 思明 湖里 集美 海沧 同安 翔安 芙蓉 天心 岳麓 开福 雨花 望城
"""

# Clinical vocabulary that starts or ends with a surname or place character and so could be
# mistaken for a name or place (written for this project): drugs, signs, exams, departments.
CLINICAL_TERMS = """
黄染 黄疸 黄体酮 黄连素 查体 查房 查血 复查 白细胞 白蛋白 白带 白内障 白癜风 白血病 白色 双肺 双侧 双下肢
双上肢 双眼 双肾 双瞳 双手 双足 双膝 时有 时感 时伴 时发 明显 明确 常规 平素 平卧 平扫 平稳 安静 安眠药 全身
全血 全腹 全麻 全程 高血压 高热 高脂血症 高尿酸 高钾 高钠 高危 高度 左侧 左下肢 左上肢 左心 左室 左房
右侧 右下肢 右上肢 石膏 金属 万古霉素 于今 方可 方案 向心性 关节 胡言乱语 余无特殊 余同前 余未见 余正常 余况
余无 余未 余同 付费 甘油三酯 甘露醇 甘草 艾滋病 艾司唑仑 艾灸 包块 包括 包扎 包膜 毛发 毛细血管 毛囊 严重
严格 易感 易怒 易疲劳 康复 丁香 杜冷丁 陆续 孟鲁司特 潘生丁 林可霉素 罗红霉素 罗氏芬 阿司匹林 阿莫西林 阿托伐他汀
阿奇霉素 阿托品 阿片 阿卡波糖 布洛芬 布地奈德 克拉霉素 克林霉素 利尿 利多卡因 利福平 利巴韦林 普萘洛尔 舒张压
苏醒 曲马多 曲张 雷尼替丁 雷贝拉唑 华法林 地塞米松 地高辛 地西泮 硝酸甘油 硝苯地平 卡托普利 卡马西平 奥美拉唑
奥司他韦 格列美脲 尼莫地平 吗啡 哌替啶 甲状腺 甲硝唑 甲泼尼龙 甲亢 乙肝 乙醇 丙肝 丙泊酚 左氧氟沙星 葡萄糖
维生素 谷丙转氨酶 谷草转氨酶 谷氨酰 蒙脱石 泮托拉唑 单纯 单位 单次 单侧 连续 经常 经期 范围 步态 门诊 门静脉
凌晨 宫颈 宫缩 宫腔 房颤 房室 夏季 温度 水肿 游离 成人 危重 危险 战栗 展开 信息 智力 富含 元素 束支 植入 阴性
阴道 阴囊 居住 居民 干咳 干燥 干预 闭经 闭合 闭塞 幸运 隆起 印象 鲜红 鲜血 宿便 修复 修补 母亲 母乳 乌司他丁
羊水 玉米 银屑病 亢进 钱包 程度 和缓 柏油样 潮红 潮热 冯氏 何时 何处 史上 祝福 邵氏 霍乱 贺氏
易栓 钟点 姚氏 骆氏 宋体 龙胆 沙丁胺醇 沙美特罗 沙库巴曲 司可林 韦氏 牛奶 牛黄 蛋白尿 应用 应激 应予 时间
田间 马上 马来酸 马兜铃 江湖 边缘 卫生 卫生纸 计划 计数 吉兰 巴比妥 纪录 那么 毕竟 申请 鲁米那 尚可 尚未
尚无 尚好 钙片 贝那普利 邓氏 柯氏 管型 井喷 皮疹 皮肤 皮下 皮质 能量 能否 贵重 尤其 东莨菪碱 黎明 桑葚
余量 党参 叶酸 蒲公英 车前草 蓝色 蓝斑 燕麦 花粉 花生 庞大 连翘 滑膜 黑便 黑色 黑蒙 谭氏 顾虑 顾及 向下
向上 兰索拉唑 乔氏 冷汗 冷敷 房水 路径 伏格列波糖 晏氏 衣物 晶体 福辛普利 刁难 施行 施以 凤尾 相关 相应
相当 柳氮磺 支架 支持 支气管 支原体 宁心 苗条 师傅 戚氏 成功 成分 成形 成年 官能 管道 古怪 尹氏 鲍氏
头孢 头孢曲松 头孢呋辛 头孢哌酮 头孢他啶 头孢克肟 头孢唑林 阿托伐他汀 瑞舒伐他汀 辛伐他汀 普伐他汀 氯吡格雷 替格瑞洛
美托洛尔 比索洛尔 卡维地洛 氨氯地平 非洛地平 缬沙坦 厄贝沙坦 氯沙坦 替米沙坦 依那普利 培哚普利 螺内酯 氢氯噻嗪
托拉塞米 呋塞米 单硝酸异山梨酯 硝酸异山梨酯 曲美他嗪 胺碘酮 地尔硫卓 维拉帕米 地高辛 伊伐布雷定 利伐沙班 达比加群
低分子肝素 肝素 依诺肝素 那屈肝素 二甲双胍 格列齐特 格列吡嗪 阿卡波糖 西格列汀 达格列净 恩格列净 利拉鲁肽 甘精胰岛素
门冬胰岛素 赖脯胰岛素 左甲状腺素 甲巯咪唑 丙硫氧嘧啶 泼尼松 甲泼尼龙 氢化可的松 地塞米松 布地奈德 沙丁胺醇 异丙托溴铵
噻托溴铵 氨溴索 乙酰半胱氨酸 孟鲁司特 氨茶碱 多索茶碱 左氧氟沙星 莫西沙星 环丙沙星 阿奇霉素 克拉霉素 红霉素 阿莫西林
哌拉西林 他唑巴坦 美罗培南 亚胺培南 万古霉素 利奈唑胺 替加环素 氟康唑 伏立康唑 阿昔洛韦 更昔洛韦 奥司他韦 奥美拉唑
泮托拉唑 雷贝拉唑 埃索美拉唑 兰索拉唑 铝碳酸镁 硫糖铝 莫沙必利 多潘立酮 甲氧氯普胺 昂丹司琼 乳果糖 聚乙二醇 蒙脱石散
双歧杆菌 布洛芬 对乙酰氨基酚 塞来昔布 曲马多 吗啡 芬太尼 羟考酮 地西泮 劳拉西泮 艾司唑仑 阿普唑仑 唑吡坦 奥氮平
喹硫平 利培酮 舍曲林 帕罗西汀 氟西汀 艾司西酞普兰 丙戊酸钠 卡马西平 左乙拉西坦 苯妥英钠 加巴喷丁 普瑞巴林 甘露醇
白蛋白 人血白蛋白 氯化钾 氯化钠 葡萄糖酸钙 碳酸氢钠 硫酸镁 维生素B12 叶酸片 琥珀酸亚铁 多糖铁 促红细胞生成素 骨化三醇
碳酸钙 阿仑膦酸钠 唑来膦酸 别嘌醇 非布司他 秋水仙碱 他克莫司 环孢素 吗替麦考酚酯 来氟米特 羟氯喹 甲氨蝶呤 环磷酰胺
顺铂 卡铂 紫杉醇 多西他赛 吉西他滨 奥沙利铂 卡培他滨 伊马替尼 吉非替尼 奥希替尼 贝伐珠单抗 曲妥珠单抗 利妥昔单抗
心内科 心血管内科 呼吸内科 神经内科 消化内科 内分泌科 肾内科 血液科 风湿免疫科 感染科 普外科 胸外科 神经外科 骨科
泌尿外科 肝胆外科 心胸外科 妇产科 儿科 新生儿科 眼科 耳鼻喉科 口腔科 皮肤科 急诊科 重症医学科 康复科 中医科 肿瘤科
放射科 超声科 检验科 病理科 麻醉科 营养科 药剂科 社区获得性肺炎
"""


def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def _variants(words: list[str]) -> list[str]:
    """Return the words with their Traditional (s2t, s2tw) and Simplified (t2s) forms."""
    convs = [_opencc(c) for c in ("s2t", "s2tw", "t2s")]
    out = set()
    for word in words:
        out.add(word)
        out.update(conv.convert(word) for conv in convs)
    return sorted(w for w in out if w)


def _faker_lists() -> dict[str, list[str]]:
    from faker.providers.address.zh_CN import Provider as AddrCN
    from faker.providers.address.zh_TW import Provider as AddrTW
    from faker.providers.person.zh_CN import Provider as PersonCN
    from faker.providers.person.zh_TW import Provider as PersonTW

    return {
        "surnames": list(PersonCN.last_names) + list(PersonTW.last_names),
        "provinces": list(AddrCN.provinces),
        "cities": list(AddrCN.cities) + list(AddrTW.cities),
        "districts": list(AddrCN.districts),
        "tw_streets": list(AddrTW.street_names),
    }


def _province_bases(provinces: list[str]) -> list[str]:
    """Province names with and without their suffix (省, 市, 自治区, 特别行政区)."""
    out = []
    for full in provinces:
        out.append(full)
        for suffix in ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
            if full.endswith(suffix):
                out.append(full[: -len(suffix)])
                break
    return out


def build() -> dict[str, list[str]]:
    """Compute every lexicon as a name -> sorted list of entries."""
    faker = _faker_lists()
    single = [s for s in faker["surnames"] if len(s) == 1] + EXTRA_SURNAMES
    compound = [s for s in faker["surnames"] if len(s) > 1] + COMPOUND_SURNAMES
    cities = faker["cities"] + PREFECTURES.split() + TAIWAN_DIVISIONS.split()
    districts = [d for d in faker["districts"] if len(d) >= 2] + DISTRICTS.split()
    return {
        "surnames_single.txt": _variants(single),
        "surnames_compound.txt": _variants(compound),
        "provinces.txt": _variants(_province_bases(faker["provinces"])),
        "cities.txt": _variants(cities),
        "districts.txt": _variants(districts),
        "tw_street_names.txt": _variants(faker["tw_streets"]),
        "clinical_terms.txt": _variants(CLINICAL_TERMS.split()),
    }


def main() -> None:
    """Write the lexicon files next to this script."""
    for name, words in build().items():
        (HERE / name).write_text("\n".join(words) + "\n", encoding="utf-8")
        print(f"{name}: {len(words)} entries")


if __name__ == "__main__":
    main()
