import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { wireQueryEvents } from './data';
import './i18n';
import { ensureSession } from './session';
import './app.css';

/** The app shell: starts logging in at launch; `children` is the page being shown. */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    wireQueryEvents();
    // Errors land in the session store, where each page shows them.
    void ensureSession().catch(() => undefined);
  });
  return children;
}

export default App;
