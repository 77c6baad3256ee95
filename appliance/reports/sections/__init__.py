"""Report sections: each a function `(SectionInput) -> Section` over the database and the period's events.

Sections read tables and audit-event actions that other packages write; a section whose
source is not there yet returns no rows and a note saying so.
"""

from __future__ import annotations

from collections.abc import Callable

from appliance.reports.model import Section
from appliance.reports.sections import access, models, operations, pipeline, privacy
from appliance.reports.sections.common import SectionInput

SectionFn = Callable[[SectionInput], Section]

# In report order.
SECTIONS: list[SectionFn] = [
    access.access_by_user,
    access.refused_failed,
    access.activity_per_day,
    access.accounts,
    pipeline.pipeline_runs,
    pipeline.findings_by_entity,
    pipeline.review_risk,
    privacy.privacy_budget,
    privacy.privacy_releases,
    pipeline.snapshots,
    models.training_jobs,
    models.registered_models,
    models.promotions,
    operations.inference_usage,
    operations.service_events,
]

__all__ = ["SECTIONS", "SectionFn", "SectionInput"]
