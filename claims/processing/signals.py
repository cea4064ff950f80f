"""Signals of processing: where stored claims continue (connected in ``ClaimsConfig.ready()``)."""

from django.dispatch import Signal

# Sent when claims were stored with new content: created or updated by processing,
# or edited by an editor. Arguments: claim_ids; compute_vectors (True from a processing
# batch: the claims' vectors may be made at once, see LINK_VECTORS_IN_PROCESSING).
# Link suggestions listen (claims/linking/suggestions/handlers.py).
claims_stored = Signal()
