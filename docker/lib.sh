# registry-ui entrypoint: the shell helpers, written once. Sourced by
# docker/entrypoint.sh; POSIX sh (dash, busybox ash), defines functions only.
# shellcheck shell=sh

PROG=registry-ui
NL='
'
CR=$(printf '\r')
# A DNS name or a bracketed IPv6 address, as URLs and RESOLVER write them.
host_re='([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])'

die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  exit 1
}

warn() {
  printf '%s: warning: %s\n' "$PROG" "$*" >&2
}

# matches VALUE ERE: true when the whole value matches. A value with a line
# break never matches (grep would test each line on its own).
matches() {
  case "$1" in *"$NL"* | *"$CR"*) return 1 ;; esac
  printf '%s\n' "$1" | grep -Eqx -- "$2"
}

lower() {
  printf '%s' "$1" | tr '[:upper:]' '[:lower:]'
}

# Shown in messages: the value between quotes, line breaks made visible.
show() {
  if [ "${#1}" -gt 120 ]; then
    printf "'%s…' (%s characters)" "$(printf '%s' "$1" | cut -c 1-60 | head -n 1)" "${#1}" | tr '\n\r\t' '???'
  else
    printf "'%s'" "$1" | tr '\n\r\t' '???'
  fi
}

# max_length NAME VALUE MAX: stops the start, naming NAME, when VALUE is longer
# than MAX characters (nginx would fail on it later without saying which
# variable, or ln on a too-long file name).
max_length() {
  [ "${#2}" -le "$3" ] || die "$1 is too long: ${#2} characters, at most $3"
}

# check_host NAME HOST: a DNS name of at most 253 characters and labels of at
# most 63 (RFC 1035), or a bracketed IPv6 address.
check_host() {
  case "$2" in \[*\]) return 0 ;; esac
  [ "${#2}" -le 253 ] || die "$1: the host name is too long: ${#2} characters, at most 253"
  ch_rest=$2
  while [ -n "$ch_rest" ]; do
    ch_label=${ch_rest%%.*}
    [ "${#ch_label}" -le 63 ] || die "$1: a host name label is longer than 63 characters: $(show "$ch_label")"
    case "$ch_rest" in *.*) ch_rest=${ch_rest#*.} ;; *) ch_rest= ;; esac
  done
}

# parse_bool NAME VALUE: prints true or false (true/false, 1/0, yes/no, on/off,
# any case); stops the start on anything else. Use as X=$(parse_bool X "$X").
parse_bool() {
  case "$(lower "$2")" in
    true | 1 | yes | on) echo true ;;
    false | 0 | no | off) echo false ;;
    *) die "$1 must be true or false, got $(show "$2")" ;;
  esac
}

# parse_url NAME URL CREDENTIALS_HINT: URL must be http(s)://host[:port][/path]
# (no query, no credentials, no . or .. segments). Sets url_scheme (lower
# case), url_host (lower case, IPv6 bracketed), url_port ("" when not written),
# url_server (host:port, the port always), url_hosthdr (the Host header: host,
# or host:port when the port is not the scheme's default), url_hostname (the
# TLS name: no brackets), url_path_raw (the path as written, at least "/") and
# url_path (without its trailing "/": "" or "/x/y").
parse_url() {
  max_length "$1" "$2" 1024
  case "$2" in *@*) die "$1 must not contain credentials$3" ;; esac
  matches "$2" "[Hh][Tt][Tt][Pp][Ss]?://${host_re}(:[1-9][0-9]{0,4})?(/[A-Za-z0-9._~-]+)*/?" \
    || die "$1 must look like http(s)://host[:port][/path], got $(show "$2")"
  url_scheme=$(lower "${2%%://*}")
  pu_rest=${2#*://}
  case "$pu_rest" in
    */*) pu_authority=${pu_rest%%/*} url_path_raw=/${pu_rest#*/} ;;
    *) pu_authority=$pu_rest url_path_raw=/ ;;
  esac
  url_path=${url_path_raw%/}
  case "$url_path_raw" in */./* | */. | */../* | */..) die "$1 path must not contain . or .. segments" ;; esac
  case "$pu_authority" in
    \[*\]:* | [!\[]*:*) url_host=${pu_authority%:*} url_port=${pu_authority##*:} ;;
    *) url_host=$pu_authority url_port= ;;
  esac
  url_host=$(lower "$url_host")
  check_host "$1" "$url_host"
  if [ "$url_scheme" = https ]; then pu_default=443; else pu_default=80; fi
  if [ -n "$url_port" ] && [ "$url_port" -gt 65535 ]; then
    die "$1 port must be 1..65535, got $(show "$url_port")"
  fi
  url_server="$url_host:${url_port:-$pu_default}"
  if [ -z "$url_port" ] || [ "$url_port" = "$pu_default" ]; then url_hosthdr=$url_host; else url_hosthdr="$url_host:$url_port"; fi
  url_hostname=$(printf '%s' "$url_host" | tr -d '[]')
}

# read_secret NAME VALUE: prints the user:password VALUE holds, itself or in the
# first line of the file it names by an absolute path (a Docker or Kubernetes
# secret); "" for "". Use as X=$(read_secret NAME "$VALUE").
read_secret() {
  max_length "$1" "$2" 1024
  case "$2" in
    '') return 0 ;;
    /*)
      [ -f "$2" ] && [ -r "$2" ] || die "$1 names a file that cannot be read: $(show "$2")"
      rs_value=$(head -n 1 "$2" | tr -d '\r')
      max_length "$1 (the user:password in the file)" "$rs_value" 1024
      case "$rs_value" in [!:]*:*) ;; *) die "the first line of the $1 file must be user:password" ;; esac
      ;;
    [!:]*:*) rs_value=$2 ;;
    *) die "$1 must be user:password or the absolute path of a file holding it" ;;
  esac
  case "$rs_value" in *"$NL"* | *"$CR"*) die "$1 must be one line" ;; esac
  printf '%s' "$rs_value"
}

# json_string VALUE: VALUE as a JSON string literal that is also safe inside
# an HTML <script> element and a JS file: quotes, backslashes and control
# characters escaped, and < > & written as \u003c \u003e \u0026 so that
# "</script>" or "<!--" cannot end or change the script.
json_string() {
  JSON_VALUE="$1" LC_ALL=C awk 'BEGIN {
    s = ENVIRON["JSON_VALUE"]
    for (i = 1; i < 32; i++) ctl[sprintf("%c", i)] = sprintf("\\u%04x", i)
    ctl["\n"] = "\\n"; ctl["\r"] = "\\r"; ctl["\t"] = "\\t"
    ctl["\b"] = "\\b"; ctl["\f"] = "\\f"
    ctl["\""] = "\\\""; ctl["\\"] = "\\\\"
    ctl["<"] = "\\u003c"; ctl[">"] = "\\u003e"; ctl["&"] = "\\u0026"
    ctl[sprintf("%c", 127)] = "\\u007f"
    out = ""
    n = length(s)
    for (i = 1; i <= n; i++) {
      c = substr(s, i, 1)
      out = out ((c in ctl) ? ctl[c] : c)
    }
    printf "\"%s\"", out
  }'
}

# abs_dir PATH: PATH made absolute (symlinks resolved); fails unless a directory.
abs_dir() {
  [ -d "$1" ] || return 1
  (cd "$1" && pwd -P)
}
