// The bench's own requests (checks, /metrics, /healthz), each on a new connection: a kept-alive
// one can be closed by the server's idle timeout just as it is reused ("fetch failed").
import http from 'node:http';

export interface Answer {
  status: number;
  text: string;
}

export function send(url: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
