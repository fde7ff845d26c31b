package org.mobileworship.livecontrol.signaling.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves livecontrol's web client and pages ({@code livecontrol-web} jar) from the classpath: {@code /display},
 * {@code /control} and {@code /web/<file>} for exactly the files its {@code files.txt} lists — nothing else,
 * so no path can reach another classpath resource. Files are read once; each response carries its content
 * type, {@code Cache-Control: no-cache} with a content-hash ETag (a TV that reloads revalidates cheaply and
 * never runs a stale client after an upgrade) and {@code X-Content-Type-Options: nosniff}.
 *
 * <p>Without the jar on the classpath the pages answer 404 naming the artifact to add.
 */
final class WebPagesHandler extends Handler.Abstract.NonBlocking {
    private static final Logger LOG = LoggerFactory.getLogger(WebPagesHandler.class);
    static final String ROOT = "META-INF/livecontrol-web/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "ts", "application/typescript;charset=utf-8",
            "css", "text/css;charset=utf-8");

    private record Page(byte[] body, String contentType, String etag) {
    }

    private final Map<String, Page> pages;

    WebPagesHandler() {
        this.pages = load(WebPagesHandler.class.getClassLoader());
    }

    boolean available() {
        return !pages.isEmpty();
    }

    private static Map<String, Page> load(ClassLoader loader) {
        Map<String, Page> out = new HashMap<>();
        byte[] index = read(loader, ROOT + "files.txt");
        if (index == null) {
            return out;
        }
        for (String name : new String(index, StandardCharsets.UTF_8).split("\n")) {
            name = name.strip();
            if (name.isEmpty()) {
                continue;
            }
            byte[] body = read(loader, ROOT + name);
            String ext = name.endsWith(".d.ts") ? "ts" : name.substring(name.lastIndexOf('.') + 1);
            String type = TYPES.get(ext);
            if (body == null || type == null || name.contains("/")) {
                LOG.warn("livecontrol-web lists '{}' but it is missing or of an unserved type; skipped", name);
                continue;
            }
            out.put("/web/" + name, new Page(body, type, etag(body)));
        }
        Page display = out.get("/web/display.html");
        Page control = out.get("/web/control.html");
        if (display != null) {
            out.put("/display", display);
        }
        if (control != null) {
            out.put("/control", control);
        }
        Page pair = out.get("/web/pair.html");
        if (pair != null) {
            out.put("/pair", pair); // the pairing QR code's page (the token stays in the URL's fragment)
        }
        return Map.copyOf(out);
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", resource, e.toString());
            return null;
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        boolean ours = path.equals("/display") || path.equals("/control") || path.equals("/pair")
                || path.startsWith("/web/");
        if (!ours) {
            return false;
        }
        Page page = pages.get(path);
        if (page == null) {
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404, pages.isEmpty()
                    ? "the web pages are not on this node's classpath: add org.mobileworship.livecontrol:livecontrol-web"
                    : "no such file; served: /display, /control, /pair, /web/{" + String.join(",",
                            pages.keySet().stream().filter(k -> k.startsWith("/web/")).map(k -> k.substring(5))
                                    .sorted().toList()) + "}");
            return true;
        }
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use GET");
            return true;
        }
        response.getHeaders().put(HttpHeader.ETAG, page.etag());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (ifNoneMatch != null && ifNoneMatch.contains(page.etag())) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            callback.succeeded();
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, page.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, page.body().length);
        if ("HEAD".equals(method)) {
            callback.succeeded();
        } else {
            response.write(true, ByteBuffer.wrap(page.body()), callback);
        }
        return true;
    }
}
