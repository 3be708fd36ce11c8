package dev.agenttracing.sample.web;

import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Replaces Tomcat's HTML error report by {@link ProblemJsonErrorReportValve}, so that
 * every error the API gives, even one Tomcat gives before Spring MVC is involved, is
 * JSON.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrorsConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonErrorReport() {
		return new ProblemJsonErrorReport();
	}

	/**
	 * Runs after Spring Boot's own customizer, which adds an HTML
	 * {@link ErrorReportValve} to the host.
	 */
	static final class ProblemJsonErrorReport
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				Container parent = context.getParent();
				if (!(parent instanceof Host host)) {
					return;
				}
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve && !(valve instanceof ProblemJsonErrorReportValve)) {
						host.getPipeline().removeValve(valve);
					}
				}
				host.getPipeline().addValve(new ProblemJsonErrorReportValve());
				if (host instanceof StandardHost standard) {
					// else the host adds its default HTML valve when it starts
					standard.setErrorReportValveClass(ProblemJsonErrorReportValve.class.getName());
				}
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
