package dev.agenttracing.autoconfigure.viewer;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Lets in only an authenticated user with the viewer's role, whatever the application's own security
 * rules say about the path. A refusal is thrown as Spring Security's own exceptions, so that the
 * application's security filter chain answers it as usual: a login (or 401) for an anonymous user, 403
 * for a user without the role.
 */
final class SpringSecurityViewerAccess implements ViewerAccess {

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final String role;

	private final String authority;

	SpringSecurityViewerAccess(String role) {
		this.role = role.startsWith("ROLE_") ? role.substring(5) : role;
		this.authority = "ROLE_" + this.role;
	}

	@Override
	public void check(HttpServletRequest request) {
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
