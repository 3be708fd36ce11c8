package dev.agenttracing.viewer;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Lets in only requests made on this machine to this machine: the {@code Host} header
 * names a loopback host ({@code localhost}, {@code 127.0.0.1} or any {@code 127.x.x.x},
 * {@code [::1]}, with any port) and the remote address is a loopback address; then asks
 * the check it guards. The {@code Host} check keeps a page on another site from reading
 * the viewer through DNS rebinding (a name of the attacker's that resolves to 127.0.0.1),
 * the address check keeps other machines out when the application listens on every
 * interface. A refusal is 403 with the rule that refused it; 403 rather than 421
 * (Misdirected Request), which asks clients to retry on another connection.
 * {@code tracing.viewer.allow-remote=true} switches it off.
 */
final class LoopbackViewerAccess implements ViewerAccess {

	private final ViewerAccess next;

	LoopbackViewerAccess(ViewerAccess next) {
		this.next = next;
	}

	ViewerAccess next() {
		return this.next;
	}

	@Override
	public void check(HttpServletRequest request) {
		if (!isLoopbackHost(request.getHeader("Host"))) {
			throw new ViewerException(HttpStatus.FORBIDDEN,
					"the trace viewer answers only requests to localhost, 127.0.0.1 or [::1] "
							+ "(set tracing.viewer.allow-remote=true to serve others)");
		}
		if (!isLoopbackAddress(request.getRemoteAddr())) {
			throw new ViewerException(HttpStatus.FORBIDDEN, "the trace viewer answers only requests from this machine "
					+ "(set tracing.viewer.allow-remote=true to serve others)");
		}
		this.next.check(request);
	}

	/** Whether a {@code Host} header names a loopback host, with or without a port. */
	static boolean isLoopbackHost(@Nullable String host) {
		if (host == null) {
			return false;
		}
		String name = host.strip().toLowerCase(Locale.ROOT);
		if (name.startsWith("[")) {
			int end = name.indexOf(']');
			if (end < 0 || !isPort(name.substring(end + 1))) {
				return false;
			}
			return isLoopbackAddress(name.substring(1, end));
		}
		int colon = name.indexOf(':');
		if (colon >= 0) {
			if (!isPort(name.substring(colon))) {
				return false;
			}
			name = name.substring(0, colon);
		}
		return name.equals("localhost") || isLoopbackIpv4(name);
	}

	private static boolean isPort(String text) {
		if (text.isEmpty()) {
			return true;
		}
		return text.length() >= 2 && text.length() <= 6 && text.charAt(0) == ':'
				&& text.chars().skip(1).allMatch((c) -> c >= '0' && c <= '9');
	}

	/**
	 * Whether an IP address literal is a loopback address: {@code 127.x.x.x}, {@code ::1}
	 * in any of its forms, or {@code ::ffff:127.x.x.x}. Never looks a name up.
	 */
	static boolean isLoopbackAddress(@Nullable String address) {
		if (address == null) {
			return false;
		}
		String text = address.toLowerCase(Locale.ROOT);
		if (isLoopbackIpv4(text)) {
			return true;
		}
		if (text.startsWith("::ffff:")) {
			return isLoopbackIpv4(text.substring(7));
		}
		int scope = text.indexOf('%');
		if (scope >= 0) {
			text = text.substring(0, scope);
		}
		return isIpv6One(text);
	}

	private static boolean isLoopbackIpv4(String text) {
		String[] parts = text.split("\\.", -1);
		if (parts.length != 4 || !parts[0].equals("127")) {
			return false;
		}
		for (String part : parts) {
			if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch((c) -> c >= '0' && c <= '9')
					|| Integer.parseInt(part) > 255) {
				return false;
			}
		}
		return true;
	}

	/** Whether an IPv6 address (without brackets) is {@code ::1}. */
	private static boolean isIpv6One(String text) {
		if (text.isEmpty() || !text.chars().allMatch((c) -> c == ':' || Character.digit(c, 16) >= 0)) {
			return false;
		}
		int gap = text.indexOf("::");
		if (gap != text.lastIndexOf("::")) {
			return false;
		}
		String head = (gap >= 0) ? text.substring(0, gap) : text;
		String tail = (gap >= 0) ? text.substring(gap + 2) : "";
		String[] front = head.isEmpty() ? new String[0] : head.split(":", -1);
		String[] back = tail.isEmpty() ? new String[0] : tail.split(":", -1);
		if (gap >= 0 && back.length == 0) {
			// such as 1::, whose last group is 0
			return false;
		}
		int groups = front.length + back.length;
		if ((gap < 0 && groups != 8) || (gap >= 0 && groups > 7)) {
			return false;
		}
		String[] all = new String[groups];
		System.arraycopy(front, 0, all, 0, front.length);
		System.arraycopy(back, 0, all, front.length, back.length);
		for (int i = 0; i < groups; i++) {
			String group = all[i];
			if (group.isEmpty() || group.length() > 4) {
				return false;
			}
			int value = Integer.parseInt(group, 16);
			if (value != ((i == groups - 1) ? 1 : 0)) {
				return false;
			}
		}
		return groups > 0;
	}

}
