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


Deserializer = django_json.Deserializer
