"""A site-trained token tagger layered under the English rules: a CRF learned from the hospital's own labelled notes.

The rules are written once for every hospital; a site's notes carry names, wards and habits no rule has seen. A
linear-chain CRF (python-crfsuite) trained on a few hundred of the site's labelled notes learns them from word
shape, the name and word lexicons and the words around each token. It adds spans to the rules' findings and never
removes one, so recall can only rise. The model file holds feature weights learned from PHI-bearing notes: it stays
inside the box (``<data root>/deid/site-model.crfsuite``) and is never exported or committed.

Measured on the PhysioNet dev set (trained on the tuning half, scored on held-out patients): docs/deid.md.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from corpus.deid import lexicons
from corpus.deid.entities import EntityType
from corpus.deid.gold_readers import GoldDoc
from corpus.deid.recognizers.en.name_tokens import upper_heavy

# Letters, digit runs and single punctuation marks: the units the tagger labels.
TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
OUTSIDE = "O"
KNOWN_TYPES = frozenset(e.value for e in EntityType)
CONTEXT = (-2, -1, 1, 2)
DEFAULT_THRESHOLD = 0.5


_SHAPE_CHARS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "X" * 26 + "x" * 26 + "d" * 10)
_RUN = re.compile(r"(.)\1{2,}")


def _shape(token: str) -> str:
    """'Smith' -> 'Xxx', '7/22' -> 'd/dd': ASCII letters and digits by class, runs of three or more cut to two."""
    return _RUN.sub(r"\1\1", token.translate(_SHAPE_CHARS))


def _token_facts(token: str) -> tuple[str, ...]:
    """What one token is, from its shape and the lexicons (a word itself only when it is common vocabulary).

    Returned as ``key=value`` strings with true flags only: the form python-crfsuite reads fastest.
    """
    w = token.lower()
    common = w in lexicons.vocabulary() or w in lexicons.clinical_terms()
    flags = {"first": w in lexicons.first_names(), "sur": w in lexicons.surnames(),
             "freq": w in lexicons.frequent_surnames(), "voc": common, "drug": w in lexicons.drugs_and_clinical(),
             "place": w in lexicons.places()}
    word = w if common or not token.isalpha() else "<unk>"
    return (f"w={word}", f"shape={_shape(token)}", f"pre3={w[:3]}", f"suf3={w[-3:]}", f"len={min(len(token), 8)}",
            *(k for k, v in flags.items() if v))


@lru_cache(maxsize=65536)
def _roles(token: str) -> tuple[tuple[str, ...], ...]:
    """The token's facts as itself ('b.'), then as the neighbour at each CONTEXT offset (word, shape, first name)."""
    facts = _token_facts(token)
    near = [f for f in facts if f.startswith(("w=", "shape=")) or f == "first"]
    far = [f for f in facts if f.startswith("w=")]
    return (tuple("b." + f for f in facts), *(tuple(f"{d}.{f}" for f in (near if abs(d) == 1 else far)) for d in CONTEXT))


class FeatureView:
    """How ``features`` writes each token's features: every one as ``str`` (for training), or for a trained model
    only those it has weights for, as UTF-8 bytes.

    A feature the model holds no weight for adds nothing to any score, so leaving it out changes no probability; bytes
    spare python-crfsuite an encoding per feature. Together they take ~40% off ``Tagger.set``, the tagger's
    largest cost. Each token's view is cached per model.
    """

    def __init__(self, known: frozenset[str] | None = None, as_bytes: bool = False) -> None:
        self._known = known
        if known is None and not as_bytes:
            self.roles: Callable[[str], tuple[tuple, ...]] = _roles
            self.pads: dict[int, tuple] = {d: (f"{d}.pad",) for d in CONTEXT}
            self.caps: tuple = ("caps_line",)
        else:
            self.roles = lru_cache(maxsize=65536)(lambda token: tuple(map(self._keep, _roles(token))))
            self.pads = {d: self._keep((f"{d}.pad",)) for d in CONTEXT}
            self.caps = self._keep(("caps_line",))

    def _keep(self, feats: tuple[str, ...]) -> tuple[bytes, ...]:
        known = self._known
        return tuple(f.encode() for f in feats if known is None or f in known)

    @classmethod
    def for_model(cls, tagger) -> FeatureView:
        """The view of an open ``pycrfsuite.Tagger``: the attributes of its state features, as bytes.

        Every attribute the model holds is kept, whatever its weight: the dump prints weights to six decimals.
        """
        try:
            state_features = tagger.info().state_features
        except Exception:  # a dump that cannot be parsed costs speed only: pass every feature
            return cls(None, as_bytes=True)
        return cls(frozenset(attr for attr, _ in state_features), as_bytes=True)


ALL_FEATURES = FeatureView()


def features(text: str, view: FeatureView = ALL_FEATURES) -> tuple[list[tuple[int, int]], list[tuple]]:
    """Token offsets and one feature tuple per token (the token, its line's case, two tokens either side)."""
    offsets = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
    tokens = [text[s:e] for s, e in offsets]
    n = len(tokens)
    # Each role's view of every token (one cached look-up per token), neighbours shifted into place, joined in C.
    views = list(zip(*map(view.roles, tokens))) if tokens else [()] * (len(CONTEXT) + 1)
    own, shifted = list(views[0]), []
    for k, d in enumerate(CONTEXT, start=1):
        pad = [view.pads[d]] * min(abs(d), n)
        rows = list(views[k])
        shifted.append(pad + rows[: n - abs(d)] if d < 0 else rows[d:] + pad)
    caps = _caps_flags(text, offsets, view.caps)
    return offsets, [a + b + c + d + e + f for a, b, c, d, e, f in zip(own, *shifted, caps)]


def _caps_flags(text: str, offsets: list[tuple[int, int]], flag: tuple = ("caps_line",)) -> list[tuple]:
    """``flag`` for tokens on a line with more capitals than lower-case letters, else ()."""
    flags, line_end, current = [], -1, ()
    for s, _ in offsets:
        if s > line_end:
            start = text.rfind("\n", 0, s) + 1
            end = text.find("\n", s)
            line_end = end if end >= 0 else len(text)
            chunk = text[start:line_end]
            current = flag if upper_heavy(chunk) else ()
        flags.append(current)
    return flags


def labels(doc: GoldDoc, offsets: list[tuple[int, int]]) -> list[str]:
    """The gold entity type of each token ('O' outside PHI and for categories that are not PHI targets)."""
    chars: list[str | None] = [None] * (len(doc.text) + 1)
    for span in doc.spans:
        if span.entity_type in KNOWN_TYPES:
            for i in range(max(0, span.start), min(len(doc.text), span.end)):
                chars[i] = span.entity_type
    return [next((c for c in chars[s:e] if c), OUTSIDE) for s, e in offsets]


@dataclass
class TrainReport:
    """What a training run read and wrote."""

    path: Path
    sha256: str
    documents: int
    tokens: int
    phi_tokens: int
    seconds: float
    labels: list[str] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    """SHA-256 of a model file (its identity in the audit log and the pipeline's policy version)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def train(docs: Iterable[GoldDoc], path: Path, c1: float = 0.1, c2: float = 0.01, max_iterations: int = 150,
          progress: Callable[[int], None] | None = None) -> TrainReport:
    """Train a tagger on English gold documents and write it to ``path`` atomically (never a half-written file)."""
    import pycrfsuite

    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    n_docs = n_tokens = n_phi = 0
    seen: set[str] = set()
    for doc in docs:
        if doc.language != "en" or not doc.text:
            continue
        offsets, feats = features(doc.text)
        tags = labels(doc, offsets)
        trainer.append(feats, tags)
        n_docs, n_tokens, n_phi = n_docs + 1, n_tokens + len(tags), n_phi + sum(t != OUTSIDE for t in tags)
        seen.update(tags)
        if progress:
            progress(n_docs)
    if not n_phi:
        raise ValueError("the gold standard has no English PHI spans to learn from")
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.possible_transitions": True})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        trainer.train(str(tmp))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return TrainReport(path, file_sha256(path), n_docs, n_tokens, n_phi, round(time.perf_counter() - t0, 2),
                       sorted(seen - {OUTSIDE}))


class SiteTagger:
    """A trained model: PHI spans of a text, each token kept when its PHI probability reaches ``threshold``."""

    def __init__(self, path: Path, threshold: float = DEFAULT_THRESHOLD) -> None:
        import pycrfsuite

        self.path, self.threshold = Path(path), threshold
        if not self.path.is_file():
            raise FileNotFoundError(f"site model not found: {self.path}")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(self.path))
        self.labels = [t for t in self._tagger.labels() if t != OUTSIDE]
        self._view = FeatureView.for_model(self._tagger)

    def spans(self, text: str) -> list[tuple[int, int, str, float]]:
        """(start, end, entity type, probability) per run of PHI tokens separated only by spaces."""
        offsets, feats = features(text, self._view)
        if not offsets:
            return []
        self._tagger.set(feats)
        out: list[tuple[int, int, str, float]] = []
        marginal = self._tagger.marginal
        for i, (s, e) in enumerate(offsets):
            p = 1.0 - marginal(OUTSIDE, i)
            if p < self.threshold or not self.labels:
                continue
            best = max(self.labels, key=lambda t: marginal(t, i))
            if out and out[-1][2] == best and not text[out[-1][1] : s].strip():
                out[-1] = (out[-1][0], e, best, min(out[-1][3], p))
            else:
                out.append((s, e, best, p))
        return out
