"""The README's drafters' example is a working test case (run by the drafters' own command)."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_readme_yaml_example_passes_openfisca_test(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    assert blocks, "the README has no YAML example"
    case = tmp_path / "readme_example.yaml"
    case.write_text(blocks[0], encoding="utf-8")
    openfisca = pathlib.Path(sys.executable).with_name("openfisca")
    result = subprocess.run(
        [str(openfisca), "test", str(case), "-c", "openfisca_arbeidsmigratie"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert re.search(r"\b3 passed\b", result.stdout), result.stdout[-1000:]
