"""`schedule init --list` and `--blank`: a newcomer's first minutes."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.helpers import run

ROOT = Path(__file__).resolve().parent.parent


def test_list_names_each_bundled_example_with_its_title() -> None:
    result = run("init", "--list")
    assert result.exit_code == 0
    # every folder of calendars/ with a scenario.yaml, each with the title written in it
    expected = {
        folder.name: yaml.safe_load((folder / "scenario.yaml").read_text("utf-8"))["title"]
        for folder in sorted((ROOT / "calendars").iterdir())
        if (folder / "scenario.yaml").is_file()
    }
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected) >= 1
    for line, (name, title) in zip(lines, expected.items(), strict=True):
        assert line.split()[0] == name
        assert line.endswith(f"  {title}")
    assert "korea-us-2025" in expected


def test_blank_writes_a_template_that_validates_without_warnings_and_proposes(tmp_path: Path) -> None:
    folder = tmp_path / "first"
    assert run("init", folder, "--blank").exit_code == 0
    scenario = folder / "scenario.yaml"
    assert [p.name for p in folder.iterdir()] == ["scenario.yaml"]
    text = scenario.read_text("utf-8")
    # every top-level key a first scenario needs is there, each commented
    for key in ("version:", "title:", "as_of:", "timezone:", "places:", "travel:", "leaders:", "venues:", "meetings:"):
        assert f"\n{key}" in text or text.startswith(key), key
    validated = run("validate", scenario)
    assert validated.exit_code == 0, validated.output
    assert validated.stderr == ""  # no warnings: no unused leader or venue
    proposed = run("propose", scenario, "--json")
    assert proposed.exit_code == 0, proposed.output
    answer = json.loads(proposed.stdout)["proposals"][0]
    # as_of Mon 5 Jan 2026 09:00 Brussels + notice 1 week = Mon 12 Jan 09:00 CET, a weekday inside the
    # venue's 09:00–18:00 and the host's 08:00–20:00, no Belgian or Canadian holiday. The guest's
    # Brussels stop runs Mon 12 Jan 08:00 – Wed 14 Jan 18:00, so the first start the notice allows lies
    # inside it: the answer, with nothing assumed about where the guest is.
    assert answer["start"] == "2026-01-12T09:00:00+01:00"
    assert answer["venue"] == "brussels-visit"
    assert answer["assumptions"] == []


def test_blank_and_example_together_are_refused(tmp_path: Path) -> None:
    result = run("init", tmp_path / "x", "--blank", "--example", "korea-us-2025")
    assert result.exit_code == 2
    assert "choose --blank or --example, not both" in result.stderr
    assert not (tmp_path / "x").exists()


def test_blank_never_overwrites_without_force(tmp_path: Path) -> None:
    (tmp_path / "scenario.yaml").write_text("mine", encoding="utf-8")
    result = run("init", tmp_path, "--blank")
    assert result.exit_code == 2
    assert (tmp_path / "scenario.yaml").read_text("utf-8") == "mine"
    assert run("init", tmp_path, "--blank", "--force").exit_code == 0
    assert (tmp_path / "scenario.yaml").read_text("utf-8").startswith("# A first scenario")
