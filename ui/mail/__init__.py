"""Customers' mails in the desk: the review before a mail becomes a case."""
