import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../../editor/app/route';
import { safeNext } from '../../../editor/auth/SignIn';

describe('records and settings routes', () => {
  it('parses and writes the records list, board, record and Slack settings hashes', () => {
    for (const hash of [
      '#/records/deals',
      '#/records/deals?view=board&pipeline=p1',
      '#/records/contacts/k1',
      '#/settings/slack',
    ]) {
      expect(routeHref(parseRoute(hash))).toBe(hash);
    }
    expect(parseRoute('#/records/deals/d1')).toEqual({ name: 'record', module: 'deals', id: 'd1' });
    expect(parseRoute('#/settings/slack?connected=w1')).toEqual({ name: 'slackSettings' });
  });
});

describe('sign-in next parameter', () => {
  it('continues to a path of this site and ignores anything that leaves it', () => {
    expect(safeNext('?next=%2Fintegrations%2Fslack%2Flink%2Fabc')).toBe('/integrations/slack/link/abc');
    expect(safeNext('?next=%2F%23%2Fsettings%2Fslack')).toBe('/#/settings/slack');
    expect(safeNext('?next=%2F%2Fevil.example')).toBeUndefined();
    expect(safeNext('?next=https%3A%2F%2Fevil.example')).toBeUndefined();
    expect(safeNext('?next=%2F%5Cevil.example')).toBeUndefined();
    expect(safeNext('')).toBeUndefined();
  });
});
