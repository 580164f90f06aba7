"""goaltui: SMART goals, reverse planning and KPI check-ins in the terminal."""

__version__ = "0.1.0"
