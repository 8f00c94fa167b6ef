package org.gridwatch.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.gridwatch.feature.FeatureService;
import org.gridwatch.street.StreetService;
import org.gridwatch.system.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;

/**
 * Exports and imports that run in the background: a job is queued, runs on a small pool, reports
 * records done of total, can be cancelled, and keeps its result (an export's file, an import's answer)
 * until it expires. Jobs live in memory only: at most {@code gridwatch.exchange.jobs.max} at a time,
 * finished ones dropped (with their temporary files) after {@code gridwatch.exchange.jobs.expiry}, or
 * earlier when a new job needs the room.
 *
 * <p>A job is authorized at submission exactly as the direct request ({@link ExchangeAccess}), runs as
 * its submitter ({@link JobOwner}: history actor, grid scope, language) and belongs to them: another
 * user's job answers 404 as if unknown; an admin reaches every job.
 *
 * <p>An import job stores all its records in one transaction at the end of its run, so a cancelled or
 * failed import leaves nothing stored; a cancelled export deletes its partial file.
 */
@Service
public class ExchangeJobs {

    private static final Logger log = LoggerFactory.getLogger(ExchangeJobs.class);

    public enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    /** What a job's status answer shows. */
    public record Status(String id, String kind, String layer, String state, long done, long total,
                         Map<String, Object> error, String resultUrl, Map<String, Object> result) {
    }

    private static final class Job {
        final String id = UUID.randomUUID().toString();
        final String kind;
        final String layer;
        final Path dir;
        final JobOwner owner;
        final JobProgress progress = new JobProgress();
        final Instant created = Instant.now();
        volatile State state = State.QUEUED;
        volatile Map<String, Object> error;
        volatile Object[] errorArguments = new Object[0];
        volatile Map<String, Object> result;
        volatile Path file;
        volatile String fileName;
        volatile String mediaType;
        volatile Instant finishedAt;
        volatile Future<?> future;

        Job(String kind, String layer, Path dir, JobOwner owner) {
            this.kind = kind;
            this.layer = layer;
            this.dir = dir;
            this.owner = owner;
        }

        boolean finished() {
            return state == State.DONE || state == State.FAILED || state == State.CANCELLED;
        }
    }

    private final ExportService exports;
    private final FeatureService features;
    private final StreetService streets;
    private final ImportService imports;
    private final MessageSource messages;
    private final ExchangeAccess access;
    private final int maxJobs;
    private final Duration expiry;
    private final long maxUploadBytes;
    private final Clock clock;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService sweeper;

    ExchangeJobs(ExportService exports, ImportService imports, FeatureService features, StreetService streets,
                 MessageSource messages, ExchangeAccess access,
                 @Value("${gridwatch.exchange.jobs.max:16}") int maxJobs,
                 @Value("${gridwatch.exchange.jobs.expiry:PT30M}") Duration expiry,
                 @Value("${gridwatch.exchange.jobs.threads:2}") int threads,
                 @Value("${gridwatch.exchange.max-unpacked-bytes:1073741824}") long maxUploadBytes) {
        this.exports = exports;
        this.features = features;
        this.streets = streets;
        this.imports = imports;
        this.messages = messages;
        this.access = access;
        this.maxJobs = maxJobs;
        this.expiry = expiry;
        this.maxUploadBytes = maxUploadBytes;
        this.clock = Clock.systemUTC();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "exchange-job");
            t.setDaemon(true);
            return t;
        });
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "exchange-job-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        sweeper.shutdownNow();
        jobs.values().forEach(j -> ExportService.deleteTree(j.dir));
    }

    /**
     * Checks the export request now, exactly as the direct export would (who may, then the parameters;
     * refusals are immediate), and queues it to run as the submitter.
     */
    public Status startExport(String layer, String format, String crs, String type, String status, String encoding,
                              AnalysisExport.Options options) throws IOException {
        access.checkExport(layer);
        ExportService.Plan plan = exports.plan(layer, format, crs, type, status, encoding, options);
        Job job = admit("export", plan.layer().key());
        job.fileName = plan.fileName();
        job.mediaType = plan.format().mediaType();
        job.future = pool.submit(() -> run(job, () -> {
            // The total where one query tells it; the computed layers show records done only.
            if (plan.layer() == ExchangeLayer.FEATURES) JobProgress.total(features.page(plan.filter(), 1, 0).numberMatched());
            else if (plan.layer() == ExchangeLayer.STREETS) JobProgress.total(streets.count());
            Path file = job.dir.resolve(plan.fileName());
            try (OutputStream out = Files.newOutputStream(file)) {
                exports.write(plan, out);
            }
            JobProgress.checkCancelled();
            job.file = file;
            job.result = Map.of("fileName", plan.fileName(), "bytes", Files.size(file));
        }));
        return status(job);
    }

    /**
     * Checks that the caller may import the layer (as the direct import would) and the street import's
     * {@code mode}, {@code bbox} and {@code area} (a refusal now, before anything is queued: the outline
     * must exist already; the import reads it again when it runs), saves the upload (within the size
     * limit) and queues its import to run as the submitter.
     */
    Status startImport(String layer, String fileName, InputStream upload, String crs, String encoding,
                       String mapping, String type, boolean dryRun, StreetArea.Request replace) throws IOException {
        ExchangeLayer parsed = access.checkImport(layer);
        imports.replaceArea(parsed, replace);
        Job job = admit("import", parsed.key());
        Path saved;
        try {
            saved = ImportSources.copyLimited(upload, job.dir.resolve("upload"), maxUploadBytes);
        } catch (ExchangeFormatException e) {
            remove(job);
            throw ExportService.problem(e);
        }
        String name = fileName == null ? "" : fileName;
        job.future = pool.submit(() -> run(job, () -> {
            try (InputStream in = Files.newInputStream(saved)) {
                job.result = imports.importFile(layer, name, in, crs, encoding, mapping, type, dryRun, replace);
            }
        }));
        return status(job);
    }

    private interface Work {
        void run() throws Exception;
    }

    private void run(Job job, Work work) {
        if (job.progress.cancelled.get()) return;
        job.owner.runAs(() -> runAsOwner(job, work));
    }

    private void runAsOwner(Job job, Work work) {
        job.state = State.RUNNING;
        JobProgress.attach(job.progress);
        try {
            work.run();
            job.state = State.DONE;
        } catch (JobProgress.Cancelled e) {
            job.state = State.CANCELLED;
        } catch (ApiProblem p) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("status", p.status());
            error.put("code", p.messageKey());
            error.put("detail", p.getMessage());
            error.putAll(p.properties());
            job.errorArguments = p.arguments();
            job.error = error;
            job.state = State.FAILED;
        } catch (Exception e) {
            // The cause is for the log: its text is a library's, not an answer for the user.
            log.error("exchange job {} ({} {}) failed", job.id, job.kind, job.layer, e);
            job.errorArguments = new Object[]{job.id};
            job.error = Map.of("status", 500, "code", "exchange.job.failed",
                    "detail", "the job failed; the service log has the cause (job " + job.id + ")");
            job.state = State.FAILED;
        } finally {
            JobProgress.detach();
            job.finishedAt = clock.instant();
            if (job.state != State.DONE && job.file != null) job.file = null;
            if (job.state == State.CANCELLED) ExportService.deleteTree(job.dir);
        }
    }

    private synchronized Job admit(String kind, String layer) throws IOException {
        sweep();
        if (jobs.size() >= maxJobs) {
            // Make room by dropping the oldest finished job; running ones are never dropped.
            jobs.values().stream().filter(Job::finished).min(Comparator.comparing(j -> j.finishedAt)).ifPresent(this::remove);
        }
        if (jobs.size() >= maxJobs) {
            throw new ApiProblem(429, "exchange.jobs.tooMany",
                    "too many exchange jobs are running (" + maxJobs + "); wait for one to finish or cancel one", maxJobs);
        }
        Job job = new Job(kind, layer, Files.createTempDirectory("gridwatch-job-"), JobOwner.current());
        jobs.put(job.id, job);
        return job;
    }

    /** The job's status; 404 for an unknown or expired job. */
    public Status status(String id) {
        return status(find(id));
    }

    /** Cancels a job: a queued one never runs, a running one stops at its next record and rolls back. */
    public Status cancel(String id) {
        Job job = find(id);
        job.progress.cancelled.set(true);
        if (job.state == State.QUEUED) {
            job.future.cancel(false);
            job.state = State.CANCELLED;
            job.finishedAt = clock.instant();
            ExportService.deleteTree(job.dir);
        } else if (job.finished() && job.state != State.CANCELLED) {
            // Cancelling a finished job discards its result.
            remove(job);
            job.state = State.CANCELLED;
        }
        return status(job);
    }

    /** A finished export's file, its name and media type. */
    public record Download(Path file, String fileName, String mediaType) {
    }

    public Download result(String id) {
        Job job = find(id);
        if (job.state != State.DONE || job.file == null) {
            throw ApiProblem.conflict("exchange.job.notDone", "the job has no file to download (state " + job.state + ")",
                    job.state.name().toLowerCase());
        }
        return new Download(job.file, job.fileName, job.mediaType);
    }

    /** The jobs the caller may see (their own; an admin's: all), newest first. */
    public List<Status> list() {
        JobOwner asker = JobOwner.current();
        return jobs.values().stream().filter(j -> j.owner.visibleTo(asker))
                .sorted(Comparator.comparing((Job j) -> j.created).reversed()).map(this::status).toList();
    }

    /** The job, if the caller may see it: another user's job answers 404 like an unknown one, so ids do not leak. */
    private Job find(String id) {
        Job job = jobs.get(id);
        if (job == null || !job.owner.visibleTo(JobOwner.current())) {
            throw ApiProblem.notFound("exchange.job.unknown", "no exchange job " + id + " (unknown or expired)", id);
        }
        return job;
    }

    private Status status(Job job) {
        Map<String, Object> error = job.error;
        if (error != null && error.get("code") instanceof String code) {
            // The detail in the asker's language, as a problem+json answer would give it.
            Map<String, Object> e = new LinkedHashMap<>(error);
            e.put("detail", messages.getMessage(code, job.errorArguments, String.valueOf(error.get("detail")),
                    LocaleContextHolder.getLocale()));
            error = e;
        }
        String url = job.state == State.DONE && job.file != null ? "/api/exchange/jobs/" + job.id + "/result" : null;
        return new Status(job.id, job.kind, job.layer, job.state.name().toLowerCase(java.util.Locale.ROOT), job.progress.done.get(), job.progress.total.get(), error,
                url, job.result);
    }

    void sweep() {
        Instant cutoff = clock.instant().minus(expiry);
        List<Job> old = new ArrayList<>();
        for (Job j : jobs.values()) {
            if (j.finished() && j.finishedAt != null && j.finishedAt.isBefore(cutoff)) old.add(j);
        }
        old.forEach(this::remove);
    }

    private void remove(Job job) {
        jobs.remove(job.id);
        ExportService.deleteTree(job.dir);
    }

    /** For tests: the job's temporary directory, if it still exists. */
    Optional<Path> directory(String id) {
        Job job = jobs.get(id);
        return job == null || !Files.exists(job.dir) ? Optional.empty() : Optional.of(job.dir);
    }
}
