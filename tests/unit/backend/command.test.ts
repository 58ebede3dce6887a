// @vitest-environment node
/**
 * The backend's command line, the same for the image's main.js and the package's bin:
 * `--settings <file>`, `--help`, and a mistake named; and the sentence it stops with when it
 * cannot start.
 */
import { describe, expect, it } from 'vitest';
import { helpText, parseCommand } from '../../../backend/command';
import { BackendConfigError } from '../../../backend/config';
import { startFailure } from '../../../backend/run';

const program = { name: 'docker-extension-oauth-backend', defaultSettingsFile: '/b/provider.json' };

describe('parseCommand', () => {
  it('runs with the default settings, or the file --settings names', () => {
    expect(parseCommand([], program)).toEqual({ run: {} });
    expect(parseCommand(['--settings', 'p.json'], program)).toEqual({
      run: { settingsFile: 'p.json' },
    });
    expect(parseCommand(['--settings=/etc/p.json'], program)).toEqual({
      run: { settingsFile: '/etc/p.json' },
    });
  });

  it('answers the help, which names the default settings file and every variable', () => {
    for (const args of [['--help'], ['-h'], ['--settings', 'p.json', '--help']]) {
      expect(parseCommand(args, program)).toEqual({ help: helpText(program) });
    }
    const help = helpText(program);
    expect(help).toMatch(/^Usage: docker-extension-oauth-backend \[--settings <file>\]/);
    expect(help).toContain('else /b/provider.json');
    for (const variable of [
      'BACKEND_SOCKET',
      'BACKEND_PORT',
      'SESSION_FILE',
      'PROVIDER_SETTINGS_FILE',
      'OAUTH_CLIENT_SECRET_FILE',
      'OAUTH_CLIENT_SECRET',
      'OAUTH_CLIENT_AUTH_METHOD',
      'LOG_LEVEL',
    ]) {
      expect(help).toContain(`  ${variable} `);
    }
  });

  it.each([
    [['--settings'], /--settings needs the provider settings file/],
    [['--settings', '--help'], /--settings needs the provider settings file/],
    [['--settings='], /--settings needs the provider settings file/],
    [['--settings', 'a.json', '--settings', 'b.json'], /Give --settings once/],
    [['provider.json'], /Unknown argument "provider.json"/],
    [['--port', '80'], /Unknown argument "--port"/],
  ])('names the mistake in %j', (args, message) => {
    const command = parseCommand(args, program);
    expect(command).toEqual({ mistake: expect.stringMatching(message) });
  });
});

describe('startFailure', () => {
  it('a configuration error is its own sentence', () => {
    expect(
      startFailure(new BackendConfigError('Set BACKEND_SOCKET or BACKEND_PORT, not both.')),
    ).toBe('Set BACKEND_SOCKET or BACKEND_PORT, not both.');
  });

  it('a system error says what was tried where, in words', () => {
    const denied = Object.assign(new Error('listen EACCES: permission denied'), {
      code: 'EACCES',
      syscall: 'listen',
      address: '/run/guest-services/backend.sock',
      port: -1,
    });
    expect(startFailure(denied)).toBe(
      'listen /run/guest-services/backend.sock: permission denied (EACCES).',
    );
    const taken = Object.assign(new Error('in use'), {
      code: 'EADDRINUSE',
      syscall: 'listen',
      address: '127.0.0.1',
      port: 54190,
    });
    expect(startFailure(taken)).toBe('listen 127.0.0.1:54190: the address is in use (EADDRINUSE).');
  });

  it('anything else by name only: its message may quote data', () => {
    expect(startFailure(new TypeError('token abc is not a string'))).toBe('TypeError');
  });
});
