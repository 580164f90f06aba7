"""goaltui's own commands in the command palette (ctrl+p)."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider

COMMANDS = (
    ("New goal", "new_goal", "Create a SMART goal with the wizard"),
    ("Check-in", "switch_mode('checkin')", "Record today's values, steps and confidence"),
    ("Goals screen", "switch_mode('goals')", "The goal tree and details"),
    ("Timeline screen", "switch_mode('timeline')", "Milestones and steps in time"),
    ("KPIs screen", "switch_mode('kpis')", "Every KPI against its pace line"),
    ("Review screen", "switch_mode('review')", "Reflect on a period's evidence"),
    ("Undo", "undo", "Take back the last change made in the dashboard (ctrl+z)"),
    ("Redo", "redo", "Make again the change undone last (ctrl+y)"),
    ("Export a report", "export_report", "Write the markdown report beside the database"),
    ("Change theme", "change_theme", "Pick one of Textual's themes (remembered)"),
    ("Load demo goals", "load_demo", "Fill an empty database with examples"),
    ("Help", "help", "The keys of this screen and the global ones"),
)


class GoalCommands(Provider):
    """Commands for goals, screens, the report and the theme."""

    async def discover(self) -> Hits:
        for name, action, help_text in COMMANDS:
            yield Hit(1.0, name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self.app.run_action, action),
                    help=help_text,
                )
