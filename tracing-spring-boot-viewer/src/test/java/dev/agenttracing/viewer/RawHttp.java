package dev.agenttracing.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 request written by hand, for the headers an HTTP client will not send as
 * given, such as {@code Host}.
 */
final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends a GET to 127.0.0.1.
	 * @param headers more header lines, such as {@code "X-Forwarded-For: 203.0.113.7"}
	 * @return the status line, headers and body as received
	 */
	static Response get(int port, String path, String host, String... headers) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			socket.setSoTimeout(30_000);
			StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
			for (String header : headers) {
				request.append(header).append("\r\n");
			}
			request.append("Accept: application/json\r\nConnection: close\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			int status = Integer.parseInt(text.substring(9, 12));
			return new Response(status, text);
		}
	}

	record Response(int status, String text) {

		String head() {
			int end = this.text.indexOf("\r\n\r\n");
			return (end >= 0) ? this.text.substring(0, end) : this.text;
		}

	}

}
