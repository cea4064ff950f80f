"""Measuring claim proposal against gold annotations (used by ``manage.py evaluate_claims``)."""
