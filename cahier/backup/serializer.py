"""Django's JSON serializer, keeping every microsecond of dates and times.

Django's own encoder cuts them to milliseconds (`DjangoJSONEncoder`): a restored revision or
audit entry would not carry the instant it was written, only close to it. Registered as the
`cahierjson` format by BackupConfig.ready(); the output stays plain JSON that Django's `json`
deserializer reads too."""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder

FORMAT = "cahierjson"


class Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = Encoder


Deserializer = django_json.Deserializer
