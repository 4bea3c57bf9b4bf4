"""Orders from the shop's and the payment provider's exports: importing, finding, filling a case."""
