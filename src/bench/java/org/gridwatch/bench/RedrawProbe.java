package org.gridwatch.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Watches the map page from inside the browser and tells when what a person waits for is on the screen. The
 * timestamps are taken in the page (performance.timeOrigin + performance.now(), milliseconds since the epoch),
 * so the time the benchmark spends asking the browser is not counted.
 *
 * <p>The probe is installed into every document the browser opens (before the page's own scripts) and only
 * listens and reads: it records the end of the person's last gesture (the pointer released, a wheel turn), the
 * map's {@code moveend} events, and from {@code window.gridwatch} (the map page's test handle) whether every
 * request has been answered and drawn ({@code idle()}) and what the layers hold ({@code stats()}). It never calls
 * anything that changes the map. A moment counts once the browser has finished the frame that shows it: the stamp
 * is taken in a task posted from the frame's animation callback, which runs after that frame's rendering.
 *
 * <p>Not thread-safe: one probe per browser, used by one thread.
 */
final class RedrawProbe {

    /** The page keeps quiet this long after a redraw before it counts as done: a load chained on another counts too. */
    static final Duration SETTLE = Duration.ofMillis(300);

    private static final String SCRIPT = """
            (() => {
              if (window.mapSpeedProbe) return;
              const epoch = (t) => performance.timeOrigin + t;
              const probe = window.mapSpeedProbe = {
                inputAt: null,    // the person's last gesture ended: pointer released or wheel turned
                moves: 0,         // moveend events of the map
                movedAt: null,    // the frame after the last moveend is drawn: the map stands still, shows what it holds
                idleSince: null,  // since when every request is answered and drawn (null while the map is busy)
                shownAt: null,    // first frame with large grids, small grids (when the view loads them) and features
                smallGridMaxKm2: null,
              };
              // Every request of the page is kept for the figures' breakdown (the browser keeps 250 by default).
              performance.setResourceTimingBufferSize(100000);
              // The event's own time: when the browser received it (a wheel turn reaches the page's script ~25 ms later).
              const onInput = (e) => { probe.inputAt = epoch(e.timeStamp); };
              addEventListener('pointerup', onInput, { capture: true, passive: true });
              addEventListener('wheel', onInput, { capture: true, passive: true });
              // The login page: the moment the form went, for the map page that the service answers with.
              addEventListener('submit', () => {
                try {
                  sessionStorage.setItem('mapSpeedProbe.submittedAt', String(probe.inputAt ?? epoch(performance.now())));
                } catch (e) { /* no storage: the map page's navigation start stands in */ }
              }, true);

              // A task posted from an animation-frame callback runs after that frame's rendering.
              const channel = new MessageChannel();
              const queued = [];
              channel.port1.onmessage = () => {
                const t = epoch(performance.now());
                for (const f of queued.splice(0)) f(t);
              };
              const afterThisFrame = (f) => { queued.push(f); channel.port2.postMessage(0); };

              let idleToken = 0;
              let idleQueued = false;
              let shownQueued = false;
              function shown(gw) {
                const s = gw.stats();
                const b = gw.map.getBounds();
                // Small grids load only in views up to the grid layer's own limit (grid-layer.js).
                const smallWanted = probe.smallGridMaxKm2 === null || probe.viewKm2([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]) <= probe.smallGridMaxKm2;
                return s.largeGrids > 0 && (s.smallGrids > 0 || !smallWanted) && s.markers + s.bubbles > 0;
              }
              function frame() {
                const gw = window.gridwatch;
                if (gw && gw.map && document.body && document.body.dataset.ready === 'true') {
                  if (!probe.listening) {
                    probe.listening = true;
                    // The page's own limit and area formula, read from its modules (the same instances the page uses).
                    Promise.all([import(new URL('js/layers/grid-layer.js', document.baseURI).href),
                                 import(new URL('js/lib/viewport.js', document.baseURI).href)]).then(([grids, viewport]) => {
                      probe.viewKm2 = viewport.bboxAreaKm2;
                      probe.smallGridMaxKm2 = grids.SMALL_GRID_MAX_VIEW_KM2;
                    });
                    gw.map.on('moveend', () => {
                      const n = ++probe.moves;
                      probe.movedAt = null;
                      probe.idleSince = null;
                      idleToken++;
                      idleQueued = false;
                      requestAnimationFrame(() => afterThisFrame((t) => { if (probe.moves === n) probe.movedAt = t; }));
                    });
                  }
                  if (gw.idle()) {
                    if (probe.idleSince === null && !idleQueued) {
                      idleQueued = true;
                      const token = idleToken;
                      afterThisFrame((t) => { if (token === idleToken) { probe.idleSince = t; idleQueued = false; } });
                    }
                  } else {
                    probe.idleSince = null;
                    idleToken++;
                    idleQueued = false;
                  }
                  if (probe.shownAt === null && !shownQueued && probe.viewKm2 && shown(gw)) {
                    shownQueued = true;
                    afterThisFrame((t) => { probe.shownAt = t; });
                  }
                }
                requestAnimationFrame(frame);
              }
              requestAnimationFrame(frame);
            })();
            """;

    /** The page's requests to the service's API since epoch time {@code from}: [path, start, end] in ms after it. */
    private static final String REQUESTS_SINCE = """
            const requestsSince = (from) => performance.getEntriesByType('resource')
              .filter((e) => e.name.includes('/api/') && performance.timeOrigin + e.startTime >= from - 1)
              .map((e) => {
                const url = new URL(e.name);
                const level = url.searchParams.get('level');
                return [url.pathname.slice(url.pathname.indexOf('/api/') + 5) + (level ? `?level=${level}` : ''),
                  Math.round(performance.timeOrigin + e.startTime - from), Math.round(performance.timeOrigin + e.responseEnd - from)];
              });
            """;

    /** Waits in the page until the map moved, stood still and stayed idle for the settle time; then answers. */
    private static final String AWAIT_REDRAW = REQUESTS_SINCE + """
            const [movesBefore, inputAfter, settleMs, timeoutMs, done] = arguments;
            const p = window.mapSpeedProbe;
            const started = performance.now();
            (function check() {
              const now = performance.timeOrigin + performance.now();
              if (p && p.moves > movesBefore && p.movedAt !== null && p.idleSince !== null && p.inputAt !== null
                  && p.inputAt >= inputAfter && now - p.idleSince >= settleMs) {
                done({ inputAt: p.inputAt, movedAt: p.movedAt, idleSince: p.idleSince,
                       zoom: window.gridwatch.map.getZoom(), popups: document.querySelectorAll('.leaflet-popup').length,
                       requests: requestsSince(p.inputAt) });
              } else if (performance.now() - started > timeoutMs) {
                done({ timedOut: true, page: location.href, moves: p ? p.moves : -1, inputAt: p ? p.inputAt : null, idle: p ? p.idleSince : null });
              } else {
                setTimeout(check, 20);
              }
            })();
            """;

    /** Waits in the map page, after signing in or opening it, until the grids and features are drawn and it is idle. */
    private static final String AWAIT_SHOWN = REQUESTS_SINCE + """
            const [settleMs, timeoutMs, done] = arguments;
            const started = performance.now();
            (function check() {
              const p = window.mapSpeedProbe;
              const now = performance.timeOrigin + performance.now();
              if (p && p.shownAt !== null && p.idleSince !== null && now - p.idleSince >= settleMs) {
                let submittedAt = null;
                try { submittedAt = Number(sessionStorage.getItem('mapSpeedProbe.submittedAt')) || null; } catch (e) { /* none */ }
                const from = submittedAt || performance.timeOrigin;
                const nav = performance.getEntriesByType('navigation')[0];
                done({ submittedAt, openedAt: performance.timeOrigin, shownAt: p.shownAt, idleSince: p.idleSince,
                       requests: requestsSince(from),
                       pageLoaded: [Math.round(performance.timeOrigin + nav.responseEnd - from),
                                    Math.round(performance.timeOrigin + nav.domContentLoadedEventEnd - from)],
                       zoom: window.gridwatch.map.getZoom(), stats: window.gridwatch.stats(),
                       workspace: window.gridwatch.workspace().active,
                       map: [document.getElementById('map').clientWidth, document.getElementById('map').clientHeight],
                       viewport: [innerWidth, innerHeight] });
              } else if (performance.now() - started > timeoutMs) {
                done({ timedOut: true, page: location.href, shown: p ? p.shownAt : null, idle: p ? p.idleSince : null,
                       stats: window.gridwatch ? window.gridwatch.stats() : null });
              } else {
                setTimeout(check, 20);
              }
            })();
            """;

    private final ChromeDriver driver;
    private final Duration timeout;

    /** Installs the probe into every document {@code driver} opens from now on. */
    RedrawProbe(ChromeDriver driver, Duration timeout) {
        this.driver = driver;
        this.timeout = timeout;
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SCRIPT));
        driver.manage().timeouts().scriptTimeout(timeout.plusSeconds(10));
    }

    /** What the probe has seen so far, to compare with after a gesture: moveend count and the page's clock. */
    record Mark(long moves, double now) {
    }

    /** How long one gesture took: from its end to the map standing still, and to every layer's new data drawn. */
    record Redraw(double movedMillis, double drawnMillis, double zoom, List<?> requests) {
    }

    /** What the person saw after submitting the sign-in form (or opening the map): times since then. */
    record Shown(double shownMillis, double idleMillis, boolean fromSubmit, Map<String, Object> page) {
    }

    Mark mark() {
        Map<?, ?> m = (Map<?, ?>) ((JavascriptExecutor) driver).executeScript(
                "return { moves: window.mapSpeedProbe.moves, now: performance.timeOrigin + performance.now() }");
        return new Mark(((Number) m.get("moves")).longValue(), ((Number) m.get("now")).doubleValue());
    }

    /** Waits for the redraw that a gesture made after {@code before} started; fails when it did not come. */
    Redraw awaitRedraw(Mark before, String what) {
        Map<?, ?> r = (Map<?, ?>) ((JavascriptExecutor) driver).executeAsyncScript(AWAIT_REDRAW, before.moves(),
                before.now(), SETTLE.toMillis(), timeout.toMillis());
        if (Boolean.TRUE.equals(r.get("timedOut"))) {
            throw new IllegalStateException(what + ": the map did not move and settle within " + timeout.toSeconds()
                    + " s (probe: " + r + ")");
        }
        if (((Number) r.get("popups")).intValue() > 0) {
            throw new IllegalStateException(what + " opened a popup: the gesture hit a grid or marker instead of the map");
        }
        double input = num(r, "inputAt");
        return new Redraw(num(r, "movedAt") - input, num(r, "idleSince") - input, num(r, "zoom"), (List<?>) r.get("requests"));
    }

    /** Waits in the map page until the grids and features are drawn and the map is idle. */
    Shown awaitShown() {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(AWAIT_SHOWN,
                SETTLE.toMillis(), timeout.toMillis());
        if (Boolean.TRUE.equals(r.get("timedOut"))) {
            throw new IllegalStateException("the map did not show grids and features within " + timeout.toSeconds()
                    + " s (probe: " + r + ")");
        }
        boolean fromSubmit = r.get("submittedAt") != null;
        double start = fromSubmit ? num(r, "submittedAt") : num(r, "openedAt");
        return new Shown(num(r, "shownAt") - start, num(r, "idleSince") - start, fromSubmit, r);
    }

    /** Forgets the moment of the last sign-in, so that a page opened without one is not timed from it. */
    void forgetSubmit() {
        ((JavascriptExecutor) driver).executeScript("sessionStorage.removeItem('mapSpeedProbe.submittedAt')");
    }

    private static double num(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }
}
