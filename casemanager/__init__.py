"""Case Manager: refund and replacement cases for shops selling digital goods.

This package holds the domain (policy, store, services, letters, exchange) and
never imports Qt; the desktop interface lives in the top-level ``ui`` package.
"""

__version__ = "0.1.0"
APP_NAME = "Case Manager"
