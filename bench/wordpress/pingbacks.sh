#!/bin/sh
# Pingbacks between the kit's WordPress (127.0.0.1:8081) and a Colloquy served for the
# trial on 127.0.0.1:$PORT (its own SQLite in var/pingbacks/), both ways:
#   Colloquy -> WordPress: a Colloquy post linking to WordPress's "Hello world!" is
#     published; Colloquy's worker pings WordPress's xmlrpc.php, and WordPress stores it.
#   WordPress -> Colloquy: a WordPress post linking to that Colloquy post is published
#     and pinged (WordPress's own pingback()); Colloquy's worker checks and stores it.
# Whatever it adds to WordPress (the pingback, the post) is deleted at the end; the
# mu-plugin loopback-pings.php is linked only while it runs.
# Needs: setup.sh done, WordPress served, PHP's xml extension (apt-get install
# php8.2-xml; WordPress's XML-RPC parser needs it), root, the repository's .venv.
set -eu
KIT=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$KIT/../.." && pwd)
PORT=${PORT:-8830}
MU=/var/lib/wordpress/wp-content/mu-plugins
WP="php $KIT/pingback_wp.php"
VAR=$REPO/var/pingbacks
cd "$REPO"

if ! php -m | grep -qx xml; then
  echo "PHP has no xml extension: WordPress cannot parse XML-RPC. Install it first:" >&2
  echo "  apt-get install -y php8.2-xml && /etc/init.d/php8.2-fpm restart" >&2
  exit 2
fi
curl -fsS -o /dev/null http://127.0.0.1:8081/ || { echo "WordPress is not served" >&2; exit 2; }

export DEBUG=1 SQLITE_PATH="$VAR/db.sqlite3" MEDIA_ROOT="$VAR/media" \
  SITE_URL="http://127.0.0.1:$PORT" LINKBACKS_ALLOW_PRIVATE=1 TASKS_BACKEND=database \
  COLLOQUY_TRIAL_PORT="$PORT"
mkdir -p "$VAR"
ln -sfn "$KIT/mu-plugins/loopback-pings.php" "$MU/loopback-pings.php"
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  rm -f "$MU/loopback-pings.php"
}
trap cleanup EXIT
# php-fpm must see COLLOQUY_TRIAL_PORT for the port filter: without it 8830 is assumed.

.venv/bin/python manage.py migrate -v0
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --error-logfile "$VAR/gunicorn.log" &
SERVER=$!
sleep 3
worker() { .venv/bin/python manage.py db_worker --batch --no-reload --no-startup-delay -v0; }

HELLO=$($WP permalink 1)
echo "==> Colloquy -> WordPress: a Colloquy post linking to $HELLO"
SOURCE=$(.venv/bin/python manage.py shell -v0 -c "
from django.contrib.auth import get_user_model
from blog.models import Post
from linkbacks.sending import linkbacks_send
author, _ = get_user_model().objects.get_or_create(username='pingbacks-trial')
post, _ = Post.objects.update_or_create(slug='pinging-wordpress', defaults=dict(
    title='Pinging WordPress', author=author, status='published',
    body='This post links to [WordPress\'s first post]($HELLO).'))
linkbacks_send.enqueue(post_id=post.pk)
print('http://127.0.0.1:$PORT' + post.get_absolute_url())")
worker
.venv/bin/python manage.py shell -v0 -c "
from linkbacks.models import SentLinkback
for r in SentLinkback.objects.all():
    print('Colloquy recorded:', r.target, r.protocol, r.outcome, r.detail)"
echo "WordPress stored (id, approved, author, content):"
$WP pingbacks 1 "$SOURCE"
$WP delete-pingbacks 1 "$SOURCE"

echo "==> WordPress -> Colloquy: a WordPress post linking to $SOURCE"
set -- $($WP publish-and-ping "$SOURCE")
WP_POST=$1 WP_URL=$2
worker
.venv/bin/python manage.py shell -v0 -c "
from comments.models import Comment
for c in Comment.objects.filter(kind='pingback', author_url='$WP_URL'):
    print('Colloquy stored:', c.pk, c.status, repr(c.author_name), repr(c.body))"
$WP delete-post "$WP_POST"
