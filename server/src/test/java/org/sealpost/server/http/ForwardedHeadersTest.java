package org.sealpost.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Behind a proxy the client's address and scheme come from its headers, and only when configured so. */
class ForwardedHeadersTest {

    @Test
    void forwardedHeadersCountOnlyWhenTrusted() throws Exception {
        assertThat(seen(true)).isEqualTo("203.0.113.7 https");
        assertThat(seen(false)).isEqualTo("127.0.0.1 http");
    }

    private static String seen(boolean trusted) throws Exception {
        try (HttpServer http = new HttpServer(new HttpSettings(HttpSettings.DEFAULT_MAX_REQUEST_BYTES, Optional.empty(), trusted),
                List.of(), app -> app.get("/who", ctx -> ctx.result(ctx.ip() + " " + ctx.scheme()))).start("127.0.0.1", 0)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.port() + "/who"))
                    .header("X-Forwarded-For", "203.0.113.7").header("X-Forwarded-Proto", "https").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        }
    }
}
