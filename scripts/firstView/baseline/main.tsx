/**
 * The first view's baseline for `npm run bench`: the shape of Docker's own OAuth sample for
 * extensions, written as Docker's React extension template writes it — React 18, MUI 5 and
 * Docker's theme (`DockerMuiV5ThemeProvider`), under StrictMode, the client obtained at module
 * level with `createDockerDesktopClient()`, and four components: a title, two paragraphs, a
 * button and a text field. Built by ./vite.config.ts, which makes Docker's theme use MUI 5 too.
 */

import { DockerMuiV5ThemeProvider } from '@docker/docker-mui-theme';
import { createDockerDesktopClient } from '@docker/extension-api-client';
import Button from '@mui/material-v5/Button';
import CssBaseline from '@mui/material-v5/CssBaseline';
import Stack from '@mui/material-v5/Stack';
import TextField from '@mui/material-v5/TextField';
import Typography from '@mui/material-v5/Typography';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

const client = createDockerDesktopClient();

const AUTHORIZE =
  'https://authorization-server.example/authorize?response_type=code&client_id=sample' +
  '&redirect_uri=docker-desktop%3A%2F%2Fdashboard%2Fextension-tab%3FextensionId%3Dsample';

function App() {
  const [code, setCode] = useState('');
  return (
    <>
      <Typography variant="h3">OAuth 2.0 sample</Typography>
      <Typography variant="body1" color="text.secondary" sx={{ mt: 2 }}>
        This extension signs you in with the authorization server in your browser, and Docker
        Desktop brings you back here with an authorization code.
      </Typography>
      <Typography variant="body1" color="text.secondary" sx={{ mt: 2 }}>
        Press the button to open the sign-in page; the code received is shown below.
      </Typography>
      <Stack direction="row" alignItems="start" spacing={2} sx={{ mt: 4 }}>
        <Button variant="contained" onClick={() => client.host.openExternal(AUTHORIZE)}>
          Sign in
        </Button>
        <TextField
          label="Authorization code"
          sx={{ width: 480 }}
          variant="outlined"
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
      </Stack>
    </>
  );
}

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');
createRoot(container).render(
  <StrictMode>
    <DockerMuiV5ThemeProvider>
      <CssBaseline />
      <App />
    </DockerMuiV5ThemeProvider>
  </StrictMode>,
);
