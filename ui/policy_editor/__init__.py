"""The policy editor: the shop's own packs in forms, their versions and a calendar preview."""
