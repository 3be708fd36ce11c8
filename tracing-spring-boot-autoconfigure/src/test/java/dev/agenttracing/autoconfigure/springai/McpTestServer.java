package dev.agenttracing.autoconfigure.springai;

import java.nio.file.Path;
import java.util.List;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * A real MCP server: the MCP Java SDK's streamable HTTP transport, a servlet, in an
 * embedded Tomcat on 127.0.0.1 and a free port, serving the given tools at {@code /mcp}.
 */
final class McpTestServer implements AutoCloseable {

	private final Tomcat tomcat = new Tomcat();

	private final McpSyncServer server;

	McpTestServer(String name, List<McpServerFeatures.SyncToolSpecification> tools, Path baseDir)
			throws LifecycleException {
		HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
			.mcpEndpoint("/mcp")
			.build();
		this.server = McpServer.sync(transport)
			.serverInfo(name, "1.0.0")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
			.tools(tools)
			.build();
		Connector connector = new Connector();
		connector.setPort(0);
		connector.setProperty("address", "127.0.0.1");
		this.tomcat.setConnector(connector);
		this.tomcat.setBaseDir(baseDir.toString());
		Context context = this.tomcat.addContext("", null);
		Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
		context.addServletMappingDecoded("/mcp", "mcp");
		this.tomcat.start();
	}

	/** The server's base URL, {@code http://127.0.0.1:port}. */
	String url() {
		return "http://127.0.0.1:" + this.tomcat.getConnector().getLocalPort();
	}

	@Override
	public void close() throws LifecycleException {
		this.server.closeGracefully();
		this.tomcat.stop();
		this.tomcat.destroy();
	}

}
