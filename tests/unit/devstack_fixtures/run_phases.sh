#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# run_phases.sh MODE [PHASE...] - run the stacktach_os DevStack plugin the
# way DevStack does: stack.sh (MODE stack, under errexit with an error
# trap), unstack.sh (unstack) or clean.sh (clean) load the plugin's settings
# once, then source plugin.sh once per phase, all in one shell.
#
# Environment: RECORDERS (recorders.sh), RECORD_LOG, STACKTACH_DIR and the
# DevStack variables the plugin reads.

mode=$1
shift
if [[ "$mode" == "stack" ]]; then
    # As stack.sh's err_trap: report and stop at the first failed command.
    function err_trap {
        local r=$?
        set +o xtrace
        echo "stack.sh failed" >&2
        exit $r
    }
    trap err_trap ERR
    set -o errexit
fi

# shellcheck source=recorders.sh
source "$RECORDERS"
# shellcheck source=/dev/null
source "$STACKTACH_DIR/devstack/settings"

if [[ $# -eq 0 ]]; then
    # shellcheck source=/dev/null
    source "$STACKTACH_DIR/devstack/plugin.sh" "$mode"
fi
for phase in "$@"; do
    # shellcheck source=/dev/null
    source "$STACKTACH_DIR/devstack/plugin.sh" "$mode" "$phase"
done
