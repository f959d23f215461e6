<?php
/*
 * Plugin Name: Trials: pingbacks to and from Colloquy on this machine
 * Description: WordPress refuses loopback hosts and ports other than 80, 443 and 8080
 * in its "safe" HTTP requests (wp_http_validate_url), which pingbacks use both ways.
 * Linked only while pingbacks.sh runs.
 */
add_filter('http_request_host_is_external', function ($external, $host) {
    return $external || in_array($host, array('127.0.0.1', 'localhost'), true);
}, 10, 2);
add_filter('http_allowed_safe_ports', function ($ports, $host) {
    if (in_array($host, array('127.0.0.1', 'localhost'), true)) {
        $ports[] = (int) getenv('COLLOQUY_TRIAL_PORT') ?: 8830;
    }
    return $ports;
}, 10, 2);
