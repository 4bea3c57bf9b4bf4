"""Whether another seat changed anything since the last look (see ``store.change_watch``)."""

from __future__ import annotations

from casemanager.services.context import AppContext
from casemanager.store import change_watch


class ChangeFeed:
    """Ask ``changed()`` as often as once a second; it costs one tiny query."""

    def __init__(self, ctx: AppContext) -> None:
        target = ctx.target
        self._watch = change_watch.watch(target.spec, target.sqlite_path)

    def changed(self) -> bool:
        return self._watch.changed()

    def close(self) -> None:
        self._watch.close()
