import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { Fragment, type ReactNode } from 'react';
import type { ConfigTexts } from '../texts';
import { ViewLayout } from './ViewLayout';

export interface ConfigErrorViewProps {
  /** The configuration field at fault, e.g. "clientId" or "endpoints.token". */
  field: string | undefined;
  /** The environment variable that sets it, when there is one. */
  variable: string | undefined;
  message: string;
  detail: string | undefined;
  /** What it says (src/ui/texts.ts). */
  texts: ConfigTexts;
}

/** Shown instead of the sign-in when the provider configuration is invalid. */
export function ConfigErrorView({ field, variable, message, detail, texts }: ConfigErrorViewProps) {
  return (
    <ViewLayout title={texts.title}>
      <Alert severity="error" role="none">
        {message}
      </Alert>
      {field && (
        <Typography>
          {texts
            .settingAtFault<ReactNode>(
              <code>{field}</code>,
              variable === undefined ? undefined : <code>{variable}</code>,
            )
            .map((part, index) => (
              // The pieces of one sentence, in a fixed order.
              // biome-ignore lint/suspicious/noArrayIndexKey: they never move
              <Fragment key={index}>{part}</Fragment>
            ))}
        </Typography>
      )}
      {detail && <Typography color="text.secondary">{detail}</Typography>}
      <Typography>{texts.fix}</Typography>
    </ViewLayout>
  );
}
