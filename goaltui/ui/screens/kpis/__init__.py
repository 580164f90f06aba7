"""Screen 3, the KPIs: one row each with its reading and sparkline, filters and sorting."""
