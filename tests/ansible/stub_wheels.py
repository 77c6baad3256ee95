"""Tiny stand-in wheels (torch, corpusbox) so the converge test exercises the real pip install offline."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

# A `corpusbox` console script that answers `doctor --profile P --json` like the real one:
# JSON rows and a non-zero exit on any failed row. `cpu-dev` passes; any other profile reports
# the GPU count it cannot find, which is what a bare CI runner looks like to a GPU profile.
CLI_SOURCE = '''
import json, sys

def main():
    args = sys.argv[1:]
    if args[:1] != ["doctor"]:
        print("stub corpusbox: only `doctor` is implemented", file=sys.stderr)
        return 2
    profile = args[args.index("--profile") + 1] if "--profile" in args else "cpu-dev"
    ok = profile == "cpu-dev"
    rows = [{"name": "cpu.cores", "status": "pass", "observed": "2", "expected": ">= 2", "advice": ""}]
    if not ok:
        rows.append({"name": "gpu.count", "status": "fail", "observed": "unknown (no driver)", "expected": "8",
                     "advice": "Install the NVIDIA driver first (see gpu.driver)."})
    print(json.dumps({"profile": profile, "profile_source": "option", "status": "pass" if ok else "fail",
                      "nvidia_driver": "no NVIDIA driver", "rows": rows, "elapsed_s": 0.01}))
    return 0 if ok else 1
'''


def _digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(out_dir: Path, name: str, version: str, files: dict[str, str], scripts: dict[str, str]) -> Path:
    """Write a minimal pure-Python wheel and return its path."""
    dist = f"{name}-{version}.dist-info"
    entries = dict(files)
    entries[f"{dist}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    entries[f"{dist}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: stub\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    if scripts:
        lines = "".join(f"{cmd} = {target}\n" for cmd, target in scripts.items())
        entries[f"{dist}/entry_points.txt"] = "[console_scripts]\n" + lines
    record = [f"{path},{_digest(text.encode())},{len(text.encode())}" for path, text in entries.items()]
    entries[f"{dist}/RECORD"] = "\n".join(record + [f"{dist}/RECORD,,"]) + "\n"
    wheel = out_dir / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in entries.items():
            archive.writestr(path, text)
    return wheel


def build_wheelhouse(out_dir: Path, torch_version: str, corpusbox_version: str) -> Path:
    """A wheelhouse holding a stub torch and a stub corpusbox with a `corpusbox` command."""
    out_dir.mkdir(parents=True, exist_ok=True)
    build_wheel(out_dir, "torch", torch_version, {"torch/__init__.py": "STUB = True\n"}, {})
    build_wheel(
        out_dir,
        "corpusbox",
        corpusbox_version,
        {"corpusbox_stub_cli.py": CLI_SOURCE},
        {"corpusbox": "corpusbox_stub_cli:main"},
    )
    return out_dir
