# Varnish in front of the site: anonymous pages from memory, purged by tag (xkey).
#
# Needs Debian's varnish and varnish-modules (vmod xkey). The app sends each cacheable page with
# Cache-Control: public, max-age=0, s-maxage=N (how long Varnish may keep it) and
# Surrogate-Key: review:55 film:12 ... (what it shows). After a public change commits, a
# background task sends `PURGE /` with `xkey-purge: <tags>` (DJANGO_PURGE_URLS), and every
# object carrying one of the tags is dropped at once. See docs/deploy.md.
vcl 4.1;

import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header required"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin/|healthz)") {
        return (pass);
    }
    # A session or flash messages may make the page personal: the app decides (its own cache
    # still serves readers whose cookie is not a real session).
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Any other cookie (csrftoken, analytics) does not change a public page.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # The app marks what a shared cache may keep with s-maxage; everything else passes.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "s-maxage") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # xkey indexes the object under each of the page's tags.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Front-Cache = "hit";
    } else {
        set resp.http.X-Front-Cache = "miss";
    }
    unset resp.http.xkey;
}
