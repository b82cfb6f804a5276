#!/usr/bin/env bash
# Starts an image's own entrypoint from its unpacked layers, the way a container runtime would, with the
# tools this machine has (podman's runtime cannot run here: cgroups): new mount and PID namespaces
# (unshare), the image's root bind-mounted read-only, a fresh tmpfs on /tmp (the pod's emptyDir), /proc,
# /sys (read-only) and a minimal /dev, the given volumes, then chroot and setpriv (the image's own) to the
# image's numeric user with no capabilities and no_new_privs. The host network is shared, so a port the
# process opens is reachable on 127.0.0.1.
#
# Usage: run-image.sh ROOT CONFIG.json [options] [-- ARG...]
#   ROOT         the image unpacked (oci-archive.py unpack)
#   CONFIG.json  the image's config (oci-archive.py config): Env, Entrypoint, Cmd, User, WorkingDir
#   --env-file F   KEY=VALUE lines added to (and overriding) the image's Env (a ConfigMap's data)
#   --env K=V      one more variable (wins over --env-file)
#   --volume HOST:PATH[:ro]   bind HOST on PATH (PATH must exist in the image: the root is read-only)
#   --hosts F      bind F on /etc/hosts (Service names -> 127.0.0.1)
#   --workdir D    instead of the image's WorkingDir
#   --command      the ARGs replace the Entrypoint (Kubernetes' `command`); otherwise they replace Cmd
#                  (`args`), and no ARG keeps the image's Cmd
# Runs in the foreground; the process gets PID 1 of its namespace's child and dies with this script
# (unshare --kill-child). Needs root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "run-image: $*" >&2; exit 2; }
[ $# -ge 2 ] || die "usage: run-image.sh ROOT CONFIG.json [--env-file F] [--env K=V] [--volume H:P[:ro]] [--hosts F] [--workdir D] [--command] [-- ARG...]"
root="$(readlink -f "$1")"; config="$2"; shift 2
[ -d "$root" ] || die "$root: no such image root"
[ -f "$config" ] || die "$config: no such image config"
[ "$(id -u)" = 0 ] || die "needs root (unshare, mount, chroot)"

env_files=(); envs=(); volumes=(); hosts=""; replace_entrypoint=0; workdir_opt=()
while [ $# -gt 0 ]; do
  case "$1" in
    --env-file) env_files+=("$2"); shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    --volume) volumes+=("$2"); shift 2 ;;
    --hosts) hosts="$(readlink -f "$2")"; shift 2 ;;
    --command) replace_entrypoint=1; shift ;;
    --workdir) workdir_opt=("--workdir=$2"); shift 2 ;;
    --) shift; break ;;
    *) die "unknown option $1" ;;
  esac
done

# The process: user, working directory, environment and argv from the config, as a runtime composes them.
spec="$(mktemp)"
trap 'rm -f "$spec"' EXIT
/usr/bin/python3 "$here/container-spec.py" "$config" "$replace_entrypoint" "${env_files[@]/#/--env-file=}" \
  "${envs[@]/#/--env=}" "${workdir_opt[@]}" -- "$@" >"$spec" || die "bad image config $config"
mapfile -d '' -t fields <"$spec"
user="${fields[0]}"; workdir="${fields[1]}"; nenv="${fields[2]}"
env_list=("${fields[@]:3:$nenv}"); argv=("${fields[@]:$((3 + nenv))}")
[ ${#argv[@]} -gt 0 ] || die "$config: no Entrypoint or Cmd to run"
uid="${user%%:*}"; gid="${user#*:}"; [ "$gid" != "$user" ] || gid="$uid"
[[ "$uid" =~ ^[0-9]+$ && "$gid" =~ ^[0-9]+$ ]] || die "$config: User '$user' is not numeric uid:gid"

mounts=""
for v in "${volumes[@]}"; do
  IFS=: read -r host path mode <<<"$v"
  [ -e "$host" ] || die "volume source $host does not exist"
  [ -e "$root$path" ] || die "volume target $path does not exist in the image (read-only root)"
  mounts+="mount --bind '$host' '$root$path'"$'\n'
  [ "$mode" != ro ] || mounts+="mount -o remount,bind,ro '$root$path'"$'\n'
done
[ -z "$hosts" ] || { [ -e "$root/etc/hosts" ] || die "/etc/hosts missing in the image"; mounts+="mount --bind '$hosts' '$root/etc/hosts'"$'\n'; }

# Inside the new namespaces (this shell is PID 1 there): the read-only root first, then what lies on it.
setup="set -e
mount --make-rprivate /
mount --bind '$root' '$root'
mount -o remount,bind,ro '$root'
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs '$root/tmp'
mount -t proc -o nosuid,nodev,noexec proc '$root/proc'
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs '$root/sys'
mount -t tmpfs -o mode=755,nosuid tmpfs '$root/dev'
for d in null zero full random urandom tty; do touch '$root/dev/'\$d; mount --bind /dev/\$d '$root/dev/'\$d; done
mkdir '$root/dev/shm'; mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs '$root/dev/shm'
ln -s /proc/self/fd '$root/dev/fd'
$mounts
exec chroot '$root' /usr/bin/setpriv --reuid=$uid --regid=$gid --clear-groups --no-new-privs \\
  --inh-caps=-all --bounding-set=-all -- /usr/bin/env -i -C \"\$0\" \"\$@\""
exec unshare --mount --pid --fork --kill-child /bin/sh -c "$setup" "$workdir" "${env_list[@]}" "${argv[@]}"
