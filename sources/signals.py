"""Signals other apps listen to. `sources` never imports from `claims`.

``source_queued`` is sent inside the transaction that marks a source queued
(new or re-queued). ``claims`` connects to it in ``ClaimsConfig.ready()`` and
starts processing once that transaction commits: the path continues in
``claims/processing/handlers.py``.

``source_furniture_marked`` is sent inside the transaction that adds lines to
a source's page furniture; ``claims`` removes the proposals on those lines
(``claims/review/handlers.py``), and each receiver returns how many it removed.
"""

from django.dispatch import Signal

# Sent with ``source`` (the Source instance, status queued).
source_queued = Signal()

# Sent with ``source`` (its ``furniture`` already saved), ``lines`` (the new ones) and
# ``user`` (the editor who marked them).
source_furniture_marked = Signal()
