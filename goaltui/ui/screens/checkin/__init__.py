"""Screen 4, the daily check-in: KPI values, steps and a word per goal in one pass."""
