"""The new-goal wizard: one screen in steps, from the ambition to a plan checked as SMART."""
