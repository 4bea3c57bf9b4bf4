"""A realistic sample shop (both policies, every reason and status), recorded through the same
services as real cases: the demo stores by construction what a real case would store."""
