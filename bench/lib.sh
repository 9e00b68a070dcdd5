# Shared by the bench/*.sh scripts (sourced, not run).

# The machine rows of a results table ("| machine | |" header included): kernel, cores and CPU,
# memory, the commit (dirty or not). ROOT must be the repository root.
machine_rows() {
  echo "| machine | |"
  echo "|---|---|"
  echo "| kernel | $(uname -sr) |"
  echo "| cores | $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')) |"
  echo "| memory | $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) |"
  echo "| commit | $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet -- . ':(exclude)bench/results' 2>/dev/null || echo ' (dirty)') |"
}

# A "Notes:" list of the arguments, when there are any.
notes_section() {
  (($#)) || return 0
  echo
  echo "Notes:"
  for n in "$@"; do echo "- $n"; done
}
