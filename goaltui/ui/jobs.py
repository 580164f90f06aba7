"""Database work off the UI thread: jobs in worker threads, and reloading after changes.

Screens hand the app a job (``background``); it runs in a thread once the
database is open, its result comes back on the UI thread, and an error the user
can act on becomes one notification. After a write, ``changed`` tells the user
and every screen reloads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from goaltui.domain.text import one_line
from goaltui.ui.messages import DataChanged
from goaltui.ui.warm_up import WarmUp

if TYPE_CHECKING:
    from goaltui.services import GoalService
    from goaltui.storage.paths import Location

T = TypeVar("T")

#: How often a save waiting for the database server tries again.
SERVER_RETRY_S = 2.0


class Jobs(WarmUp):
    """Runs the screens' database jobs in threads (a base class of the app)."""

    #: The database: its file, or a PostgreSQL URL (set by the app).
    db_path: Location

    def __init__(self) -> None:
        super().__init__()
        self.service: GoalService | None = None
        #: Set once the database is open (or failed to open): jobs wait for it.
        self._db_ready = threading.Event()
        #: Tells when another program wrote to the database (set once it is open).
        self._watcher: Any = None

    def broadcast_changed(self, undone: bool = False) -> None:
        """Ask the visible screen (and the others when shown) to reload.

        ``undone``: the change was an undo or a redo.
        """
        if self.service is not None:
            self.service.forget()  # results kept for reuse may be stale now
        for screen in self.screen_stack:
            screen.post_message(DataChanged(undone))
        for mode in self.MODES:
            if mode != self.current_mode and mode in self._screen_stacks:
                for screen in self._screen_stacks[mode]:
                    screen.post_message(DataChanged(undone))

    def _check_changes(self) -> None:
        watcher = self._watcher
        if watcher is None:
            return

        def check() -> None:
            if watcher.changed():
                self.call_from_thread(self.broadcast_changed)

        self.run_worker(check, thread=True, exclusive=True, group="watch", exit_on_error=False)

    def background(
        self,
        job: Callable[[GoalService], T],
        done: Callable[[T], object] | None = None,
        *,
        group: str = "default",
        exclusive: bool = False,
        failed: Callable[[str], None] | None = None,
        waiting_for_server: Callable[[str], None] | None = None,
    ) -> None:
        """Run ``job(service)`` in a thread; ``done(result)`` back on the UI thread.

        Errors the user can act on become one notification (or ``failed(message)``);
        a job that waits on another program's lock says so after a moment. With
        ``waiting_for_server``, a database server out of reach is told to it once
        (on the UI thread) and the job is tried again every few seconds until
        the server is back: nothing of a failed try was kept, so nothing is lost
        and nothing is saved twice.
        """

        def run() -> None:
            from goaltui.services.errors import ServiceError
            from goaltui.storage.db import StoreError

            self._db_ready.wait()
            service = self.service
            if service is None:
                return
            finished = threading.Event()

            def waiting() -> None:
                if not finished.is_set():
                    self.notify(
                        "Waiting for the database: another program is writing to it…",
                        title="Please wait",
                        markup=False,
                        timeout=3,
                    )

            self.call_from_thread(self.set_timer, 1.5, waiting)
            try:
                result = self._until_reachable(job, service, waiting_for_server)
            except (ServiceError, StoreError) as exc:
                finished.set()
                message = one_line(exc, 300)
                self.call_from_thread(self._report, message, failed)
                return
            except Exception as exc:
                finished.set()
                message = f"Something went wrong: {type(exc).__name__}: {one_line(exc, 200)}"
                self.call_from_thread(self._report, message, failed)
                return
            finished.set()
            if done is not None:
                self.call_from_thread(done, result)
            self._warm_up()

        self.run_worker(run, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def _until_reachable(
        self,
        job: Callable[[GoalService], T],
        service: GoalService,
        told: Callable[[str], None] | None,
    ) -> T:
        from goaltui.storage.db import StoreUnreachable

        first = True
        while True:
            try:
                return job(service)
            except StoreUnreachable as exc:
                if told is None or not self.is_running:
                    raise
                if first:
                    self.call_from_thread(told, one_line(exc, 300))
                    first = False
                time.sleep(SERVER_RETRY_S)

    def _report(self, message: str, failed: Callable[[str], None] | None) -> None:
        if failed is not None:
            failed(message)
        else:
            self.notify(message, title="Not saved", severity="error", markup=False, timeout=6)

    def changed(self, message: str | None = None, undone: bool = False) -> None:
        """After a write (``undone``: an undo or redo): tell the user (literally) and
        reload every screen."""
        if message:
            self.notify(one_line(message, 300), markup=False)
        self.broadcast_changed(undone)
