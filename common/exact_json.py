"""Django's JSON serialization with times kept to the microsecond, for backups.

Django's own JSON encoder cuts times to milliseconds, so a restored row would
differ from the original (and an ``updated_since`` sync could see it as
changed). Registered as the ``exactjson`` format in settings; loaddata reads
it back with Django's JSON deserializer.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactEncoder)
        super()._init_options()
        self._natural_keys = {}

    def handle_fk_field(self, obj, field):
        """As Django's, but each row a natural key names (an account, a content type) is
        read once, not once per row pointing to it: an editor who reviewed 30,000 claims
        costs one query, not 30,000. The keys kept are as many as those rows."""
        model = field.remote_field.model
        if not (self.use_natural_foreign_keys and hasattr(model, "natural_key")):
            return super().handle_fk_field(obj, field)
        value = getattr(obj, field.attname)
        if value is not None:
            if (model, value) not in self._natural_keys:
                self._natural_keys[model, value] = getattr(obj, field.name).natural_key()
            value = self._natural_keys[model, value]
        self._current[field.name] = value


Deserializer = django_json.Deserializer
