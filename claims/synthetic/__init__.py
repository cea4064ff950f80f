"""A synthetic corpus for measuring the tracker at scale (``manage.py seed_synthetic``)."""
