import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { ViewLayout } from './ViewLayout';

export interface ConfigErrorViewProps {
  /** The configuration field at fault, e.g. "clientId" or "endpoints.token". */
  field: string | undefined;
  /** The environment variable that sets it, when there is one. */
  variable: string | undefined;
  message: string;
  detail: string | undefined;
}

/** Shown instead of the sign-in when the provider configuration is invalid. */
export function ConfigErrorView({ field, variable, message, detail }: ConfigErrorViewProps) {
  return (
    <ViewLayout title="Sign-in is not configured correctly">
      <Alert severity="error" role="none">
        {message}
      </Alert>
      {field && (
        <Typography>
          Setting at fault: <code>{field}</code>
          {variable && (
            <>
              {' '}
              (environment variable <code>{variable}</code> at build time, see src/config.ts)
            </>
          )}
          .
        </Typography>
      )}
      {detail && <Typography color="text.secondary">{detail}</Typography>}
      <Typography>Fix the setting, rebuild the extension and install it again.</Typography>
    </ViewLayout>
  );
}
