#!/bin/bash
# The lab's shared Bazel cache: Debian's nginx, storing what Bazel PUTs and
# serving it back by GET (Bazel's HTTP remote cache), with the
# configuration in tools/cache/nginx.conf. A plain process this script
# starts and stops, not a system service; its configuration, pid, logs,
# temporary files and the store itself are in one folder.
#
#   bench/cache-server.sh start  [--port N] [--dir DIR] [--address A]
#   bench/cache-server.sh stop   [--dir DIR]
#   bench/cache-server.sh status [--dir DIR]
#
#   --port N     the port to listen on, 1 to 65535 (default 9092)
#   --dir DIR    the server's folder (default: racelab-cache/ in the
#                workspace): DIR/store holds the cache, DIR/logs the logs
#   --address A  the address to listen on (default 127.0.0.1, loopback;
#                0.0.0.0 serves the lab's network, to anyone on it:
#                docs/remote-execution.md)
#
# Then: bazel test //... --config=labcache (.bazelrc), or
# --remote_cache=http://HOST:N. Status: 0 done (status: running), 1 it
# failed, 2 a bad command line, 3 (status) not running.
set -uo pipefail
workspace=$(cd "$(dirname "$0")/.." && pwd)
template=$workspace/tools/cache/nginx.conf

refuse() {
	echo "cache-server: $*" >&2
	exit 2
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
start | stop | status) ;;
-h | --help | help)
	sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
"") refuse "a command is needed: start, stop or status (\`bench/cache-server.sh --help\`)." ;;
*) refuse "there is no command \`$cmd\`: the commands are start, stop and status." ;;
esac

port=9092 dir=$workspace/racelab-cache address=127.0.0.1
while [ $# -gt 0 ]; do
	opt=$1 value=
	case $opt in
	--port=* | --dir=* | --address=*) value=${opt#*=} opt=${opt%%=*} ;;
	--port | --dir | --address)
		[ $# -ge 2 ] || refuse "\`$opt\` needs a value."
		value=$2
		shift
		;;
	*) refuse "$cmd has no option \`$opt\`: the options are --port N, --dir DIR and --address A." ;;
	esac
	shift
	[ "$cmd" = start ] || [ "$opt" = --dir ] ||
		refuse "$cmd takes only --dir DIR: the server's port and address are those it was started with."
	case $opt in
	--port)
		[[ $value =~ ^[0-9]{1,5}$ ]] && ((10#$value >= 1 && 10#$value <= 65535)) ||
			refuse "\`--port\` takes a whole number from 1 to 65535, not \`$value\`."
		port=$((10#$value))
		;;
	--dir)
		[ -n "$value" ] || refuse "\`--dir\` needs a folder, not an empty name."
		dir=$value
		;;
	--address)
		[[ $value =~ ^[0-9a-fA-F.:]+$ ]] ||
			refuse "\`--address\` takes an IP address such as 127.0.0.1 or 0.0.0.0, not \`$value\`."
		address=$value
		;;
	esac
done
case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
pidfile=$dir/nginx.pid

# The pid of the server running from DIR, or nothing: the pid file's
# process must be an nginx master started with DIR as its prefix.
running_pid() {
	local pid
	[ -r "$pidfile" ] || return 1
	read -r pid <"$pidfile" 2>/dev/null || return 1
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-p $dir/ " || return 1
	echo "$pid"
}

listen_line() {
	sed -nE 's/^ *listen ([^;]+);.*/\1/p' "$dir/nginx.conf" 2>/dev/null | head -1
}

case $cmd in
status)
	if pid=$(running_pid); then
		echo "cache-server: running, pid $pid, http://$(listen_line)/, store $dir/store ($(du -sh "$dir/store" 2>/dev/null | cut -f1))"
		exit 0
	fi
	echo "cache-server: not running (no server from $dir)"
	exit 3
	;;
stop)
	if ! pid=$(running_pid); then
		echo "cache-server: not running (no server from $dir): nothing to stop"
		exit 0
	fi
	# QUIT: the workers finish the requests they are serving, then end.
	kill -QUIT "$pid" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null
		sleep 1
		kill -KILL "$pid" 2>/dev/null
	fi
	rm -f "$pidfile"
	echo "cache-server: stopped (pid $pid); the store stays in $dir/store"
	exit 0
	;;
esac

# start
if pid=$(running_pid); then
	echo "cache-server: already running, pid $pid, http://$(listen_line)/ (\`bench/cache-server.sh stop --dir $dir\` first to change it)"
	exit 0
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
	# the Debian path the README's commands use: ./racelab setup installs
	# nginx with the rest of its PACKAGES
	"$workspace/racelab" setup || {
		echo "cache-server: nginx is not installed and ./racelab setup could not install it: \`apt-get install nginx\` and try again" >&2
		exit 1
	}
fi
nginx=$(command -v nginx || echo /usr/sbin/nginx)
mkdir -p "$dir/store" "$dir/logs" "$dir/tmp" 2>/dev/null || {
	echo "cache-server: cannot make the folder $dir" >&2
	exit 1
}
dir=$(cd "$dir" && pwd) pidfile=$dir/nginx.pid
case $address in *:*) listen="[$address]:$port" ;; *) listen="$address:$port" ;; esac
sed -e "s/@ADDRESS@:@PORT@/$listen/" "$template" >"$dir/nginx.conf" || exit 1
globals=()
# As root, nginx's workers would run as www-data, who cannot write a
# store root owns: they run as the folder's owner instead.
[ "$(id -u)" -eq 0 ] && globals=(-g "user $(stat -c %U "$dir") $(stat -c %G "$dir");")
: >"$dir/logs/start.log"
# The trailing slash: running_pid() knows this server by "-p DIR/ ".
if ! "$nginx" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/logs/error.log" "${globals[@]}" \
	>"$dir/logs/start.log" 2>&1; then
	why=$(grep -ohE '\[emerg\].*' "$dir/logs/start.log" "$dir/logs/error.log" 2>/dev/null | head -1)
	echo "cache-server: nginx did not start on $listen: ${why:-see $dir/logs/error.log}" >&2
	exit 1
fi
for _ in $(seq 50); do
	pid=$(running_pid) && break
	sleep 0.1
done
if [ -z "${pid:-}" ]; then
	echo "cache-server: nginx started but wrote no pid file in $dir: see $dir/logs/error.log" >&2
	exit 1
fi
echo "cache-server: running, pid $pid, http://$listen/, store $dir/store"
