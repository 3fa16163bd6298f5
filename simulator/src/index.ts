export { startSimulator } from './simulator';
export type { SimulatorOptions, SimulatedCluster, RunningSimulator } from './simulator';
export { checkPveRequest } from './schema/check-request';
export { loadPveSchema, schemaAvailable, SCHEMA_FILE } from './schema/schema-loader';
export type { PveSchema, PveEndpoint, PveMethodDef, PveProp } from './schema/schema-loader';
export { checkReturns } from './schema/returns-checker';
export { validateParams, parsePropertyString } from './schema/param-validator';
export { pruneMark } from './world/prune';
export type { ClusterState, Guest, Task, Volume, StorageDef, NodeState } from './world/types';
export type { ClusterRuntime, Faults } from './runtime';
// Console clients, for the platform's relay tests and benchmark.
export { RfbClient, fetchFirstFrame, measureRfb, TermproxyClient, WsRefusedError } from './console';
// OPNsense API simulator (the edge firewall peer).
export { startOpnSim, generateApiKey } from './opnsense/server';
export type { OpnSimOptions, RunningOpnSim } from './opnsense/server';
export {
  DOCUMENTED_ENDPOINTS,
  availableIn,
  compareVersions,
} from './opnsense/documented-endpoints';
export type { DocumentedEndpoint } from './opnsense/documented-endpoints';
export { sha512Crypt, hashSecret, verifySha512Crypt } from './opnsense/sha512-crypt';
export { readConfigXml } from './opnsense/config-xml';
export { readIsoFile } from './opnsense/iso9660';
export { ApplianceHost, configDiskXml } from './appliances/opnsense-vm';
