import type { CreatedInvite, InviteView } from '@hearth/shared';
import type { UserRecord } from '../../../server/src/accounts/types';
import type { CohortRecord } from '../../../server/src/cohorts/records/types';
import {
  ApiClient,
  PASSWORD,
  addMember,
  clientFor,
  createCohort,
  createUser,
  expectError,
  startApi,
  uniqueEmail,
  type ApiHarness,
  type StoreKind,
} from '../../helpers/api';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;

describe.each<StoreKind>(['redis', 'embedded'])('invites (%s store)', (kind) => {
  let h: ApiHarness;
  let admin: UserRecord;
  let facilitator: ApiClient;
  let cohort: CohortRecord;
  let n = 0;

  beforeAll(async () => {
    h = await startApi(kind);
    admin = await createUser(h, 'admin', { isAdmin: true });
    cohort = await createCohort(h, admin, { name: 'Grief circle, spring', capacity: 3 });
    const fac = await createUser(h, 'fac');
    await addMember(h, cohort, fac, 'facilitator', 'Fran');
    facilitator = await clientFor(h, fac);
  });
  afterAll(async () => h?.close());

  const invite = async (body: object = {}): Promise<CreatedInvite> => {
    const res = await facilitator.post(`/api/cohorts/${cohort.id}/invites`, body);
    expect(res.status).toBe(201);
    return res.body as CreatedInvite;
  };
  const account = (label = 'new') => ({ email: uniqueEmail(label), name: `Person ${++n}`, password: PASSWORD });
  const accept = (token: string, body: object, client = new ApiClient(h.app)) => client.post(`/api/invites/${token}/accept`, body);

  test('an invite link shows its cohort and role, and works exactly once', async () => {
    const created = await invite({ role: 'member' });
    expect(created.url).toBe(`https://hearth.test/invite/${created.token}`);
    const info = (await new ApiClient(h.app).get(`/api/invites/${created.token}`)).body as InviteView;
    expect(info).toMatchObject({ cohort: { id: cohort.id, name: cohort.name }, role: 'member', state: 'valid' });

    const newcomer = new ApiClient(h.app);
    const first = await accept(created.token, { displayName: 'Sam', account: account() }, newcomer);
    expect(first.status).toBe(201);
    expect(newcomer.cookie).toBeDefined(); // signed straight in
    expect((await newcomer.get(`/api/cohorts/${cohort.id}`)).body).toMatchObject({ role: 'member', id: cohort.id });

    expectError(await accept(created.token, { displayName: 'Sam2', account: account() }), 410, 'GONE');
    expect(((await new ApiClient(h.app).get(`/api/invites/${created.token}`)).body as InviteView).state).toBe('used');
    await h.services.members.remove(cohort.id, (first.body as { session: { me: { id: string } } }).session.me.id);
  });

  test('invites expire after 14 days by default', async () => {
    const created = await invite();
    h.clock.advance(13 * DAY);
    expect(((await new ApiClient(h.app).get(`/api/invites/${created.token}`)).body as InviteView).state).toBe('valid');
    h.clock.advance(1 * DAY + 1);
    expect(((await new ApiClient(h.app).get(`/api/invites/${created.token}`)).body as InviteView).state).toBe('expired');
    expectError(await accept(created.token, { displayName: 'Late', account: account() }), 410, 'GONE');
  });

  test('unknown tokens are 404, malformed ones 400', async () => {
    expectError(await new ApiClient(h.app).get(`/api/invites/${'a'.repeat(43)}`), 404, 'NOT_FOUND');
    expectError(await new ApiClient(h.app).get('/api/invites/short'), 400, 'INVALID_PAYLOAD');
  });

  test('a refused acceptance does not use up the link', async () => {
    const created = await invite({ email: 'invited@example.test' });
    expectError(await accept(created.token, { displayName: 'Eve', account: account('eve') }), 403, 'NOT_ALLOWED');
    const taken = await createUser(h, 'taken');
    const clash = await accept(created.token, { displayName: 'Dup', account: { ...account(), email: taken.email } });
    expect(clash.status).toBe(403); // wrong email for this invite, still refused before claiming
    expectError(await accept(created.token, { displayName: 'Fran', account: { ...account(), email: 'invited@example.test' } }), 409, 'CONFLICT');
    expect(await h.services.users.findByEmail('invited@example.test')).toBeNull(); // the half-made account was undone
    const ok = await accept(created.token, { displayName: 'Ivy', account: { ...account(), email: 'invited@example.test' } });
    expect(ok.status).toBe(201);
    await h.services.members.remove(cohort.id, (ok.body as { session: { me: { id: string } } }).session.me.id);
  });

  test('an existing account joins another cohort while signed in (with CSRF), and cannot join twice', async () => {
    const user = await createUser(h, 'returning');
    const client = await clientFor(h, user);
    const created = await invite({ role: 'facilitator' });
    expectError(await client.post(`/api/invites/${created.token}/accept`, { displayName: 'Rita' }, { csrf: false }), 403, 'CSRF');
    expectError(await accept(created.token, { displayName: 'Rita', account: account() }, client), 409, 'CONFLICT');
    const res = await accept(created.token, { displayName: 'Rita' }, client);
    expect(res.status).toBe(201);
    expect((await client.get(`/api/cohorts/${cohort.id}`)).body).toMatchObject({ role: 'facilitator' });
    expectError(await accept((await invite()).token, { displayName: 'Rita again' }, client), 409, 'CONFLICT');
    await h.services.members.remove(cohort.id, user.id);
  });

  test('signed out without account details is 401 and keeps the invite', async () => {
    const created = await invite();
    expectError(await accept(created.token, { displayName: 'Nobody' }), 401, 'UNAUTHENTICATED');
    expect(((await new ApiClient(h.app).get(`/api/invites/${created.token}`)).body as InviteView).state).toBe('valid');
  });

  test('capacity counts members, not facilitators; a full cohort refuses and keeps the invite', async () => {
    const full = await createCohort(h, admin, { name: 'Small', capacity: 2 });
    const fac = await createUser(h, 'smallfac');
    await addMember(h, full, fac, 'facilitator', 'Fay');
    const f = await clientFor(h, fac);
    const make = async (role = 'member') => ((await f.post(`/api/cohorts/${full.id}/invites`, { role })).body as CreatedInvite).token;
    expect((await accept(await make(), { displayName: 'One', account: account() })).status).toBe(201);
    expect((await accept(await make(), { displayName: 'Two', account: account() })).status).toBe(201);
    const third = await make();
    expectError(await accept(third, { displayName: 'Three', account: account() }), 409, 'ROOM_FULL');
    expect(((await new ApiClient(h.app).get(`/api/invites/${third}`)).body as InviteView).state).toBe('valid');
    expect((await accept(await make('facilitator'), { displayName: 'Co-fac', account: account() })).status).toBe(201);
  });

  test('display names are unique within a cohort', async () => {
    const created = await invite();
    expectError(await accept(created.token, { displayName: 'fran', account: account() }), 409, 'CONFLICT');
  });

  test('two people racing for one link: exactly one gets in', async () => {
    const created = await invite();
    const results = await Promise.all([
      accept(created.token, { displayName: 'Racer A', account: account() }),
      accept(created.token, { displayName: 'Racer B', account: account() }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 410]);
    const names = Object.values(await h.services.members.all(cohort.id)).map((m) => m.displayName);
    expect(names.filter((x) => x.startsWith('Racer'))).toHaveLength(1);
  });
});
