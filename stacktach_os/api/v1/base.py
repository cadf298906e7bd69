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
"""What every v1 controller shares: read transactions and page links."""

import contextlib
from urllib import parse

import pecan
from pecan import rest
from webob import exc
from wsmeext import pecan as wsme_pecan

from stacktach_os.api import errors
from stacktach_os.api import params
from stacktach_os.api.v1 import types
from stacktach_os.db import search
from stacktach_os.i18n import _


def expose(return_type, *arg_types):
    """Expose a GET method that returns ``return_type`` as JSON.

    The method reads its query parameters itself, with
    :class:`stacktach_os.api.params.Query`, so that every bad parameter
    gets the same clear 400; WSME only passes the path arguments.
    """
    return wsme_pecan.wsexpose(return_type, *arg_types,
                               ignore_extra_args=True,
                               rest_content_types=('json',))


@contextlib.contextmanager
def reading(request):
    """Open a read transaction; a marker naming no visible row is a 400."""
    try:
        with request.store.reader() as session:
            yield session
    except search.MarkerNotFound as error:
        raise errors.BadRequest(
            _('marker: %s names nothing in this list')
            % params.shown(error.marker))


def next_links(request, page, keys):
    """Return the ``next`` link of a full page, whose last key is ``keys[-1]``.

    The link repeats the request's parameters, with ``limit`` and the new
    ``marker``. A page shorter than its limit is the last: no link.
    """
    if not keys or len(keys) < page.limit:
        return []
    params = [(name, value) for name, value in request.GET.items()
              if name not in ('limit', 'marker')]
    params.extend([('limit', str(page.limit)), ('marker', keys[-1])])
    return [types.Link(rel='next',
                       href=request.path_url + '?' + parse.urlencode(params))]


class Controller(rest.RestController):
    """A read-only REST controller where an unknown path is a 404.

    Pecan answers 405 for a GET of a path no method serves; below a
    collection that path is a resource that does not exist.
    """

    def _handle_get(self, method, remainder, request=None):
        try:
            return super()._handle_get(method, remainder, request)
        except exc.HTTPMethodNotAllowed:
            if list(filter(None, remainder)):
                pecan.abort(404)
            raise
