"""bench/model_choice.py: which escalation learner ships, from the per-street comparison."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bench.model_choice import compare, render


def line(street, difference, low, high):
    return {
        "street": street,
        "rows": 1000,
        "escalations": 40,
        "ensemble_aupr": 0.2 + difference,
        "linear_aupr": 0.2,
        "ensemble_bss": 0.1,
        "linear_bss": 0.1,
        "difference": difference,
        "difference_low": low,
        "difference_high": high,
    }


def test_the_ensemble_ships_only_when_it_leads_beyond_the_spread_and_trails_clearly_nowhere():
    leads = [line(f"s{k}", d, d - 0.02, d + 0.02) for k, d in enumerate([0.02, 0.03, 0.01, -0.002, 0.025])]
    text, verdict = render(leads)
    assert verdict["ships"] == "ensemble" and "the ensemble ships" in text
    assert round(verdict["mean_difference"], 4) == round(np.mean([0.02, 0.03, 0.01, -0.002, 0.025]), 4)
    # one street where the logistic regression is clearly ahead (its interval below zero)
    text, verdict = render(leads[:-1] + [line("s9", -0.03, -0.05, -0.01)])
    assert verdict["ships"] == "logistic_regression" and "the logistic regression ships" in text
    # a lead within the spread
    text, verdict = render([line(f"s{k}", d, -0.05, 0.05) for k, d in enumerate([0.03, -0.02, 0.01, -0.015])])
    assert verdict["ships"] == "logistic_regression"


def test_compare_scores_both_learners_and_resamples_whole_matters():
    rng = np.random.default_rng(3)
    matters = np.repeat(np.arange(200), 5)
    truth = (rng.random(1000) < 0.1).astype(int)
    good = truth * 0.6 + rng.random(1000) * 0.4  # ranks escalations higher
    noise = rng.random(1000)
    predictions = pd.DataFrame(
        {
            "matter_id": matters.astype(str),
            "escalated": truth,
            "model": good,
            "logistic_regression": noise,
            "climatology": np.full(1000, truth.mean()),
        }
    )
    found = compare(predictions, replicates=50, seed=1)
    assert found["rows"] == 1000 and found["escalations"] == int(truth.sum())
    assert found["ensemble_aupr"] > 0.9 > found["linear_aupr"]
    assert found["difference_low"] > 0.5 and found["difference_low"] <= found["difference"] <= found["difference_high"]
