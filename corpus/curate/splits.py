"""Patient-level train/validation/test splits: a keyed hash of the patient pseudonym picks the split."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, Field, model_validator

SPLITS = ("train", "validation", "test")


class SplitConfig(BaseModel):
    """Split fractions and the seed that makes assignment reproducible."""

    train: float = Field(0.8, ge=0, le=1)
    validation: float = Field(0.1, ge=0, le=1)
    test: float = Field(0.1, ge=0, le=1)
    seed: str = Field("corpusbox", description="Changing it reshuffles patients between splits")

    @model_validator(mode="after")
    def _sums_to_one(self) -> SplitConfig:
        if abs(self.train + self.validation + self.test - 1.0) > 1e-6:
            raise ValueError("train + validation + test must be 1")
        return self


def split_of(group: str, cfg: SplitConfig) -> str:
    """The split of a patient (or, for documents linked to no patient, of the document itself)."""
    h = int.from_bytes(hashlib.sha256(f"{cfg.seed}\x00{group}".encode()).digest()[:8], "big") / 2**64
    if h < cfg.train:
        return "train"
    if h < cfg.train + cfg.validation:
        return "validation"
    return "test"
