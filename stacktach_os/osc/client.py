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
"""A small client of the stacktach_os REST API on a keystoneauth1 session.

The endpoint is the one given (``--os-stacktach-url``), or the
``stacktach`` service of the Keystone catalog (with ``--os-auth-type
none`` or ``admin_token``, the ``--os-endpoint`` of the auth plugin).
HTTP errors become osc_lib exceptions that carry the API's own message
and the request id to quote.
"""

from urllib import parse

from keystoneauth1 import exceptions as ks_exc
from osc_lib import exceptions
from oslo_serialization import jsonutils

from stacktach_os.i18n import _

SERVICE_TYPE = 'stacktach'
API_PREFIX = '/v1'

_ERRORS = {
    400: exceptions.BadRequest,
    401: exceptions.Unauthorized,
    403: exceptions.Forbidden,
    404: exceptions.NotFound,
    409: exceptions.Conflict,
    413: exceptions.OverLimit,
    501: exceptions.HTTPNotImplemented,
}


def _fault(document):
    """Return the message of an error document, whatever its shape."""
    if not isinstance(document, dict):
        return None
    inner = document.get('error_message')
    if isinstance(inner, str):
        try:
            inner = jsonutils.loads(inner)
        except ValueError:
            return inner
    for candidate in (inner, document, document.get('error')):
        if isinstance(candidate, dict):
            message = (candidate.get('faultstring') or
                       candidate.get('message') or candidate.get('title'))
            if message:
                return str(message)
    return None


def error_from_response(response):
    """Return the osc_lib exception of an HTTP error response."""
    try:
        message = _fault(response.json())
    except ValueError:
        message = None
    if not message:
        text = (response.text or '').strip()
        message = text[:300] if text else (
            response.reason or 'HTTP %d' % response.status_code)
    request_id = response.headers.get('x-openstack-request-id')
    if request_id and request_id not in message:
        message = '%s (Request-ID: %s)' % (message, request_id)
    cls = _ERRORS.get(response.status_code, exceptions.ClientException)
    return cls(response.status_code, message)


def items_of(document, keys=()):
    """Return the list of a collection document.

    ``keys`` are the collection's expected names, in order of preference;
    failing them, the one list of objects in the document other than
    ``links``. A document that holds no such list is one item itself.
    """
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        return [] if document is None else [document]
    for key in keys:
        if isinstance(document.get(key), list):
            return document[key]
    lists = [value for key, value in document.items()
             if key != 'links' and isinstance(value, list)
             and all(isinstance(item, dict) for item in value)]
    if len(lists) == 1:
        return lists[0]
    return [document]


def next_params(document):
    """Return the query of a document's ``next`` link, or None."""
    if not isinstance(document, dict):
        return None
    for link in document.get('links') or ():
        if isinstance(link, dict) and link.get('rel') == 'next':
            href = link.get('href')
            if href:
                return parse.parse_qsl(parse.urlsplit(href).query,
                                       keep_blank_values=True)
    return None


def _with_limit(params, limit):
    """Return ``params`` with ``limit`` replaced."""
    return [(name, value) for name, value in params
            if name != 'limit'] + [('limit', str(limit))]


class Client(object):
    """The stacktach_os API v1, through a keystoneauth1 session.

    :param session: a keystoneauth1 Session (it authenticates requests).
    :param endpoint: the API's root URL; None to look up the ``stacktach``
        service in the catalog for ``interface`` and ``region_name``.
    """

    def __init__(self, session, endpoint=None, interface='public',
                 region_name=None):
        self.session = session
        self.interface = interface or 'public'
        self.region_name = region_name
        self._endpoint = self._root(endpoint) if endpoint else None

    @staticmethod
    def _root(url):
        url = url.rstrip('/')
        if url.endswith(API_PREFIX):
            url = url[:-len(API_PREFIX)]
        return url

    @property
    def endpoint(self):
        """The API's root URL (without ``/v1``)."""
        if self._endpoint is None:
            try:
                url = self.session.get_endpoint(
                    service_type=SERVICE_TYPE, interface=self.interface,
                    region_name=self.region_name)
            except ks_exc.EndpointNotFound:
                url = None
            if not url:
                raise exceptions.EndpointNotFound(
                    _('No %(type)s endpoint (interface %(interface)s, '
                      'region %(region)s) in the service catalog; give '
                      'the API URL with --os-stacktach-url') % {
                          'type': SERVICE_TYPE, 'interface': self.interface,
                          'region': self.region_name or _('any')})
            self._endpoint = self._root(url)
        return self._endpoint

    def project_id(self):
        """Return the project of the session's token, or None."""
        try:
            return self.session.get_project_id()
        except (AttributeError, NotImplementedError, ks_exc.ClientException):
            return None

    def get(self, path, params=()):
        """GET ``/v1`` + ``path``; return its JSON document.

        ``params`` is a list of (name, value) pairs: a name may repeat.
        """
        url = self.endpoint + API_PREFIX + path
        try:
            response = self.session.request(
                url, 'GET', params=list(params), raise_exc=False,
                headers={'Accept': 'application/json'})
        except ks_exc.ConnectionError as error:
            raise exceptions.CommandError(
                _('Cannot reach the stacktach API at %(url)s: %(error)s')
                % {'url': self.endpoint, 'error': error})
        if response.status_code >= 400:
            raise error_from_response(response)
        try:
            return response.json()
        except ValueError:
            raise exceptions.CommandError(
                _('The stacktach API at %(url)s answered %(path)s with '
                  'something that is not JSON (HTTP %(status)s)') % {
                      'url': self.endpoint, 'path': path,
                      'status': response.status_code})

    def pages(self, path, keys=(), params=(), limit=None):
        """Yield the items of a list, one page at a time.

        ``limit`` None: the first page only, of the API's default size;
        a positive number: at most that many items, following the
        ``next`` links; a negative number: every item, every page.
        """
        params = list(params)
        if limit is not None and limit > 0:
            params = _with_limit(params, limit)
        remaining = limit if limit is not None and limit > 0 else None
        while True:
            document = self.get(path, params)
            items = items_of(document, keys)
            if remaining is not None:
                items = items[:remaining]
                remaining -= len(items)
            yield items
            following = next_params(document)
            if (limit is None or following is None or remaining == 0
                    or not items or sorted(following) == sorted(params)):
                return
            if remaining is not None:
                page_size = dict(following).get('limit', '')
                if not page_size.isdigit() or int(page_size) > remaining:
                    following = _with_limit(following, remaining)
            params = following

    def list(self, path, keys=(), params=(), limit=None):
        """Return the items of a list (see :meth:`pages`)."""
        return [item for page in self.pages(path, keys, params, limit)
                for item in page]
