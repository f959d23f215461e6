<?php
// The round-trip WordPress site from the command line, as root's php (roundtrip.sh):
//   php site.php install              a fresh install, its sample content deleted
//   php site.php import FILE.xml      WordPress's importer plugin, as the admin,
//                                     attachments fetched, authors created
//   php site.php export FILE.xml      WordPress's own export_wp(), all content
//   php site.php count                what the site holds
//   php site.php show SLUG            the post's content as WordPress stores it
// The site is Debian's WordPress with its own config (config-roundtrip.php,
// picked by WORDPRESS_CONFIG), database and wp-content: the bench's is untouched.
$_SERVER['WORDPRESS_CONFIG'] = 'roundtrip';
$_SERVER['HTTP_HOST'] = '127.0.0.1:8082';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
$command = $argv[1] ?? '';
if ($command === 'install') {
    define('WP_INSTALLING', true);
}
require '/usr/share/wordpress/wp-load.php';

switch ($command) {
case 'install':
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    if (is_blog_installed()) {
        fwrite(STDERR, "the round-trip site is installed already: roundtrip.sh makes it anew\n");
        exit(1);
    }
    wp_install('Round trip', 'admin', 'admin@example.com', true, '', 'admin-' . bin2hex(random_bytes(6)));
    update_option('siteurl', 'http://127.0.0.1:8082');
    update_option('home', 'http://127.0.0.1:8082');
    switch_theme('twentytwentyone');
    $wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%day%/%postname%/');
    flush_rewrite_rules();
    // "Hello world!" with its comment, the sample page and the privacy page: the
    // comparison is of what came from Colloquy only.
    foreach (get_posts(['post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1]) as $post) {
        wp_delete_post($post->ID, true);
    }
    echo "installed: WordPress " . get_bloginfo('version') . ", sample content deleted\n";
    break;

case 'import':
    wp_set_current_user(1);
    require_once ABSPATH . 'wp-admin/includes/admin.php'; // post_exists(), media
    define('WP_LOAD_IMPORTERS', true);
    if (getenv('WXR_PARSER')) { // the plugin's choice of parser forced: simplexml, xml, regex or xmlprocessor
        define('PREFERRED_WXR_PARSER', getenv('WXR_PARSER'));
    }
    require_once WP_PLUGIN_DIR . '/wordpress-importer/wordpress-importer.php';
    $importer = new WP_Import();
    $importer->fetch_attachments = true;
    // The importer's form as a person fills it: an author whose login is a user
    // here already is mapped to that user; the others are created under their
    // own login (the form's default when no existing user is chosen).
    $data = $importer->parse($argv[2]);
    if (is_wp_error($data)) {
        fwrite(STDERR, $data->get_error_message() . "\n");
        exit(1);
    }
    $importer->get_authors_from_import($data);
    $_POST['imported_authors'] = array_keys($importer->authors);
    $_POST['user_map'] = array_map(fn ($login) => (int) username_exists($login), $_POST['imported_authors']);
    $_POST['user_new'] = [];
    ob_start();
    $importer->import($argv[2]);
    $said = ob_get_clean();
    echo trim(html_entity_decode(strip_tags(str_replace(['<br />', '</p>'], "\n", $said)))) . "\n";
    break;

case 'export':
    require_once ABSPATH . 'wp-admin/includes/export.php';
    ob_start();
    export_wp(['content' => 'all']);
    file_put_contents($argv[2], ob_get_clean());
    echo "exported to {$argv[2]}\n";
    break;

case 'count':
    $posts = wp_count_posts('post');
    $pages = wp_count_posts('page');
    $comments = wp_count_comments();
    // Replies whose parent is not there: WordPress shows them nowhere.
    $orphans = (int) $wpdb->get_var(
        "SELECT COUNT(*) FROM $wpdb->comments c LEFT JOIN $wpdb->comments p ON p.comment_ID = c.comment_parent"
        . " WHERE c.comment_parent <> 0 AND p.comment_ID IS NULL"
    );
    printf(
        '%d posts (%d published, %d drafts), %d pages, %d attachments, %d comments (%d approved, %d held, %d in the trash, %d spam; %d replies to a comment that is not there)',
        array_sum((array) $posts), $posts->publish, $posts->draft, array_sum((array) $pages),
        array_sum((array) wp_count_posts('attachment')), $comments->total_comments + $comments->trash + $comments->spam,
        $comments->approved, $comments->moderated, $comments->trash, $comments->spam, $orphans
    );
    break;

case 'show':
    $found = get_posts(['name' => $argv[2], 'post_type' => 'any', 'post_status' => 'any', 'numberposts' => 1]);
    echo $found ? $found[0]->post_content : '';
    break;

default:
    fwrite(STDERR, "usage: php site.php install|import FILE|export FILE|show SLUG\n");
    exit(2);
}
