import { request as httpRequest } from 'node:http';
import { isIP } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { XMLParser } from 'fast-xml-parser';

/** What the host presents when the pinned fingerprint is missing or different. */
export class UntrustedCertificateError extends Error {
  constructor(readonly fingerprint: string) {
    super(`The host presents certificate ${fingerprint}, which is not the accepted one`);
  }
}

export class VsphereFault extends Error {
  constructor(
    readonly fault: string,
    message: string,
  ) {
    super(message);
  }
}

export type XmlNode = Record<string, unknown>;

const ARRAYS = new Set([
  'objects',
  'propSet',
  'VirtualDevice',
  'GuestNicInfo',
  'ipAddress',
  'rootSnapshotList',
  'childSnapshotList',
  'ManagedObjectReference',
]);

// Namespace prefixes are dropped (soapenv:, xsi:): the vim25 body is one namespace, and xsi:type lands
// on `@_type` of the elements that carry it (values and devices), never beside a moref's own `type`.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ARRAYS.has(name),
});

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const moref = (type: string, value: string) =>
  `<_this type="${esc(type)}">${esc(value)}</_this>`;

export function text(node: unknown): string | null {
  if (node === undefined || node === null) return null;
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && '#text' in (node as XmlNode))
    return String((node as XmlNode)['#text']);
  return null;
}

export interface ServiceContent {
  rootFolder: string;
  propertyCollector: string;
  viewManager: string;
  sessionManager: string;
  apiType: string;
  version: string;
  fullName: string;
}

/**
 * A minimal vSphere SOAP (vim25) client: one TLS connection per call, the certificate checked against
 * the pinned SHA-256 fingerprint before a byte (credentials included) is sent.
 */
export class VsphereClient {
  private cookie: string | null = null;
  private content: ServiceContent | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly pinned: string | null,
    private readonly timeoutMs = 30_000,
  ) {}

  /** The SHA-256 fingerprint the host presents (AA:BB:…), without sending anything. */
  static fingerprint(host: string, port: number, timeoutMs = 10_000): Promise<string> {
    return new Promise((done, fail) => {
      const s = tlsConnect(
        { host, port, rejectUnauthorized: false, servername: isIP(host) ? undefined : host },
        () => {
          const fp = s.getPeerX509Certificate()?.fingerprint256;
          s.destroy();
          if (fp) done(fp.toUpperCase());
          else fail(new Error('The host presented no certificate'));
        },
      );
      s.setTimeout(timeoutMs, () => s.destroy(new Error('Timed out connecting to the host')));
      s.once('error', fail);
    });
  }

  private open(): Promise<TLSSocket> {
    return new Promise((done, fail) => {
      const s = tlsConnect(
        {
          host: this.host,
          port: this.port,
          rejectUnauthorized: false,
          servername: isIP(this.host) ? undefined : this.host,
        },
        () => {
          const fp = s.getPeerX509Certificate()?.fingerprint256?.toUpperCase() ?? '';
          if (!this.pinned || fp !== this.pinned.toUpperCase()) {
            s.destroy();
            fail(new UntrustedCertificateError(fp));
          } else done(s);
        },
      );
      s.setTimeout(this.timeoutMs, () => s.destroy(new Error('Timed out talking to the host')));
      s.once('error', fail);
    });
  }

  /** One SOAP call; returns the parsed `<…Response>` element's children. */
  async call(method: string, inner: string): Promise<XmlNode> {
    const socket = await this.open();
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>' +
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
      `<soapenv:Body><${method} xmlns="urn:vim25">${inner}</${method}></soapenv:Body></soapenv:Envelope>`;
    const { status, xml, setCookie } = await new Promise<{
      status: number;
      xml: string;
      setCookie: string[];
    }>((done, fail) => {
      const req = httpRequest(
        {
          host: this.host,
          port: this.port,
          method: 'POST',
          path: '/sdk',
          createConnection: () => socket,
          headers: {
            'content-type': 'text/xml; charset=utf-8',
            soapaction: 'urn:vim25/7.0',
            'content-length': Buffer.byteLength(body),
            ...(this.cookie ? { cookie: this.cookie } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            done({
              status: res.statusCode ?? 0,
              xml: Buffer.concat(chunks).toString('utf8'),
              setCookie: res.headers['set-cookie'] ?? [],
            }),
          );
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end(body);
    });
    socket.destroy();
    const session = setCookie
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('vmware_soap_session='));
    if (session) this.cookie = session;
    const doc = parser.parse(xml) as XmlNode;
    const envBody = (doc.Envelope as XmlNode | undefined)?.Body as XmlNode | undefined;
    if (!envBody) throw new Error(`Not a SOAP answer (HTTP ${status})`);
    if (envBody.Fault) {
      const f = envBody.Fault as XmlNode;
      const detail = (f.detail as XmlNode | undefined) ?? {};
      const kind = Object.keys(detail).find((k) => !k.startsWith('@_')) ?? 'Fault';
      throw new VsphereFault(kind.replace(/Fault$/, ''), text(f.faultstring) ?? kind);
    }
    return (envBody[`${method}Response`] as XmlNode | undefined) ?? {};
  }

  async serviceContent(): Promise<ServiceContent> {
    if (this.content) return this.content;
    const r = await this.call(
      'RetrieveServiceContent',
      moref('ServiceInstance', 'ServiceInstance'),
    );
    const v = r.returnval as XmlNode;
    const about = v.about as XmlNode;
    this.content = {
      rootFolder: text(v.rootFolder)!,
      propertyCollector: text(v.propertyCollector)!,
      viewManager: text(v.viewManager)!,
      sessionManager: text(v.sessionManager)!,
      apiType: text(about.apiType) ?? 'HostAgent',
      version: text(about.version) ?? '',
      fullName: text(about.fullName) ?? '',
    };
    return this.content;
  }

  async login(user: string, password: string): Promise<void> {
    const sc = await this.serviceContent();
    await this.call(
      'Login',
      `${moref('SessionManager', sc.sessionManager)}<userName>${esc(user)}</userName><password>${esc(password)}</password>`,
    );
  }

  async logout(): Promise<void> {
    if (!this.cookie || !this.content) return;
    await this.call('Logout', moref('SessionManager', this.content.sessionManager)).catch(
      () => undefined,
    );
    this.cookie = null;
  }

  /**
   * Every object of `type` under the root folder with `paths`, a page at a time (RetrievePropertiesEx,
   * then ContinueRetrievePropertiesEx with its token), through a container view destroyed at the end.
   */
  async *objects(
    type: string,
    paths: string[],
    pageSize = 100,
  ): AsyncGenerator<{ moref: string; props: Record<string, unknown> }[]> {
    const sc = await this.serviceContent();
    const view = text(
      (
        await this.call(
          'CreateContainerView',
          `${moref('ViewManager', sc.viewManager)}<container type="Folder">${esc(sc.rootFolder)}</container>` +
            `<type>${esc(type)}</type><recursive>true</recursive>`,
        )
      ).returnval,
    )!;
    try {
      const spec =
        `<specSet><propSet><type>${esc(type)}</type>${paths.map((p) => `<pathSet>${esc(p)}</pathSet>`).join('')}</propSet>` +
        `<objectSet><obj type="ContainerView">${esc(view)}</obj><skip>true</skip>` +
        '<selectSet xsi:type="TraversalSpec"><name>view</name><type>ContainerView</type><path>view</path>' +
        '<skip>false</skip></selectSet></objectSet></specSet>';
      let r = await this.call(
        'RetrievePropertiesEx',
        `${moref('PropertyCollector', sc.propertyCollector)}${spec}<options><maxObjects>${pageSize}</maxObjects></options>`,
      );
      for (;;) {
        const ret = r.returnval as XmlNode | undefined;
        if (!ret) return;
        yield ((ret.objects as XmlNode[] | undefined) ?? []).map((o) => ({
          moref: text(o.obj)!,
          props: Object.fromEntries(
            ((o.propSet as XmlNode[] | undefined) ?? []).map((p) => [text(p.name)!, p.val]),
          ),
        }));
        const token = text(ret.token);
        if (!token) return;
        r = await this.call(
          'ContinueRetrievePropertiesEx',
          `${moref('PropertyCollector', sc.propertyCollector)}<token>${esc(token)}</token>`,
        );
      }
    } finally {
      await this.call('DestroyView', moref('ContainerView', view)).catch(() => undefined);
    }
  }

  /** One property of one managed object (RetrievePropertiesEx on the object itself). */
  async property(type: string, value: string, path: string): Promise<unknown> {
    const sc = await this.serviceContent();
    const spec =
      `<specSet><propSet><type>${esc(type)}</type><pathSet>${esc(path)}</pathSet></propSet>` +
      `<objectSet><obj type="${esc(type)}">${esc(value)}</obj><skip>false</skip></objectSet></specSet>`;
    const r = await this.call(
      'RetrievePropertiesEx',
      `${moref('PropertyCollector', sc.propertyCollector)}${spec}<options></options>`,
    );
    const objects = ((r.returnval as XmlNode | undefined)?.objects as XmlNode[] | undefined) ?? [];
    const props = (objects[0]?.propSet as XmlNode[] | undefined) ?? [];
    return props[0]?.val;
  }

  async powerState(vm: string): Promise<string | null> {
    return text(await this.property('VirtualMachine', vm, 'runtime.powerState'));
  }

  /** Waits for a Task to end; its error (if any) becomes a VsphereFault. */
  async waitTask(task: string, timeoutMs = 300_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
      const state = text(await this.property('Task', task, 'info.state'));
      if (state === 'success') return;
      if (state === 'error') {
        const err = (await this.property('Task', task, 'info.error')) as XmlNode | undefined;
        throw new VsphereFault('TaskFailed', text(err?.localizedMessage) ?? `task ${task} failed`);
      }
      if (Date.now() > until) throw new VsphereFault('Timeout', `task ${task} did not end`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /**
   * Shuts a VM down: the guest OS first (ShutdownGuest, needs VMware Tools), a power-off when the
   * tools do not answer or the guest is still on after `graceMs`. False when it was already off.
   */
  async shutdown(vm: string, graceMs = 120_000): Promise<boolean> {
    if ((await this.powerState(vm)) !== 'poweredOn') return false;
    const graceful = await this.call('ShutdownGuest', moref('VirtualMachine', vm)).then(
      () => true,
      () => false,
    );
    if (graceful) {
      const until = Date.now() + graceMs;
      while (Date.now() < until) {
        if ((await this.powerState(vm)) === 'poweredOff') return true;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const task = text((await this.call('PowerOffVM_Task', moref('VirtualMachine', vm))).returnval)!;
    await this.waitTask(task);
    return true;
  }

  /** Powers a VM on; false when it was on already. */
  async powerOn(vm: string): Promise<boolean> {
    if ((await this.powerState(vm)) === 'poweredOn') return false;
    const task = text((await this.call('PowerOnVM_Task', moref('VirtualMachine', vm))).returnval)!;
    await this.waitTask(task);
    return true;
  }
}
