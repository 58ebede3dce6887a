/** The flags of `npm start` (dev/startOptions.ts): one table, one usage text, clear refusals. */
import { describe, expect, it } from 'vitest';
import { FLAGS, parseStartOptions, USAGE, UsageError } from '../../../dev/startOptions';

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => parseStartOptions(args, env);

describe('npm start flags', () => {
  it('runs the demo on 8080 and 4000 by default, with the production build and the visualizer', () => {
    expect(parse([])).toEqual({
      dev: false,
      port: 8080,
      authPort: 4000,
      ownProvider: false,
      provider: 'demo',
      githubPort: 4500,
      backend: false,
      backendAnswers: 'plain',
      visualizer: true,
      build: 'when-stale',
      help: false,
    });
  });

  it('--backend runs the backend mode, with the answer shape of vm.service', () => {
    expect(parse(['--backend'])).toMatchObject({ backend: true, backendAnswers: 'plain' });
    expect(parse(['--backend', '--backend-answers', 'wrapped'])).toMatchObject({
      backend: true,
      backendAnswers: 'wrapped',
    });
  });

  it('--provider github runs the emulated GitHub on its port, always with the backend', () => {
    expect(parse(['--provider', 'github'])).toMatchObject({
      provider: 'github',
      githubPort: 4500,
      backend: true,
    });
    expect(parse(['--provider=github', '--github-port', '45000'])).toMatchObject({
      githubPort: 45000,
    });
    expect(parse(['--provider', 'github'], { GITHUB_PORT: '0' }).githubPort).toBe(0);
  });

  it('combines --dev with every other flag that applies to it', () => {
    expect(parse(['--dev', '--port', '9000', '--auth-port=9001', '--no-visualizer'])).toMatchObject(
      {
        dev: true,
        port: 9000,
        authPort: 9001,
        visualizer: false,
      },
    );
    expect(parse(['--dev', '--own-provider', '--port', '9000'])).toMatchObject({
      dev: true,
      ownProvider: true,
      port: 9000,
    });
  });

  it('reads PORT and AUTH_PORT when the flags are absent; the flags win', () => {
    expect(parse([], { PORT: '9100', AUTH_PORT: '0' })).toMatchObject({ port: 9100, authPort: 0 });
    expect(parse(['--port', '9200'], { PORT: '9100' })).toMatchObject({ port: 9200 });
  });

  it('maps --build and --no-build to a build policy', () => {
    expect(parse(['--build']).build).toBe('always');
    expect(parse(['--no-build']).build).toBe('never');
  });

  it.each([
    [['--port', 'eighty'], '--port must be a port number (0-65535), got "eighty".'],
    [['--auth-port', '70000'], '--auth-port must be a port number (0-65535), got "70000".'],
    [['--build', '--no-build'], '--build and --no-build contradict each other'],
    [['--dev', '--build'], 'which --dev does not use'],
    [['--dev', '--no-build'], 'which --dev does not use'],
    [['--own-provider', '--auth-port', '4001'], 'which --own-provider does not start'],
    [['--own-provider', '--port', '0'], '--own-provider needs a fixed --port'],
    [['--backend', '--backend-answers', 'json'], 'must be plain or wrapped, got "json"'],
    [['--backend-answers', 'wrapped'], 'add --backend'],
    [['--backend', '--own-provider', '--port', '9000'], 'run the backend yourself'],
    [['--provider', 'gitlab'], '--provider must be demo or github, got "gitlab".'],
    [['--github-port', '4501'], 'add --provider github'],
    [['--provider', 'github', '--auth-port', '4001'], 'leave out --own-provider and --auth-port'],
    [['--provider', 'github', '--own-provider', '--port', '9000'], 'leave out --own-provider'],
    [['--prot', '9000'], "Unknown option '--prot'"],
    [['9000'], "Unexpected argument '9000'"],
  ])('refuses %j with a sentence', (args, message) => {
    expect(() => parse(args)).toThrow(UsageError);
    expect(() => parse(args)).toThrow(message);
  });

  it('says to put the flags after "--" when npm kept them for itself', () => {
    // `npm start --port 9000` leaves npm_config_port=true and hands the script only "9000".
    expect(() => parse(['9000'], { npm_config_port: 'true' })).toThrow(
      'npm took --port for itself: put the flags after "--", as in `npm start -- --port 9000`.',
    );
  });

  it('describes every flag in the usage text, in the form npm needs', () => {
    expect(USAGE).toMatch(/^Usage: npm start -- \[flags\]/);
    for (const name of Object.keys(FLAGS)) expect(USAGE).toContain(`--${name}`);
    for (const example of USAGE.split('Examples:')[1]?.trim().split('\n') ?? []) {
      expect(example.trim()).toMatch(/^npm start -- --/);
    }
  });
});
