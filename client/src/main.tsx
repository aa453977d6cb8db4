import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HearthProvider } from './app/context';
import { startHearth } from './app/hearth';
import { App } from './ui/App';
import './styles/index.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

// Started outside React: the socket, media session and store live for the whole page.
const hearth = startHearth();

createRoot(root).render(
  <StrictMode>
    <HearthProvider hearth={hearth}>
      <App />
    </HearthProvider>
  </StrictMode>,
);
