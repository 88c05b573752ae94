"""How well the detectors work: simulated outbreaks, demo streets with injected events, real data."""
