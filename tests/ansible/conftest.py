"""The converge scratch, shared by every module of tests/ansible (site.yml runs twice, once per session)."""

from __future__ import annotations

import pytest

from tests.ansible.scratch import Scratch, converge


@pytest.fixture(scope="package")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Scratch:
    """site.yml converged twice onto a pair member and a single box (see tests/ansible/scratch.py)."""
    return converge(tmp_path_factory.mktemp("converge"))
