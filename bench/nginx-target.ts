/**
 * A non-Node upstream for the benchmarks: nginx (Debian's nginx-light) on loopback answering
 * every request with one fixed OpenAI chat-completion JSON body, from a throwaway prefix. Two
 * worker processes (this machine has two cores).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/free-port';

export const CHAT_COMPLETION = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1764547200,
  model: 'bench',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I help you today?' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 9, completion_tokens: 9, total_tokens: 18 },
});

export function nginxAvailable(): boolean {
  return !spawnSync('nginx', ['-v']).error;
}

export async function startNginx(): Promise<{ url: string; stop(): void }> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-nginx-'));
  const port = await freePort();
  fs.mkdirSync(path.join(prefix, 'logs'));
  const body = CHAT_COMPLETION.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
  fs.writeFileSync(
    path.join(prefix, 'nginx.conf'),
    `worker_processes 2;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path ${prefix}/body;
  server {
    listen 127.0.0.1:${port} reuseport;
    location / {
      default_type application/json;
      return 200 '${body}';
    }
  }
}
`,
  );
  const child = spawn('nginx', ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'inherit'] });
  // Up when it answers.
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, { method: 'POST', body: '{}' });
      if (response.ok) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    stop() {
      child.kill('SIGQUIT');
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}
