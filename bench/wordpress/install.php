<?php
// php install.php : fresh WordPress install with default settings (CLI equivalent of wp-admin/install.php);
// an installed blog is left as it is
$_SERVER['HTTP_HOST'] = '127.0.0.1:8081';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
if (is_blog_installed()) {
    echo "WordPress: already installed\n";
} else {
    $r = wp_install('Benchmark blog', 'admin', 'admin@example.com', true, '', 'admin-' . bin2hex(random_bytes(6)));
    update_option('siteurl', 'http://127.0.0.1:8081');
    update_option('home', 'http://127.0.0.1:8081');
    switch_theme('twentytwentyone');
    echo "installed user_id={$r['user_id']} theme=" . get_option('stylesheet') . "\n";
}
// wp_install turns pretty permalinks on only when a request to the site shows they
// work, and on a new machine nginx is not serving it yet (step 7): then the threads'
// addresses would serve the home page. Set as a browser install sets them.
if (get_option('permalink_structure') === '') {
    $wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%day%/%postname%/');
    flush_rewrite_rules();
    echo "permalinks: set\n";
}
foreach (['comment_moderation','comment_previously_approved','moderation_notify','comments_notify','thread_comments','thread_comments_depth','page_comments','comment_registration','require_name_email','default_comment_status','permalink_structure','admin_email','close_comments_for_old_posts','comment_max_links'] as $o)
    echo "$o = " . var_export(get_option($o), true) . "\n";
