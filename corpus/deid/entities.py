"""Canonical PHI entity types and their replacement tags in English and Chinese."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class EntityType(str, Enum):
    """Canonical entity types every recognizer, policy and scorer uses."""

    PERSON = "PERSON"
    PATIENT_NAME = "PATIENT_NAME"
    CLINICIAN_NAME = "CLINICIAN_NAME"
    RELATIVE_NAME = "RELATIVE_NAME"
    DATE = "DATE"
    AGE = "AGE"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    URL = "URL"
    IP_ADDRESS = "IP_ADDRESS"
    MEDICAL_RECORD_NUMBER = "MEDICAL_RECORD_NUMBER"
    ACCOUNT_NUMBER = "ACCOUNT_NUMBER"
    INSURANCE_NUMBER = "INSURANCE_NUMBER"
    LICENSE_NUMBER = "LICENSE_NUMBER"
    DEVICE_ID = "DEVICE_ID"
    ID_NUMBER = "ID_NUMBER"
    CN_RESIDENT_ID = "CN_RESIDENT_ID"
    LOCATION = "LOCATION"
    ORGANIZATION = "ORGANIZATION"
    HOSPITAL = "HOSPITAL"


@dataclass(frozen=True)
class EntityInfo:
    """Display tags and the coarse category an entity belongs to."""

    tag_en: str
    tag_zh: str
    category: str
    description: str


# Role refinements of PERSON roll up to the PERSON category for scoring and policy fallback.
ENTITIES: dict[EntityType, EntityInfo] = {
    EntityType.PERSON: EntityInfo("PERSON", "姓名", "NAME", "Any personal name"),
    EntityType.PATIENT_NAME: EntityInfo("PATIENT_NAME", "患者姓名", "NAME", "Patient name"),
    EntityType.CLINICIAN_NAME: EntityInfo("CLINICIAN_NAME", "医生姓名", "NAME", "Clinician name"),
    EntityType.RELATIVE_NAME: EntityInfo("RELATIVE_NAME", "亲属姓名", "NAME", "Relative or proxy name"),
    EntityType.DATE: EntityInfo("DATE", "日期", "DATE", "Calendar date or year tied to a person"),
    EntityType.AGE: EntityInfo("AGE", "年龄", "AGE", "Age over 89 (every age under the `all` age scope)"),
    EntityType.PHONE: EntityInfo("PHONE", "电话", "CONTACT", "Telephone or fax number"),
    EntityType.EMAIL: EntityInfo("EMAIL", "电子邮箱", "CONTACT", "E-mail address"),
    EntityType.URL: EntityInfo("URL", "网址", "CONTACT", "Web address"),
    EntityType.IP_ADDRESS: EntityInfo("IP_ADDRESS", "IP地址", "CONTACT", "IP address"),
    EntityType.MEDICAL_RECORD_NUMBER: EntityInfo(
        "MEDICAL_RECORD_NUMBER", "病历号", "ID", "MRN, 住院号, 门诊号"
    ),
    EntityType.ACCOUNT_NUMBER: EntityInfo("ACCOUNT_NUMBER", "账号", "ID", "Account number"),
    EntityType.INSURANCE_NUMBER: EntityInfo(
        "INSURANCE_NUMBER", "医保卡号", "ID", "Insurance, member or claim number"
    ),
    EntityType.LICENSE_NUMBER: EntityInfo("LICENSE_NUMBER", "证照号", "ID", "Licence number"),
    EntityType.DEVICE_ID: EntityInfo("DEVICE_ID", "设备编号", "ID", "Device or serial number"),
    EntityType.ID_NUMBER: EntityInfo("ID_NUMBER", "证件号", "ID", "Other identifier, SSN"),
    EntityType.CN_RESIDENT_ID: EntityInfo("CN_RESIDENT_ID", "身份证号", "ID", "Chinese resident ID"),
    EntityType.LOCATION: EntityInfo("LOCATION", "地址", "LOCATION", "Address, street, town, ZIP"),
    EntityType.ORGANIZATION: EntityInfo("ORGANIZATION", "机构", "LOCATION", "Organisation, employer"),
    EntityType.HOSPITAL: EntityInfo("HOSPITAL", "医院", "LOCATION", "Hospital or clinic"),
}

NAME_TYPES: frozenset[str] = frozenset(
    e.value for e in (EntityType.PERSON, EntityType.PATIENT_NAME, EntityType.CLINICIAN_NAME, EntityType.RELATIVE_NAME)
)
ALL_TYPES: tuple[str, ...] = tuple(e.value for e in EntityType)


def tag_for(entity_type: str, language: str = "en") -> str:
    """Return the bracketed replacement tag, e.g. ``[PATIENT_NAME]`` or ``[患者姓名]``."""
    try:
        info = ENTITIES[EntityType(entity_type)]
    except ValueError:
        return f"[{entity_type}]"
    return f"[{info.tag_zh if language.startswith('zh') else info.tag_en}]"


def category_of(entity_type: str) -> str:
    """Coarse category (NAME, DATE, AGE, CONTACT, ID, LOCATION) of an entity type."""
    try:
        return ENTITIES[EntityType(entity_type)].category
    except ValueError:
        return "OTHER"


def is_known(entity_type: str) -> bool:
    """True when the string names a canonical entity type."""
    return entity_type in ALL_TYPES
