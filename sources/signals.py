"""Signals other apps listen to. `sources` never imports from `claims`.

``source_queued`` is sent inside the transaction that marks a source queued
(new or re-queued). ``claims`` connects to it in ``ClaimsConfig.ready()`` and
starts processing once that transaction commits: the path continues in
``claims/processing/handlers.py``.
"""

from django.dispatch import Signal

# Sent with ``source`` (the Source instance, status queued).
source_queued = Signal()
