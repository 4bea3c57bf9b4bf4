"""Case Manager's desktop interface (Qt). Calls ``casemanager.services`` only."""
