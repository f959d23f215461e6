<?php
/* Plugin Name: Round trip: the importer may fetch Colloquy's images from its port on loopback (WordPress fetches from ports 80, 443, 8080 and its own only; roundtrip.sh sets COLLOQUY_PORT) */
add_filter('http_allowed_safe_ports', function ($ports) {
    return array_merge($ports, [(int) (getenv('COLLOQUY_PORT') ?: 8083)]);
});
