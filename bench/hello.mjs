/**
 * The baseline of every HTTP figure: a bare Fastify hello-world in its own process (same Node, same Fastify
 * as the server, logging off), measured by the same load generator in the same run.
 * Run: node bench/hello.mjs <port>
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ bonjour: 'monde' }));
await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
const adresse = app.server.address();
process.stdout.write(`pret ${typeof adresse === 'object' && adresse ? adresse.port : 0}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
