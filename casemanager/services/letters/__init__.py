"""Letters and reports: the facts a letter states, issuing immutably, summaries and sheets."""
