"""Static checks of ansible/: ansible-lint (production profile), syntax of every playbook, role layout."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.ansible.ansible_helpers import ANSIBLE_DIR, PLAYBOOKS, require_tool, run

ROLES = sorted(p for p in (ANSIBLE_DIR / "roles").iterdir() if p.is_dir())
REFERENCE = ANSIBLE_DIR / "inventory.example" / "single" / "group_vars" / "all"


def test_when_linted_with_the_production_profile_then_nothing_is_reported() -> None:
    done = run([require_tool("ansible-lint"), "--profile", "production", "--offline", "--nocolor"], timeout=300)
    assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]


def test_when_syntax_checked_then_every_playbook_parses() -> None:
    inventory = ANSIBLE_DIR / "inventory.example" / "pair" / "hosts.yml"
    done = run([require_tool("ansible-playbook"), "-i", str(inventory), "--syntax-check",
                *[str(p) for p in PLAYBOOKS]])
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(PLAYBOOKS) >= 9


def test_when_site_runs_then_it_imports_every_area_playbook() -> None:
    site = yaml.safe_load((ANSIBLE_DIR / "playbooks" / "site.yml").read_text())
    imported = {step["ansible.builtin.import_playbook"] for step in site}
    areas = {p.name for p in PLAYBOOKS} - {"site.yml"}
    assert imported == areas


@pytest.mark.parametrize("role", ROLES, ids=lambda p: p.name)
def test_when_a_role_ships_then_it_has_defaults_tasks_meta_and_readme(role) -> None:  # noqa: ANN001
    for rel in ("defaults/main.yml", "tasks/main.yml", "meta/main.yml", "README.md"):
        assert (role / rel).exists(), f"{role.name} lacks {rel}"


def _knobs(role) -> dict[str, bool]:  # noqa: ANN001
    """Each top-level key of defaults/main.yml -> whether a comment line precedes it (its documentation)."""
    lines = (role / "defaults" / "main.yml").read_text().splitlines()
    knobs = {}
    for i, line in enumerate(lines):
        match = re.match(r"^([a-z][a-z0-9_]*):", line)
        if match:
            before = [ln for ln in lines[max(0, i - 12):i] if ln.strip()]
            knobs[match.group(1)] = any(ln.startswith("#") for ln in before)
    return knobs


@pytest.mark.parametrize("role", ROLES, ids=lambda p: p.name)
def test_when_a_role_has_knobs_then_each_is_prefixed_and_documented(role) -> None:  # noqa: ANN001
    knobs = _knobs(role)
    assert knobs, f"{role.name} has no knobs"
    assert [k for k in knobs if not k.startswith(role.name + "_")] == []
    assert [k for k, documented in knobs.items() if not documented] == []


@pytest.mark.parametrize("role", ROLES, ids=lambda p: p.name)
def test_when_a_role_has_knobs_then_the_example_inventory_lists_them(role) -> None:  # noqa: ANN001
    reference = REFERENCE / f"{role.name}.yml"
    assert reference.exists(), f"inventory.example lacks {reference.relative_to(ANSIBLE_DIR)}"
    text = reference.read_text()
    missing = [k for k in _knobs(role) if not re.search(rf"^#? ?{k}:", text, flags=re.M)]
    assert missing == []


def test_when_example_vault_ships_then_it_holds_placeholders_only() -> None:
    for example in (ANSIBLE_DIR / "inventory.example").rglob("vault.yml.example"):
        values = yaml.safe_load(example.read_text())
        assert values and all(str(v).startswith("CHANGE_ME") for v in values.values()), example
    assert "vault.yml" in (ANSIBLE_DIR / ".gitignore").read_text()
