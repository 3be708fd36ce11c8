package dev.agenttracing.viewer;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether a request may see the trace viewer; throws to refuse it. With Spring
 * Security on the class path the viewer lets in only an authenticated user with
 * {@code tracing.viewer.role}; without it, every request made from this machine to a
 * loopback host name. A bean of this type replaces either, for example to check something
 * else than a role; unless Spring Security's check is the one in use, the loopback rule
 * still applies before it, until {@code tracing.viewer.allow-remote=true}. A
 * {@code ResponseStatusException} is answered with its status and reason as the viewer's
 * JSON error; Spring Security's own exceptions are left to its filter chain (a login, 401
 * or 403).
 *
 * <pre class="code">
 * &#64;Bean
 * ViewerAccess traceViewerAccess() {
 *     return (request) -&gt; {
 *         if (!request.isUserInRole("OPERATOR")) {
 *             throw new ResponseStatusException(HttpStatus.FORBIDDEN, "operators only");
 *         }
 *     };
 * }
 * </pre>
 */
@FunctionalInterface
public interface ViewerAccess {

	/**
	 * Lets every request in: the viewer without Spring Security (behind the loopback rule
	 * unless {@code tracing.viewer.allow-remote=true}).
	 */
	ViewerAccess OPEN = (request) -> {
	};

	/**
	 * Checks a request to the viewer's page or API before it is answered.
	 * @param request the request
	 * @throws RuntimeException to refuse it, such as a {@code ResponseStatusException}
	 */
	void check(HttpServletRequest request);

}
