# shellcheck shell=bash
# DevStack's functions, replaced by recorders, for tests of the stacktach_os
# DevStack plugin that need no DevStack checkout and no root.
#
# Every recorder appends one line to $RECORD_LOG: its name and its
# arguments, separated by tabs. A recorder whose name is in $RECORD_FAIL (a
# comma-separated list) records the call, then fails, as the real function
# would when the step goes wrong. Functions that answer something (URLs,
# file names, ids) answer what DevStack would on a single-node cloud.

# _record NAME [ARG...] - log one call; fail when NAME is in $RECORD_FAIL.
function _record {
    local name=$1
    shift
    {
        printf '%s' "$name"
        if [[ $# -gt 0 ]]; then
            printf '\t%s' "$@"
        fi
        printf '\n'
    } >> "$RECORD_LOG"
    if [[ ",${RECORD_FAIL:-}," == *",$name,"* ]]; then
        echo "recorder: $name failed" >&2
        return 1
    fi
}

# functions-common
# ----------------

function die {
    local exitcode=$?
    local line=$1
    shift
    if [[ $exitcode == 0 ]]; then
        exitcode=1
    fi
    set +o xtrace
    _record die "$*" || true
    echo "[ERROR] ${BASH_SOURCE[1]}:$line $*" >&2
    exit "$exitcode"
}

function warn {
    local line=$1
    shift
    _record warn "$*" || true
    echo "[WARNING] ${BASH_SOURCE[1]}:$line $*" >&2
}

function echo_summary {
    echo "$*"
}

function trueorfalse {
    local default=$1
    local value=${!2:-}
    case "${value,,}" in
        "") echo "$default" ;;
        1|yes|true|on) echo True ;;
        0|no|false|off) echo False ;;
        *) die $LINENO "Argument $2=$value is not a boolean" ;;
    esac
}

# is_service_enabled SERVICE... - as DevStack's: a listed name, an
# is_SERVICE_enabled function, or one of the legacy group names.
function is_service_enabled {
    local service
    local enabled=1
    for service in "$@"; do
        [[ ,${ENABLED_SERVICES}, =~ ,${service}, ]] && enabled=0
        if type "is_${service}_enabled" >/dev/null 2>&1; then
            "is_${service}_enabled" && enabled=0
        fi
        [[ ${service} == "nova" && ,${ENABLED_SERVICES} =~ ,"n-" ]] && enabled=0
        [[ ${service} == "glance" && ,${ENABLED_SERVICES} =~ ,"g-" ]] && enabled=0
        [[ ${service} == "cinder" && ,${ENABLED_SERVICES} =~ ,"c-" ]] && enabled=0
        [[ ${service} == "neutron" && ,${ENABLED_SERVICES} =~ ,"q-" ]] && enabled=0
    done
    return $enabled
}

# enable_service SERVICE... - as DevStack's: a service disabled in
# local.conf stays disabled.
function enable_service {
    local service
    for service in "$@"; do
        if [[ ,${DISABLED_SERVICES:-}, =~ ,${service}, ]]; then
            continue
        fi
        if [[ ! ,${ENABLED_SERVICES}, =~ ,${service}, ]]; then
            ENABLED_SERVICES+=",$service"
        fi
    done
}

function get_python_exec_prefix {
    echo "$FAKE_BIN_DIR"
}

function setup_develop {
    _record setup_develop "$@"
}

function run_process {
    _record run_process "$@"
}

function stop_process {
    _record stop_process "$@"
}

function wait_for_service {
    _record wait_for_service "$@"
}

function sudo {
    _record sudo "$@" || return 1
    "$@"
}

# inc/ini-config
# --------------

function iniset {
    _record iniset "$@"
}

function iniset_multiline {
    _record iniset_multiline "$@"
}

# lib/database
# ------------

function database_connection_url {
    _record database_connection_url "$@" || return 1
    echo "mysql+pymysql://$DATABASE_USER:$DATABASE_PASSWORD@$DATABASE_HOST/$1?charset=utf8"
}

function recreate_database {
    _record recreate_database "$@"
}

function mysql {
    _record mysql "$@"
}

function psql {
    _record psql "$@"
}

# lib/rpc_backend
# ---------------

function get_notification_url {
    if [[ -n "${RABBIT_HOST:-}" ]]; then
        echo "rabbit://stackrabbit:$RABBIT_PASSWORD@$RABBIT_HOST:5672/${1:-}"
    fi
}

function iniset_rpc_backend {
    _record iniset_rpc_backend "$@"
}

# lib/keystone
# ------------

function configure_keystone_authtoken_middleware {
    _record configure_keystone_authtoken_middleware "$@"
}

function create_service_user {
    _record create_service_user "$@"
}

function get_or_create_service {
    _record get_or_create_service "$@" || return 1
    echo "0123456789abcdef0123456789abcdef"
}

function get_or_create_endpoint {
    _record get_or_create_endpoint "$@" || return 1
    echo "fedcba9876543210fedcba9876543210"
}

# lib/apache
# ----------

function apache_site_config_for {
    echo "$FAKE_APACHE_DIR/$1.conf"
}

function write_uwsgi_config {
    _record write_uwsgi_config "$@"
}

function remove_uwsgi_config {
    _record remove_uwsgi_config "$@"
}

function enable_apache_site {
    _record enable_apache_site "$@"
}

function restart_apache_server {
    _record restart_apache_server "$@"
}

# lib/nova and the logging helpers
# --------------------------------

function conductor_conf {
    echo "$NOVA_CONF_DIR/nova_cell$1.conf"
}

function setup_logging {
    _record setup_logging "$@"
}
