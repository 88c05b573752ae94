"""The type every detector returns: one episode firing on the day the detectors run as of.

``kind`` names the detector; ``episode_key`` tells one episode from another of the same kind (a matter, a
petition, a place × category); ``detected_on`` is the first day (at most the run's day) on which it fired.
``summary_key`` and ``summary_values`` make the one-line summary in the reader's language, ``evidence`` the
numbers behind it. ``analytics.alerts.record`` keeps each episode once, as an alert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Signal:
    kind: str
    episode_key: str
    grade: str
    community_id: int
    group_ids: list[int]
    category: str | None
    matter_id: str | None
    detected_on: date
    summary_key: str
    summary_values: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)
