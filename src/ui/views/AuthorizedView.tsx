import Alert from '@mui/material/Alert';
import Avatar from '@mui/material/Avatar';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { AuthEvent } from '../../machines/authMachine';
import type { UserProfile } from '../../oauth/types';
import type { AuthorizedTexts } from '../texts';
import { Actions, ViewLayout, visuallyHidden } from './ViewLayout';

/** The `authorized` substate. `refreshing` and `refreshBackoff` renew the tokens meanwhile. */
export type SessionStatus =
  | 'loadingProfile'
  | 'ready'
  | 'profileFailed'
  | 'refreshing'
  | 'refreshBackoff';

export interface AuthorizedViewProps {
  status: SessionStatus;
  providerName: string;
  profile: UserProfile | null;
  /** Why the profile could not be loaded, worded. */
  profileError: string | null;
  /** What it says (src/ui/texts.ts). */
  texts: AuthorizedTexts;
  send(event: AuthEvent): void;
  /** The extension's own signed-in content, shown between the profile and the Sign out button. */
  children?: ReactNode;
}

export function AuthorizedView({
  status,
  providerName,
  profile,
  profileError,
  texts,
  send,
  children,
}: AuthorizedViewProps) {
  // While the tokens are renewed, the profile already known stays on screen.
  const showProfile = status !== 'loadingProfile' && status !== 'profileFailed' && profile;
  return (
    <ViewLayout title={texts.title}>
      {showProfile ? (
        <ProfileCard profile={profile} unnamed={texts.unnamed} />
      ) : (
        status !== 'profileFailed' && <ProfileSkeleton loading={texts.loadingProfile} />
      )}
      {status === 'refreshBackoff' && (
        <Typography variant="body2" color="text.secondary">
          {texts.refreshBackoff(providerName)}
        </Typography>
      )}
      {status === 'profileFailed' && (
        <Alert
          severity="error"
          role="none"
          action={
            <Button color="inherit" size="small" onClick={() => send({ type: 'RETRY_PROFILE' })}>
              {texts.tryAgain}
            </Button>
          }
        >
          {texts.profileFailed(profileError)}
        </Alert>
      )}
      {children}
      <Actions>
        <Button variant="outlined" onClick={() => send({ type: 'SIGN_OUT' })}>
          {texts.signOut}
        </Button>
      </Actions>
    </ViewLayout>
  );
}

function ProfileCard({ profile, unnamed }: { profile: UserProfile; unnamed: string }) {
  const name = profile.name ?? profile.email ?? unnamed;
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
      {/* Decorative: the name next to it says who it is. */}
      <Avatar
        src={avatarUrl(profile.picture)}
        alt=""
        aria-hidden
        // The image host learns nothing about where it is shown (and MUI's loading probe, which
        // reads the same props, neither).
        slotProps={{ img: { referrerPolicy: 'no-referrer' } }}
        sx={{ width: 56, height: 56 }}
      >
        {initials(name)}
      </Avatar>
      <div>
        <Typography variant="h6" component="p">
          {name}
        </Typography>
        {/* The account's handle (GitHub's login), when it is not the name shown. */}
        {profile.username && profile.username !== name && (
          <Typography color="text.secondary">{profile.username}</Typography>
        )}
        {profile.email && profile.email !== name && (
          <Typography color="text.secondary">{profile.email}</Typography>
        )}
      </div>
    </Stack>
  );
}

function ProfileSkeleton({ loading }: { loading: string }) {
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
      <Skeleton variant="circular" width={56} height={56} />
      <div>
        <Skeleton variant="text" width={160} sx={{ fontSize: '1.25rem' }} />
        <Skeleton variant="text" width={200} />
      </div>
      <Typography sx={visuallyHidden}>{loading}</Typography>
    </Stack>
  );
}

/**
 * The profile's `picture` is whatever the provider returned: shown only from https, or as an
 * inline `data:image/...`; anything else (http, javascript:, a relative or malformed address)
 * leaves the initials.
 */
function avatarUrl(picture: unknown): string | undefined {
  if (typeof picture !== 'string') return undefined;
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(picture)) return picture;
  try {
    return new URL(picture).protocol === 'https:' ? picture : undefined;
  } catch {
    return undefined;
  }
}

export function initials(name: string): string {
  const words = name
    .replace(/@.*/, '')
    .split(/[\s._-]+/)
    .filter((word) => word !== '');
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words.slice(0, 1);
  return letters
    .map((word) => Array.from(word ?? '')[0] ?? '')
    .join('')
    .toUpperCase();
}
