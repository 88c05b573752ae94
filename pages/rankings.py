"""The address /rankings: handed to the router on a server's first run (see ui/first_run.py)."""
from ui.first_run import hand_over

hand_over()
