#!/bin/bash
# The WordPress peer measured, as root, in about 7 minutes (README.md, "Measuring"):
# the query count, then pages and comment posting timed with Colloquy's own clients.
# usage: run.sh [RESULTS]   (default: var/wordpress/ in the repository)
# It leaves the thread restored and nginx and php-fpm stopped, even on failure:
# Colloquy's bench shares the cores.
set -euo pipefail

KIT=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$KIT/../.." && pwd)
RESULTS=$(realpath -m "${1:-$ROOT/var/wordpress}")
PYTHON=$ROOT/.venv/bin/python
CONFIG=/etc/wordpress/config-127.0.0.1.php
MU=/var/lib/wordpress/wp-content/mu-plugins
BASE=http://127.0.0.1:8081
THREAD_1000=$BASE/2023/03/14/thread-1000/
POST_PAGES=("$BASE/2023/03/14/thread-27/" "$THREAD_1000" "$BASE/2023/03/14/thread-10000/")
PAGES=("floor=$BASE/floor.php" "27=${POST_PAGES[0]}" "1000=${POST_PAGES[1]}"
  "10000=${POST_PAGES[2]}")

if [ ! -x "$PYTHON" ]; then
  echo "no $PYTHON: run make setup first" >&2
  exit 1
fi
cd "$ROOT" # for python -m bench.wordpress...
mkdir -p "$RESULTS/raw"

measuring_off() { # the query count's and the mail no-op variant's changes undone
  sed -i "/^define('SAVEQUERIES'/d" "$CONFIG"
  rm -f "$MU/count-queries.php" "$MU/mail-noop.php"
}

finish() {
  measuring_off
  /etc/init.d/nginx stop >/dev/null
  /etc/init.d/php8.2-fpm stop >/dev/null
  "$KIT/restore_thread.sh"
}
trap finish EXIT

restart() {
  /etc/init.d/php8.2-fpm restart >/dev/null
  /etc/init.d/nginx restart >/dev/null
  sleep 1
}

timeline() {
  date -u +"$1 %FT%TZ" >>"$RESULTS/raw/timeline.txt"
}

: >"$RESULTS/raw/timeline.txt"
timeline start
measuring_off # a killed run could not
"$KIT/restore_thread.sh"

echo "==> Query count (SAVEQUERIES, each post page viewed twice)"
rm -f /tmp/wp-queries.log
echo "define('SAVEQUERIES', true);" >>"$CONFIG"
ln -sfn "$KIT/mu-plugins/count-queries.php" "$MU/count-queries.php"
restart
for url in "${POST_PAGES[@]}" "${POST_PAGES[@]}"; do
  curl -sf -o /dev/null "$url"
done
cp /tmp/wp-queries.log "$RESULTS/queries.log"
measuring_off

# Due cron events run now, from the CLI: no wp-cron.php loopback during the timings.
php "$KIT/run_due_cron.php" >"$RESULTS/raw/cron-before.txt"
restart
for page in "${PAGES[@]}"; do
  curl -s -o /dev/null -w "prime %{http_code} %{size_download} %{url}\n" "${page#*=}"
done >>"$RESULTS/raw/timeline.txt"

: >"$RESULTS/pages.jsonl"
for run in 1 2 3; do
  echo "==> Pages, run $run"
  timeline "pages run $run"
  "$PYTHON" -m bench.wordpress.pages "$RESULTS/raw" $run "${PAGES[@]}" \
    >>"$RESULTS/pages.jsonl"
done

: >"$RESULTS/posting.jsonl"
: >"$RESULTS/raw/posted-status.txt"
for run in 1 2 3; do
  for variant in mail-built mail-noop; do
    echo "==> Posting comments, $variant, run $run"
    "$KIT/restore_thread.sh"
    if [ $variant = mail-noop ]; then
      ln -sfn "$KIT/mu-plugins/mail-noop.php" "$MU/mail-noop.php"
    else
      rm -f "$MU/mail-noop.php"
    fi
    sleep 1
    timeline "posting $variant run $run"
    "$PYTHON" -m bench.wordpress.post_comments "$THREAD_1000" "$variant run $run" \
      >>"$RESULTS/posting.jsonl"
    mysql -N wordpress -e "SELECT '$variant run $run', comment_approved, COUNT(*)
      FROM wp_comments WHERE comment_ID > 11028 GROUP BY comment_approved" \
      >>"$RESULTS/raw/posted-status.txt"
  done
done
timeline end

"$PYTHON" -m bench.wordpress.summarize "$RESULTS"
echo "Written to $RESULTS/SUMMARY.md"
