package dev.agenttracing.export;

/** Lets tests of other packages name the spool's logger. */
public final class DiskSpoolAccess {

	private DiskSpoolAccess() {
	}

	/** The class whose logger reports the spool's drops and corrupt files. */
	public static Class<?> type() {
		return DiskSpool.class;
	}

}
