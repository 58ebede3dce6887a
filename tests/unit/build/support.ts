/** What the build tests share: a build's refusal, read as its message. */
import { expect } from 'vitest';
import {
  BuildSettingsError,
  type BuildSettingsInput,
  resolveBuildSettings,
} from '../../../src/build/settings';

/** The message of the BuildSettingsError the build stops with; fails when it accepts. */
export function refusal(input: BuildSettingsInput): string {
  try {
    resolveBuildSettings(input);
  } catch (error) {
    expect(error).toBeInstanceOf(BuildSettingsError);
    return (error as Error).message;
  }
  throw new Error('the build settings were accepted');
}
