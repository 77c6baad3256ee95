"""`corpusbox telemetry`: take, show and serve GPU/host telemetry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from appliance.cli.common import acting, JsonOpt, console, emit_json, print_table

if TYPE_CHECKING:
    from appliance.hardware.telemetry.models import TelemetrySample

app = typer.Typer(help="GPU and host telemetry: sample, show recent samples, serve /metrics.",
                  no_args_is_help=True)


def _rows(samples: list[TelemetrySample]) -> list[dict]:
    """One table row per sample (GPU columns summarised)."""
    from datetime import datetime

    rows = []
    for s in samples:
        temps = [g.temperature_c for g in s.gpus if g.temperature_c is not None]
        utils = [g.utilization_pct for g in s.gpus if g.utilization_pct is not None]
        rows.append({
            "time": datetime.fromtimestamp(s.ts).strftime("%H:%M:%S"),
            "cpu": f"{s.cpu_percent:.0f}%",
            "ram": f"{s.memory_used_bytes / 2**30:.1f}/{s.memory_total_bytes / 2**30:.0f} GiB",
            "disk": f"{s.disk_used_bytes / max(s.disk_total_bytes, 1):.0%}",
            "net_rx": "-" if s.net_rx_bps is None else f"{s.net_rx_bps / 1e6:.1f} MB/s",
            "gpus": str(len(s.gpus)) if s.gpus else "none",
            "gpu_util": f"{sum(utils) / len(utils):.0f}%" if utils else "-",
            "gpu_max_temp": f"{max(temps)} C" if temps else "-",
        })
    return rows


_COLUMNS = ["time", "cpu", "ram", "disk", "net_rx", "gpus", "gpu_util", "gpu_max_temp"]


@app.command("sample")
def sample(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Take one sample now and keep it."""
    from appliance.hardware import api

    box, _ = acting(ctx, "box.read")
    taken = api.take_sample(box.settings)
    if as_json:
        emit_json(taken)
        return
    print_table(_rows([taken]), _COLUMNS)
    if taken.nvml_error:
        console.print(f"GPU: {taken.nvml_error}")


@app.command("show")
def show(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many recent samples.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Show the most recent samples (oldest first)."""
    from appliance.hardware import api

    box, _ = acting(ctx, "box.read")
    samples = api.recent(box.settings, limit)
    if as_json:
        emit_json(samples)
    else:
        print_table(_rows(samples), _COLUMNS, title="telemetry",
                    empty="no samples yet: run `corpusbox telemetry sample` or `corpusbox up`")


@app.command("serve")
def serve(
    ctx: typer.Context,
    port: Annotated[int | None, typer.Option("--port", help="Port; default hardware.metrics_port.")] = None,
    host: Annotated[str, typer.Option("--host", help="Bind address (loopback unless scraped remotely).")]
    = "127.0.0.1",
) -> None:
    """Sample continuously and serve Prometheus /metrics until interrupted."""
    from appliance.hardware.telemetry.exporter import Exporter

    box, _ = acting(ctx, "box.manage")
    settings = box.settings
    hw = settings.hardware
    exporter = Exporter(settings.home, port or hw.metrics_port, host, hw.telemetry_interval_s,
                        hw.telemetry_retention_samples)
    console.print(f"serving http://{host}:{exporter.port}/metrics every {hw.telemetry_interval_s:g} s "
                  f"(Ctrl-C stops)")
    exporter.serve_forever()
