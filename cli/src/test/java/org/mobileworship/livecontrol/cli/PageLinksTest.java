package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nayuki.qrcodegen.QrCode;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PageLinksTest {

    @Test
    void urlsUseTheGivenInterfaceForAWildcardOrLoopbackEndpoint() {
        PageLinks.Links links = PageLinks.of(new InetSocketAddress("127.0.0.1", 3010), "192.168.1.5");
        assertThat(links.display()).isEqualTo("http://192.168.1.5:3010/display");
        assertThat(links.control()).isEqualTo("http://192.168.1.5:3010/control");
    }

    @Test
    void aRemoteLeadersAddressIsKept() {
        PageLinks.Links links = PageLinks.of(new InetSocketAddress("10.0.0.7", 3011), null);
        assertThat(links.display()).isEqualTo("http://10.0.0.7:3011/display");
    }

    @Test
    void theTerminalQrCodeDrawsExactlyTheModulesOfTheUrlsQrCode() {
        String url = "http://192.168.1.5:3010/display";
        String[] lines = PageLinks.qr(url).split("\n");
        QrCode qr = QrCode.encodeText(url, QrCode.Ecc.LOW);
        int border = 2;
        int width = qr.size + 2 * border;
        assertThat(lines).hasSize((width + 1) / 2);
        for (int row = 0; row < lines.length; row++) {
            String line = lines[row].substring(2); // indent
            assertThat(line).hasSize(width);
            for (int col = 0; col < width; col++) {
                char ch = line.charAt(col);
                boolean topDark = ch == ' ' || ch == '▄';
                boolean bottomDark = ch == ' ' || ch == '▀';
                int x = col - border;
                int y = row * 2 - border;
                assertThat(topDark).as("module %d,%d", x, y).isEqualTo(qr.getModule(x, y));
                assertThat(bottomDark).as("module %d,%d", x, y + 1).isEqualTo(qr.getModule(x, y + 1));
            }
        }
    }
}
