"""Name and place vocabularies for the generators, split into disjoint tune / holdout halves by hash.

Sources: Faker's zh_CN and zh_TW locale data (MIT) and the division lexicons in corpus/deid/data/zh.
A word goes to ``tune`` or ``holdout`` by a stable SHA-1 of the word, so the halves never share one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

SPLITS = ("tune", "holdout")


def split_of(word: str) -> str:
    """The split a vocabulary word belongs to (stable across runs and machines)."""
    digest = hashlib.sha1(("corpusbox-zh-synth:" + word).encode("utf-8")).digest()
    return SPLITS[digest[0] % 2]


def _half(words, split: str) -> tuple[str, ...]:
    return tuple(sorted({w for w in words if w and split_of(w) == split}))


@dataclass(frozen=True)
class Vocab:
    """The words one split may use."""

    surnames: tuple[str, ...]
    compound_surnames: tuple[str, ...]
    given_names: tuple[str, ...]
    given_chars: tuple[str, ...]
    provinces: tuple[str, ...]
    cities: tuple[str, ...]
    districts: tuple[str, ...]
    streets: tuple[str, ...]
    company_prefixes: tuple[str, ...]


@lru_cache(maxsize=2)
def vocab(split: str) -> Vocab:
    """Build the vocabulary of one split."""
    from faker.providers.address.zh_CN import Provider as AddrCN
    from faker.providers.address.zh_TW import Provider as AddrTW
    from faker.providers.company.zh_CN import Provider as CompCN
    from faker.providers.company.zh_TW import Provider as CompTW
    from faker.providers.person.zh_CN import Provider as PersonCN
    from faker.providers.person.zh_TW import Provider as PersonTW

    surnames = list(PersonCN.last_names) + list(PersonTW.last_names)
    given = list(PersonCN.first_names) + list(PersonTW.first_names)
    given_names = _half(given, split)
    compound = ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "夏侯", "端木", "司徒", "张简", "范姜"]
    cities = [c for c in list(AddrCN.cities) + list(AddrTW.cities) if len(c) >= 2]
    return Vocab(
        surnames=_half([s for s in surnames if len(s) == 1], split),
        compound_surnames=_half(compound, split),
        given_names=given_names,
        given_chars=tuple(sorted({c for name in given_names for c in name})),
        provinces=_half(AddrCN.provinces, split),
        cities=_half(cities, split),
        districts=_half([d for d in AddrCN.districts if len(d) >= 2], split),
        streets=_half(list(AddrTW.street_names) + [c for c in AddrCN.cities if len(c) == 2], split),
        company_prefixes=_half([p for p in list(CompCN.company_prefixes) + list(CompTW.company_prefixes) if "（" not in p and not any(c.isascii() for c in p)], split),
    )
