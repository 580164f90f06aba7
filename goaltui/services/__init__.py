"""Use cases shared by the command line and the screens.

:class:`GoalService` (in :mod:`goaltui.services.goal_service`) offers every
operation over one database; each kind of work has a module of its own:

- :mod:`~goaltui.services.goals`: goals, their place in the tree, status, deletion
- :mod:`~goaltui.services.overview`: the goal tree with progress, one goal's detail
- :mod:`~goaltui.services.readings`: each KPI's status, progress and series
- :mod:`~goaltui.services.kpis`: KPIs and their recorded values
- :mod:`~goaltui.services.milestones`: milestones and steps
- :mod:`~goaltui.services.checkin`: what is due today, the check-in, the streak
- :mod:`~goaltui.services.review`: reviews; :mod:`~goaltui.services.evidence` the data behind them
- :mod:`~goaltui.services.revisions`: the reasons kept for changed dates and targets
- :mod:`~goaltui.services.plan`: the plan in time (the timeline)
- :mod:`~goaltui.services.wins`: what a goal has reached, as text to share
- :mod:`~goaltui.services.database`: the database as a whole (backup, import)
- :mod:`~goaltui.services.exchange`: exports and import; :mod:`~goaltui.services.demo` demo goals

They return plain objects and never import Textual.
"""

from goaltui.domain.progress import GoalSummary
from goaltui.services.checkin import CheckinResult, DueItem
from goaltui.services.errors import ServiceError
from goaltui.services.goal_service import GoalService
from goaltui.services.goals import OPEN_STATUSES
from goaltui.services.kpis import Recorded
from goaltui.services.overview import GoalDetail
from goaltui.services.readings import OVERVIEW_PERIODS, RECENT
from goaltui.services.revisions import REVISED_FIELDS

__all__ = [
    "OPEN_STATUSES",
    "OVERVIEW_PERIODS",
    "RECENT",
    "REVISED_FIELDS",
    "CheckinResult",
    "DueItem",
    "GoalDetail",
    "GoalService",
    "GoalSummary",
    "Recorded",
    "ServiceError",
]
