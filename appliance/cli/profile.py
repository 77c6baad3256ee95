"""`corpusbox profile`: the shipped hardware profiles and which one fits this machine."""

from __future__ import annotations

from typing import Annotated

import typer

from appliance.cli.common import JsonOpt, acting, console, emit_json, print_table

app = typer.Typer(help="Hardware profiles: list, show, detect the best match, launch settings.",
                  no_args_is_help=True)


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the shipped profiles."""
    acting(ctx, "box.read")
    import firmware_profiles

    rows = [{"name": p.name, "gpus": f"{p.gpu.count}x {p.gpu.model}" if p.gpu.count else "-",
             "rdma": (f"{p.infiniband.hca_count}x {p.infiniband.rate_gbps}G"
                      if p.infiniband.hca_count else "-"),
             "description": p.description} for p in firmware_profiles.load_all()]
    if as_json:
        emit_json(rows)
    else:
        print_table(rows, ["name", "gpus", "rdma", "description"], title="hardware profiles")


@app.command("show")
def show(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Profile name.")],
         as_json: JsonOpt = False) -> None:
    """Show every key of one profile."""
    acting(ctx, "box.read")
    import yaml

    import firmware_profiles

    profile = firmware_profiles.load_profile(name)
    if as_json:
        emit_json(profile)
    else:
        console.print(yaml.safe_dump(profile.model_dump(mode="json"), sort_keys=False))


@app.command("detect")
def detect(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Detect this machine's hardware and rank the profiles against it."""
    from appliance.hardware import api

    box, _ = acting(ctx, "box.read")
    report = api.detect(box.settings)
    if as_json:
        emit_json(report)
        return
    nvml = report.facts.nvml
    console.print(f"GPU: {nvml.driver_version and f'driver {nvml.driver_version}' or nvml.error}; "
                  f"{len(nvml.gpus)} GPU(s), {len(report.facts.ib_ports)} RDMA port(s)")
    print_table([{"profile": m.profile, "score": m.score, "reasons": "; ".join(m.reasons)}
                 for m in report.ranking], ["profile", "score", "reasons"])
    console.print(f"best match: {report.best}")


@app.command("launch")
def launch(
    ctx: typer.Context,
    profile: Annotated[str | None, typer.Option("--profile", "-p", help="Profile; as doctor.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the NCCL environment and the Ray/DeepSpeed resource view derived for this box."""
    from appliance.hardware import api

    box, _ = acting(ctx, "box.read")
    settings = api.launch_settings_for(box.settings, profile)
    if as_json:
        emit_json(settings)
        return
    console.print(f"profile {settings.profile}: backend {settings.backend}, "
                  f"world size {settings.world_size}, "
                  f"fp8 {'on' if settings.fp8 else 'off'}")
    for key, value in sorted(settings.env.items()):
        console.print(f"export {key}={value}")
    ray = settings.ray
    console.print(f"ray: num_gpus={ray.num_gpus} num_cpus={ray.num_cpus} "
                  f"memory={ray.memory_bytes / 2**30:.1f}GiB custom={ray.custom}")
    for warning in settings.warnings:
        console.print(f"warning: {warning}")
