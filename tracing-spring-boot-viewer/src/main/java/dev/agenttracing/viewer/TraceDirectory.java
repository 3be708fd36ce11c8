package dev.agenttracing.viewer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.export.jsonl.JsonlExporter;

/**
 * The session files of one trace directory, each known by its key: its file name without
 * {@code .jsonl}. Only keys that {@link JsonlExporter#fileName(String)} can produce are
 * accepted, so a key never names anything but a file directly inside the directory;
 * symbolic links are not followed. Keeps the indexes of the most recently used sessions
 * ({@code tracing.viewer.cached-sessions}), within an estimated memory budget
 * ({@code tracing.viewer.max-index-size}); a session's index dropped from memory is built
 * again from its file when asked for.
 *
 * <p>
 * The viewer reads the directory the {@code JsonlExporter} writes to, else
 * {@code tracing.jsonl.dir}. A bean of this type makes it read another one:
 *
 * <pre class="code">
 * &#64;Bean
 * TraceDirectory traceViewerDirectory() {
 *     return new TraceDirectory(Path.of("/var/lib/agent/traces"));
 * }
 * </pre>
 */
public final class TraceDirectory {

	/** How many sessions' indexes are kept, by default. */
	static final int CACHED_SESSIONS = 64;

	/** How many runs of a session are kept indexed, by default. */
	static final int MAX_RUNS = 10_000;

	/** Estimated memory all indexes may take together, by default. */
	static final long MAX_BYTES = 64L * 1024 * 1024;

	private static final Pattern HASHED = Pattern
		.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}~[0-9a-f]{16}|~[0-9a-f]{16}");

	private static final String SUFFIX = ".jsonl";

	private final Path dir;

	private final int maxCached;

	private final int maxRuns;

	private final long maxBytes;

	private final Map<String, SessionIndex> cache;

	/**
	 * The trace files of a directory; it need not exist yet. Its indexes are bounded by
	 * the defaults of {@code tracing.viewer.*}.
	 * @param dir the directory of the session files
	 */
	public TraceDirectory(Path dir) {
		this(dir, CACHED_SESSIONS, MAX_RUNS, MAX_BYTES);
	}

	/**
	 * The trace files of a directory, with bounds of its indexes.
	 * @param dir the directory of the session files
	 * @param maxCached how many sessions' indexes are kept
	 * @param maxRuns how many runs of a session are kept indexed
	 * @param maxBytes estimated memory all indexes may take together
	 */
	TraceDirectory(Path dir, int maxCached, int maxRuns, long maxBytes) {
		this.dir = dir.toAbsolutePath().normalize();
		this.maxCached = maxCached;
		this.maxRuns = maxRuns;
		this.maxBytes = maxBytes;
		this.cache = new LinkedHashMap<>(16, 0.75f, true);
	}

	/** The directory, absolute and normalized. */
	public Path dir() {
		return this.dir;
	}

	/** Whether a key names a session file as {@link JsonlExporter} writes them. */
	static boolean isSessionKey(String key) {
		if (key.isEmpty() || key.length() > 100) {
			return false;
		}
		return JsonlExporter.fileName(key).equals(key + SUFFIX) || HASHED.matcher(key).matches();
	}

	/**
	 * The most sessions a page has: no more than are kept, so that a page never reads
	 * every file again.
	 */
	int maxSessionsPage() {
		return this.maxCached;
	}

	/** The most runs a page has: no more than a session keeps indexed. */
	int maxRunsPage() {
		return this.maxRuns;
	}

	/**
	 * The sessions whose key contains the query (ignoring case), most recently written
	 * first.
	 * @param limit how many, at most {@link #maxSessionsPage()}
	 * @return the page of summaries and the total number of matching sessions
	 */
	Map<String, Object> sessions(String query, int offset, int limit) throws IOException {
		if (offset < 0 || limit < 0) {
			throw new IllegalArgumentException("offset and limit must not be negative");
		}
		int count = Math.min(limit, this.maxCached);
		List<SessionFile> files = list();
		String needle = query.toLowerCase(Locale.ROOT);
		if (!needle.isEmpty()) {
			files.removeIf((file) -> !file.key.toLowerCase(Locale.ROOT).contains(needle)
					&& !containsIgnoringCase(cachedSessionId(file.key), needle));
		}
		files.sort(Comparator.comparingLong(SessionFile::modified).reversed().thenComparing(SessionFile::key));
		List<Map<String, Object>> page = new ArrayList<>();
		int from = Math.min(offset, files.size());
		int to = (int) Math.min((long) offset + count, files.size());
		for (SessionFile file : files.subList(from, to)) {
			try {
				page.add(session(file.key).summary());
			}
			catch (NoSuchFileException ex) {
				// deleted since it was listed
			}
		}
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("sessions", page);
		map.put("total", files.size());
		map.put("offset", offset);
		map.put("limit", count);
		return map;
	}

	private List<SessionFile> list() throws IOException {
		List<SessionFile> files = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.dir, "*" + SUFFIX)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				String key = name.substring(0, name.length() - SUFFIX.length());
				if (!isSessionKey(key)) {
					continue;
				}
				try {
					BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
							LinkOption.NOFOLLOW_LINKS);
					if (attributes.isRegularFile()) {
						files.add(new SessionFile(key, attributes.lastModifiedTime().toMillis()));
					}
				}
				catch (NoSuchFileException ex) {
					// deleted while listed
				}
			}
		}
		catch (NoSuchFileException | NotDirectoryException ex) {
			// no traces written yet
		}
		return files;
	}

	/**
	 * The index of a session, brought up to date with its file.
	 * @param key a key for which {@link #isSessionKey(String)} is true
	 * @throws NoSuchFileException if there is no such session file
	 */
	SessionIndex session(String key) throws IOException {
		if (!isSessionKey(key)) {
			throw new IllegalArgumentException("not a session key");
		}
		Path file = this.dir.resolve(key + SUFFIX);
		if (!this.dir.equals(file.getParent()) || !file.getFileName().toString().equals(key + SUFFIX)) {
			throw new IllegalArgumentException("not a session key");
		}
		SessionIndex index;
		synchronized (this.cache) {
			index = this.cache.get(key);
			if (index == null) {
				index = new SessionIndex(key, file, this.maxRuns, this.maxBytes);
				this.cache.put(key, index);
			}
		}
		try {
			index.refresh();
		}
		catch (NoSuchFileException ex) {
			synchronized (this.cache) {
				this.cache.remove(key, index);
			}
			throw ex;
		}
		evict(index);
		return index;
	}

	/**
	 * The cached index of a session, without looking at its file and without making it
	 * recently used.
	 */
	@Nullable SessionIndex cached(String key) {
		synchronized (this.cache) {
			for (SessionIndex index : this.cache.values()) {
				if (index.key().equals(key)) {
					return index;
				}
			}
			return null;
		}
	}

	private @Nullable String cachedSessionId(String key) {
		SessionIndex index = cached(key);
		return (index != null) ? index.sessionId() : null;
	}

	private static boolean containsIgnoringCase(@Nullable String text, String needle) {
		return text != null && text.toLowerCase(Locale.ROOT).contains(needle);
	}

	/**
	 * Drops the least recently used indexes beyond the number kept or the memory budget,
	 * never the one just used.
	 */
	private void evict(SessionIndex keep) {
		synchronized (this.cache) {
			long total = 0;
			for (SessionIndex index : this.cache.values()) {
				total += index.estimatedBytes();
			}
			Iterator<SessionIndex> eldest = this.cache.values().iterator();
			while ((this.cache.size() > this.maxCached || total > this.maxBytes) && eldest.hasNext()) {
				SessionIndex index = eldest.next();
				if (index != keep) {
					total -= index.estimatedBytes();
					eldest.remove();
				}
			}
		}
	}

	/** The estimated memory of the indexes kept, and how many there are; for tests. */
	long[] cacheUse() {
		synchronized (this.cache) {
			long total = 0;
			for (SessionIndex index : this.cache.values()) {
				total += index.estimatedBytes();
			}
			return new long[] { total, this.cache.size() };
		}
	}

	private record SessionFile(String key, long modified) {
	}

}
