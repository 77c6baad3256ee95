"""Replacement policies: which operator applies to which entity type."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from corpus.deid.entities import NAME_TYPES, EntityType, category_of

Operator = Literal["tag", "surrogate", "date_shift", "hmac", "redact", "keep"]

_SURROGATE_OPERATORS: dict[str, Operator] = {
    **{t: "surrogate" for t in NAME_TYPES},
    EntityType.DATE.value: "date_shift",
    EntityType.AGE.value: "tag",
    EntityType.LOCATION.value: "surrogate",
    EntityType.HOSPITAL.value: "surrogate",
    EntityType.ORGANIZATION.value: "surrogate",
    EntityType.PHONE.value: "surrogate",
    EntityType.EMAIL.value: "surrogate",
    EntityType.URL.value: "tag",
    EntityType.IP_ADDRESS.value: "tag",
}


class DeidPolicy(BaseModel):
    """Per-entity replacement operators with a default for everything not listed."""

    name: str = Field(default="tags", description="Policy name, recorded with each de-identified document")
    default_operator: Operator = Field(default="tag", description="Operator for types not in `operators`")
    operators: dict[str, Operator] = Field(default_factory=dict, description="Entity type -> operator")
    date_shift_max_days: int = Field(default=365, ge=1, description="Largest per-patient date shift in days")
    hmac_length: int = Field(default=12, ge=6, le=64, description="Hex characters kept from a keyed pseudonym")
    redaction: str = Field(default="***", description="Replacement text of the `redact` operator")

    def operator_for(self, entity_type: str) -> Operator:
        """Operator for a type: exact entry, then PERSON for name roles, then the default."""
        if entity_type in self.operators:
            return self.operators[entity_type]
        if entity_type in NAME_TYPES and EntityType.PERSON.value in self.operators:
            return self.operators[EntityType.PERSON.value]
        if category_of(entity_type) == "ID" and "ID_NUMBER" in self.operators:
            return self.operators["ID_NUMBER"]
        return self.default_operator

    @classmethod
    def preset(cls, name: str) -> "DeidPolicy":
        """Named presets: ``tags``, ``surrogates`` (realistic, dates shifted), ``hmac``, ``redact``."""
        if name == "tags":
            return cls(name="tags")
        if name == "surrogates":
            return cls(name="surrogates", default_operator="hmac", operators=dict(_SURROGATE_OPERATORS))
        if name == "hmac":
            return cls(name="hmac", default_operator="hmac", operators={EntityType.DATE.value: "date_shift"})
        if name == "redact":
            return cls(name="redact", default_operator="redact")
        raise ValueError(f"unknown policy preset {name!r}; use tags, surrogates, hmac or redact")


PRESETS = ("tags", "surrogates", "hmac", "redact")
