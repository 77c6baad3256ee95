"""The compliance report as a PDF (English or Chinese): summary, chain status, charts, a table per section."""

from __future__ import annotations

import io
import json
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Image, KeepTogether, SimpleDocTemplate, Spacer

from appliance.reports import charts
from appliance.reports.fonts import pdf_fonts
from appliance.reports.i18n import COLUMNS_ZH, SECTIONS, TEXT, column, section_title, t
from appliance.reports.model import ComplianceReport, Section
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

MAX_ROWS = 60


def _all_text(report: ComplianceReport, lang: str) -> str:
    labels = [v.get(lang, v["en"]) for v in TEXT.values()] + [v.get(lang, v["en"]) for v in SECTIONS.values()]
    columns = list(COLUMNS_ZH.values()) if lang == "zh" else []
    return json.dumps(report.to_dict(), ensure_ascii=False) + "".join(labels + columns)


def _image(png: bytes, width: float = WIDTH) -> Image:
    img = Image(io.BytesIO(png))
    scale = width / img.imageWidth
    img.drawWidth, img.drawHeight = width, img.imageHeight * scale
    return img


def _chain_block(report: ComplianceReport, st: Styles, lang: str) -> list[Any]:
    v = report.chain["verification"]
    head = report.chain.get("head") or {}
    status = t("chain_ok", lang) if v["ok"] else t("chain_bad", lang)
    out: list[Any] = [
        p(f"{t('chain', lang)}: {status}", st.good if v["ok"] else st.bad),
        p(
            t(
                "chain_detail",
                lang,
                events=v["events_checked"],
                heads=v["heads_checked"],
                seq=v["last_seq"],
                hash=v["last_hash"][:16] + "…",
            ),
            st.body,
        ),
    ]
    if v.get("first_bad"):
        bad = v["first_bad"]
        out.append(p(t("first_bad", lang, seq=bad["seq"], kind=bad["kind"], message=bad["message"]), st.bad))
    if head:
        out.append(
            p(
                f"{t('signed_head', lang)}: #{head['seq']} {head['hash'][:16]}… {head['signed_at'][:19]} · "
                f"{t('signing_key', lang)} {head['key_id']}",
                st.small,
            )
        )
    return out


def _summary(report: ComplianceReport, st: Styles, lang: str) -> list[Any]:
    s, m = report.summary, report.meta
    counts = " · ".join(f"{column(k, lang)} {s[k]}" for k in ("ok", "refused", "failed"))
    pairs = [
        (t("box", lang), f"{m.get('box_name', '')} ({m.get('box_id', '')})"),
        (t("period", lang), f"{report.period['from']} – {report.period['to']}"),
        (t("generated", lang), fmt_value(m.get("generated_at"), lang) + " UTC"),
        (t("generated_by", lang), f"{m.get('generated_by')} ({m.get('generated_role')})"),
        (t("events", lang), f"{s['events']}  ({counts})"),
        (t("users_active", lang), str(s["users"])),
    ]
    return [p(t("title", lang), st.title), key_value_table(pairs, st), Spacer(1, 4 * mm)]


def _section(sec: Section, st: Styles, lang: str) -> list[Any]:
    # A heading never sits alone at the bottom of a page; long tables still split across pages.
    head = [CondPageBreak(35 * mm), p(section_title(sec.key, lang), st.h1)]
    if not sec.rows:
        return [KeepTogether([*head, p(sec.note or t("no_data", lang), st.small)])]
    rows = sec.rows
    if sec.key == "activity_per_day":  # the chart shows every day; the table only the active ones
        rows = [r for r in rows if r["events"]]
    out: list[Any] = [*head, data_table(sec.columns, rows[:MAX_ROWS], st, lang)]
    if len(rows) > MAX_ROWS:
        out.append(p(t("more_rows", lang, n=len(rows) - MAX_ROWS), st.small))
    if len(rows) < len(sec.rows):
        out.append(p(t("quiet_days", lang, n=len(sec.rows) - len(rows)), st.small))
    if sec.totals:
        totals = ", ".join(
            f"{column(k, lang)} {fmt_value(v, lang)}" for k, v in sec.totals.items() if v is not None
        )
        out.append(p(f"{t('totals', lang)}: {totals}", st.small))
    return out


def _charts(report: ComplianceReport, lang: str) -> list[Any]:
    out: list[Any] = [
        _image(
            charts.activity_chart(report.section("activity_per_day").rows, t("chart_activity", lang), lang)
        )
    ]
    findings = report.section("findings_by_entity").rows
    if findings:
        out += [Spacer(1, 3 * mm), _image(charts.findings_chart(findings, t("chart_findings", lang)))]
    return out


def render_compliance_pdf(report: ComplianceReport, lang: str = "en") -> bytes:
    """The whole report as PDF bytes."""
    fonts = pdf_fonts(_all_text(report, lang))
    st = Styles(fonts)
    story: list[Any] = _summary(report, st, lang) + _chain_block(report, st, lang) + [Spacer(1, 3 * mm)]
    story += _charts(report, lang)
    for sec in report.sections:
        story += _section(sec, st, lang)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=t("title", lang),
        author="CorpusBox",
        subject=f"{report.period['from']} – {report.period['to']}",
    )
    m = report.meta
    text = f"CorpusBox · {m.get('box_id', '')} · {report.period['from']} – {report.period['to']}"
    draw = footer(text, fonts, lambda n: f"{t('page', lang)} {n} {t('page_suffix', lang)}".strip())
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    return buf.getvalue()
