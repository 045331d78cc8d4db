import { KintoneConnections } from '../kintone/KintoneConnections';
import { ProviderConnections } from '../providers/ProviderConnections';
import { TelephonyConnections } from '../telephony/TelephonyConnections';
import '../kintone/integrations.css';

/** Settings → Connections: one section per integration that has its own settings screen. */
export function ConnectionsTab() {
  return (
    <div className="connections-tab">
      <TelephonyConnections />
      <KintoneConnections />
      <ProviderConnections />
    </div>
  );
}
