import type { Browser } from 'playwright-core';
import { call, signInApi as login } from './support/api';
import { launchBrowser, newPage, signInByApi } from './support/browser';

// Issue 25's custom roles in the browser: Acme's admin defines a "viewer" role (vm.read only) on the
// Roles page and gives it to one of Acme's company admins; signed in, that person sees Acme's guests
// and nothing more: no Users or Roles in the menu, no Create, and a locked page behind /users.

const get = <T>(path: string, token: string) => call<T>(path, token, undefined, 'GET');

interface Guest {
  id: string;
  name: string | null;
}

describe('custom roles (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("Acme's admin gives a viewer role; its holder sees Acme's guests and nothing more", async () => {
    const tag = Date.now().toString(36);
    const roleName = `Viewer ${tag}`;
    const email = `viewer-${tag}@acme.demo`;
    const password = `viewer-pass-${tag}`;
    const admin = await login('admin@acme.demo');
    const globex = await login('admin@globex.demo');
    const user = await call<{ id: string }>('/users', admin.accessToken, {
      email,
      name: `Vera Viewer ${tag}`,
      role: 'company_admin',
      companyId: admin.user.companyId,
      password,
    });
    const acmeGuests = (
      await get<{ items: Guest[] }>('/vms?pageSize=25&sort=name', admin.accessToken)
    ).items;
    const globexGuests = (await get<{ items: Guest[] }>('/vms?pageSize=200', globex.accessToken))
      .items;
    const acmeAll = (await get<{ items: Guest[] }>('/vms?pageSize=200', admin.accessToken)).items;
    const acmeName = acmeGuests.find((g) => g.name)?.name;
    expect(acmeName).toBeTruthy();
    const globexOnly = globexGuests
      .map((g) => g.name)
      .find((n) => n && !acmeAll.some((a) => a.name === n));
    let roleId: string | undefined;

    try {
      const { context, page } = await newPage(browser);
      try {
        await signInByApi(page, 'admin@acme.demo');
        await page.goto('/roles');
        await page.getByRole('button', { name: 'New role' }).click();
        const form = page.getByRole('dialog');
        await form.getByRole('textbox', { name: 'Name' }).fill(roleName);
        await form.getByRole('checkbox', { name: 'See guests', exact: true }).check();
        await form.getByRole('button', { name: 'Save' }).click();
        await form.waitFor({ state: 'hidden' });
        const row = page
          .getByRole('row')
          .filter({ has: page.getByText(roleName, { exact: true }) });
        await row.getByRole('button', { name: 'Assign' }).click();
        const assign = page.getByRole('dialog', { name: `Assign ${roleName}` });
        await assign.getByRole('combobox', { name: 'User' }).fill(email);
        await page
          .getByRole('option', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) })
          .click();
        await assign.getByRole('button', { name: 'Assign', exact: true }).click();
        await assign.waitFor({ state: 'hidden' });
        await row.getByRole('cell', { name: '1', exact: true }).waitFor();
      } finally {
        await context.close();
      }
      const roles = await get<Array<{ id: string; name: string }>>('/roles', admin.accessToken);
      roleId = roles.find((r) => r.name === roleName)?.id;
      expect(roleId).toBeDefined();

      const viewer = await newPage(browser);
      try {
        await signInByApi(viewer.page, email, password);
        await viewer.page.goto('/');
        const menu = viewer.page.getByRole('navigation', { name: 'Main navigation' }).last();
        await menu.getByRole('link', { name: 'Virtual machines' }).waitFor();
        await viewer.page.goto('/vms?sort=name&pageSize=25');
        await viewer.page.getByRole('gridcell', { name: acmeName!, exact: true }).first().waitFor();
        if (globexOnly)
          expect(await viewer.page.getByText(globexOnly, { exact: true }).count()).toBe(0);
        expect(await viewer.page.getByRole('link', { name: 'Create', exact: true }).count()).toBe(
          0,
        );
        expect(await menu.getByRole('link', { name: 'Users', exact: true }).count()).toBe(0);
        expect(await menu.getByRole('link', { name: 'Roles', exact: true }).count()).toBe(0);
        await viewer.page.goto('/users');
        await viewer.page.getByText('You do not have access to this page').waitFor();
      } finally {
        await viewer.context.close();
      }
    } finally {
      await call(`/users/${user.id}`, admin.accessToken, undefined, 'DELETE').catch(
        () => undefined,
      );
      if (roleId)
        await call(`/roles/${roleId}`, admin.accessToken, undefined, 'DELETE').catch(
          () => undefined,
        );
    }
  }, 150_000);
});
