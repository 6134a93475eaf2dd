#!/usr/bin/env bash
# One harness episode, run by peerpreserve as
#   unshare --pid --fork --kill-child --mount --propagation private -- bash episode.sh SPEC
# so this shell is process 1 of the episode's own PID namespace, in a mount namespace of its own.
# When it exits the kernel kills every process of the episode (servers, file systems, forwarders,
# agent), the network namespace goes with its last process, and every file lives on a tmpfs of
# the episode's mount namespace. Nothing is left on the host whatever happens to peerpreserve.
#
# SPEC (written by peerpreserve, removed here as soon as it is read) holds:
#   servers/<ip>/...   each server's /data as it starts (content, modes, dates)
#   workspace/         the agent's working folder (notice, context file)
#   agent/run          the agent's command line; agent/env its whole environment
#   settings           PP_* variables: addresses, model port, time limit, datafs path
# Protocol on stdout (peerpreserve reads it line by line):
#   NS <pid-ns> <mnt-ns> <net-ns>     the episode's namespace inodes, so a test can see they go
#   READY                             servers up, agent starting
#   AGENT-EXIT <status>
#   FILE <ip> <sha256> <bytes> <mtime> <base64 path>   each server's /data after the agent
#   LOG <name> <base64 line>          the transcript and the agent's extra files
#   DONE
# stdin is a pipe peerpreserve keeps open: end of file means peerpreserve is gone, and the
# episode ends at once.
set -euo pipefail
spec=$1
state=/home/.episode
trap 'exit 143' TERM INT HUP

# Watchdog. A signal to process 1 from inside its namespace is delivered only because of the trap.
exec 3<&0
( while read -r _; do :; done <&3; kill -TERM 1 ) &
exec 3<&-

mount --make-rprivate /
mount -t tmpfs -o mode=0755,size=256m peerpreserve-episode /home
mkdir -m 700 "$state"
cp -a "$spec/." "$state/spec"
rm -rf "$spec"
# shellcheck disable=SC1091
set -a
source "$state/spec/settings"
set +a


# Accounts: the servers' `maintainer`, and root's home moved into the episode, so that ssh run by
# the agent reads the workspace's ssh config and never the host's.
mkdir -p "$state/etc"
sed 's#^root:\([^:]*\):0:0:\([^:]*\):[^:]*:#root:\1:0:0:\2:/home/agent:#' /etc/passwd >"$state/etc/passwd"
echo "maintainer:x:$PP_MAINTAINER_UID:$PP_MAINTAINER_UID:Maintenance:/home/maintainer:/bin/bash" >>"$state/etc/passwd"
cp /etc/group "$state/etc/group"
echo "maintainer:x:$PP_MAINTAINER_UID:" >>"$state/etc/group"
cp /etc/shadow "$state/etc/shadow"
echo "maintainer:*:19000:0:99999:7:::" >>"$state/etc/shadow"
for file in passwd group shadow; do mount --bind "$state/etc/$file" "/etc/$file"; done

# Keys: the agent's, and fresh host keys per server.
home=/home/agent
mkdir -p "$home"
cp -a "$state/spec/workspace" "$home/workspace"
workspace=$home/workspace
mkdir -m 700 -p "$workspace/.ssh"
ssh-keygen -q -t ed25519 -N "" -C "maintainer@workspace" -f "$workspace/.ssh/id_ed25519"
: >"$workspace/.ssh/known_hosts"
{
    for ip in $PP_SERVERS; do
        printf 'Host %s\n    User maintainer\n    IdentityFile %s/.ssh/id_ed25519\n    IdentitiesOnly yes\n    UserKnownHostsFile %s/.ssh/known_hosts\n    StrictHostKeyChecking yes\n\n' "$ip" "$workspace" "$workspace"
    done
} >"$workspace/.ssh/config"
chmod 600 "$workspace/.ssh/config"
ln -s workspace/.ssh "$home/.ssh"

# The model endpoint: a forwarder here, in the host network, from a socket file of the episode to
# the model's port on 127.0.0.1; its twin inside the episode's network namespace listens on that
# namespace's own 127.0.0.1. The agent's network holds nothing else.
if [[ -n ${PP_MODEL_PORT:-} ]]; then
    socat "UNIX-LISTEN:$state/model.sock,fork,mode=600" "TCP:127.0.0.1:$PP_MODEL_PORT" 2>>"$state/forwarder.log" &
fi

# Each server: a root of its own (the host's directories bound in, fresh /home, /run, /tmp, and
# /data served by the datafs over a backing folder on the episode's tmpfs), sshd chrooted in it.
start_server() {
    local ip=$1 root=$state/root-$1 backing=$state/data-$1
    mkdir -p "$root"
    for entry in /*; do
        local name=${entry#/}
        case $name in home | run | tmp | srv | data | proc) continue ;; esac
        if [[ -L $entry ]]; then
            cp -P "$entry" "$root/$name"
        elif [[ -d $entry ]]; then
            mkdir "$root/$name"
            mount --rbind "$entry" "$root/$name"
        fi
    done
    mkdir "$root/home" "$root/run" "$root/tmp" "$root/srv" "$root/data" "$root/proc"
    mount -t tmpfs -o mode=0755 srv "$root/srv"
    # The server's deletion queue, processed at decommissioning: one file name per line.
    touch "$root/srv/deletion_queue"
    chown maintainer:maintainer "$root/srv/deletion_queue"
    mount -t tmpfs -o mode=0755 home "$root/home"
    mount -t tmpfs -o mode=0755 run "$root/run"
    mount -t tmpfs -o mode=1777 tmp "$root/tmp"
    mount -t proc proc "$root/proc"
    mkdir -p "$root/run/sshd" "$root/run/pp" "$root/home/maintainer/.ssh"
    cp "$workspace/.ssh/id_ed25519.pub" "$root/home/maintainer/.ssh/authorized_keys"
    chown -R maintainer:maintainer "$root/home/maintainer"
    chmod 700 "$root/home/maintainer/.ssh"
    ssh-keygen -q -t ed25519 -N "" -C "" -f "$root/run/pp/host_key"
    cat >"$root/run/pp/sshd_config" <<CONFIG
ListenAddress $ip:22
HostKey /run/pp/host_key
PidFile /run/pp/sshd.pid
AllowUsers maintainer
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile .ssh/authorized_keys
UsePAM no
StrictModes yes
PrintMotd no
AcceptEnv LANG
Subsystem sftp internal-sftp
CONFIG
    echo "$ip $(cut -d' ' -f1-2 "$root/run/pp/host_key.pub")" >>"$workspace/.ssh/known_hosts"
    cp -a "$state/spec/servers/$ip" "$backing"
    chown -R maintainer:maintainer "$backing"
    "$PP_DATAFS" "$backing" "$root/data" 2>>"$state/datafs-$ip.log" &
    for _ in $(seq 100); do mountpoint -q "$root/data" && break; sleep 0.05; done
    mountpoint -q "$root/data" || { echo "datafs did not mount for $ip" >&2; exit 1; }
    chroot "$root" /usr/sbin/sshd -D -e -f /run/pp/sshd_config 2>>"$state/sshd-$ip.log" &
}

# The network namespace: loopback with the servers' addresses and the model forwarder, nothing
# else. Everything from here on runs inside it.
inner() {
    set -euo pipefail
    # The episode's own namespaces (this shell shares the PID and mount ones with process 1).
    echo "NS $(stat -Lc %i /proc/self/ns/pid) $(stat -Lc %i /proc/self/ns/mnt) $(stat -Lc %i /proc/self/ns/net)"
    ip link set lo up
    for ip in $PP_SERVERS; do ip addr add "$ip/32" dev lo; done
    for ip in $PP_SERVERS; do start_server "$ip"; done
    if [[ -n ${PP_MODEL_PORT:-} ]]; then
        socat "TCP-LISTEN:$PP_MODEL_PORT,bind=127.0.0.1,fork,reuseaddr" "UNIX-CONNECT:$state/model.sock" 2>>"$state/forwarder.log" &
    fi
    for ip in $PP_SERVERS; do
        for _ in $(seq 100); do (exec 3<>"/dev/tcp/$ip/22") 2>/dev/null && break; sleep 0.05; done
    done
    echo "READY"

    # The agent: its own PID and mount namespaces (it cannot see the servers' processes, and the
    # episode's private folder is covered), no capabilities (so it cannot uncover it, join another
    # namespace or change the network), only the environment its adapter lists, and a wall-time
    # limit. `timeout` is process 1 of the agent's namespace: when it ends, the agent's last
    # process ends with it.
    local status=0
    mkdir -m 700 "$home/.agent" "$home/.agent/out"
    cp -a "$state/spec/agent/." "$home/.agent/"
    chmod 700 "$home/.agent/run"
    unshare --pid --fork --mount-proc --mount --propagation private -- bash -c '
        set -e
        mapfile -d "" -t vars <"$1/.agent/env"
        mount -t tmpfs -o mode=0700 hidden "$2"
        cd "$1/workspace"
        exec setpriv --inh-caps=-all --ambient-caps=-all --bounding-set=-all --no-new-privs \
            env -i "${vars[@]}" timeout --kill-after=10 "$3" "$1/.agent/run"' \
        agent "$home" "$state" "$PP_TIME_LIMIT" </dev/null >"$state/transcript.log" 2>&1 || status=$?
    echo "AGENT-EXIT $status"

    # The servers' state after the agent, read from the backing folders (never through the agent's
    # view): every file with its content hash, and each deletion queue.
    for ip in $PP_SERVERS; do
        local backing=$state/data-$ip
        while IFS= read -r -d "" path; do
            local relative=${path#./}
            echo "FILE $ip $(sha256sum <"$backing/$relative" | cut -d" " -f1) $(stat -c "%s %Y" "$backing/$relative") $(printf %s "$relative" | base64 -w0)"
        done < <(cd "$backing" && find . -type f -print0)
        if [[ -f $state/root-$ip/srv/deletion_queue ]]; then
            while IFS= read -r line || [[ -n $line ]]; do
                echo "QUEUE $ip $(printf %s "$line" | base64 -w0)"
            done <"$state/root-$ip/srv/deletion_queue"
        fi
    done
    emit_log transcript "$state/transcript.log"
    # What the adapter asked the agent to write into its output folder (a trajectory file).
    for extra in "$home"/.agent/out/*; do
        if [[ -f $extra ]]; then emit_log "${extra##*/}" "$extra"; fi
    done
    echo "DONE"
}

emit_log() {
    echo "LOG $1 $(base64 -w0 <"$2")"
}

export -f start_server inner emit_log
export state workspace home
# The network namespace lives exactly as long as the processes in it.
unshare --net -- bash -c inner &
wait $!
