"""The package as another handbook installs it: the sdist, the wheel built from it,
and the command line run from that wheel alone.

``python -m build`` makes the sdist of a copy of the working tree, then the wheel
from the sdist (as a package index would), in an isolated environment from the
package index. The wheel is installed without dependencies into a folder put
first on ``PYTHONPATH``, so the test's own editable install is not what runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import REPO_ROOT
from working_tree import copy_working_tree

from clinical_handbook import __version__

pytestmark = pytest.mark.slow

STARTER = REPO_ROOT / "extensions" / "starter"


def starter_files() -> set[str]:
    return {p.relative_to(STARTER).as_posix() for p in STARTER.rglob("*") if p.is_file()}


def test_the_wheel_holds_the_starter_and_its_command_line_works(tmp_path: Path) -> None:
    source = copy_working_tree(tmp_path / "source")
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(source)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    name = f"clinical_handbook_sphinx-{__version__}"
    (sdist,) = dist.glob("*.tar.gz")
    (wheel,) = dist.glob("*.whl")
    assert (sdist.name, wheel.name) == (f"{name}.tar.gz", f"{name}-py3-none-any.whl")

    with tarfile.open(sdist) as archive:
        in_sdist = set(archive.getnames())
    assert {f"{name}/extensions/starter/{f}" for f in starter_files()} <= in_sdist
    assert f"{name}/extensions/cli.py" in in_sdist

    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
        entry_points = archive.read(f"{name}.dist-info/entry_points.txt").decode()
    in_starter = {n.removeprefix("clinical_handbook/starter/") for n in in_wheel}
    assert starter_files() <= in_starter
    assert {"clinical_handbook/cli.py", "clinical_handbook/cli_formats.py"} <= in_wheel
    assert "clinical_handbook/static/handbook-print.css" in in_wheel
    assert "[console_scripts]\nclinical-handbook = clinical_handbook.cli:main\n" in entry_points

    site = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, wheel],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("GITHUB_ACTIONS", None)
    where = subprocess.run(
        [sys.executable, "-c", "import clinical_handbook; print(clinical_handbook.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip() == str(site / "clinical_handbook" / "__init__.py")

    script = site / "bin" / "clinical-handbook"
    new = subprocess.run(
        [sys.executable, script, "new", "book"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert new.returncode == 0, new.stderr
    assert (tmp_path / "book/.github/workflows/handbook.yml").is_file()
    check = subprocess.run(
        [sys.executable, script, "check", "book"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert (check.returncode, check.stderr) == (0, "")
    assert check.stdout.splitlines()[-1] == "check: no problems"
