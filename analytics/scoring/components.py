"""The score's components, from a matter's features to points: one column per component.

Every rule is monotone: more recurrence, more people or a higher level never
lower a score (a property test checks).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LEVELS = ("street", "district", "city", "province", "national")
COMPONENTS = ("category", "people", "recurrence", "level", "overdue", "trend", "sensitive_period", "place", "screening")


def contributions(
    features: pd.DataFrame,
    weights: dict,
    *,
    group_size: int,
    sensitive_level: int | None,
    relative_risk: pd.Series | None = None,
) -> pd.DataFrame:
    w = weights
    people = features["people"].astype(float)
    recent, earlier = features["last_30_days"].astype(float), features["days_31_to_90"].astype(float)
    extra_petitioners = np.maximum(features["petitioners"].astype(float) - 1, 0)
    raw = (
        w["recurrence"]["last_30_days"] * recent
        + w["recurrence"]["days_31_to_90"] * earlier
        + w["recurrence"]["per_extra_petitioner"] * extra_petitioners
    )
    # Accelerating: the last 30 days against the 30-day average of the 60 before. The bonus
    # grows to full over two petitions, and falls by at most a quarter of it per earlier
    # petition, less than an earlier petition adds, so more petitions never lower the score.
    acceleration = np.clip((recent - earlier / 2 - 1) / 2, 0, 1)
    calming = (recent == 0) & (earlier > 0)
    trend_raw = w["trend"]["accelerating"] * acceleration + np.where(calming, w["trend"]["calming"], 0.0)
    # recurrence and trend share one cap, so that the pair never falls as petitions are added
    recurrence = np.minimum(raw, w["recurrence"]["cap"])
    trend = np.minimum(raw + trend_raw, w["recurrence"]["cap"]) - recurrence
    sensitive = 0.0 if sensitive_level is None else w["sensitive"][f"level_{int(sensitive_level)}"]
    risk = relative_risk if relative_risk is not None else pd.Series(1.0, index=features.index)
    place = np.clip(w["place"]["per_doubling"] * np.log2(risk.clip(lower=1e-9)), 0, w["place"]["cap"])
    points = pd.DataFrame(
        {
            "category": features["category"].map(w["category"]).fillna(w["category"]["other"]).astype(float),
            "people": w["people"]["per_doubling"] * np.log2(1 + people)
            + np.where(features["petition_people"] >= group_size, w["people"]["group_bonus"], 0.0),
            "recurrence": recurrence,
            "level": features["level_rank"].astype(int).map(lambda r: w["level"][LEVELS[r]]).astype(float),
            "overdue": np.minimum(
                w["overdue"]["per_day"] * features["overdue_days"].astype(float).clip(lower=0), w["overdue"]["cap"]
            ),
            "trend": trend,
            "sensitive_period": np.full(len(features), float(sensitive)),
            "place": np.asarray(place, dtype=float),
            "screening": features["severity_max"]
            .astype(int)
            .map(lambda s: w["screening"].get(f"severity_{s}", 0))
            .astype(float),
        },
        index=features.index,
    )
    return points.round(2)
