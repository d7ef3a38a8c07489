"""Retention of the cumulative record: the rules, the monthly review, legal holds and the
logged destruction of documents past retention (nothing is destroyed automatically)."""
