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
"""Test doubles of the OSC plugin tests: a recording session, an app.

:class:`FakeSession` stands in for the keystoneauth1 Session the client
is given: it records each request and answers with canned JSON, so that
the tests see exactly what a command sends and how it shows the answer.
"""

import io
import types
from urllib import parse

from cliff import app as cliff_app
from cliff import commandmanager
from oslo_serialization import jsonutils

from stacktach_os.osc import client as st_client

ENDPOINT = 'http://stacktach.test:8790'


class FakeResponse(object):
    """A requests.Response look-alike with a JSON (or text) body."""

    def __init__(self, status_code=200, json_body=None, text=None,
                 headers=None, reason='OK'):
        self.status_code = status_code
        self.text = (text if text is not None
                     else jsonutils.dumps(json_body))
        self.headers = headers or {}
        self.reason = reason

    def json(self):
        """Return the body as JSON; ValueError if it is not."""
        return jsonutils.loads(self.text)


class FakeSession(object):
    """Records requests; answers each path with the next canned response.

    ``responses`` maps a path (below the endpoint, without the query) to
    a document or FakeResponse, or to a list of them served in turn (the
    last one repeats).
    """

    def __init__(self, responses=None, project_id='project-a',
                 catalog=None):
        self.responses = dict(responses or {})
        self.requests = []
        self.project_id = project_id
        self.catalog = catalog or {}

    def request(self, url, method, params=None, raise_exc=True, **kwargs):
        """Record a request and return its canned response."""
        split = parse.urlsplit(url)
        self.requests.append(types.SimpleNamespace(
            url=url, method=method, path=split.path,
            params=list(params or []), raise_exc=raise_exc,
            headers=kwargs.get('headers', {})))
        answers = self.responses.get(split.path)
        if answers is None:
            return FakeResponse(404, {'error_message': {
                'faultstring': 'no canned response for %s' % split.path}})
        if isinstance(answers, list):
            answer = answers.pop(0) if len(answers) > 1 else answers[0]
        else:
            answer = answers
        if isinstance(answer, BaseException):
            raise answer
        if isinstance(answer, FakeResponse):
            return answer
        return FakeResponse(200, answer)

    def get_endpoint(self, service_type=None, interface=None,
                     region_name=None, **kwargs):
        """Look the endpoint up in the fake catalog."""
        return self.catalog.get((service_type, interface, region_name))

    def get_project_id(self):
        """Return the project of the fake token."""
        return self.project_id

    def params(self, index=-1):
        """Return the parameters of a recorded request, as a dict of lists."""
        result = {}
        for name, value in self.requests[index].params:
            result.setdefault(name, []).append(value)
        return result


class FakeApp(cliff_app.App):
    """A cliff App whose client manager holds a stacktach client."""

    def __init__(self, session, endpoint=ENDPOINT):
        super().__init__(
            description='test', version='0',
            command_manager=commandmanager.CommandManager('stacktach.test'),
            stdin=io.StringIO(), stdout=io.StringIO(),
            stderr=io.StringIO())
        self.client_manager = types.SimpleNamespace(
            stacktach=st_client.Client(session, endpoint=endpoint))
        self.options = types.SimpleNamespace(debug=False)


def run(command_class, argv, session, name='stacktach test'):
    """Run a command class with ``argv``; return (exit code, stdout)."""
    app = FakeApp(session)
    command = command_class(app, None, cmd_name=name)
    parsed_args = command.get_parser('openstack ' + name).parse_args(argv)
    code = command.run(parsed_args)
    return code, app.stdout.getvalue()


def run_json(command_class, argv, session):
    """Run a command with ``-f json``; return its output, parsed."""
    code, output = run(command_class, list(argv) + ['-f', 'json'], session)
    assert code == 0
    return jsonutils.loads(output)


def page(key, items, next_query=None):
    """Return a list document with an optional ``next`` link."""
    links = []
    if next_query is not None:
        links.append({'rel': 'next',
                      'href': ENDPOINT + '/v1/x?' + next_query})
    return {key: items, 'links': links}
