package org.sealpost.server.identity;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server for tests: answers TXT questions over UDP on a free loopback port
 * from the records the test publishes, NXDOMAIN for everything else. Real DNS messages (dnsjava's
 * {@link Message}), so the lookup under test talks the real protocol.
 */
final class TxtResponder implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<Name, String> records = new ConcurrentHashMap<>();
    private final Thread thread;

    TxtResponder() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    void publish(String name, String value) throws TextParseException {
        records.put(Name.fromString(name, Name.root), value);
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] answer = answer(query).toWire(512);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        String value = records.get(question.getName());
        if (value == null || question.getType() != Type.TXT) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
            response.addRecord(new TXTRecord(question.getName(), DClass.IN, 60, value), Section.ANSWER);
        }
        return response;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join();
    }
}
