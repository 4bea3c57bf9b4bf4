"""Pure formats from and to plain data: BagIt bags, CSV cells, iCalendar text, backup rotation.

No database and no services: what reads or writes the database lives in
``casemanager.services.files`` and hands plain values to these modules.
"""
