#!/bin/bash
# Colloquy -> WordPress -> Colloquy through a real WordPress 6.1, as root, in about a
# minute (README.md, "The round trip"):
#   WP_IMPORTER=/path/to/wordpress-importer bench/wordpress/roundtrip.sh [RESULT.md]
# WP_IMPORTER is a checkout of WordPress's importer plugin (the public repository
# WordPress/wordpress-importer, tag 0.9.5), or the plugin's folder as its zip
# unpacks: it is not packaged for Debian, and this repository does not carry it.
# A separate WordPress site (127.0.0.1:8082, database wp_roundtrip, its own
# wp-content) is made anew each run; the bench's site is not touched. A Colloquy blog
# (demo content and hard cases, roundtrip/blog.py) is exported, imported into that
# site by the plugin, exported by WordPress's export_wp(), imported into a new
# Colloquy and compared; then a later export of the same blog goes the same way.
# The result goes to roundtrip/latest.md unless RESULT.md is given. WXR_PARSER
# (simplexml, xml, regex, xmlprocessor) forces the plugin's parser.
set -euo pipefail

KIT=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$KIT/../.." && pwd)
HERE=$KIT/roundtrip
RESULT=$(realpath -m "${1:-$HERE/latest.md}")
PYTHON=$ROOT/.venv/bin/python
BENCH_CONFIG=/etc/wordpress/config-127.0.0.1.php
CONFIG=/etc/wordpress/config-roundtrip.php
CONTENT=/var/lib/wordpress-roundtrip/wp-content
SITE=/etc/nginx/sites-available/wp-roundtrip
WP=http://127.0.0.1:8082
export COLLOQUY_PORT=${COLLOQUY_PORT:-8083} # serves the source blog's images

if [ "$(id -u)" != 0 ]; then
  echo "roundtrip.sh runs as root" >&2
  exit 1
fi
if [ ! -e "$BENCH_CONFIG" ] || [ ! -x "$PYTHON" ]; then
  echo "run bench/wordpress/setup.sh and make setup first" >&2
  exit 1
fi
PLUGIN=${WP_IMPORTER:?set WP_IMPORTER to a checkout of WordPress/wordpress-importer}
[ -e "$PLUGIN/src/wordpress-importer.php" ] && PLUGIN=$PLUGIN/src
if [ ! -e "$PLUGIN/wordpress-importer.php" ]; then
  echo "no wordpress-importer.php in $WP_IMPORTER or its src/" >&2
  exit 1
fi

WORK=$(mktemp -d /tmp/roundtrip.XXXXXX)
SERVER=
finish() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  rm -f /etc/nginx/sites-enabled/wp-roundtrip
  /etc/init.d/nginx status >/dev/null 2>&1 && /etc/init.d/nginx reload >/dev/null || true
}
trap finish EXIT
cd "$ROOT"

echo "==> The round-trip WordPress site, anew"
password=$(sed -n "s/^define('DB_PASSWORD', '\(.*\)');$/\1/p" "$BENCH_CONFIG")
mysqladmin ping >/dev/null 2>&1 || /etc/init.d/mariadb start
mysql <<SQL
DROP DATABASE IF EXISTS wp_roundtrip;
CREATE DATABASE wp_roundtrip CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT ALL ON wp_roundtrip.* TO 'wordpress'@'localhost';
GRANT ALL ON wp_roundtrip.* TO 'wordpress'@'127.0.0.1';
SQL
salt() { head -c 48 /dev/urandom | base64 -w0 | tr '+/' '-_'; }
(umask 027 && sed -e "s|@DB_PASSWORD@|$password|" "$HERE/config-roundtrip.php.in" |
  while IFS= read -r line; do printf '%s\n' "${line//@SALT@/$(salt)}"; done >"$CONFIG")
chgrp www-data "$CONFIG"
rm -rf "$CONTENT"
mkdir -p "$CONTENT"/{plugins,themes,uploads,mu-plugins}
ln -s /usr/share/wordpress/wp-content/themes/twentytwentyone "$CONTENT/themes/"
cp -r "$PLUGIN" "$CONTENT/plugins/wordpress-importer"
ln -s "$HERE/fetch-from-colloquy.php" "$KIT/mu-plugins/mail-noop.php" "$CONTENT/mu-plugins/"
chown -R www-data:www-data "$CONTENT/uploads"
cp "$HERE/wp-roundtrip.nginx" "$SITE"
ln -sfn "$SITE" /etc/nginx/sites-enabled/wp-roundtrip
nginx -t -q
for service in php8.2-fpm nginx; do
  /etc/init.d/$service status >/dev/null 2>&1 || /etc/init.d/$service start >/dev/null
done
/etc/init.d/nginx reload >/dev/null
php "$HERE/site.php" install

colloquy() { # colloquy SIDE ARGS...: manage.py or the blog module on one side's database
  local side=$1
  shift
  local site=http://127.0.0.1:$COLLOQUY_PORT
  [ "$side" = back ] && site=http://back.example.test
  env DEBUG=1 SQLITE_PATH="$WORK/$side.sqlite3" MEDIA_ROOT="$WORK/$side-media" \
    SITE_URL="$site" ALLOWED_HOSTS=127.0.0.1,back.example.test "$PYTHON" "$@"
}

echo "==> Colloquy: the source blog, exported"
colloquy source manage.py migrate -v0
colloquy source -m bench.wordpress.roundtrip.blog seed >"$WORK/seed.log" # its emails
colloquy source manage.py export_wxr >"$WORK/colloquy-1.xml"
colloquy source -m bench.wordpress.roundtrip.blog snapshot "$WORK/source-1.json"
mkdir -p "$WORK/served"
ln -s "$WORK/source-media" "$WORK/served/media"
python3 -m http.server "$COLLOQUY_PORT" --bind 127.0.0.1 --directory "$WORK/served" \
  >/dev/null 2>&1 &
SERVER=$!
colloquy back manage.py migrate -v0

trip() { # trip N: export N through WordPress into the Colloquy brought back
  local n=$1
  echo "==> WordPress imports export $n, then exports itself"
  php "$HERE/site.php" import "$WORK/colloquy-$n.xml" | tee "$WORK/wordpress-import-$n.log"
  php "$HERE/site.php" export "$WORK/wordpress-$n.xml"
  php "$HERE/site.php" count >"$WORK/wordpress-count-$n.txt"
  echo "==> Colloquy imports WordPress's export $n"
  colloquy back manage.py import_wxr "$WORK/wordpress-$n.xml" \
    --media-dir "$CONTENT/uploads" | tee "$WORK/colloquy-import-$n.log"
  colloquy back -m bench.wordpress.roundtrip.blog snapshot "$WORK/back-$n.json"
}
trip 1
curl -sfL "$WP/?name=markdown-in-full" >"$WORK/shown.html"

echo "==> A later export of the same blog"
colloquy source -m bench.wordpress.roundtrip.blog more >>"$WORK/seed.log"
colloquy source manage.py export_wxr >"$WORK/colloquy-2.xml"
colloquy source -m bench.wordpress.roundtrip.blog snapshot "$WORK/source-2.json"
trip 2

echo "==> The result"
parser=XMLProcessor # what the plugin takes without PHP's XML extensions
php -m | grep -qx SimpleXML && parser=SimpleXML
[ -n "${WXR_PARSER:-}" ] && parser="$WXR_PARSER, forced by WXR_PARSER"
{
  echo "# Colloquy -> WordPress -> Colloquy"
  echo
  echo "Run $(date -u '+%Y-%m-%d %H:%M') UTC by bench/wordpress/roundtrip.sh: WordPress" \
    "$(php -r 'include "/usr/share/wordpress/wp-includes/version.php"; echo $wp_version;'),"
  echo "its importer plugin $(sed -n 's/^ \* Version: *//p' "$PLUGIN/wordpress-importer.php")" \
    "(parser: $parser, PHP $(php -r 'echo PHP_VERSION;')), Colloquy $(git rev-parse --short HEAD)."
  echo
  echo "## What WordPress shows of the Markdown post"
  echo
  "$PYTHON" -m bench.wordpress.roundtrip.shown "$WORK/shown.html"
  echo
  echo "## The first export, there and back"
  echo
  echo "WordPress after importing it: $(cat "$WORK/wordpress-count-1.txt")."
  echo
  "$PYTHON" -m bench.wordpress.roundtrip.compare "$WORK/source-1.json" "$WORK/back-1.json" \
    "Colloquy's blog against the blog brought back"
  echo "Colloquy's import of WordPress's export:"
  echo
  sed 's/^/    /' "$WORK/colloquy-import-1.log"
  echo
  echo "## A later export of the same blog, imported where the first was"
  echo
  echo "WordPress after importing it too: $(cat "$WORK/wordpress-count-2.txt")."
  echo
  "$PYTHON" -m bench.wordpress.roundtrip.compare "$WORK/source-2.json" "$WORK/back-2.json" \
    "Colloquy's blog against the blog brought back"
  echo "Colloquy's import of WordPress's second export:"
  echo
  sed 's/^/    /' "$WORK/colloquy-import-2.log"
  echo
  echo "WordPress's importer said, on the first export:"
  echo
  sed 's/^/    /' "$WORK/wordpress-import-1.log"
} >"$RESULT"
echo "written: $RESULT (files in $WORK)"
