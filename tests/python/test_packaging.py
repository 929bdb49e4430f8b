"""The wheel built from the repository carries the law (parameters/ and variables/) and the machinery."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import tomllib
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _python_packages_on_disk() -> set[str]:
    found = set()
    for init in (ROOT / "openfisca_arbeidsmigratie").rglob("__init__.py"):
        if "__pycache__" in init.parts:
            continue
        relative = init.parent.relative_to(ROOT)
        found.add(".".join(relative.parts))
    return found


def test_every_machinery_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    missing = _python_packages_on_disk() - listed
    assert not missing, f"add these packages to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("openfisca_arbeidsmigratie-*.whl")
    return zipfile.ZipFile(path)


@pytest.mark.parametrize(("folder", "pattern"), [("parameters", "*.yaml"), ("variables", "*.py")])
def test_wheel_carries_every_law_file(wheel, folder, pattern):
    names = set(wheel.namelist())
    law_files = [p for p in (ROOT / folder).rglob(pattern) if "__pycache__" not in p.parts]
    assert law_files
    missing = [
        str(p.relative_to(ROOT))
        for p in law_files
        if f"openfisca_arbeidsmigratie/{folder}/{p.relative_to(ROOT / folder).as_posix()}" not in names
    ]
    assert not missing, f"files missing from the wheel: {missing}"
