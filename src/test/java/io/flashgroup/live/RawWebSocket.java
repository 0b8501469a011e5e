package io.flashgroup.live;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * A WebSocket client on a plain socket with a tiny receive buffer, so a test decides when
 * (and whether) it reads: not reading is what a stalled phone or a hostile client does.
 */
final class RawWebSocket implements AutoCloseable {

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private RawWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	/** Connects to {@code /ws} and completes the handshake; nothing is read after it. */
	static RawWebSocket open(int port) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(1024);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(10_000);
		RawWebSocket ws = new RawWebSocket(socket);
		String key = Base64.getEncoder().encodeToString(new byte[16]);
		ws.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
				+ "\r\nSec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		ws.out.flush();
		String status = ws.readHeaders();
		if (!status.startsWith("HTTP/1.1 101")) {
			throw new IOException("Handshake refused: " + status);
		}
		return ws;
	}

	private String readHeaders() throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		while (matched < end.length) {
			int b = this.in.read();
			if (b < 0) {
				throw new IOException("Connection closed during handshake");
			}
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == end[0]) ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	/** Sends a masked text frame, as a client must. */
	void sendText(String text) throws IOException {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(0x81);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		byte[] mask = { 1, 2, 3, 4 };
		frame.write(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		this.out.write(frame.toByteArray());
		this.out.flush();
	}

	/**
	 * Reads every frame until the close frame or end of stream.
	 * @return the text messages and the close code (-1: no close frame, 1005: a close
	 * frame without a code)
	 */
	Received readToEnd() throws IOException {
		return read((text) -> false);
	}

	/** Reads text messages until one matches (or the close frame, or end of stream). */
	List<String> readUntil(Predicate<String> last) throws IOException {
		return read(last).texts();
	}

	private Received read(Predicate<String> last) throws IOException {
		List<String> texts = new ArrayList<>();
		try {
			while (true) {
				int first = this.in.read();
				if (first < 0) {
					System.out.println("raw: end of stream after " + texts.size());
					return new Received(texts, -1);
				}
				int opcode = first & 0x0F;
				int second = this.in.readUnsignedByte();
				long length = second & 0x7F;
				if (length == 126) {
					length = this.in.readUnsignedShort();
				}
				else if (length == 127) {
					length = this.in.readLong();
				}
				byte[] payload = new byte[(int) length];
				this.in.readFully(payload);
				if (opcode == 0x8) {
					int code = (payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
					return new Received(texts, code);
				}
				if (opcode == 0x1) {
					String text = new String(payload, StandardCharsets.UTF_8);
					texts.add(text);
					if (last.test(text)) {
						return new Received(texts, 0);
					}
				}
			}
		}
		catch (SocketTimeoutException | SocketException | EOFException ex) {
			System.out.println("raw: " + ex + " after " + texts.size());
			return new Received(texts, -1);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/** What a client read: its text messages in order and how it was closed. */
	record Received(List<String> texts, int closeCode) {
	}

}
