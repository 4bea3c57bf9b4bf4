"""A case from receipt to closing: transitions, decisions, appeals, escalations, deadlines."""
