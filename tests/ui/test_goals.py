"""The Goals screen, driven by keys as a person would."""

from __future__ import annotations

from textual.widgets import Static, Tree

from tests.ui.conftest import wait_idle


def tree_titles(app) -> list[str]:
    tree = app.screen.query_one(Tree)
    return [str(line.node.label) for line in tree._tree_lines]


async def test_demo_goals_are_listed(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        titles = " ".join(tree_titles(app))
        assert "Increase website traffic by 20%" in titles
        assert "Launch the product in Germany" in titles
        detail = str(app.screen.query_one("#detail-text", Static).render())
        assert "SMART" in detail
