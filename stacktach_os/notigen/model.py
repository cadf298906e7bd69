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
"""The simulated cloud: tenants, cells, hosts, flavors, images, instances.

Everything random comes from a :class:`Rng` seeded by the run's seed, so
that the same seed builds the same cloud, down to every uuid.
"""

import collections
import dataclasses
import random

from stacktach_os.notigen import states

API_BUS = 'api'
AVAILABILITY_ZONE = 'nova'
GLANCE_PUBLISHER = 'image.localhost'


# The version (4) and variant (RFC 4122) bits of a random uuid.
_UUID_CLEAR = ~((0xf000 << 64) | (0xc000 << 48))
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)


class Rng(random.Random):
    """random.Random with the identifiers OpenStack uses."""

    def uuid(self):
        """Return a random version 4 uuid, as text.

        The same as ``str(uuid.UUID(int=bits, version=4))``, faster.
        """
        bits = self.getrandbits(128)
        bits = (bits & _UUID_CLEAR) | _UUID_SET
        text = '%032x' % bits
        return '%s-%s-%s-%s-%s' % (text[:8], text[8:12], text[12:16],
                                   text[16:20], text[20:])

    def hex(self, digits=32):
        """Return ``digits`` random hexadecimal digits (Keystone ids)."""
        return '%0*x' % (digits, self.getrandbits(4 * digits))

    def request_id(self):
        """Return an oslo.context request id: ``req-<uuid>``."""
        return 'req-' + self.uuid()


def stream(seed, purpose):
    """Return the random stream of one purpose of a seeded run.

    The simulation, the message ids and the injected faults each draw
    from their own stream, so that choosing a format or injecting faults
    never changes what happens in the cloud.
    """
    return Rng('stacktach-os-notigen:%s:%s' % (seed, purpose))


@dataclasses.dataclass(frozen=True)
class Flavor(object):
    """A nova flavor."""

    id: int
    flavorid: str
    name: str
    memory_mb: int
    vcpus: int
    root_gb: int
    ephemeral_gb: int = 0
    swap: int = 0
    rxtx_factor: float = 1.0
    extra_specs: tuple = ()


# A flavor catalog in the style of a small public cloud.
FLAVORS = (
    Flavor(1, '1', 'm1.tiny', 512, 1, 1),
    Flavor(2, '2', 'm1.small', 2048, 1, 20),
    Flavor(3, '3', 'm1.medium', 4096, 2, 40),
    Flavor(4, '4', 'm1.large', 8192, 4, 80),
    Flavor(5, '5', 'm1.xlarge', 16384, 8, 160),
    Flavor(6, 'c2.4xlarge', 'c2.4xlarge', 8192, 16, 40, 0, 0, 2.0,
           (('hw:cpu_policy', 'dedicated'),)),
    Flavor(7, 'r2.large', 'r2.large', 32768, 4, 40, 100, 0, 1.0,
           (('hw:mem_page_size', 'large'),)),
)
# How often each flavor is picked for a new instance.
FLAVOR_WEIGHTS = (8, 30, 25, 15, 6, 3, 3)


@dataclasses.dataclass
class Image(object):
    """A glance image: a public base image or a tenant's snapshot."""

    id: str
    name: str
    owner: str
    size: int
    os_distro: str
    os_version: str
    architecture: str
    os_type: str
    min_disk: int
    min_ram: int
    checksum: str
    created_at: object = None
    deleted_at: object = None
    activated_at: object = None
    status: str = 'queued'
    image_type: str = 'base'
    base_image_ref: str | None = None
    visibility: str = 'public'
    disk_format: str = 'qcow2'
    container_format: str = 'bare'

    @property
    def properties(self):
        """The image properties nova copies into instances' metadata."""
        properties = {
            'architecture': self.architecture,
            'os_distro': self.os_distro,
            'os_version': self.os_version,
            'os_type': self.os_type,
            'hw_disk_bus': 'virtio',
        }
        if self.image_type == 'snapshot':
            properties['image_type'] = 'snapshot'
            properties['base_image_ref'] = self.base_image_ref
        return properties


# (name, os_distro, os_version, architecture, os_type, size in MiB,
# min_disk, min_ram)
BASE_IMAGES = (
    ('ubuntu-24.04-server', 'ubuntu', '24.04', 'x86_64', 'linux', 620, 10,
     512),
    ('ubuntu-22.04-server', 'ubuntu', '22.04', 'x86_64', 'linux', 580, 10,
     512),
    ('debian-12-genericcloud', 'debian', '12', 'x86_64', 'linux', 330, 5,
     512),
    ('rocky-9.4-genericcloud', 'rocky', '9.4', 'x86_64', 'linux', 610, 10,
     1024),
    ('centos-stream-9', 'centos', '9', 'x86_64', 'linux', 1100, 10, 1024),
    ('fedora-40-cloud', 'fedora', '40', 'x86_64', 'linux', 480, 5, 512),
    ('ubuntu-24.04-server-arm64', 'ubuntu', '24.04', 'aarch64', 'linux',
     590, 10, 512),
    ('windows-server-2022-std', 'windows', '2022', 'x86_64', 'windows',
     11800, 40, 4096),
)
BASE_IMAGE_WEIGHTS = (30, 18, 12, 10, 6, 5, 4, 8)


@dataclasses.dataclass
class Tenant(object):
    """A Keystone project and its users."""

    project_id: str
    name: str
    users: list  # [(user_id, user_name)]
    admin: bool = False


@dataclasses.dataclass(frozen=True)
class Host(object):
    """A nova-compute host."""

    name: str
    cell: str

    @property
    def node(self):
        """The hypervisor node name (libvirt: the host's name)."""
        return self.name


@dataclasses.dataclass
class Cell(object):
    """A nova cell: its conductor and compute hosts."""

    name: str
    conductor: str
    hosts: list


@dataclasses.dataclass
class Volume(object):
    """A cinder volume."""

    id: str
    tenant: Tenant
    user_id: str
    display_name: str
    size: int
    volume_type: tuple  # (id, name)
    created_at: object
    launched_at: object = None
    deleted_at: object = None
    status: str = 'creating'
    host: str | None = None


VOLUME_TYPES = (('5f8c3c2e-0d64-4b4c-9b9b-1c0f3c9d8a01', 'standard'),
                ('a1f1d3b4-7c6e-4e8f-8a5d-2b3c4d5e6f70', 'ssd'))

# The fields of an instance that notifications report.
InstanceView = collections.namedtuple('InstanceView', (
    'uuid', 'tenant_id', 'user_id', 'display_name', 'hostname',
    'reservation_id', 'created_at', 'flavor', 'image', 'host', 'node',
    'cell', 'vm_state', 'task_state', 'power_state', 'launched_at',
    'terminated_at', 'deleted_at', 'key_name', 'ip', 'mac', 'port_id',
    'progress', 'locked'))


class Instance(object):
    """A nova instance and what nova's database knows about it."""

    def __init__(self, rng, tenant, user, flavor, image, created_at, number):
        """A new instance, building, not yet scheduled."""
        self.uuid = rng.uuid()
        self.tenant = tenant
        self.user_id = user[0]
        self.display_name = '%s-%s-%d' % (
            rng.choice(('web', 'db', 'app', 'worker', 'cache', 'ci',
                        'build', 'api', 'batch', 'test')),
            rng.choice(('prod', 'stage', 'dev', 'qa')), number)
        self.hostname = self.display_name
        self.reservation_id = 'r-' + rng.hex(8)
        self.created_at = created_at
        self.flavor = flavor
        self.image = image
        self.host = None
        self.cell = None
        # Set by the API's first save.
        self.vm_state = None
        self.task_state = None
        self.power_state = states.POWER_PENDING
        self.launched_at = None
        self.terminated_at = None
        self.deleted_at = None
        self.key_name = rng.choice((None, 'deploy', 'ops', 'laptop'))
        self.ip = '10.%d.%d.%d' % (rng.randrange(0, 256),
                                   rng.randrange(0, 256),
                                   rng.randrange(2, 255))
        self.mac = 'fa:16:3e:%02x:%02x:%02x' % (
            rng.randrange(256), rng.randrange(256), rng.randrange(256))
        self.port_id = rng.uuid()
        self.progress = 0
        # What the simulation needs besides nova's fields.
        self.history = []  # [(time, InstanceView)]
        self.launched = False
        self.compute = None  # the Host it runs on
        self.resize_source = None  # (Host, Flavor) while RESIZED
        self.delete_at = None  # when its owner deletes it

    @property
    def node(self):
        """The hypervisor node the instance runs on."""
        return self.host

    @property
    def deleted(self):
        """True once the instance is deleted."""
        return self.vm_state == states.DELETED

    def view(self):
        """Return what notifications report of the instance now."""
        return InstanceView(
            self.uuid, self.tenant.project_id, self.user_id,
            self.display_name, self.hostname, self.reservation_id,
            self.created_at, self.flavor, self.image, self.host, self.node,
            self.cell, self.vm_state, self.task_state, self.power_state,
            self.launched_at, self.terminated_at, self.deleted_at,
            self.key_name, self.ip, self.mac, self.port_id, self.progress,
            False)

    def record(self, when):
        """Remember the instance's state from ``when`` on; return it."""
        view = self.view()
        self.history.append((when, view))
        return view

    def view_at(self, when):
        """Return the instance as it was at ``when`` (None before)."""
        found = None
        for moment, view in self.history:
            if moment > when:
                break
            found = view
        return found

    def forget_before(self, when):
        """Drop the history older than ``when``, keeping the state then."""
        keep = 0
        for index, (moment, _view) in enumerate(self.history):
            if moment > when:
                break
            keep = index
        del self.history[:keep]


class Cloud(object):
    """The static parts of a simulated cloud."""

    def __init__(self, rng, tenants, hosts, cells):
        """Build ``tenants`` projects and ``hosts`` hosts in ``cells``."""
        if tenants < 1 or hosts < 1 or cells < 1:
            raise ValueError('a cloud needs at least one tenant, one host '
                             'and one cell')
        if cells > hosts:
            raise ValueError('%d cells need at least %d hosts, not %d'
                             % (cells, cells, hosts))
        self.admin = Tenant(rng.hex(), 'admin', [(rng.hex(), 'admin')],
                            admin=True)
        self.tenants = []
        for number in range(1, tenants + 1):
            users = [(rng.hex(), 'user%d-%d' % (number, index))
                     for index in range(1, rng.randint(1, 3) + 1)]
            self.tenants.append(
                Tenant(rng.hex(), 'project-%d' % number, users))
        self.cells = [Cell('cell%d' % number,
                           'conductor-cell%d' % number, [])
                      for number in range(1, cells + 1)]
        self.hosts = []
        for number in range(hosts):
            cell = self.cells[number % cells]
            host = Host('compute-%s-%03d' % (cell.name, number + 1),
                        cell.name)
            cell.hosts.append(host)
            self.hosts.append(host)
        self.api_hosts = ['controller-1', 'controller-2']
        self.scheduler_hosts = ['controller-1', 'controller-2']
        self.conductor_hosts = ['controller-1', 'controller-2']
        self.cinder_hosts = ['storage-1@lvm', 'storage-2@lvm']
        self.glance_url = 'http://controller:9292'
        self.base_images = []
        for (name, distro, version, arch, os_type, size_mib, min_disk,
             min_ram) in BASE_IMAGES:
            self.base_images.append(Image(
                id=rng.uuid(), name=name, owner=self.admin.project_id,
                size=size_mib * 1024 * 1024 + rng.randrange(1024 * 1024),
                os_distro=distro, os_version=version, architecture=arch,
                os_type=os_type, min_disk=min_disk, min_ram=min_ram,
                checksum=rng.hex(32)))

    def cell(self, name):
        """Return the cell named ``name``."""
        for cell in self.cells:
            if cell.name == name:
                return cell
        raise KeyError(name)
