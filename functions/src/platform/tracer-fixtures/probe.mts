// Run by tracer.test.ts in a process of its own (the X-Ray SDK reads its environment once): a DynamoDB call through a
// traced client, with an X-Ray daemon stand-in listening on UDP; prints the datagrams it received as JSON.
import { createSocket } from 'node:dgram';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const daemon = createSocket('udp4');
const received: string[] = [];
daemon.on('message', (message) => received.push(message.toString()));
await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', () => resolve()));
process.env.AWS_XRAY_DAEMON_ADDRESS = `127.0.0.1:${daemon.address().port}`;
await import('../tracer');
const { traced } = await import('../tracing');
const client = traced(new DynamoDBClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 }));
await client.send(new ListTablesCommand({})).catch(() => undefined);
await new Promise((resolve) => setTimeout(resolve, 300));
daemon.close();
process.stdout.write(JSON.stringify(received));
