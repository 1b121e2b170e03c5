// Runs an example as a user would: a child process with the server's URL in its environment.
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
export const EXAMPLES = path.join(ROOT, 'examples');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command from the repository root; resolves with its exit code and output, never rejects on a non-zero exit. */
export function run(command: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<Run> {
  // Without Jest's NODE_ENV=test, which silences the code generator's error report.
  const { NODE_ENV: _testEnv, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: ROOT, env: { ...inherited, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(new Error(`${command} ${args.join(' ')} could not run: ${error.message}\n${stderr}`));
      else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/** Fails (never skips) when a tool an example needs is missing, saying how to get it. */
export function requireTool(tool: string, install: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
  } catch {
    throw new Error(`The examples need \`${tool}\`, which is not on the PATH. Install it (${install}) and run the tests again.`);
  }
}
