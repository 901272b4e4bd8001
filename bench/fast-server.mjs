// A minimal keep-alive HTTP server on raw sockets, fast enough that the load tool, not
// the server, is what bench:peers measures. Answers every request with a fixed 200.
import net from 'node:net';

const body = '{"ok":true}';
const response = Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n${body}`);
const port = Number(process.argv[2] ?? 0);

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  let tail = '';
  socket.on('data', (chunk) => {
    const text = tail + chunk.toString('latin1');
    let count = 0;
    let at = text.indexOf('\r\n\r\n');
    let end = 0;
    while (at !== -1) {
      count++;
      end = at + 4;
      at = text.indexOf('\r\n\r\n', end);
    }
    tail = text.slice(end);
    if (count === 1) socket.write(response);
    else if (count > 1) socket.write(Buffer.concat(Array(count).fill(response)));
  });
  socket.on('error', () => undefined);
});
server.listen(port, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
