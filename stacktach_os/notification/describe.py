# Copyright 2026 The stacktach_os Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.
"""Find what a notification is about: its host, request, project, resource.

These few facts are stored beside every archived notification and event,
whatever its service or format, so that the API can find everything about
an instance, a request or a project, and apply its tenancy rules, without
reading payloads.
"""

# Payload keys that name the resource a notification is about, by
# preference. Versioned nova payloads name it ``uuid``.
_RESOURCE_KEYS = ('instance_id', 'instance_uuid', 'image_id', 'volume_id',
                  'snapshot_id', 'backup_id', 'resource_id', 'uuid', 'id')
_PROJECT_KEYS = ('tenant_id', 'project_id', 'owner', 'tenant')
_OBJECT_DATA = 'nova_object.data'


def payload_data(payload):
    """Return the fields of a payload, looking inside versioned objects."""
    if not isinstance(payload, dict):
        return {}
    data = payload.get(_OBJECT_DATA)
    return data if isinstance(data, dict) else payload


def host_of(publisher_id):
    """Return the host named in a publisher id, or None.

    Legacy publishers are ``service.host`` (``compute.host-1``), versioned
    ones ``binary:host`` (``nova-compute:host-1``).
    """
    if not publisher_id:
        return None
    for separator in (':', '.'):
        if separator in publisher_id:
            host = publisher_id.split(separator, 1)[1]
            return host or None
    return None


def _first_text(mapping, keys):
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) \
                and value != '':
            return str(value)
    return None


def _nested(data, *path):
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _instance_of_legacy_wrappers(data):
    """The instance of nova's legacy scheduler and exception payloads."""
    spec = _nested(data, 'request_spec')
    if isinstance(spec, dict):
        uuids = spec.get('instance_uuids')
        if isinstance(uuids, list) and uuids and isinstance(uuids[0], str):
            return uuids[0]
        uuid = _nested(spec, 'instance_properties', 'uuid')
        if isinstance(uuid, str) and uuid:
            return uuid
    uuid = _nested(data, 'args', 'instance', 'uuid')
    if isinstance(uuid, str) and uuid:
        return uuid
    return None


def _resource_of(data):
    resource = _first_text(data, _RESOURCE_KEYS)
    if resource is not None:
        return resource
    resource = _instance_of_legacy_wrappers(data)
    if resource is not None:
        return resource
    # Neutron and some others nest the resource: {"port": {"id": ...}}.
    for value in data.values():
        if isinstance(value, dict) and len(data) == 1:
            return _first_text(value, ('id',))
    return None


def describe(notification):
    """Return the host, request, project and resource of a notification.

    The result maps ``host``, ``request_id``, ``global_request_id``,
    ``project_id`` and ``resource_id`` to text or None.
    """
    ctxt = notification.ctxt or {}
    data = payload_data(notification.payload)
    return {
        'host': (host_of(notification.publisher_id)
                 or _first_text(data, ('host',))),
        'request_id': (_first_text(ctxt, ('request_id',))
                       or _first_text(data, ('request_id',))),
        'global_request_id': _first_text(ctxt, ('global_request_id',)),
        'project_id': (_first_text(data, _PROJECT_KEYS)
                       or _first_text(ctxt, ('project_id', 'tenant',
                                             'project'))),
        'resource_id': _resource_of(data),
    }
