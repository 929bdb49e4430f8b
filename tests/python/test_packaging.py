"""The wheel built from the repository carries the law (parameters/ and variables/) and the machinery."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile

import pytest
from test_yaml_runner import yaml_case_count

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
    # Built from a copy without build/ and *.egg-info: setuptools would otherwise put the stale files
    # of an earlier build (a law file since deleted, say) into the wheel.
    source = tmp_path_factory.mktemp("source") / "repo"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__")
    )
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
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


def test_openfisca_test_runs_from_a_copy_of_the_tests_against_the_installed_wheel(wheel, tmp_path):
    """A user with the wheel and a copy of tests/ (no repository): `openfisca test tests -c
    openfisca_arbeidsmigratie` collects and passes every YAML case, with the package of the wheel."""
    site = tmp_path / "site"
    wheel.extractall(site)  # a pure-Python wheel: unpacked = installed
    shutil.copytree(ROOT / "tests", tmp_path / "copy" / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    # -S: without site's .pth files, so that an editable install of the repository is not found;
    # the dependencies come from this environment's site-packages, after the wheel.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), sysconfig.get_paths()["purelib"]])}
    where = subprocess.run(
        [sys.executable, "-S", "-c", "import openfisca_arbeidsmigratie as p; print(p.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    )
    assert where.stdout.startswith(str(site))
    run = subprocess.run(
        [sys.executable, "-S", "-c", "from openfisca_core.scripts.openfisca_command import main; main()",
         "test", "tests", "-c", "openfisca_arbeidsmigratie"],
        cwd=tmp_path / "copy", env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert f"{yaml_case_count(ROOT / 'tests' / 'yaml')} passed" in run.stdout.strip().splitlines()[-1]
