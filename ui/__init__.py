"""Case Manager's desktop interface (Qt). Calls ``casemanager.services`` only.

The domain modules the window's start-up uses are loaded here, before any Qt
module: once PySide6 is loaded it reads the whole source of every module imported
after it (to see whether it uses PySide's ``__feature__`` switches), and looks
the module up among all loaded ones, so each of the ~120 domain and library
modules imported after Qt cost a start-up about 0.4 ms more.
``tests/test_lazy_imports.py`` keeps this list complete.
"""

from casemanager.services.admin import diagnostics, policies, settings, startup  # noqa: F401
from casemanager.services.cases import case_list, case_pages  # noqa: F401
from casemanager.services.files import backups, streaming  # noqa: F401
from casemanager.services.lifecycle import notice_memory, reminders  # noqa: F401
