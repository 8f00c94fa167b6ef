package org.gridwatch.open311;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every refusal under {@code /open311/} in GeoReport v2's own error format ({@code [{"code", "description"}]}
 * or {@code <errors><error>}), in the format of the path's extension and the caller's language, whoever
 * refused: the service's problems ({@code ApiProblem} and the rest that {@code ProblemAdvice} turns into
 * problem+json, e.g. 409 for a stale version), Spring MVC's own (404 for an unknown path, 405 for a wrong
 * method: {@code sendError}), the security filters' (a URL the firewall rejects), a body over the limit
 * (413, checked here before anything reads it) and an unexpected failure (500). It runs before the
 * security filters and holds back the body of any answer with an error status, then writes the error list
 * in its place: the problem's detail (already in the caller's language) becomes the description.
 *
 * <p>A body sent without a length (chunked) is not counted here: Tomcat parses form parameters up to its
 * {@code maxPostSize} (2 MB) and ignores the rest.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class GeoReportErrors extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(GeoReportErrors.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MessageSource messages;
    private final LocaleResolver locales;
    private final long maxBodyBytes;

    GeoReportErrors(MessageSource messages, LocaleResolver locales,
                    @Value("${gridwatch.open311.max-body-bytes:65536}") long maxBodyBytes) {
        this.messages = messages;
        this.locales = locales;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !path(request).startsWith("/open311/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        GeoReportFormat.Type type = typeOf(path(request));
        Locale locale = locales.resolveLocale(request);
        if (request.getContentLengthLong() > maxBodyBytes) {
            write(response, 413, messages.getMessage("open311.body.tooLarge", new Object[]{maxBodyBytes}, locale), type);
            return;
        }
        Capture capture = new Capture(response);
        try {
            chain.doFilter(request, capture);
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted()) throw e;
            log.error("Open311 request {} {} failed", request.getMethod(), request.getRequestURI(), e);
            write(response, 500, messages.getMessage("open311.internal", null, locale), type);
            return;
        }
        if (capture.failed()) {
            int status = capture.status();
            write(response, status, description(capture, status, request, locale), type);
        }
    }

    /** The problem's detail when the refusal came as problem+json; else a sentence for the status. */
    private String description(Capture capture, int status, HttpServletRequest request, Locale locale) {
        String contentType = capture.getContentType();
        if (capture.body != null && capture.body.size() > 0 && contentType != null && contentType.contains("json")) {
            try {
                JsonNode problem = JSON.readTree(capture.body.toByteArray());
                for (String member : new String[]{"detail", "title"}) {
                    JsonNode text = problem.get(member);
                    if (text != null && text.isString() && !text.asString().isBlank()) return text.asString();
                }
            } catch (RuntimeException unreadable) {
                // not a problem document: described by its status below
            }
        }
        Object[] args = {status, request.getMethod(), path(request)};
        String fallback = messages.getMessage("open311.http.other", args, locale);
        return messages.getMessage("open311.http." + status, args, fallback, locale);
    }

    private static void write(HttpServletResponse response, int status, String description, GeoReportFormat.Type type)
            throws IOException {
        byte[] bytes = GeoReportFormat.errors(List.of(new GeoReportFormat.Error(status, description)), type)
                .getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(type.contentType());
        response.setContentLength(bytes.length);
        try {
            response.getOutputStream().write(bytes);
        } catch (IllegalStateException writerTaken) {
            response.getWriter().write(new String(bytes, StandardCharsets.UTF_8));
        }
        response.flushBuffer();
    }

    /** XML when the path ends in {@code .xml}, JSON otherwise (also for a path without a known format). */
    static GeoReportFormat.Type typeOf(String path) {
        int dot = path.lastIndexOf('.');
        GeoReportFormat.Type type = dot < 0 ? null : GeoReportFormat.Type.ofExtension(path.substring(dot + 1));
        return type == null ? GeoReportFormat.Type.JSON : type;
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /**
     * Passes a successful answer through untouched; of an answer with an error status (set, or sent with
     * {@code sendError}, which here does not go on to the container's error page) it keeps the body back.
     */
    private static final class Capture extends HttpServletResponseWrapper {

        private int errorStatus;
        private ByteArrayOutputStream body;
        private ServletOutputStream stream;
        private PrintWriter writer;

        Capture(HttpServletResponse response) {
            super(response);
        }

        boolean failed() {
            return errorStatus != 0 || getStatus() >= 400;
        }

        int status() {
            return errorStatus != 0 ? errorStatus : getStatus();
        }

        @Override
        public void sendError(int sc) {
            sendError(sc, null);
        }

        @Override
        public void sendError(int sc, String message) {
            errorStatus = sc;
            setStatus(sc);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (!failed()) return super.getOutputStream();
            if (stream == null) {
                ByteArrayOutputStream target = buffer();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                        target.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        target.write(b, off, len);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new UnsupportedOperationException("held-back error bodies are written synchronously");
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (!failed()) return super.getWriter();
            if (writer == null) {
                String encoding = getCharacterEncoding();
                Charset cs = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                writer = new PrintWriter(new OutputStreamWriter(buffer(), cs), true);
            }
            return writer;
        }

        private ByteArrayOutputStream buffer() {
            if (body == null) body = new ByteArrayOutputStream();
            return body;
        }

        @Override
        public void setContentLength(int len) {
            if (!failed()) super.setContentLength(len);
        }

        @Override
        public void setContentLengthLong(long len) {
            if (!failed()) super.setContentLengthLong(len);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!(failed() && "Content-Length".equalsIgnoreCase(name))) super.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            if (!(failed() && "Content-Length".equalsIgnoreCase(name))) super.addHeader(name, value);
        }

        @Override
        public void setIntHeader(String name, int value) {
            if (!(failed() && "Content-Length".equalsIgnoreCase(name))) super.setIntHeader(name, value);
        }

        @Override
        public void addIntHeader(String name, int value) {
            if (!(failed() && "Content-Length".equalsIgnoreCase(name))) super.addIntHeader(name, value);
        }

        @Override
        public void flushBuffer() throws IOException {
            if (writer != null) writer.flush();
            if (!failed()) super.flushBuffer();
        }

        @Override
        public void resetBuffer() {
            if (body != null) body.reset();
            if (!isCommitted()) super.resetBuffer();
        }

        @Override
        public void reset() {
            super.reset();
            errorStatus = 0;
            body = null;
            stream = null;
            writer = null;
        }
    }
}
