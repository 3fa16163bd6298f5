import { loginSchema, setupSchema } from '../src';

describe('input schemas', () => {
  it('accepts a well-formed login and rejects unknown keys (strict)', () => {
    expect(loginSchema.safeParse({ email: 'a@b.example', password: 'secret-pass' }).success).toBe(
      true,
    );
    const extra = loginSchema.safeParse({ email: 'a@b.example', password: 'x', admin: true });
    expect(extra.success).toBe(false);
  });

  it('explains what is wrong per field', () => {
    const res = loginSchema.safeParse({ email: 'not-an-email' });
    expect(res.success).toBe(false);
    const fields = res.error!.issues.map((i) => i.path.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('requires a long enough password for the first administrator', () => {
    expect(
      setupSchema.safeParse({ email: 'a@b.example', name: 'A', password: 'short' }).success,
    ).toBe(false);
    expect(
      setupSchema.safeParse({ email: 'a@b.example', name: 'A', password: 'long-enough-password' })
        .success,
    ).toBe(true);
  });
});
