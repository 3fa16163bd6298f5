import { Controller, Get, Module } from '@nestjs/common';
import { Permission } from '@multpanel/contracts';
import { Authenticated, CurrentScope, Public } from '../../src/common/auth/auth.decorators';
import type { Scope } from '../../src/common/auth/scope';
import { TestContext } from '../helpers/test-context';

@Controller('guard-probe')
class ProbeController {
  @Get('undeclared')
  undeclared() {
    return { leaked: true };
  }

  @Get('public')
  @Public()
  open() {
    return { ok: true };
  }

  @Get('settings')
  @Authenticated({ permission: Permission.PlatformSettings })
  settings(@CurrentScope() scope: Scope) {
    return scope;
  }

  @Get('scope')
  @Authenticated()
  scope(@CurrentScope() scope: Scope) {
    return scope;
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('global guard', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create({ modules: [ProbeModule] });
  });
  afterAll(() => ctx.close());

  it('refuses a route that declares neither @Public nor @Authenticated, even for super_admin', async () => {
    const admin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    const res = await ctx.http.get('/api/guard-probe/undeclared').set(admin.auth);
    expect(res.status).toBe(403);
    expect(res.body.leaked).toBeUndefined();
    expect((await ctx.http.get('/api/guard-probe/public')).status).toBe(200);
  });

  it('checks the declared permission', async () => {
    const user = await ctx.login(await ctx.newUser({ role: 'company_admin' }));
    const res = await ctx.http.get('/api/guard-probe/settings').set(user.auth);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    const admin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    expect((await ctx.http.get('/api/guard-probe/settings').set(admin.auth)).body).toEqual({
      kind: 'all',
    });
  });

  it('resolves each role to its scope', async () => {
    const acme = await ctx.newCompany();
    const globex = await ctx.newCompany();
    const sales = await ctx.newUser({ role: 'salesperson' });
    await ctx.assignSales(sales.id, acme.id);
    const scopeOf = async (u: { email: string }) =>
      (await ctx.http.get('/api/guard-probe/scope').set((await ctx.login(u)).auth)).body;

    expect(await scopeOf(sales)).toEqual({ kind: 'companies', companyIds: [acme.id] });
    const admin = await ctx.newUser({ role: 'company_admin', companyId: globex.id });
    expect(await scopeOf(admin)).toEqual({ kind: 'companies', companyIds: [globex.id] });
    const user = await ctx.newUser({ role: 'user', companyId: globex.id });
    expect(await scopeOf(user)).toEqual({
      kind: 'vm_grants',
      companyIds: [globex.id],
      userId: user.id,
    });
  });
});
