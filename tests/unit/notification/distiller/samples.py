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
"""Hand-written notification bodies for the distiller tests."""

import copy

import yaml


def body(event_type='compute.instance.update', payload=None, ctxt=None,
         publisher_id='compute.cpu-07', message_id='m-0001',
         timestamp='2025-03-14T09:26:53.589793', priority='info'):
    """Return a notification body in the listener shape."""
    return {
        'event_type': event_type,
        'publisher_id': publisher_id,
        'priority': priority,
        'payload': copy.deepcopy(payload) if payload is not None else {},
        'ctxt': copy.deepcopy(ctxt) if ctxt is not None else {},
        'metadata': {'message_id': message_id, 'timestamp': timestamp},
    }


def write_yaml(tmp_path, definitions, name='defs.yaml'):
    """Write definitions (a list, or YAML text) to a file; return its path."""
    path = tmp_path / name
    if isinstance(definitions, str):
        path.write_text(definitions)
    else:
        path.write_text(yaml.safe_dump(definitions))
    return str(path)


def traits(event):
    """Return an event's traits as {name: (dtype, value)}."""
    return {trait.name: (trait.dtype, trait.value) for trait in event.traits}


def values(event):
    """Return an event's traits as {name: value}."""
    return {trait.name: trait.value for trait in event.traits}
