package dev.agenttracing.viewer;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Lets in only an authenticated user with the viewer's role, whatever the application's
 * own security rules say about the path. A refusal is thrown as Spring Security's own
 * exceptions, so that the application's security filter chain answers it as usual: a
 * login (or 401) for an anonymous user, 403 for a user without the role.
 */
final class SpringSecurityViewerAccess implements ViewerAccess {

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final String role;

	private final String authority;

	private final boolean filterChain;

	/**
	 * Creates the check.
	 * @param role the role a user needs, with or without {@code ROLE_}
	 * @param filterChain whether a security filter chain guards web requests; without one
	 * nobody is ever signed in, and every request gets 403 with a message that says why
	 */
	SpringSecurityViewerAccess(String role, boolean filterChain) {
		this.role = role.startsWith("ROLE_") ? role.substring(5) : role;
		this.authority = "ROLE_" + this.role;
		this.filterChain = filterChain;
	}

	@Override
	public void check(HttpServletRequest request) {
		if (!this.filterChain) {
			throw new ViewerException(HttpStatus.FORBIDDEN, "Spring Security is on the class path but no security "
					+ "filter chain guards web requests, so nobody can sign in: the trace viewer stays closed");
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| this.trustResolver.isAnonymous(authentication)) {
			throw new AuthenticationCredentialsNotFoundException("The trace viewer requires an authenticated user");
		}
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			if (this.authority.equals(granted.getAuthority())) {
				return;
			}
		}
		throw new AccessDeniedException("The trace viewer requires the role " + this.role);
	}

}
