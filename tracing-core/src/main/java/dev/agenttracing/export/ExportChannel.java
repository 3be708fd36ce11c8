package dev.agenttracing.export;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.internal.RateLimitedLog;

/**
 * One exporter's bounded queue and worker thread. The caller's {@link #offer(TraceEvent)}
 * never blocks: when the queue is full the event is dropped and counted. The worker
 * groups events as the {@link ExportBatching} says:
 * {@link ExportBatching#fixed(int, Duration) fixed} batches of {@code batchSize} events,
 * a partial one once its oldest event has waited {@code flushInterval}; or
 * {@link ExportBatching#queued(int) queued}: whatever is queued, up to {@code batchSize},
 * at once. {@code AgentTracer.builder()} creates one per exporter;
 * {@code AgentTracer.stats()} reads their counters.
 *
 * <p>
 * When the exporter has a spool ({@link TraceExporter#spool()}), a batch it cannot
 * deliver now (its export threw an exception that {@link TraceExporter#isTemporary}
 * accepts, or the shutdown timeout ran out) is written to the spool by the worker, never
 * by the caller; while batches wait there, new batches join them, and the worker exports
 * the oldest again after a backoff that starts at 1 s and doubles up to the spool's
 * {@link SpoolSettings#maxRetryInterval()}, then the next at once, and so on. At shutdown
 * what is queued is spooled when the backend fails or half the timeout (at most 1 s) is
 * left, and the next channel with the same spool directory exports it.
 *
 * <pre>{@code
 * ExportChannel channel = new ExportChannel("files", exporter, ExportBatching.queued(512), 8192);
 * channel.offer(event);
 * channel.flush(Duration.ofSeconds(2));
 * channel.shutdown(Duration.ofSeconds(5));
 * }</pre>
 */
public final class ExportChannel {

	/** The largest queue capacity: the queue's slots are allocated up front. */
	public static final int MAX_CAPACITY = EventQueue.MAX_CAPACITY;

	private static final Logger logger = LoggerFactory.getLogger(ExportChannel.class);

	private static final RateLimitedLog rateLimitedLog = new RateLimitedLog(logger, Duration.ofMinutes(1));

	private static final long IDLE_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

	/**
	 * How long the worker naps while a producer is between claiming a slot and filling
	 * it.
	 */
	private static final long GAP_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

	/**
	 * How long a flush waits for such a gap to close before it completes without the
	 * events behind it.
	 */
	private static final long FLUSH_GAP_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** The first wait before a spooled batch is tried again. */
	private static final long FIRST_REPLAY_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

	/**
	 * The most of the shutdown timeout kept for writing what is left to the spool (half
	 * of it when shorter).
	 */
	private static final long SPOOL_RESERVE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final String name;

	private final TraceExporter exporter;

	private final ExportBatching batching;

	private final int batchSize;

	/** Whether a partial batch waits for more events: fixed batching. */
	private final boolean waitsForFullBatch;

	private final long flushIntervalNanos;

	private final EventQueue queue;

	private final Queue<CompletableFuture<Void>> flushRequests = new ConcurrentLinkedQueue<>();

	private final CompletableFuture<Void> terminated = new CompletableFuture<>();

	private final Thread worker;

	private final LongAdder exported = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private volatile boolean stopping;

	/**
	 * How many queued events make the parked worker worth waking: 1 while it waits for
	 * the first event of a batch, the room left in the batch while it waits for more; 0
	 * while it works.
	 */
	private volatile int wakeThreshold;

	private final String dropKey;

	private final Supplier<String> dropMessage;

	private final @Nullable DiskSpool spool;

	/** Whether the spool's directory could be opened: only then are batches spooled. */
	private volatile boolean spoolReady;

	/**
	 * Set when the shutdown timeout (less the spool's reserve) ran out: what is left goes
	 * to the spool, nothing more is exported.
	 */
	private volatile boolean spoolRest;

	/** Whether the worker is inside the exporter's {@code export}. */
	private volatile boolean exporting;

	/** When the oldest spooled batch is to be tried again (worker only). */
	private long replayDueNanos;

	private final long firstReplayBackoffNanos;

	private final long maxReplayBackoffNanos;

	private long replayBackoffNanos;

	private volatile @Nullable Instant lastSuccess;

	private volatile @Nullable Instant lastFailure;

	private volatile @Nullable String lastError;

	/**
	 * Creates the channel with {@link ExportBatching#fixed(int, Duration) fixed} batching
	 * and starts its worker.
	 * @param name the exporter's name, used in logs, thread names and stats
	 * @param exporter the exporter
	 * @param batchSize the number of events per batch, at least 1
	 * @param flushInterval the longest a partial batch waits, positive
	 * @param capacity the queue capacity, 1 to {@link #MAX_CAPACITY}
	 */
	public ExportChannel(String name, TraceExporter exporter, int batchSize, Duration flushInterval, int capacity) {
		this(name, exporter, ExportBatching.fixed(batchSize, flushInterval), capacity);
	}

	/**
	 * Creates the channel and starts its worker, a daemon thread named after the
	 * exporter.
	 * @param name the exporter's name, used in logs, thread names and stats
	 * @param exporter the exporter
	 * @param batching how events are grouped into export calls
	 * @param capacity the queue capacity, 1 to {@link #MAX_CAPACITY}
	 */
	public ExportChannel(String name, TraceExporter exporter, ExportBatching batching, int capacity) {
		requireCapacity(capacity);
		Duration flushInterval = batching.flushInterval();
		this.name = name;
		this.exporter = exporter;
		this.batching = batching;
		this.batchSize = batching.batchSize();
		this.waitsForFullBatch = flushInterval != null;
		this.flushIntervalNanos = (flushInterval != null) ? flushInterval.toNanos() : 0;
		this.queue = new EventQueue(capacity);
		this.dropKey = "dropped:" + name;
		this.dropMessage = () -> "Trace exporter '" + this.name + "' "
				+ (this.queue.isClosed() ? "is shut down" : "queue is full (capacity " + capacity + ")")
				+ ": dropped an event; " + this.dropped.sum() + " dropped so far";
		SpoolSettings spoolSettings = exporter.spool();
		this.spool = (spoolSettings != null) ? new DiskSpool(name, spoolSettings, Clock.systemUTC()) : null;
		long maxBackoff = (spoolSettings != null) ? spoolSettings.maxRetryInterval().toNanos()
				: FIRST_REPLAY_BACKOFF_NANOS;
		this.maxReplayBackoffNanos = maxBackoff;
		this.firstReplayBackoffNanos = Math.min(FIRST_REPLAY_BACKOFF_NANOS, maxBackoff);
		this.replayBackoffNanos = this.firstReplayBackoffNanos;
		this.worker = new Thread(this::work, "agent-tracing-" + name);
		this.worker.setDaemon(true);
		this.worker.start();
	}

	/**
	 * Checks a queue capacity: the one place where it is validated.
	 * @param capacity the capacity
	 * @return the capacity
	 * @throws IllegalArgumentException if it is not 1 to {@link #MAX_CAPACITY}
	 */
	public static int requireCapacity(int capacity) {
		if (capacity < 1 || capacity > MAX_CAPACITY) {
			throw new IllegalArgumentException("capacity must be 1 to " + MAX_CAPACITY + " but was " + capacity);
		}
		return capacity;
	}

	/** The exporter's name. */
	public String name() {
		return this.name;
	}

	/** The exporter this channel feeds. */
	public TraceExporter exporter() {
		return this.exporter;
	}

	/** How this channel groups events into export calls. */
	public ExportBatching batching() {
		return this.batching;
	}

	/**
	 * Queues an event without blocking.
	 * @param event the event
	 * @return {@code false} if the queue was full or the channel shut down: the event was
	 * dropped and counted
	 */
	public boolean offer(TraceEvent event) {
		int queued = this.queue.offer(event);
		if (queued > 0) {
			int threshold = this.wakeThreshold;
			if (threshold > 0 && queued >= threshold) {
				this.wakeThreshold = 0;
				LockSupport.unpark(this.worker);
			}
			return true;
		}
		this.dropped.increment();
		rateLimitedLog.warn(this.dropKey, this.dropMessage, null);
		return false;
	}

	/**
	 * Asks the worker to export everything queued now and flush the exporter.
	 * @return a future that completes when that is done
	 */
	public CompletableFuture<Void> flushAsync() {
		CompletableFuture<Void> request = new CompletableFuture<>();
		if (this.terminated.isDone()) {
			request.complete(null);
			return request;
		}
		this.flushRequests.add(request);
		LockSupport.unpark(this.worker);
		if (this.terminated.isDone() && this.flushRequests.remove(request)) {
			request.complete(null);
		}
		return request;
	}

	/**
	 * Exports everything queued before the call, waiting at most {@code timeout}.
	 * @param timeout how long to wait
	 * @return whether everything was exported (or failed) in time
	 */
	public boolean flush(Duration timeout) {
		return await(flushAsync(), timeout);
	}

	/**
	 * Stops taking events, exports everything queued, then shuts the exporter down; never
	 * waits longer than the timeout, interrupting an export that hangs.
	 * @param timeout how long to wait
	 * @return whether everything was exported and the exporter shut down in time
	 */
	public boolean shutdown(Duration timeout) {
		return await(shutdownAsync(timeout), timeout) || interruptWorker();
	}

	/**
	 * Starts {@link #shutdown(Duration)} without waiting; with a spool, what is still
	 * queued when half the timeout (at most 1 s) is left is written to the spool instead
	 * of being exported.
	 * @param timeout how long the caller waits for the future
	 * @return a future that completes when the worker has ended
	 */
	public CompletableFuture<Void> shutdownAsync(Duration timeout) {
		CompletableFuture<Void> terminated = shutdownAsync();
		if (this.spool != null && !terminated.isDone()) {
			long nanos = Math.max(0, timeout.toNanos());
			long reserve = Math.min(nanos / 2, SPOOL_RESERVE_NANOS);
			CompletableFuture.delayedExecutor(nanos - reserve, TimeUnit.NANOSECONDS).execute(this::spoolRest);
		}
		return terminated;
	}

	/**
	 * From now on, what is left goes to the spool; an export in progress is interrupted.
	 */
	private void spoolRest() {
		if (!this.terminated.isDone() && !this.spoolRest) {
			this.spoolRest = true;
			if (this.exporting) {
				this.worker.interrupt();
			}
		}
	}

	/**
	 * Starts {@link #shutdown(Duration)} without waiting.
	 * @return a future that completes when the worker has ended
	 */
	public CompletableFuture<Void> shutdownAsync() {
		// from now on offers fail; the worker's last drain takes what was claimed before
		this.queue.close();
		this.stopping = true;
		LockSupport.unpark(this.worker);
		return this.terminated;
	}

	/**
	 * Interrupts a worker that outlived its shutdown timeout, so that backoff sleeps end.
	 */
	boolean interruptWorker() {
		if (!this.terminated.isDone()) {
			logger.warn("Trace exporter '{}' did not finish within the shutdown timeout; {} events still queued",
					this.name, this.queue.size());
			if (this.spoolReady) {
				// an interrupt would break the spool file being written
				spoolRest();
			}
			else {
				this.worker.interrupt();
			}
		}
		return false;
	}

	/** A snapshot of this channel's counters. */
	public ExporterStats stats() {
		DiskSpool spool = this.spool;
		return new ExporterStats(this.name, this.queue.accepted(), this.exported.sum(), this.dropped.sum(),
				this.failed.sum(), queuedEvents(), this.lastSuccess, this.lastFailure, this.lastError,
				(spool != null) ? spool.stats() : null);
	}

	/** The queue, for tests that hold a producer between its claim and its publish. */
	EventQueue queue() {
		return this.queue;
	}

	private int queuedEvents() {
		return this.queue.size();
	}

	private static boolean await(CompletableFuture<Void> future, Duration timeout) {
		try {
			future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			return false;
		}
	}

	// ---- the worker ----

	private void work() {
		List<TraceEvent> batch = new ArrayList<>(Math.min(this.batchSize, 1024));
		long batchDeadline = 0;
		boolean dirty = false;
		try {
			openSpool();
			while (true) {
				if (this.stopping) {
					// shutdown's timeout interrupts a wait
					drain(batch, this.queue.claimed(), Long.MAX_VALUE);
					flushExporter();
					completeFlushRequests();
					shutdownExporter();
					return;
				}
				if (!this.flushRequests.isEmpty()) {
					// only the requests made before the drain: a later one may follow
					// events not drained yet
					List<CompletableFuture<Void>> requests = takeFlushRequests();
					drain(batch, this.queue.claimed(), FLUSH_GAP_PATIENCE_NANOS);
					flushExporter();
					dirty = false;
					requests.forEach(request -> request.complete(null));
					continue;
				}
				if (Thread.interrupted()) {
					if (!this.spoolReady) {
						throw new InterruptedException();
					}
					// the shutdown timeout ran out: spool what is left
					this.spoolRest = true;
					continue;
				}
				long replayWait = replayWait();
				if (replayWait <= 0) {
					replay();
					continue;
				}
				boolean started = batch.isEmpty();
				if (this.queue.drainTo(batch, this.batchSize - batch.size()) > 0 && started) {
					batchDeadline = System.nanoTime() + this.flushIntervalNanos;
				}
				if (batch.size() >= this.batchSize || (!this.waitsForFullBatch && !batch.isEmpty())) {
					// a full batch, or (queued batching) whatever was queued: export it
					// now
					dirty |= export(batch);
					continue;
				}
				if (batch.isEmpty()) {
					// idle: wait for the first event; after a whole idle interval make
					// the exports durable
					long idleSince = System.nanoTime();
					park(1, Math.min(IDLE_POLL_NANOS, replayWait));
					if (dirty && System.nanoTime() - idleSince >= IDLE_POLL_NANOS && this.queue.size() == 0) {
						flushExporter();
						dirty = false;
					}
					continue;
				}
				long wait = batchDeadline - System.nanoTime();
				if (wait <= 0) {
					dirty |= export(batch);
					continue;
				}
				// a partial batch: wait until it can be filled or its oldest event has
				// waited long enough
				park(this.batchSize - batch.size(), Math.min(wait, replayWait));
			}
		}
		catch (InterruptedException ex) {
			logger.debug("Trace exporter '{}' interrupted", this.name);
		}
		catch (Throwable ex) {
			logger.error("Trace exporter '{}' worker died; its events are dropped from now on", this.name, ex);
		}
		finally {
			this.queue.close();
			completeFlushRequests();
			this.terminated.complete(null);
		}
	}

	/**
	 * Parks the worker until {@code threshold} events are queued, a flush or shutdown is
	 * requested, or the time is up. A producer that queues the threshold's event after
	 * the worker published it sees it and unparks the worker; one that queued it before,
	 * the worker sees in the check here. When enough events are claimed but the oldest is
	 * not in its slot yet (its producer is between its claim and its publish), the worker
	 * naps briefly instead of spinning.
	 */
	private void park(int threshold, long nanos) {
		this.wakeThreshold = threshold;
		if (this.flushRequests.isEmpty() && !this.stopping) {
			if (this.queue.size() < threshold) {
				LockSupport.parkNanos(this, nanos);
			}
			else if (this.queue.headPending()) {
				LockSupport.parkNanos(this, Math.min(nanos, GAP_PAUSE_NANOS));
			}
		}
		this.wakeThreshold = 0;
	}

	/**
	 * Exports the batch and every event claimed before {@code until}, in batches, for a
	 * flush or shutdown. An event still on its way into its slot is waited for, at most
	 * {@code patienceNanos} (a flush then completes without it; the next batches take
	 * it).
	 */
	private void drain(List<TraceEvent> batch, long until, long patienceNanos) throws InterruptedException {
		long gapSince = 0;
		while (true) {
			int room = this.batchSize - batch.size();
			long left = until - this.queue.taken();
			int taken = (room > 0 && left > 0) ? this.queue.drainTo(batch, (int) Math.min(room, left)) : 0;
			if (taken == 0 && left > 0 && batch.isEmpty()) {
				// the next event is claimed but not in its slot yet
				long now = System.nanoTime();
				if (gapSince == 0) {
					gapSince = now;
				}
				else if (now - gapSince > patienceNanos) {
					return;
				}
				LockSupport.parkNanos(this, GAP_PAUSE_NANOS);
				if (Thread.interrupted()) {
					if (!this.spoolReady) {
						throw new InterruptedException();
					}
					this.spoolRest = true;
				}
				continue;
			}
			if (batch.isEmpty()) {
				return;
			}
			export(batch);
		}
	}

	/** Exports and clears the batch; returns whether anything was exported. */
	private boolean export(List<TraceEvent> batch) {
		if (batch.isEmpty()) {
			return false;
		}
		int size = batch.size();
		DiskSpool spool = this.spool;
		try {
			if (spool != null && this.spoolReady && (this.spoolRest || spool.hasPending())) {
				// behind the batches already waiting, or out of time
				spoolBatch(spool, batch);
				return true;
			}
			this.exporting = true;
			try {
				this.exporter.export(List.copyOf(batch));
			}
			finally {
				this.exporting = false;
			}
			this.exported.add(size);
			this.lastSuccess = Instant.now();
		}
		catch (Throwable ex) {
			boolean interrupted = ex instanceof InterruptedException || Thread.currentThread().isInterrupted();
			if (spool != null && this.spoolReady && (interrupted || this.spoolRest || isTemporary(ex))) {
				recordFailure(ex);
				if (interrupted) {
					Thread.interrupted();
					this.spoolRest = true;
				}
				else {
					rateLimitedLog.warn("spooled:" + this.name,
							() -> "Trace exporter '" + this.name + "' could not export " + size + " events ("
									+ describe(ex) + "); they wait in its spool " + spool.directory()
									+ " to be exported later",
							null);
				}
				if (spoolBatch(spool, batch)) {
					replayFailed();
				}
				return true;
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			recordFailure(ex);
			this.failed.add(size);
			rateLimitedLog.warn("export:" + this.name + ":" + ex.getClass().getName(),
					() -> "Trace exporter '" + this.name + "' failed to export " + size + " events: " + describe(ex),
					ex);
			if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
				throw error;
			}
		}
		finally {
			batch.clear();
		}
		return true;
	}

	// ---- the spool ----

	private void openSpool() {
		DiskSpool spool = this.spool;
		if (spool == null) {
			return;
		}
		try {
			spool.open();
			this.spoolReady = true;
			this.replayDueNanos = System.nanoTime();
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Trace exporter '{}' cannot use its spool directory {} ({}); batches it cannot export are "
					+ "dropped", this.name, spool.directory(), describe(ex));
		}
	}

	/**
	 * How long until the oldest spooled batch is to be tried again; zero or less when
	 * now, {@link Long#MAX_VALUE} when none waits.
	 */
	private long replayWait() {
		DiskSpool spool = this.spool;
		if (spool == null || !this.spoolReady || this.spoolRest || !spool.hasPending()) {
			return Long.MAX_VALUE;
		}
		return this.replayDueNanos - System.nanoTime();
	}

	/** Tries the oldest spooled batch again. */
	private void replay() {
		DiskSpool spool = this.spool;
		DiskSpool.Entry entry = (spool != null) ? spool.oldest() : null;
		if (spool == null || entry == null) {
			return;
		}
		List<TraceEvent> events;
		try {
			events = spool.read(entry);
		}
		catch (IOException ex) {
			rateLimitedLog.warn("spool-read:" + this.name, () -> "Trace exporter '" + this.name
					+ "' could not read its spool file " + entry.path() + ": " + describe(ex), null);
			if (Thread.interrupted() || ex instanceof ClosedByInterruptException) {
				this.spoolRest = true;
			}
			replayFailed();
			return;
		}
		if (events == null) {
			// gone or set aside: the next one at once
			return;
		}
		try {
			this.exporting = true;
			try {
				if (!events.isEmpty()) {
					this.exporter.export(events);
				}
			}
			finally {
				this.exporting = false;
			}
			this.exported.add(events.size());
			this.lastSuccess = Instant.now();
			spool.remove(entry);
			this.replayBackoffNanos = this.firstReplayBackoffNanos;
			this.replayDueNanos = System.nanoTime();
		}
		catch (Throwable ex) {
			recordFailure(ex);
			if (ex instanceof InterruptedException || Thread.interrupted()) {
				// the shutdown timeout ran out: the file stays for the next start
				Thread.interrupted();
				this.spoolRest = true;
				return;
			}
			if (isTemporary(ex)) {
				replayFailed();
				if (logger.isDebugEnabled()) {
					logger.debug("Trace exporter '{}' could not export spooled batch {} ({}); next try in {} ms",
							this.name, entry.path().getFileName(), describe(ex),
							TimeUnit.NANOSECONDS.toMillis(this.replayDueNanos - System.nanoTime()));
				}
				return;
			}
			this.failed.add(events.size());
			rateLimitedLog.warn("spool-refused:" + this.name + ":" + ex.getClass().getName(),
					() -> "Trace exporter '" + this.name + "' failed to export the " + events.size()
							+ " events of spool file " + entry.path() + " for good (" + describe(ex)
							+ "); they are dropped",
					ex);
			spool.remove(entry);
			if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
				throw error;
			}
		}
	}

	/** Waits longer before the next try at the oldest spooled batch. */
	private void replayFailed() {
		long backoff = this.replayBackoffNanos;
		double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
		this.replayDueNanos = System.nanoTime() + Math.min((long) (backoff * jitter), this.maxReplayBackoffNanos);
		this.replayBackoffNanos = Math.min(this.maxReplayBackoffNanos, backoff * 2);
	}

	/**
	 * Writes the batch to the spool; an interrupt, which would break the file, is taken
	 * as the end of the shutdown timeout.
	 * @return whether it was written; if not, the batch counts as failed
	 */
	private boolean spoolBatch(DiskSpool spool, List<TraceEvent> batch) {
		int size = batch.size();
		try {
			for (int attempt = 1;; attempt++) {
				if (Thread.interrupted()) {
					this.spoolRest = true;
				}
				try {
					// at shutdown time is short: the page cache survives the process
					spool.append(batch, !this.stopping);
					return true;
				}
				catch (ClosedByInterruptException ex) {
					this.spoolRest = true;
					if (attempt >= 3) {
						throw ex;
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			Thread.interrupted();
			this.failed.add(size);
			recordFailure(ex);
			rateLimitedLog.warn("spool-write:" + this.name, () -> "Trace exporter '" + this.name + "' could not write "
					+ size + " events to its spool " + spool.directory() + ": " + describe(ex), null);
			return false;
		}
	}

	/** Whether the exporter takes the failure for one that may pass. */
	private boolean isTemporary(Throwable ex) {
		if (!(ex instanceof Exception exception)) {
			return false;
		}
		try {
			return this.exporter.isTemporary(exception);
		}
		catch (RuntimeException failure) {
			return false;
		}
	}

	private void flushExporter() {
		try {
			this.exporter.flush();
		}
		catch (Throwable ex) {
			recordFailure(ex);
			rateLimitedLog.warn("flush:" + this.name + ":" + ex.getClass().getName(),
					() -> "Trace exporter '" + this.name + "' failed to flush: " + describe(ex), ex);
		}
	}

	private void shutdownExporter() {
		try {
			this.exporter.shutdown();
		}
		catch (Throwable ex) {
			recordFailure(ex);
			logger.warn("Trace exporter '{}' failed to shut down: {}", this.name, describe(ex));
		}
	}

	private void recordFailure(Throwable ex) {
		this.lastFailure = Instant.now();
		this.lastError = describe(ex);
	}

	private List<CompletableFuture<Void>> takeFlushRequests() {
		List<CompletableFuture<Void>> requests = new ArrayList<>();
		CompletableFuture<Void> request;
		while ((request = this.flushRequests.poll()) != null) {
			requests.add(request);
		}
		return requests;
	}

	private void completeFlushRequests() {
		CompletableFuture<Void> request;
		while ((request = this.flushRequests.poll()) != null) {
			request.complete(null);
		}
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return ex.getClass().getName() + ((message != null) ? ": " + message : "");
	}

	@Override
	public String toString() {
		return "ExportChannel[" + this.name + "]";
	}

}
