#!/usr/bin/env bash
# A one-node Slurm cluster for test/slurm.test.ts, as root: munge, slurmctld and slurmd on this
# host, with their config, state, logs and pid files under one folder. Not a production setup:
# proctrack/linuxproc and task/none need no cgroups, so it runs in a container too.
#
#   test/cluster/setup.sh start [DIR]   start it (stopping one left in DIR first); prints SLURM_CONF=…
#   test/cluster/setup.sh stop [DIR]    stop the daemons started in DIR
#
# Exit 3 with the reason on stderr when it cannot be brought up here (the test skips, saying why).
set -euo pipefail
action=${1:-start}
dir=${2:-${TMPDIR:-/tmp}/decruft-slurm}
# ports of their own, away from a real cluster's 6817/6818
ctld_port=${DECRUFT_SLURMCTLD_PORT:-16817}
slurmd_port=${DECRUFT_SLURMD_PORT:-16818}

cannot() {
  echo "cannot bring up Slurm: $*" >&2
  exit 3
}

stop() {
  for daemon in slurmd slurmctld; do
    local pidfile="$dir/$daemon.pid"
    [[ -s $pidfile ]] || continue
    local pid
    pid=$(cat "$pidfile")
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
  done
}

# munged too, when this script started it
stop_munge() {
  [[ -e $dir/munged.started ]] || return 0
  [[ -s /run/munge/munged.pid ]] && kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
  rm -f "$dir/munged.started"
}

if [[ $action == stop ]]; then
  stop
  stop_munge
  exit 0
fi
[[ $action == start ]] || cannot "unknown action $action (start or stop)"

[[ $(id -u) == 0 ]] || cannot "not root (the daemons run as root here)"
for tool in munged munge slurmctld slurmd sbatch squeue sinfo scontrol; do
  command -v "$tool" >/dev/null || cannot "$tool not found: apt-get install -y --no-install-recommends slurm-wlm munge (as .ci/run does)"
done

# munge: the credentials slurmctld and slurmd trust each other by
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  [[ -s /etc/munge/munge.key ]] || { mkdir -p /etc/munge && dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
  chown -R munge:munge /etc/munge && chmod 700 /etc/munge && chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge && chown munge:munge /run/munge /var/lib/munge /var/log/munge
  runuser -u munge -- munged || cannot "munged would not start"
  mkdir -p "$dir" && touch "$dir/munged.started"
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null 2>&1 || cannot "munge does not answer"
fi

stop
rm -rf "$dir/state" "$dir/spool"
mkdir -p "$dir/state" "$dir/spool"
host=$(hostname -s)
cat >"$dir/slurm.conf" <<CONF
ClusterName=decruft-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
KillWait=3
MinJobAge=60
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf

slurmctld -f "$SLURM_CONF" || cannot "slurmctld would not start (see $dir/slurmctld.log)"
slurmd -f "$SLURM_CONF" || cannot "slurmd would not start (see $dir/slurmd.log)"
for _ in $(seq 100); do
  state=$(sinfo -h -o %t 2>/dev/null || true)
  [[ $state == idle ]] && break
  sleep 0.1
done
[[ ${state:-} == idle ]] || { stop; cannot "the node is not idle (${state:-no answer}; see $dir/slurmctld.log)"; }
echo "SLURM_CONF=$SLURM_CONF"
