"""The editors' admin for claims, split by role as Django's own admin is: shared pieces
(``base``), list filters, forms, and one module per model. Importing the model
modules registers them with the admin site.
"""

from . import antonyms, claim_sets, claims, entities, links  # noqa: F401
