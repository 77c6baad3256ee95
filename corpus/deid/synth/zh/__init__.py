"""Labelled synthetic Chinese clinical documents (Simplified and Traditional) in presidio-research JSON.

Two disjoint generators: ``tune`` (used while developing recognizers) and ``holdout`` (only for
measuring), with separate templates, surface forms and vocabularies; plus ``hand``-written notes.
"""

from __future__ import annotations

import random
from functools import lru_cache

from corpus.deid.synth.zh import handwritten, templates_holdout, templates_tune
from corpus.deid.synth.zh.builder import DocBuilder
from corpus.deid.synth.zh.render import DocContext, render
from corpus.deid.synth.zh.vocab import vocab

SPLITS = ("tune", "holdout", "hand")
TEMPLATES = {"tune": templates_tune.TEMPLATES, "holdout": templates_holdout.TEMPLATES}


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def generate_one(split: str, index: int, seed: int) -> dict:
    """Document number index of a split; the same (split, index, seed) always gives the same document."""
    rng = random.Random(f"{split}:{seed}:{index}")
    template_id, doc_type, template, traditional_only = rng.choice(TEMPLATES[split])
    traditional = traditional_only or rng.random() < 0.4
    convert = _converter("s2tw" if traditional else "t2s").convert
    builder = DocBuilder(convert=convert)
    ctx = DocContext(split, rng, vocab(split), traditional)
    render(template, ctx, builder)
    meta = {
        "language": "zh",
        "script": "Hant" if traditional else "Hans",
        "split": split,
        "doc_type": doc_type,
        "patient": f"{split}-{seed}-{index}",
    }
    return builder.record(template_id, meta)


def generate(split: str, n: int, seed: int = 7) -> list[dict]:
    """n documents of a split (``hand`` returns the hand-written set, n ignored)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {SPLITS}")
    if split == "hand":
        return handwritten.records()
    return [generate_one(split, i, seed) for i in range(n)]
