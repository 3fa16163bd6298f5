import { Router } from '../router';
import { registerAccessRoutes } from './access.routes';
import { registerBackupRoutes } from './backup.routes';
import { registerClusterRoutes } from './cluster.routes';
import { registerConsoleRoutes } from './console.routes';
import { registerFirewallRoutes } from './firewall.routes';
import { registerGuestRoutes } from './guests.routes';
import { registerMiscRoutes } from './misc.routes';
import { registerNetworkRoutes } from './network.routes';
import { registerNodeRoutes } from './nodes.routes';
import { registerPoolRoutes } from './pools.routes';
import { registerSdnRoutes } from './sdn.routes';
import { registerStorageConfigRoutes } from './storage-config.routes';
import { registerTaskRoutes } from './tasks.routes';

export function buildRouter(): Router {
  const r = new Router();
  registerAccessRoutes(r);
  registerClusterRoutes(r);
  registerNodeRoutes(r);
  registerTaskRoutes(r);
  registerGuestRoutes(r);
  registerBackupRoutes(r);
  registerPoolRoutes(r);
  registerStorageConfigRoutes(r);
  registerSdnRoutes(r);
  registerConsoleRoutes(r);
  registerFirewallRoutes(r);
  registerMiscRoutes(r);
  registerNetworkRoutes(r);
  return r;
}
