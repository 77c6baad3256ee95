"""Addresses, hospitals and organisations for each split, built from that split's vocabulary only."""

from __future__ import annotations

import random

from corpus.deid.synth.zh.vocab import Vocab

# Characters for invented place names (counties, towns, villages) that appear in no lexicon.
PLACE_CHARS = "青石岩龙泉桥溪松柏梅竹杏桃柳枫湖塘坪岗岭峰川河湾洲滩田坝沟坡寨铺集店营堡屯庄园林山水金银铜铁玉宝福禄寿喜安康平顺兴旺丰盛"


def invented(rng: random.Random, n: int = 2) -> str:
    """A made-up place stem, e.g. 青岩 (holdout only, so no lexicon can contain it)."""
    return "".join(rng.choice(PLACE_CHARS) for _ in range(n))


def _unit(rng: random.Random) -> str:
    return f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 30)}0{rng.randint(1, 4)}室"


def address(split: str, rng: random.Random, v: Vocab, traditional: bool) -> str:
    """A full street address in the split's own style."""
    city, district, street = rng.choice(v.cities), rng.choice(v.districts), rng.choice(v.streets)
    if split == "tune":
        head = (rng.choice(v.provinces) if rng.random() < 0.5 else "") + f"{city}市{district}区"
        tail = f"{street}路{rng.randint(1, 999)}号" + (_unit(rng) if rng.random() < 0.5 else "")
        return head + tail
    style = rng.randrange(4 if traditional else 3)
    if style == 0:
        return f"{city}市{district}区{street}街{rng.randint(1, 300)}号{invented(rng)}小区{_unit(rng)}"
    if style == 1:
        return f"{invented(rng)}县{invented(rng)}镇{invented(rng)}村{rng.randint(1, 12)}组"
    if style == 2:
        return f"{rng.choice(v.provinces)}{invented(rng)}市{district}区{invented(rng)}花园{rng.randint(1, 40)}号楼{rng.randint(1, 30)}0{rng.randint(1, 6)}室"
    sections = "一二三四五六七"
    return f"{city}市{district}區{street}路{rng.choice(sections)}段{rng.randint(1, 300)}號{rng.randint(2, 20)}樓"


def city(split: str, rng: random.Random, v: Vocab) -> str:
    """A town or city mention (holdout also invents county names)."""
    if split == "holdout" and rng.random() < 0.4:
        return invented(rng) + rng.choice(("县", "镇", "市"))
    return rng.choice(v.cities) + ("市" if rng.random() < 0.5 else "")


def hospital(split: str, rng: random.Random, v: Vocab) -> str:
    """A named hospital or clinic."""
    c = rng.choice(v.cities)
    if split == "tune":
        return rng.choice(
            (f"{c}市第{rng.choice('一二三四五六')}人民医院", f"{c}市中心医院", f"{c}市人民医院", f"{c}{rng.choice(('仁爱', '博爱', '康宁'))}医院")
        )
    return rng.choice(
        (
            f"{invented(rng)}县中医院",
            f"{invented(rng)}镇卫生院",
            f"{rng.choice(v.districts)}区{invented(rng)}社区卫生服务中心",
            f"{c}医科大学附属第{rng.choice('一二三')}医院",
            f"{c}{rng.choice(('纪念', '长庚', '慈济'))}医院",
            f"{c}市妇幼保健院",
        )
    )


def organisation(split: str, rng: random.Random, v: Vocab) -> str:
    """An employer or school."""
    prefix = rng.choice(v.company_prefixes)
    if split == "tune":
        return prefix + rng.choice(("科技有限公司", "有限公司", "信息有限公司"))
    return rng.choice(
        (
            prefix + "股份有限公司",
            f"{rng.choice(v.cities)}{rng.choice(('师范', '理工', '财经'))}大学",
            f"{rng.choice(v.cities)}市第{rng.choice('一二三四五')}中学",
            f"{prefix}集团",
        )
    )
