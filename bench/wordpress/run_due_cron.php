<?php
// php run_due_cron.php : run WordPress's due cron events now (as wp-cron.php would), then list what is scheduled.
$_SERVER['HTTP_HOST'] = '127.0.0.1:8081';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/wp-cron.php';
$_SERVER['REQUEST_METHOD'] = 'GET';
register_shutdown_function(function () {
    foreach (_get_cron_array() as $ts => $hooks)
        foreach ($hooks as $hook => $x) printf("%s in %6d s  %s\n", gmdate('H:i:s', $ts), $ts - time(), $hook);
});
require '/usr/share/wordpress/wp-cron.php';
