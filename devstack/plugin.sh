# shellcheck shell=bash
# shellcheck source-path=SCRIPTDIR
# devstack/plugin.sh
# Install, configure, start and stop stacktach_os in DevStack.
#
# Enable it in the ``[[local|localrc]]`` section of local.conf:
#
#     enable_plugin stacktach https://opendev.org/x/stacktach_os
#
# The settings, and how to override them, are in devstack/settings; what
# each phase does is in devstack/README.rst:
#
#     stack install      install_stacktach
#     stack post-config  configure_stacktach, stacktach_configure_services,
#                        init_stacktach
#     stack extra        start_stacktach
#     unstack            stop_stacktach
#     clean              cleanup_stacktach
#
# Every step that fails stops the phase with a message (die), on top of
# the errexit that stack.sh runs under.

# Save trace setting
_XTRACE_STACKTACH=$(set +o | grep xtrace)
set -o xtrace

# shellcheck source=lib/notifications
source "$STACKTACH_DIR/devstack/lib/notifications"

# The DevStack names of the three processes.
STACKTACH_SERVICES="stacktach-api stacktach-notification stacktach-verifier"

# Functions
# ---------

# is_stacktach_enabled - true when any stacktach-* service is enabled; lets
# DevStack's ``is_service_enabled stacktach`` answer for the whole plugin.
function is_stacktach_enabled {
    [[ ,${DISABLED_SERVICES:-}, =~ ,stacktach, ]] && return 1
    [[ ,${ENABLED_SERVICES} =~ ,"stacktach-" ]] && return 0
    return 1
}

# stacktach_service_url - the API's endpoint in the Keystone catalog.
function stacktach_service_url {
    if [[ "$STACKTACH_DEPLOY" == "uwsgi" ]]; then
        echo "$STACKTACH_SERVICE_PROTOCOL://$STACKTACH_SERVICE_HOST/stacktach"
    else
        echo "$STACKTACH_SERVICE_PROTOCOL://$STACKTACH_SERVICE_HOST:$STACKTACH_SERVICE_PORT"
    fi
}

# stacktach_iniset FILE SECTION OPTION VALUE - iniset that stops the phase,
# naming the option, when it cannot write it.
function stacktach_iniset {
    iniset "$@" || die $LINENO "Could not set [$2] $3 in $1"
}

# _stacktach_check_settings - refuse settings that cannot work before
# anything is changed on the host.
function _stacktach_check_settings {
    case "$STACKTACH_DEPLOY" in
        uwsgi|simple)
            ;;
        *)
            die $LINENO "STACKTACH_DEPLOY=$STACKTACH_DEPLOY: use uwsgi or simple"
            ;;
    esac
    case "$STACKTACH_METRICS_BACKEND" in
        none|prometheus|statsd)
            ;;
        *)
            die $LINENO "STACKTACH_METRICS_BACKEND=$STACKTACH_METRICS_BACKEND: use none, prometheus or statsd"
            ;;
    esac
}

# _stacktach_collect_buses - fill STACKTACH_BUSES with the NAME=URL of every
# bus the listener reads: $STACKTACH_MESSAGING_URLS when set, else the
# top-level bus and each nova cell's own bus (the rabbit vhost nova_cellN
# that DevStack's lib/nova creates for the superconductor layout).
function _stacktach_collect_buses {
    local entry
    local cell
    local url
    local -a entries

    STACKTACH_BUSES=()
    if [[ -n "$STACKTACH_MESSAGING_URLS" ]]; then
        # Split on blanks only: a URL's query string may hold glob characters.
        read -r -a entries <<< "$STACKTACH_MESSAGING_URLS"
        for entry in "${entries[@]}"; do
            if [[ ! "$entry" =~ ^[^=]+=.+$ ]]; then
                die $LINENO "STACKTACH_MESSAGING_URLS: '$entry' is not NAME=URL"
            fi
            STACKTACH_BUSES+=("$entry")
        done
        return 0
    fi

    url=$(get_notification_url)
    if [[ -z "$url" ]]; then
        die $LINENO "No message bus URL: stacktach_os needs RabbitMQ (enable_service rabbit, or RABBIT_HOST and RABBIT_PASSWORD), or set STACKTACH_MESSAGING_URLS"
    fi
    STACKTACH_BUSES+=("$STACKTACH_TOP_BUS_NAME=$url")
    for cell in $(stacktach_nova_cells); do
        url=$(get_notification_url "nova_cell$cell")
        STACKTACH_BUSES+=("cell$cell=$url")
    done
}

# install_stacktach - install the package (services, WSGI application and
# the ``openstack stacktach`` client plugin) from the checkout.
function install_stacktach {
    setup_develop "$STACKTACH_DIR" || die $LINENO "Could not install stacktach_os from $STACKTACH_DIR"
    sudo install -d -o "$STACK_USER" -m 755 "$STACKTACH_CONF_DIR" || die $LINENO "Could not create $STACKTACH_CONF_DIR"
}

# configure_stacktach - write $STACKTACH_CONF from the sample, and the uwsgi
# configuration of the API.
function configure_stacktach {
    local sample=$STACKTACH_DIR/etc/stacktach_os/stacktach_os.conf.sample
    local definitions=$STACKTACH_DIR/etc/stacktach_os/event_definitions.yaml
    local conf=$STACKTACH_CONF
    local url

    if [[ ! -f "$sample" ]]; then
        die $LINENO "Missing $sample (tox -e genconfig writes it)"
    fi
    if [[ ! -f "$definitions" ]]; then
        die $LINENO "Missing $definitions"
    fi
    sudo install -d -o "$STACK_USER" -m 755 "$STACKTACH_CONF_DIR" || die $LINENO "Could not create $STACKTACH_CONF_DIR"
    install -m 644 "$sample" "$conf" || die $LINENO "Could not write $conf"
    install -m 644 "$definitions" "$STACKTACH_CONF_DIR/event_definitions.yaml" || die $LINENO "Could not copy $definitions to $STACKTACH_CONF_DIR"

    stacktach_iniset "$conf" DEFAULT debug "$ENABLE_DEBUG_LOG_LEVEL"
    stacktach_iniset "$conf" DEFAULT state_path "$STACKTACH_STATE_PATH"
    iniset_rpc_backend stacktach "$conf" || die $LINENO "Could not set the transport URL in $conf"
    setup_logging "$conf" || die $LINENO "Could not set up logging in $conf"

    # The database: DevStack's server when there is one, else the embedded
    # SQLite file under $STACKTACH_STATE_PATH (the option's default).
    if [[ -n "${DATABASE_TYPE:-}" ]]; then
        url=$(database_connection_url "$STACKTACH_DB_NAME") || die $LINENO "No database URL for $STACKTACH_DB_NAME"
        stacktach_iniset "$conf" database connection "$url"
    fi

    # The notification listener: one listener per bus, on every topic.
    _stacktach_collect_buses
    iniset_multiline "$conf" notification messaging_urls "${STACKTACH_BUSES[@]}" || die $LINENO "Could not set [notification] messaging_urls in $conf"
    stacktach_iniset "$conf" notification topics "$STACKTACH_NOTIFICATION_TOPIC,$STACKTACH_VERSIONED_NOTIFICATION_TOPIC"
    stacktach_iniset "$conf" notification pool "$STACKTACH_NOTIFICATION_POOL"
    stacktach_iniset "$conf" notification workers "$STACKTACH_NOTIFICATION_WORKERS"
    stacktach_iniset "$conf" notification event_definitions "$STACKTACH_CONF_DIR/event_definitions.yaml"

    # The API, behind Keystone.
    stacktach_iniset "$conf" api host "$STACKTACH_SERVICE_LISTEN_ADDRESS"
    stacktach_iniset "$conf" api port "$STACKTACH_SERVICE_PORT"
    stacktach_iniset "$conf" api auth_strategy keystone
    stacktach_iniset "$conf" api workers "$STACKTACH_API_WORKERS"
    configure_keystone_authtoken_middleware "$conf" stacktach || die $LINENO "Could not configure [keystone_authtoken] in $conf"
    if is_service_enabled tls-proxy; then
        stacktach_iniset "$conf" oslo_middleware enable_proxy_headers_parsing True
    fi

    # The verifier: where its verdict notifications go, and the credentials
    # it reconciles with nova's API.
    stacktach_iniset "$conf" verifier workers "$STACKTACH_VERIFIER_WORKERS"
    stacktach_iniset "$conf" verifier topics "$STACKTACH_VERIFIER_TOPICS"
    stacktach_iniset "$conf" oslo_messaging_notifications driver messagingv2
    stacktach_iniset "$conf" oslo_messaging_notifications transport_url "$(get_notification_url)"
    stacktach_iniset "$conf" service_credentials auth_type password
    stacktach_iniset "$conf" service_credentials auth_url "$KEYSTONE_SERVICE_URI"
    stacktach_iniset "$conf" service_credentials username stacktach
    stacktach_iniset "$conf" service_credentials password "$SERVICE_PASSWORD"
    stacktach_iniset "$conf" service_credentials user_domain_name "$SERVICE_DOMAIN_NAME"
    stacktach_iniset "$conf" service_credentials project_name "$SERVICE_PROJECT_NAME"
    stacktach_iniset "$conf" service_credentials project_domain_name "$SERVICE_DOMAIN_NAME"
    stacktach_iniset "$conf" service_credentials region_name "$REGION_NAME"

    _stacktach_configure_observability

    if [[ "$STACKTACH_DEPLOY" == "uwsgi" ]]; then
        # write_uwsgi_config appends its ProxyPass line to the Apache site:
        # start from an empty one so that a second stack.sh adds no copy.
        sudo rm -f "$(apache_site_config_for stacktach-api)" || die $LINENO "Could not remove the old Apache site of stacktach-api"
        write_uwsgi_config "$STACKTACH_UWSGI_CONF" "$STACKTACH_UWSGI_APP" "/stacktach" "" "stacktach-api" || die $LINENO "Could not write $STACKTACH_UWSGI_CONF"
        stacktach_iniset "$STACKTACH_UWSGI_CONF" uwsgi processes "$STACKTACH_API_WORKERS"
        # The application reads this file even when it is not the default
        # /etc/stacktach_os/stacktach_os.conf.
        stacktach_iniset "$STACKTACH_UWSGI_CONF" uwsgi pyargv "--config-file $STACKTACH_CONF"
    fi
}

# _stacktach_configure_observability - [metrics], [tracing] and [health]
# from the STACKTACH_METRICS_*, STACKTACH_PROMETHEUS_*, STACKTACH_STATSD_*,
# STACKTACH_TRACING_*, STACKTACH_OTLP_ENDPOINT and STACKTACH_HEARTBEAT_DIR
# settings.
function _stacktach_configure_observability {
    local conf=$STACKTACH_CONF

    stacktach_iniset "$conf" metrics backend "$STACKTACH_METRICS_BACKEND"
    case "$STACKTACH_METRICS_BACKEND" in
        prometheus)
            stacktach_iniset "$conf" metrics prometheus_host "$STACKTACH_PROMETHEUS_HOST"
            stacktach_iniset "$conf" metrics prometheus_ports "$STACKTACH_PROMETHEUS_PORTS"
            # The API's uWSGI processes write their values there, so that
            # whichever answers GET /metrics adds them all up.
            stacktach_iniset "$conf" metrics prometheus_multiproc_dir "$STACKTACH_PROMETHEUS_MULTIPROC_DIR"
            ;;
        statsd)
            stacktach_iniset "$conf" metrics statsd_host "$STACKTACH_STATSD_HOST"
            stacktach_iniset "$conf" metrics statsd_port "$STACKTACH_STATSD_PORT"
            ;;
    esac

    stacktach_iniset "$conf" tracing enabled "$STACKTACH_TRACING_ENABLED"
    if [[ "$STACKTACH_TRACING_ENABLED" == "True" ]]; then
        stacktach_iniset "$conf" tracing otlp_endpoint "$STACKTACH_OTLP_ENDPOINT"
        stacktach_iniset "$conf" tracing sample_ratio "$STACKTACH_TRACING_SAMPLE_RATIO"
    fi
    if [[ -n "$STACKTACH_TRACE_URL_TEMPLATE" ]]; then
        stacktach_iniset "$conf" tracing trace_url_template "$STACKTACH_TRACE_URL_TEMPLATE"
    fi

    if [[ -n "$STACKTACH_HEARTBEAT_DIR" ]]; then
        stacktach_iniset "$conf" health heartbeat_dir "$STACKTACH_HEARTBEAT_DIR"
    fi
}

# _stacktach_clear_api_metrics - with Prometheus, remove the values the
# API's processes of a previous run wrote (prometheus_client's multiprocess
# mode wants an empty directory when the server starts).
function _stacktach_clear_api_metrics {
    if [[ "$STACKTACH_METRICS_BACKEND" != "prometheus" ]]; then
        return 0
    fi
    rm -rf "${STACKTACH_PROMETHEUS_MULTIPROC_DIR:?}/api" || die $LINENO "Could not empty $STACKTACH_PROMETHEUS_MULTIPROC_DIR/api"
}

# _stacktach_create_accounts - the ``stacktach`` service user (the API's
# token validation and the verifier's calls to nova) and, with the API,
# the ``stacktach`` service and its endpoints.
function _stacktach_create_accounts {
    local url

    create_service_user stacktach admin || die $LINENO "Could not create the stacktach service user in Keystone"
    if is_service_enabled stacktach-api; then
        url=$(stacktach_service_url)
        get_or_create_service stacktach stacktach "Event-based debugging, monitoring and usage verification" || die $LINENO "Could not create the stacktach service in Keystone"
        get_or_create_endpoint stacktach "$REGION_NAME" "$url" "$url" "$url" || die $LINENO "Could not create the stacktach endpoints in Keystone"
    fi
}

# init_stacktach - Keystone accounts, the database and its schema.
function init_stacktach {
    sudo install -d -o "$STACK_USER" -m 750 "$STACKTACH_STATE_PATH" || die $LINENO "Could not create $STACKTACH_STATE_PATH"
    _stacktach_create_accounts

    # The database server runs on this host: start from an empty database.
    # shellcheck disable=SC2086
    if is_service_enabled ${DATABASE_BACKENDS:-}; then
        recreate_database "$STACKTACH_DB_NAME" || die $LINENO "Could not create the $STACKTACH_DB_NAME database"
    fi
    "$STACKTACH_BIN_DIR/stacktach-os-dbsync" --config-file "$STACKTACH_CONF" upgrade || die $LINENO "stacktach-os-dbsync upgrade failed: the stacktach_os schema is not in place"
}

# start_stacktach - start the enabled processes; wait for the API.
function start_stacktach {
    local uwsgi_bin
    local url

    if is_service_enabled stacktach-api; then
        _stacktach_clear_api_metrics
        if [[ "$STACKTACH_DEPLOY" == "uwsgi" ]]; then
            uwsgi_bin=$(command -v uwsgi) || die $LINENO "uwsgi is not installed; set STACKTACH_DEPLOY=simple to run stacktach-os-api instead"
            enable_apache_site stacktach-api || die $LINENO "Could not enable the Apache site of stacktach-api"
            restart_apache_server || die $LINENO "Could not restart Apache"
            run_process stacktach-api "$uwsgi_bin --procname-prefix stacktach-api --ini $STACKTACH_UWSGI_CONF" || die $LINENO "Could not start stacktach-api"
        else
            run_process stacktach-api "$STACKTACH_BIN_DIR/stacktach-os-api --config-file $STACKTACH_CONF" || die $LINENO "Could not start stacktach-api"
        fi
        url=$(stacktach_service_url)
        echo "Waiting for stacktach-api to answer at $url ..."
        wait_for_service "$SERVICE_TIMEOUT" "$url" || die $LINENO "stacktach-api did not answer at $url within $SERVICE_TIMEOUT seconds"
    fi
    if is_service_enabled stacktach-notification; then
        run_process stacktach-notification "$STACKTACH_BIN_DIR/stacktach-os-notification --config-file $STACKTACH_CONF" || die $LINENO "Could not start stacktach-notification"
    fi
    if is_service_enabled stacktach-verifier; then
        run_process stacktach-verifier "$STACKTACH_BIN_DIR/stacktach-os-verifier --config-file $STACKTACH_CONF" || die $LINENO "Could not start stacktach-verifier"
    fi
}

# stop_stacktach - stop every enabled process, even when one of them will
# not stop, then report the ones that did not.
function stop_stacktach {
    local service
    local -a failed=()

    for service in $STACKTACH_SERVICES; do
        if is_service_enabled "$service"; then
            stop_process "$service" || failed+=("$service")
        fi
    done
    if [[ ${#failed[@]} -gt 0 ]]; then
        die $LINENO "Could not stop ${failed[*]}"
    fi
}

# _stacktach_drop_database - drop the database on this host's server. The
# server may already be down (unstack.sh --all stops it, and clean.sh then
# removes its data anyway), so a failure is reported, not fatal.
function _stacktach_drop_database {
    local db=$STACKTACH_DB_NAME

    # shellcheck disable=SC2086
    if ! is_service_enabled ${DATABASE_BACKENDS:-}; then
        return 0
    fi
    case "${DATABASE_TYPE:-}" in
        mysql)
            mysql -u"$DATABASE_USER" -p"$DATABASE_PASSWORD" -h"$MYSQL_HOST" -e "DROP DATABASE IF EXISTS $db;" ||
                warn $LINENO "Could not drop the $db database: is the MySQL server running?"
            ;;
        postgresql)
            psql -h"$DATABASE_HOST" -U"$DATABASE_USER" -dtemplate1 -c "DROP DATABASE IF EXISTS $db" ||
                warn $LINENO "Could not drop the $db database: is the PostgreSQL server running?"
            ;;
    esac
}

# cleanup_stacktach - remove the database, the configuration and the state
# (the embedded SQLite file lives there) left by a previous run.
function cleanup_stacktach {
    if [[ "$STACKTACH_DEPLOY" == "uwsgi" ]]; then
        remove_uwsgi_config "$STACKTACH_UWSGI_CONF" stacktach-api || die $LINENO "Could not remove the uwsgi configuration of stacktach-api"
        sudo rm -f "$(apache_site_config_for stacktach-api)" || die $LINENO "Could not remove the Apache site of stacktach-api"
    fi
    _stacktach_drop_database
    sudo rm -rf "${STACKTACH_CONF_DIR:?}" "${STACKTACH_STATE_PATH:?}" || die $LINENO "Could not remove $STACKTACH_CONF_DIR and $STACKTACH_STATE_PATH"
}

# Main dispatcher
# ---------------

# The services' notification settings are written on every host that runs
# them, including compute-only hosts where no stacktach-* service runs.
if [[ "${1:-}" == "stack" ]]; then
    case "${2:-}" in
        install)
            if is_service_enabled stacktach; then
                _stacktach_check_settings
                echo_summary "Installing stacktach_os"
                install_stacktach
            fi
            ;;
        post-config)
            if is_service_enabled stacktach; then
                _stacktach_check_settings
                echo_summary "Configuring stacktach_os"
                configure_stacktach
            fi
            echo_summary "Configuring the notifications of nova, glance, cinder and neutron for stacktach_os"
            stacktach_configure_services
            if is_service_enabled stacktach; then
                echo_summary "Initializing stacktach_os"
                init_stacktach
            fi
            ;;
        extra)
            if is_service_enabled stacktach; then
                _stacktach_check_settings
                echo_summary "Starting stacktach_os"
                start_stacktach
            fi
            ;;
    esac
elif [[ "${1:-}" == "unstack" ]] && is_service_enabled stacktach; then
    echo_summary "Stopping stacktach_os"
    stop_stacktach
elif [[ "${1:-}" == "clean" ]] && is_service_enabled stacktach; then
    echo_summary "Cleaning stacktach_os"
    cleanup_stacktach
fi

# Restore xtrace
$_XTRACE_STACKTACH
