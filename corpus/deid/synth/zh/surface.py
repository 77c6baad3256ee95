"""Surface forms of each PHI type. ``tune`` and ``holdout`` draw from separate form lists.

Every maker takes (rng, vocab) and returns the PHI string; ``FORMS[split][kind]`` lists the makers
a split may use, so a form that only holdout has is never seen while tuning.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Callable

from corpus.deid.synth.zh.vocab import Vocab

CN_DIGITS = "〇一二三四五六七八九"
CN_DIGITS_ALT = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1..31 (and up to 199) in Chinese numerals as used in dates and ages."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    rest = n - 100
    if rest == 0:
        return "一百"
    if rest < 10:
        return "一百零" + CN_DIGITS[rest]
    return "一百" + (CN_DIGITS[rest // 10] if rest >= 20 else "一") + "十" + (CN_DIGITS[rest % 10] if rest % 10 else "")


def random_date(rng: random.Random) -> dt.date:
    """A date between 1930 and 2025."""
    return dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 95 * 365))


def recent_date(rng: random.Random) -> dt.date:
    """A date between 2010 and 2025 (visits, tests)."""
    return dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(0, 15 * 365))


# --- names ---------------------------------------------------------------------------------------
def full_name(rng: random.Random, v: Vocab) -> str:
    """Surname + given name, sometimes a compound surname or a composed given name."""
    surname = rng.choice(v.compound_surnames) if rng.random() < 0.05 else rng.choice(v.surnames)
    if rng.random() < 0.2:
        given = "".join(rng.choice(v.given_chars) for _ in range(rng.choice((1, 2))))
    else:
        given = rng.choice(v.given_names)
    return surname + given


def surname(rng: random.Random, v: Vocab) -> str:
    """A surname alone (for 王女士, 李医生)."""
    return rng.choice(v.surnames)


# --- dates ---------------------------------------------------------------------------------------
def date_ymd_cn(rng, v) -> str:
    d = recent_date(rng)
    return f"{d.year}年{d.month}月{d.day}日"


def date_ymd_padded(rng, v) -> str:
    d = recent_date(rng)
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def date_iso(rng, v) -> str:
    return recent_date(rng).isoformat()


def date_slash(rng, v) -> str:
    d = recent_date(rng)
    return f"{d.year}/{d.month}/{d.day}"


def date_month_day(rng, v) -> str:
    d = recent_date(rng)
    return f"{d.month}月{d.day}日"


def date_year_month(rng, v) -> str:
    d = recent_date(rng)
    return f"{d.year}年{d.month}月"


def date_dotted(rng, v) -> str:
    d = recent_date(rng)
    return f"{d.year}.{d.month:02d}.{d.day:02d}"


def date_cn_numerals(rng, v) -> str:
    d = recent_date(rng)
    digits = CN_DIGITS if rng.random() < 0.5 else CN_DIGITS_ALT
    year = "".join(digits[int(c)] for c in str(d.year))
    return f"{year}年{_cn_number(d.month)}月{_cn_number(d.day)}日"


def date_hao(rng, v) -> str:
    d = recent_date(rng)
    return f"{d.year}年{d.month}月{d.day}号"


def date_compact(rng, v) -> str:
    return recent_date(rng).strftime("%Y%m%d")


def date_minguo(rng, v) -> str:
    d = recent_date(rng)
    return f"民國{d.year - 1911}年{d.month}月{d.day}日"


def date_roc_short(rng, v) -> str:
    d = recent_date(rng)
    return f"{d.year - 1911}年{d.month}月{d.day}日"


def date_month_part(rng, v) -> str:
    d = recent_date(rng)
    return f"{d.year}年{d.month}月" + rng.choice(("初", "中旬", "下旬", "底"))


def date_cn_month_day(rng, v) -> str:
    d = recent_date(rng)
    return f"{_cn_number(d.month)}月{_cn_number(d.day)}日"


def birth_date(rng, v) -> str:
    d = random_date(rng)
    return f"{d.year}年{d.month}月{d.day}日"


def birth_date_dashed(rng, v) -> str:
    return random_date(rng).isoformat()


# --- ages over 89 --------------------------------------------------------------------------------
def age_sui(rng, v) -> str:
    return f"{rng.randint(90, 104)}岁"


def age_cn(rng, v) -> str:
    return _cn_number(rng.randint(90, 109)) + rng.choice(("岁", "周岁"))


def age_zhousui(rng, v) -> str:
    return f"{rng.randint(90, 106)}周岁"


def age_approx(rng, v) -> str:
    return f"{rng.randint(9, 10)}0{rng.choice(('余', '多'))}岁"


# --- phones, ids ---------------------------------------------------------------------------------
def _mobile_digits(rng) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def mobile_plain(rng, v) -> str:
    return _mobile_digits(rng)


def mobile_dashed(rng, v) -> str:
    d = _mobile_digits(rng)
    return f"{d[:3]}-{d[3:7]}-{d[7:]}"


def mobile_intl(rng, v) -> str:
    d = _mobile_digits(rng)
    return f"+86 {d[:3]} {d[3:7]} {d[7:]}"


def landline_dash(rng, v) -> str:
    return f"0{rng.randint(10, 999):d}-{rng.randint(2, 9)}{rng.randint(1000000, 9999999)}"


def landline_paren(rng, v) -> str:
    return f"({'0' + str(rng.randint(100, 999))}){rng.randint(2, 9)}{rng.randint(1000000, 9999999)}"


def tw_mobile(rng, v) -> str:
    return f"09{rng.randint(10, 99)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}"


def tw_landline(rng, v) -> str:
    return f"(0{rng.randint(2, 8)}){rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}"


REGIONS = ("110101", "310104", "330106", "440305", "510107", "320102", "420106", "610113", "370202", "230103")


def resident_id(rng, v, region: str | None = None) -> str:
    """A checksum-valid 18-digit resident ID."""
    from corpus.deid.recognizers.zh.cn_resident_id_recognizer import CnResidentIdRecognizer as R

    d = random_date(rng)
    body = (region or rng.choice(REGIONS)) + d.strftime("%Y%m%d") + f"{rng.randint(0, 999):03d}"
    total = sum(int(c) * w for c, w in zip(body, R.WEIGHTS))
    return body + R.CHECK_CODES[total % 11]


def resident_id_legacy(rng, v) -> str:
    d = random_date(rng)
    return rng.choice(REGIONS) + d.strftime("%y%m%d") + f"{rng.randint(0, 999):03d}"


def record_number(rng, v, prefix: str = "") -> str:
    return prefix + str(rng.randint(10 ** (rng.choice((6, 7, 8)) - 1), 10 ** 9))


def email(rng, v, domains=("163.com", "qq.com", "126.com", "sina.com")) -> str:
    user = rng.choice(("zhang", "li", "wang", "chen", "liu", "hz", "sh", "bj")) + str(rng.randint(1, 9999))
    return f"{user}@{rng.choice(domains)}"


def url(rng, v, hosts=("www.hz-yiyuan.cn", "www.example-health.com.cn", "yy.sxrmyy.cn")) -> str:
    return rng.choice(("http://", "https://", "")) + rng.choice(hosts) + rng.choice(("", "/patient", "/report?id=" + str(rng.randint(1, 99999))))


def ip(rng, v) -> str:
    return f"{rng.choice((10, 172, 192))}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


Maker = Callable[[random.Random, Vocab], str]

FORMS: dict[str, dict[str, tuple[Maker, ...]]] = {
    "tune": {
        "date": (date_ymd_cn, date_iso, date_slash, date_ymd_padded, date_month_day, date_year_month),
        "birth": (birth_date, birth_date_dashed),
        "age": (age_sui,),
        "mobile": (mobile_plain, mobile_dashed),
        "landline": (landline_dash,),
        "id": (resident_id,),
    },
    "holdout": {
        "date": (date_dotted, date_cn_numerals, date_hao, date_compact, date_month_part, date_cn_month_day, date_ymd_cn, date_iso),
        "birth": (birth_date, date_cn_numerals),
        "age": (age_cn, age_zhousui, age_approx, age_sui),
        "mobile": (mobile_intl, mobile_plain, mobile_dashed),
        "landline": (landline_paren, landline_dash),
        "id": (resident_id, resident_id_legacy),
    },
}
TRADITIONAL_ONLY: dict[str, dict[str, tuple[Maker, ...]]] = {
    "tune": {},
    "holdout": {"date": (date_minguo, date_roc_short), "mobile": (tw_mobile,), "landline": (tw_landline,)},
}


def make(kind: str, split: str, rng: random.Random, v: Vocab, traditional: bool) -> str:
    """One PHI string of a kind, drawn from the split's forms (plus Traditional-only ones)."""
    makers = FORMS[split][kind]
    if traditional:
        makers = makers + TRADITIONAL_ONLY[split].get(kind, ())
    return rng.choice(makers)(rng, v)
