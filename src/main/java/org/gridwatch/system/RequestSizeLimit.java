package org.gridwatch.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps every request body that is not a multipart upload (uploads have their own limits:
 * {@code spring.servlet.multipart.*} and the importer's unpacked-size and record limits).
 *
 * <p>The body is wrapped, not read here: a body that declares a length over the limit is refused
 * when the endpoint starts reading it, and one sent without a length (chunked) as soon as the
 * limit is passed, so no more than the limit is ever read into memory. The refusal is an
 * {@link ApiProblem} (413, {@code request.bodyTooLarge}) thrown inside the handler's argument
 * reading, so it reaches {@link ProblemAdvice} like any other and nothing has been written.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBodyBytes;
    private final long maxBulkBodyBytes;

    RequestSizeLimit(@Value("${gridwatch.limits.max-body-bytes:16777216}") long maxBodyBytes,
                     @Value("${gridwatch.limits.max-bulk-body-bytes:67108864}") long maxBulkBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxBulkBodyBytes = maxBulkBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type != null && type.toLowerCase().startsWith("multipart/")) {
            chain.doFilter(request, response);
            return;
        }
        // Bulk creation carries up to FeatureService.MAX_BULK features in one body.
        long limit = request.getRequestURI().endsWith("/bulk") ? maxBulkBodyBytes : maxBodyBytes;
        chain.doFilter(new Limited(request, limit), response);
    }

    static ApiProblem tooLarge(long limit) {
        return new ApiProblem(413, "request.bodyTooLarge", "the request body is larger than the "
                + limit + " bytes allowed", limit).with("maxBytes", limit);
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (getContentLengthLong() > limit) throw tooLarge(limit);
            if (stream == null) stream = new Counting(super.getInputStream(), limit);
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset cs = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), cs));
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        private void count(long n) {
            if (n > 0 && (read += n) > limit) throw tooLarge(limit);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            count(n);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
