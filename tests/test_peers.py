"""The peer comparison: R surveillance's weekly methods and ours on the same series, at equal false alerts."""

from __future__ import annotations

import json
import shutil

import pytest

from analytics.evaluation import peers
from analytics.evaluation.simulate import SCENARIOS


@pytest.mark.slow
def test_every_peer_runs_in_r_calibrated_to_the_product_share(tmp_path):
    if shutil.which("Rscript") is None:
        pytest.skip("R is not installed (.ci/run installs r-cran-surveillance)")
    rows, calibration = peers.evaluate_scenario(SCENARIOS[1], replicates=12, seed=5, work=tmp_path)
    table = {(r["method"], r["event"], r["k"]): r for r in rows}
    target = float(calibration["target"].iloc[0])
    assert 0.005 < target < 0.05
    calibrated = calibration[calibration["method"] != "rki"]  # rki runs as published: nothing to calibrate
    assert set(calibrated["method"]) == set(peers.PEERS) - {"rki"}
    # every method reaches the share, or is at its strictest (C1 alarms whenever its baseline weeks are all equal
    # and the week is above them, whatever its alpha)
    over = calibrated[calibrated["share"] > target + 1e-12]
    assert set(over["method"]) <= {"earsC_C1", "earsC_C2"} and (over["value"] < 1e-6).all(), over
    assert (calibrated["share"] >= 0.5 * target).all()  # calibrated, not silenced
    for method in ("count model", "NB GLR (ours)", *peers.PEERS):
        assert table[(method, "spike", 5)]["detected"] >= table[(method, "spike", 5)]["chance"]
    # the count model follows farringtonFlexible with Noufaily's settings to the letter: the same alarms on the
    # clean series; R's threshold is the loosest with that share, so on an event it can only alarm more
    assert (
        table[("count model", "spike", 1)]["false_alarm_weeks"]
        == table[("farrington_noufaily", "spike", 1)]["false_alarm_weeks"]
    )
    for event, k in [("spike", 3), ("spike", 5), ("step", 2)]:
        ours, theirs = table[("count model", event, k)], table[("farrington_noufaily", event, k)]
        assert ours["detected"] <= theirs["detected"] <= ours["detected"] + 0.2
    # a slow rise of 3 sd for 4–8 weeks: the GLR finds nearly all of them
    assert table[("NB GLR (ours)", "step", 3)]["detected"] >= 0.75


@pytest.mark.slow
def test_evaluate_peers_writes_the_table(tmp_path, capsys):
    if shutil.which("Rscript") is None:
        pytest.skip("R is not installed (.ci/run installs r-cran-surveillance)")
    from analytics.__main__ import main

    out = tmp_path / "peers.md"
    assert main(["evaluate", "--peers", "--quick", "--replicates", "6", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("| scenario | event | k |"))
    for method in (*peers.OURS, *peers.PEERS):
        assert f" {method} " in header
    rows = [line for line in text.splitlines() if line.startswith("| group | ")]
    assert [line.split(" | ")[1:3] for line in rows[:8]] == [["spike", str(k)] for k in peers.SPIKE_KS] + [
        ["step", str(k)] for k in peers.STEP_KS
    ]
    assert "alarming weeks per series-week" in text and "| community |" in text
    assert "peers: group done" in capsys.readouterr().err
    # the numbers behind the table, from the same run
    numbers = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert {row["method"] for row in numbers["peers"]} == {*peers.OURS, *peers.PEERS}
