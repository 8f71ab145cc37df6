import { MessagesScreen } from './messages-screen';

/** Messages and alerts, opened from the Me tab and the home page with `pageUrl('messages')`. */
export default function MessagesPage() {
  return <MessagesScreen />;
}
