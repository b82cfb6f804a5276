#!/usr/bin/env bash
# A private single-node Slurm cluster for tests (as root): its own munge daemon, key and socket, slurmctld and
# slurmd on their own ports, all state under STATE_DIR, so it neither needs nor disturbs a system Slurm.
#   cluster.sh start STATE_DIR   installs slurm-wlm + munge (apt) when missing, starts the daemons, waits until
#                                `srun hostname` works; prints `export SLURM_CONF=...` for the caller to eval
#   cluster.sh stop STATE_DIR    stops exactly the daemons start recorded (by PID), nothing else
# The controller's log (STATE_DIR/slurmctld.log) records every submitted job ("_slurm_rpc_submit_batch_job").
set -euo pipefail
cmd="${1:-}"; state="${2:-}"
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: cluster.sh start|stop STATE_DIR" >&2; exit 2; }
say() { echo "slurm-cluster: $*" >&2; }

stop() {
  local pidfile pid
  for pidfile in "$state/slurmd.pid" "$state/slurmctld.pid" "$state/munged.pid"; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      say "stopped $(basename "$pidfile" .pid) (pid $pid)"
    fi
    rm -f "$pidfile"
  done
}

if [ "$cmd" = stop ]; then
  stop
  exit 0
fi
[ "$cmd" = start ] || { echo "usage: cluster.sh start|stop STATE_DIR" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { say "needs root (slurmd runs jobs as their users)"; exit 1; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  say "installing slurm-wlm and munge with apt-get"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge; } >&2
fi

mkdir -p "$state"/{munge,spool/ctld,spool/d}
state="$(cd "$state" && pwd)"
chmod 755 "$state"
chown munge: "$state/munge"
chmod 711 "$state/munge"  # munged wants its socket folder searchable by all
if [ ! -f "$state/munge/munge.key" ]; then
  head -c 1024 /dev/urandom > "$state/munge/munge.key"
  chown munge: "$state/munge/munge.key"
  chmod 400 "$state/munge/munge.key"
fi
runuser -u munge -- test -x "$state/munge" \
  || { say "user munge cannot reach $state/munge: make its parent folders searchable (chmod o+x)"; exit 1; }
socket="$state/munge/munge.socket"
runuser -u munge -- munged --socket="$socket" --key-file="$state/munge/munge.key" \
  --pid-file="$state/munge/munged.pid" --log-file="$state/munge/munged.log" --seed-file="$state/munge/munged.seed"
for _ in $(seq 50); do [ -s "$state/munge/munged.pid" ] && break; sleep 0.1; done
cp "$state/munge/munged.pid" "$state/munged.pid"

node="$(hostname -s)"
# free ports near 6917 (a system Slurm keeps 6817/6818)
port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
ctld_port="$(port 6917)"; d_port="$(port $((ctld_port + 1)))"
cpus="$(nproc)"
mem_mb="$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)"
cat > "$state/slurm.conf" <<CONF
ClusterName=seqbindtest
SlurmctldHost=$node
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$state/spool/ctld
SlurmdSpoolDir=$state/spool/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
MpiDefault=none
KillWait=5
NodeName=$node CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$state/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do
  if sinfo -h -o '%T' 2>/dev/null | grep -q '^idle'; then break; fi
  sleep 0.2
done
sinfo -h -o '%T' | grep -q '^idle' || { say "node not idle: $(sinfo 2>&1 | tail -n 2)"; stop; exit 1; }
out="$(timeout 30 srun -N1 -n1 hostname 2>&1)" || { say "srun failed: $out"; stop; exit 1; }
say "up: node $node ($cpus CPUs, ${mem_mb} MB), controller port $ctld_port, srun hostname -> $out"
echo "export SLURM_CONF=$SLURM_CONF"
