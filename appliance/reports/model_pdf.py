"""The model transparency report as a PDF (English or Chinese)."""

from __future__ import annotations

import io
import json
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    SimpleDocTemplate,
    Spacer,
)

from appliance.reports import charts
from appliance.reports.fonts import pdf_fonts
from appliance.reports.i18n import TEXT, column, t
from appliance.reports.pdfkit import (
    MARGIN,
    PAGE,
    WIDTH,
    Styles,
    data_table,
    fmt_value,
    footer,
    key_value_table,
    p,
)
from appliance.reports.transparency import ModelReport


def flatten(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested dicts as dotted key/value pairs."""
    if isinstance(data, dict):
        out: list[tuple[str, Any]] = []
        for k, v in data.items():
            out += flatten(v, f"{prefix}.{k}" if prefix else str(k))
        return out
    return [(prefix, data)]


def _h(text: str, st: Styles) -> list[Any]:
    """A heading that never sits alone at the bottom of a page."""
    return [CondPageBreak(30 * mm), p(text, st.h1)]


def _heatmap(example: dict[str, Any]) -> Image:
    png = charts.attribution_heatmap(example["input_tokens"], example["output_tokens"], example["scores"])
    img = Image(io.BytesIO(png))
    width = min(WIDTH, img.imageWidth * 0.5)
    img.drawWidth, img.drawHeight = width, img.imageHeight * width / img.imageWidth
    return img


def _examples(report: ModelReport, st: Styles, lang: str) -> list[Any]:
    out: list[Any] = _h(t("examples", lang), st)
    if report.examples_note:
        return out + [p(t("not_available", lang, why=report.examples_note), st.small)]
    method = report.examples[0]["method"].replace("_", " ") if report.examples else ""
    out.append(p(t("attribution_note", lang, method=method), st.small))
    for i, ex in enumerate(report.examples, 1):
        block = [
            p(f"{i}. {t('prompt', lang)}: {ex['prompt']}", st.body),
            p(f"{t('output', lang)}: {ex['output_text'] or '–'}", st.body),
        ]
        if ex["scores"]:
            block.append(_heatmap(ex))
        out += [KeepTogether(block), Spacer(1, 3 * mm)]
    return out


def _sections(report: ModelReport, st: Styles, lang: str) -> list[Any]:
    facts = [(column(k, lang), fmt_value(v, lang)) for k, v in report.model.items()]
    use = report.intended_use + (
        " (default statement: the registry records none)"
        if report.intended_use_default and lang == "en"
        else ("（默认说明：注册表中未记录）" if report.intended_use_default else "")
    )
    data = [(k, fmt_value(v, lang)) for k, v in flatten(report.training_data) if v is not None]
    story: list[Any] = [
        *_h(t("lineage", lang), st),
        key_value_table(facts, st),
        *_h(t("intended_use", lang), st),
        p(use, st.body),
        *_h(t("training_data", lang), st),
        key_value_table(data or [("–", "–")], st),
        *_h(t("evaluation", lang), st),
    ]
    metrics = [(k, fmt_value(v, lang)) for k, v in report.evaluation.items()]
    story.append(key_value_table(metrics, st) if metrics else p(t("no_data", lang), st.small))
    if report.gate:
        fixed = ("seq", "ts", "actor", "action", "outcome")
        rows = [
            {
                **{k: g.get(k) for k in fixed},
                "details": ", ".join(f"{k}={fmt_value(v, lang)}" for k, v in g.items() if k not in fixed),
            }
            for g in report.gate
        ]
        story += [Spacer(1, 2 * mm), data_table([*fixed, "details"], rows, st, lang)]
    items = [ListItem(p(x, st.body), leftIndent=10) for x in report.known_limits]
    story += [*_h(t("known_limits", lang), st), ListFlowable(items, bulletType="bullet", start="•")]
    return story


def render_model_pdf(report: ModelReport, lang: str = "en") -> bytes:
    """The transparency report as PDF bytes."""
    labels = "".join(v.get(lang, v["en"]) for v in TEXT.values())
    fonts = pdf_fonts(json.dumps(report.to_dict(), ensure_ascii=False) + labels)
    st = Styles(fonts)
    m = report.model
    story: list[Any] = [
        p(f"{t('model_title', lang)}: {m['name']} v{m['version']}", st.title),
        p(
            f"{t('generated', lang)} {fmt_value(report.meta.get('generated_at'), lang)} UTC · "
            f"{t('generated_by', lang)} {report.meta.get('generated_by')}",
            st.small,
        ),
    ]
    story += _sections(report, st, lang) + _examples(report, st, lang)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=f"{t('model_title', lang)} {m['name']}",
        author="CorpusBox",
    )
    draw = footer(
        f"CorpusBox · {report.meta.get('box_id', '')} · {m['name']} v{m['version']}",
        fonts,
        lambda n: f"{t('page', lang)} {n} {t('page_suffix', lang)}".strip(),
    )
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    return buf.getvalue()
