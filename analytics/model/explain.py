"""Why the model gives an item its probability: what each input adds against a typical matter.

For each input in turn the item's value is replaced by the typical one (the
training median; the commonest category), and the change in probability is
that input's effect: positive when the item's value raised the probability.
Season's two coordinates move together. Effects do not add up to the
probability exactly (the model is not additive); they rank what mattered.
"""

from __future__ import annotations

import numpy as np

from .features import FEATURES

# inputs explained together, as one line
JOINT = {"season": ("season_sin", "season_cos")}
SHOWN = 3  # effects listed each way


def _units() -> list[tuple[str, list[int]]]:
    joined = {name for names in JOINT.values() for name in names}
    units = [(name, [FEATURES.index(n) for n in names]) for name, names in JOINT.items()]
    units += [(name, [i]) for i, name in enumerate(FEATURES) if name not in joined]
    return units


def effects(estimator, X: np.ndarray) -> list[list[tuple[str, float]]]:
    """Per row of ``X``: (input name, effect on the probability), largest in size first."""
    X = np.asarray(X, dtype=float)
    if not len(X):
        return []
    units = _units()
    base = estimator.predict_proba(X)[:, 1]
    typical = []
    for _, columns in units:
        changed = X.copy()
        changed[:, columns] = estimator.reference_[columns]
        typical.append(changed)
    shifted = estimator.predict_proba(np.vstack(typical))[:, 1].reshape(len(units), len(X))
    out = []
    for row in range(len(X)):
        found = [(name, float(base[row] - shifted[k, row])) for k, (name, _) in enumerate(units)]
        out.append(sorted(found, key=lambda pair: -abs(pair[1])))
    return out


def top(found: list[tuple[str, float]], least: float = 0.005) -> tuple[list, list]:
    """(raised, lowered): up to SHOWN inputs each way whose effect is at least ``least``."""
    raised = [pair for pair in found if pair[1] >= least][:SHOWN]
    lowered = [pair for pair in found if pair[1] <= -least][:SHOWN]
    return raised, lowered


def shown_value(name: str, inputs: dict, lang: str) -> str:
    """An input's value for the item, as a reader would say it."""
    import math

    from ..i18n import t
    from ..taxonomy import CATEGORIES, LEVELS, label

    if name == "season":
        angle = math.atan2(inputs["season_sin"], inputs["season_cos"]) % (2 * math.pi)
        return t(f"month.{int(angle / (2 * math.pi) * 12) + 1}", lang)
    value = inputs[name]
    if name == "category":
        return label(CATEGORIES, value, lang)
    if name == "level_rank":
        return label(LEVELS, list(LEVELS)[int(value)], lang)
    if name == "last_answer":
        return t(f"answer.{int(value)}", lang)
    if name in ("resolved", "from_screening"):
        return t("forecast.yes" if value else "forecast.no", lang)
    if name == "relative_risk":
        return f"{float(value):.2f}"
    if name == "days_since_answer" and value < 0:
        return "—"
    if name == "days_to_sensitive" and value >= 366:
        return "—"
    return f"{int(value)}" if float(value).is_integer() else f"{float(value):.1f}"


def in_words(forecast, lang: str) -> list[tuple[str, float, str]]:
    """Each input that moved ``forecast`` (a row of ``predict_open``), as (bar label, effect, sentence).

    The item's value stands beside a typical matter's and the sentence says which way the *chance of a new
    escalation* moved, so that "more petitions lowered it" cannot be read as "more petitions, less risk"."""
    from ..i18n import t

    out = []
    for name, effect in [*forecast["raised"], *forecast["lowered"]]:
        values = {
            "name": t(f"feature.{name}", lang),
            "value": shown_value(name, forecast["inputs"], lang),
            "typical": shown_value(name, forecast["typical"], lang),
        }
        key = "forecast.raised_by" if effect > 0 else "forecast.lowered_by"
        out.append(
            (t("forecast.bar", lang, **values), effect, t(key, lang, points=f"{abs(100 * effect):.0f}", **values))
        )
    return out
