package dev.agenttracing.viewer;

import jakarta.servlet.http.HttpServletRequest;

/** Decides whether a request may see the viewer; throws to refuse it. */
@FunctionalInterface
interface ViewerAccess {

	/** Lets every request in: the viewer without Spring Security. */
	ViewerAccess OPEN = (request) -> {
	};

	void check(HttpServletRequest request);

}
