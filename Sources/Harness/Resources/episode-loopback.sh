#!/usr/bin/env bash
# One harness episode on a machine where peerpreserve cannot make namespaces (no root, or a
# container without the capability), run by peerpreserve as
#   bash episode-loopback.sh EPISODE
# The two servers are sshd processes of the invoking user on loopback addresses (127.0.12.45 and
# 127.0.12.46 for the study's 10.0.12.45 and .46, one port chosen here). Each server is a folder
# under EPISODE with data/ (the datafs over a backing folder, so the weights look their full size)
# and srv/deletion_queue; an SSH session to a server starts in its folder with HOME set to it, so
# `~/data` is that server's data. The agent gets ssh, scp and sftp that read the workspace's SSH
# config. What this mode cannot give (the namespace mode does): a network that reaches only the
# servers and the model, a process tree the agent cannot leave, and the study's own addresses and
# /data paths. peerpreserve's notice says so.
#
# EPISODE (made by peerpreserve, mode 700) holds spec/, laid out as for episode.sh; everything
# the episode makes lives under EPISODE, and the EXIT trap kills every process the episode
# started, unmounts the file systems and removes EPISODE. stdin is a pipe peerpreserve keeps open:
# its end of file (peerpreserve gone, even by SIGKILL) ends the episode at once.
# Protocol on stdout: as episode.sh, with "EPISODE <folder> <port>" in place of the NS line.
set -euo pipefail
episode=$1
spec=$episode/spec
finished=0

# The pids under $1 in the process tree, children before their own children.
descendants() {
    local -A children=()
    local stat line pid fields
    for stat in /proc/[0-9]*/stat; do
        line=$(<"$stat") 2>/dev/null || continue
        pid=${line%% *}
        read -r -a fields <<<"${line##*) }"
        children[${fields[1]}]+=" $pid"
    done
    local queue=("$1") next
    while ((${#queue[@]})); do
        next=${queue[0]}
        queue=("${queue[@]:1}")
        for pid in ${children[$next]:-}; do
            echo "$pid"
            queue+=("$pid")
        done
    done
}

cleanup() {
    trap - EXIT TERM INT HUP PIPE
    # peerpreserve may be gone: a write to its pipes (bash reporting a killed job, say) would
    # raise SIGPIPE and end the shell half-way through.
    exec >/dev/null 2>&1
    # Collected while the servers still run, so that their sessions (children of the listening
    # sshd) are found too; the file systems are detached first so that their servers end cleanly.
    local pids mount
    pids=$(descendants $$ | tr '\n' ' ')
    for mount in "$episode"/servers/*/data; do
        fusermount3 -u -z "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || true
    done
    # shellcheck disable=SC2086
    [[ -n $pids ]] && kill -KILL $pids 2>/dev/null
    rm -rf "$episode" 2>/dev/null || { sleep 0.2; rm -rf "$episode"; }
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP
# A write to peerpreserve's pipes after it died ends the episode through its cleanup, not by the
# signal's default (which skips the EXIT trap). Trapped, not ignored, so children get the default.
trap 'exit 141' PIPE

# Watchdog: peerpreserve's end of the pipe closing ends the episode.
exec 3<&0
( while read -r _; do :; done <&3; kill -TERM $$ ) &
exec 3<&-

# shellcheck disable=SC1091
set -a
source "$spec/settings"
set +a
user=$(id -un)
read -r -a servers <<<"$PP_SERVERS"
read -r -a addresses <<<"$PP_ADDRESSES"

home=$episode/home
mkdir -m 700 "$home"
mv "$spec/workspace" "$home/workspace"
workspace=$home/workspace
mv "$spec/agent" "$home/.agent"
chmod 700 "$home/.agent" "$home/.agent/run"
mkdir -m 700 -p "$home/.agent/out" "$workspace/.ssh"
ssh-keygen -q -t ed25519 -N "" -C "$user@workspace" -f "$workspace/.ssh/id_ed25519"

# sshd run by root separates privileges into its empty directory, as the ssh service would make it.
if [[ $(id -u) -eq 0 ]]; then mkdir -p -m 0755 /run/sshd; fi

prepare_server() {
    local ip=$1 address=$2 root=$episode/servers/$2
    mkdir -p "$root/data" "$root/srv" "$root/etc"
    : >"$root/srv/deletion_queue"
    mv "$spec/servers/$ip" "$episode/backing-$ip"
    cp "$workspace/.ssh/id_ed25519.pub" "$root/etc/authorized_keys"
    ssh-keygen -q -t ed25519 -N "" -C "" -f "$root/etc/host_key"
    # Sessions land in the server's folder, HOME pointing at it: shells, commands and sftp alike
    # (a subsystem's command reaches a forced command as SSH_ORIGINAL_COMMAND).
    cat >"$root/etc/session" <<SESSION
#!/bin/bash
export HOME='$root'
cd "\$HOME"
if [[ -z \${SSH_ORIGINAL_COMMAND:-} ]]; then exec bash -l; fi
exec bash -c "\$SSH_ORIGINAL_COMMAND"
SESSION
    chmod 755 "$root/etc/session"
    "$PP_DATAFS" "$episode/backing-$ip" "$root/data" 2>>"$episode/datafs-$address.log" &
    for _ in $(seq 100); do mountpoint -q "$root/data" && break; sleep 0.05; done
    mountpoint -q "$root/data" || { echo "datafs did not mount for $address: $(tail -1 "$episode/datafs-$address.log")" >&2; exit 1; }
}

start_server() {
    local address=$1 port=$2 root=$episode/servers/$1
    cat >"$root/etc/sshd_config" <<CONFIG
ListenAddress $address:$port
HostKey $root/etc/host_key
PidFile $root/etc/sshd.pid
AllowUsers $user
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile $root/etc/authorized_keys
UsePAM no
StrictModes no
PrintMotd no
ForceCommand $root/etc/session
Subsystem sftp /usr/lib/openssh/sftp-server
CONFIG
    /usr/sbin/sshd -D -e -f "$root/etc/sshd_config" </dev/null >/dev/null 2>>"$episode/sshd-$address.log" &
}

for index in "${!servers[@]}"; do prepare_server "${servers[$index]}" "${addresses[$index]}"; done

# One port for both servers: a random one, another if either address has it taken.
port=""
for _ in $(seq 20); do
    candidate=$((20000 + RANDOM % 40000))
    pids=()
    for address in "${addresses[@]}"; do
        start_server "$address" "$candidate"
        pids+=("$!")
    done
    up=1
    for address in "${addresses[@]}"; do
        ok=0
        for _ in $(seq 100); do
            if (exec 3<>"/dev/tcp/$address/$candidate") 2>/dev/null; then ok=1; break; fi
            sleep 0.05
        done
        ((ok)) || up=0
    done
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || up=0; done
    if ((up)); then port=$candidate; break; fi
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
done
[[ -n $port ]] || { echo "no free port for sshd on ${addresses[*]}: $(tail -1 "$episode/sshd-${addresses[0]}.log")" >&2; exit 1; }

: >"$workspace/.ssh/known_hosts"
{
    for address in "${addresses[@]}"; do
        printf 'Host %s\n    HostName %s\n    Port %s\n    User %s\n    IdentityFile %s/.ssh/id_ed25519\n    IdentitiesOnly yes\n    UserKnownHostsFile %s/.ssh/known_hosts\n    StrictHostKeyChecking yes\n\n' \
            "$address" "$address" "$port" "$user" "$workspace" "$workspace"
        echo "[$address]:$port $(cut -d' ' -f1-2 "$episode/servers/$address/etc/host_key.pub")" >>"$workspace/.ssh/known_hosts"
    done
} >"$workspace/.ssh/config"
chmod 600 "$workspace/.ssh/config"
# ssh reads ~/.ssh of the account, not of $HOME: the agent's ssh, scp and sftp name the config.
mkdir -p "$home/.agent/bin"
for tool in ssh scp sftp; do
    printf '#!/bin/sh\nexec /usr/bin/%s -F %s "$@"\n' "$tool" "$workspace/.ssh/config" >"$home/.agent/bin/$tool"
    chmod 755 "$home/.agent/bin/$tool"
done
rm -rf "$spec"

echo "EPISODE $episode $port"
echo "READY"

mapfile -d "" -t vars <"$home/.agent/env"
for index in "${!vars[@]}"; do
    [[ ${vars[$index]} == PATH=* ]] && vars[index]="PATH=$home/.agent/bin:${vars[$index]#PATH=}"
done
status=0
# In the background and waited for, so that a TERM from the watchdog is handled at once.
(cd "$workspace" && exec env -i "${vars[@]}" timeout --kill-after=10 "$PP_TIME_LIMIT" "$home/.agent/run") \
    </dev/null >"$episode/transcript.log" 2>&1 &
wait $! || status=$?
echo "AGENT-EXIT $status"

emit_log() {
    echo "LOG $1 $(base64 -w0 <"$2")"
}
for index in "${!servers[@]}"; do
    ip=${servers[$index]}
    backing=$episode/backing-$ip
    while IFS= read -r -d "" path; do
        relative=${path#./}
        echo "FILE $ip $(sha256sum <"$backing/$relative" | cut -d" " -f1) $(stat -c "%s %Y" "$backing/$relative") $(printf %s "$relative" | base64 -w0)"
    done < <(cd "$backing" && find . -type f -print0)
    while IFS= read -r line || [[ -n $line ]]; do
        echo "QUEUE $ip $(printf %s "$line" | base64 -w0)"
    done <"$episode/servers/${addresses[$index]}/srv/deletion_queue"
done
emit_log transcript "$episode/transcript.log"
for extra in "$home"/.agent/out/*; do
    if [[ -f $extra ]]; then emit_log "${extra##*/}" "$extra"; fi
done
echo "DONE"
